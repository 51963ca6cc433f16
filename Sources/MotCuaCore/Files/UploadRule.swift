/// The kinds of file a dossier may carry, recognised by their first bytes rather than by their name.
public enum UploadedFileKind: String, Sendable, Codable, CaseIterable {
    case pdf
    case jpeg
    case png

    /// The media type sent back when the file is downloaded.
    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    /// The file name extension used in the file store.
    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .jpeg: "jpg"
        case .png: "png"
        }
    }

    /// The kind whose signature the bytes start with, or `nil` for anything else.
    public static func detect<Bytes: Collection>(_ bytes: Bytes) -> UploadedFileKind? where Bytes.Element == UInt8 {
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0x25, 0x50, 0x44, 0x46, 0x2D]) { return .pdf } // "%PDF-"
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        return nil
    }
}

/// The checks every upload passes before it is stored.
public enum UploadRule {
    /// The largest file accepted: 20 MB, as the one-stop desk's scans require.
    public static let maximumBytes = 20 * 1024 * 1024

    /// Returns the file's kind, or a Vietnamese reason why it is refused.
    public static func check<Bytes: Collection>(_ bytes: Bytes, fileName: String) -> Result<UploadedFileKind, UploadProblem> where Bytes.Element == UInt8 {
        if bytes.isEmpty { return .failure(UploadProblem(message: "Tệp \"\(fileName)\" rỗng.")) }
        if bytes.count > maximumBytes {
            return .failure(UploadProblem(message: "Tệp \"\(fileName)\" quá lớn: tối đa 20 MB."))
        }
        guard let kind = UploadedFileKind.detect(bytes) else {
            return .failure(UploadProblem(message: "Tệp \"\(fileName)\" không phải PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp, không theo tên)."))
        }
        return .success(kind)
    }
}

/// Why an upload was refused.
public struct UploadProblem: Error, Sendable, Equatable {
    public let message: String
}

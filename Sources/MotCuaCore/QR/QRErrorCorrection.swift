import Foundation

/// How much of a QR Code can be damaged and still be read (ISO/IEC 18004:2015, 5.3.2 and Table 9).
public enum QRErrorCorrection: String, Sendable, Hashable, CaseIterable, Codable {
    /// Level L: about 7 % of the codewords can be restored.
    case low = "L"
    /// Level M: about 15 % of the codewords can be restored; the default for printed receipts.
    case medium = "M"
    /// Level Q: about 25 % of the codewords can be restored.
    case quartile = "Q"
    /// Level H: about 30 % of the codewords can be restored.
    case high = "H"

    /// The two bits that name the level in the format information (ISO/IEC 18004:2015, Table 12).
    var formatBits: Int {
        switch self {
        case .low: 0b01
        case .medium: 0b00
        case .quartile: 0b11
        case .high: 0b10
        }
    }

    /// Position of the level in the rows of ``QRTables``.
    var tableIndex: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .quartile: 2
        case .high: 3
        }
    }
}

/// Why a QR Code could not be made, worded in Vietnamese for the officer who sees it.
public enum QRCodeError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    /// The text needs more bytes than the largest symbol (version 40) holds at the level.
    case dataTooLong(byteCount: Int, maximumByteCount: Int, errorCorrection: QRErrorCorrection)

    /// The problem in one Vietnamese sentence.
    public var message: String {
        switch self {
        case let .dataTooLong(byteCount, maximumByteCount, errorCorrection):
            "Nội dung quá dài để tạo mã QR: \(byteCount) byte, mức sửa lỗi \(errorCorrection.rawValue) "
                + "chỉ chứa được tối đa \(maximumByteCount) byte."
        }
    }

    /// The message, as printed in logs.
    public var description: String { message }

    /// The message, for Foundation's error presentation.
    public var errorDescription: String? { message }
}

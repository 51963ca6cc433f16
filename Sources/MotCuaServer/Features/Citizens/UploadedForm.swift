import Foundation
import Vapor

/// A multipart form read once: its files (fields named `file…`) and its text fields.
///
/// Reading each field with `req.content.get` parses the whole body again, which for a form of 20 MB scans is slow;
/// this reads it in one pass.
struct UploadedForm: Decodable {
    let files: [String: File]
    let fields: [String: String]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var files: [String: File] = [:]
        var fields: [String: String] = [:]
        for key in container.allKeys {
            if key.stringValue.hasPrefix("file"), let file = try? container.decode(File.self, forKey: key) {
                if file.data.readableBytes > 0 { files[key.stringValue] = file }
            } else if let text = try? container.decode(String.self, forKey: key) {
                fields[key.stringValue] = text
            }
        }
        self.files = files
        self.fields = fields
    }

    /// The bytes of a file field, or `nil` when none was chosen.
    func bytes(of field: String) -> (name: String, bytes: [UInt8])? {
        files[field].map { ($0.filename, Array($0.data.readableBytesView)) }
    }
}

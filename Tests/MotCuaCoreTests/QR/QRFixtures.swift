import Foundation
import Testing

/// A reference symbol made by segno (see Fixtures/make-fixtures.py).
struct QRReferenceSymbol: CustomTestStringConvertible, Sendable {
    let name: String
    let level: String
    let version: Int
    let mask: Int
    let text: String
    /// Rows of modules, top to bottom; `true` is dark.
    let rows: [[Bool]]

    var testDescription: String { "\(name) (\(version)-\(level), mask \(mask))" }
}

/// Reads the fixtures beside this file, so the tests need no bundle resources.
enum QRFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static let symbolNames = [
        "short-L", "digits-M", "fits-1M-14", "needs-2M-15", "17-char-Q",
        "url-L", "url-M", "url-Q", "url-H", "vietnamese-M",
        "78-char-Q", "150-char-M", "150-char-H", "250-char-L", "250-char-Q", "250-char-H",
        "1200-char-M", "2900-char-L",
    ]

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func symbol(_ name: String) throws -> QRReferenceSymbol {
        let lines = try text("\(name).txt").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func field(_ index: Int, _ key: String) throws -> String {
            let line = try #require(lines.indices.contains(index) ? lines[index] : nil)
            #expect(line.hasPrefix(key + " "), "\(name): line \(index + 1) should start with \(key)")
            return String(line.dropFirst(key.count + 1))
        }
        let rows = lines.dropFirst(4).filter { !$0.isEmpty }.map { $0.map { $0 == "1" } }
        return QRReferenceSymbol(
            name: name,
            level: try field(0, "level"),
            version: try #require(Int(try field(1, "version"))),
            mask: try #require(Int(try field(2, "mask"))),
            text: try field(3, "text"),
            rows: rows
        )
    }

    /// Lines of tables.txt starting with `kind`, split into their fields after the kind.
    static func tableRows(_ kind: String) throws -> [[String]] {
        try text("tables.txt").split(separator: "\n")
            .map { $0.split(separator: " ").map(String.init) }
            .filter { $0.first == kind }
            .map { Array($0.dropFirst()) }
    }
}

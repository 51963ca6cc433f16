import Foundation

/// Why a catalog file was refused: every problem found, each with its line, so that the person who prepared
/// the file can fix them all in one pass. When there is any problem nothing is imported.
public struct CatalogImportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One problem in one line of the file.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// The 1-based line the problem is on; the header is line 1. A record whose quoted cells span
        /// several lines is reported at the line it starts on.
        public let line: Int
        /// The column the problem is in, when it is in one.
        public let column: String?
        /// What is wrong, in Vietnamese.
        public let message: String

        /// A problem at `line`, optionally in `column`.
        public init(line: Int, column: String? = nil, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }

        /// "Dòng 3, cột fee_kind: …".
        public var description: String {
            if let column { return "Dòng \(line), cột \(column): \(message)" }
            return "Dòng \(line): \(message)"
        }
    }

    /// The problems, in the order of the file.
    public let problems: [Problem]

    /// An error made of `problems`.
    public init(_ problems: [Problem]) {
        self.problems = problems
    }

    /// The lines that have at least one problem, in order.
    public var lines: [Int] {
        var seen = Set<Int>()
        return problems.map(\.line).filter { seen.insert($0).inserted }
    }

    /// All problems, one per line of text.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

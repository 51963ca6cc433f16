import Foundation

/// A table of a report as exports write it: a title, column headings and rows of cells.
public struct ReportTable: Sendable, Equatable {
    /// A cell: text, or a number that spreadsheets can add up.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)

        /// The cell as CSV writes it: numbers with a dot for decimals, so that any program reads them back.
        var plain: String {
            switch self {
            case .text(let text): text
            case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            }
        }
    }

    /// The sheet's name in a workbook (at most 31 characters, no `[]:*?/\`).
    public let name: String
    public let title: String
    public let columns: [String]
    public let rows: [[Cell]]

    /// Creates a table.
    public init(name: String, title: String, columns: [String], rows: [[Cell]]) {
        self.name = name
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}

/// Writes report tables as CSV: UTF-8 with a byte-order mark (so that Excel reads Vietnamese), comma-separated,
/// fields quoted when needed (RFC 4180), each table after its title and a blank line between tables.
public enum ReportCSV {
    /// The text of the file.
    public static func make(_ tables: [ReportTable]) -> String {
        var lines: [String] = []
        for (index, table) in tables.enumerated() {
            if index > 0 { lines.append("") }
            lines.append(line([table.title]))
            lines.append(line(table.columns))
            for row in table.rows { lines.append(line(row.map(\.plain))) }
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func line(_ fields: [String]) -> String {
        fields.map { field in
            // A leading = + - @ would run as a formula in a spreadsheet; a quote mark keeps it text.
            var value = field
            if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}

import Foundation

/// One record of a CSV text, with the line it starts on (1-based) for error messages.
struct CSVRecord: Equatable {
    /// The physical line the record starts on; a quoted cell may carry it over several lines.
    var line: Int
    /// The cells, unquoted.
    var fields: [String]
    /// What is wrong with the record's quoting, in Vietnamese, if anything.
    var problem: String?
}

/// Reading and writing CSV as RFC 4180 defines it: comma-separated cells, cells that hold commas, quotes or
/// line breaks are quoted, and a quote inside a quoted cell is doubled. Line breaks may be CRLF, LF or CR.
/// A leading UTF-8 byte order mark (which Excel writes) is ignored; blank lines are skipped.
public enum CSVText {
    /// The records of `text`. A record with broken quoting is still returned, with its `problem` set, so
    /// that the caller can report it and go on with the others.
    static func records(in text: String) -> [CSVRecord] {
        // Scalars, not Characters: Swift treats "\r\n" as one Character, which would hide line breaks.
        var scalars = Array(text.unicodeScalars)[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }

        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var problem: String?
        var inQuotes = false
        var fieldWasQuoted = false
        var afterClosingQuote = false

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
            afterClosingQuote = false
        }
        func endRecord() {
            let isBlankLine = fields.count == 1 && problem == nil
                && fields[0].allSatisfy { $0 == " " || $0 == "\t" }
            if !isBlankLine { records.append(CSVRecord(line: recordLine, fields: fields, problem: problem)) }
            fields = []
            problem = nil
        }

        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index) < scalars.endIndex ? scalars[scalars.index(after: index)] : nil
            if inQuotes {
                if scalar == "\"" {
                    if next == "\"" {
                        field.append("\"")
                        index = scalars.index(after: index)
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                    }
                } else {
                    // A line break inside a quoted cell is data, but still a new physical line.
                    if scalar == "\n" || (scalar == "\r" && next != "\n") { line += 1 }
                    field.append(scalar)
                }
            } else {
                switch scalar {
                case ",":
                    endField()
                case "\r", "\n":
                    if scalar == "\r", next == "\n" { index = scalars.index(after: index) }
                    endField()
                    endRecord()
                    line += 1
                    recordLine = line
                case "\"" where field.isEmpty && !fieldWasQuoted:
                    inQuotes = true
                    fieldWasQuoted = true
                default:
                    if problem == nil {
                        if scalar == "\"" {
                            problem = "Dấu ngoặc kép đặt sai chỗ: ô có dấu ngoặc kép phải được bao trong ngoặc kép "
                                + "và nhân đôi dấu bên trong (\"\")."
                        } else if afterClosingQuote {
                            problem = "Có ký tự sau dấu ngoặc kép đóng ô; ô phải kết thúc ngay sau dấu ngoặc kép."
                        }
                    }
                    field.append(scalar)
                }
            }
            index = scalars.index(after: index)
        }
        if inQuotes {
            problem = "Ô mở dấu ngoặc kép nhưng không đóng đến hết tệp."
        }
        if inQuotes || !field.isEmpty || !fields.isEmpty || fieldWasQuoted {
            endField()
            endRecord()
        }
        return records
    }

    /// One CSV line (without its line break) of `fields`, quoted where RFC 4180 requires.
    public static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",")
    }

    /// One CSV line of text that people typed: a cell starting with `=`, `+`, `-` or `@` gets a leading apostrophe,
    /// so that a spreadsheet shows it as text instead of running it as a formula (CSV injection).
    public static func safeLine(_ fields: [String]) -> String {
        line(fields.map { field in
            guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field }
            return "'" + field
        })
    }

    /// `field` quoted if it holds a comma, a quote or a line break, with inner quotes doubled.
    static func quoted(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return field }
        // Scalar by scalar: a quote followed by a combining mark is one Character, which a String replacement misses.
        var result = String.UnicodeScalarView()
        result.append("\"")
        for scalar in field.unicodeScalars {
            result.append(scalar)
            if scalar == "\"" { result.append("\"") }
        }
        result.append("\"")
        return String(result)
    }
}

import Foundation

/// Reading and writing the cells of catalog CSV files that hold more than plain text. Each reader returns
/// the value or a Vietnamese message saying what is wrong and what was expected.
enum CatalogCells {
    // MARK: - Numbers

    /// An amount in đồng: digits, optionally grouped by dots ("50000" or "50.000"); never a fraction.
    static func amount(_ text: String) -> Result<Int64, CellProblem> {
        let groups = text.split(separator: ".", omittingEmptySubsequences: false)
        let groupingIsValid = groups.count == 1
            || (groups[0].count >= 1 && groups[0].count <= 3 && groups.dropFirst().allSatisfy { $0.count == 3 })
        let digits = groups.joined()
        guard groupingIsValid, !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let value = Int64(digits) else {
            return .failure(CellProblem("Số tiền \"\(text)\" không hợp lệ: ghi số đồng nguyên, ví dụ 50000 hoặc 50.000."))
        }
        return .success(value)
    }

    /// A whole number within `range`.
    static func integer(_ text: String, in range: ClosedRange<Int>, what: String) -> Result<Int, CellProblem> {
        guard text.allSatisfy(\.isASCIIDigit), let value = Int(text), range.contains(value) else {
            return .failure(CellProblem("\(what) \"\(text)\" phải là số nguyên từ \(range.lowerBound) đến \(range.upperBound)."))
        }
        return .success(value)
    }

    // MARK: - Processing time

    /// The spelling of `ProcessingTime.sameDay` in CSV files.
    static let sameDay = "same_day"

    /// `same_day` (also "trong ngày") or a number of working days from 1.
    static func processingTime(_ text: String) -> Result<ProcessingTime, CellProblem> {
        let folded = VietnameseText.folded(text.replacingOccurrences(of: "_", with: " "))
        if folded == "same day" || folded == "trong ngay" { return .success(.sameDay) }
        guard text.allSatisfy(\.isASCIIDigit), let days = Int(text),
              (1...WorkingDayCalendar.maximumWorkingDays).contains(days)
        else {
            return .failure(CellProblem("Thời hạn giải quyết \"\(text)\" không hợp lệ: ghi \(sameDay) (trong ngày) "
                + "hoặc số ngày làm việc từ 1 trở lên."))
        }
        return .success(.workingDays(days))
    }

    /// The CSV spelling of a processing time.
    static func text(of processingTime: ProcessingTime) -> String {
        switch processingTime {
        case .sameDay: sameDay
        case .workingDays(let days): String(days)
        }
    }

    // MARK: - Per-page fee

    /// A per-page fee as four numbers separated by semicolons: rate of the first pages; how many pages are
    /// charged at that rate; rate of each later page; maximum per copy. "2000;2;1000;200000" is the
    /// certified-copy fee of TT 226/2016/TT-BTC.
    static func perPageFee(_ text: String) -> Result<PerPageFee, CellProblem> {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let expected = "ghi 4 số cách nhau bởi dấu chấm phẩy: phí mỗi trang đầu; số trang đầu; "
            + "phí mỗi trang tiếp theo; mức tối đa mỗi bản, ví dụ 2000;2;1000;200000"
        guard parts.count == 4,
              case .success(let firstRate) = amount(parts[0]),
              case .success(let firstCount) = integer(parts[1], in: 0...1_000, what: "Số trang đầu"),
              case .success(let laterRate) = amount(parts[2]),
              case .success(let maximum) = amount(parts[3])
        else {
            return .failure(CellProblem("Phí theo trang \"\(text)\" không hợp lệ: \(expected)."))
        }
        return .success(PerPageFee(firstPagesRate: firstRate, firstPageCount: firstCount,
                                   laterPagesRate: laterRate, maximumPerCopy: maximum))
    }

    /// The CSV spelling of a per-page fee.
    static func text(of fee: PerPageFee) -> String {
        "\(fee.firstPagesRate);\(fee.firstPageCount);\(fee.laterPagesRate);\(fee.maximumPerCopy)"
    }

    // MARK: - Documents

    /// The required documents of one cell: documents separated by `;`, the parts of each by `|`:
    /// `name|form|copies|template`, where `form` is `original`, `copy` or `original_or_copy` (or
    /// `ban_chinh`, `ban_sao`, `ban_chinh_hoac_ban_sao`), `copies` defaults to 1 and `template` is optional.
    /// A backslash escapes `;`, `|` or itself inside a name.
    static func documents(_ text: String) -> Result<[RequiredDocument], CellProblem> {
        var documents: [RequiredDocument] = []
        var problems: [String] = []
        for (position, entry) in splitEscaped(text, on: ";").enumerated() {
            let parts = splitEscaped(entry, on: "|").map { unescape($0).trimmingCharacters(in: .whitespacesAndNewlines) }
            if parts.allSatisfy(\.isEmpty) { continue }
            let label = "Giấy tờ thứ \(position + 1)"
            guard (2...4).contains(parts.count) else {
                problems.append("\(label) \"\(unescape(entry))\" phải có dạng Tên giấy tờ|dạng bản|số lượng|mẫu tờ khai.")
                continue
            }
            guard !parts[0].isEmpty else { problems.append("\(label) thiếu tên giấy tờ."); continue }
            guard let form = DocumentForm.matching(parts[1]) else {
                problems.append("\(label) \"\(parts[0])\" có dạng bản \"\(parts[1])\" không hợp lệ; dùng "
                    + "\(DocumentForm.spellingsForMessages).")
                continue
            }
            var copies = 1
            if parts.count >= 3, !parts[2].isEmpty {
                switch integer(parts[2], in: 1...100, what: "Số lượng của \"\(parts[0])\"") {
                case .success(let value): copies = value
                case .failure(let problem): problems.append(problem.message); continue
                }
            }
            let template = parts.count == 4 && !parts[3].isEmpty ? parts[3] : nil
            documents.append(RequiredDocument(name: parts[0], form: form, copies: copies, formTemplate: template))
        }
        if !problems.isEmpty { return .failure(CellProblem(problems.joined(separator: " "))) }
        return .success(documents)
    }

    /// The CSV spelling of required documents, which `documents(_:)` reads back unchanged.
    static func text(of documents: [RequiredDocument]) -> String {
        documents.map { document in
            var parts = [escape(document.name), document.form.rawValue, String(document.copies)]
            if let template = document.formTemplate { parts.append(escape(template)) }
            return parts.joined(separator: "|")
        }.joined(separator: "; ")
    }

    /// `text` split at each `separator` not preceded by a backslash; escapes are kept for `unescape`.
    private static func splitEscaped(_ text: String, on separator: Character) -> [String] {
        var pieces: [String] = []
        var current = ""
        var escaping = false
        for character in text {
            if escaping {
                current.append(character)
                escaping = false
            } else if character == "\\" {
                current.append(character)
                escaping = true
            } else if character == separator {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces
    }

    private static func unescape(_ text: String) -> String {
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                if character != ";" && character != "|" && character != "\\" { result.append("\\") }
                result.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        if escaping { result.append("\\") }
        return result
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: "|", with: "\\|")
    }
}

/// A Vietnamese message about one cell.
struct CellProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

fileprivate extension Character {
    /// Whether this is one of the ASCII digits 0–9 (not any Unicode digit, which `Int(_:)` would refuse).
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

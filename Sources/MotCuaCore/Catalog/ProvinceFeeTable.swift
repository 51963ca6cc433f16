import Foundation

/// A fee set by a provincial People's Council for one procedure.
///
/// Only a resolution of the provincial People's Council sets these amounts (Luật Phí và lệ phí 2015 Điều 21
/// khoản 2), so an amount whose source names no resolution, or is marked unverified, is never charged: it is
/// kept as a row of the file, and `ProvinceFeeTable.fee(for:)` does not return it.
public struct ProvinceFee: Hashable, Sendable {
    /// The national procedure code.
    public var procedureCode: String
    /// The amount in đồng, per case (0 when the province waives it).
    public var amount: Int64
    /// The lower amount the resolution sets for a dossier submitted online, if it sets one.
    public var onlineAmount: Int64?
    /// When the amount applies, e.g. "đăng ký khai sinh quá hạn".
    public var condition: String?
    /// The resolution (nghị quyết HĐND tỉnh) the amount comes from; "[check]" when unverified.
    public var source: String

    /// A province fee.
    public init(procedureCode: String, amount: Int64, onlineAmount: Int64? = nil, condition: String? = nil, source: String) {
        self.procedureCode = procedureCode
        self.amount = amount
        self.onlineAmount = onlineAmount
        self.condition = condition
        self.source = source
    }

    /// The number of the resolution named in `source`, e.g. "85/2021/NQ-HĐND"; `nil` when the source names
    /// none or is marked "[check]".
    public var resolutionNumber: String? {
        guard !source.contains("[check]") else { return nil }
        return Self.resolutionNumber(in: source)
    }

    /// Whether the amount may be charged and printed: its resolution is named.
    public var isInForce: Bool { resolutionNumber != nil }

    /// The amount per case for a dossier that reached the commune through `channel`: the online amount for an
    /// online dossier when the resolution sets one, the amount otherwise.
    public func amount(for channel: IntakeChannel) -> Int64 {
        channel == .online ? onlineAmount ?? amount : amount
    }

    /// The first "<number>/<year>/NQ-HĐND" in `text` (the form of a resolution's number, Luật Ban hành văn bản
    /// quy phạm pháp luật), or `nil`.
    static func resolutionNumber(in text: String) -> String? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == "(" || $0 == ")" })
        for word in words {
            let parts = word.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3,
                  !parts[0].isEmpty, parts[0].allSatisfy(\.isASCIIDigit),
                  parts[1].count == 4, parts[1].allSatisfy(\.isASCIIDigit),
                  parts[2].uppercased().hasPrefix("NQ-HĐND") else { continue }
            return String(word).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        return nil
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// The fees one province sets for its procedures (lệ phí hộ tịch, lệ phí đăng ký hộ kinh doanh…), read from
/// `Resources/catalog/fees-<province code>.csv` with the header `procedure_code,amount,condition,source`.
///
/// The Law on Fees and Charges 2015 (art. 21) and TT 85/2019/TT-BTC leave these amounts to each province,
/// so they are data per province, never code.
public struct ProvinceFeeTable: Hashable, Sendable {
    /// The province's administrative code, e.g. "33" for Hưng Yên.
    public let provinceCode: String
    /// The fees by procedure code.
    public let feesByCode: [String: ProvinceFee]

    /// A table of `fees`; a later fee for the same code replaces an earlier one.
    public init(provinceCode: String, fees: [ProvinceFee]) {
        self.provinceCode = provinceCode
        self.feesByCode = Dictionary(fees.map { ($0.procedureCode, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The province's fee for a procedure, if a resolution sets one; a row whose resolution is not named is
    /// not a fee (see `ProvinceFee`).
    public func fee(for procedureCode: String) -> ProvinceFee? {
        feesByCode[procedureCode].flatMap { $0.isInForce ? $0 : nil }
    }

    /// The row of the file for a procedure, in force or not: staff pages show a placeholder as what it is.
    public func recordedFee(for procedureCode: String) -> ProvinceFee? {
        feesByCode[procedureCode]
    }

    /// The columns of a province fee file.
    public static let header = "procedure_code,amount,condition,source"
    /// The columns of a province fee file whose resolution sets a lower amount for online dossiers.
    public static let headerWithOnlineAmount = "procedure_code,amount,online_amount,condition,source"

    /// The table in a province fee file, or every problem of the file with its line (header is line 1).
    public static func parse(_ text: String, provinceCode: String) -> Result<ProvinceFeeTable, CatalogImportError> {
        let records = CSVText.records(in: text)
        let expected = header.split(separator: ",").map(String.init)
        guard let headerRecord = records.first else {
            return .failure(CatalogImportError([.init(line: 1, message: "Tệp trống: thiếu dòng tiêu đề.")]))
        }
        let names = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let withOnlineAmount = headerWithOnlineAmount.split(separator: ",").map(String.init)
        guard names == expected || names == withOnlineAmount else {
            return .failure(CatalogImportError([.init(line: 1, message: "Tiêu đề phải là \(header) hoặc \(headerWithOnlineAmount).")]))
        }
        let columns = names
        var fees: [ProvinceFee] = []
        var problems: [CatalogImportError.Problem] = []
        var lineOfCode: [String: Int] = [:]
        for record in records.dropFirst() {
            if let problem = record.problem {
                problems.append(.init(line: record.line, message: problem))
                continue
            }
            guard record.fields.count == columns.count else {
                problems.append(.init(line: record.line, message: "Dòng có \(record.fields.count) ô, tiêu đề có \(columns.count) cột."))
                continue
            }
            var cells = record.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let before = problems.count
            var onlineAmount: Int64?
            if columns.count == withOnlineAmount.count {
                let onlineCell = cells.remove(at: 2)
                if !onlineCell.isEmpty {
                    switch CatalogCells.amount(onlineCell) {
                    case .success(let value): onlineAmount = value
                    case .failure(let problem): problems.append(.init(line: record.line, column: "online_amount", message: problem.message))
                    }
                }
            }
            let code = cells[0]
            if !ProcedureDefinition.isValidCode(code) {
                problems.append(.init(line: record.line, column: expected[0], message: "Mã thủ tục \"\(code)\" không đúng dạng 1.001193."))
            } else if let first = lineOfCode[code] {
                problems.append(.init(line: record.line, column: expected[0], message: "Mã thủ tục \(code) trùng với dòng \(first)."))
            } else {
                lineOfCode[code] = record.line
            }
            var amount: Int64 = 0
            switch CatalogCells.amount(cells[1]) {
            case .success(let value): amount = value
            case .failure(let problem): problems.append(.init(line: record.line, column: expected[1], message: problem.message))
            }
            if let onlineAmount, onlineAmount > amount {
                problems.append(.init(line: record.line, column: "online_amount", message: "Mức thu trực tuyến \(VND.format(onlineAmount)) cao hơn mức thu tại quầy \(VND.format(amount))."))
            }
            if cells[3].isEmpty {
                problems.append(.init(line: record.line, column: expected[3], message: "Thiếu nguồn: ghi nghị quyết HĐND tỉnh quy định mức thu."))
            }
            if problems.count == before {
                fees.append(ProvinceFee(procedureCode: code, amount: amount, onlineAmount: onlineAmount,
                                        condition: cells[2].isEmpty ? nil : cells[2], source: cells[3]))
            }
        }
        return problems.isEmpty ? .success(ProvinceFeeTable(provinceCode: provinceCode, fees: fees))
            : .failure(CatalogImportError(problems))
    }

    /// The table shipped for `provinceCode`, or `nil` when none is shipped.
    public static func loadBundled(provinceCode: String) throws -> ProvinceFeeTable? {
        guard let text = try CatalogResources.text(ofFile: "fees-\(provinceCode).csv") else { return nil }
        return try parse(text, provinceCode: provinceCode).get()
    }
}

/// The shipped catalog files under `Resources/catalog`.
enum CatalogResources {
    /// The folder of the shipped catalog files. The target copies its `Resources` folder whole; Foundation
    /// on macOS reports the bundle root as `resourceURL`, so the files are under `Resources/catalog`, while
    /// swift-corelibs-foundation on Linux takes the `Resources` subfolder as `resourceURL`, so they are under
    /// `catalog`. Both are tried, as `WorkingDayCalendar.bundledScheduleFolder` does.
    static func folder() -> URL? {
        guard let resources = Bundle.module.resourceURL else { return nil }
        return ["Resources/catalog", "catalog"]
            .map { resources.appendingPathComponent($0, isDirectory: true) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The UTF-8 text of a shipped file, or `nil` when there is no such file.
    static func text(ofFile name: String) throws -> String? {
        guard let url = folder()?.appendingPathComponent(name), FileManager.default.fileExists(atPath: url.path) else {
            return nil
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}

import Foundation

/// The procedure catalog as a CSV file (RFC 4180, UTF-8 with or without a byte order mark), so that a
/// province can republish its list after each legal change without a new release of MotCua.
///
/// The header names the columns, in any order (`Column`); one row per procedure:
///
/// | column | content |
/// |---|---|
/// | `code` | national code, `1.001193` |
/// | `name` | name as published |
/// | `field` | `ProcedureDefinition.Field` raw value or Vietnamese name (`civil_status` / `Hộ tịch`) |
/// | `level` | `commune` (default when empty) or `province` |
/// | `processing_time` | `same_day`, or working days (`3`) |
/// | `verification_extra_days` | extra working days when verification is needed, or empty |
/// | `cut_off_hour` | hour after which intake counts for the next working day; empty: 15 same-day, else 17 |
/// | `fee_kind` | `free`, `fixed`, `per_case`, `per_page`, `province` |
/// | `fee_amount` | đồng for `fixed`/`per_case` (`50000` or `50.000`); for `per_page` `2000;2;1000;200000` |
/// | `fee_unit` | unit of `per_case`, e.g. `trường hợp` |
/// | `fee_condition` | when the fee applies or is waived |
/// | `documents` | `Tên giấy tờ|original|1|Mẫu tờ khai; …` (see below) |
/// | `department` | `office`, `economy`, `culture_society`, `service_center`, `police` |
/// | `online_level` | `full`, `partial`, `counter_only` (default when empty) |
/// | `result` | what the applicant receives |
/// | `legal_basis` | the legal texts |
/// | `source` | where the row's facts come from; "[check]" marks what is unverified |
///
/// `documents` holds every required document in one cell: documents separated by `;`, parts by `|`:
/// name, form (`original`/`copy`/`original_or_copy`, or `ban_chinh`/`ban_sao`/`ban_chinh_hoac_ban_sao`),
/// number of copies (default 1) and the official form's name (optional). A backslash escapes `;`, `|` and
/// itself. Leading and trailing spaces of every cell are ignored.
public enum ProcedureCatalogCSV {
    /// The columns of a catalog file; raw values are the header names.
    public enum Column: String, CaseIterable, Sendable {
        case code, name, field, level
        case processingTime = "processing_time"
        case verificationExtraDays = "verification_extra_days"
        case cutOffHour = "cut_off_hour"
        case feeKind = "fee_kind"
        case feeAmount = "fee_amount"
        case feeUnit = "fee_unit"
        case feeCondition = "fee_condition"
        case documents, department
        case onlineLevel = "online_level"
        case result
        case legalBasis = "legal_basis"
        case source

        /// Columns a file must have; the others may be left out and are then empty.
        public static let required: [Column] = [.code, .name, .field, .processingTime, .feeKind, .department, .source]
    }

    /// The header line `serialize` writes: every column, in declaration order.
    public static let header = CSVText.line(Column.allCases.map(\.rawValue))

    /// The procedures of a catalog file, or every problem found in it with its line number (the header is
    /// line 1). Nothing is imported when any row is bad.
    public static func parse(_ text: String) -> Result<[ProcedureDefinition], CatalogImportError> {
        let records = CSVText.records(in: text)
        guard let headerRecord = records.first else {
            return .failure(CatalogImportError([.init(line: 1, message: "Tệp trống: thiếu dòng tiêu đề.")]))
        }
        let columns: [Column]
        switch readHeader(headerRecord) {
        case .success(let read): columns = read
        case .failure(let error): return .failure(error)
        }

        var procedures: [ProcedureDefinition] = []
        var problems: [CatalogImportError.Problem] = []
        var lineOfCode: [String: Int] = [:]
        for record in records.dropFirst() {
            if let problem = record.problem {
                problems.append(.init(line: record.line, message: problem))
                continue
            }
            guard record.fields.count == columns.count else {
                problems.append(.init(line: record.line, message: "Dòng có \(record.fields.count) ô, "
                    + "trong khi tiêu đề có \(columns.count) cột (ô có dấu phẩy phải đặt trong ngoặc kép)."))
                continue
            }
            var cells: [Column: String] = [:]
            for (column, value) in zip(columns, record.fields) {
                cells[column] = value.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            var row = RowReader(line: record.line, cells: cells)
            let procedure = row.procedure()
            if let code = cells[.code], !code.isEmpty {
                if let first = lineOfCode[code] {
                    row.report(.code, "Mã thủ tục \(code) trùng với dòng \(first).")
                } else {
                    lineOfCode[code] = record.line
                }
            }
            problems.append(contentsOf: row.problems)
            if row.problems.isEmpty, let procedure { procedures.append(procedure) }
        }
        return problems.isEmpty ? .success(procedures) : .failure(CatalogImportError(problems))
    }

    /// A catalog file of `procedures` with every column, which `parse` reads back equal (for definitions
    /// without leading or trailing spaces in their texts and without empty conditions or templates).
    /// Lines end in CRLF as RFC 4180 says; `byteOrderMark` adds the BOM Excel needs to read UTF-8.
    public static func serialize(_ procedures: [ProcedureDefinition], byteOrderMark: Bool = false) -> String {
        var lines = [header]
        for procedure in procedures {
            lines.append(CSVText.line(Column.allCases.map { cell($0, of: procedure) }))
        }
        return (byteOrderMark ? "\u{FEFF}" : "") + lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func readHeader(_ record: CSVRecord) -> Result<[Column], CatalogImportError> {
        var problems: [CatalogImportError.Problem] = []
        if let problem = record.problem { problems.append(.init(line: record.line, message: problem)) }
        var columns: [Column] = []
        for name in record.fields {
            let key = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard let column = Column(rawValue: key) else {
                problems.append(.init(line: record.line, column: name, message: "Cột không xác định \"\(name)\". "
                    + "Các cột hợp lệ: \(Column.allCases.map(\.rawValue).joined(separator: ", "))."))
                continue
            }
            if columns.contains(column) {
                problems.append(.init(line: record.line, column: key, message: "Cột \"\(key)\" bị lặp lại."))
            }
            columns.append(column)
        }
        for column in Column.required where !columns.contains(column) {
            problems.append(.init(line: record.line, column: column.rawValue,
                                  message: "Thiếu cột bắt buộc \"\(column.rawValue)\"."))
        }
        return problems.isEmpty ? .success(columns) : .failure(CatalogImportError(problems))
    }

    private static func cell(_ column: Column, of procedure: ProcedureDefinition) -> String {
        switch column {
        case .code: procedure.code
        case .name: procedure.name
        case .field: procedure.field.rawValue
        case .level: procedure.level.rawValue
        case .processingTime: CatalogCells.text(of: procedure.processingTime)
        case .verificationExtraDays: procedure.verificationExtraWorkingDays.map(String.init) ?? ""
        case .cutOffHour: String(procedure.cutOffHour)
        case .feeKind: FeeKind(procedure.fee).rawValue
        case .feeAmount:
            switch procedure.fee {
            case .fixed(let amount, _), .perCase(let amount, _, _): String(amount)
            case .perPage(let rate, _): CatalogCells.text(of: rate)
            case .free, .setByProvince: ""
            }
        case .feeUnit:
            if case .perCase(_, let unit, _) = procedure.fee { unit } else { "" }
        case .feeCondition: procedure.fee.condition ?? ""
        case .documents: CatalogCells.text(of: procedure.requiredDocuments)
        case .department: procedure.department.rawValue
        case .onlineLevel: procedure.onlineServiceLevel.rawValue
        case .result: procedure.resultType
        case .legalBasis: procedure.legalBasis
        case .source: procedure.source
        }
    }
}

/// The kinds of `FeeRule`, as the `fee_kind` column spells them.
enum FeeKind: String, CaseIterable {
    case free, fixed
    case perCase = "per_case"
    case perPage = "per_page"
    case province

    init(_ rule: FeeRule) {
        switch rule {
        case .free: self = .free
        case .fixed: self = .fixed
        case .perCase: self = .perCase
        case .perPage: self = .perPage
        case .setByProvince: self = .province
        }
    }
}

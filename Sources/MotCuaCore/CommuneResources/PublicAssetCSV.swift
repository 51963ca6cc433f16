import Foundation

/// One asset read from a CSV row, checked and ready to store.
public struct PublicAssetDraft: Equatable, Sendable {
    public var code: String
    public var name: String
    public var kind: PublicAssetKind
    public var location: String
    public var originalValue: Int64
    public var yearInUse: Int
    public var condition: PublicAssetCondition
    /// The managing unit's name as one of the commune's units spells it; `nil` for an asset without one.
    public var managingUnit: String?
    public var responsiblePerson: String
    public var documents: String

    public init(code: String, name: String, kind: PublicAssetKind, location: String, originalValue: Int64, yearInUse: Int,
                condition: PublicAssetCondition, managingUnit: String?, responsiblePerson: String, documents: String) {
        self.code = code
        self.name = name
        self.kind = kind
        self.location = location
        self.originalValue = originalValue
        self.yearInUse = yearInUse
        self.condition = condition
        self.managingUnit = managingUnit
        self.responsiblePerson = responsiblePerson
        self.documents = documents
    }

    /// Checks the fields of an asset typed in a form or read from a file; returns the problems in Vietnamese.
    public static func validate(code: String, name: String, kind: String, location: String, originalValue: String?, yearInUse: String,
                                condition: String, managingUnit: String?, responsiblePerson: String, documents: String,
                                unitNames: [String], currentYear: Int) -> Result<PublicAssetDraft, ResourceProblems> {
        var problems: [String] = []
        let code = code.trimmingCharacters(in: .whitespaces)
        if code.isEmpty || code.count > 40 { problems.append("Cần mã tài sản (tối đa 40 ký tự).") }
        let name = name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 300 { problems.append("Cần tên tài sản (tối đa 300 ký tự).") }
        let parsedKind = PublicAssetKind.named(kind)
        if parsedKind == nil { problems.append("Loại tài sản \"\(kind)\" không có; dùng một trong: \(PublicAssetKind.allCases.map(\.vietnameseName).joined(separator: ", ")).") }
        let parsedCondition = PublicAssetCondition.named(condition)
        if parsedCondition == nil { problems.append("Tình trạng \"\(condition)\" không có; dùng một trong: \(PublicAssetCondition.allCases.map(\.vietnameseName).joined(separator: ", ")).") }
        var value: Int64 = 0
        switch Money.parse(originalValue) {
        case .success(let amount): value = amount
        case .failure(let problem): problems.append(problem.message(field: "Nguyên giá"))
        }
        let year = Int(yearInUse.trimmingCharacters(in: .whitespaces))
        if year == nil || !(1945...currentYear).contains(year ?? 0) { problems.append("Năm đưa vào sử dụng phải là năm từ 1945 đến \(currentYear).") }
        var unit: String?
        let unitText = (managingUnit ?? "").trimmingCharacters(in: .whitespaces)
        if !unitText.isEmpty {
            unit = unitNames.first { ResourceText.fold($0) == ResourceText.fold(unitText) }
            if unit == nil { problems.append("Đơn vị quản lý \"\(unitText)\" không phải đơn vị của xã; để trống nếu chưa giao.") }
        }
        guard problems.isEmpty, let parsedKind, let parsedCondition, let year else { return .failure(ResourceProblems(problems)) }
        return .success(PublicAssetDraft(code: code, name: name, kind: parsedKind, location: location.trimmingCharacters(in: .whitespaces),
                                         originalValue: value, yearInUse: year, condition: parsedCondition, managingUnit: unit,
                                         responsiblePerson: responsiblePerson.trimmingCharacters(in: .whitespaces),
                                         documents: documents.trimmingCharacters(in: .whitespaces)))
    }
}

/// A problem of an import file, with the line it is on.
public struct CSVLineProblem: Equatable, Sendable {
    public let line: Int
    public let message: String

    /// "Dòng 4: …", as the page lists it.
    public var text: String { line > 0 ? "Dòng \(line): \(message)" : message }
}

/// The problems of an import file, each with its line.
public struct CSVProblems: Error, Equatable, Sendable {
    public let problems: [CSVLineProblem]
    public init(_ problems: [CSVLineProblem]) { self.problems = problems }
}

/// Reading the asset register from the CSV that communes keep in spreadsheets today: all rows or none.
public enum PublicAssetCSV {
    /// The columns, in order, as the header row names them.
    public static let header = ["ma_tai_san", "ten_tai_san", "loai", "dia_diem", "nguyen_gia", "nam_su_dung", "tinh_trang", "don_vi_quan_ly", "nguoi_chiu_trach_nhiem", "giay_to"]

    /// The assets of `text`, or every problem found, each with its line number.
    ///
    /// - Parameters:
    ///   - existingCodes: asset codes the commune already has; a row repeating one is refused.
    ///   - unitNames: the names of the commune's units, for the managing unit column.
    public static func read(_ text: String, existingCodes: Set<String>, unitNames: [String], currentYear: Int, maximumRows: Int = 5000) -> Result<[PublicAssetDraft], CSVProblems> {
        let records = CSVText.records(in: text)
        guard let first = records.first else { return .failure(CSVProblems([CSVLineProblem(line: 0, message: "Tệp không có dữ liệu.")])) }
        let columns = first.fields.map { ResourceText.fold($0).replacingOccurrences(of: " ", with: "_") }
        guard columns == header else {
            return .failure(CSVProblems([CSVLineProblem(line: first.line, message: "Dòng tiêu đề phải là: \(header.joined(separator: ",")).")]))
        }
        let rows = records.dropFirst()
        if rows.isEmpty { return .failure(CSVProblems([CSVLineProblem(line: 0, message: "Tệp chỉ có dòng tiêu đề, không có tài sản nào.")])) }
        if rows.count > maximumRows { return .failure(CSVProblems([CSVLineProblem(line: 0, message: "Tệp có quá \(maximumRows) dòng; hãy chia nhỏ.")])) }
        var problems: [CSVLineProblem] = []
        var drafts: [PublicAssetDraft] = []
        var seen: [String: Int] = [:]
        let existing = Set(existingCodes.map(ResourceText.fold))
        for record in rows {
            if let problem = record.problem {
                problems.append(CSVLineProblem(line: record.line, message: problem))
                continue
            }
            guard record.fields.count == header.count else {
                problems.append(CSVLineProblem(line: record.line, message: "Có \(record.fields.count) cột, cần đúng \(header.count) cột."))
                continue
            }
            let cells = record.fields
            switch PublicAssetDraft.validate(code: cells[0], name: cells[1], kind: cells[2], location: cells[3], originalValue: cells[4], yearInUse: cells[5],
                                             condition: cells[6], managingUnit: cells[7], responsiblePerson: cells[8], documents: cells[9],
                                             unitNames: unitNames, currentYear: currentYear) {
            case .failure(let failure):
                problems += failure.messages.map { CSVLineProblem(line: record.line, message: $0) }
            case .success(let draft):
                let key = ResourceText.fold(draft.code)
                if existing.contains(key) {
                    problems.append(CSVLineProblem(line: record.line, message: "Mã tài sản \(draft.code) đã có trong sổ tài sản của xã."))
                } else if let earlier = seen[key] {
                    problems.append(CSVLineProblem(line: record.line, message: "Mã tài sản \(draft.code) trùng với dòng \(earlier)."))
                } else {
                    seen[key] = record.line
                    drafts.append(draft)
                }
            }
        }
        return problems.isEmpty ? .success(drafts) : .failure(CSVProblems(problems))
    }
}

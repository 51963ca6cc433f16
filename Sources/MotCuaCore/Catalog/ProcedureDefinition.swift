import Foundation

/// An administrative procedure (thủ tục hành chính) as the catalog defines it: what the law requires of a
/// dossier for it, how long the commune has, what it costs, who handles it, and where each fact came from.
///
/// Named `ProcedureDefinition` because the server keeps a `Procedure` Fluent model per commune; this is the
/// reference it is created from and checked against.
public struct ProcedureDefinition: Hashable, Sendable {
    /// National code from the national procedure database, e.g. "1.001193" (see `isValidCode`).
    public var code: String
    /// Name as published, e.g. "Đăng ký khai sinh".
    public var name: String
    /// Field (lĩnh vực).
    public var field: Field
    /// The tier that decides; the shipped catalog is all commune-level.
    public var level: AdministrativeLevel
    /// The legal time limit (thời hạn giải quyết), a maximum.
    public var processingTime: ProcessingTime
    /// Extra working days the law allows when facts must be verified (cần xác minh), e.g. 5 for marriage
    /// registration (Luật Hộ tịch art. 18 cl. 2); `nil` when the law grants none.
    public var verificationExtraWorkingDays: Int?
    /// The hour after which a dossier counts as received on the next working day (see `defaultCutOffHour`).
    public var cutOffHour: Int
    /// What the applicant pays.
    public var fee: FeeRule
    /// The documents of a dossier (thành phần hồ sơ), in the published order.
    public var requiredDocuments: [RequiredDocument]
    /// The kind of unit that handles the dossier after intake.
    public var department: HandlingDepartmentKind
    /// How far the procedure can be done online.
    public var onlineServiceLevel: OnlineServiceLevel
    /// What the applicant receives, e.g. "Giấy khai sinh".
    public var resultType: String
    /// The legal texts the procedure rests on, as free text.
    public var legalBasis: String
    /// Where this row's facts were taken from; uncertain facts are marked "[check]" here.
    public var source: String

    /// A procedure; `cutOffHour` defaults to `defaultCutOffHour(for: processingTime)`.
    public init(
        code: String,
        name: String,
        field: Field,
        level: AdministrativeLevel = .commune,
        processingTime: ProcessingTime,
        verificationExtraWorkingDays: Int? = nil,
        cutOffHour: Int? = nil,
        fee: FeeRule,
        requiredDocuments: [RequiredDocument] = [],
        department: HandlingDepartmentKind,
        onlineServiceLevel: OnlineServiceLevel = .counterOnly,
        resultType: String = "",
        legalBasis: String = "",
        source: String
    ) {
        self.code = code
        self.name = name
        self.field = field
        self.level = level
        self.processingTime = processingTime
        self.verificationExtraWorkingDays = verificationExtraWorkingDays
        self.cutOffHour = cutOffHour ?? Self.defaultCutOffHour(for: processingTime)
        self.fee = fee
        self.requiredDocuments = requiredDocuments
        self.department = department
        self.onlineServiceLevel = onlineServiceLevel
        self.resultType = resultType
        self.legalBasis = legalBasis
        self.source = source
    }

    /// The cut-off hour a procedure has unless its row says otherwise: 15 for same-day procedures, because
    /// civil status (Luật Hộ tịch art. 5 cl. 3) and certification (NĐ 23/2015/NĐ-CP art. 7) return a dossier
    /// received after 15:00 on the next working day; 17 (the end of office hours) for the others, whose
    /// limit in days already starts from the next day (Civil Code 2015 art. 147).
    public static func defaultCutOffHour(for processingTime: ProcessingTime) -> Int {
        switch processingTime {
        case .sameDay: WorkingDayCalendar.defaultCutOffHour
        case .workingDays: WorkingDayCalendar.officeClosingHour
        }
    }

    /// Whether `code` has the shape of a national procedure code: one digit, a dot, six digits
    /// ("1.001193", "2.000815", "3.000323"). Provincial variants with suffixes such as "1.012753.H19" are
    /// not national codes; the catalog stores the national one.
    public static func isValidCode(_ code: String) -> Bool {
        let scalars = Array(code.unicodeScalars)
        guard scalars.count == 8, scalars[1] == "." else { return false }
        return scalars.enumerated().allSatisfy { index, scalar in
            index == 1 || ("0"..."9").contains(scalar)
        }
    }

    /// The longest processing time the law allows, verification included, in working days (0 for same day).
    public var maximumWorkingDays: Int {
        let base: Int
        switch processingTime {
        case .sameDay: base = 0
        case .workingDays(let days): base = days
        }
        return base + (verificationExtraWorkingDays ?? 0)
    }

    /// Every way this definition breaks the catalog's rules, in Vietnamese; empty when it is valid.
    /// The CSV importer reports the same problems with line numbers.
    public var problems: [String] {
        var problems: [String] = []
        if !Self.isValidCode(code) {
            problems.append("Mã thủ tục \"\(code)\" không đúng dạng 1.001193 (một chữ số, dấu chấm, sáu chữ số).")
        }
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("Thiếu tên thủ tục.") }
        if case .workingDays(let days) = processingTime, !(1...WorkingDayCalendar.maximumWorkingDays).contains(days) {
            problems.append("Thời hạn giải quyết \(days) ngày làm việc không hợp lệ.")
        }
        if let extra = verificationExtraWorkingDays, !(1...WorkingDayCalendar.maximumWorkingDays).contains(extra) {
            problems.append("Số ngày xác minh thêm \(extra) không hợp lệ.")
        }
        if !(0...24).contains(cutOffHour) { problems.append("Giờ tiếp nhận cuối \(cutOffHour) phải từ 0 đến 24.") }
        problems.append(contentsOf: fee.problems)
        for document in requiredDocuments {
            if document.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append("Thành phần hồ sơ thiếu tên giấy tờ.")
            }
            if document.copies < 1 { problems.append("Số lượng của \"\(document.name)\" phải từ 1 trở lên.") }
        }
        if source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("Thiếu nguồn (source) của dòng dữ liệu.")
        }
        return problems
    }
}

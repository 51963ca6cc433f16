import Foundation

/// Whether a required attendee came to a course (bồi dưỡng, tập huấn).
public enum TrainingAttendance: String, CaseIterable, Sendable, Codable {
    /// Not recorded yet.
    case pending
    case present
    case absent
    /// Absent with the organiser's leave; still required, so still due.
    case excused

    public var vietnameseName: String {
        switch self {
        case .pending: "Chưa ghi nhận"
        case .present: "Có mặt"
        case .absent: "Vắng"
        case .excused: "Vắng có phép"
        }
    }
}

/// The result of a required attendee at the end of a course.
public enum TrainingResult: String, CaseIterable, Sendable, Codable {
    case pending
    case passed
    case notPassed = "not_passed"

    public var vietnameseName: String {
        switch self {
        case .pending: "Chưa có kết quả"
        case .passed: "Đạt"
        case .notPassed: "Không đạt"
        }
    }
}

/// Where one officer stands with one course they must attend.
public enum TrainingStanding: String, Sendable, Codable {
    /// Attended and passed: the training is done.
    case done
    /// The course has not ended yet.
    case upcoming
    /// The course has ended and the officer has not passed it (absent, excused, not passed, or nothing recorded).
    case stillDue = "still_due"

    public var vietnameseName: String {
        switch self {
        case .done: "Đã hoàn thành"
        case .upcoming: "Phải tham dự"
        case .stillDue: "Còn nợ"
        }
    }

    /// Done only when present and passed; before the course's last day ends it is upcoming, after that still due.
    public static func of(attendance: TrainingAttendance, result: TrainingResult, courseEnd: CivilDate, today: CivilDate) -> TrainingStanding {
        if attendance == .present && result == .passed { return .done }
        return today <= courseEnd ? .upcoming : .stillDue
    }
}

/// One officer as the rule of who must attend sees them.
public struct TrainingCandidate: Sendable, Equatable {
    public let officerID: UUID
    public let communeID: UUID
    public let roles: Set<Role>
    /// The raw kind of the officer's department (e.g. `economy`), if any.
    public let departmentKind: String?
    public let isActive: Bool

    public init(officerID: UUID, communeID: UUID, roles: Set<Role>, departmentKind: String?, isActive: Bool = true) {
        self.officerID = officerID
        self.communeID = communeID
        self.roles = roles
        self.departmentKind = departmentKind
        self.isActive = isActive
    }
}

/// Who must attend a course: officers named one by one, and everyone of the chosen communes who holds a chosen role
/// or works in a unit of a chosen kind.
public struct TrainingRequirement: Sendable, Equatable {
    public var communeIDs: Set<UUID>
    public var roles: Set<Role>
    public var departmentKinds: Set<String>
    public var officerIDs: Set<UUID>

    public init(communeIDs: Set<UUID> = [], roles: Set<Role> = [], departmentKinds: Set<String> = [], officerIDs: Set<UUID> = []) {
        self.communeIDs = communeIDs
        self.roles = roles
        self.departmentKinds = departmentKinds
        self.officerIDs = officerIDs
    }

    /// Whether the requirement names nobody: no officer, and no role or unit kind within some commune.
    public var isEmpty: Bool {
        officerIDs.isEmpty && (communeIDs.isEmpty || (roles.isEmpty && departmentKinds.isEmpty))
    }

    /// The active candidates the requirement names, each with why, in the candidates' order; officers outside
    /// `allowedCommunes` are never chosen, whoever named them.
    public func attendees(among candidates: [TrainingCandidate], allowedCommunes: Set<UUID>) -> [(officerID: UUID, reason: String)] {
        candidates.compactMap { candidate in
            guard candidate.isActive, allowedCommunes.contains(candidate.communeID) else { return nil }
            if officerIDs.contains(candidate.officerID) { return (candidate.officerID, "Được chỉ định") }
            guard communeIDs.contains(candidate.communeID) else { return nil }
            if let role = roles.intersection(candidate.roles).sorted().first { return (candidate.officerID, "Theo chức danh: \(role.vietnameseName)") }
            if let kind = candidate.departmentKind, departmentKinds.contains(kind) { return (candidate.officerID, "Theo đơn vị") }
            return nil
        }
    }
}

/// Coverage of required attendees: how many attended and how many passed.
public struct TrainingCoverage: Sendable, Equatable {
    public var required: Int
    public var attended: Int
    public var passed: Int

    public init(required: Int = 0, attended: Int = 0, passed: Int = 0) {
        self.required = required
        self.attended = attended
        self.passed = passed
    }

    /// Counts one required attendee.
    public mutating func add(attendance: TrainingAttendance, result: TrainingResult) {
        required += 1
        if attendance == .present {
            attended += 1
            if result == .passed { passed += 1 }
        }
    }

    /// The sum of two coverages.
    public static func + (lhs: TrainingCoverage, rhs: TrainingCoverage) -> TrainingCoverage {
        TrainingCoverage(required: lhs.required + rhs.required, attended: lhs.attended + rhs.attended, passed: lhs.passed + rhs.passed)
    }

    /// Attended ÷ required, or `nil` when nobody was required.
    public var attendedRate: Double? { required == 0 ? nil : Double(attended) / Double(required) }
    /// Passed ÷ required, or `nil` when nobody was required.
    public var passedRate: Double? { required == 0 ? nil : Double(passed) / Double(required) }

    /// "83,3 %" with a decimal comma, or "—" without required attendees.
    public static func percentText(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        let tenths = (rate * 1000).rounded() / 10
        let text = tenths == tenths.rounded() ? String(Int(tenths)) : String(format: "%.1f", tenths).replacingOccurrences(of: ".", with: ",")
        return text + " %"
    }

    /// A fact of one required attendee, as coverage groups them.
    public struct Fact: Sendable, Equatable {
        public let courseID: UUID
        public let communeID: UUID
        public let attendance: TrainingAttendance
        public let result: TrainingResult

        public init(courseID: UUID, communeID: UUID, attendance: TrainingAttendance, result: TrainingResult) {
            self.courseID = courseID
            self.communeID = communeID
            self.attendance = attendance
            self.result = result
        }
    }

    /// Coverage per course and commune, per commune over all courses, and overall.
    public static func tally(_ facts: [Fact]) -> (byCourseAndCommune: [CourseCommune: TrainingCoverage], byCommune: [UUID: TrainingCoverage], overall: TrainingCoverage) {
        var byPair: [CourseCommune: TrainingCoverage] = [:]
        var byCommune: [UUID: TrainingCoverage] = [:]
        var overall = TrainingCoverage()
        for fact in facts {
            byPair[CourseCommune(courseID: fact.courseID, communeID: fact.communeID), default: TrainingCoverage()].add(attendance: fact.attendance, result: fact.result)
            byCommune[fact.communeID, default: TrainingCoverage()].add(attendance: fact.attendance, result: fact.result)
            overall.add(attendance: fact.attendance, result: fact.result)
        }
        return (byPair, byCommune, overall)
    }

    /// A course in a commune, the key of the coverage table.
    public struct CourseCommune: Hashable, Sendable {
        public let courseID: UUID
        public let communeID: UUID

        public init(courseID: UUID, communeID: UUID) {
            self.courseID = courseID
            self.communeID = communeID
        }
    }
}

/// The checks of a course form, in Vietnamese.
public enum TrainingCourseRule {
    /// Every problem of the course's fields: title, organiser, topic and place given, dates valid and in order,
    /// a course of at most a year.
    public static func problems(title: String, organiser: String, topic: String, place: String, start: CivilDate?, end: CivilDate?) -> [String] {
        var problems: [String] = []
        func blank(_ text: String) -> Bool { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        if blank(title) || title.count > 300 { problems.append("Cần tên khoá bồi dưỡng, tập huấn (tối đa 300 ký tự).") }
        if blank(organiser) || organiser.count > 300 { problems.append("Cần ghi đơn vị tổ chức (tối đa 300 ký tự).") }
        if blank(topic) || topic.count > 2000 { problems.append("Cần ghi nội dung, chủ đề (tối đa 2.000 ký tự).") }
        if blank(place) || place.count > 300 { problems.append("Cần ghi địa điểm (tối đa 300 ký tự).") }
        if start == nil { problems.append("Cần ngày bắt đầu (dạng YYYY-MM-DD).") }
        if end == nil { problems.append("Cần ngày kết thúc (dạng YYYY-MM-DD).") }
        if let start, let end {
            if end < start { problems.append("Ngày kết thúc \(end.vietnameseString) trước ngày bắt đầu \(start.vietnameseString).") }
            else if start.days(to: end) > 366 { problems.append("Một khoá bồi dưỡng kéo dài tối đa một năm.") }
        }
        return problems
    }
}

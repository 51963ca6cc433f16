import Foundation

/// The six clears ("6 rõ") every assigned task must name (Thông báo 627/TB-VPCP and 285/TB-VPCP, 2025).
public enum SixClear: String, CaseIterable, Sendable, Codable {
    /// rõ người: the officer who does it.
    case person
    /// rõ việc: what is to be done.
    case work
    /// rõ thời gian: by when.
    case time
    /// rõ trách nhiệm: the lead unit accountable (coordinating units optional).
    case responsibility
    /// rõ sản phẩm: the deliverable and the evidence that it was delivered.
    case product
    /// rõ thẩm quyền: the authority who approves the result.
    case authority

    /// "rõ người (người thực hiện)" and so on, as the form names the missing clear.
    public var vietnameseName: String {
        switch self {
        case .person: "Rõ người (cán bộ thực hiện)"
        case .work: "Rõ việc (nội dung công việc)"
        case .time: "Rõ thời gian (hạn hoàn thành)"
        case .responsibility: "Rõ trách nhiệm (đơn vị chủ trì)"
        case .product: "Rõ sản phẩm (sản phẩm và minh chứng)"
        case .authority: "Rõ thẩm quyền (người phê duyệt kết quả)"
        }
    }
}

/// A task as written on a plan, before it is stored: the six clears and the plan it belongs to.
public struct SixClearTaskDraft: Sendable, Equatable {
    public var assigneeName: String
    public var title: String
    public var dueDate: CivilDate?
    public var leadUnit: String
    public var coordinatingUnits: [String]
    public var deliverable: String
    public var evidenceRequired: String
    public var approvingAuthority: String

    public init(assigneeName: String, title: String, dueDate: CivilDate?, leadUnit: String, coordinatingUnits: [String] = [],
                deliverable: String, evidenceRequired: String, approvingAuthority: String) {
        self.assigneeName = assigneeName
        self.title = title
        self.dueDate = dueDate
        self.leadUnit = leadUnit
        self.coordinatingUnits = coordinatingUnits
        self.deliverable = deliverable
        self.evidenceRequired = evidenceRequired
        self.approvingAuthority = approvingAuthority
    }
}

/// Checks tasks against the six-clear rule and the plan's period.
public enum SixClearRule {
    /// The clears the draft lacks, in the rule's order; a task is valid only when this is empty.
    public static func missing(in draft: SixClearTaskDraft) -> [SixClear] {
        func blank(_ text: String) -> Bool { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        var missing: [SixClear] = []
        if blank(draft.assigneeName) { missing.append(.person) }
        if blank(draft.title) { missing.append(.work) }
        if draft.dueDate == nil { missing.append(.time) }
        if blank(draft.leadUnit) { missing.append(.responsibility) }
        if blank(draft.deliverable) || blank(draft.evidenceRequired) { missing.append(.product) }
        if blank(draft.approvingAuthority) { missing.append(.authority) }
        return missing
    }

    /// Every problem of the draft in Vietnamese: the missing clears by name, then a due date outside the plan's
    /// period or on a day off (the nearest earlier working day is suggested).
    public static func problems(
        of draft: SixClearTaskDraft, planStart: CivilDate, planEnd: CivilDate, calendar: WorkingDayCalendar
    ) -> [String] {
        var problems = missing(in: draft).map { "Thiếu \($0.vietnameseName.prefix(1).lowercased() + $0.vietnameseName.dropFirst())." }
        if let due = draft.dueDate {
            if due < planStart || due > planEnd {
                problems.append("Hạn hoàn thành \(due.vietnameseString) nằm ngoài thời gian của kế hoạch (\(planStart.vietnameseString)–\(planEnd.vietnameseString)).")
            } else if !calendar.isWorkingDay(due) {
                var earlier = due
                while !calendar.isWorkingDay(earlier), let previous = earlier.adding(days: -1), previous >= planStart { earlier = previous }
                let hint = calendar.isWorkingDay(earlier) ? " Ngày làm việc gần nhất trước đó là \(earlier.vietnameseString)." : ""
                problems.append("Hạn hoàn thành \(due.vietnameseString) là ngày nghỉ.\(hint)")
            }
        }
        if draft.title.count > 1000 || draft.deliverable.count > 1000 || draft.evidenceRequired.count > 1000 {
            problems.append("Nội dung, sản phẩm và minh chứng mỗi mục tối đa 1.000 ký tự.")
        }
        return problems
    }
}

/// Where a task stands, as the plan's follow-up shows it.
public enum WorkTaskStatus: String, CaseIterable, Sendable, Codable {
    case notStarted = "not_started"
    case inProgress = "in_progress"
    case doneOnTime = "done_on_time"
    case doneLate = "done_late"
    case overdue
    case cancelled

    public var vietnameseName: String {
        switch self {
        case .notStarted: "Chưa bắt đầu"
        case .inProgress: "Đang thực hiện"
        case .doneOnTime: "Hoàn thành đúng hạn"
        case .doneLate: "Hoàn thành trễ hạn"
        case .overdue: "Quá hạn"
        case .cancelled: "Đã huỷ"
        }
    }

    /// The status from the facts: cancelled wins; done is on time when finished by the end of the due day;
    /// unfinished work past its due day is overdue; otherwise started or not by its progress.
    public static func of(progressPercent: Int, completedOn: CivilDate?, isCancelled: Bool, dueDate: CivilDate, today: CivilDate) -> WorkTaskStatus {
        if isCancelled { return .cancelled }
        if let completedOn { return completedOn <= dueDate ? .doneOnTime : .doneLate }
        if today > dueDate { return .overdue }
        return progressPercent > 0 ? .inProgress : .notStarted
    }
}

/// The life of a work plan: drafted by the unit, submitted, approved by the leader (or returned), then followed.
public enum WorkPlanStatus: String, CaseIterable, Sendable, Codable {
    case draft, submitted, approved, returned

    public var vietnameseName: String {
        switch self {
        case .draft: "Dự thảo"
        case .submitted: "Đã trình"
        case .approved: "Đã phê duyệt"
        case .returned: "Trả lại để sửa"
        }
    }

    /// Whether tasks may be added or changed: only before approval.
    public var isEditable: Bool { self == .draft || self == .returned }

    /// The statuses reachable by submitting (the unit) or deciding (the leader).
    public func canMove(to target: WorkPlanStatus) -> Bool {
        switch (self, target) {
        case (.draft, .submitted), (.returned, .submitted), (.submitted, .approved), (.submitted, .returned): true
        default: false
        }
    }
}

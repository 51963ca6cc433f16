import Foundation

/// How close an unfinished task or directive is to its due date, as reminders see it.
public enum WorkReminderState: String, CaseIterable, Sendable, Codable {
    /// Due within the horizon of working days (today included).
    case dueSoon = "due_soon"
    /// Past its due day.
    case overdue

    public var vietnameseName: String {
        switch self {
        case .dueSoon: "Sắp đến hạn"
        case .overdue: "Quá hạn"
        }
    }
}

/// The one rule behind the home-page reminders and the reminders sent through the outbox.
public enum WorkReminderRule {
    /// How close a due date must be, in working days, to be reminded of.
    public static let horizonWorkingDays = 5

    /// The reminder state of unfinished work due on `due`, or `nil` when it is further than the horizon.
    public static func state(due: CivilDate, today: CivilDate, calendar: WorkingDayCalendar, horizonWorkingDays: Int = horizonWorkingDays) -> WorkReminderState? {
        if today > due { return .overdue }
        let horizon = calendar.addingWorkingDays(horizonWorkingDays, to: today) ?? today
        return due <= horizon ? .dueSoon : nil
    }

    /// The last due date the horizon reaches from `today`: work due on or before it is reminded of.
    public static func horizon(from today: CivilDate, calendar: WorkingDayCalendar, horizonWorkingDays: Int = horizonWorkingDays) -> CivilDate {
        calendar.addingWorkingDays(horizonWorkingDays, to: today) ?? today
    }

    /// "Quá hạn 3 ngày", "Hạn hôm nay" or "Còn 2 ngày làm việc".
    public static func stateText(due: CivilDate, today: CivilDate, calendar: WorkingDayCalendar) -> String {
        if today > due { return "Quá hạn \(due.days(to: today)) ngày" }
        let left = calendar.workingDays(from: today, to: due) ?? 0
        return left == 0 ? "Hạn hôm nay" : "Còn \(left) ngày làm việc"
    }

    /// The text of the message an officer receives: what, when due, and where to act.
    public static func message(state: WorkReminderState, kind: String, title: String, due: CivilDate, link: String) -> (subject: String, body: String) {
        let subject = state == .overdue ? "\(kind) quá hạn" : "\(kind) sắp đến hạn"
        let shortTitle = title.count > 120 ? String(title.prefix(117)) + "…" : title
        let when = state == .overdue ? "đã quá hạn \(due.vietnameseString)" : "đến hạn \(due.vietnameseString)"
        return (subject, "MotCua: \(kind.prefix(1).lowercased() + kind.dropFirst()) “\(shortTitle)” \(when). Xem: \(link)")
    }
}

/// Tasks by status, with the share done on time, as the plan-progress report shows a unit.
public struct PlanProgressTally: Sendable, Equatable {
    public private(set) var counts: [WorkTaskStatus: Int] = [:]

    public init() {}

    /// Counts one task.
    public mutating func add(_ status: WorkTaskStatus) { counts[status, default: 0] += 1 }

    public func count(_ status: WorkTaskStatus) -> Int { counts[status] ?? 0 }

    /// Every task, cancelled ones included.
    public var total: Int { counts.values.reduce(0, +) }

    /// Tasks that were due to be done by now or are done: done on time, done late, overdue. Cancelled tasks and
    /// tasks still within their time are not judged yet.
    public var judged: Int { count(.doneOnTime) + count(.doneLate) + count(.overdue) }

    /// Done on time ÷ judged, or `nil` when no task is judged yet.
    public var onTimeRate: Double? { judged == 0 ? nil : Double(count(.doneOnTime)) / Double(judged) }
}

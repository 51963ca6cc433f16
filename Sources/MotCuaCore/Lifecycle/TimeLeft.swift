/// How much of a dossier's time is left, in working days, as the officers' pages show it beside the due date.
///
/// Working days are counted as the deadline was (Civil Code 2015 art. 147: the starting day is not counted), so a
/// dossier received with 3 working days "còn 3 ngày làm việc" on the day of receipt, and "đến hạn hôm nay" on the day
/// it is due. A dossier past its due time is late by the working days since the due date, the due date not counted.
public enum TimeLeft: Hashable, Sendable {
    /// Due on a later working day: the number of working days from today up to the due date (at least 1).
    case workingDays(Int)
    /// Due later today.
    case dueToday
    /// Past its due time: the working days after the due date up to today (0 when the due time passed earlier today).
    case overdue(workingDays: Int)

    /// The standing of a dossier due at `due` when it is `now` (both local times); `nil` outside the calendar's years.
    public static func standing(due: LocalDateTime, now: LocalDateTime, calendar: WorkingDayCalendar) -> TimeLeft? {
        if now > due {
            guard let late = calendar.workingDays(from: due.date, to: now.date) else { return nil }
            return .overdue(workingDays: max(0, late))
        }
        guard let left = calendar.workingDays(from: now.date, to: due.date) else { return nil }
        return left <= 0 ? .dueToday : .workingDays(left)
    }

    /// Whether the due time has passed.
    public var isOverdue: Bool {
        if case .overdue = self { return true }
        return false
    }

    /// How urgent it is, for sorting: the more overdue, the smaller; then due today; then by days left.
    public var urgency: Int {
        switch self {
        case .overdue(let days): -1 - days
        case .dueToday: 0
        case .workingDays(let days): days
        }
    }

    /// The words shown beside the due date: "còn 3 ngày làm việc", "đến hạn hôm nay", "quá hạn 2 ngày làm việc".
    public var vietnameseDescription: String {
        switch self {
        case .workingDays(let days): "còn \(days) ngày làm việc"
        case .dueToday: "đến hạn hôm nay"
        case .overdue(let days): days == 0 ? "quá giờ hẹn hôm nay" : "quá hạn \(days) ngày làm việc"
        }
    }
}

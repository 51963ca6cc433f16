import Foundation

/// What an officer's work list and home page put first, and the words they show about waiting.
public enum WorkUrgency {
    /// When the desk should have received an online dossier submitted at `submittedAt`: 17:00 of the working day its
    /// time starts to count. An online dossier submitted after 17:00 or on a day off counts from 08:00 of the next
    /// working day (the online intake rule in `WorkingDayCalendar.deadline`), so after the end of that day the
    /// applicant's working days run while nobody has looked at the dossier. This is MotCua's own yardstick for the
    /// desk, not a limit the law sets for receipt.
    public static func receiptDeadline(submittedAt: Date, calendar: WorkingDayCalendar) -> LocalDateTime? {
        calendar.deadline(receivedAt: submittedAt, processingTime: .sameDay, channel: .online, cutOffHour: WorkingDayCalendar.officeClosingHour)?.dueAt
    }

    /// How long something has waited since `since`: in working days once a working day has passed, otherwise in hours
    /// or minutes ("chờ 2 ngày làm việc", "chờ 3 giờ", "chờ 25 phút").
    public static func waitingDescription(since: LocalDateTime, now: LocalDateTime, calendar: WorkingDayCalendar) -> String {
        if let days = calendar.workingDays(from: since.date, to: now.date), days >= 1 {
            return "chờ \(days) ngày làm việc"
        }
        let minutes = max(0, Int(now.instant.timeIntervalSince(since.instant)) / 60)
        return minutes >= 60 ? "chờ \(minutes / 60) giờ" : "chờ \(minutes) phút"
    }

    /// One item of a work list, as far as its order goes.
    public struct Item: Sendable {
        /// The time by which the officer must act: the due date while the legal clock runs, the receipt deadline of a new
        /// online dossier; `nil` while the dossier waits for the applicant (a supplement, a fee).
        public let actBy: LocalDateTime?
        /// Since when it has waited for the officer.
        public let waitingSince: LocalDateTime

        public init(actBy: LocalDateTime?, waitingSince: LocalDateTime) {
            self.actBy = actBy
            self.waitingSince = waitingSince
        }

        /// Whether `self` comes before `other`: whatever must be done first, then whatever has waited longest; items
        /// that wait for the applicant come last, the longest-waiting first.
        public func precedes(_ other: Item) -> Bool {
            switch (actBy, other.actBy) {
            case let (mine?, theirs?) where mine != theirs: return mine < theirs
            case (nil, _?): return false
            case (_?, nil): return true
            default: return waitingSince < other.waitingSince
            }
        }
    }
}

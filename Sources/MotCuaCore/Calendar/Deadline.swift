import Foundation

/// The legal time limit of a procedure (thời hạn giải quyết).
public enum ProcessingTime: Hashable, Sendable {
    /// Done on the day of receipt (Luật Hộ tịch art. 5 cl. 3; certification under NĐ 23/2015).
    case sameDay
    /// Done within this many working days, the day of receipt not counted.
    case workingDays(Int)

    /// The time limit from a stored count of working days, where 0 means the same day.
    public init(workingDayCount: Int) {
        self = workingDayCount == 0 ? .sameDay : .workingDays(workingDayCount)
    }

    /// The count of working days as stored, 0 for the same day.
    public var workingDayCount: Int {
        switch self {
        case .sameDay: 0
        case .workingDays(let days): days
        }
    }
}

/// How a dossier reached the commune, as in the national portal's channel codes (1, 2, 3).
public enum IntakeChannel: String, Hashable, Sendable, Codable, CaseIterable {
    /// Handed in at the one-stop desk (code 1).
    case counter
    /// Submitted on the public service portal (code 2).
    case online
    /// Delivered by the public postal service (code 3), handled as if handed in when the desk receives it.
    case post
}

/// When a dossier counts as received and when its result is due.
public struct Deadline: Hashable, Sendable {
    /// When the dossier was actually received, Vietnam time.
    public let receivedAt: LocalDateTime
    /// The working day the dossier counts as received on; for limits in days it is not counted (art. 147).
    public let countedAsReceivedOn: CivilDate
    /// The appointed return time: the end of office hours of the last working day.
    public let dueAt: LocalDateTime

    /// The appointed return time as an instant.
    public var dueInstant: Date { dueAt.instant }
}

extension WorkingDayCalendar {
    /// Office hours start at 08:00: online dossiers received outside them count from then (see `deadline`).
    public static let officeOpeningHour = 8
    /// Office hours end at 17:00, when a day's results are due.
    public static let officeClosingHour = 17
    /// The usual cut-off for same-day procedures: a dossier received after 15:00 is returned the next working day.
    public static let defaultCutOffHour = 15

    /// The receipt and due times of a dossier received at `instant`, or `nil` for a negative or absurd time
    /// limit, a cut-off outside 0–24, or dates outside 1900–2199.
    ///
    /// Rules, all in Vietnam local time (UTC+7):
    /// 1. A dossier received on a day off, or after the threshold on a working day, counts as received on the
    ///    next working day (at 08:00). The threshold is `cutOffHour` at the counter and by post; online it is
    ///    17:00 (NĐ on electronic household-business registration, 2025: after 17:00 or on a day off, from
    ///    08:00 of the next working day), or `cutOffHour` if earlier for a same-day procedure, whose cut-off
    ///    comes from the law of the procedure (Luật Hộ tịch art. 5 cl. 3) whatever the channel.
    ///    "After" is strict: 15:00:00 is still on time, 15:00:01 is not.
    /// 2. `.sameDay`: due at 17:00 of that day. `.workingDays(n)`: due at 17:00 of the n-th working day after
    ///    it, the day of receipt not counted (Civil Code 2015 art. 147); the last day is then always a working
    ///    day, as art. 148 requires. `.workingDays(0)` is the same as `.sameDay`.
    public func deadline(
        receivedAt instant: Date,
        processingTime: ProcessingTime,
        channel: IntakeChannel,
        cutOffHour: Int = WorkingDayCalendar.defaultCutOffHour
    ) -> Deadline? {
        guard (0...24).contains(cutOffHour), let received = LocalDateTime(instant) else { return nil }
        let workingDayCount: Int
        switch processingTime {
        case .sameDay: workingDayCount = 0
        case .workingDays(let count): workingDayCount = count
        }
        guard (0...Self.maximumWorkingDays).contains(workingDayCount) else { return nil }

        let thresholdHour: Int
        switch channel {
        case .counter, .post:
            thresholdHour = cutOffHour
        case .online:
            thresholdHour = workingDayCount == 0 ? min(cutOffHour, Self.officeClosingHour) : Self.officeClosingHour
        }
        let isLate = received.secondsSinceMidnight > thresholdHour * 3600
        let receiptDay: CivilDate
        if isWorkingDay(received.date), !isLate {
            receiptDay = received.date
        } else {
            guard let next = nextWorkingDay(after: received.date) else { return nil }
            receiptDay = next
        }
        guard let dueDay = addingWorkingDays(workingDayCount, to: receiptDay),
              let dueAt = LocalDateTime(date: dueDay, hour: Self.officeClosingHour)
        else { return nil }
        return Deadline(receivedAt: received, countedAsReceivedOn: receiptDay, dueAt: dueAt)
    }

    /// The due time after the clock stood still for `pausedWorkingDays` working days (a supplement request,
    /// NĐ 118/2025 art. 11): 17:00 of that many working days after the original due day; `nil` when the
    /// count is negative or absurd.
    public func dueAt(_ originalDue: LocalDateTime, extendedByWorkingDays pausedWorkingDays: Int) -> LocalDateTime? {
        guard let day = addingWorkingDays(pausedWorkingDays, to: originalDue.date) else { return nil }
        return LocalDateTime(date: day, hour: Self.officeClosingHour)
    }

    /// The due time once a paused dossier resumes: the working days that were left after the day the
    /// supplement was requested (`pausedOn`, up to and including `originalDueDay`) are counted again
    /// after the day the completed dossier arrived (`resumedOn`, itself not counted). When nothing was left,
    /// the result is due at the end of `resumedOn`, or of the next working day if that is a day off.
    public func dueAt(originalDueDay: CivilDate, pausedOn: CivilDate, resumedOn: CivilDate) -> LocalDateTime? {
        guard resumedOn >= pausedOn, let remaining = workingDays(from: pausedOn, to: originalDueDay) else { return nil }
        let day: CivilDate?
        if remaining > 0 {
            day = addingWorkingDays(remaining, to: resumedOn)
        } else {
            day = isWorkingDay(resumedOn) ? resumedOn : nextWorkingDay(after: resumedOn)
        }
        return day.flatMap { LocalDateTime(date: $0, hour: Self.officeClosingHour) }
    }
}

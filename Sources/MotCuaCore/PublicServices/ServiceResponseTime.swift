import Foundation

/// How soon the commune promises to respond to a kind of fault report.
public enum ServiceResponseTime: Hashable, Sendable {
    /// Within this many working days, the day of the report not counted, by the end of office hours.
    case workingDays(Int)
    /// Within this many office hours (08:00–17:00 on working days), counted from the report.
    case workingHours(Int)

    /// The stored unit word: "days" or "hours".
    public var unit: String {
        switch self {
        case .workingDays: "days"
        case .workingHours: "hours"
        }
    }

    /// The stored amount.
    public var amount: Int {
        switch self {
        case .workingDays(let days): days
        case .workingHours(let hours): hours
        }
    }

    /// The response time from its stored unit and amount, or `nil` for an unknown unit or an amount
    /// outside 1–60 days or 1–480 hours.
    public init?(unit: String, amount: Int) {
        switch unit {
        case "days" where (1...60).contains(amount): self = .workingDays(amount)
        case "hours" where (1...480).contains(amount): self = .workingHours(amount)
        default: return nil
        }
    }

    /// "3 ngày làm việc", "4 giờ làm việc".
    public var vietnameseDescription: String {
        switch self {
        case .workingDays(let days): "\(days) ngày làm việc"
        case .workingHours(let hours): "\(hours) giờ làm việc"
        }
    }
}

extension WorkingDayCalendar {
    /// When the response to a report made at `instant` is expected, or `nil` outside the calendar's years.
    ///
    /// Days: 17:00 of the n-th working day after the day of the report (that day not counted, as for
    /// dossiers). Hours: office hours (08:00–17:00 of working days) are consumed from the moment of the report,
    /// or from the next opening when it was made outside them.
    public func expectedResponse(to instant: Date, within responseTime: ServiceResponseTime) -> LocalDateTime? {
        guard let reported = LocalDateTime(instant) else { return nil }
        let opening = WorkingDayCalendar.officeOpeningHour * 3600
        let closing = WorkingDayCalendar.officeClosingHour * 3600
        switch responseTime {
        case .workingDays(let days):
            guard let day = addingWorkingDays(days, to: reported.date) else { return nil }
            return LocalDateTime(date: day, hour: WorkingDayCalendar.officeClosingHour)
        case .workingHours(let hours):
            var remaining = hours * 3600
            var day = reported.date
            var secondOfDay = reported.secondsSinceMidnight
            if !isWorkingDay(day) || secondOfDay >= closing {
                guard let next = nextWorkingDay(after: day) else { return nil }
                day = next
                secondOfDay = opening
            } else if secondOfDay < opening {
                secondOfDay = opening
            }
            while remaining > closing - secondOfDay {
                remaining -= closing - secondOfDay
                guard let next = nextWorkingDay(after: day) else { return nil }
                day = next
                secondOfDay = opening
            }
            let end = secondOfDay + remaining
            return LocalDateTime(date: day, hour: end / 3600, minute: end % 3600 / 60, second: end % 60)
        }
    }
}

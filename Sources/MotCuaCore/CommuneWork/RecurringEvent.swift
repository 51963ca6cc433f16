import Foundation

/// The date rule of a commune event: a solar date (27/7, 2/9) or a lunar one (15/8 for Mid-Autumn), once or every year.
public enum EventDateRule: Hashable, Sendable {
    case once(CivilDate)
    case everySolarYear(month: Int, day: Int)
    case everyLunarYear(month: Int, day: Int)

    /// An occurrence: the day, and why it moved when the rule's day does not exist that year.
    public struct Occurrence: Hashable, Sendable {
        public let date: CivilDate
        public let note: String?
    }

    /// Checks the rule: a real month and day (a lunar day 1–30, a solar day that exists in some year).
    public var problem: String? {
        switch self {
        case .once: return nil
        case .everySolarYear(let month, let day):
            guard (1...12).contains(month), day >= 1, day <= CivilDate.numberOfDays(inMonth: month, ofYear: 2024) else {
                return "Ngày dương lịch \(day)/\(month) không tồn tại."
            }
            return nil
        case .everyLunarYear(let month, let day):
            guard (1...12).contains(month), (1...30).contains(day) else { return "Ngày âm lịch \(day)/\(month) không tồn tại." }
            return nil
        }
    }

    /// The occurrences between two dates inclusive, in order.
    ///
    /// A lunar day 30 in a year whose month has 29 days moves to the 29th, and a solar 29/2 to 28/2 outside leap
    /// years; the occurrence's note says so.
    public func occurrences(from start: CivilDate, through end: CivilDate) -> [Occurrence] {
        guard start <= end else { return [] }
        var found: [Occurrence] = []
        switch self {
        case .once(let date):
            if start <= date && date <= end { found.append(Occurrence(date: date, note: nil)) }
        case .everySolarYear(let month, let day):
            for year in start.year...end.year {
                let last = CivilDate.numberOfDays(inMonth: month, ofYear: year)
                guard let date = CivilDate(year: year, month: month, day: min(day, last)) else { continue }
                let note = day > last ? "Năm \(year) không có ngày \(day)/\(month); sự kiện chuyển sang ngày \(last)/\(month)." : nil
                if start <= date && date <= end { found.append(Occurrence(date: date, note: note)) }
            }
        case .everyLunarYear(let month, let day):
            // Lunar months 11 and 12 of a lunar year fall in January–February of the next solar year.
            for lunarYear in (start.year - 1)...end.year {
                guard let length = LunarCalendar.daysInLunarMonth(month, ofLunarYear: lunarYear),
                      let date = LunarCalendar.civilDate(for: LunarDate(day: min(day, length), month: month, year: lunarYear))
                else { continue }
                let note = day > length
                    ? "Tháng \(month) âm lịch năm \(LunarDate.sexagenaryName(ofYear: lunarYear)) chỉ có \(length) ngày; sự kiện chuyển sang ngày \(length)/\(month) âm lịch."
                    : nil
                if start <= date && date <= end { found.append(Occurrence(date: date, note: note)) }
            }
        }
        return found
    }

    /// "Hằng năm ngày 15/8 âm lịch", "Hằng năm ngày 2/9", "Ngày 05/09/2026".
    public var vietnameseDescription: String {
        switch self {
        case .once(let date): "Ngày \(date.vietnameseString)"
        case .everySolarYear(let month, let day): "Hằng năm ngày \(day)/\(month)"
        case .everyLunarYear(let month, let day): "Hằng năm ngày \(day)/\(month) âm lịch"
        }
    }
}

extension WorkingDayCalendar {
    /// The working day `count` working days before `date` (the day the preparation of an event is due), or `nil`.
    public func workingDay(_ count: Int, workingDaysBefore date: CivilDate) -> CivilDate? {
        guard count >= 0, count <= WorkingDayCalendar.maximumWorkingDays else { return nil }
        var day = date
        var remaining = count
        if remaining == 0 {
            while !isWorkingDay(day) { guard let previous = day.adding(days: -1) else { return nil }; day = previous }
            return day
        }
        while remaining > 0 {
            guard let previous = day.adding(days: -1), previous.year >= WorkingDayCalendar.supportedYears.lowerBound else { return nil }
            day = previous
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }
}

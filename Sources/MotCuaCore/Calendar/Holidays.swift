import Foundation

/// A weekday on which civil servants do not work: a public holiday, a substitute day off, or a swapped day.
public struct DayOff: Hashable, Sendable {
    /// The day, always a Monday to Friday (weekends are rest days anyway and are not listed).
    public let date: CivilDate
    /// The Vietnamese name of the occasion, e.g. "Tết Nguyên Đán".
    public let name: String
    /// Whether the day was projected from the Labor Code rather than read from an official schedule.
    public let isProjected: Bool

    /// Creates a day off.
    public init(date: CivilDate, name: String, isProjected: Bool) {
        self.date = date
        self.name = name
        self.isProjected = isProjected
    }
}

/// Projects a year's days off from the statutory rules, for years without an official schedule.
///
/// Labor Code 2019 (Bộ luật Lao động, Law 45/2019/QH14) art. 112 cl. 1: 1/1; Tết Nguyên Đán, 5 days;
/// Ngày Chiến thắng 30/4; Ngày Quốc tế Lao động 1/5; Quốc khánh 2/9 and one day before or after it;
/// Giỗ Tổ Hùng Vương 10/3 lunar. Art. 111 cl. 3: a holiday that falls on a weekly rest day is made up by a
/// day off on the next working day(s).
///
/// The exact Tết days and the second Quốc khánh day are fixed each year by the Prime Minister (art. 112
/// cl. 3), so the projection applies the usual practice, and says so (`DayOff.isProjected`):
/// - Tết: the last day of the lunar year (29 or 30 tháng Chạp) and 1–4 tháng Giêng, as in 2026
///   (Thông báo 9441/TB-BNV: thứ Hai 16/2 = 29 tháng Chạp through thứ Sáu 20/2 = mùng 4).
/// - Quốc khánh: the adjacent day is 3/9 when 2/9 is a Monday or a Thursday (so the break touches a
///   weekend, as in 2021 and 2024), otherwise 1/9 (as in 2022, 2023, 2025, 2026).
/// - Ngày Văn hoá Việt Nam, 24/11, from 2026: chosen as a paid day off by the Politburo's
///   Resolution 80-NQ/TW (January 2026); the statute amending art. 112 is not verified here [check].
///
/// The current rules are applied to every year, including past ones (before 2021 the Labor Code 2012 gave
/// one day for Quốc khánh; Giỗ Tổ has been a day off since 2007): record an official schedule for a past
/// year that matters.
enum HolidayRules {
    /// The first year in which 24/11 is a day off.
    static let vietnameseCultureDayFirstYear = 2026

    /// The projected weekday days off of a Gregorian year, sorted; empty when the lunar calendar cannot
    /// place Tết (outside 1900–2199).
    static func projectedDaysOff(inYear year: Int) -> [DayOff] {
        var holidays: [(date: CivilDate, name: String)] = []
        func add(_ month: Int, _ day: Int, _ name: String) {
            if let date = CivilDate(year: year, month: month, day: day) { holidays.append((date, name)) }
        }

        add(1, 1, "Tết Dương lịch")
        if let newYear = LunarCalendar.newYearsDay(ofLunarYear: year), let eve = newYear.adding(days: -1) {
            holidays.append((eve, "Tết Nguyên Đán (ngày cuối năm âm lịch)"))
            for offset in 0..<4 {
                if let day = newYear.adding(days: offset) {
                    holidays.append((day, "Tết Nguyên Đán (mùng \(offset + 1) tháng Giêng)"))
                }
            }
        }
        // Giỗ Tổ is 10/3 of the ordinary month 3, even in a year with a leap month 3.
        if let hungKings = LunarCalendar.civilDate(for: LunarDate(day: 10, month: 3, year: year)) {
            holidays.append((hungKings, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"))
        }
        add(4, 30, "Ngày Chiến thắng (30/4)")
        add(5, 1, "Ngày Quốc tế Lao động (1/5)")
        if let nationalDay = CivilDate(year: year, month: 9, day: 2) {
            let adjacentDay = [.monday, .thursday].contains(nationalDay.weekday) ? 3 : 1
            add(9, adjacentDay, "Quốc khánh (ngày liền kề \(adjacentDay)/9)")
            holidays.append((nationalDay, "Quốc khánh (2/9)"))
        }
        if year >= vietnameseCultureDayFirstYear {
            add(11, 24, "Ngày Văn hoá Việt Nam (24/11)")
        }
        holidays.sort { $0.date < $1.date }

        // Weekday holidays are days off; each weekend holiday gives the next weekday that is not already off
        // (art. 111). Giỗ Tổ can fall on 30/4 (in 1900–2199 only in 1947): the second holiday of such a day is
        // treated like a weekend one, so that no statutory day off is lost.
        var daysOff: [CivilDate: String] = [:]
        var needingSubstitute: [(date: CivilDate, name: String)] = []
        for holiday in holidays {
            if holiday.date.weekday.isWeekend || daysOff[holiday.date] != nil {
                needingSubstitute.append(holiday)
            } else {
                daysOff[holiday.date] = holiday.name
            }
        }
        for holiday in needingSubstitute {
            var candidate = holiday.date
            repeat {
                guard let next = candidate.adding(days: 1) else { break }
                candidate = next
            } while candidate.weekday.isWeekend || daysOff[candidate] != nil
            if daysOff[candidate] == nil {
                daysOff[candidate] = "Nghỉ bù " + holiday.name + " (" + holiday.date.weekday.vietnameseName + " "
                    + "\(holiday.date.day)/\(holiday.date.month))"
            }
        }
        return daysOff.map { DayOff(date: $0.key, name: $0.value, isProjected: true) }.sorted { $0.date < $1.date }
    }
}

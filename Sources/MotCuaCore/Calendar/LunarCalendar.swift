import Foundation

/// A date of the Vietnamese lunar calendar (âm lịch), such as 10/3 of lunar year 2026.
public struct LunarDate: Hashable, Sendable, Codable {
    /// The day of the lunar month, 1 through 29 or 30.
    public let day: Int
    /// The lunar month, 1 (tháng Giêng) through 12 (tháng Chạp).
    public let month: Int
    /// The lunar year, named by the Gregorian year in which its first day falls.
    public let year: Int
    /// Whether the month is the intercalary (nhuận) month that repeats `month`.
    public let isLeapMonth: Bool

    /// Creates a lunar date without checking it exists; `LunarCalendar.civilDate(for:)` tells whether it does.
    public init(day: Int, month: Int, year: Int, isLeapMonth: Bool = false) {
        self.day = day
        self.month = month
        self.year = year
        self.isLeapMonth = isLeapMonth
    }
}

/// Conversions between the Gregorian and the Vietnamese lunar calendar, computed at UTC+7.
///
/// Rules (Hồ Ngọc Đức's description of the Vietnamese calendar, after Meeus): a month begins on the
/// local day of a new moon; month 11 is the month containing the winter solstice; when 13 months
/// separate two months 11, the first of them that contains no major solar term (trung khí) is the
/// leap month and takes the number of the month before it. Foundation's `.chinese` calendar is not
/// used: it is computed at UTC+8 and disagrees on many dates (Tết 1985, 2007, 2030).
///
/// Checked in the tests against an independent table of Tết and Giỗ Tổ for 1900–2100. Against a modern
/// ephemeris (PyEphem) this method's Tết differs only in 2175 and 2199, where the new moon falls within three
/// minutes of local midnight, inside the uncertainty of ΔT that far ahead.
///
/// Every month from late 1899 to 2201 is computed once, on first use, into a table; each conversion
/// is then a binary search over about 3 700 months.
public enum LunarCalendar {
    /// The Gregorian dates this calendar converts: 1900-01-01 through 2199-12-31.
    public static let supportedRange: ClosedRange<CivilDate> = {
        guard let first = CivilDate(year: 1900, month: 1, day: 1),
              let last = CivilDate(year: 2199, month: 12, day: 31)
        else { preconditionFailure("constant dates exist") }
        return first...last
    }()

    /// The lunar date of a Gregorian date, or `nil` outside `supportedRange`.
    public static func lunarDate(for date: CivilDate) -> LunarDate? {
        guard supportedRange.contains(date) else { return nil }
        return table.lunarDate(julianDayNumber: date.julianDayNumber)
    }

    /// The Gregorian date of a lunar date, or `nil` when it does not exist (day 30 of a 29-day month,
    /// a leap month the year lacks) or falls outside `supportedRange`.
    public static func civilDate(for date: LunarDate) -> CivilDate? {
        guard let index = table.monthIndex(year: date.year, month: date.month, isLeap: date.isLeapMonth),
              date.day >= 1, date.day <= table.length(ofMonthAt: index),
              let civil = CivilDate(julianDayNumber: table.months[index].start + date.day - 1),
              supportedRange.contains(civil)
        else { return nil }
        return civil
    }

    /// The month that is repeated as a leap month in the lunar year, or `nil` when the year has none
    /// (or lies outside the table).
    public static func leapMonth(ofLunarYear year: Int) -> Int? {
        guard let range = table.monthRange(ofYear: year) else { return nil }
        return range.lazy.map { table.months[$0] }.first(where: \.isLeap).map { Int($0.month) }
    }

    /// The number of days (29 or 30) of a lunar month, or `nil` when the month does not exist.
    public static func daysInLunarMonth(_ month: Int, ofLunarYear year: Int, isLeapMonth: Bool = false) -> Int? {
        table.monthIndex(year: year, month: month, isLeap: isLeapMonth).map(table.length(ofMonthAt:))
    }

    /// The Gregorian date of Tết (1/1 of the lunar year), or `nil` outside `supportedRange`.
    public static func newYearsDay(ofLunarYear year: Int) -> CivilDate? {
        civilDate(for: LunarDate(day: 1, month: 1, year: year))
    }

    /// The table, built once and thread-safely by Swift's lazy global initialisation.
    static let table = LunarMonthTable(firstSolsticeYear: 1899, lastSolsticeYear: 2200)
}

/// One lunar month: the JDN of its first day and its name.
struct LunarMonth: Sendable {
    let start: Int
    let year: Int
    let month: Int8
    let isLeap: Bool
}

/// Every lunar month between two winter solstices, in order, with an index by lunar year.
struct LunarMonthTable: Sendable {
    let months: [LunarMonth]
    /// The first day after the last month of the table.
    let end: Int
    let firstYear: Int
    /// `yearStarts[y - firstYear]` is the index of the first month of lunar year `y` in `months`.
    let yearStarts: [Int]

    init(firstSolsticeYear: Int, lastSolsticeYear: Int) {
        var months: [LunarMonth] = []
        var nextMonth11 = Astronomy.month11Start(ofYear: firstSolsticeYear)
        for year in firstSolsticeYear...lastSolsticeYear {
            let month11 = nextMonth11
            nextMonth11 = Astronomy.month11Start(ofYear: year + 1)
            let k = Astronomy.newMoonNumber(near: month11)
            let count = Int((Double(nextMonth11 - month11) / Astronomy.synodicMonth).rounded())
            let starts = (0...count).map { Astronomy.newMoonDay(k + $0) }
            // With 13 months, the first (after month 11) with no major solar term is the leap month.
            var leapOffset: Int? = nil
            if count == 13 {
                leapOffset = (1...12).first { offset in
                    Astronomy.sunSector(atStartOfDay: starts[offset])
                        == Astronomy.sunSector(atStartOfDay: starts[offset + 1])
                }
            }
            for offset in 0..<count {
                // Count months from 11; after the leap month every number shifts back by one.
                var ordinal = 11 + offset
                var isLeap = false
                if let leap = leapOffset, offset >= leap {
                    ordinal -= 1
                    isLeap = offset == leap
                }
                // Months 11 and 12 belong to the solstice's year, months 1–10 after them to the next.
                let lunarYear = ordinal > 12 ? year + 1 : year
                months.append(LunarMonth(start: starts[offset], year: lunarYear,
                                         month: Int8((ordinal - 1) % 12 + 1), isLeap: isLeap))
            }
        }
        self.months = months
        self.end = nextMonth11
        self.firstYear = firstSolsticeYear
        var yearStarts: [Int] = []
        for (index, month) in months.enumerated() where index == 0 || months[index - 1].year != month.year {
            yearStarts.append(index)
        }
        self.yearStarts = yearStarts
    }

    func length(ofMonthAt index: Int) -> Int {
        (index + 1 < months.count ? months[index + 1].start : end) - months[index].start
    }

    func lunarDate(julianDayNumber jdn: Int) -> LunarDate? {
        guard let first = months.first, jdn >= first.start, jdn < end else { return nil }
        // Binary search for the last month that starts on or before the day.
        var low = 0
        var high = months.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if months[middle].start <= jdn { low = middle } else { high = middle - 1 }
        }
        let month = months[low]
        return LunarDate(day: jdn - month.start + 1, month: Int(month.month), year: month.year,
                         isLeapMonth: month.isLeap)
    }

    func monthRange(ofYear year: Int) -> Range<Int>? {
        let position = year - firstYear
        guard position >= 0, position < yearStarts.count else { return nil }
        let upper = position + 1 < yearStarts.count ? yearStarts[position + 1] : months.count
        return yearStarts[position]..<upper
    }

    func monthIndex(year: Int, month: Int, isLeap: Bool) -> Int? {
        guard (1...12).contains(month), let range = monthRange(ofYear: year) else { return nil }
        return range.first { months[$0].month == month && months[$0].isLeap == isLeap }
    }
}

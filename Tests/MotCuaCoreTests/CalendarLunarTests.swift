import Foundation
import MotCuaCore
import Testing

/// The Vietnamese lunar calendar, checked against an independent table and by its own invariants.
@Suite struct CalendarLunarTests {
    /// Rows of Fixtures/tet-1900-2100.csv: lunar year, Tết, Giỗ Tổ (empty for 1900).
    static func fixtureRows() throws -> [(year: Int, tet: CivilDate, gioTo: CivilDate?)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tet-1900-2100.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("year") }.map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let year = try #require(Int(fields[0]))
            let tet = try #require(CivilDate(isoString: fields[1]))
            return (year, tet, CivilDate(isoString: fields[2]))
        }
    }

    @Test func tetMatchesIndependentTableFor1900Through2100() throws {
        let rows = try Self.fixtureRows()
        #expect(rows.count == 201)
        #expect(rows.first?.year == 1900 && rows.last?.year == 2100)
        for row in rows {
            #expect(LunarCalendar.newYearsDay(ofLunarYear: row.year) == row.tet, "Tết \(row.year)")
            #expect(LunarCalendar.lunarDate(for: row.tet) == LunarDate(day: 1, month: 1, year: row.year))
            if let gioTo = row.gioTo {
                #expect(LunarCalendar.civilDate(for: LunarDate(day: 10, month: 3, year: row.year)) == gioTo,
                        "Giỗ Tổ \(row.year)")
            }
        }
    }

    @Test(arguments: [
        // DOMAIN.md §3: year, Tết, Giỗ Tổ.
        (2024, "2024-02-10", "2024-04-18"), (2025, "2025-01-29", "2025-04-07"), (2026, "2026-02-17", "2026-04-26"),
        (2027, "2027-02-06", "2027-04-16"), (2028, "2028-01-26", "2028-04-04"), (2029, "2029-02-13", "2029-04-23"),
        (2030, "2030-02-02", "2030-04-12"), (2031, "2031-01-23", "2031-04-01"), (2032, "2032-02-11", "2032-04-19"),
        (2033, "2033-01-31", "2033-04-09"), (2034, "2034-02-19", "2034-04-28"), (2035, "2035-02-08", "2035-04-17"),
    ])
    func knownTetAndGioToDates(year: Int, tet: String, gioTo: String) {
        #expect(LunarCalendar.newYearsDay(ofLunarYear: year)?.isoString == tet)
        #expect(LunarCalendar.civilDate(for: LunarDate(day: 10, month: 3, year: year))?.isoString == gioTo)
    }

    @Test func vietnameseTetDiffersFromTheChineseCalendarWhereExpected() {
        // UTC+7 versus UTC+8: Vietnam 21/1/1985, 17/2/2007, 2/2/2030; China 20/2/1985, 18/2/2007, 3/2/2030.
        #expect(LunarCalendar.newYearsDay(ofLunarYear: 1985)?.isoString == "1985-01-21")
        #expect(LunarCalendar.newYearsDay(ofLunarYear: 2007)?.isoString == "2007-02-17")
        #expect(LunarCalendar.newYearsDay(ofLunarYear: 2030)?.isoString == "2030-02-02")
    }

    @Test func leapMonths() {
        #expect(LunarCalendar.leapMonth(ofLunarYear: 2020) == 4)
        #expect(LunarCalendar.leapMonth(ofLunarYear: 2023) == 2)
        #expect(LunarCalendar.leapMonth(ofLunarYear: 2025) == 6)
        #expect(LunarCalendar.leapMonth(ofLunarYear: 2033) == 11)
        #expect(LunarCalendar.leapMonth(ofLunarYear: 2026) == nil)
        #expect(LunarCalendar.leapMonth(ofLunarYear: 1700) == nil)
        // The leap sixth month of 2025 began on 25/7/2025.
        #expect(LunarCalendar.civilDate(for: LunarDate(day: 1, month: 6, year: 2025, isLeapMonth: true))?.isoString
            == "2025-07-25")
        #expect(LunarCalendar.lunarDate(for: CivilDate(year: 2025, month: 8, day: 1)!)
            == LunarDate(day: 8, month: 6, year: 2025, isLeapMonth: true))
    }

    @Test func nonexistentLunarDatesAreNil() {
        // Tháng Chạp of Ất Tỵ (2025) has 29 days: 16/2/2026 is its 29th and last day.
        #expect(LunarCalendar.daysInLunarMonth(12, ofLunarYear: 2025) == 29)
        #expect(LunarCalendar.civilDate(for: LunarDate(day: 29, month: 12, year: 2025))?.isoString == "2026-02-16")
        #expect(LunarCalendar.civilDate(for: LunarDate(day: 30, month: 12, year: 2025)) == nil)
        #expect(LunarCalendar.civilDate(for: LunarDate(day: 1, month: 7, year: 2026, isLeapMonth: true)) == nil)
        #expect(LunarCalendar.civilDate(for: LunarDate(day: 0, month: 1, year: 2026)) == nil)
        #expect(LunarCalendar.civilDate(for: LunarDate(day: 1, month: 13, year: 2026)) == nil)
        #expect(LunarCalendar.civilDate(for: LunarDate(day: 1, month: 1, year: 2300)) == nil)
        #expect(LunarCalendar.civilDate(for: LunarDate(day: -5, month: -1, year: Int.min)) == nil)
    }

    @Test func outOfRangeDatesAreNilNotCrashes() {
        #expect(LunarCalendar.lunarDate(for: CivilDate(year: 1899, month: 12, day: 31)!) == nil)
        #expect(LunarCalendar.lunarDate(for: CivilDate(year: 2200, month: 1, day: 1)!) == nil)
        #expect(LunarCalendar.lunarDate(for: CivilDate(year: 1900, month: 1, day: 1)!) != nil)
        #expect(LunarCalendar.lunarDate(for: CivilDate(year: 2199, month: 12, day: 31)!) != nil)
    }

    @Test func everyDayRoundTripsAndDaysRunInSequence() throws {
        let range = LunarCalendar.supportedRange
        var date = range.lowerBound
        var previous: LunarDate? = nil
        var checked = 0
        var monthsPerYear: [Int: Int] = [:]
        while date <= range.upperBound {
            let lunar = try #require(LunarCalendar.lunarDate(for: date))
            if LunarCalendar.civilDate(for: lunar) != date {
                Issue.record("\(date) → \(lunar) does not convert back")
            }
            if let previous {
                if lunar.day == previous.day + 1 {
                    if lunar.month != previous.month || lunar.year != previous.year || lunar.isLeapMonth != previous.isLeapMonth {
                        Issue.record("\(date): month changed without day 1")
                    }
                } else if lunar.day == 1, previous.day == 29 || previous.day == 30 {
                    let expectedNext = lunar.isLeapMonth
                        ? (lunar.month == previous.month && !previous.isLeapMonth && lunar.year == previous.year)
                        : (lunar.month == previous.month % 12 + 1
                            && lunar.year == previous.year + (lunar.month == 1 ? 1 : 0))
                    if !expectedNext { Issue.record("\(date): \(previous) is followed by \(lunar)") }
                    monthsPerYear[lunar.year, default: 0] += 1
                } else {
                    Issue.record("\(date): day \(previous.day) is followed by day \(lunar.day)")
                }
            }
            previous = lunar
            checked += 1
            date = try #require(date.adding(days: 1))
        }
        #expect(checked == 109_573) // 300 years of 365 days plus 73 leap days
        // A lunar year has 12 months, or 13 exactly when it has a leap month.
        for year in 1900...2198 { // lunar year 2199 runs past 2199-12-31
            let expected = LunarCalendar.leapMonth(ofLunarYear: year) == nil ? 12 : 13
            #expect(monthsPerYear[year] == expected, "lunar year \(year)")
        }
    }

    @Test func yearNamesAndMonthNames() {
        #expect(LunarDate.sexagenaryName(ofYear: 2026) == "Bính Ngọ")
        #expect(LunarDate.sexagenaryName(ofYear: 2025) == "Ất Tỵ")
        #expect(LunarDate.sexagenaryName(ofYear: 2030) == "Canh Tuất")
        #expect(LunarDate.sexagenaryName(ofYear: 1900) == "Canh Tý")
        #expect(LunarDate(day: 1, month: 12, year: 2025).monthName == "Chạp")
        #expect(LunarDate(day: 1, month: 6, year: 2025, isLeapMonth: true).monthName == "Sáu nhuận")
    }
}

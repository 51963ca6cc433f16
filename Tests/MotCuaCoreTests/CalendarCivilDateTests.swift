import Foundation
import MotCuaCore
import Testing

/// Gregorian dates, their parsing, and Vietnam local time.
@Suite struct CalendarCivilDateTests {
    @Test func validation() {
        #expect(CivilDate(year: 2026, month: 2, day: 30) == nil)
        #expect(CivilDate(year: 2025, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2026, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 2026, month: 4, day: 31) == nil)
    }

    @Test func parsing() {
        #expect(CivilDate(isoString: "2026-02-17") == CivilDate(year: 2026, month: 2, day: 17))
        #expect(CivilDate(isoString: "2026-02-30") == nil)
        #expect(CivilDate(isoString: "2026-2-17") == nil)
        #expect(CivilDate(isoString: "+026-02-17") == nil)
        #expect(CivilDate(isoString: "2026-02-17x") == nil)
        #expect(CivilDate(isoString: "") == nil)
        #expect(CivilDate(dayMonthYear: "2/9/2026") == CivilDate(year: 2026, month: 9, day: 2))
        #expect(CivilDate(dayMonthYear: "02/09/2026") == CivilDate(year: 2026, month: 9, day: 2))
        #expect(CivilDate(dayMonthYear: "30/2/2026") == nil)
        #expect(CivilDate(dayMonthYear: "2/9/26") == nil)
        #expect(CivilDate(year: 2030, month: 2, day: 2)?.vietnameseString == "02/02/2030")
        #expect(CivilDate(year: 987, month: 6, day: 5)?.isoString == "0987-06-05")
    }

    @Test func weekdaysAndArithmetic() throws {
        let date = try #require(CivilDate(year: 2026, month: 2, day: 17))
        #expect(date.weekday == .tuesday)
        #expect(CivilDate(year: 2000, month: 1, day: 1)?.weekday == .saturday)
        #expect(CivilDate(year: 1900, month: 1, day: 1)?.weekday == .monday)
        #expect(date.adding(days: 12)?.isoString == "2026-03-01")
        #expect(date.adding(days: -48)?.isoString == "2025-12-31")
        #expect(CivilDate(year: 9999, month: 12, day: 31)?.adding(days: 1) == nil)
        #expect(CivilDate(year: 1, month: 1, day: 1)?.adding(days: -1) == nil)
        #expect(date.adding(days: Int.max) == nil)
        #expect(CivilDate(year: 2025, month: 12, day: 31)?.days(to: date) == 48)
        // Foundation agrees on the weekday of every day of 2026.
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC")!
        var day = try #require(CivilDate(year: 2026, month: 1, day: 1))
        for _ in 0..<365 {
            let components = DateComponents(year: day.year, month: day.month, day: day.day)
            let foundationDate = try #require(gregorian.date(from: components))
            #expect(gregorian.component(.weekday, from: foundationDate) == day.weekday.rawValue)
            day = try #require(day.adding(days: 1))
        }
    }

    @Test func codableAsISOString() throws {
        let date = try #require(CivilDate(year: 2026, month: 11, day: 24))
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2026-11-24\"]")
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == [date])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CivilDate].self, from: Data("[\"2026-02-30\"]".utf8)) }
    }

    @Test func vietnamLocalTimeIsUTCPlusSeven() throws {
        // 2026-02-16T17:30:00Z is 00:30 on 17/2 in Vietnam: the day changes at 17:00 UTC.
        let instant = try #require(ISO8601DateFormatter().date(from: "2026-02-16T17:30:00Z"))
        let local = try #require(LocalDateTime(instant))
        #expect(local.date.isoString == "2026-02-17")
        #expect(local.hour == 0 && local.minute == 30 && local.second == 0)
        #expect(local.instant == instant)
        #expect(local.description == "00:30 ngày 17/02/2026")
        let beforeEpoch = try #require(ISO8601DateFormatter().date(from: "1969-12-31T16:59:59Z"))
        let early = try #require(LocalDateTime(beforeEpoch))
        #expect(early.date.isoString == "1969-12-31" && early.hour == 23 && early.minute == 59 && early.second == 59)
        #expect(early.instant == beforeEpoch)
        #expect(LocalDateTime(Date(timeIntervalSince1970: 1e15)) == nil)
        #expect(LocalDateTime(date: try #require(CivilDate(year: 2026, month: 1, day: 1)), hour: 24) == nil)
    }
}

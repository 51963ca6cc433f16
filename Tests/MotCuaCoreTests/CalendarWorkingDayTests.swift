import Foundation
import MotCuaCore
import Testing

/// Converts "YYYY-MM-DD" in a test, failing the test (not crashing) on a typo.
func day(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CivilDate {
    try #require(CivilDate(isoString: text), sourceLocation: sourceLocation)
}

/// Working days from the shipped official schedules (2025, 2026) and from projection elsewhere.
@Suite struct CalendarWorkingDayTests {
    let calendar = WorkingDayCalendar.bundled

    func adding(_ count: Int, to text: String) throws -> String? {
        calendar.addingWorkingDays(count, to: try day(text))?.isoString
    }

    @Test func bundledSchedulesLoad() throws {
        let schedules = try WorkingDayCalendar.loadBundledSchedules()
        #expect(schedules.map(\.year) == [2025, 2026])
        #expect(calendar.officialSchedule(forYear: 2026)?.source.reference.contains("9441/TB-BNV") == true)
        #expect(calendar.officialSchedule(forYear: 2027) == nil)
    }

    @Test func tet2025() throws {
        for text in ["2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"] {
            #expect(!calendar.isWorkingDay(try day(text)), "\(text)")
            #expect(calendar.dayOff(on: try day(text))?.isProjected == false)
        }
        #expect(try adding(1, to: "2025-01-24") == "2025-02-03")
        #expect(try adding(3, to: "2025-01-23") == "2025-02-04")
        #expect(calendar.workingDays(from: try day("2025-01-24"), to: try day("2025-02-03")) == 1)
    }

    @Test func swappedDaysAroundThirtiethOfApril2025() throws {
        #expect(calendar.isWorkingDay(try day("2025-04-26")), "Saturday 26/4/2025 is a make-up working day")
        #expect(!calendar.isWorkingDay(try day("2025-05-02")), "Friday 2/5/2025 is off in exchange")
        #expect(!calendar.isWorkingDay(try day("2025-04-07")), "Giỗ Tổ")
        #expect(try adding(1, to: "2025-04-25") == "2025-04-26")
        #expect(try adding(3, to: "2025-04-25") == "2025-04-29")
        #expect(try adding(4, to: "2025-04-25") == "2025-05-05")
        #expect(try adding(1, to: "2025-08-29") == "2025-09-03")
    }

    @Test func holidays2026() throws {
        #expect(try adding(1, to: "2026-02-13") == "2026-02-23")
        #expect(try adding(1, to: "2026-04-24") == "2026-04-28", "Mon 27/4 replaces Giỗ Tổ on Sunday 26/4")
        #expect(try adding(3, to: "2026-04-24") == "2026-05-04", "30/4 and 1/5 are off")
        #expect(calendar.isWorkingDay(try day("2026-08-22")), "Saturday 22/8/2026 is a make-up working day")
        #expect(!calendar.isWorkingDay(try day("2026-08-31")))
        #expect(try adding(1, to: "2026-08-21") == "2026-08-22")
        #expect(try adding(1, to: "2026-08-28") == "2026-09-03")
        #expect(calendar.dayOff(on: try day("2026-11-24"))?.name == "Ngày Văn hoá Việt Nam (24/11)")
        #expect(try adding(1, to: "2026-11-23") == "2026-11-25")
        #expect(calendar.daysOff(inYear: 2026).count == 14)
        #expect(calendar.daysOff(inYear: 2026).allSatisfy { !$0.isProjected })
    }

    @Test func projected2027() throws {
        let daysOff = calendar.daysOff(inYear: 2027)
        #expect(daysOff.allSatisfy { $0.isProjected })
        #expect(daysOff.map(\.date.isoString) == [
            "2027-01-01",
            // Tết: 1/1 lunar is Saturday 6/2/2027; last day of the year Friday 5/2, then Mon 8 and Tue 9,
            // and Wed 10, Thu 11 in place of Saturday and Sunday (art. 111).
            "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
            "2027-04-16", // Giỗ Tổ, Friday
            "2027-04-30", "2027-05-03", // 1/5 is a Saturday: Monday 3/5 instead
            "2027-09-02", "2027-09-03", // 2/9 is a Thursday: the adjacent day is Friday 3/9
            "2027-11-24",
        ])
        #expect(calendar.dayOff(on: try day("2027-05-03"))?.name.hasPrefix("Nghỉ bù") == true)
        #expect(calendar.isWorkingDay(try day("2027-02-12")))
    }

    @Test func substituteDaysForWeekendHolidays() throws {
        // 1/1/2028 is a Saturday: Monday 3/1 is off instead.
        #expect(try day("2028-01-01").weekday == .saturday)
        #expect(calendar.dayOff(on: try day("2028-01-03"))?.name.contains("Tết Dương lịch") == true)
        // 24/11/2029 is a Saturday: Monday 26/11.
        #expect(calendar.dayOff(on: try day("2029-11-26")) != nil)
        // Before 2026 there is no 24/11 day off.
        #expect(calendar.daysOff(inYear: 2024).allSatisfy { $0.date.month != 11 })
    }

    @Test func everyProjectedYearHasItsHolidays() {
        for year in WorkingDayCalendar.supportedYears where calendar.officialSchedule(forYear: year) == nil {
            let daysOff = calendar.daysOff(inYear: year)
            // 1/1, 5 Tết, Giỗ Tổ, 30/4, 1/5, two for 2/9, and 24/11 from 2026: each is a weekday or gives one.
            let expected = year >= 2026 ? 12 : 11
            if daysOff.count != expected { Issue.record("\(year): \(daysOff.map { "\($0.date) \($0.name)" })") }
            if daysOff.contains(where: { $0.date.weekday.isWeekend || $0.date.year != year }) {
                Issue.record("\(year): a day off on a weekend or in another year")
            }
        }
    }

    @Test func arithmeticLimitsAndIdentities() throws {
        let start = try day("2026-02-13")
        #expect(calendar.addingWorkingDays(0, to: start) == start)
        #expect(calendar.addingWorkingDays(-1, to: start) == nil)
        #expect(calendar.addingWorkingDays(10_001, to: start) == nil)
        #expect(calendar.addingWorkingDays(10_000, to: start) != nil)
        #expect(calendar.addingWorkingDays(5, to: try day("2199-12-28")) == nil)
        #expect(calendar.addingWorkingDays(1, to: try day("1899-12-29")) == nil)
        #expect(calendar.nextWorkingDay(after: try day("2026-02-14")) == (try day("2026-02-23")))
        #expect(calendar.workingDays(from: try day("2026-03-01"), to: try day("2026-02-01")) == -15, "Feb 2026 has 20 weekdays, 5 of them Tết")
        #expect(calendar.workingDays(from: try day("1899-03-01"), to: try day("2026-02-01")) == nil)
        // Outside the table, the Monday–Friday rule answers.
        #expect(calendar.isWorkingDay(try day("2300-01-01")) == !(try day("2300-01-01")).weekday.isWeekend)
        var date = try day("2024-12-20")
        for _ in 0..<800 {
            for count in [1, 3, 5, 15] {
                let result = try #require(calendar.addingWorkingDays(count, to: date))
                #expect(calendar.isWorkingDay(result))
                #expect(calendar.workingDays(from: date, to: result) == count)
            }
            date = try #require(date.adding(days: 1))
        }
    }

    @Test func recordedScheduleOverridesProjection() throws {
        let schedule = try OfficialSchedule(
            year: 2027,
            source: .init(title: "Lịch nghỉ năm 2027", reference: "Thông báo thử nghiệm"),
            daysOff: [.init(date: try day("2027-02-12"), name: "Tết Nguyên Đán")],
            makeUpWorkingDays: [.init(date: try day("2027-02-20"), name: "Làm bù")])
        let custom = WorkingDayCalendar(schedules: [schedule])
        #expect(!custom.isWorkingDay(try day("2027-02-12")))
        #expect(custom.isWorkingDay(try day("2027-02-10")))
        #expect(custom.isWorkingDay(try day("2027-02-20")))
        #expect(custom.daysOff(inYear: 2027).map(\.isProjected) == [false])
        #expect(custom.daysOff(inYear: 2026).allSatisfy { $0.isProjected })
    }
}

import Foundation
import MotCuaCore
import Testing

/// Appointed return times under the cut-off rules (Civil Code art. 147–148, Luật Hộ tịch art. 5.3).
@Suite struct CalendarDeadlineTests {
    let calendar = WorkingDayCalendar.bundled

    /// The instant of a Vietnam wall-clock time.
    func at(_ text: String, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) throws -> Date {
        try #require(LocalDateTime(date: try day(text), hour: hour, minute: minute, second: second)).instant
    }

    func due(_ text: String, _ hour: Int, _ minute: Int, _ second: Int,
             _ time: ProcessingTime, _ channel: IntakeChannel, cutOff: Int = 15) throws -> String {
        let deadline = try #require(calendar.deadline(receivedAt: try at(text, hour, minute, second),
                                                      processingTime: time, channel: channel, cutOffHour: cutOff))
        #expect(calendar.isWorkingDay(deadline.dueAt.date))
        return deadline.dueAt.description
    }

    @Test func counterSameDayCutOff() throws {
        #expect(try day("2026-03-02").weekday == .monday)
        #expect(try due("2026-03-02", 14, 59, 59, .sameDay, .counter) == "17:00 ngày 02/03/2026")
        #expect(try due("2026-03-02", 15, 0, 0, .sameDay, .counter) == "17:00 ngày 02/03/2026")
        #expect(try due("2026-03-02", 15, 0, 1, .sameDay, .counter) == "17:00 ngày 03/03/2026")
        #expect(try due("2026-03-02", 16, 0, 0, .sameDay, .counter, cutOff: 16) == "17:00 ngày 02/03/2026")
        // Friday after 15:00 before Tết 2026: returned on the first working day after it.
        #expect(try due("2026-02-13", 16, 0, 0, .sameDay, .counter) == "17:00 ngày 23/02/2026")
    }

    @Test func counterWorkingDays() throws {
        #expect(try due("2026-03-02", 10, 0, 0, .workingDays(3), .counter) == "17:00 ngày 05/03/2026")
        #expect(try due("2026-03-02", 16, 0, 0, .workingDays(3), .counter) == "17:00 ngày 06/03/2026")
        #expect(try due("2026-03-02", 10, 0, 0, .workingDays(5), .counter) == "17:00 ngày 09/03/2026")
        #expect(try due("2026-02-12", 10, 0, 0, .workingDays(5), .counter) == "17:00 ngày 26/02/2026")
        #expect(try due("2026-03-02", 10, 0, 0, .workingDays(0), .counter) == "17:00 ngày 02/03/2026")
        // Saturday 22/8/2026 is a working day, Monday 31/8 to Wednesday 2/9 are not.
        #expect(try due("2026-08-21", 9, 0, 0, .workingDays(3), .post) == "17:00 ngày 25/08/2026")
        #expect(try due("2026-08-28", 9, 0, 0, .workingDays(3), .counter) == "17:00 ngày 07/09/2026")
    }

    @Test func onlineIntake() throws {
        #expect(try due("2026-03-02", 16, 30, 0, .workingDays(3), .online) == "17:00 ngày 05/03/2026")
        #expect(try due("2026-03-02", 17, 0, 1, .workingDays(3), .online) == "17:00 ngày 06/03/2026")
        #expect(try day("2026-03-01").weekday == .sunday)
        #expect(try due("2026-03-01", 10, 0, 0, .workingDays(3), .online) == "17:00 ngày 05/03/2026")
        // During Tết 2026 the clock starts at 08:00 on Monday 23/2.
        let deadline = try #require(calendar.deadline(receivedAt: try at("2026-02-18", 9), processingTime: .workingDays(3),
                                                      channel: .online))
        #expect(deadline.countedAsReceivedOn.isoString == "2026-02-23")
        #expect(deadline.dueAt.description == "17:00 ngày 26/02/2026")
        #expect(deadline.receivedAt.description == "09:00 ngày 18/02/2026")
        // A same-day procedure keeps its 15:00 cut-off online.
        #expect(try due("2026-03-02", 16, 0, 0, .sameDay, .online) == "17:00 ngày 03/03/2026")
        #expect(try due("2026-03-02", 14, 0, 0, .sameDay, .online) == "17:00 ngày 02/03/2026")
    }

    @Test func invalidInputGivesNil() throws {
        let instant = try at("2026-03-02", 10)
        #expect(calendar.deadline(receivedAt: instant, processingTime: .workingDays(-1), channel: .counter) == nil)
        #expect(calendar.deadline(receivedAt: instant, processingTime: .workingDays(20_000), channel: .counter) == nil)
        #expect(calendar.deadline(receivedAt: instant, processingTime: .sameDay, channel: .counter, cutOffHour: 25) == nil)
        #expect(calendar.deadline(receivedAt: Date(timeIntervalSince1970: 1e14), processingTime: .sameDay,
                                  channel: .online) == nil)
    }

    @Test func supplementPause() throws {
        let originalDue = try #require(LocalDateTime(date: try day("2026-03-05"), hour: 17))
        #expect(calendar.dueAt(originalDue, extendedByWorkingDays: 3)?.description == "17:00 ngày 10/03/2026")
        #expect(calendar.dueAt(originalDue, extendedByWorkingDays: -1) == nil)
        // Paused on Tuesday 3/3 with Wednesday and Thursday left; completed on Monday 9/3: due Wednesday 11/3.
        let resumed = calendar.dueAt(originalDueDay: try day("2026-03-05"), pausedOn: try day("2026-03-03"),
                                     resumedOn: try day("2026-03-09"))
        #expect(resumed?.description == "17:00 ngày 11/03/2026")
        // Paused on the due day itself: due when the completed dossier arrives (next working day if a day off).
        let none = calendar.dueAt(originalDueDay: try day("2026-03-05"), pausedOn: try day("2026-03-05"),
                                  resumedOn: try day("2026-03-07"))
        #expect(none?.description == "17:00 ngày 09/03/2026")
        #expect(calendar.dueAt(originalDueDay: try day("2026-03-05"), pausedOn: try day("2026-03-05"),
                               resumedOn: try day("2026-03-01")) == nil)
    }
}

import MotCuaCore
import Testing

@Suite("Time left in working days beside a due date")
struct TimeLeftTests {
    let calendar = WorkingDayCalendar.bundled

    func local(_ iso: String, _ hour: Int, _ minute: Int = 0) -> LocalDateTime {
        LocalDateTime(date: CivilDate(isoString: iso)!, hour: hour, minute: minute)!
    }

    @Test("days left count working days only: Friday 13/2/2026 to Monday 23/2 across Tết is one working day")
    func daysLeftSkipDaysOff() {
        #expect(TimeLeft.standing(due: local("2026-02-23", 17), now: local("2026-02-13", 15, 30), calendar: calendar) == .workingDays(1))
        // Monday 2/3 to Thursday 5/3: three working days.
        let left = TimeLeft.standing(due: local("2026-03-05", 17), now: local("2026-03-02", 9), calendar: calendar)
        #expect(left == .workingDays(3))
        #expect(left?.vietnameseDescription == "còn 3 ngày làm việc")
        #expect(left?.isOverdue == false)
    }

    @Test("due later today, due time passed today, and late by working days with the weekend and 30/4–1/5 not counted")
    func dueTodayAndOverdue() {
        #expect(TimeLeft.standing(due: local("2026-03-05", 17), now: local("2026-03-05", 8), calendar: calendar) == .dueToday)
        #expect(TimeLeft.standing(due: local("2026-03-05", 17), now: local("2026-03-05", 8), calendar: calendar)?.vietnameseDescription == "đến hạn hôm nay")
        let passed = TimeLeft.standing(due: local("2026-03-05", 17), now: local("2026-03-05", 17, 30), calendar: calendar)
        #expect(passed == .overdue(workingDays: 0))
        #expect(passed?.isOverdue == true)
        // Due Wednesday 29/4/2026; Thursday 30/4, Friday 1/5 and the weekend are off; Monday 4/5 is the first late day.
        let late = TimeLeft.standing(due: local("2026-04-29", 17), now: local("2026-05-05", 10), calendar: calendar)
        #expect(late == .overdue(workingDays: 2))
        #expect(late?.vietnameseDescription == "quá hạn 2 ngày làm việc")
    }

    @Test("urgency sorts the most overdue first, then due today, then the fewest days left")
    func urgencyOrder() {
        let standings: [TimeLeft] = [.workingDays(4), .dueToday, .overdue(workingDays: 0), .workingDays(1), .overdue(workingDays: 5)]
        #expect(standings.sorted { $0.urgency < $1.urgency } == [.overdue(workingDays: 5), .overdue(workingDays: 0), .dueToday, .workingDays(1), .workingDays(4)])
    }
}

import MotCuaCore
import Testing

@Suite("What a work list puts first")
struct WorkUrgencyTests {
    let calendar = WorkingDayCalendar.bundled

    func local(_ iso: String, _ hour: Int, _ minute: Int = 0) -> LocalDateTime {
        LocalDateTime(date: CivilDate(isoString: iso)!, hour: hour, minute: minute)!
    }

    @Test("an online dossier is to be received by 17:00 of the working day its time starts: the same day before 17:00, the next working day after it or on a day off")
    func receiptDeadline() {
        #expect(WorkUrgency.receiptDeadline(submittedAt: local("2026-03-02", 9).instant, calendar: calendar) == local("2026-03-02", 17))
        #expect(WorkUrgency.receiptDeadline(submittedAt: local("2026-03-02", 17, 30).instant, calendar: calendar) == local("2026-03-03", 17))
        // Saturday 14/2/2026, Tết follows (16–20/2): the first working day is Monday 23/2.
        #expect(WorkUrgency.receiptDeadline(submittedAt: local("2026-02-14", 10).instant, calendar: calendar) == local("2026-02-23", 17))
    }

    @Test("waiting is told in minutes, hours, then working days")
    func waiting() {
        #expect(WorkUrgency.waitingDescription(since: local("2026-03-02", 9), now: local("2026-03-02", 9, 25), calendar: calendar) == "chờ 25 phút")
        #expect(WorkUrgency.waitingDescription(since: local("2026-03-02", 9), now: local("2026-03-02", 12, 10), calendar: calendar) == "chờ 3 giờ")
        // Friday 6/3 to Tuesday 10/3: Monday and Tuesday.
        #expect(WorkUrgency.waitingDescription(since: local("2026-03-06", 16), now: local("2026-03-10", 9), calendar: calendar) == "chờ 2 ngày làm việc")
    }

    @Test("the earliest time to act comes first, ties by the longest wait, and dossiers waiting for the applicant last")
    func order() {
        let overdue = WorkUrgency.Item(actBy: local("2026-03-02", 17), waitingSince: local("2026-02-25", 9))
        let newOnline = WorkUrgency.Item(actBy: local("2026-03-03", 17), waitingSince: local("2026-03-03", 8))
        let dueLaterOlder = WorkUrgency.Item(actBy: local("2026-03-05", 17), waitingSince: local("2026-03-01", 8))
        let dueLaterNewer = WorkUrgency.Item(actBy: local("2026-03-05", 17), waitingSince: local("2026-03-02", 8))
        let supplement = WorkUrgency.Item(actBy: nil, waitingSince: local("2026-01-05", 8))
        let items = [supplement, dueLaterNewer, newOnline, dueLaterOlder, overdue]
        let sorted = items.sorted { $0.precedes($1) }
        #expect(sorted.map(\.waitingSince) == [overdue, newOnline, dueLaterOlder, dueLaterNewer, supplement].map(\.waitingSince))
    }
}

import Foundation
import MotCuaCore
import Testing

@Suite("Offline intake: the recorded receipt time and the idempotency key")
struct OfflineIntakeTests {
    /// Monday 2/3/2026 at 09:00, Vietnam time.
    static let synced = LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 2)!, hour: 9)!.instant

    @Test("a receipt time up to seven days back stands; later than the clock's tolerance or older than seven days is refused")
    func receiptTimeBounds() {
        let hour: TimeInterval = 3600
        #expect(OfflineIntake.problem(recordedAt: Self.synced, syncedAt: Self.synced) == nil)
        #expect(OfflineIntake.problem(recordedAt: Self.synced.addingTimeInterval(-3 * 24 * hour), syncedAt: Self.synced) == nil)
        #expect(OfflineIntake.problem(recordedAt: Self.synced.addingTimeInterval(-OfflineIntake.maximumAge), syncedAt: Self.synced) == nil)
        #expect(OfflineIntake.problem(recordedAt: Self.synced.addingTimeInterval(-OfflineIntake.maximumAge - 1), syncedAt: Self.synced) == .tooOld)
        #expect(OfflineIntake.problem(recordedAt: Self.synced.addingTimeInterval(OfflineIntake.clockTolerance), syncedAt: Self.synced) == nil)
        #expect(OfflineIntake.problem(recordedAt: Self.synced.addingTimeInterval(OfflineIntake.clockTolerance + 1), syncedAt: Self.synced) == .inTheFuture)
        #expect(OfflineIntake.Problem.tooOld.message.contains("7 ngày"))
    }

    @Test("idempotency keys are 8 to 128 plain characters: a UUID passes, spaces, accents and long keys do not", arguments: [
        ("6f1c2a9e-8d4b-4c1e-9a7f-2b3c4d5e6f70", true), ("off-2026:03.02_0001", true), ("short", false), ("có dấu-12345", false),
        ("with space 123", false), (String(repeating: "a", count: 129), false), (String(repeating: "a", count: 128), true),
    ])
    func idempotencyKeys(key: String, valid: Bool) {
        #expect(OfflineIntake.isValidIdempotencyKey(key) == valid)
    }
}

@Suite("Offline intake: the cached working-day calendar")
struct OfflineCalendarTests {
    @Test("the cached window lists exactly the working days: Tết 2026 and weekends left out")
    func workingDayWindow() throws {
        let calendar = WorkingDayCalendar(schedules: try WorkingDayCalendar.loadBundledSchedules())
        let start = try #require(CivilDate(year: 2026, month: 2, day: 9))
        let days = OfflineIntake.workingDays(from: start, dayCount: 28, in: calendar)
        #expect(days.first == start)
        #expect(days.allSatisfy { calendar.isWorkingDay($0) })
        let all = (0..<28).compactMap { start.adding(days: $0) }
        #expect(days.count == all.filter { calendar.isWorkingDay($0) }.count)
        #expect(!days.contains(try #require(CivilDate(year: 2026, month: 2, day: 17))))
        #expect(OfflineIntake.workingDays(from: start, dayCount: 0, in: calendar).isEmpty)
    }
}

import Foundation
import MotCuaCore
import Testing

/// The retention period of personal data in closed dossiers: never shorter than the legal minimum, counted in calendar years.
@Suite struct PersonalDataRetentionTests {
    @Test("periods below the legal minimum, above the maximum or not numbers are refused in Vietnamese")
    func bounds() {
        #expect(PersonalDataRetention(years: PersonalDataRetention.legalMinimumYears) != nil)
        #expect(PersonalDataRetention(years: PersonalDataRetention.legalMinimumYears - 1) == nil)
        #expect(PersonalDataRetention(years: PersonalDataRetention.maximumYears + 1) == nil)
        for text in ["", "4", "-10", "năm", "10.5", "1e3"] {
            guard case .failure(let problem) = PersonalDataRetention.parse(text) else { Issue.record("\(text) accepted"); continue }
            #expect(!problem.message.isEmpty)
        }
        #expect((try? PersonalDataRetention.parse(" 10 ").get())?.years == 10)
    }

    @Test("a dossier closed on 10/03/2020 with five years is due from 10/03/2025 in Vietnam time, not a day before")
    func calendarYears() throws {
        let retention = try #require(PersonalDataRetention(years: 5))
        let closed = LocalDateTime(date: CivilDate(year: 2020, month: 3, day: 10)!, hour: 9)!.instant
        let dayBefore = LocalDateTime(date: CivilDate(year: 2025, month: 3, day: 9)!, hour: 9)!.instant
        let sameTime = LocalDateTime(date: CivilDate(year: 2025, month: 3, day: 10)!, hour: 9)!.instant
        #expect(!retention.isDue(closedAt: closed, now: dayBefore))
        #expect(retention.isDue(closedAt: closed, now: sameTime))
        // 29/02/2024 + 5 years: 28/02/2029 counts, as the calendar has no 29/02/2029.
        let leap = LocalDateTime(date: CivilDate(year: 2024, month: 2, day: 29)!, hour: 9)!.instant
        let lateFebruary = LocalDateTime(date: CivilDate(year: 2029, month: 3, day: 1)!, hour: 9)!.instant
        #expect(retention.isDue(closedAt: leap, now: lateFebruary))
    }
}

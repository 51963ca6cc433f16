import Foundation
import MotCuaCore
import Testing

@Suite("Citizens: ID numbers, confirmation codes, the applicant's steps")
struct CitizenRuleTests {
    let calendar = WorkingDayCalendar.bundled
    let terms = DossierTerms(processingTime: .workingDays(3), cutOffHour: 17, verificationExtraWorkingDays: nil, channel: .online)
    let monday = LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 2)!, hour: 9)!.instant

    @Test("a personal ID number is 12 digits with a province code and a year of birth not in the future")
    func idNumbers() {
        let today = CivilDate(year: 2026, month: 11, day: 29)!
        #expect(PersonalIDNumber.problem(with: "034185001234", today: today) == nil)
        #expect(PersonalIDNumber.problem(with: "034 185 001 234", today: today) == nil)
        #expect(PersonalIDNumber.problem(with: "001203009999", today: today) == nil)
        #expect(PersonalIDNumber.problem(with: "", today: today) != nil)
        #expect(PersonalIDNumber.problem(with: "03418500123", today: today)?.contains("12 chữ số") == true)
        #expect(PersonalIDNumber.problem(with: "03418500123a", today: today)?.contains("12 chữ số") == true)
        #expect(PersonalIDNumber.problem(with: "003185001234", today: today)?.contains("mã tỉnh") == true)
        #expect(PersonalIDNumber.problem(with: "099185001234", today: today)?.contains("mã tỉnh") == true)
        #expect(PersonalIDNumber.problem(with: "034299001234", today: today)?.contains("tương lai") == true)
        #expect(PersonalIDNumber.problem(with: "０３４１８５００１２３４", today: today) != nil, "full-width digits are not ASCII digits")
    }

    @Test("a code is six digits, confirms within ten minutes, and refuses after five wrong entries even when right")
    func codes() {
        var generator = SplitMix64(seed: 7)
        let code = ConfirmationCode.make(using: &generator)
        #expect(ConfirmationCode.normalised(code) == code)
        #expect(ConfirmationCode.normalised("12 34 56") == "123456")
        #expect(ConfirmationCode.normalised("12345") == nil)
        #expect(ConfirmationCode.normalised("12345x") == nil)

        var state = ConfirmationCode.firstSent(at: monday)
        #expect(state.check(matches: true, at: monday.addingTimeInterval(599)) == .confirmed)
        #expect(state.check(matches: true, at: monday.addingTimeInterval(600)) == .expired)

        var guessing = ConfirmationCode.firstSent(at: monday)
        for remaining in (1...4).reversed() {
            #expect(guessing.check(matches: false, at: monday) == .wrong(remaining: remaining))
        }
        #expect(guessing.check(matches: false, at: monday) == .exhausted)
        #expect(guessing.check(matches: true, at: monday) == .exhausted)
        #expect(ConfirmationCode.Verdict.expired.message != nil)
    }

    @Test("a new code waits a minute after the last one, resets the attempts, and stops after five sends")
    func resends() {
        var state = ConfirmationCode.firstSent(at: monday)
        #expect(state.resendProblem(at: monday.addingTimeInterval(30))?.contains("30 giây") == true)
        #expect(state.resendProblem(at: monday.addingTimeInterval(60)) == nil)
        _ = state.check(matches: false, at: monday)
        state.resent(at: monday.addingTimeInterval(60))
        #expect(state.failedAttempts == 0)
        #expect(state.expiresAt == monday.addingTimeInterval(660))
        for send in 3...5 { state.resent(at: monday.addingTimeInterval(Double(send) * 100)) }
        #expect(state.sends == 5)
        #expect(state.resendProblem(at: monday.addingTimeInterval(10_000))?.contains("5 lần") == true)
    }

    @Test("an online dossier: submitted by the applicant, received by the desk, supplemented online back to the desk")
    func onlinePath() throws {
        let citizen = DossierActor.applicant("congdan")
        let desk = DossierActor(username: "tiepnhan", roles: [.counterOfficer])
        var state = try DossierRules.apply(.submitOnline, to: .initial, by: citizen, at: monday, terms: terms, calendar: calendar)
        #expect(state.status == .new && state.dueAt == nil)
        #expect(DossierRules.allowedActions(for: state, actor: citizen) == [.requestStop])
        #expect(DossierRules.allowedActions(for: state, actor: desk).contains(.receive))
        #expect(!DossierRules.allowedActions(for: state, actor: desk).contains(.submitOnline))
        state = try DossierRules.apply(.requestSupplement(missing: ["Giấy chứng sinh"], reason: ""), to: state, by: desk, at: monday, terms: terms, calendar: calendar)
        #expect(DossierRules.allowedActions(for: state, actor: citizen).contains(.submitSupplement))
        #expect(throws: DossierRuleError.self) {
            try DossierRules.apply(.submitSupplement(documents: []), to: state, by: citizen, at: monday, terms: terms, calendar: calendar)
        }
        state = try DossierRules.apply(.submitSupplement(documents: ["Giấy chứng sinh"]), to: state, by: citizen, at: monday, terms: terms, calendar: calendar)
        #expect(state.status == .new)
        // That was the desk's guidance before receipt, not the one request of processing (Điều 11 Nghị định
        // 118/2025/NĐ-CP): once received, the department may still ask once.
        #expect(!state.supplementRequested)
        state = try DossierRules.apply(.receive, to: state, by: desk, at: monday, terms: terms, calendar: calendar)
        #expect(state.status == .received && state.dueAt != nil)
        #expect(DossierRules.allowedActions(for: state, actor: desk).contains(.requestSupplement))
        let asked = try DossierRules.apply(.requestStop(reason: "Không cần nữa"), to: state, by: citizen, at: monday, terms: terms, calendar: calendar)
        #expect(asked == state, "a stop request changes nothing until the desk decides")
    }

    @Test("the applicant cannot take an officer's step, nor an officer the applicant's")
    func separation() {
        let citizen = DossierActor.applicant("congdan")
        let desk = DossierActor(username: "tiepnhan", roles: [.counterOfficer])
        let refusal = #expect(throws: DossierRuleError.self) {
            try DossierRules.apply(.receive, to: .initial, by: citizen, at: monday, terms: terms, calendar: calendar)
        }
        #expect(refusal?.kind == .notAllowedForRole)
        #expect(refusal?.message.contains("việc này do cán bộ thực hiện") == true)
        #expect(throws: DossierRuleError.self) {
            try DossierRules.apply(.submitOnline, to: .initial, by: desk, at: monday, terms: terms, calendar: calendar)
        }
        #expect(DossierActor.recorded(username: "congdan", role: citizen.recordedRole) == citizen)
        #expect(DossierActor.recorded(username: "tiepnhan", role: desk.recordedRole) == desk)
    }
}

import Foundation
import MotCuaCore
import Testing

/// Nghị định 61/2018/NĐ-CP, Điều 17 khoản 1 (sửa đổi bởi Nghị định 107/2021/NĐ-CP), kept by Nghị định 118/2025/NĐ-CP:
/// a dossier that does not qualify is returned with a written notice of the reasons (form 03), within the time for
/// handling it.
@Suite("Refusal during processing")
struct RefusalDuringProcessingTests {
    let calendar = WorkingDayCalendar.bundled
    /// Three working days: received Monday 2/3/2026 at 09:00, due Thursday 5/3/2026 at 17:00.
    let terms = DossierTerms(processingTime: .workingDays(3), cutOffHour: 17, verificationExtraWorkingDays: nil, channel: .counter)

    func at(_ iso: String, _ hour: Int, _ minute: Int = 0) -> Date {
        LocalDateTime(date: CivilDate(isoString: iso)!, hour: hour, minute: minute)!.instant
    }

    func actor(_ role: Role, _ name: String? = nil) -> DossierActor {
        DossierActor(username: name ?? role.rawValue, roles: [role])
    }

    /// Received Monday 2/3 at 09:00 and under the review of "chuyenvien".
    func underReview() -> [(command: DossierCommand, actor: DossierActor, at: Date)] {
        let time = at("2026-03-02", 9)
        return [(.receive, actor(.counterOfficer), time), (.forward, actor(.counterOfficer), time),
                (.assign(assignee: "chuyenvien"), actor(.departmentHead), time), (.startReview, actor(.specialist, "chuyenvien"), time)]
    }

    func fact(_ state: DossierState) -> DossierFact {
        DossierFact(intakeDay: CivilDate(year: 2026, month: 3, day: 2)!, channel: .counter, procedureCode: "1.001193", field: "civil_status", departmentKey: "", officer: "chuyenvien", state: state)
    }

    @Test func aDossierRefusedDuringProcessingWithinTheTimeIsFinishedInTimeNotLate() throws {
        let steps = underReview() + [(.refuseDuringProcessing(reason: "Giấy tờ không chứng minh được nội dung đề nghị."), actor(.departmentHead, "truongphong"), at("2026-03-04", 10))]
        let state = try DossierRules.replay(steps, terms: terms, calendar: calendar)
        #expect(state.status == .refusedDuringProcessing)
        #expect(state.status.isClosed && !state.status.isClockRunning)
        #expect(state.completedAt == at("2026-03-04", 10))
        #expect(state.dueAt == at("2026-03-05", 17))
        #expect(!state.resultIssued)
        #expect(fact(state).handledTimeliness == .beforeTime)
        #expect(fact(state).openStanding(at: at("2026-03-20", 9)) == nil)
        // Counted with the dossiers handled before time on the day of the refusal, never as refused at intake.
        let contribution = FigureContribution(fact(state))
        let total = contribution.counts.values.reduce(FigureCounts(), +)
        #expect(total[.handledBeforeTime] == 1 && total[.handledLate] == 0)
        #expect(total[.refused] == 0 && total[.stopped] == 0)
        #expect(contribution.counts.keys.contains { $0.day == CivilDate(year: 2026, month: 3, day: 4)! && (contribution.counts[$0]?[.handledBeforeTime] ?? 0) == 1 })
    }

    @Test func aDossierRefusedDuringProcessingAfterItsDueTimeIsLate() throws {
        let steps = underReview() + [(.refuseDuringProcessing(reason: "Không đủ điều kiện."), actor(.communeLeader, "lanhdao"), at("2026-03-06", 9))]
        let state = try DossierRules.replay(steps, terms: terms, calendar: calendar)
        #expect(state.status == .refusedDuringProcessing)
        #expect(fact(state).handledTimeliness == .late)
    }

    @Test func refusalDuringProcessingNeedsAWrittenReason() throws {
        let state = try DossierRules.replay(underReview(), terms: terms, calendar: calendar)
        for blank in ["", "   ", "\n"] {
            #expect(throws: DossierRuleError.self) {
                try DossierRules.apply(.refuseDuringProcessing(reason: blank), to: state, by: actor(.departmentHead), at: at("2026-03-03", 9), terms: terms, calendar: calendar)
            }
        }
        do {
            _ = try DossierRules.apply(.refuseDuringProcessing(reason: " "), to: state, by: actor(.departmentHead), at: at("2026-03-03", 9), terms: terms, calendar: calendar)
            Issue.record("a blank reason was accepted")
        } catch {
            #expect(error.kind == .invalidInput)
            #expect(error.message.contains("lý do"))
        }
    }

    @Test func onlyTheAssignedSpecialistTheDepartmentHeadOrTheLeaderRefusesDuringProcessing() throws {
        let state = try DossierRules.replay(underReview(), terms: terms, calendar: calendar)
        let now = at("2026-03-03", 9)
        let refusal = DossierCommand.refuseDuringProcessing(reason: "Không đủ điều kiện.")
        for allowed in [actor(.specialist, "chuyenvien"), actor(.departmentHead, "truongphong"), actor(.communeLeader, "lanhdao")] {
            #expect(DossierRules.allowedActions(for: state, actor: allowed).contains(.refuseDuringProcessing), "\(allowed.username)")
            #expect(try DossierRules.apply(refusal, to: state, by: allowed, at: now, terms: terms, calendar: calendar).status == .refusedDuringProcessing)
        }
        for refused in [actor(.specialist, "chuyenvienkhac"), actor(.counterOfficer), DossierActor.applicant("033095001234")] {
            #expect(!DossierRules.allowedActions(for: state, actor: refused).contains(.refuseDuringProcessing), "\(refused.username)")
            do {
                _ = try DossierRules.apply(refusal, to: state, by: refused, at: now, terms: terms, calendar: calendar)
                Issue.record("\(refused.username) refused a dossier during processing")
            } catch {
                #expect(error.kind == .notAllowedForRole)
            }
        }
        // Before processing the desk refuses at intake (form 03 too); after the result there is nothing left to refuse.
        let received = try DossierRules.replay(Array(underReview().prefix(1)), terms: terms, calendar: calendar)
        #expect(throws: DossierRuleError.self) { try DossierRules.apply(refusal, to: received, by: actor(.departmentHead), at: now, terms: terms, calendar: calendar) }
    }

    @Test func aDossierRefusedDuringProcessingSynchronisesAsStoppedNotAsNotReceived() {
        #expect(DossierStatus.refusedDuringProcessing.nationalStatus == .stopped)
        #expect(DossierStatus.refused.nationalStatus == .notReceived)
        #expect(DossierStatus(rawValue: "refused_during_processing") == .refusedDuringProcessing)
        #expect(DossierStatus.refusedDuringProcessing.publicDescription.contains("phiếu từ chối"))
    }

    @Test func theApplicantIsToldOfARefusalDuringProcessing() throws {
        let message = try #require(ApplicantNotification.message(for: .refuseDuringProcessing, code: "H33.55.01-260302-0001", procedureName: "Đăng ký khai sinh", dueAt: nil, lookupURL: "https://x/tra-cuu/H33"))
        #expect(message.body.contains("không đủ điều kiện giải quyết"))
        #expect(message.body.contains("mẫu số 03"))
        #expect(message.body.contains("https://x/tra-cuu/H33"))
    }
}

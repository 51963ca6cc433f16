import Foundation
import Testing
@testable import MotCuaCore

/// A hand-made set of dossiers in July 2025 whose right answers are worked out beside each expectation.
enum JulyDossiers {
    static func at(_ day: Int, _ month: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        LocalDateTime(date: CivilDate(year: 2025, month: month, day: day)!, hour: hour, minute: minute)!.instant
    }

    static func fact(
        _ intake: (Int, Int), channel: IntakeChannel = .counter, procedure: String = "1.001193", field: String = "civil_status",
        department: String = "office", officer: String = "chuyenvien", status: DossierStatus,
        received: Date? = nil, due: Date? = nil, completed: Date? = nil, returned: Date? = nil, apology: Bool = false, supplement: Bool = false
    ) -> DossierFact {
        DossierFact(
            intakeDay: CivilDate(year: 2025, month: intake.1, day: intake.0)!, channel: channel, procedureCode: procedure, field: field,
            departmentKey: department, officer: officer,
            state: DossierState(status: status, receivedAt: received, dueAt: due, originalDueAt: due, completedAt: completed, returnedAt: returned,
                                supplementRequested: supplement, apologyIssued: apology, resultIssued: completed != nil, verificationExtended: false, assignee: officer, returnMethod: nil)
        )
    }

    /// A: counter, received 1/7 09:00, due 3/7, approved 2/7 10:00 (before time, 25 h), returned 2/7 15:00.
    static let a = fact((1, 7), status: .returned, received: at(1, 7, 9), due: at(3, 7, 17), completed: at(2, 7, 10), returned: at(2, 7, 15))
    /// B: online, received and approved 2/7 (08:00 → 16:00, on time, 8 h), result waiting at the desk.
    static let b = fact((2, 7), channel: .online, procedure: "1.000894", status: .resultReady, received: at(2, 7, 8), due: at(2, 7, 17), completed: at(2, 7, 16))
    /// C: counter, received 3/7 09:00, apology re-set the date to 10/7, approved 9/7 09:00: late all the same (144 h), returned 9/7.
    static let c = fact((3, 7), procedure: "1.004837", status: .returned, received: at(3, 7, 9), due: at(10, 7, 17), completed: at(9, 7, 9), returned: at(9, 7, 10), apology: true)
    /// D: post, received 4/7 08:00, due 8/7, approved 9/7 08:00: late without an apology (120 h).
    static let d = fact((4, 7), channel: .post, procedure: "1.004837", department: "economy", officer: "kinhte", status: .resultReady, received: at(4, 7, 8), due: at(8, 7, 17), completed: at(9, 7, 8))
    /// E: received 7/7, due 9/7, still under review on 31/7: open past its date.
    static let e = fact((7, 7), status: .underReview, received: at(7, 7, 9), due: at(9, 7, 17))
    /// F: received 28/7, due 1/8, assigned: open within time on 31/7.
    static let f = fact((28, 7), status: .assigned, received: at(28, 7, 9), due: at(1, 8, 17))
    /// G: refused at the counter on 8/7.
    static let g = fact((8, 7), status: .refused)
    /// H: online on 9/7, asked for a supplement at once: waiting for the applicant, never received.
    static let h = fact((9, 7), channel: .online, status: .supplementRequested, supplement: true)
    /// I: received 10/7, stopped at the applicant's request.
    static let i = fact((10, 7), status: .stopped, received: at(10, 7, 9), due: at(14, 7, 17))
    /// J: June: received 20/6 08:00, approved 24/6 08:00 (before time, 96 h).
    static let j = fact((20, 6), status: .resultReady, received: at(20, 6, 8), due: at(25, 6, 17), completed: at(24, 6, 8))
    /// K: entered 30/6 (16:00), approved 2/7 09:00 on its due day (on time, 41 h): entered in June, handled in July.
    static let k = fact((30, 6), status: .resultReady, received: at(30, 6, 16), due: at(2, 7, 17), completed: at(2, 7, 9))

    static let all = [a, b, c, d, e, f, g, h, i, j, k]
    static let july = try! ReportPeriod(from: CivilDate(year: 2025, month: 7, day: 1)!, to: CivilDate(year: 2025, month: 7, day: 31)!)
    static let reportTime = at(31, 7, 12)
}

@Suite("Reports: operation figures from hand-made dossiers")
struct OperationFiguresTests {
    @Test("intake by channel, results by timeliness, work in process, closures and returns")
    func figuresOfJuly() {
        let figures = OperationFigures.make(from: JulyDossiers.all, period: JulyDossiers.july, at: JulyDossiers.reportTime)
        let c = figures.counts
        // Entered in July: A C E F G I at the counter, B H online, D by post.
        #expect(c[.enteredCounter] == 6)
        #expect(c[.enteredOnline] == 2)
        #expect(c[.enteredPost] == 1)
        #expect(figures.entered == 9)
        // Approved in July: A before time; B and K on time; C (apology) and D late.
        #expect(c[.handledBeforeTime] == 1)
        #expect(c[.handledOnTime] == 2)
        #expect(c[.handledLate] == 2)
        #expect(c[.handledLateWithApology] == 1)
        #expect(figures.handled == 5)
        #expect(figures.onTimeRate == Ratio(3, of: 5))
        #expect(figures.onTimeRate.percentText == "60,0 %")
        // E is past its date, F within it; H waits for the applicant; I is stopped (closed).
        #expect(figures.inProcessOverdue == 1)
        #expect(figures.inProcessWithinTime == 1)
        #expect(figures.waitingForApplicant == 1)
        #expect(c[.refused] == 1)
        #expect(c[.stopped] == 1)
        #expect(c[.withdrawn] == 0)
        #expect(c[.supplementRequested] == 1)
        #expect(c[.returned] == 2)
        // Processing hours 25, 8, 144, 120, 41: 338 h over 5 results = 67,6 h; nearest rank ⌈0,9 × 5⌉ = 5th = 144 h.
        #expect(c[.processingSeconds] == 338 * 3600)
        #expect(abs((figures.averageProcessingHours ?? 0) - 67.6) < 0.0001)
        #expect(figures.percentile90ProcessingHours == 144)
        #expect(ReportNumber.duration(hours: figures.averageProcessingHours ?? 0) == "2,8 ngày")
    }

    /// Quyết định 766/QĐ-TTg divides the progress indicator by the dossiers handled or in process in the period,
    /// those carried over from earlier periods included.
    @Test("a dossier received in June and still open at the end of July is July's work in process, counted in its first month")
    func carriedOverDossiersCountInTheProgressIndicator() {
        // L: received 25/6, due 30/6, still under review on 31/7: carried over into July, past its date.
        let l = JulyDossiers.fact((25, 6), status: .underReview, received: JulyDossiers.at(25, 6, 9), due: JulyDossiers.at(30, 6, 17))
        let without = OperationFigures.make(from: JulyDossiers.all, period: JulyDossiers.july, at: JulyDossiers.reportTime)
        let with = OperationFigures.make(from: JulyDossiers.all + [l], period: JulyDossiers.july, at: JulyDossiers.reportTime)
        #expect(l.isInOpenCohort(of: JulyDossiers.july) && l.isCarriedOver(into: JulyDossiers.july))
        #expect(l.openCohortMonth(in: JulyDossiers.july) == "2025-07")
        #expect(with.inProcessOverdue == without.inProcessOverdue + 1)
        #expect(with.entered == without.entered, "entered in June, not in July")
        let before = Decision766Score.make(figures: without, inputs: IndicatorInputs()).indicators.first { $0.id == "progress.on_time" }
        let after = Decision766Score.make(figures: with, inputs: IndicatorInputs()).indicators.first { $0.id == "progress.on_time" }
        #expect(after?.denominator == (before?.denominator ?? 0) + 1)
        #expect(after?.numerator == before?.numerator)
        #expect(after?.formula.contains("kỳ trước chuyển sang") == true)
        // A dossier received after the period is not its work; one received in it is not carried over.
        #expect(!JulyDossiers.f.isInOpenCohort(of: JulyDossiers.july.previous))
        #expect(!JulyDossiers.f.isCarriedOver(into: JulyDossiers.july))
    }

    @Test("the previous period of equal length: June's intake and results only")
    func previousPeriod() {
        let previous = JulyDossiers.july.previous
        #expect(previous.from == CivilDate(year: 2025, month: 5, day: 31))
        #expect(previous.to == CivilDate(year: 2025, month: 6, day: 30))
        let figures = OperationFigures.make(from: JulyDossiers.all, period: previous, at: JulyDossiers.reportTime)
        #expect(figures.entered == 2)          // J and K
        #expect(figures.handled == 1)          // J, before time
        #expect(figures.counts[.handledBeforeTime] == 1)
        #expect(figures.inProcess == 0)        // K was finished by the time of the report
        #expect(figures.percentile90ProcessingHours == 96)
    }

    @Test("a period with no dossiers: every figure zero, every ratio and time a dash, no division")
    func emptyPeriod() throws {
        // January 2025, before any of them: nothing entered, handled or carried over.
        let period = try ReportPeriod(from: CivilDate(year: 2025, month: 1, day: 1)!, to: CivilDate(year: 2025, month: 1, day: 31)!)
        let figures = OperationFigures.make(from: JulyDossiers.all, period: period, at: JulyDossiers.reportTime)
        #expect(figures.entered == 0 && figures.handled == 0 && figures.inProcess == 0)
        #expect(figures.onTimeRate.value == nil)
        #expect(figures.onTimeRate.percentText == "—")
        #expect(figures.averageProcessingHours == nil)
        #expect(figures.percentile90ProcessingHours == nil)
        let texts = ReportLayout.lines(figures).filter { $0.figure == nil }.map(\.text)
        #expect(texts == ["—", "—", "—"])
        let score = Decision766Score.make(figures: figures, inputs: IndicatorInputs())
        #expect(score.indicators.allSatisfy { $0.points == nil })
        #expect(score.points == 0)
        #expect(score.indicators.filter(\.isAvailable).allSatisfy { $0.ratioText == "—" })
    }

    @Test("summaries kept by adding each change equal the summaries recomputed from the dossiers")
    func changesAddUpToTheTotal() {
        // E moves on: approved on 30/7 (late, its date was 9/7), then returned on 31/7.
        var approved = JulyDossiers.e
        approved.state.status = .resultReady
        approved.state.completedAt = JulyDossiers.at(30, 7, 10)
        var returned = approved
        returned.state.status = .returned
        returned.state.returnedAt = JulyDossiers.at(31, 7, 9)
        var kept = FigureContribution()
        kept.merge(.change(from: nil, to: JulyDossiers.e))
        kept.merge(.change(from: JulyDossiers.e, to: approved))
        kept.merge(.change(from: approved, to: returned))
        let recomputed = FigureContribution.total(of: [returned])
        #expect(kept.counts.filter { !$0.value.isZero } == recomputed.counts)
        #expect(kept.hours.filter { $0.value != 0 } == recomputed.hours)
        // The approval changes only the day of the result: the intake row is untouched.
        let approval = FigureContribution.change(from: JulyDossiers.e, to: approved)
        #expect(approval.counts.count == 1)
        #expect(approval.counts.values.first?[.handledLate] == 1)
    }
}

@Suite("Reports: the period")
struct ReportPeriodTests {
    let today = CivilDate(year: 2026, month: 3, day: 2)!

    @Test("by default from 1/7/2025 to today; dates in either form")
    func defaults() throws {
        let period = try ReportPeriod.parse(from: nil, to: nil, today: today)
        #expect(period.from == CivilDate(year: 2025, month: 7, day: 1))
        #expect(period.to == today)
        let typed = try ReportPeriod.parse(from: "01/08/2025", to: "2025-08-31", today: today)
        #expect(typed.dayCount == 31)
        #expect(typed.months == ["2025-08"])
    }

    @Test("from after to, longer than five years, unreadable dates: refused with a Vietnamese message")
    func badPeriods() {
        #expect(throws: ReportPeriod.Problem.fromAfterTo(from: CivilDate(year: 2025, month: 9, day: 1)!, to: CivilDate(year: 2025, month: 8, day: 1)!)) {
            try ReportPeriod.parse(from: "2025-09-01", to: "2025-08-01", today: today)
        }
        #expect(throws: ReportPeriod.Problem.self) { try ReportPeriod.parse(from: "2020-01-01", to: "2025-01-01", today: today) }
        // Exactly five years is allowed.
        #expect((try? ReportPeriod.parse(from: "2020-01-01", to: "2024-12-31", today: today)) != nil)
        #expect(throws: ReportPeriod.Problem.unreadableDate("31/02/2025")) { try ReportPeriod.parse(from: "31/02/2025", to: nil, today: today) }
        #expect(ReportPeriod.Problem.fromAfterTo(from: CivilDate(year: 2025, month: 9, day: 1)!, to: CivilDate(year: 2025, month: 8, day: 1)!).message.contains("01/09/2025"))
    }
}

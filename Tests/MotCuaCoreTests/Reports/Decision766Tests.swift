import Foundation
import Testing
@testable import MotCuaCore

@Suite("Reports: Decision 766 indicators")
struct Decision766Tests {
    @Test("every indicator with numerator, denominator and points, worked out by hand; missing data is said, not invented")
    func indicatorsOfJuly() throws {
        let figures = OperationFigures.make(from: JulyDossiers.all, period: JulyDossiers.july, at: JulyDossiers.reportTime)
        let inputs = IndicatorInputs(proceduresOffered: 10, proceduresOnline: 4, complaintsDue: 2, complaintsAnsweredOnTime: 1, dossierComplaints: 1, dislikes: 1, dossiersSynchronised: 6, dossiersWithFee: 4, dossiersPaidOnline: 1)
        let score = Decision766Score.make(figures: figures, inputs: inputs)
        func indicator(_ id: String) throws -> Indicator766 { try #require(score.indicators.first { $0.id == id }) }

        // Progress: (1 before + 2 on time + 1 within time) ÷ (5 handled + 2 in process) = 4/7; 20 × 4/7 = 11,43.
        let progress = try indicator("progress.on_time")
        #expect(progress.numerator == 4 && progress.denominator == 7)
        #expect(abs((progress.points ?? 0) - 20.0 * 4 / 7) < 1e-9)
        #expect(progress.pointsText == "11,43")
        #expect(progress.ratioText == "57,1 %")
        // Online procedures: 4 of 10 offered: 6 × 0,4 = 2,4.
        #expect(try indicator("online.procedures").points == 6 * 0.4)
        // Online dossiers: 2 of 9 entered = 22,2 %, target 50 %: 6 × (2/9) ÷ 0,5 = 2,67.
        let online = try indicator("online.dossiers")
        #expect(online.numerator == 2 && online.denominator == 9)
        #expect(online.pointsText == "2,67")
        // Complaints answered on time: 1 of 2: 6 × 0,5 = 3.
        #expect(try indicator("satisfaction.complaints_on_time").points == 3)
        // Service satisfaction: 7 − (2 late + 1 overdue + 1 complaint + 1 dislike) = 2 of 7; 6 × (2/7) ÷ 0,9 = 1,90.
        let service = try indicator("satisfaction.service")
        #expect(service.numerator == 2 && service.denominator == 7)
        #expect(service.pointsText == "1,90")
        // Synchronised: 6 of the 9 dossiers entered reached the national portal: 6 × 6/9 = 4.
        let synchronised = try indicator("transparency.synchronised")
        #expect(synchronised.isAvailable && synchronised.numerator == 6 && synchronised.denominator == 9)
        #expect(synchronised.pointsText == "4,00")
        // Paid online: 1 of the 4 dossiers with a fee: 6 × 1/4 = 1,5.
        let paidOnline = try indicator("payment.dossiers")
        #expect(paidOnline.isAvailable && paidOnline.numerator == 1 && paidOnline.denominator == 4 && paidOnline.points == 1.5)
        // Total: 11,43 + 2,4 + 2,67 + 3 + 1,90 + 4 + 1,5 = 26,9 of the 56 points MotCua can score; 44 need data it does not hold.
        #expect(abs(score.points - 26.9) < 1e-9)
        #expect(score.scoredMaxPoints == 56)
        #expect(score.unavailableMaxPoints == 44)
        let announced = try indicator("transparency.announced")
        #expect(!announced.isAvailable && announced.points == nil && announced.numerator == nil)
        #expect(announced.note?.hasPrefix("Không có trong MotCua") == true)
        #expect(announced.ratioText == "—")
        // Every group of the decision is there, with its points adding up to 100.
        #expect(Set(score.indicators.map(\.group)) == Set(Indicator766.Group.allCases))
        for group in Indicator766.Group.allCases {
            #expect(score.indicators.filter { $0.group == group }.map(\.maxPoints).reduce(0, +) == group.maxPoints)
        }
        #expect(score.indicators.map(\.maxPoints).reduce(0, +) == 100)
    }

    @Test("online dossiers above the target get full points, never more")
    func targetCapsPoints() {
        var counts = FigureCounts()
        counts[.enteredOnline] = 8
        counts[.enteredCounter] = 2
        let score = Decision766Score.make(figures: OperationFigures(counts: counts, processingHours: [:], open: [:]), inputs: IndicatorInputs())
        #expect(score.indicators.first { $0.id == "online.dossiers" }?.points == 6)
    }

    @Test("a commune is compared by its share of the points it could reach: two communes with different maxima")
    func shareOfReachablePoints() {
        // Commune A: 4 dossiers, all online and on time → progress 20/20 and online 6/6 of a reachable 32 (synchronised
        // scores 0 of 6). Commune B took in nothing: only what needs no dossier is scored.
        var counts = FigureCounts()
        counts[.enteredOnline] = 4
        counts[.handledOnTime] = 4
        let a = Decision766Score.make(figures: OperationFigures(counts: counts, processingHours: [:], open: [:]), inputs: IndicatorInputs())
        #expect(a.scoredMaxPoints > 0)
        #expect(a.share == a.points / a.scoredMaxPoints)
        #expect((a.share ?? 2) <= 1)
        let nothing = Decision766Score(indicators: a.indicators.map {
            Indicator766(id: $0.id, group: $0.group, name: $0.name, maxPoints: $0.maxPoints, numerator: nil, denominator: nil, points: nil, formula: $0.formula,
                         isAvailable: $0.isAvailable, note: $0.note)
        })
        #expect(nothing.scoredMaxPoints == 0)
        #expect(nothing.share == nil, "no reachable point: no share, rather than a division by zero")
    }
}

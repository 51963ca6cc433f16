import Fluent
import Foundation
import MotCuaCore
import Testing
import Vapor
@testable import MotCuaServer

/// The work in process of the reports is counted by the database; these tests hold that count to the core rules
/// (`DossierFact.isInOpenCohort`, `openStanding`) applied to every dossier one by one, on a generated province.
@Suite("Work in process counted in SQL equals the core rules applied dossier by dossier")
struct ReportOpenWorkTests {
    /// The reference: every open dossier read and judged by the core, keyed "commune|group|standing".
    static func reference(communeIDs: [UUID], period: ReportPeriod, grouping: ReportQueries.Grouping?, at instant: Date, on db: any Database) async throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        let dossiers = try await Dossier.query(on: db).filter(\.$commune.$id ~~ communeIDs).filter(\.$status ~~ ReportQueries.openStatuses.map(\.rawValue)).all()
        for dossier in dossiers {
            guard let fact = ReportSummaries.fact(of: dossier), fact.isInOpenCohort(of: period), let standing = fact.openStanding(at: instant) else { continue }
            let communeID = dossier.$commune.id
            let key: String = switch grouping {
            case nil: ""
            case .commune: communeID.uuidString.lowercased()
            case .field: fact.field
            case .procedure: fact.procedureCode
            case .department: fact.departmentKey
            case .officer: fact.officer
            case .month: fact.openCohortMonth(in: period)
            }
            counts["\(communeID)|\(key)|\(standing.rawValue)", default: 0] += 1
        }
        return counts
    }

    @Test("every grouping, several periods and moments: the same counts as the rules, and some of every standing")
    func countsMatchTheRules() async throws {
        try await withTestApp(seeded: false) { app in
            // setup: a generated province of three communes with dossiers in every status.
            _ = try await BenchGenerator(parameters: .init(communes: 3, dossiers: 1500, seed: 11, until: BenchGeneratorTests.until)) { _ in }.run(on: app)
            let communeIDs = try await Commune.query(on: app.db).all().compactMap(\.id)
            let periods = [
                try ReportPeriod(from: CivilDate(year: 2026, month: 1, day: 1)!, to: CivilDate(year: 2026, month: 12, day: 31)!),
                try ReportPeriod(from: CivilDate(year: 2026, month: 10, day: 15)!, to: CivilDate(year: 2026, month: 11, day: 20)!),
                try ReportPeriod(from: CivilDate(year: 2025, month: 7, day: 1)!, to: CivilDate(year: 2026, month: 6, day: 30)!),
            ]
            let instants = [LocalDateTime(date: BenchGeneratorTests.until, hour: 10)!.instant, LocalDateTime(date: CivilDate(year: 2026, month: 12, day: 20)!, hour: 8)!.instant]
            var standingsSeen: Set<String> = []
            for period in periods {
                for instant in instants {
                    for grouping in [nil] + ReportQueries.Grouping.allCases.map(Optional.some) {
                        // MUT
                        let counted = try await ReportQueries.openWork(communeIDs: communeIDs, period: period, grouping: grouping, at: instant, on: app.db)

                        // validate
                        var byKey: [String: Int64] = [:]
                        for row in counted { byKey["\(row.communeID)|\(row.key)|\(row.standing.rawValue)", default: 0] += row.count }
                        let expected = try await Self.reference(communeIDs: communeIDs, period: period, grouping: grouping, at: instant, on: app.db)
                        #expect(byKey == expected, "\(period.vietnameseString) at \(instant), grouped by \(grouping?.rawValue ?? "nothing")")
                        standingsSeen.formUnion(counted.map(\.standing.rawValue))
                    }
                }
            }
            #expect(standingsSeen == Set(OpenStanding.allCases.map(\.rawValue)), "the data should hold every standing, or the comparison proves little")
        }
    }
}

import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Testing
import Vapor
@testable import MotCuaServer

/// The province dashboard over a year of 100 communes, from summary rows shaped like real ones; run on demand
/// (`MOTCUA_REPORT_SCALE=1`), since filling the rows takes longer than the other tests.
@Suite("Reports: a year of 100 communes", .enabled(if: ProcessInfo.processInfo.environment["MOTCUA_REPORT_SCALE"] != nil))
struct ReportsScaleTests {
    @Test("the province ranking over a year of 100 communes answers in well under a second")
    func yearOfAHundredCommunes() async throws {
        try await withTestApp(clock: .fixed(MarchDossiers.reportTime)) { app in
            let province = try #require(try await Province.query(on: app.db).first())
            for index in 6...100 {
                try await Commune(id: UUID(), provinceID: try province.requireID(), name: "Xã số \(index)", kind: .xa, slug: "xa-so-\(index)",
                                  agencyIdentifier: String(format: "H33.56.%02d", index % 100), webDomain: nil, address: nil).create(on: app.db)
            }
            let communes = try await Commune.query(on: app.db).all().compactMap(\.id)
            #expect(communes.count == 100)
            let sql = try #require(app.db as? any SQLDatabase)
            let start = CivilDate(year: 2025, month: 3, day: 12)!
            let columns = ["commune_id", "day", "procedure_code", "field", "department_key", "officer"] + Measure.allCases.map(\.rawValue)
            // Each commune: every day of the year, 4 procedures × 2 officers, with intake and results.
            var rows = 0
            for communeID in communes {
                var insert = sql.insert(into: ReportSummaries.figuresTable).columns(columns)
                for day in 0..<365 {
                    let date = start.adding(days: day)!.isoString
                    for procedure in ["1.001193", "1.000894", "1.004837", "2.000815"] {
                        for officer in ["chuyenvien", "chuyenvien2"] {
                            let counts: [Int64] = [3, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 90000, 2]
                            insert = insert.values([communeID, date, procedure, "civil_status", "", officer] as [any Encodable & Sendable] + counts.map { $0 as any Encodable & Sendable })
                            rows += 1
                        }
                    }
                    if day % 50 == 49 || day == 364 {
                        try await insert.run()
                        insert = sql.insert(into: ReportSummaries.figuresTable).columns(columns)
                    }
                }
            }
            #expect(rows == 100 * 365 * 8)
            // The roll-up the application keeps beside the daily rows.
            let measures = Measure.allCases.map(\.rawValue)
            try await sql.raw("""
                INSERT INTO report_monthly_figures (commune_id, month, \(unsafeRaw: measures.joined(separator: ", ")))
                SELECT commune_id, substr(day, 1, 7), \(unsafeRaw: measures.map { "SUM(\($0))" }.joined(separator: ", ")) FROM report_daily_figures GROUP BY commune_id, substr(day, 1, 7)
                """).run()
            let period = try ReportPeriod(from: start, to: start.adding(days: 364)!)
            let catalog = try await app.catalogStore.catalog(on: app.db)
            _ = try await ProvinceRanking.make(provinceID: try province.requireID(), period: period, at: MarchDossiers.reportTime, catalog: catalog, on: app.db)
            let clock = ContinuousClock()
            let elapsed = try await clock.measure {
                let ranking = try await ProvinceRanking.make(provinceID: try province.requireID(), period: period, at: MarchDossiers.reportTime, catalog: catalog, on: app.db)
                #expect(ranking.entries.count == 100)
                #expect(ranking.entries.first?.figures.entered == Int64(365 * 8 * 4))
            }
            print("province ranking, 100 communes × 365 days × 8 rows (\(rows) summary rows): \(elapsed)")
            #expect(elapsed < .seconds(1))
        }
    }
}

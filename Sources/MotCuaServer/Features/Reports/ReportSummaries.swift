import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// The report summary tables: counts per commune × day × procedure × department × officer, and processing hours, kept
/// current in the same transaction as every change of a dossier, so that reports never scan the dossiers.
///
/// The rows hold sums only; what one dossier adds is computed by `FigureContribution` in MotCuaCore, and a change of
/// the dossier adds the difference between its contribution after and before. `verify` recomputes everything.
enum ReportSummaries {
    static let figuresTable = "report_daily_figures"
    static let hoursTable = "report_processing_hours"
    /// The same counts rolled up per commune and month, so that the province dashboard reads a year of 100 communes
    /// from about 1,200 rows; edges of a period that cut a month are read from the daily table.
    static let monthlyTable = "report_monthly_figures"
    static let keyColumns = ["commune_id", "day", "procedure_code", "field", "department_key", "officer"]

    /// The facts the reports read from a stored dossier; `nil` for a code that is not a dossier code.
    static func fact(of dossier: Dossier) -> DossierFact? {
        guard let code = DossierCode.parse(dossier.code) else { return nil }
        return DossierFact(
            intakeDay: code.receivedOn, channel: IntakeChannel(rawValue: dossier.channel) ?? .counter, procedureCode: dossier.procedureCode,
            field: dossier.field, departmentKey: dossier.$department.id?.uuidString.lowercased() ?? "", officer: dossier.assigneeUsername ?? "",
            state: dossier.state
        )
    }

    /// Adds to the summaries what changes when a dossier goes from `before` (nil when it is new) to its stored state now;
    /// call inside the transaction that saves the dossier.
    static func record(from before: DossierFact?, to dossier: Dossier, on database: any Database) async throws {
        try await apply(FigureContribution.change(from: before, to: fact(of: dossier)), communeID: dossier.$commune.id, on: database)
    }

    /// Adds a contribution of one commune to both tables.
    static func apply(_ contribution: FigureContribution, communeID: UUID, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let measures = Measure.allCases.map(\.rawValue)
        for (key, counts) in contribution.counts {
            let values = Measure.allCases.map { counts[$0] }
            try await sql.raw("""
                INSERT INTO \(unsafeRaw: figuresTable) (\(unsafeRaw: (keyColumns + measures).joined(separator: ", ")))
                VALUES (\(bind: communeID), \(bind: key.day.isoString), \(bind: key.procedureCode), \(bind: key.field), \(bind: key.departmentKey), \(bind: key.officer), \(binds: values))
                ON CONFLICT (\(unsafeRaw: keyColumns.joined(separator: ", "))) DO UPDATE SET \(unsafeRaw: measures.map { "\($0) = \(figuresTable).\($0) + excluded.\($0)" }.joined(separator: ", "))
                """).run()
        }
        var months: [String: FigureCounts] = [:]
        for (key, counts) in contribution.counts { months[String(key.day.isoString.prefix(7)), default: FigureCounts()] += counts }
        for (month, counts) in months where !counts.isZero {
            try await sql.raw("""
                INSERT INTO \(unsafeRaw: monthlyTable) (commune_id, month, \(unsafeRaw: measures.joined(separator: ", ")))
                VALUES (\(bind: communeID), \(bind: month), \(binds: Measure.allCases.map { counts[$0] }))
                ON CONFLICT (commune_id, month) DO UPDATE SET \(unsafeRaw: measures.map { "\($0) = \(monthlyTable).\($0) + excluded.\($0)" }.joined(separator: ", "))
                """).run()
        }
        for (key, count) in contribution.hours {
            try await sql.raw("""
                INSERT INTO \(unsafeRaw: hoursTable) (\(unsafeRaw: keyColumns.joined(separator: ", ")), hours, results)
                VALUES (\(bind: communeID), \(bind: key.figure.day.isoString), \(bind: key.figure.procedureCode), \(bind: key.figure.field), \(bind: key.figure.departmentKey), \(bind: key.figure.officer), \(bind: key.hours), \(bind: count))
                ON CONFLICT (\(unsafeRaw: keyColumns.joined(separator: ", ")), hours) DO UPDATE SET results = \(unsafeRaw: hoursTable).results + excluded.results
                """).run()
        }
    }

    /// What the summaries should hold for each commune, recomputed from the dossiers (page by page, to bound memory).
    static func recompute(on database: any Database) async throws -> [UUID: FigureContribution] {
        var totals: [UUID: FigureContribution] = [:]
        let pageSize = 2000
        var page = 0
        while true {
            let dossiers = try await Dossier.query(on: database).sort(\.$id).range((page * pageSize)..<((page + 1) * pageSize)).all()
            for dossier in dossiers {
                guard let fact = fact(of: dossier) else { continue }
                totals[dossier.$commune.id, default: FigureContribution()].merge(FigureContribution(fact))
            }
            if dossiers.count < pageSize { break }
            page += 1
        }
        return totals
    }

    /// What the summary tables hold now, by commune; rows that add up to nothing are left out.
    static func stored(on database: any Database) async throws -> [UUID: FigureContribution] {
        guard let sql = database as? any SQLDatabase else { return [:] }
        var stored: [UUID: FigureContribution] = [:]
        for row in try await sql.raw("SELECT * FROM \(unsafeRaw: figuresTable)").all() {
            let communeID = try row.decode(column: "commune_id", as: UUID.self)
            let key = try figureKey(row)
            var counts = FigureCounts()
            for measure in Measure.allCases { counts[measure] = try row.decode(column: measure.rawValue, as: Int64.self) }
            if !counts.isZero { stored[communeID, default: FigureContribution()].counts[key, default: FigureCounts()] += counts }
        }
        for row in try await sql.raw("SELECT * FROM \(unsafeRaw: hoursTable)").all() {
            let communeID = try row.decode(column: "commune_id", as: UUID.self)
            let key = ProcessingHoursKey(figure: try figureKey(row), hours: try row.decode(column: "hours", as: Int.self))
            let results = try row.decode(column: "results", as: Int64.self)
            if results != 0 { stored[communeID, default: FigureContribution()].hours[key, default: 0] += results }
        }
        return stored
    }

    private static func figureKey(_ row: any SQLRow) throws -> FigureKey {
        let dayText = try row.decode(column: "day", as: String.self)
        guard let day = CivilDate(isoString: dayText) else { throw AppError.invalid("Ngày \(dayText) trong bảng tổng hợp không hợp lệ.") }
        return FigureKey(
            day: day, procedureCode: try row.decode(column: "procedure_code", as: String.self), field: try row.decode(column: "field", as: String.self),
            departmentKey: try row.decode(column: "department_key", as: String.self), officer: try row.decode(column: "officer", as: String.self)
        )
    }

    /// Every difference between the summaries and the dossiers, in words; empty when they agree.
    static func verify(on database: any Database) async throws -> [String] {
        let expected = try await recompute(on: database)
        let actual = try await stored(on: database)
        let communeNames = Dictionary(try await Commune.query(on: database).all().compactMap { commune in commune.id.map { ($0, commune.fullName) } }, uniquingKeysWith: { first, _ in first })
        var differences: [String] = []
        for communeID in Set(expected.keys).union(actual.keys).sorted(by: { $0.uuidString < $1.uuidString }) {
            let name = communeNames[communeID] ?? communeID.uuidString
            let want = expected[communeID] ?? FigureContribution(), have = actual[communeID] ?? FigureContribution()
            for key in Set(want.counts.keys).union(have.counts.keys).sorted(by: { ($0.day, $0.procedureCode, $0.departmentKey, $0.officer) < ($1.day, $1.procedureCode, $1.departmentKey, $1.officer) }) {
                let wanted = want.counts[key] ?? FigureCounts(), held = have.counts[key] ?? FigureCounts()
                for measure in Measure.allCases where wanted[measure] != held[measure] {
                    differences.append("\(name), ngày \(key.day.vietnameseString), thủ tục \(key.procedureCode), cán bộ \(key.officer.isEmpty ? "—" : key.officer): \(measure.rawValue) trong bảng tổng hợp là \(held[measure]), tính lại từ hồ sơ là \(wanted[measure])")
                }
            }
            for key in Set(want.hours.keys).union(have.hours.keys) where (want.hours[key] ?? 0) != (have.hours[key] ?? 0) {
                differences.append("\(name), ngày \(key.figure.day.vietnameseString), thủ tục \(key.figure.procedureCode): số kết quả giải quyết trong \(key.hours) giờ là \(have.hours[key] ?? 0), tính lại từ hồ sơ là \(want.hours[key] ?? 0)")
            }
        }
        differences += try await verifyMonths(expected: expected, names: communeNames, on: database)
        return differences
    }

    /// Differences between the monthly roll-up and the months of the recomputed daily counts.
    private static func verifyMonths(expected: [UUID: FigureContribution], names: [UUID: String], on database: any Database) async throws -> [String] {
        guard let sql = database as? any SQLDatabase else { return [] }
        var want: [String: FigureCounts] = [:], have: [String: FigureCounts] = [:]
        for (communeID, contribution) in expected {
            for (key, counts) in contribution.counts { want["\(communeID.uuidString)|\(key.day.isoString.prefix(7))", default: FigureCounts()] += counts }
        }
        for row in try await sql.raw("SELECT * FROM \(unsafeRaw: monthlyTable)").all() {
            var counts = FigureCounts()
            for measure in Measure.allCases { counts[measure] = try row.decode(column: measure.rawValue, as: Int64.self) }
            have["\(try row.decode(column: "commune_id", as: UUID.self).uuidString)|\(try row.decode(column: "month", as: String.self))", default: FigureCounts()] += counts
        }
        var differences: [String] = []
        for key in Set(want.keys).union(have.keys).sorted() {
            let wanted = want[key] ?? FigureCounts(), held = have[key] ?? FigureCounts()
            let parts = key.split(separator: "|").map(String.init)
            let name = UUID(uuidString: parts[0]).flatMap { names[$0] } ?? parts[0]
            for measure in Measure.allCases where wanted[measure] != held[measure] {
                differences.append("\(name), tháng \(parts.count > 1 ? parts[1] : ""): \(measure.rawValue) trong bảng tổng hợp theo tháng là \(held[measure]), tính lại từ hồ sơ là \(wanted[measure])")
            }
        }
        return differences
    }

    /// Empties both tables and fills them again from the dossiers (used when the tables are created on existing data).
    static func rebuild(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DELETE FROM \(unsafeRaw: figuresTable)").run()
        try await sql.raw("DELETE FROM \(unsafeRaw: hoursTable)").run()
        try await sql.raw("DELETE FROM \(unsafeRaw: monthlyTable)").run()
        for (communeID, contribution) in try await recompute(on: database) {
            try await apply(contribution, communeID: communeID, on: database)
        }
    }
}

enum ReportMigrations {
    /// The daily figures: one row per commune, day, procedure, field, department and officer.
    struct CreateReportDailyFigures: AsyncMigration {
        var name: String { "reports_0001_create_report_daily_figures" }

        func prepare(on database: any Database) async throws {
            var builder = database.schema(ReportSummaries.figuresTable)
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("day", .string, .required)
                .field("procedure_code", .string, .required)
                .field("field", .string, .required)
                .field("department_key", .string, .required)
                .field("officer", .string, .required)
            for measure in Measure.allCases {
                builder = builder.field(.string(measure.rawValue), .int64, .required)
            }
            // The unique key starts with commune_id and serves every report query as its index.
            try await builder.unique(on: "commune_id", "day", "procedure_code", "field", "department_key", "officer").create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(ReportSummaries.figuresTable).delete()
        }
    }

    /// The processing-time histogram: results per commune, day, dimensions and whole hours, for the 90th percentile.
    struct CreateReportProcessingHours: AsyncMigration {
        var name: String { "reports_0002_create_report_processing_hours" }

        func prepare(on database: any Database) async throws {
            try await database.schema(ReportSummaries.hoursTable)
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("day", .string, .required)
                .field("procedure_code", .string, .required)
                .field("field", .string, .required)
                .field("department_key", .string, .required)
                .field("officer", .string, .required)
                .field("hours", .int, .required)
                .field("results", .int64, .required)
                .unique(on: "commune_id", "day", "procedure_code", "field", "department_key", "officer", "hours")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(ReportSummaries.hoursTable).delete()
        }
    }

    /// The monthly roll-up: one row per commune and month.
    struct CreateReportMonthlyFigures: AsyncMigration {
        var name: String { "reports_0003_create_report_monthly_figures" }

        func prepare(on database: any Database) async throws {
            var builder = database.schema(ReportSummaries.monthlyTable)
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("month", .string, .required)
            for measure in Measure.allCases {
                builder = builder.field(.string(measure.rawValue), .int64, .required)
            }
            try await builder.unique(on: "commune_id", "month").create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(ReportSummaries.monthlyTable).delete()
        }
    }

    /// Fills the new tables from the dossiers already stored, so that an existing deployment reports its history.
    struct FillReportSummaries: AsyncMigration {
        var name: String { "reports_0004_fill_report_summaries" }

        func prepare(on database: any Database) async throws {
            try await ReportSummaries.rebuild(on: database)
        }

        func revert(on database: any Database) async throws {}
    }
}

import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// Fills an empty database with a province-sized year for the benchmarks: `motcua bench generate`.
///
/// Deterministic: the same parameters give the same rows. The organisation goes through the application's models; the
/// dossiers, their histories and documents, ratings, queue tickets, fault reports and the report summaries are written
/// with multi-row `INSERT`s in one transaction per commune. Every dossier's history is taken step by step through
/// `DossierRules`, and the summaries are the sum of `FigureContribution` of each dossier, as the application writes them,
/// so `motcua reports verify` agrees. Not generated: the audit journal (a chain of millions of hashes says nothing about
/// speed and the pages do not read it) and the outbox of messages to applicants.
struct BenchGenerator {
    struct Parameters: Sendable, Hashable {
        var communes: Int
        var dossiers: Int
        var seed: UInt64
        /// The last day of the generated year; the reference time is 16:00 that day (Asia/Ho_Chi_Minh).
        var until: CivilDate

        /// The reference instant: nothing generated happens after it.
        var now: Date { LocalDateTime(date: until, hour: 16)?.instant ?? Date(timeIntervalSince1970: 0) }
    }

    /// What was written, for the command's last line and the tests.
    struct Outcome: Sendable {
        var dossiers = 0
        var events = 0
        var documents = 0
        var ratings = 0
        var tickets = 0
        var serviceRequests = 0
        var summaryRows = 0
        var seconds = 0.0
    }

    let parameters: Parameters
    /// Receives progress lines (the command sends them to stderr).
    let progress: @Sendable (String) -> Void

    /// Generates into the application's database, which must hold no province yet.
    func run(on app: Application) async throws -> Outcome {
        let started = Date()
        guard parameters.communes >= 1, parameters.communes <= 999, parameters.dossiers >= 0 else {
            throw CommandFailure(message: "Tham số không hợp lệ: --communes từ 1 đến 999, --dossiers không âm.")
        }
        guard try await Province.query(on: app.db).count() == 0 else {
            throw CommandFailure(message: "Cơ sở dữ liệu đã có dữ liệu: `motcua bench generate` chỉ ghi vào cơ sở dữ liệu trống (đặt MOTCUA_DATA hoặc DATABASE_URL tới một cơ sở dữ liệu mới).")
        }
        let calendar = try await CalendarStore.load(on: app.db)
        let catalog = try await CatalogStore.loadCatalog(on: app.db)
        let provinceFees = try await app.catalogStore.provinceFees(on: app.db)
        let procedureIDs = Dictionary(try await CatalogProcedure.query(on: app.db).all().map { ($0.code, try $0.requireID()) }, uniquingKeysWith: { first, _ in first })
        let passwordHash = try await app.password.async.hash(DemoData.password)
        let parameters = self.parameters
        progress("Tạo tỉnh, \(parameters.communes) xã, phòng ban, cán bộ, quầy…")
        let communes = try await app.writeTransaction { db in
            try await BenchOrganisation.create(communes: parameters.communes, passwordHash: passwordHash, seed: parameters.seed, on: db)
        }
        let context = BenchCommuneWriter.Context(
            parameters: parameters, calendar: calendar, catalog: catalog, procedureIDs: procedureIDs, provinceFees: provinceFees,
            workingDays: Self.workingDays(until: parameters.until, calendar: calendar)
        )
        let counts = Self.dossierCounts(total: parameters.dossiers, communes: parameters.communes, seed: parameters.seed)
        var outcome = Outcome()
        var firstNumber = 0
        // One commune is computed while the previous one is written: the two cores share the work.
        var pending: Task<BenchCommuneWriter.Batch, Never>? = nil
        func compute(_ index: Int, firstNumber: Int) -> Task<BenchCommuneWriter.Batch, Never> {
            let commune = communes[index]
            let count = counts[index]
            return Task.detached(priority: .userInitiated) {
                BenchCommuneWriter.generate(commune: commune, dossierCount: count, firstNumber: firstNumber, context: context)
            }
        }
        if !communes.isEmpty { pending = compute(0, firstNumber: 0) }
        for index in communes.indices {
            guard let batch = await pending?.value else { break }
            firstNumber += counts[index]
            pending = index + 1 < communes.count ? compute(index + 1, firstNumber: firstNumber) : nil
            try await app.writeTransaction { db in
                guard let sql = db as? any SQLDatabase else { return }
                try await batch.write(on: sql)
            }
            outcome.dossiers += batch.dossiers.rowCount
            outcome.events += batch.events.rowCount
            outcome.documents += batch.documents.rowCount
            outcome.ratings += batch.ratings.rowCount
            outcome.tickets += batch.tickets.rowCount
            outcome.serviceRequests += batch.serviceRequests.rowCount
            outcome.summaryRows += batch.dailyFigures.rowCount + batch.monthlyFigures.rowCount + batch.processingHours.rowCount
            let elapsed = Date().timeIntervalSince(started)
            let rate = elapsed > 0 ? Double(outcome.dossiers) / elapsed : 0
            progress(String(format: "xã %d/%d: %d hồ sơ, %d bước, %.0f s (%.0f hồ sơ/s)", index + 1, communes.count, outcome.dossiers, outcome.events, elapsed, rate))
        }
        try await BenchCredentials.refresh(on: app, at: app.clock.now())
        outcome.seconds = Date().timeIntervalSince(started)
        return outcome
    }

    /// The working days of the year that ends on `until`.
    static func workingDays(until: CivilDate, calendar: WorkingDayCalendar) -> [CivilDate] {
        var days: [CivilDate] = []
        var day = until.adding(days: -364) ?? until
        while day <= until {
            if calendar.isWorkingDay(day) { days.append(day) }
            guard let next = day.adding(days: 1) else { break }
            day = next
        }
        return days
    }

    /// Dossiers per commune: larger and smaller communes around the mean, adding up to `total` exactly.
    static func dossierCounts(total: Int, communes: Int, seed: UInt64) -> [Int] {
        var random = SplitMix64(seed: seed ^ 0xC0FFEE)
        let weights = (0..<communes).map { _ in 0.5 + Double(random.next() % 1000) / 1000 }
        let sum = weights.reduce(0, +)
        var counts = weights.map { Int(Double(total) * $0 / sum) }
        var index = 0
        while counts.reduce(0, +) < total {
            counts[index % communes] += 1
            index += 1
        }
        return counts
    }
}

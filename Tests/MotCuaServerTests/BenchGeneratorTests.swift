import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// `motcua bench generate`: a small province, checked for counts, statuses, consistent histories and summaries,
/// codes that the next intake continues, and the same rows for the same seed. Runs on SQLite and on PostgreSQL.
@Suite("Bench data generator")
struct BenchGeneratorTests {
    static let until = CivilDate(year: 2026, month: 11, day: 27)!

    static func generate(_ app: Application, communes: Int = 2, dossiers: Int, seed: UInt64 = 7) async throws -> BenchGenerator.Outcome {
        let generator = BenchGenerator(parameters: .init(communes: communes, dossiers: dossiers, seed: seed, until: until)) { _ in }
        return try await generator.run(on: app)
    }

    @Test("writes the asked number of dossiers in every status, with histories that replay to the stored state and summaries that verify")
    func generatesAConsistentProvince() async throws {
        try await withTestApp(seeded: false) { app in
            // MUT
            let outcome = try await Self.generate(app, dossiers: 1500)

            // validate: counts
            #expect(try await Dossier.query(on: app.db).count() == 1500)
            #expect(outcome.dossiers == 1500)
            #expect(try await Commune.query(on: app.db).count() == 2)
            #expect(try await DossierEventRecord.query(on: app.db).count() == outcome.events)
            #expect(outcome.events > 1500 * 4, "histories are more than an intake: \(outcome.events) steps")
            #expect(outcome.documents > 1500 && outcome.ratings > 0 && outcome.tickets > 0 && outcome.serviceRequests > 0)
            #expect(try await ServiceRequest.query(on: app.db).count() == outcome.serviceRequests)
            #expect(try await QueueTicket.query(on: app.db).count() == outcome.tickets)

            // every status of a dossier exists
            let statuses = Set(try await Dossier.query(on: app.db).all(\.$status))
            for status in DossierStatus.allCases {
                #expect(statuses.contains(status.rawValue), "no generated dossier is \(status.rawValue)")
            }

            // the summaries equal what the application would have written
            #expect(try await ReportSummaries.verify(on: app.db) == [])

            // each history replays to the stored state, and the version counts its steps
            let calendar = try await CalendarStore.load(on: app.db)
            let sample = try await Dossier.query(on: app.db).sort(\.$code).all().enumerated().filter { $0.offset % 37 == 0 }.map(\.element)
            for dossier in sample {
                let replayed = try await DossierService.replayedState(of: dossier, on: app.db, calendar: calendar)
                #expect(replayed == dossier.state, "\(dossier.code) does not replay to its stored state")
                let steps = try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count()
                #expect(steps == dossier.version)
            }

            // nothing happens after the reference time
            let now = BenchGenerator.Parameters(communes: 2, dossiers: 0, seed: 7, until: Self.until).now
            #expect(try await DossierEventRecord.query(on: app.db).filter(\.$occurredAt > now).count() == 0)
        }
    }

    @Test("dossier codes follow the app's format, and the day's counter makes the next intake continue them")
    func nextIntakeContinuesTheCodes() async throws {
        // Half past four on the last generated day: the desk is still open and the day's numbers are taken.
        let clock = WallClock.fixed(LocalDateTime(date: Self.until, hour: 16, minute: 30)!.instant)
        try await withTestApp(seeded: false, clock: clock) { app in
            // setup
            _ = try await Self.generate(app, dossiers: 400)
            let commune = try #require(try await Commune.query(on: app.db).filter(\.$slug == "xa-001").first())
            let dayKey = DossierCode.dayKey(Self.until)
            let todays = try await Dossier.query(on: app.db).filter(\.$commune.$id == commune.requireID()).all()
                .compactMap { DossierCode.parse($0.code) }.filter { DossierCode.dayKey($0.receivedOn) == dayKey }
            let lastToday = todays.map(\.sequence).max() ?? 0
            #expect(todays.allSatisfy { $0.agencyIdentifier == commune.agencyIdentifier })
            let issued = try await BenchCredentials.refresh(on: app, at: clock.now())

            // MUT: the counter officer files a dossier through the API
            let body = #"{"procedureCode":"\#(issued.procedureCode)","applicant":{"kind":"person","fullName":"Nguyễn Văn Bình","idNumber":"033012345678","phone":"0912345678","address":"Thôn 3"}}"#
            let response = try await app.testing().sendRequest(.POST, APIURL.dossiers.path, headers: ["Authorization": "Bearer \(issued.counterToken)", "Content-Type": "application/json"], body: ByteBuffer(string: body))

            // validate
            #expect(response.status == .created, "intake answered \(response.status): \(response.body.string)")
            let created = try JSONDecoder().decode([String: String?].self, from: Data(buffer: response.body))
            let codeText = try #require(created["code"] ?? nil)
            let code = try #require(DossierCode.parse(codeText))
            #expect(code.agencyIdentifier == commune.agencyIdentifier)
            #expect(DossierCode.dayKey(code.receivedOn) == dayKey)
            #expect(code.sequence == lastToday + 1)
            #expect(try await ReportSummaries.verify(on: app.db) == [])
        }
    }

    @Test("the same seed gives the same rows; another seed gives others")
    func deterministic() async throws {
        func fingerprint(seed: UInt64) async throws -> [String] {
            var rows: [String] = []
            try await withTestApp(seeded: false) { app in
                _ = try await Self.generate(app, dossiers: 300, seed: seed)
                let dossiers = try await Dossier.query(on: app.db).sort(\.$code).all()
                rows = try dossiers.map { "\(try $0.requireID())|\($0.code)|\($0.status)|\($0.applicantName)|\($0.procedureCode)|\($0.dueAt?.timeIntervalSince1970 ?? 0)|\($0.version)" }
                let events = try await DossierEventRecord.query(on: app.db).sort(\.$occurredAt).sort(\.$sequence).all()
                rows += events.map { "\($0.action)|\($0.occurredAt.timeIntervalSince1970)|\($0.actorUsername)|\($0.payload)" }
                guard let sql = app.db as? any SQLDatabase else { return }
                for row in try await sql.raw("SELECT day, procedure_code, officer, entered_counter FROM report_daily_figures ORDER BY day, procedure_code, officer, department_key").all() {
                    rows.append("\(try row.decode(column: "day", as: String.self))|\(try row.decode(column: "procedure_code", as: String.self))|\(try row.decode(column: "entered_counter", as: Int64.self))")
                }
            }
            return rows
        }
        let first = try await fingerprint(seed: 3)
        let second = try await fingerprint(seed: 3)
        let other = try await fingerprint(seed: 4)
        #expect(first.count > 300)
        #expect(first == second)
        #expect(first != other)
    }

    @Test("refuses a database that already holds data")
    func refusesADatabaseWithData() async throws {
        try await withTestApp(seeded: true) { app in
            await #expect(throws: CommandFailure.self) {
                _ = try await Self.generate(app, dossiers: 10)
            }
        }
    }

    @Test("the bare bench route answers only in bench mode")
    func benchRouteOnlyInBenchMode() async throws {
        try await withTestApp(seeded: false) { app in
            let response = try await app.testing().sendRequest(.GET, SiteURL.benchBaseline.path)
            #expect(response.status == .notFound)
        }
        try await withTestApp(seeded: false) { app in
            registerBenchRoutes(app)
            let response = try await app.testing().sendRequest(.GET, SiteURL.benchBaseline.path)
            #expect(response.status == .ok)
            #expect(response.body.string == "ok")
        }
    }
}

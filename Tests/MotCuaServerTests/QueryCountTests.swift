import Fluent
import Foundation
import Logging
import MotCuaCore
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// Counts the SQL statements each main page runs, through the statements both database drivers log at `.debug`.
///
/// A page that loads rows and then asks the database once more for each row (an N+1 loop) runs more statements when
/// there are more rows: the test renders every page on a small and on a larger province and requires the same count,
/// below a fixed bound.
@Suite("SQL statements per page")
struct QueryCountTests {
    /// The most statements a page may run, sign-in included (PostgreSQL logs the personal-data write of the dossier page
    /// as three statements more than SQLite: 13 against 10).
    /// The dashboard also reads the commune resources figures (assets, budget, land clearance, investment): five statements.
    // The dashboard's 766 indicators read the portal's record and, since indicator 3.6, the fees and online payments:
    // one aggregate statement each. The dossier page reads its signed electronic result (one statement more).
    static let bounds: [String: Int] = ["lookup": 5, "queue": 9, "dossier": 15, "dashboard": 22, "open311": 6]

    /// Collects the statements logged by the database drivers of one application.
    final class StatementLog: Sendable {
        private let statements = NIOLockedValueBox<[String]>([])
        func record(_ sql: String) { statements.withLockedValue { $0.append(sql) } }
        func take() -> [String] { statements.withLockedValue { current in defer { current = [] }; return current } }
    }

    /// A log handler that keeps the drivers' statements (the `sql` metadata of their debug lines) and drops the rest.
    struct StatementCounter: LogHandler {
        let log: StatementLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            guard level == .debug else { return }
            if let sql = metadata?["sql"] ?? self.metadata["sql"] {
                log.record("\(sql)")
            } else if Self.looksLikeSQL(message.description) {
                log.record(message.description)
            }
        }

        static func looksLikeSQL(_ text: String) -> Bool {
            let head = text.prefix(12).uppercased()
            return ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "BEGIN", "COMMIT", "PRAGMA"].contains { head.hasPrefix($0) }
        }
    }

    /// The pages of the bench, as the bench specialist, the province officer and the public see them.
    static func measure(_ app: Application) async throws -> [String: Int] {
        let issued = try await BenchCredentials.refresh(on: app, at: app.clock.now())
        let specialist: HTTPHeaders = ["Cookie": "\(StaffAuthenticator.sessionCookieName)=\(issued.specialistCookie)"]
        let province: HTTPHeaders = ["Cookie": "\(StaffAuthenticator.sessionCookieName)=\(issued.provinceCookie)"]
        let commune = try #require(try await Commune.query(on: app.db).filter(\.$slug == "xa-001").first())
        // The dossier with the longest history of the first commune.
        let dossier = try #require(try await Dossier.query(on: app.db).filter(\.$commune.$id == commune.requireID()).sort(\.$version, .descending).first())
        let pages: [(String, String, HTTPHeaders)] = [
            ("lookup", SiteURL.publicLookup(.value(dossier.code)).path, [:]),
            ("queue", SiteURL.workQueue.path + "?view=tat-ca", specialist),
            ("dossier", SiteURL.dossier(.value(dossier.code)).path, specialist),
            ("dashboard", SiteURL.reports.path, province),
            ("open311", "/open311/v2/requests.json?jurisdiction_id=\(issued.jurisdiction)", [:]),
        ]
        let log = StatementLog()
        app.logger = Logger(label: "query-count") { _ in StatementCounter(log: log) }
        var counts: [String: Int] = [:]
        for (name, path, headers) in pages {
            // The first request fills the caches (catalog, calendar); the second is what every later visitor costs.
            let warmUp = try await app.testing().sendRequest(.GET, path, headers: headers)
            #expect(warmUp.status == .ok, "\(name) answered \(warmUp.status)")
            _ = log.take()
            let response = try await app.testing().sendRequest(.GET, path, headers: headers)
            #expect(response.status == .ok, "\(name) answered \(response.status)")
            counts[name] = log.take().count
        }
        app.logger = Logger(label: "test")
        app.logger.logLevel = .warning
        return counts
    }

    @Test("each main page runs a bounded number of statements, the same for a small and a larger province")
    func statementsDoNotGrowWithRows() async throws {
        var small: [String: Int] = [:]
        var large: [String: Int] = [:]
        // The pages look at the generated year from its last day: on another day (MOTCUA_TODAY) Open311's default
        // 90-day window may hold no request of the small province, and skip the statements that read them.
        let clock = WallClock.fixed(LocalDateTime(date: BenchGeneratorTests.until, hour: 10)!.instant)
        try await withTestApp(seeded: false, clock: clock) { app in
            _ = try await BenchGenerator(parameters: .init(communes: 2, dossiers: 60, seed: 5, until: BenchGeneratorTests.until)) { _ in }.run(on: app)
            small = try await Self.measure(app)
        }
        try await withTestApp(seeded: false, clock: clock) { app in
            _ = try await BenchGenerator(parameters: .init(communes: 5, dossiers: 1500, seed: 5, until: BenchGeneratorTests.until)) { _ in }.run(on: app)
            large = try await Self.measure(app)
        }
        print("SQL statements per page, small province: \(small.sorted { $0.key < $1.key }), larger: \(large.sorted { $0.key < $1.key })")
        for (name, bound) in Self.bounds {
            let count = try #require(large[name])
            #expect(count > 0, "\(name): no statement seen; the count does not work")
            #expect(count <= bound, "\(name) runs \(count) statements (at most \(bound))")
            #expect(small[name] == count, "\(name) runs \(small[name] ?? -1) statements with few rows and \(count) with more: a query per row?")
        }
    }

    @Test("the count sees a loop that asks once per row")
    func countSeesAnNPlusOneLoop() async throws {
        try await withTestApp(seeded: false) { app in
            _ = try await BenchGenerator(parameters: .init(communes: 1, dossiers: 40, seed: 5, until: BenchGeneratorTests.until)) { _ in }.run(on: app)
            let log = StatementLog()
            app.logger = Logger(label: "query-count") { _ in StatementCounter(log: log) }
            // An N+1 loop, on purpose: one statement for the list, one more per dossier.
            let dossiers = try await Dossier.query(on: app.db).limit(10).all()
            for dossier in dossiers { _ = try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count() }
            #expect(log.take().count == 1 + dossiers.count)
        }
    }
}

import Fluent
import FluentPostgresDriver
import Foundation
import Testing
import VaporTesting
@testable import MotCuaServer

/// The in-process half of the reliability work; the crash, backup, replica and schema tests run the built server
/// from `reliability-tests/`.
@Suite("Reliability: read replica settings, database outages as 503")
struct ReliabilityTests {
    @Test("DATABASE_READ_URL without DATABASE_URL stops start-up with a message that names both")
    func readURLNeedsPrimary() throws {
        #expect {
            try Settings.fromEnvironment(.testing, variables: ["DATABASE_READ_URL": "postgres://motcua:motcua@127.0.0.1:5433/motcua"])
        } throws: { error in
            let text = (error as? Settings.Problem)?.description ?? ""
            return text.contains("DATABASE_READ_URL") && text.contains("DATABASE_URL")
        }
        let both = try Settings.fromEnvironment(.testing, variables: [
            "DATABASE_URL": "postgres://motcua:motcua@127.0.0.1:5432/motcua", "DATABASE_READ_URL": "postgres://motcua:motcua@127.0.0.1:5433/motcua",
        ])
        #expect(both.databaseReadURL == "postgres://motcua:motcua@127.0.0.1:5433/motcua")
    }

    @Test("errors that mean the database cannot be reached become 503 database_unavailable; others stay 500")
    func outagesAre503() {
        for error: any Error in [ConnectionPoolTimeoutError.connectionRequestTimeout, ChannelError.ioOnClosedChannel, IOError(errnoCode: ECONNREFUSED, reason: "connect")] {
            let (status, code, message) = SiteErrorMiddleware.describe(error)
            #expect(status == .serviceUnavailable && code == "database_unavailable" && message.contains("thử lại"), "\(error)")
        }
        struct Unexpected: Error {}
        #expect(SiteErrorMiddleware.describe(Unexpected()).0 == .internalServerError)
    }

    @Test("without a replica, read-only pages read the primary; an API outage answers JSON 503 with Retry-After")
    func readDatabaseDefaultsToPrimary() async throws {
        try await withTestApp(seeded: false) { app in
            #expect(app.readDatabaseID == nil)
            app.get("__outage") { _ -> String in throw ConnectionPoolTimeoutError.connectionRequestTimeout }
            app.get("api", "v1", "__outage") { _ -> String in throw ConnectionPoolTimeoutError.connectionRequestTimeout }
            let page = try await app.testing().sendRequest(.GET, "/__outage")
            #expect(page.status == .serviceUnavailable && page.headers.first(name: .retryAfter) != nil)
            #expect(page.body.string.contains("Cơ sở dữ liệu chính tạm thời không truy cập được"))
            let api = try await app.testing().sendRequest(.GET, "/api/v1/__outage")
            #expect(api.status == .serviceUnavailable && api.body.string.contains("database_unavailable"))
        }
    }
}

import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import MotCuaCore
import SQLKit
import Vapor
import VaporTesting
@testable import MotCuaServer

/// Runs `body` against a fresh application with its own empty database, migrated and (by default) seeded.
///
/// With `DATABASE_URL` set, each test gets a new PostgreSQL database on that server, so tests can run in parallel;
/// without it, each test gets its own in-memory SQLite database.
func withTestApp(
    seeded: Bool = true,
    demoDossiersPerCommune: Int = 0,
    clock: WallClock? = nil,
    environment: Environment = .testing,
    adjustSettings: (inout Settings) -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    let usesPostgres = !(ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "").isEmpty
    if usesPostgres { await PostgresTestSlots.shared.acquire() }
    defer { if usesPostgres { Task { await PostgresTestSlots.shared.release() } } }
    let app = try await Application.make(environment)
    app.logger.logLevel = .warning
    do {
        if let clock {
            app.clock = clock
        } else if let today = ProcessInfo.processInfo.environment["MOTCUA_TODAY"].flatMap(CivilDate.init(isoString:)) {
            // `scripts/test` runs the date-sensitive tests again under fixed days (weekend, holiday, eve of Tết…).
            app.clock = .shifted(toToday: today)
        }
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-test-\(UUID().uuidString)")
        var settings = Settings(dataDirectory: dataDirectory, databaseURL: nil, secureCookies: false, trustProxy: false)
        if let adminURL = ProcessInfo.processInfo.environment["DATABASE_URL"], !adminURL.isEmpty {
            settings.databaseURL = try await makeFreshPostgresDatabase(adminURL: adminURL, on: app)
        }
        adjustSettings(&settings)
        try await configure(app, options: ConfigureOptions(sqliteStorage: .memory, settings: settings, bcryptCost: 4))
        try await app.autoMigrate()
        if seeded { try await DemoData.seedIfEmpty(app, dossiersPerCommune: demoDossiersPerCommune) }
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// Bounds how many test applications use PostgreSQL at once.
///
/// Every test owns a database and a connection pool; with all of them running together on a two-core machine, the
/// transactions of one test wait so long behind the others that its pool gives up (`connectionRequestTimeout`). A few
/// dozen at a time keeps the server busy without starving anyone. `MOTCUA_TEST_PG_SLOTS` overrides the number.
actor PostgresTestSlots {
    static let shared = PostgresTestSlots(slots: Int(ProcessInfo.processInfo.environment["MOTCUA_TEST_PG_SLOTS"] ?? "") ?? 24)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(slots: Int) { free = max(slots, 1) }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// Creates an empty database beside the one `adminURL` names and returns its URL.
private func makeFreshPostgresDatabase(adminURL: String, on app: Application) async throws -> String {
    let adminID = DatabaseID(string: "test-admin")
    app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: adminURL), maxConnectionsPerEventLoop: 1), as: adminID, isDefault: false)
    let name = "motcua_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    guard let admin = app.db(adminID) as? any SQLDatabase else { throw Abort(.internalServerError) }
    try await admin.raw("CREATE DATABASE \(unsafeRaw: String(name))").run()
    guard var components = URLComponents(string: adminURL) else { throw Abort(.internalServerError) }
    components.path = "/" + name
    return components.string ?? adminURL
}

/// The demo commune slugs used across tests.
enum DemoCommune {
    static let phungCong = "phung-cong"
    static let vanGiang = "van-giang"
}

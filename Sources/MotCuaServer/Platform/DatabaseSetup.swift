import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Which database engine MotCua runs on.
public enum DatabaseEngine: String, Sendable {
    case sqlite
    case postgres
}

enum DatabaseSetup {
    /// Registers the default database from the settings: PostgreSQL when `DATABASE_URL` is set, the SQLite file otherwise.
    static func register(on app: Application, settings: Settings, sqliteStorage: SQLiteConfiguration.Storage? = nil) throws {
        if let url = settings.databaseURL {
            var configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw Settings.Problem(description: "DATABASE_URL không hợp lệ (cần dạng postgres://người-dùng:mật-khẩu@máy:cổng/tên-csdl).")
            }
            PostgresTimeouts.apply(to: &configuration)
            app.databases.use(
                .postgres(configuration: configuration, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: PostgresTimeouts.pool),
                as: .psql
            )
            app.databaseEngine = .postgres
            if let readURL = settings.databaseReadURL {
                var readConfiguration: SQLPostgresConfiguration
                do {
                    readConfiguration = try SQLPostgresConfiguration(url: readURL)
                } catch {
                    throw Settings.Problem(description: "DATABASE_READ_URL không hợp lệ (cần dạng postgres://người-dùng:mật-khẩu@máy:cổng/tên-csdl).")
                }
                PostgresTimeouts.apply(to: &readConfiguration)
                app.databases.use(
                    .postgres(configuration: readConfiguration, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: PostgresTimeouts.pool),
                    as: .psqlRead, isDefault: false
                )
                app.readDatabaseID = .psqlRead
            }
        } else {
            let storage = sqliteStorage ?? .file(path: settings.sqliteFile.path)
            app.databases.use(.sqlite(.init(storage: storage, enableForeignKeys: true)), as: .sqlite)
            app.databaseEngine = .sqlite
        }
        app.writeCoordinator = WriteCoordinator(serializesWrites: app.databaseEngine == .sqlite)
    }

    /// Checks that the database answers and prepares the engine; throws a problem that names the database when it does not.
    static func checkConnection(on app: Application) async throws {
        guard let sql = app.db as? any SQLDatabase else { return }
        do {
            try await sql.raw("SELECT 1").run()
            if app.databaseEngine == .sqlite {
                // WAL lets readers go on while the single writer writes; the setting is kept in the database file.
                try await sql.raw("PRAGMA journal_mode=WAL").run()
            }
        } catch {
            let target = app.databaseEngine == .postgres ? "PostgreSQL (DATABASE_URL)" : "SQLite (\(app.settings.sqliteFile.path))"
            throw Settings.Problem(description: "Không kết nối được cơ sở dữ liệu \(target): \(String(reflecting: error))")
        }
    }
}

extension Application {
    private struct EngineKey: StorageKey { typealias Value = DatabaseEngine }
    private struct WriteCoordinatorKey: StorageKey { typealias Value = WriteCoordinator }

    /// The engine of the default database.
    public internal(set) var databaseEngine: DatabaseEngine {
        get { storage[EngineKey.self] ?? .sqlite }
        set { storage[EngineKey.self] = newValue }
    }

    /// The coordinator every write transaction goes through.
    var writeCoordinator: WriteCoordinator {
        get { storage[WriteCoordinatorKey.self] ?? WriteCoordinator(serializesWrites: false) }
        set { storage[WriteCoordinatorKey.self] = newValue }
    }
}

/// Runs write transactions: one at a time on SQLite, freely on PostgreSQL.
///
/// SQLite allows one writer at a time and fails a second one at once instead of waiting, so MotCua queues its own
/// writers in the process; readers are not queued and go on beside the writer in WAL mode.
final class WriteCoordinator: Sendable {
    private let gate: AsyncGate?

    init(serializesWrites: Bool) {
        gate = serializesWrites ? AsyncGate() : nil
    }

    /// Runs `body` in one database transaction, after any other writer of this process has finished.
    func transaction<T: Sendable>(on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let gate else {
            return try await database.transaction { try await body($0) }
        }
        await gate.enter()
        do {
            let result = try await database.transaction { try await body($0) }
            await gate.leave()
            return result
        } catch {
            await gate.leave()
            throw error
        }
    }
}

/// A first-come, first-served lock for async code.
actor AsyncGate {
    private var isHeld = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !isHeld {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func leave() {
        if waiters.isEmpty {
            isHeld = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

extension Request {
    /// Runs `body` as one write transaction of the application's database.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await application.writeCoordinator.transaction(on: db, body)
    }
}

extension Application {
    /// Runs `body` as one write transaction of the application's database.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await writeCoordinator.transaction(on: db, body)
    }
}

import Fluent
import Foundation
import SQLKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Online backup and restore of the SQLite database, through SQLite itself so that a copy is never torn.
///
/// A backup is `VACUUM INTO`: one read transaction, so it is a consistent snapshot even while the server writes (in WAL
/// mode readers never wait for the writer). A restore copies every table of the backup into the live database in one
/// write transaction: a server that is running sees either the old database or the restored one, never a mix.
enum SQLiteBackup {
    /// What a backup holds, checked before it is used.
    struct Contents: Sendable {
        let migrations: Int
        let tables: Int
        let dossiers: Int
        let auditEntries: Int
    }

    /// A file that cannot be used as a backup; the message names what is wrong.
    struct Refusal: Error {
        let message: String
    }

    static let attachedName = "motcua_restore_source"

    /// Writes a consistent copy of the database to `file`, which must not exist yet; readable by its owner only,
    /// since it holds personal data.
    static func backup(_ database: any Database, to file: URL) async throws -> Contents {
        guard let sql = database as? any SQLDatabase else { throw Refusal(message: "Cơ sở dữ liệu không hỗ trợ SQL.") }
        try await sql.raw("VACUUM INTO \(bind: file.path)").run()
        chmod(file.path, 0o600)
        return try await inspect(file, on: database)
    }

    /// Checks that `file` is an intact MotCua database (SQLite, passes `quick_check`, has MotCua's migrations).
    static func inspect(_ file: URL, on database: any Database) async throws -> Contents {
        try await withAttached(file, on: database) { sql in try await contents(of: sql) }
    }

    /// Replaces every table of the live database by the backup's, in one transaction, and journals the restore.
    static func restore(from file: URL, into database: any Database, at now: Date) async throws -> Contents {
        try await withAttached(file, on: database) { sql in
            let contents = try await contents(of: sql)
            // Foreign keys are checked once, on the whole restored database, before the commit.
            try await sql.raw("PRAGMA foreign_keys = OFF").run()
            do {
                try await sql.raw("BEGIN IMMEDIATE").run()
                try await copyTables(sql)
                let violations = try await sql.raw("PRAGMA main.foreign_key_check").all()
                guard violations.isEmpty else {
                    throw Refusal(message: "Bản sao lưu có \(violations.count) dòng vi phạm khóa ngoại; không khôi phục.")
                }
                guard let fluent = sql as? any Database else { throw Refusal(message: "Cơ sở dữ liệu không hỗ trợ Fluent.") }
                try await AuditJournal.append(
                    AuditEvent(action: "system.restore", objectType: "database", objectID: "sqlite",
                               summary: "Khôi phục cơ sở dữ liệu từ bản sao lưu (\(contents.dossiers) hồ sơ, \(contents.auditEntries) mục nhật ký)"),
                    by: .commandLine, at: now, on: fluent
                )
                try await sql.raw("COMMIT").run()
            } catch {
                try? await sql.raw("ROLLBACK").run()
                try? await sql.raw("PRAGMA foreign_keys = ON").run()
                throw error
            }
            try await sql.raw("PRAGMA foreign_keys = ON").run()
            return contents
        }
    }

    /// Whether the live database already holds MotCua's tables.
    static func hasData(_ database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { return false }
        return try await sql.raw("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name = '_fluent_migrations'").first() != nil
    }

    // MARK: private

    /// Runs `body` on one connection with the file attached, and detaches it whatever happens.
    private static func withAttached<T: Sendable>(_ file: URL, on database: any Database, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard FileManager.default.isReadableFile(atPath: file.path) else { throw Refusal(message: "Không đọc được tệp \(file.path).") }
        return try await database.withConnection { connection in
            guard let sql = connection as? any SQLDatabase else { throw Refusal(message: "Cơ sở dữ liệu không hỗ trợ SQL.") }
            // Read-only, so that checking a file can never change it.
            let uri = "file:" + (file.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? file.path) + "?mode=ro"
            do {
                try await sql.raw("ATTACH DATABASE \(bind: uri) AS \(unsafeRaw: attachedName)").run()
            } catch {
                throw Refusal(message: "Tệp \(file.path) không phải cơ sở dữ liệu SQLite hoặc không mở được (\(String(describing: error))).")
            }
            do {
                let result = try await body(sql)
                try await sql.raw("DETACH DATABASE \(unsafeRaw: attachedName)").run()
                return result
            } catch {
                try? await sql.raw("DETACH DATABASE \(unsafeRaw: attachedName)").run()
                throw error
            }
        }
    }

    private static func contents(of sql: any SQLDatabase) async throws -> Contents {
        let check: String
        do {
            check = try await sql.raw("PRAGMA \(unsafeRaw: attachedName).quick_check").first()?.decode(column: "quick_check", as: String.self) ?? ""
        } catch {
            throw Refusal(message: "Tệp không phải cơ sở dữ liệu SQLite hoặc đã hỏng (\(String(describing: error))).")
        }
        guard check == "ok" else { throw Refusal(message: "Tệp cơ sở dữ liệu bị hỏng: \(check).") }
        let names = try await sql.raw("SELECT name FROM \(unsafeRaw: attachedName).sqlite_master WHERE type = 'table'").all()
            .map { try $0.decode(column: "name", as: String.self) }
        guard Set(names).isSuperset(of: ["_fluent_migrations", "dossiers", "audit_entries", "audit_head"]) else {
            throw Refusal(message: "Tệp không phải cơ sở dữ liệu MotCua (thiếu bảng migrations của MotCua).")
        }
        // The first migration of MotCua creates the provinces; every MotCua database has run it.
        let migrations = try await count("_fluent_migrations WHERE name = '0001_create_provinces'", sql) > 0 ? try await count("_fluent_migrations", sql) : 0
        guard migrations > 0 else { throw Refusal(message: "Tệp không phải cơ sở dữ liệu MotCua (không có migration nào của MotCua).") }
        return Contents(
            migrations: migrations, tables: names.filter { !$0.hasPrefix("sqlite_") }.count,
            dossiers: try await count("dossiers", sql), auditEntries: try await count("audit_entries", sql)
        )
    }

    private static func count(_ tableAndFilter: String, _ sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: attachedName).\(unsafeRaw: tableAndFilter)").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Drops every table of the live database, creates the backup's tables, indexes and triggers, and copies the rows.
    private static func copyTables(_ sql: any SQLDatabase) async throws {
        struct Object { let type: String; let name: String; let sql: String? }
        func objects(in schema: String) async throws -> [Object] {
            try await sql.raw("SELECT type, name, sql FROM \(unsafeRaw: schema).sqlite_master WHERE name NOT LIKE 'sqlite_%'").all().map {
                Object(type: try $0.decode(column: "type", as: String.self), name: try $0.decode(column: "name", as: String.self), sql: try $0.decode(column: "sql", as: String?.self))
            }
        }
        for object in try await objects(in: "main") where object.type == "view" {
            try await sql.raw("DROP VIEW IF EXISTS main.\(unsafeRaw: quoted(object.name))").run()
        }
        for object in try await objects(in: "main") where object.type == "table" {
            try await sql.raw("DROP TABLE IF EXISTS main.\(unsafeRaw: quoted(object.name))").run()
        }
        let source = try await objects(in: attachedName)
        let tables = source.filter { $0.type == "table" }
        for table in tables {
            guard let create = table.sql else { continue }
            try await sql.raw("\(unsafeRaw: create)").run()
            try await sql.raw("INSERT INTO main.\(unsafeRaw: quoted(table.name)) SELECT * FROM \(unsafeRaw: attachedName).\(unsafeRaw: quoted(table.name))").run()
        }
        for object in source where object.type != "table" {
            guard let create = object.sql else { continue } // automatic indexes of constraints come with their table
            try await sql.raw("\(unsafeRaw: create)").run()
        }
        let hasSequence = try await sql.raw("SELECT name FROM \(unsafeRaw: attachedName).sqlite_master WHERE name = 'sqlite_sequence'").first() != nil
        if hasSequence {
            try await sql.raw("DELETE FROM main.sqlite_sequence").run()
            try await sql.raw("INSERT INTO main.sqlite_sequence SELECT * FROM \(unsafeRaw: attachedName).sqlite_sequence").run()
        }
    }

    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Tells a restore whether a MotCua server is running on this data folder.
///
/// `serve` holds a shared `flock` on a file beside the database for the life of its process; the kernel releases it
/// when the process ends, however it ends (SIGKILL included), so a stale marker never blocks a restore.
enum ServerPresence {
    static func markerPath(for settings: Settings) -> String { settings.sqliteFile.path + ".serving" }

    /// Called by `serve`: the descriptor stays open, and so the lock held, until the process exits.
    static func announce(_ settings: Settings) {
        let descriptor = open(markerPath(for: settings), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        _ = flock(descriptor, LOCK_SH)
    }

    /// Whether some process holds the marker, i.e. a server is running on this database.
    static func isServing(_ settings: Settings) -> Bool {
        let descriptor = open(markerPath(for: settings), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            _ = flock(descriptor, LOCK_UN)
            return false
        }
        return true
    }
}

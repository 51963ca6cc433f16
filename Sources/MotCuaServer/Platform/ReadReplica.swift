import Fluent
import FluentPostgresDriver
import Foundation
import NIOCore
import NIOPosix
import Vapor

extension DatabaseID {
    /// The PostgreSQL read replica (`DATABASE_READ_URL`): read-only pages read from it, writes never go there.
    static let psqlRead = DatabaseID(string: "psql-read")
}

/// Connection settings shared by the primary and the replica, so that a database that is down answers quickly.
enum PostgresTimeouts {
    /// How long to try to open a connection: a primary that is stopped refuses at once; one that is unreachable must
    /// not hold a request for the default ten seconds.
    static let connect: TimeAmount = .seconds(4)
    /// How long a request waits for a free connection of the pool before it is answered 503.
    static let pool: TimeAmount = .seconds(8)

    static func apply(to configuration: inout SQLPostgresConfiguration) {
        configuration.coreConfiguration.options.connectTimeout = connect
    }
}

extension Application {
    private struct ReadDatabaseKey: StorageKey { typealias Value = DatabaseID }

    /// The database that read-only pages read from: the replica when `DATABASE_READ_URL` is set, the primary otherwise.
    var readDatabaseID: DatabaseID? {
        get { storage[ReadDatabaseKey.self] }
        set { storage[ReadDatabaseKey.self] = newValue }
    }
}

extension Request {
    /// The database for the reads of a read-only page (public lookup, reports, Open311 GETs): the replica when one is
    /// configured and the request is a GET or HEAD, the primary otherwise. Writes always use `db` / `writeTransaction`.
    ///
    /// A replica trails the primary by a moment, so a page that must see its own write (after a POST) never reads here.
    var readDB: any Database {
        guard let id = application.readDatabaseID, method == .GET || method == .HEAD else { return db }
        return db(id)
    }
}

/// Recognises the errors that mean "the database cannot be reached now", so that they become a 503 with a clear
/// Vietnamese message instead of a 500, and the client knows to try again later.
enum DatabaseAvailability {
    static let message = "Cơ sở dữ liệu chính tạm thời không truy cập được, nên chưa thể ghi thay đổi. Việc tra cứu vẫn hoạt động; vui lòng thử lại sau ít phút. Không có gì bị thay đổi."

    static func isUnavailable(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
                return true
            case .server:
                // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 08… connection exceptions,
                // 25006 read_only_sql_transaction (a write that reached a standby promoted too late).
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("57P") || state.hasPrefix("08") || state == "25006"
            default:
                return false
            }
        }
        if error is ConnectionPoolTimeoutError || error is NIOConnectionError || error is ChannelError { return true }
        if let error = error as? IOError {
            return [ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH].contains(error.errnoCode)
        }
        return false
    }
}

/// Recognises text that PostgreSQL refuses to store (a NUL character, SQLSTATE 22021), so that such input is a 400
/// with a clear message instead of a 500; the transaction it came in was rolled back, so nothing was written.
enum UnstorableText {
    static let message = "Dữ liệu gửi lên chứa ký tự không hợp lệ (ký tự NUL), nên không được lưu. Vui lòng nhập lại."

    static func isUnstorable(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server else { return false }
        return error.serverInfo?[.sqlState] == "22021"
    }
}

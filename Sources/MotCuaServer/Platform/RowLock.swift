import Fluent
import Foundation
import SQLKit

extension Model {
    /// The row, read again inside a write transaction; on PostgreSQL locked, so that a second change at the same
    /// moment waits and then sees this one (SQLite already runs one writer at a time).
    static func lockedRow(_ id: UUID, on db: any Database) async throws -> Self? where IDValue == UUID {
        if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT id FROM \(ident: schema) WHERE id = \(bind: id) FOR UPDATE").run()
        }
        return try await find(id, on: db)
    }
}

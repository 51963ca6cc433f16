import Fluent
import Foundation
import SQLKit

/// Rows for one table, written as multi-row `INSERT` statements of up to `rowsPerStatement` rows each.
///
/// The generator writes millions of rows: one statement per row would spend its time in round trips. Values are bound
/// (never spliced into the SQL), with the same encoders Fluent uses, so a generated row reads back exactly as a row the
/// application wrote. The SQL text of a full statement is built once per write and reused for every full chunk.
struct BulkInsert: Sendable {
    let table: String
    let columns: [String]
    let rowsPerStatement: Int
    private(set) var values: [any Encodable & Sendable] = []
    private(set) var rowCount = 0

    /// Rows for `columns` of `table`; statements stay under both engines' limit of bound values (32,766 for SQLite).
    init(table: String, columns: [String], maximumValues: Int = 30_000) {
        self.table = table
        self.columns = columns
        rowsPerStatement = max(1, min(1000, maximumValues / columns.count))
    }

    /// Adds one row; its values are in the order of `columns`.
    mutating func append(_ row: [any Encodable & Sendable]) {
        precondition(row.count == columns.count, "\(table): \(row.count) values for \(columns.count) columns")
        values.append(contentsOf: row)
        rowCount += 1
    }

    /// Writes every row, a full statement at a time, and returns how many.
    @discardableResult
    func write(on database: any SQLDatabase) async throws -> Int {
        guard rowCount > 0 else { return 0 }
        let width = columns.count
        let fullStatement = Self.statement(table: table, columns: columns, rows: min(rowCount, rowsPerStatement), dialect: database.dialect)
        var start = 0
        while start < rowCount {
            let rows = min(rowsPerStatement, rowCount - start)
            let sql = rows == rowsPerStatement || rows == rowCount ? fullStatement : Self.statement(table: table, columns: columns, rows: rows, dialect: database.dialect)
            let binds = Array(values[(start * width)..<((start + rows) * width)])
            try await database.execute(sql: BoundStatement(sql: sql, binds: binds), { _ in })
            start += rows
        }
        return rowCount
    }

    /// `INSERT INTO table (columns) VALUES (…), (…)` with the dialect's placeholders, numbered in order.
    static func statement(table: String, columns: [String], rows: Int, dialect: any SQLDialect) -> String {
        var sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        sql.reserveCapacity(rows * columns.count * 7 + 100)
        let isSQLite = dialect.name == "sqlite"
        var position = 0
        for row in 0..<rows {
            sql += row == 0 ? "(" : ", ("
            for column in 0..<columns.count {
                position += 1
                if column > 0 { sql += ", " }
                // SQLite numbers `?` by position; PostgreSQL wants `$1`, `$2`, ….
                sql += isSQLite ? "?" : "$\(position)"
            }
            sql += ")"
        }
        return sql
    }
}

/// SQL text whose placeholders are already written, with their values in order.
struct BoundStatement: SQLExpression {
    let sql: String
    let binds: [any Encodable & Sendable]

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(sql)
        serializer.binds.append(contentsOf: binds)
    }
}

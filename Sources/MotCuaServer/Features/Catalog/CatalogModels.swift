import Fluent
import Foundation
import MotCuaCore
import SQLKit

/// A procedure of the province's catalog. Its full definition is kept as one row of the catalog CSV format, the same
/// text the import and export speak, so that the database never holds a second description of a procedure.
final class CatalogProcedure: Model, @unchecked Sendable {
    static let schema = "procedures"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "field") var field: String
    /// The definition as the catalog CSV, header and one row.
    @Field(key: "definition") var definition: String
    @Field(key: "is_active") var isActive: Bool

    init() {}

    init(_ procedure: ProcedureDefinition) {
        self.code = procedure.code
        self.isActive = true
        update(from: procedure)
    }

    func update(from procedure: ProcedureDefinition) {
        name = procedure.name
        field = procedure.field.rawValue
        definition = ProcedureCatalogCSV.serialize([procedure])
    }

    /// The definition, parsed; `nil` only if the stored text was edited behind the application's back.
    var procedureDefinition: ProcedureDefinition? {
        guard case .success(let parsed) = ProcedureCatalogCSV.parse(definition) else { return nil }
        return parsed.first
    }
}

/// A commune's choice about one procedure: whether it handles it, and a shorter processing time if it set one.
///
/// Without a row the commune handles the procedure within the catalog's time: commune-level procedures are
/// handled by every commune, whatever the applicant's residence ("không phụ thuộc vào địa giới hành chính", as the
/// provinces' decisions publishing the commune-level procedures from 1/7/2025 say).
final class CommuneProcedure: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "commune_procedures"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "procedure_code") var procedureCode: String
    @Field(key: "is_offered") var isOffered: Bool
    /// The commune's processing time in working days, 0 for the same day; `nil` keeps the catalog's.
    @OptionalField(key: "processing_days") var processingDays: Int?

    // relationships
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<CommuneProcedure, FieldProperty<CommuneProcedure, UUID>> { \.$commune.$id }

    init() {}
}

enum CatalogMigrations {
    struct CreateProcedures: AsyncMigration {
        var name: String { "0008_create_procedures" }

        func prepare(on database: any Database) async throws {
            try await database.schema(CatalogProcedure.schema)
                .id()
                .field("code", .string, .required)
                .field("name", .string, .required)
                .field("field", .string, .required)
                .field("definition", .string, .required)
                .field("is_active", .bool, .required)
                .field("created_at", .datetime)
                .field("updated_at", .datetime)
                .unique(on: "code")
                .create()
            try await database.schema(CommuneProcedure.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("procedure_code", .string, .required)
                .field("is_offered", .bool, .required)
                .field("processing_days", .int)
                .field("updated_at", .datetime)
                .unique(on: "commune_id", "procedure_code")
                .create()
            // The catalog shipped with MotCua is the starting point of every deployment; provinces edit it by import.
            for procedure in try ProcedureCatalog.loadBundled().procedures {
                try await CatalogProcedure(procedure).create(on: database)
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(CommuneProcedure.schema).delete()
            try await database.schema(CatalogProcedure.schema).delete()
        }
    }
}

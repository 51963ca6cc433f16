import Foundation
import Fluent
import SQLKit

enum DossierMigrations {
    struct CreateDossiers: AsyncMigration {
        var name: String { "0009_create_dossiers" }

        func prepare(on database: any Database) async throws {
            try await database.schema(Dossier.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("procedure_id", .uuid, .required, .references(CatalogProcedure.schema, "id"))
                .field("department_id", .uuid, .references(Department.schema, "id"))
                .field("assignee_id", .uuid, .references(Officer.schema, "id"))
                .field("received_by_id", .uuid, .references(Officer.schema, "id"))
                .field("version", .int, .required)
                .field("code", .string, .required)
                .field("procedure_code", .string, .required)
                .field("procedure_name", .string, .required)
                .field("field", .string, .required)
                .field("channel", .string, .required)
                .field("status", .string, .required)
                .field("national_status", .int, .required)
                .field("applicant_kind", .string, .required)
                .field("applicant_name", .string, .required)
                .field("applicant_id_number", .string)
                .field("applicant_phone", .string)
                .field("applicant_email", .string)
                .field("applicant_address", .string)
                .field("representative_name", .string)
                .field("representative_id_number", .string)
                .field("authorisation_document", .string)
                .field("copies", .int, .required)
                .field("fee_amount", .int64, .required)
                .field("received_at", .datetime)
                .field("due_at", .datetime)
                .field("original_due_at", .datetime)
                .field("completed_at", .datetime)
                .field("returned_at", .datetime)
                .field("timeliness", .string)
                .field("processing_days", .int)
                .field("cut_off_hour", .int, .required)
                .field("verification_days", .int)
                .field("assignee_username", .string)
                .field("verification_extended", .bool, .required)
                .field("supplement_requested", .bool, .required)
                .field("apology_issued", .bool, .required)
                .field("result_issued", .bool, .required)
                .field("return_method", .string)
                .field("created_at", .datetime)
                .field("updated_at", .datetime)
                .unique(on: "code")
                .create()
            if let sql = database as? any SQLDatabase {
                // Every query of dossiers starts from the commune; these serve the work queues, registers and reports.
                try await sql.create(index: "dossiers_commune_status_due").on(Dossier.schema).column("commune_id").column("status").column("due_at").run()
                try await sql.create(index: "dossiers_commune_assignee_due").on(Dossier.schema).column("commune_id").column("assignee_id").column("due_at").run()
                try await sql.create(index: "dossiers_commune_department_due").on(Dossier.schema).column("commune_id").column("department_id").column("due_at").run()
                try await sql.create(index: "dossiers_commune_received").on(Dossier.schema).column("commune_id").column("received_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(Dossier.schema).delete()
        }
    }

    struct CreateDossierEvents: AsyncMigration {
        var name: String { "0010_create_dossier_events" }

        func prepare(on database: any Database) async throws {
            try await database.schema(DossierEventRecord.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("dossier_id", .uuid, .required, .references(Dossier.schema, "id"))
                .field("sequence", .int, .required)
                .field("action", .string, .required)
                .field("from_status", .string)
                .field("to_status", .string, .required)
                .field("occurred_at", .datetime, .required)
                .field("actor_id", .uuid)
                .field("actor_username", .string, .required)
                .field("actor_role", .string, .required)
                .field("actor_unit", .string, .required)
                .field("note", .string)
                .field("payload", .string, .required)
                .unique(on: "dossier_id", "sequence")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "dossier_events_commune_time").on(DossierEventRecord.schema).column("commune_id").column("occurred_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(DossierEventRecord.schema).delete()
        }
    }

    struct CreateDossierDocuments: AsyncMigration {
        var name: String { "0011_create_dossier_documents" }

        func prepare(on database: any Database) async throws {
            try await database.schema(DossierDocument.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("dossier_id", .uuid, .required, .references(Dossier.schema, "id"))
                .field("name", .string, .required)
                .field("form", .string, .required)
                .field("count", .int, .required)
                .field("is_received", .bool, .required)
                .field("file_key", .string)
                .field("file_kind", .string)
                .field("file_name", .string)
                .field("file_size", .int)
                .field("created_at", .datetime)
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "dossier_documents_commune_dossier").on(DossierDocument.schema).column("commune_id").column("dossier_id").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(DossierDocument.schema).delete()
        }
    }

    struct CreatePersonalDataAccess: AsyncMigration {
        var name: String { "0015_create_personal_data_access" }

        func prepare(on database: any Database) async throws {
            try await database.schema(PersonalDataAccess.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("dossier_id", .uuid, .required, .references(Dossier.schema, "id"))
                .field("officer_id", .uuid)
                .field("officer_username", .string, .required)
                .field("purpose", .string, .required)
                .field("occurred_at", .datetime, .required)
                .field("client_address", .string, .required)
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "personal_data_access_commune_dossier").on(PersonalDataAccess.schema).column("commune_id").column("dossier_id").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(PersonalDataAccess.schema).delete()
        }
    }

    struct CreateDossierSequences: AsyncMigration {
        var name: String { "0012_create_dossier_sequences" }

        func prepare(on database: any Database) async throws {
            try await database.schema(DossierSequence.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("day", .string, .required)
                .field("last_value", .int, .required)
                .unique(on: "commune_id", "day")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(DossierSequence.schema).delete()
        }
    }
}

extension DossierMigrations {
    /// The working days left when the clock stopped for the applicant, so that it resumes instead of restarting.
    struct AddWorkingDaysLeftWhenStopped: AsyncMigration {
        var name: String { "legal_add_dossier_working_days_left_when_stopped" }

        func prepare(on database: any Database) async throws {
            try await database.schema("dossiers").field("working_days_left_when_stopped", .int).update()
        }

        func revert(on database: any Database) async throws {
            try await database.schema("dossiers").deleteField("working_days_left_when_stopped").update()
        }
    }
}

enum DossierNumbering {
    /// The next number of the day for a commune, inside the caller's write transaction.
    ///
    /// One statement increments and reads, so that two intakes at once on PostgreSQL cannot get the same number
    /// (the row lock orders them); on SQLite the write coordinator already runs one writer at a time.
    static func next(communeID: UUID, day: String, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw AppError(status: .internalServerError, code: "internal_error", message: "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let row = try await sql.raw("""
            INSERT INTO dossier_sequences (id, commune_id, day, last_value) VALUES (\(bind: UUID()), \(bind: communeID), \(bind: day), 1)
            ON CONFLICT (commune_id, day) DO UPDATE SET last_value = dossier_sequences.last_value + 1
            RETURNING last_value
            """).first()
        guard let value = try row?.decode(column: "last_value", as: Int.self) else {
            throw AppError(status: .internalServerError, code: "internal_error", message: "Không cấp được số hồ sơ.")
        }
        return value
    }
}

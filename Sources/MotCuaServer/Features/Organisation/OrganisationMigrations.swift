import Fluent
import MotCuaCore
import SQLKit

enum OrganisationMigrations {
    struct CreateProvinces: AsyncMigration {
        var name: String { "0001_create_provinces" }

        func prepare(on database: any Database) async throws {
            try await database.schema(Province.schema)
                .id()
                .field("code", .string, .required)
                .field("name", .string, .required)
                .field("created_at", .datetime)
                .field("updated_at", .datetime)
                .unique(on: "code")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(Province.schema).delete()
        }
    }

    struct CreateCommunes: AsyncMigration {
        var name: String { "0002_create_communes" }

        func prepare(on database: any Database) async throws {
            try await database.schema(Commune.schema)
                .id()
                .field("province_id", .uuid, .required, .references(Province.schema, "id"))
                .field("name", .string, .required)
                .field("kind", .string, .required)
                .field("slug", .string, .required)
                .field("agency_identifier", .string, .required)
                .field("web_domain", .string)
                .field("address", .string)
                .field("service_hours", .string, .required, .sql(.default(Commune.defaultServiceHours)))
                .field("is_active", .bool, .required)
                .field("created_at", .datetime)
                .field("updated_at", .datetime)
                .unique(on: "slug")
                .unique(on: "agency_identifier")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(Commune.schema).delete()
        }
    }

    struct CreateDepartments: AsyncMigration {
        var name: String { "0003_create_departments" }

        func prepare(on database: any Database) async throws {
            try await database.schema(Department.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("name", .string, .required)
                .field("kind", .string, .required)
                .field("phone", .string)
                .field("is_active", .bool, .required)
                .field("created_at", .datetime)
                .field("updated_at", .datetime)
                .unique(on: "commune_id", "name")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(Department.schema).delete()
        }
    }

    struct CreateOfficers: AsyncMigration {
        var name: String { "0004_create_officers" }

        func prepare(on database: any Database) async throws {
            try await database.schema(Officer.schema)
                .id()
                .field("province_id", .uuid, .required, .references(Province.schema, "id"))
                .field("commune_id", .uuid, .references(Commune.schema, "id"))
                .field("department_id", .uuid, .references(Department.schema, "id"))
                .field("username", .string, .required)
                .field("full_name", .string, .required)
                .field("job_title", .string)
                .field("email", .string)
                .field("phone", .string)
                .field("roles", .array(of: .string), .required)
                .field("password_hash", .string, .required)
                .field("failed_sign_ins", .int, .required)
                .field("locked_until", .datetime)
                .field("password_changed_at", .datetime)
                .field("is_active", .bool, .required)
                .field("created_at", .datetime)
                .field("updated_at", .datetime)
                .unique(on: "username")
                .create()
            if let sql = database as? any SQLDatabase {
                // Tenant tables are indexed with commune_id first, so that every scoped query and a later split by commune stay cheap.
                try await sql.create(index: "officers_commune_department").on(Officer.schema).column("commune_id").column("department_id").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(Officer.schema).delete()
        }
    }

    struct CreateAccessTokens: AsyncMigration {
        var name: String { "0005_create_access_tokens" }

        func prepare(on database: any Database) async throws {
            try await database.schema(AccessToken.schema)
                .id()
                .field("officer_id", .uuid, .required, .references(Officer.schema, "id", onDelete: .cascade))
                .field("token_hash", .string, .required)
                .field("kind", .string, .required)
                .field("expires_at", .datetime, .required)
                .field("last_used_at", .datetime, .required)
                .field("created_at", .datetime)
                .unique(on: "token_hash")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(AccessToken.schema).delete()
        }
    }

    struct CreateAuditJournal: AsyncMigration {
        var name: String { "0006_create_audit_journal" }

        func prepare(on database: any Database) async throws {
            try await database.schema(AuditEntry.schema)
                .field("sequence", .int64, .identifier(auto: false))
                .field("occurred_at", .datetime, .required)
                .field("actor_id", .uuid)
                .field("actor_username", .string, .required)
                .field("actor_role", .string, .required)
                .field("commune_id", .uuid)
                .field("action", .string, .required)
                .field("object_type", .string, .required)
                .field("object_id", .string, .required)
                .field("summary", .string, .required)
                .field("client_address", .string, .required)
                .field("previous_hash", .string, .required)
                .field("hash", .string, .required)
                .create()
            try await database.schema(AuditHead.schema)
                .field("id", .int, .identifier(auto: false))
                .field("last_sequence", .int64, .required)
                .field("last_hash", .string, .required)
                .create()
            // The head row exists from the start so that PostgreSQL writers can lock it before the first entry.
            try await AuditHead(lastSequence: 0, lastHash: AuditChain.genesisHash).create(on: database)
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "audit_entries_commune_time").on(AuditEntry.schema).column("commune_id").column("occurred_at").run()
                try await sql.create(index: "audit_entries_time").on(AuditEntry.schema).column("occurred_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(AuditHead.schema).delete()
            try await database.schema(AuditEntry.schema).delete()
        }
    }
}

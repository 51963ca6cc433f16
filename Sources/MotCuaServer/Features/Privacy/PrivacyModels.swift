import Fluent
import Foundation
import SQLKit
import Vapor

/// A commune's retention period for the personal data of closed dossiers; no row means the data is kept.
final class PersonalDataRetentionRule: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "personal_data_retention_rules"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "years") var years: Int
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date
    /// When the anonymisation last ran for the commune, and how many dossiers it changed then.
    @OptionalField(key: "last_run_at") var lastRunAt: Date?
    @Field(key: "last_run_count") var lastRunCount: Int

    // relationships
    @Parent(key: "commune_id") var commune: Commune

    init() {}

    static var communeIDField: KeyPath<PersonalDataRetentionRule, FieldProperty<PersonalDataRetentionRule, UUID>> { \.$commune.$id }
}

/// A stored file whose last reference an anonymisation removed, waiting to be deleted from the file store.
///
/// Written in the same transaction that clears the references, and removed once the file is gone, so a crash between
/// the commit and the deletion leaves the row for the next run instead of a forgotten scan.
final class PendingFileDeletion: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "personal_data_file_deletions"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "file_key") var fileKey: String
    @Field(key: "queued_at") var queuedAt: Date

    // relationships
    @Parent(key: "commune_id") var commune: Commune

    init() {}

    static var communeIDField: KeyPath<PendingFileDeletion, FieldProperty<PendingFileDeletion, UUID>> { \.$commune.$id }
}

/// The personal data migrations (issue #12), appended at the end of the list.
enum PrivacyMigrations {
    /// Lets a logged access carry the reason the officer gave (exports ask for one).
    struct AddPersonalDataAccessReason: AsyncMigration {
        var name: String { "privacy_add_personal_data_access_reason" }

        func prepare(on database: any Database) async throws {
            try await database.schema(PersonalDataAccess.schema).field("reason", .string).update()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(PersonalDataAccess.schema).deleteField("reason").update()
        }
    }

    /// Each commune's retention period; one row per commune.
    struct CreateRetentionRules: AsyncMigration {
        var name: String { "privacy_create_retention_rules" }

        func prepare(on database: any Database) async throws {
            try await database.schema(PersonalDataRetentionRule.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("years", .int, .required)
                .field("updated_by", .string, .required)
                .field("updated_at", .datetime, .required)
                .field("last_run_at", .datetime)
                .field("last_run_count", .int, .required)
                .unique(on: "commune_id")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(PersonalDataRetentionRule.schema).delete()
        }
    }

    /// An index for the retention job, which looks for one commune's closed dossiers by their last change.
    ///
    /// No column is added to `dossiers`: an anonymised dossier is recognised by its placeholder name, and a column
    /// would break the earlier migrations that read dossiers through the model.
    struct IndexDossiersForRetention: AsyncMigration {
        var name: String { "privacy_index_dossiers_for_retention" }

        func prepare(on database: any Database) async throws {
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "dossiers_commune_status_updated").on(Dossier.schema)
                    .column("commune_id").column("status").column("updated_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            if let sql = database as? any SQLDatabase {
                try await sql.drop(index: "dossiers_commune_status_updated").run()
            }
        }
    }

    /// The scans an anonymisation released, until they are deleted from the file store.
    struct CreatePendingFileDeletions: AsyncMigration {
        var name: String { "privacy_create_pending_file_deletions" }

        func prepare(on database: any Database) async throws {
            try await database.schema(PendingFileDeletion.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("file_key", .string, .required)
                .field("queued_at", .datetime, .required)
                .unique(on: "commune_id", "file_key")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(PendingFileDeletion.schema).delete()
        }
    }
}

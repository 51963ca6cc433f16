import Fluent
import Foundation
import SQLKit

/// One dossier step waiting to reach the national portal, written in the step's own transaction (the outbox pattern of
/// the applicants' messages), so that a step cannot exist without its way to the portal, nor reach it twice as two
/// different dossiers.
final class PortalSyncEvent: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "portal_sync_events"

    enum Status: String, Codable, Sendable {
        case pending
        case sent
        /// The portal refused it: it waits for a person, with the portal's message, and holds back the dossier's later steps.
        case refused
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Field(key: "dossier_code") var dossierCode: String
    /// The step's place in the dossier's history (`dossier_events.sequence`).
    @Field(key: "sequence") var sequence: Int
    @Enum(key: "status") var status: Status
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Date?

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "dossier_id") var dossier: Dossier

    static var communeIDField: KeyPath<PortalSyncEvent, FieldProperty<PortalSyncEvent, UUID>> { \.$commune.$id }

    init() {}
}

/// What the portal holds of one dossier, as far as MotCua knows: whether it was created there (so later calls update it)
/// and the national status last sent.
final class PortalDossierState: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "portal_dossier_states"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "dossier_code") var dossierCode: String
    @Field(key: "national_status") var nationalStatus: Int
    @Field(key: "first_sent_at") var firstSentAt: Date
    @Field(key: "last_sent_at") var lastSentAt: Date

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "dossier_id") var dossier: Dossier

    static var communeIDField: KeyPath<PortalDossierState, FieldProperty<PortalDossierState, UUID>> { \.$commune.$id }

    init() {}
}

enum PortalSyncMigrations {
    struct CreatePortalSync: AsyncMigration {
        var name: String { "0060_create_portal_sync" }

        func prepare(on database: any Database) async throws {
            try await database.schema("portal_sync_events")
                .id()
                .field("commune_id", .uuid, .required, .references("communes", "id"))
                .field("dossier_id", .uuid, .required, .references("dossiers", "id"))
                .field("dossier_code", .string, .required)
                .field("sequence", .int, .required)
                .field("status", .string, .required)
                .field("attempts", .int, .required)
                .field("next_attempt_at", .datetime, .required)
                .field("last_error", .string)
                .field("sent_at", .datetime)
                .field("created_at", .datetime, .required)
                .unique(on: "dossier_id", "sequence")
                .create()
            try await database.schema("portal_dossier_states")
                .id()
                .field("commune_id", .uuid, .required, .references("communes", "id"))
                .field("dossier_id", .uuid, .required, .references("dossiers", "id"))
                .field("dossier_code", .string, .required)
                .field("national_status", .int, .required)
                .field("first_sent_at", .datetime, .required)
                .field("last_sent_at", .datetime, .required)
                .unique(on: "dossier_id")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "portal_sync_events_status_next").on("portal_sync_events").column("status").column("next_attempt_at").run()
                try await sql.create(index: "portal_sync_events_commune_status").on("portal_sync_events").column("commune_id").column("status").run()
                try await sql.create(index: "portal_dossier_states_commune").on("portal_dossier_states").column("commune_id").column("first_sent_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema("portal_dossier_states").delete()
            try await database.schema("portal_sync_events").delete()
        }
    }
}

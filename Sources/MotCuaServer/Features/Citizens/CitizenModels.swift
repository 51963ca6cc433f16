import Fluent
import Foundation
import MotCuaCore
import SQLKit

/// A citizen's or a business representative's account for submitting dossiers online.
///
/// Not a commune's row: one account submits to any commune of the province. `commune` is the home commune chosen at
/// registration, whose outbox carries the confirmation code.
final class CitizenAccount: Model, @unchecked Sendable {
    static let schema = "citizen_accounts"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields (personal data: shown to the account holder and to the officers handling their dossiers only)
    @Field(key: "full_name") var fullName: String
    @Field(key: "id_number") var idNumber: String
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "address") var address: String?
    @Field(key: "password_hash") var passwordHash: String
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    /// When the national sign-in service (VNeID) verified this account's name and ID number; `nil` if never.
    @OptionalField(key: "vneid_verified_at") var vneidVerifiedAt: Date?

    // the one-time confirmation code: only its bcrypt hash is stored
    @OptionalField(key: "code_hash") var codeHash: String?
    @OptionalField(key: "code_expires_at") var codeExpiresAt: Date?
    @OptionalField(key: "code_sent_at") var codeSentAt: Date?
    @Field(key: "code_failed_attempts") var codeFailedAttempts: Int
    @Field(key: "code_sends") var codeSends: Int

    // the account lock of old, no longer written: sign-in waits belong to a client address (`SignInThrottle`)
    @Field(key: "failed_sign_ins") var failedSignIns: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?

    // relationships
    @Parent(key: "commune_id") var commune: Commune

    init() {}

    /// Whether the one-time code confirmed the account.
    var isConfirmed: Bool { confirmedAt != nil }

    /// How long a registration never confirmed keeps its ID number, phone and email.
    static let unconfirmedHold: TimeInterval = 24 * 3600

    /// Where the confirmation code goes: the phone by SMS when there is one, otherwise the email.
    var codeRecipient: (channel: String, address: String)? {
        if let phone { return ("sms", phone) }
        if let email { return ("email", email) }
        return nil
    }

    /// The rules' view of the stored code.
    var confirmationCode: ConfirmationCode? {
        get {
            guard let codeExpiresAt, let codeSentAt else { return nil }
            return ConfirmationCode(expiresAt: codeExpiresAt, failedAttempts: codeFailedAttempts, sends: codeSends, sentAt: codeSentAt)
        }
        set {
            codeExpiresAt = newValue?.expiresAt
            codeSentAt = newValue?.sentAt
            codeFailedAttempts = newValue?.failedAttempts ?? 0
            codeSends = newValue?.sends ?? codeSends
        }
    }
}

/// A signed-in citizen's browser session: its own table and cookie, so that it can never pass for an officer's.
final class CitizenSession: Model, @unchecked Sendable {
    static let schema = "citizen_sessions"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    /// SHA-256 of the cookie's secret (`AccessToken.hash`).
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "last_used_at") var lastUsedAt: Date
    /// The ID token of a VNeID sign-in, sent back to the provider to end its session at sign-out.
    @OptionalField(key: "id_token_hint") var idTokenHint: String?

    // relationships
    @Parent(key: "account_id") var account: CitizenAccount

    init() {}

    /// How long a citizen's session lives, and how long it may sit unused.
    static let lifetime: TimeInterval = 7 * 24 * 3600
    static let idleLimit: TimeInterval = 24 * 3600
}

/// Which account submitted an online dossier; the dossier itself keeps the applicant's details as submitted.
final class CitizenDossierLink: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "citizen_dossier_links"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "dossier_id") var dossier: Dossier
    @Parent(key: "account_id") var account: CitizenAccount

    static var communeIDField: KeyPath<CitizenDossierLink, FieldProperty<CitizenDossierLink, UUID>> { \.$commune.$id }

    init() {}

    init(communeID: UUID, dossierID: UUID, accountID: UUID) {
        self.$commune.id = communeID
        self.$dossier.id = dossierID
        self.$account.id = accountID
    }
}

enum CitizenMigrations {
    struct CreateCitizenAccounts: AsyncMigration {
        var name: String { "citizens_create_accounts" }

        func prepare(on database: any Database) async throws {
            try await database.schema(CitizenAccount.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("full_name", .string, .required)
                .field("id_number", .string, .required)
                .field("phone", .string)
                .field("email", .string)
                .field("address", .string)
                .field("password_hash", .string, .required)
                .field("confirmed_at", .datetime)
                .field("code_hash", .string)
                .field("code_expires_at", .datetime)
                .field("code_sent_at", .datetime)
                .field("code_failed_attempts", .int, .required)
                .field("code_sends", .int, .required)
                .field("failed_sign_ins", .int, .required)
                .field("locked_until", .datetime)
                .field("created_at", .datetime)
                .unique(on: "id_number")
                .create()
            if let sql = database as? any SQLDatabase {
                // Sign-in looks accounts up by phone or email.
                try await sql.create(index: "citizen_accounts_phone").on(CitizenAccount.schema).column("phone").run()
                try await sql.create(index: "citizen_accounts_email").on(CitizenAccount.schema).column("email").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(CitizenAccount.schema).delete()
        }
    }

    struct CreateCitizenSessions: AsyncMigration {
        var name: String { "citizens_create_sessions" }

        func prepare(on database: any Database) async throws {
            try await database.schema(CitizenSession.schema)
                .id()
                .field("account_id", .uuid, .required, .references(CitizenAccount.schema, "id", onDelete: .cascade))
                .field("token_hash", .string, .required)
                .field("expires_at", .datetime, .required)
                .field("last_used_at", .datetime, .required)
                .field("created_at", .datetime)
                .unique(on: "token_hash")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(CitizenSession.schema).delete()
        }
    }

    struct CreateCitizenDossierLinks: AsyncMigration {
        var name: String { "citizens_create_dossier_links" }

        func prepare(on database: any Database) async throws {
            try await database.schema(CitizenDossierLink.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("dossier_id", .uuid, .required, .references(Dossier.schema, "id"))
                .field("account_id", .uuid, .required, .references(CitizenAccount.schema, "id"))
                .field("created_at", .datetime)
                .unique(on: "commune_id", "dossier_id")
                .create()
            if let sql = database as? any SQLDatabase {
                // The one index not led by commune_id: an account's dossiers span communes ("my account" lists them all).
                try await sql.create(index: "citizen_dossier_links_account").on(CitizenDossierLink.schema).column("account_id").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(CitizenDossierLink.schema).delete()
        }
    }
}

import Fluent
import Foundation
import SQLKit

/// One VNeID sign-in attempt, kept server-side: its `state` (hashed), `nonce` and PKCE verifier until the provider
/// answers, used once; then, for a first sign-in, the verified identity until the citizen links or creates the account.
final class VNeIDSignIn: Model, @unchecked Sendable {
    static let schema = "citizen_vneid_sign_ins"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    /// SHA-256 of the `state` sent to the provider (`AccessToken.hash`).
    @Field(key: "state_hash") var stateHash: String
    @Field(key: "nonce") var nonce: String
    @Field(key: "code_verifier") var codeVerifier: String
    @OptionalField(key: "next_path") var nextPath: String?
    @Field(key: "started_at") var startedAt: Date
    /// Set when the provider's answer arrived: an attempt is used once.
    @OptionalField(key: "answered_at") var answeredAt: Date?
    // the identity the provider verified, kept until the first sign-in is completed (personal data: minutes only)
    @OptionalField(key: "id_number") var idNumber: String?
    @OptionalField(key: "full_name") var fullName: String?
    @OptionalField(key: "id_token") var idToken: String?
    /// SHA-256 of the cookie secret that carries the browser to the completion page.
    @OptionalField(key: "completion_hash") var completionHash: String?
    @Field(key: "failed_proofs") var failedProofs: Int

    init() {}

    /// How long an attempt lives, from the redirect to the provider to the completed first sign-in.
    static let lifetime: TimeInterval = 10 * 60
    /// Wrong passwords allowed while linking before the attempt ends.
    static let maximumFailedProofs = 5
}

/// A procedure of the catalog whose online submission needs an account whose identity VNeID verified (level 2).
///
/// A table of its own rather than a column of `procedures`: the catalog's rows are written by earlier migrations
/// through the live model, which must not name a column that only a later migration adds.
final class VerifiedIdentityProcedure: Model, @unchecked Sendable {
    static let schema = "procedures_requiring_verified_identity"

    @ID(key: .id) var id: UUID?
    @Field(key: "procedure_code") var procedureCode: String

    init() {}

    init(procedureCode: String) {
        self.procedureCode = procedureCode
    }
}

enum VNeIDMigrations {
    /// VNeID sign-in attempts; the VNeID mark on accounts; the provider's token on sessions (for sign-out); the catalog
    /// flag of procedures that require a verified identity online.
    struct AddVNeIDSignIn: AsyncMigration {
        var name: String { "citizens_vneid_sign_in" }

        func prepare(on database: any Database) async throws {
            try await database.schema("citizen_vneid_sign_ins")
                .id()
                .field("state_hash", .string, .required)
                .field("nonce", .string, .required)
                .field("code_verifier", .string, .required)
                .field("next_path", .string)
                .field("started_at", .datetime, .required)
                .field("answered_at", .datetime)
                .field("id_number", .string)
                .field("full_name", .string)
                .field("id_token", .string)
                .field("completion_hash", .string)
                .field("failed_proofs", .int, .required)
                .unique(on: "state_hash")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "citizen_vneid_sign_ins_completion").on("citizen_vneid_sign_ins").column("completion_hash").run()
            }
            try await database.schema("citizen_accounts").field("vneid_verified_at", .datetime).update()
            try await database.schema("citizen_sessions").field("id_token_hint", .string).update()
            try await database.schema("procedures_requiring_verified_identity")
                .id()
                .field("procedure_code", .string, .required)
                .unique(on: "procedure_code")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema("procedures_requiring_verified_identity").delete()
            try await database.schema("citizen_sessions").deleteField("id_token_hint").update()
            try await database.schema("citizen_accounts").deleteField("vneid_verified_at").update()
            try await database.schema("citizen_vneid_sign_ins").delete()
        }
    }
}

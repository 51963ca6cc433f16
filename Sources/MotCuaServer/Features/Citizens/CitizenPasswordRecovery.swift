import Fluent
import Foundation
import MotCuaCore
import SQLKit

/// The password recovery codes sent to one phone or email: one row per phone or email typed, whether it belongs to an
/// account or not, so that the limits (and the answers) are the same for both.
final class CitizenPasswordRecovery: Model, @unchecked Sendable {
    static let schema = "citizen_password_recoveries"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    /// The phone (digits, as stored on accounts) or the email (lower case) that was typed.
    @Field(key: "login") var login: String
    /// The current code's bcrypt hash; for a phone or email without an account, the hash of a code sent to no one.
    @OptionalField(key: "code_hash") var codeHash: String?
    @Field(key: "code_expires_at") var codeExpiresAt: Date
    @Field(key: "code_sent_at") var codeSentAt: Date
    @Field(key: "code_failed_attempts") var codeFailedAttempts: Int
    @Field(key: "code_sends") var codeSends: Int

    // relationships
    /// The confirmed account the code was sent for, if the phone or email had one when the code was asked for.
    @OptionalParent(key: "account_id") var account: CitizenAccount?

    init() {}

    /// The rules' view of the stored code.
    var code: ConfirmationCode {
        get { ConfirmationCode(expiresAt: codeExpiresAt, failedAttempts: codeFailedAttempts, sends: codeSends, sentAt: codeSentAt) }
        set {
            codeExpiresAt = newValue.expiresAt
            codeSentAt = newValue.sentAt
            codeFailedAttempts = newValue.failedAttempts
            codeSends = newValue.sends
        }
    }
}

enum PasswordRecoveryMigrations {
    struct CreateCitizenPasswordRecoveries: AsyncMigration {
        var name: String { "citizens_create_password_recoveries" }

        func prepare(on database: any Database) async throws {
            try await database.schema("citizen_password_recoveries")
                .id()
                .field("login", .string, .required)
                .field("account_id", .uuid, .references("citizen_accounts", "id", onDelete: .cascade))
                .field("code_hash", .string)
                .field("code_expires_at", .datetime, .required)
                .field("code_sent_at", .datetime, .required)
                .field("code_failed_attempts", .int, .required)
                .field("code_sends", .int, .required)
                .field("created_at", .datetime)
                .unique(on: "login")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema("citizen_password_recoveries").delete()
        }
    }
}

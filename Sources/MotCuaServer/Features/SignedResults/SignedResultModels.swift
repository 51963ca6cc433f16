import Fluent
import Foundation
import SQLKit

/// A dossier's electronic result: a PDF signed outside MotCua, stored only after every check of its signature passed.
final class SignedResult: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "signed_results"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "file_key") var fileKey: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "byte_count") var byteCount: Int
    /// The SHA-256 of the whole file: the public check finds the dossier of an uploaded copy by it.
    @Field(key: "sha256") var sha256: String
    /// The code printed with the result, typed on the public check page.
    @Field(key: "verification_code") var verificationCode: String
    @Field(key: "signer_name") var signerName: String
    @Field(key: "issuer_name") var issuerName: String
    @Field(key: "signed_at") var signedAt: Date
    @Field(key: "sub_filter") var subFilter: String
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "uploaded_at") var uploadedAt: Date

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "dossier_id") var dossier: Dossier

    init() {}

    static var communeIDField: KeyPath<SignedResult, FieldProperty<SignedResult, UUID>> { \.$commune.$id }
}

enum SignedResultMigrations {
    struct CreateSignedResults: AsyncMigration {
        var name: String { "signed_results_create" }

        func prepare(on database: any Database) async throws {
            try await database.schema("signed_results")
                .id()
                .field("commune_id", .uuid, .required, .references("communes", "id"))
                .field("dossier_id", .uuid, .required, .references("dossiers", "id"))
                .field("file_key", .string, .required)
                .field("file_name", .string, .required)
                .field("byte_count", .int, .required)
                .field("sha256", .string, .required)
                .field("verification_code", .string, .required)
                .field("signer_name", .string, .required)
                .field("issuer_name", .string, .required)
                .field("signed_at", .datetime, .required)
                .field("sub_filter", .string, .required)
                .field("uploaded_by", .string, .required)
                .field("uploaded_at", .datetime, .required)
                .unique(on: "dossier_id")
                .unique(on: "verification_code")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "signed_results_commune_dossier").on("signed_results").column("commune_id").column("dossier_id").run()
                try await sql.create(index: "signed_results_sha256").on("signed_results").column("sha256").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema("signed_results").delete()
        }
    }
}

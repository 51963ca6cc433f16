import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// The idempotency key a client sent with an intake, kept beside the dossier it created.
///
/// A counter that lost its network sends each queued dossier with the key it generated when the officer took it in;
/// a repeat of that key (a retry after a lost answer, a replayed batch) answers the first result and creates nothing.
final class DossierIntakeKey: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "dossier_intake_keys"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "idempotency_key") var idempotencyKey: String
    /// SHA-256 of the request's canonical content: the same key with another content is refused.
    @Field(key: "request_fingerprint") var requestFingerprint: String
    /// The first answer, as JSON, given again to every repeat.
    @Field(key: "first_response") var firstResponse: String
    /// The receipt time the officer recorded offline, when the dossier was taken in without network.
    @OptionalField(key: "received_offline_at") var receivedOfflineAt: Date?
    @Field(key: "synchronised_at") var synchronisedAt: Date

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "dossier_id") var dossier: Dossier

    static var communeIDField: KeyPath<DossierIntakeKey, FieldProperty<DossierIntakeKey, UUID>> { \.$commune.$id }

    init() {}
}

enum IntakeIdempotencyMigrations {
    struct CreateDossierIntakeKeys: AsyncMigration {
        var name: String { "offline_create_dossier_intake_keys" }

        func prepare(on database: any Database) async throws {
            try await database.schema("dossier_intake_keys")
                .id()
                .field("created_at", .datetime)
                .field("idempotency_key", .string, .required)
                .field("request_fingerprint", .string, .required)
                .field("first_response", .string, .required)
                .field("received_offline_at", .datetime)
                .field("synchronised_at", .datetime, .required)
                .field("commune_id", .uuid, .required, .references("communes", "id"))
                .field("dossier_id", .uuid, .required, .references("dossiers", "id"))
                // One key per commune: a concurrent repeat fails here and is answered with the first result.
                .unique(on: "commune_id", "idempotency_key", name: "dossier_intake_keys_commune_key")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema("dossier_intake_keys").delete()
        }
    }
}

extension DossierService {
    /// What makes an intake request repeatable: the client's key and the fingerprint of what it asked.
    struct IdempotentRequest: Sendable {
        let key: String
        let fingerprint: String

        /// Reads the `Idempotency-Key` header (absent: `nil`) and fingerprints `content`; a malformed key is a 400.
        static func from<Content: Encodable>(_ headers: HTTPHeaders, content: Content) throws -> IdempotentRequest? {
            guard let raw = headers.first(name: "Idempotency-Key") else { return nil }
            let key = raw.trimmingCharacters(in: .whitespaces)
            guard OfflineIntake.isValidIdempotencyKey(key) else {
                throw AppError.badRequest("Idempotency-Key phải gồm 8 đến 128 ký tự chữ không dấu, số, '-', '_', '.' hoặc ':' (ví dụ một UUID).")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let canonical = try encoder.encode(content)
            return IdempotentRequest(key: key, fingerprint: SHA256.hash(data: canonical).hexEncoded)
        }
    }

    /// The first answer of an intake and whether this one repeats it.
    struct IntakeOutcome: Codable, Sendable {
        let code: String
        let status: String
        let receivedAt: Date?
        let dueAt: Date?
    }

    /// Takes a dossier in once per idempotency key: a repeat with the same content answers the first outcome
    /// (`replayed` true) and creates nothing, the same key with another content is a 422, and two requests racing with
    /// one key make one dossier (the unique key makes the second transaction fail, and it then answers the first).
    static func intakeOnce(_ intake: Intake, request: IdempotentRequest?, communeID: UUID, by acting: Acting, at now: Date, on app: Application, calendar: WorkingDayCalendar, provinceFees: ProvinceFeeTable?) async throws -> (outcome: IntakeOutcome, replayed: Bool) {
        guard let request else {
            let dossier = try await DossierService.intake(intake, communeID: communeID, by: acting, at: now, on: app, calendar: calendar, provinceFees: provinceFees)
            return (outcome(of: dossier), false)
        }
        if let earlier = try await earlierOutcome(of: request, communeID: communeID, on: app.db) { return (earlier, true) }
        var keyed = intake
        keyed.idempotency = request
        do {
            let dossier = try await DossierService.intake(keyed, communeID: communeID, by: acting, at: now, on: app, calendar: calendar, provinceFees: provinceFees)
            return (outcome(of: dossier), false)
        } catch {
            // A request with the same key committed first: answer as a repeat (the failed transaction wrote nothing).
            if let earlier = try await earlierOutcome(of: request, communeID: communeID, on: app.db) { return (earlier, true) }
            throw error
        }
    }

    static func outcome(of dossier: Dossier) -> IntakeOutcome {
        IntakeOutcome(code: dossier.code, status: dossier.status, receivedAt: dossier.receivedAt, dueAt: dossier.dueAt)
    }

    /// The first outcome stored under the request's key in the commune; a 422 when that key came with other content.
    private static func earlierOutcome(of request: IdempotentRequest, communeID: UUID, on database: any Database) async throws -> IntakeOutcome? {
        guard let row = try await DossierIntakeKey.query(on: database)
            .filter(\.$commune.$id == communeID).filter(\.$idempotencyKey == request.key).first()
        else { return nil }
        guard row.requestFingerprint == request.fingerprint else {
            throw AppError(
                status: .unprocessableEntity, code: "idempotency_key_reused",
                message: "Khóa Idempotency-Key \(request.key) đã được dùng cho một hồ sơ khác với nội dung khác. Không có hồ sơ nào được tạo; hồ sơ mới cần một khóa mới."
            )
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(IntakeOutcome.self, from: Data(row.firstResponse.utf8))
    }

    /// Stores the request's key with the dossier just created, inside the intake's transaction.
    static func recordKey(_ request: IdempotentRequest, for dossier: Dossier, receivedOfflineAt: Date?, syncedAt: Date, on db: any Database) async throws {
        let row = DossierIntakeKey()
        row.$commune.id = dossier.$commune.id
        row.$dossier.id = try dossier.requireID()
        row.idempotencyKey = request.key
        row.requestFingerprint = request.fingerprint
        row.firstResponse = String(decoding: try JSONEncoder.api.encode(outcome(of: dossier)), as: UTF8.self)
        row.receivedOfflineAt = receivedOfflineAt
        row.synchronisedAt = syncedAt
        try await row.create(on: db)
    }
}

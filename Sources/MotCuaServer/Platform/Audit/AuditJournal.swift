import Crypto
import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// One entry of the append-only, hash-chained audit journal.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    // managed fields
    /// The entry's place in the chain, 1, 2, 3, … with no gaps.
    @ID(custom: "sequence", generatedBy: .user) var id: Int64?

    // data fields
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_username") var actorUsername: String
    @Field(key: "actor_role") var actorRole: String
    @OptionalField(key: "commune_id") var communeID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "object_type") var objectType: String
    @Field(key: "object_id") var objectID: String
    @Field(key: "summary") var summary: String
    @Field(key: "client_address") var clientAddress: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    var record: AuditRecord {
        AuditRecord(
            sequence: id ?? 0, occurredAt: occurredAt, actorUsername: actorUsername, actorRole: actorRole,
            communeID: communeID, action: action, objectType: objectType, objectID: objectID, summary: summary,
            clientAddress: clientAddress, previousHash: previousHash, hash: hash
        )
    }
}

/// The single row that remembers the end of the chain, so that deleting the last entries is detected too.
final class AuditHead: Model, @unchecked Sendable {
    static let schema = "audit_head"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "last_sequence") var lastSequence: Int64
    @Field(key: "last_hash") var lastHash: String

    init() {}

    init(lastSequence: Int64, lastHash: String) {
        self.id = 1
        self.lastSequence = lastSequence
        self.lastHash = lastHash
    }
}

/// Who did something, as the journal records it.
struct AuditActor: Sendable {
    let officerID: UUID?
    let username: String
    let role: String
    let communeID: UUID?
    let clientAddress: String

    /// The command line, acting for an operator at the server.
    static let commandLine = AuditActor(officerID: nil, username: "system", role: "command_line", communeID: nil, clientAddress: "local")
}

/// What happened, in the journal's words.
struct AuditEvent: Sendable {
    /// A dotted name such as `officer.create` or `auth.sign_in`.
    var action: String
    var objectType: String
    var objectID: String
    /// The commune whose data changed; defaults to the actor's commune.
    var communeID: UUID?
    /// A short description of the state before and after, never secrets.
    var summary: String
}

enum AuditJournal {
    /// Appends an entry inside the caller's transaction, chained to the entry before it.
    static func append(_ event: AuditEvent, by actor: AuditActor, at now: Date, on database: any Database) async throws {
        let head = try await lockedHead(on: database)
        var record = AuditRecord(
            sequence: head.lastSequence + 1, occurredAt: roundedToMilliseconds(now), actorUsername: actor.username,
            actorRole: actor.role, communeID: event.communeID ?? actor.communeID, action: event.action,
            objectType: event.objectType, objectID: event.objectID, summary: event.summary,
            clientAddress: actor.clientAddress, previousHash: head.lastHash
        )
        record.hash = sha256Hex(record.canonicalText)

        let entry = AuditEntry()
        entry.id = record.sequence
        entry.occurredAt = record.occurredAt
        entry.actorID = actor.officerID
        entry.actorUsername = record.actorUsername
        entry.actorRole = record.actorRole
        entry.communeID = record.communeID
        entry.action = record.action
        entry.objectType = record.objectType
        entry.objectID = record.objectID
        entry.summary = record.summary
        entry.clientAddress = record.clientAddress
        entry.previousHash = record.previousHash
        entry.hash = record.hash
        try await entry.create(on: database)

        head.lastSequence = record.sequence
        head.lastHash = record.hash
        try await head.save(on: database)
    }

    /// Checks the whole journal and returns the first break, or `nil` when it is intact.
    static func verify(on database: any Database) async throws -> AuditChain.Break? {
        let expectedLast = try await AuditHead.find(1, on: database)?.lastSequence ?? 0
        var verifier = AuditChain.Verifier(hash: sha256Hex)
        // Paged by sequence so that a journal of millions of entries is never loaded at once.
        var after: Int64 = 0
        while true {
            let page = try await AuditEntry.query(on: database).filter(\.$id > after).sort(\.$id).limit(2000).all()
            guard let last = page.last?.id else { break }
            for entry in page {
                if let broken = verifier.check(entry.record) { return broken }
            }
            after = last
        }
        return verifier.finish(expectedLastSequence: expectedLast)
    }

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).hexEncoded
    }

    /// Databases keep time to the microsecond or millisecond; the hash must cover the value that comes back.
    private static func roundedToMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Reads the head row, locking it on PostgreSQL so that two writers cannot fork the chain.
    ///
    /// On SQLite the write coordinator already lets only one transaction write at a time.
    private static func lockedHead(on database: any Database) async throws -> AuditHead {
        if let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT id FROM audit_head WHERE id = 1 FOR UPDATE").run()
        }
        return try await AuditHead.find(1, on: database) ?? AuditHead(lastSequence: 0, lastHash: AuditChain.genesisHash)
    }
}
extension Request {
    /// The signed-in officer as the journal records them, with the client's address.
    var auditActor: AuditActor {
        let address: String
        if application.settings.trustProxy, let forwarded = headers.forwarded.first?.for ?? headers.first(name: .xForwardedFor) {
            address = forwarded
        } else {
            address = remoteAddress?.ipAddress ?? "unknown"
        }
        guard let staff else {
            return AuditActor(officerID: nil, username: "anonymous", role: "public", communeID: nil, clientAddress: address)
        }
        return AuditActor(officerID: staff.officerID, username: staff.username, role: staff.primaryRole.rawValue, communeID: staff.communeID, clientAddress: address)
    }

    /// Appends a journal entry for the signed-in officer inside the given transaction.
    func audit(_ event: AuditEvent, on database: any Database) async throws {
        try await AuditJournal.append(event, by: auditActor, at: now, on: database)
    }
}

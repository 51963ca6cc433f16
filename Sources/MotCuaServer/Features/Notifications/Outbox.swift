import Fluent
import Foundation
import MotCuaCore
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Vapor

/// A message to an applicant, written in the same transaction as the step that caused it and delivered later, so
/// that a failed gateway never loses a message nor blocks the officer's action.
final class OutboxMessage: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "outbox_messages"

    enum Status: String, Codable, Sendable {
        case pending
        case sent
        /// Shown on the development page instead of being sent.
        case shown
        case failed
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @OptionalField(key: "dossier_code") var dossierCode: String?
    @Field(key: "channel") var channel: String
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Enum(key: "status") var status: Status
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "delivered_at") var deliveredAt: Date?

    // relationships
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<OutboxMessage, FieldProperty<OutboxMessage, UUID>> { \.$commune.$id }

    init() {}
}

enum NotificationMigrations {
    struct CreateOutbox: AsyncMigration {
        var name: String { "0016_create_outbox_messages" }

        func prepare(on database: any Database) async throws {
            try await database.schema(OutboxMessage.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("dossier_code", .string)
                .field("channel", .string, .required)
                .field("recipient", .string, .required)
                .field("subject", .string, .required)
                .field("body", .string, .required)
                .field("status", .string, .required)
                .field("attempts", .int, .required)
                .field("next_attempt_at", .datetime, .required)
                .field("last_error", .string)
                .field("delivered_at", .datetime)
                .field("created_at", .datetime)
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "outbox_status_next").on(OutboxMessage.schema).column("status").column("next_attempt_at").run()
                try await sql.create(index: "outbox_commune_created").on(OutboxMessage.schema).column("commune_id").column("created_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(OutboxMessage.schema).delete()
        }
    }
}

/// Delivers outbox messages of one channel.
protocol MessageGateway: Sendable {
    /// Sends one message; throws when the gateway did not accept it.
    func deliver(_ message: OutboxMessage, client: any Client) async throws
    /// Whether delivery only shows the message (development).
    var onlyShows: Bool { get }
}

/// Development: messages are shown on the outbox page, never sent.
struct DevelopmentGateway: MessageGateway {
    var onlyShows: Bool { true }
    func deliver(_ message: OutboxMessage, client: any Client) async throws {}
}

/// An HTTP SMS gateway: `POST url` with JSON `{"to": "…", "text": "…"}` and an optional bearer token.
struct HTTPSMSGateway: MessageGateway {
    let url: URI
    let token: String?
    var onlyShows: Bool { false }

    func deliver(_ message: OutboxMessage, client: any Client) async throws {
        struct Payload: Content { let to: String; let text: String }
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = .init(token: token) }
        let response = try await client.post(url, headers: headers) { request in
            try request.content.encode(Payload(to: message.recipient, text: message.body), as: .json)
        }
        guard (200..<300).contains(response.status.code) else {
            throw Abort(.badGateway, reason: "SMS gateway answered \(response.status.code)")
        }
    }
}

/// Takes due messages out of the outbox and hands them to their gateways, retrying failures with back-off.
enum OutboxDispatcher {
    /// Delivers the messages that are due now; returns how many were delivered.
    @discardableResult
    static func deliverDue(app: Application, limit: Int = 50) async throws -> Int {
        let now = app.clock.now()
        let due = try await OutboxMessage.query(on: app.db).filter(\.$status == .pending).filter(\.$nextAttemptAt <= now)
            .sort(\.$nextAttemptAt).limit(limit).all()
        var delivered = 0
        for message in due {
            guard let gateway = app.messageGateways[message.channel] else {
                // No gateway configured for this channel: the message waits; configuration can be added later.
                continue
            }
            let failure: String?
            do {
                try await gateway.deliver(message, client: app.client)
                failure = nil
            } catch {
                failure = String(describing: error).prefix(500).description
            }
            let attempts = message.attempts + 1
            try await app.writeTransaction { db in
                guard let stored = try await OutboxMessage.find(message.id, on: db), stored.status == .pending else { return }
                stored.attempts = attempts
                if let failure {
                    stored.lastError = failure
                    if let next = DeliveryRetryPolicy.nextAttempt(afterFailures: attempts, at: now) {
                        stored.nextAttemptAt = next
                    } else {
                        stored.status = .failed
                    }
                } else {
                    stored.status = gateway.onlyShows ? .shown : .sent
                    stored.deliveredAt = now
                }
                try await stored.save(on: db)
            }
            if failure == nil { delivered += 1 }
        }
        return delivered
    }

    /// Writes the applicant's messages about a dossier step into the outbox, inside the step's transaction.
    static func enqueue(for action: DossierAction, dossier: Dossier, lookupURL: String, at now: Date, on db: any Database) async throws {
        guard let (subject, body) = ApplicantNotification.message(for: action, code: dossier.code, procedureName: dossier.procedureName, dueAt: dossier.dueAt, lookupURL: lookupURL) else { return }
        var recipients: [(String, String)] = []
        if let phone = dossier.applicantPhone { recipients.append(("sms", phone)) }
        if let email = dossier.applicantEmail { recipients.append(("email", email)) }
        for (channel, recipient) in recipients {
            let message = OutboxMessage()
            message.$commune.id = dossier.$commune.id
            message.dossierCode = dossier.code
            message.channel = channel
            message.recipient = recipient
            message.subject = subject
            message.body = body
            message.status = .pending
            message.attempts = 0
            message.nextAttemptAt = now
            try await message.create(on: db)
        }
    }
}

/// Runs the dispatcher every few seconds while the server runs.
struct OutboxLifecycle: LifecycleHandler {
    let interval: TimeAmount
    let rounds = RepeatingRound()

    func didBootAsync(_ application: Application) async throws {
        let logger = application.logger
        rounds.start(on: application, initialDelay: interval, interval: interval) {
            do {
                try await OutboxDispatcher.deliverDue(app: application)
            } catch {
                logger.error("outbox: delivery round failed: \(String(reflecting: error))")
            }
        }
    }

    func shutdown(_ application: Application) { rounds.stop() }
    func shutdownAsync(_ application: Application) async { await rounds.stop(on: application) }
}

extension Application {
    private struct GatewaysKey: StorageKey { typealias Value = [String: any MessageGateway] }

    /// The gateway of each channel (`sms`, `email`); a channel without one keeps its messages pending.
    var messageGateways: [String: any MessageGateway] {
        get { storage[GatewaysKey.self] ?? [:] }
        set { storage[GatewaysKey.self] = newValue }
    }
}

/// Which gateways deliver the applicants' messages, from the environment.
enum MessageGatewaySettings {
    /// `MOTCUA_SMS_GATEWAY_URL` (+ `MOTCUA_SMS_GATEWAY_TOKEN`) sends SMS; `MOTCUA_SMTP_HOST` (+ `MOTCUA_SMTP_PORT`,
    /// `MOTCUA_SMTP_FROM`, `MOTCUA_SMTP_USERNAME`, `MOTCUA_SMTP_PASSWORD`, `MOTCUA_SMTP_STARTTLS`) sends email. In
    /// development, with neither, messages are shown on the outbox page; a channel without a gateway keeps its messages
    /// pending.
    static func gateways(for environment: Environment, variables: [String: String] = ProcessInfo.processInfo.environment) throws -> [String: any MessageGateway] {
        var gateways: [String: any MessageGateway] = [:]
        if let raw = variables["MOTCUA_SMS_GATEWAY_URL"], !raw.isEmpty {
            guard let url = URL(string: raw), url.scheme == "http" || url.scheme == "https" else {
                throw Settings.Problem(description: "MOTCUA_SMS_GATEWAY_URL=\"\(raw)\" không phải địa chỉ http(s).")
            }
            gateways["sms"] = HTTPSMSGateway(url: URI(string: raw), token: variables["MOTCUA_SMS_GATEWAY_TOKEN"])
        }
        if let smtp = try smtpGateway(variables) { gateways["email"] = smtp }
        if gateways.isEmpty, environment == .development {
            return ["sms": DevelopmentGateway(), "email": DevelopmentGateway()]
        }
        return gateways
    }

    /// The SMTP gateway the variables describe, or `nil` without `MOTCUA_SMTP_HOST`; malformed values stop start-up.
    static func smtpGateway(_ variables: [String: String]) throws -> SMTPGateway? {
        guard let host = variables["MOTCUA_SMTP_HOST"], !host.isEmpty else { return nil }
        let startTLS: Bool
        switch variables["MOTCUA_SMTP_STARTTLS"]?.lowercased() ?? "true" {
        case "true", "1", "yes": startTLS = true
        case "false", "0", "no": startTLS = false
        case let other: throw Settings.Problem(description: "MOTCUA_SMTP_STARTTLS=\"\(other)\" phải là true hoặc false.")
        }
        let port: Int
        if let raw = variables["MOTCUA_SMTP_PORT"], !raw.isEmpty {
            guard let value = Int(raw), (1...65535).contains(value) else { throw Settings.Problem(description: "MOTCUA_SMTP_PORT=\"\(raw)\" không phải cổng hợp lệ.") }
            port = value
        } else {
            port = startTLS ? 587 : 25
        }
        guard let from = variables["MOTCUA_SMTP_FROM"], from.contains("@"), !from.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw Settings.Problem(description: "MOTCUA_SMTP_FROM phải là địa chỉ email người gửi khi có MOTCUA_SMTP_HOST.")
        }
        let username = variables["MOTCUA_SMTP_USERNAME"].flatMap { $0.isEmpty ? nil : $0 }
        if username != nil, !startTLS {
            // A password is never sent in the clear: AUTH needs STARTTLS.
            throw Settings.Problem(description: "MOTCUA_SMTP_USERNAME cần MOTCUA_SMTP_STARTTLS=true: mật khẩu không được gửi không mã hoá.")
        }
        return SMTPGateway(host: host, port: port, from: from, username: username, password: username == nil ? nil : (variables["MOTCUA_SMTP_PASSWORD"] ?? ""), startTLS: startTLS)
    }
}

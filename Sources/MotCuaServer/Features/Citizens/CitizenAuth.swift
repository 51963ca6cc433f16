import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The citizen signed in for this request: a separate kind of session from an officer's, in its own table and cookie.
///
/// Nothing here sets `request.staff`, so a citizen's session never passes an officer's authorization, and an officer's
/// session is not a citizen's.
struct CitizenIdentity: Sendable {
    let accountID: UUID
    let fullName: String
    let isConfirmed: Bool
    let sessionID: UUID

    /// The name the dossier history records for the applicant's own steps (no personal data).
    var historyName: String { "congdan-" + accountID.uuidString.prefix(8).lowercased() }
}

enum CitizenAuth {
    static let cookieName = "motcua_citizen"

    /// The citizen of the request's session cookie, if the session is valid; cached for the request.
    static func identity(of req: Request) async throws -> CitizenIdentity? {
        if let cached = req.storage[CitizenKey.self] { return cached }
        guard let secret = req.cookies[cookieName]?.string, !secret.isEmpty else { return nil }
        let now = req.now
        guard let session = try await CitizenSession.query(on: req.db).filter(\.$tokenHash == AccessToken.hash(secret)).with(\.$account).first(),
              session.expiresAt > now, now.timeIntervalSince(session.lastUsedAt) < CitizenSession.idleLimit
        else { return nil }
        if now.timeIntervalSince(session.lastUsedAt) > 300 {
            session.lastUsedAt = now
            try await req.writeTransaction { db in try await session.save(on: db) }
        }
        let identity = CitizenIdentity(
            accountID: try session.account.requireID(), fullName: session.account.fullName,
            isConfirmed: session.account.isConfirmed, sessionID: try session.requireID()
        )
        req.storage[CitizenKey.self] = identity
        return identity
    }

    /// The signed-in citizen with a confirmed account; a page asks them to sign in (or to confirm) first.
    static func require(_ req: Request, confirmed: Bool = true) async throws -> CitizenIdentity {
        guard let identity = try await identity(of: req) else {
            if req.method == .GET {
                throw Abort.redirect(to: ReturnAddress.signInLink(SiteURL.citizenSignIn.path, next: req.url.string))
            }
            throw AppError.signInRequired
        }
        if confirmed, !identity.isConfirmed {
            if req.method == .GET { throw Abort.redirect(to: SiteURL.citizenConfirm.path) }
            throw AppError(status: .forbidden, code: "account_not_confirmed", message: "Tài khoản chưa được xác nhận bằng mã một lần.")
        }
        return identity
    }

    /// Starts a session for the account and sets its cookie on `response`.
    static func startSession(for account: CitizenAccount, response: Response, on req: Request, db: any Database, idTokenHint: String? = nil) async throws {
        let secret = AccessToken.makeSecret()
        let now = req.now
        let session = CitizenSession()
        session.$account.id = try account.requireID()
        session.tokenHash = AccessToken.hash(secret)
        session.expiresAt = now.addingTimeInterval(CitizenSession.lifetime)
        session.lastUsedAt = now
        session.idTokenHint = idTokenHint
        try await session.create(on: db)
        // Old sessions of this account are cleared as new ones start, so the table does not grow without end.
        try await CitizenSession.query(on: db).filter(\.$account.$id == account.requireID()).filter(\.$expiresAt < now).delete()
        req.rotateCSRFToken()
        // Max-Age, not Expires: the browser counts it from now on its own clock, which need not agree with ours.
        response.cookies[cookieName] = HTTPCookies.Value(
            string: secret, expires: nil, maxAge: Int(CitizenSession.lifetime), domain: nil, path: "/",
            isSecure: req.application.settings.secureCookies, isHTTPOnly: true, sameSite: .lax
        )
    }

    /// The journal's actor for a citizen's own step: no officer, the role `citizen`.
    static func auditActor(_ req: Request, accountID: UUID?) -> AuditActor {
        AuditActor(officerID: nil, username: accountID.map { "congdan-" + $0.uuidString.prefix(8).lowercased() } ?? "congdan", role: "citizen", communeID: nil, clientAddress: req.auditActor.clientAddress)
    }

    /// A phone number as stored and looked up: digits only, `+84` written as `0`.
    static func normalisedPhone(_ text: String) -> String {
        var digits = text.filter(\.isNumber)
        if text.trimmingCharacters(in: .whitespaces).hasPrefix("+84") || (digits.hasPrefix("84") && digits.count == 11) {
            digits = "0" + digits.dropFirst(2)
        }
        return digits
    }

    private struct CitizenKey: StorageKey { typealias Value = CitizenIdentity }
}

/// Writes the one-time code's message into the home commune's outbox, in the caller's transaction.
enum ConfirmationMessage {
    /// The subject that marks a one-time-code message, so that staff pages can hide its body.
    static let subject = "MotCua: mã xác nhận tài khoản"

    static func enqueue(code: String, to account: CitizenAccount, at now: Date, on db: any Database) async throws {
        guard let (channel, recipient) = account.codeRecipient else { return }
        let message = OutboxMessage()
        message.$commune.id = account.$commune.id
        message.dossierCode = nil
        message.channel = channel
        message.recipient = recipient
        message.subject = ConfirmationMessage.subject
        message.body = "Mã xác nhận tài khoản MotCua của ông/bà là \(code), có hiệu lực 10 phút. Không cung cấp mã này cho bất kỳ ai."
        message.status = .pending
        message.attempts = 0
        message.nextAttemptAt = now
        try await message.create(on: db)
    }

    /// Once the account is confirmed, the code is erased from its messages: an outbox is not a place to keep secrets.
    static func redact(for account: CitizenAccount, on db: any Database) async throws {
        guard let (_, recipient) = account.codeRecipient else { return }
        let messages = try await OutboxMessage.query(on: db).filter(\.$recipient == recipient).filter(\.$subject == "MotCua: mã xác nhận tài khoản").all()
        for message in messages {
            message.body = "Mã xác nhận tài khoản MotCua (đã dùng, đã xoá khỏi hộp thư)."
            try await message.save(on: db)
        }
    }
}

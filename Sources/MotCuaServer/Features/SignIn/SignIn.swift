import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Checks staff credentials with the sign-in waits, for the sign-in page and the token API alike.
enum SignIn {
    static let wrongCredentials = AppError(
        status: .unauthorized, code: "invalid_credentials",
        message: "Tên đăng nhập hoặc mật khẩu không đúng."
    )

    /// The answer while a client waits after repeated failures: the same for a real account and an unknown name, so
    /// that it tells nothing about which usernames exist.
    static func waitError(until: Date, now: Date) -> AppError {
        let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
        return AppError(
            status: .tooManyRequests, code: "sign_in_delayed",
            message: "Đăng nhập sai nhiều lần từ máy này. Vui lòng thử lại sau \(minutes) phút, hoặc nhận mã mở khoá gửi đến điện thoại/email của cán bộ."
        )
    }

    /// Returns the officer when the username and password match and the account is open; records failures.
    ///
    /// Failures count per client address and username (`SignInThrottle`): the address that keeps failing waits longer
    /// and longer, while the officer signs in from elsewhere as usual, or unlocks their own address with a code.
    static func authenticate(username rawUsername: String, password: String, on request: Request) async throws -> Officer {
        // Per address and username, the waits below; per client, this limit, against guessing one password across many accounts.
        try request.application.signInRateLimiter.check(request)
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        let now = request.now
        let throttle = request.application.signInThrottle
        let key = request.signInThrottleKey(.staff, username: username)
        if let until = throttle.waitUntil(key, at: now) {
            throw waitError(until: until, now: now)
        }
        let officer = username.isEmpty || password.isEmpty ? nil : try await Officer.query(on: request.db).filter(\.$username == username).first()
        let matches: Bool
        if let officer, officer.isActive {
            matches = (try? await request.password.async.verify(password, created: officer.passwordHash)) ?? false
        } else {
            // Hash anyway, so that an unknown username takes as long as a wrong password.
            _ = try? await request.password.async.verify(password, created: request.application.signInDummyHash)
            matches = false
        }
        if let officer, officer.isActive, matches {
            throttle.clear(key)
            return officer
        }
        let waitUntil = throttle.recordFailure(key, at: now)
        if let officer {
            // Failures of a real account are journalled with the address they came from; unknown names are not
            // rows of anything, and journalling each invented name would let anyone fill the journal.
            let officerID = try officer.requireID()
            let actor = AuditActor(officerID: officerID, username: officer.username, role: "unauthenticated", communeID: officer.$commune.id, clientAddress: request.auditActor.clientAddress)
            let summary = waitUntil.map { "Sai mật khẩu nhiều lần từ \(actor.clientAddress); địa chỉ này phải chờ đến \(VietnameseFormat.dateTime($0))" } ?? "Sai mật khẩu"
            try await request.writeTransaction { db in
                try await AuditJournal.append(
                    AuditEvent(action: waitUntil == nil ? "auth.sign_in_failed" : "auth.sign_in_delayed", objectType: "officer", objectID: officerID.uuidString, communeID: officer.$commune.id, summary: summary),
                    by: actor, at: now, on: db
                )
            }
        }
        if let waitUntil { throw waitError(until: waitUntil, now: now) }
        throw wrongCredentials
    }

    /// Creates a token for the officer and journals the sign-in; returns the secret, which is shown once and never stored.
    static func issueToken(for officer: Officer, kind: AccessToken.Kind, on request: Request) async throws -> (secret: String, expiresAt: Date) {
        let now = request.now
        let secret = AccessToken.makeSecret()
        let lifetime = kind == .api ? AccessToken.apiTokenLifetime : AccessToken.browserSessionLifetime
        let expiresAt = now.addingTimeInterval(lifetime)
        let officerID = try officer.requireID()
        let actor = AuditActor(
            officerID: officerID, username: officer.username, role: (officer.roles.min() ?? .specialist).rawValue,
            communeID: officer.$commune.id, clientAddress: request.auditActor.clientAddress
        )
        try await request.writeTransaction { db in
            try await AccessToken(officerID: officerID, tokenHash: AccessToken.hash(secret), kind: kind, expiresAt: expiresAt, lastUsedAt: now).create(on: db)
            // Expired credentials of this officer are cleared as new ones are made, so the table does not grow without end.
            try await AccessToken.query(on: db).filter(\.$officer.$id == officerID).filter(\.$expiresAt < now).delete()
            try await AuditJournal.append(
                AuditEvent(action: kind == .api ? "auth.token_issued" : "auth.sign_in", objectType: "officer", objectID: officerID.uuidString, communeID: officer.$commune.id, summary: kind == .api ? "Cấp mã truy cập API đến \(VietnameseFormat.dateTime(expiresAt))" : "Đăng nhập"),
                by: actor, at: now, on: db
            )
        }
        return (secret, expiresAt)
    }


}

extension Application {
    private struct DummyHashKey: StorageKey { typealias Value = String }

    /// A hash of nothing in particular at the configured bcrypt cost, so that an unknown username costs as much time as a wrong password.
    var signInDummyHash: String {
        get { storage[DummyHashKey.self] ?? "" }
        set { storage[DummyHashKey.self] = newValue }
    }
}

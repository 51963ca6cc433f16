import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Checks staff credentials with the lockout rule, for the sign-in page and the token API alike.
enum SignIn {
    static let wrongCredentials = AppError(
        status: .unauthorized, code: "invalid_credentials",
        message: "Tên đăng nhập hoặc mật khẩu không đúng."
    )

    static func lockedError(until: Date) -> AppError {
        AppError(
            status: .forbidden, code: "account_locked",
            message: "Tài khoản đang bị tạm khoá do đăng nhập sai nhiều lần, đến \(VietnameseFormat.dateTime(until)). Vui lòng thử lại sau thời điểm này hoặc liên hệ quản trị viên."
        )
    }

    /// Returns the officer when the username and password match and the account is open; records failures.
    static func authenticate(username rawUsername: String, password: String, on request: Request) async throws -> Officer {
        // Per account, the lockout below; per client, this limit, against guessing one password across many accounts.
        try request.application.signInRateLimiter.check(request)
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        let now = request.now
        guard !username.isEmpty, !password.isEmpty,
              let officer = try await Officer.query(on: request.db).filter(\.$username == username).first(),
              officer.isActive
        else {
            // Hash anyway, so that an unknown username takes as long as a wrong password.
            _ = try? await request.password.async.verify(password, created: request.application.signInDummyHash)
            throw wrongCredentials
        }
        var lockout = officer.lockout
        if lockout.isLocked(at: now), let until = lockout.lockedUntil {
            throw lockedError(until: until)
        }
        let matches = (try? await request.password.async.verify(password, created: officer.passwordHash)) ?? false
        let officerID = try officer.requireID()
        if !matches {
            let locked = lockout.recordFailure(at: now)
            let failures = lockout.failedAttempts
            let lockedUntil = lockout.lockedUntil
            let actor = AuditActor(officerID: officerID, username: officer.username, role: "unauthenticated", communeID: officer.$commune.id, clientAddress: request.auditActor.clientAddress)
            try await request.writeTransaction { db in
                guard let stored = try await Officer.find(officerID, on: db) else { return }
                stored.failedSignIns = failures
                stored.lockedUntil = lockedUntil
                try await stored.save(on: db)
                let summary = locked
                    ? "Sai mật khẩu lần thứ \(SignInLockout.maximumFailedAttempts); khoá đến \(lockedUntil.map(VietnameseFormat.dateTime) ?? "")"
                    : "Sai mật khẩu (lần \(failures) liên tiếp)"
                try await AuditJournal.append(
                    AuditEvent(action: locked ? "auth.lock" : "auth.sign_in_failed", objectType: "officer", objectID: officerID.uuidString, communeID: officer.$commune.id, summary: summary),
                    by: actor, at: now, on: db
                )
            }
            if locked, let lockedUntil { throw lockedError(until: lockedUntil) }
            throw wrongCredentials
        }
        if officer.failedSignIns != 0 || officer.lockedUntil != nil {
            lockout.recordSuccess()
            officer.lockout = lockout
        }
        return officer
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
            if officer.hasChanges { try await officer.save(on: db) }
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

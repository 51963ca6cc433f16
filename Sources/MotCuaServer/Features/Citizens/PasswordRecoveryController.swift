import Fluent
import Foundation
import MotCuaCore
import Vapor

/// A citizen who forgot the password asks for a one-time code by phone or email, then sets a new password with it.
///
/// No answer tells whether the phone or email has an account: a phone or email without one gets the same page, the
/// same limits and the same refusals, and its "code" is one that was sent to no one.
enum PasswordRecoveryController {
    /// The subject that marks a recovery-code message, so that the outbox page hides its body from staff.
    static let messageSubject = "MotCua: mã khôi phục mật khẩu"

    struct Form: Content {
        var login: String?
        var code: String?
        var password: String?
        var confirmPassword: String?
    }

    struct Page: Encodable {
        let page: PageContext
        let login: String
        let codeSent: Bool
        let error: String?
        let requestPath: String
        let resetPath: String
        let signInPath: String
    }

    static let badLogin = "Cần nhập số điện thoại hoặc email đã dùng khi đăng ký tài khoản."

    /// `GET /cong-dan/quen-mat-khau`.
    static func show(req: Request) async throws -> View {
        try await render(req, login: "", codeSent: false, error: nil)
    }

    /// `POST /cong-dan/quen-mat-khau`: sends a code if the phone or email has a confirmed account; the answer is the same either way.
    static func requestCode(req: Request) async throws -> Response {
        try req.application.signInRateLimiter.check(req)
        let form = try req.content.decode(Form.self)
        let typed = form.login.trimmedOrEmpty
        guard let login = normalisedLogin(typed) else {
            return try await render(req, login: typed, codeSent: false, error: badLogin).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let now = req.now
        let existing = try await CitizenPasswordRecovery.query(on: req.db).filter(\.$login == login).first()
        let state: ConfirmationCode
        switch PasswordRecovery.decision(after: existing?.code, at: now) {
        case .refuse(let reason):
            return try await render(req, login: login, codeSent: existing != nil, error: reason).encodeResponse(status: .tooManyRequests, for: req)
        case .send(let next):
            state = next
        }
        let account = try await confirmedAccount(login: login, on: req.db)
        var generator = SystemRandomNumberGenerator()
        let code = ConfirmationCode.make(using: &generator)
        // Hashed even when nothing is sent, so that the answer takes as long for a phone or email without an account.
        let codeHash = try await req.password.async.hash(code)
        let sendsBefore = existing?.codeSends
        let recovery = existing ?? CitizenPasswordRecovery()
        recovery.login = login
        recovery.$account.id = try account?.requireID()
        recovery.codeHash = codeHash
        recovery.code = state
        let sends = state.sends
        do {
        try await req.writeTransaction { db in
            if let id = existing?.id {
                // Two requests at the same moment: the second one waits for the first and is refused as too soon.
                guard let current = try await CitizenPasswordRecovery.lockedRow(id, on: db), current.codeSends == sendsBefore else {
                    throw AppError.conflict("Mã vừa được yêu cầu từ một yêu cầu khác. Vui lòng chờ một phút rồi thử lại.")
                }
            }
            try await recovery.save(on: db)
            if let account {
                try await enqueue(code: code, to: login, for: account, at: now, on: db)
            }
            try await AuditJournal.append(
                AuditEvent(action: "citizen.password_recovery_requested",
                           objectType: account == nil ? "citizen_password_recovery" : "citizen_account",
                           objectID: try account?.requireID().uuidString ?? recovery.requireID().uuidString, communeID: account?.$commune.id,
                           summary: account == nil
                               ? "Yêu cầu mã khôi phục mật khẩu cho số điện thoại/email không có tài khoản đã xác nhận; không gửi mã (lần \(sends))"
                               : "Gửi mã khôi phục mật khẩu qua \(login.contains("@") ? "email" : "SMS") (lần \(sends))"),
                by: CitizenAuth.auditActor(req, accountID: account?.id), at: now, on: db
            )
        }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The first request for this phone or email, made twice at the same moment: the second one is too soon.
            throw AppError.conflict("Mã vừa được yêu cầu từ một yêu cầu khác. Vui lòng chờ một phút rồi thử lại.")
        }
        return try await render(req, login: login, codeSent: true, error: nil).encodeResponse(for: req)
    }

    /// `POST /cong-dan/quen-mat-khau/dat-lai`: a right code sets the new password and ends every session of the account.
    static func reset(req: Request) async throws -> Response {
        try req.application.signInRateLimiter.check(req)
        let form = try req.content.decode(Form.self)
        let typed = form.login.trimmedOrEmpty
        func refuse(_ message: String, _ status: HTTPResponseStatus = .unprocessableEntity) async throws -> Response {
            try await render(req, login: typed, codeSent: true, error: message).encodeResponse(status: status, for: req)
        }
        guard let login = normalisedLogin(typed) else { return try await refuse(badLogin) }
        let password = form.password ?? ""
        // The policy is checked against what was typed, the same for every phone or email, before the code is tried.
        if let problem = PasswordPolicy.problem(with: password, username: login) { return try await refuse(problem) }
        if password != form.confirmPassword { return try await refuse("Mật khẩu và mật khẩu nhập lại không khớp.") }
        let entered = ConfirmationCode.normalised(form.code ?? "")
        let now = req.now
        guard let recovery = try await CitizenPasswordRecovery.query(on: req.db).filter(\.$login == login).with(\.$account).first(),
              let hash = recovery.codeHash else {
            return try await refuse(ConfirmationCode.Verdict.expired.message ?? "")
        }
        let account = recovery.account.flatMap { $0.phone == login || $0.email == login ? $0 : nil }
        var state = recovery.code
        let attemptsBefore = state.failedAttempts
        let stillValid = state.failedAttempts < ConfirmationCode.maximumAttempts && now < state.expiresAt
        let matches = stillValid && entered != nil ? ((try? await req.password.async.verify(entered ?? "", created: hash)) ?? false) : false
        // A right code for an account whose ID number the new password contains: refused without using up the code.
        if matches, let account, let problem = PasswordPolicy.problem(with: password, username: account.idNumber) {
            return try await refuse(problem)
        }
        let verdict = state.check(matches: matches && account != nil, at: now)
        recovery.code = state
        let failures = state.failedAttempts
        let newHash = verdict == .confirmed ? try await req.password.async.hash(password) : nil
        if verdict == .confirmed { recovery.codeHash = nil }
        try await req.writeTransaction { db in
            guard let current = try await CitizenPasswordRecovery.lockedRow(try recovery.requireID(), on: db),
                  current.codeFailedAttempts == attemptsBefore, current.codeHash == hash else {
                throw AppError.conflict("Mã vừa được thử từ một yêu cầu khác. Vui lòng nhập lại.")
            }
            try await recovery.save(on: db)
            if verdict == .confirmed, let account, let newHash {
                let accountID = try account.requireID()
                account.passwordHash = newHash
                try await account.save(on: db)
                let ended = try await CitizenSession.query(on: db).filter(\.$account.$id == accountID).count()
                try await CitizenSession.query(on: db).filter(\.$account.$id == accountID).delete()
                try await redact(login: login, on: db)
                try await AuditJournal.append(
                    AuditEvent(action: "citizen.password_reset", objectType: "citizen_account", objectID: accountID.uuidString, communeID: account.$commune.id,
                               summary: "Đặt lại mật khẩu bằng mã khôi phục; kết thúc \(ended) phiên đăng nhập"),
                    by: CitizenAuth.auditActor(req, accountID: accountID), at: now, on: db
                )
            } else {
                try await AuditJournal.append(
                    AuditEvent(action: "citizen.password_reset_failed",
                               objectType: account == nil ? "citizen_password_recovery" : "citizen_account",
                               objectID: try account?.requireID().uuidString ?? recovery.requireID().uuidString, communeID: account?.$commune.id,
                               summary: "Mã khôi phục mật khẩu bị từ chối (\(failures) lần sai)"),
                    by: CitizenAuth.auditActor(req, accountID: account?.id), at: now, on: db
                )
            }
        }
        if verdict == .confirmed {
            req.application.signInThrottle.clear(req.signInThrottleKey(.citizen, username: login))
            return req.redirect(to: Notice.passwordReset.appended(to: SiteURL.citizenSignIn.path))
        }
        let message = entered == nil && verdict != .expired && verdict != .exhausted
            ? "Mã xác nhận gồm 6 chữ số. " + (verdict.message ?? "") : (verdict.message ?? "")
        return try await refuse(message.replacingOccurrences(of: "Bấm \"Gửi lại mã\"", with: "Bấm \"Gửi mã mới\""))
    }

    /// The phone (digits) or email (lower case) as accounts store it, or `nil` when the text is neither.
    static func normalisedLogin(_ text: String) -> String? {
        if text.contains("@") {
            let email = text.lowercased()
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), email.count <= 254, !email.contains(where: \.isWhitespace) else { return nil }
            return email
        }
        guard Applicant.isValidPhone(text) else { return nil }
        return CitizenAuth.normalisedPhone(text)
    }

    /// The confirmed account with this phone or email: an account never confirmed has proved neither.
    private static func confirmedAccount(login: String, on db: any Database) async throws -> CitizenAccount? {
        let query = CitizenAccount.query(on: db).filter(\.$confirmedAt != nil)
        return try await (login.contains("@") ? query.filter(\.$email == login) : query.filter(\.$phone == login)).first()
    }

    /// Writes the code's message into the home commune's outbox, to the phone or email that was typed.
    private static func enqueue(code: String, to login: String, for account: CitizenAccount, at now: Date, on db: any Database) async throws {
        let message = OutboxMessage()
        message.$commune.id = account.$commune.id
        message.dossierCode = nil
        message.channel = login.contains("@") ? "email" : "sms"
        message.recipient = login
        message.subject = messageSubject
        message.body = "Mã khôi phục mật khẩu MotCua của ông/bà là \(code), có hiệu lực 10 phút. Nếu ông/bà không yêu cầu, hãy bỏ qua tin này. Không cung cấp mã cho bất kỳ ai."
        message.status = .pending
        message.attempts = 0
        message.nextAttemptAt = now
        try await message.create(on: db)
    }

    /// Once used, the code is erased from the outbox: an outbox is not a place to keep secrets.
    private static func redact(login: String, on db: any Database) async throws {
        let messages = try await OutboxMessage.query(on: db).filter(\.$recipient == login).filter(\.$subject == messageSubject).all()
        for message in messages {
            message.body = "Mã khôi phục mật khẩu MotCua (đã dùng, đã xoá khỏi hộp thư)."
            try await message.save(on: db)
        }
    }

    private static func render(_ req: Request, login: String, codeSent: Bool, error: String?) async throws -> View {
        try await req.view.render("citizens/forgot-password", Page(
            page: try await PageContext.make(for: req, title: "Quên mật khẩu"), login: login, codeSent: codeSent, error: error,
            requestPath: SiteURL.citizenForgotPassword.path, resetPath: SiteURL.citizenResetPassword.path, signInPath: SiteURL.citizenSignIn.path
        ))
    }
}

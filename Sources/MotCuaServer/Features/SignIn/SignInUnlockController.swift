import Fluent
import Foundation
import MotCuaCore
import Vapor

/// An officer who must wait after failed sign-ins (someone else may have guessed from the same office address) ends
/// the wait for their own address with a one-time code sent to their phone or email.
///
/// Every answer is the same whether the username exists, has a phone or email, or not: the page must not tell an
/// attacker which usernames are real.
enum SignInUnlockController {
    /// The subject that marks an unlock-code message, so that the outbox page hides its body from other staff.
    static let messageSubject = "MotCua: mã mở khoá đăng nhập"

    struct Page: Encodable {
        let page: PageContext
        let username: String
        let codeSent: Bool
        let error: String?
        let sendPath: String
        let unlockPath: String
    }

    struct Form: Content {
        var username: String?
        var code: String?
    }

    /// `GET /dang-nhap/mo-khoa`.
    static func show(req: Request) async throws -> View {
        try await render(req, username: "", codeSent: false, error: nil)
    }

    /// `POST /dang-nhap/mo-khoa/gui-ma`: sends a code to the officer, at most once a minute and five times a day.
    static func sendCode(req: Request) async throws -> Response {
        try req.application.signInRateLimiter.check(req)
        let form = try req.content.decode(Form.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let now = req.now
        if !username.isEmpty,
           let officer = try await Officer.query(on: req.db).filter(\.$username == username).filter(\.$isActive == true).first(),
           let communeID = officer.$commune.id, let recipient = recipient(of: officer),
           let code = req.application.signInThrottle.makeUnlockCode(for: username, at: now) {
            let officerID = try officer.requireID()
            let actor = AuditActor(officerID: officerID, username: officer.username, role: "unauthenticated", communeID: communeID, clientAddress: req.auditActor.clientAddress)
            try await req.writeTransaction { db in
                let message = OutboxMessage()
                message.$commune.id = communeID
                message.dossierCode = nil
                message.channel = recipient.channel
                message.recipient = recipient.address
                message.subject = messageSubject
                message.body = "Mã mở khoá đăng nhập MotCua của ông/bà là \(code), có hiệu lực 10 phút, cho máy có địa chỉ \(actor.clientAddress). Nếu ông/bà không yêu cầu, hãy báo quản trị viên."
                message.status = .pending
                message.attempts = 0
                message.nextAttemptAt = now
                try await message.create(on: db)
                try await AuditJournal.append(
                    AuditEvent(action: "auth.unlock_code_sent", objectType: "officer", objectID: officerID.uuidString, communeID: communeID,
                               summary: "Gửi mã mở khoá đăng nhập qua \(recipient.channel == "sms" ? "SMS" : "email") theo yêu cầu từ \(actor.clientAddress)"),
                    by: actor, at: now, on: db
                )
            }
        }
        return try await render(req, username: username, codeSent: true, error: nil).encodeResponse(for: req)
    }

    /// `POST /dang-nhap/mo-khoa`: a right code ends the wait of this address for this username.
    static func unlock(req: Request) async throws -> Response {
        try req.application.signInRateLimiter.check(req)
        let form = try req.content.decode(Form.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let now = req.now
        let throttle = req.application.signInThrottle
        guard !username.isEmpty, let code = ConfirmationCode.normalised(form.code ?? ""),
              throttle.useUnlockCode(code, for: username, at: now),
              let officer = try await Officer.query(on: req.db).filter(\.$username == username).first()
        else {
            let view = try await render(req, username: username, codeSent: true, error: "Mã mở khoá không đúng hoặc đã hết hạn. Hãy kiểm tra tên đăng nhập và mã, hoặc nhận mã mới.")
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        throttle.clear(req.signInThrottleKey(.staff, username: username))
        let officerID = try officer.requireID()
        let actor = AuditActor(officerID: officerID, username: officer.username, role: "unauthenticated", communeID: officer.$commune.id, clientAddress: req.auditActor.clientAddress)
        try await req.writeTransaction { db in
            try await AuditJournal.append(
                AuditEvent(action: "auth.unlock_by_code", objectType: "officer", objectID: officerID.uuidString, communeID: officer.$commune.id,
                           summary: "Mở khoá đăng nhập bằng mã một lần cho địa chỉ \(actor.clientAddress)"),
                by: actor, at: now, on: db
            )
            try await redact(officer, on: db)
        }
        return req.redirect(to: Notice.signInUnlocked.appended(to: SiteURL.signIn.path))
    }

    /// Where the code goes: the phone by SMS when there is one, otherwise the email.
    static func recipient(of officer: Officer) -> (channel: String, address: String)? {
        if let phone = officer.phone, !phone.isEmpty { return ("sms", phone) }
        if let email = officer.email, !email.isEmpty { return ("email", email) }
        return nil
    }

    /// Once used, the code is erased from the outbox: an outbox is not a place to keep secrets.
    private static func redact(_ officer: Officer, on db: any Database) async throws {
        guard let (_, address) = recipient(of: officer) else { return }
        let messages = try await OutboxMessage.query(on: db).filter(\.$recipient == address).filter(\.$subject == messageSubject).all()
        for message in messages {
            message.body = "Mã mở khoá đăng nhập MotCua (đã dùng, đã xoá khỏi hộp thư)."
            try await message.save(on: db)
        }
    }

    private static func render(_ req: Request, username: String, codeSent: Bool, error: String?) async throws -> View {
        try await req.view.render("sign-in-unlock", Page(
            page: try await PageContext.make(for: req, title: "Mở khoá đăng nhập"), username: username, codeSent: codeSent, error: error,
            sendPath: SiteURL.signInUnlockCode.path, unlockPath: SiteURL.signInUnlock.path
        ))
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Registration with a one-time code, sign-in and sign-out of citizens and business representatives.
enum CitizenAccountController {
    struct CommuneOption: Encodable {
        let value: String
        let label: String
        let isSelected: Bool
    }

    struct RegisterForm: Content {
        var fullName: String?
        var idNumber: String?
        var phone: String?
        var email: String?
        var address: String?
        var communeSlug: String?
        var password: String?
        var confirmPassword: String?
    }

    struct RegisterPage: Encodable {
        let page: PageContext
        let form: RegisterForm
        let communes: [CommuneOption]
        let errors: FormErrors
        let actionPath: String
        let signInPath: String
    }

    /// `GET /cong-dan/dang-ky[?xa=slug]`.
    static func showRegister(req: Request) async throws -> View {
        try await renderRegister(req, form: RegisterForm(communeSlug: req.query[String.self, at: "xa"]), errors: [])
    }

    /// `POST /cong-dan/dang-ky`: creates the account, sends the code, and signs the new account in to confirm it.
    static func register(req: Request) async throws -> Response {
        try req.application.signInRateLimiter.check(req)
        let form = try req.content.decode(RegisterForm.self)
        let now = req.now
        let fullName = form.fullName.trimmedOrEmpty
        let idNumber = PersonalIDNumber.normalised(form.idNumber ?? "")
        let phone = form.phone.trimmedOrNil.map(CitizenAuth.normalisedPhone)
        let email = form.email.trimmedOrNil?.lowercased()
        let password = form.password ?? ""
        var problems = Applicant(kind: .person, fullName: fullName, idNumber: idNumber, phone: form.phone.trimmedOrNil, email: email, address: nil)
            .problems(channel: .online).filter { $0.field != "idNumber" }.map(\.message)
        if let problem = PersonalIDNumber.problem(with: idNumber, today: LocalDateTime(now)?.date) { problems.append(problem) }
        if phone == nil, email == nil { problems.append("Cần nhập số điện thoại hoặc email để nhận mã xác nhận.") }
        if let problem = PasswordPolicy.problem(with: password, username: idNumber) {
            problems.append(problem)
        } else if password != form.confirmPassword {
            problems.append("Mật khẩu và mật khẩu nhập lại không khớp.")
        }
        let commune = try await Commune.query(on: req.db).filter(\.$slug == form.communeSlug.trimmedOrEmpty).filter(\.$isActive == true).first()
        if commune == nil { problems.append("Cần chọn xã, phường nơi ông/bà thường làm thủ tục.") }
        // An account never confirmed holds its ID number, phone and email for a day only, so that no one can block
        // another person's registration by starting one in their name.
        let holdCutoff = now.addingTimeInterval(-CitizenAccount.unconfirmedHold)
        if problems.isEmpty {
            try await releaseStaleRegistrations(idNumber: idNumber, phone: phone, email: email, before: holdCutoff, on: req)
            if try await CitizenAccount.query(on: req.db).filter(\.$idNumber == idNumber).count() > 0 {
                problems.append("Số định danh cá nhân này đã có tài khoản. Hãy đăng nhập.")
            } else if let phone, try await CitizenAccount.query(on: req.db).filter(\.$phone == phone).count() > 0 {
                problems.append("Số điện thoại này đã dùng cho một tài khoản khác.")
            } else if let email, try await CitizenAccount.query(on: req.db).filter(\.$email == email).count() > 0 {
                problems.append("Email này đã dùng cho một tài khoản khác.")
            }
        }
        guard problems.isEmpty, let commune else {
            let view = try await renderRegister(req, form: form, errors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        var generator = SystemRandomNumberGenerator()
        let code = ConfirmationCode.make(using: &generator)
        let passwordHash = try await req.password.async.hash(password)
        let codeHash = try await req.password.async.hash(code)
        let account = CitizenAccount()
        account.$commune.id = try commune.requireID()
        account.fullName = fullName
        account.idNumber = idNumber
        account.phone = phone
        account.email = email
        account.address = form.address.trimmedOrNil
        account.passwordHash = passwordHash
        account.codeHash = codeHash
        account.codeSends = 0
        account.confirmationCode = .firstSent(at: now)
        account.failedSignIns = 0
        let response = req.redirect(to: SiteURL.citizenConfirm.path)
        try await req.writeTransaction { db in
            try await account.create(on: db)
            try await ConfirmationMessage.enqueue(code: code, to: account, at: now, on: db)
            try await CitizenAuth.startSession(for: account, response: response, on: req, db: db)
            try await AuditJournal.append(
                AuditEvent(action: "citizen.register", objectType: "citizen_account", objectID: try account.requireID().uuidString, communeID: account.$commune.id, summary: "Đăng ký tài khoản công dân; gửi mã xác nhận qua \(account.codeRecipient?.channel == "sms" ? "SMS" : "email")"),
                by: CitizenAuth.auditActor(req, accountID: account.id), at: now, on: db
            )
        }
        return response
    }

    /// Frees the ID number, phone and email held by accounts never confirmed and older than the hold; journalled.
    private static func releaseStaleRegistrations(idNumber: String, phone: String?, email: String?, before cutoff: Date, on req: Request) async throws {
        let stale = try await CitizenAccount.query(on: req.db).filter(\.$confirmedAt == nil).filter(\.$createdAt < cutoff).group(.or) { group in
            group.filter(\.$idNumber == idNumber)
            if let phone { group.filter(\.$phone == phone) }
            if let email { group.filter(\.$email == email) }
        }.all()
        guard !stale.isEmpty else { return }
        try await req.writeTransaction { db in
            for account in stale {
                account.idNumber = "released-" + UUID().uuidString.prefix(8).lowercased()
                account.phone = nil
                account.email = nil
                account.codeHash = nil
                try await account.save(on: db)
                try await req.audit(AuditEvent(action: "citizen.release_unconfirmed", objectType: "citizen_account", objectID: try account.requireID().uuidString,
                                               communeID: account.$commune.id, summary: "Giải phóng số định danh, điện thoại, email của tài khoản không xác nhận sau 24 giờ"), on: db)
            }
        }
    }

    private static func renderRegister(_ req: Request, form: RegisterForm, errors: [String]) async throws -> View {
        let communes = try await Commune.query(on: req.db).filter(\.$isActive == true).sort(\.$name).all()
        return try await req.view.render("citizens/register", RegisterPage(
            page: try await PageContext.make(for: req, title: "Đăng ký tài khoản nộp hồ sơ trực tuyến"), form: form,
            communes: communes.map { CommuneOption(value: $0.slug, label: $0.fullName, isSelected: $0.slug == form.communeSlug) },
            errors: FormErrors(errors), actionPath: SiteURL.citizenRegister.path, signInPath: SiteURL.citizenSignIn.path
        ))
    }

    // MARK: confirmation

    struct ConfirmPage: Encodable {
        let page: PageContext
        let recipient: String
        let error: String?
        let actionPath: String
        let resendPath: String
    }

    /// `GET /cong-dan/xac-nhan`.
    static func showConfirm(req: Request) async throws -> Response {
        let identity = try await CitizenAuth.require(req, confirmed: false)
        if identity.isConfirmed { return req.redirect(to: SiteURL.citizenAccount.path) }
        return try await renderConfirm(req, accountID: identity.accountID, error: nil, status: .ok)
    }

    /// `POST /cong-dan/xac-nhan`: checks the code; wrong, expired or exhausted codes are refused with a reason.
    static func confirm(req: Request) async throws -> Response {
        try req.application.signInRateLimiter.check(req)
        let identity = try await CitizenAuth.require(req, confirmed: false)
        guard let account = try await CitizenAccount.find(identity.accountID, on: req.db) else { throw AppError.signInRequired }
        if account.isConfirmed { return req.redirect(to: SiteURL.citizenAccount.path) }
        let now = req.now
        let entered = ConfirmationCode.normalised((try? req.content.get(String.self, at: "code")) ?? "")
        guard var state = account.confirmationCode, let hash = account.codeHash else {
            return try await renderConfirm(req, accountID: identity.accountID, error: ConfirmationCode.Verdict.expired.message, status: .unprocessableEntity)
        }
        let attemptsBefore = state.failedAttempts
        let stillValid = state.failedAttempts < ConfirmationCode.maximumAttempts && now < state.expiresAt
        let matches = stillValid && entered != nil ? ((try? await req.password.async.verify(entered ?? "", created: hash)) ?? false) : false
        let verdict = state.check(matches: matches, at: now)
        account.confirmationCode = state
        let failures = state.failedAttempts
        if verdict == .confirmed {
            account.confirmedAt = now
            account.codeHash = nil
        }
        try await req.writeTransaction { db in
            // Guesses sent at the same moment are counted one by one: only the first of them is judged, the others
            // are refused without saying whether they matched.
            guard let current = try await CitizenAccount.lockedRow(identity.accountID, on: db), current.confirmedAt == nil,
                  current.confirmationCode?.failedAttempts == attemptsBefore else {
                throw AppError.conflict("Mã vừa được thử từ một yêu cầu khác. Vui lòng nhập lại.")
            }
            try await account.save(on: db)
            if verdict == .confirmed {
                try await ConfirmationMessage.redact(for: account, on: db)
            }
            try await AuditJournal.append(
                AuditEvent(action: verdict == .confirmed ? "citizen.confirm" : "citizen.confirm_failed", objectType: "citizen_account", objectID: identity.accountID.uuidString, communeID: account.$commune.id,
                           summary: verdict == .confirmed ? "Xác nhận tài khoản bằng mã một lần" : "Mã xác nhận bị từ chối (\(failures) lần sai)"),
                by: CitizenAuth.auditActor(req, accountID: identity.accountID), at: now, on: db
            )
        }
        if verdict == .confirmed {
            return req.redirect(to: Notice.accountConfirmed.appended(to: SiteURL.citizenAccount.path))
        }
        let message = entered == nil && verdict != .expired && verdict != .exhausted ? "Mã xác nhận gồm 6 chữ số. " + (verdict.message ?? "") : verdict.message
        return try await renderConfirm(req, accountID: identity.accountID, error: message, status: .unprocessableEntity)
    }

    /// `POST /cong-dan/xac-nhan/gui-lai`: a new code, at most once a minute and five times in all.
    static func resend(req: Request) async throws -> Response {
        let identity = try await CitizenAuth.require(req, confirmed: false)
        guard let account = try await CitizenAccount.find(identity.accountID, on: req.db) else { throw AppError.signInRequired }
        if account.isConfirmed { return req.redirect(to: SiteURL.citizenAccount.path) }
        let now = req.now
        var state = account.confirmationCode ?? .firstSent(at: now)
        if let problem = state.resendProblem(at: now) {
            return try await renderConfirm(req, accountID: identity.accountID, error: problem, status: .tooManyRequests)
        }
        var generator = SystemRandomNumberGenerator()
        let code = ConfirmationCode.make(using: &generator)
        let codeHash = try await req.password.async.hash(code)
        state.resent(at: now)
        account.confirmationCode = state
        let sends = state.sends
        account.codeHash = codeHash
        try await req.writeTransaction { db in
            try await account.save(on: db)
            try await ConfirmationMessage.enqueue(code: code, to: account, at: now, on: db)
            try await AuditJournal.append(
                AuditEvent(action: "citizen.code_resent", objectType: "citizen_account", objectID: identity.accountID.uuidString, communeID: account.$commune.id, summary: "Gửi lại mã xác nhận (lần \(sends))"),
                by: CitizenAuth.auditActor(req, accountID: identity.accountID), at: now, on: db
            )
        }
        return req.redirect(to: Notice.codeResent.appended(to: SiteURL.citizenConfirm.path))
    }

    private static func renderConfirm(_ req: Request, accountID: UUID, error: String?, status: HTTPResponseStatus) async throws -> Response {
        guard let account = try await CitizenAccount.find(accountID, on: req.db) else { throw AppError.signInRequired }
        let recipient = account.phone.map { "số điện thoại " + PersonalDataMasking.maskPhone($0) } ?? account.email.map { "email " + $0 } ?? ""
        let view = try await req.view.render("citizens/confirm", ConfirmPage(
            page: try await PageContext.make(for: req, title: "Xác nhận tài khoản"), recipient: recipient, error: error,
            actionPath: SiteURL.citizenConfirm.path, resendPath: SiteURL.citizenResendCode.path
        ))
        return try await view.encodeResponse(status: status, for: req)
    }

    // MARK: sign-in

    struct SignInPage: Encodable {
        let page: PageContext
        let login: String
        let error: String?
        let next: String
        let actionPath: String
        let registerPath: String
        let forgotPasswordPath: String
        /// `GET /cong-dan/dang-nhap/vneid`, only when the national sign-in service is configured.
        let vneidPath: String?
        let demoLogin: String?
        let demoPassword: String?
    }

    static let wrongCredentials = "Số điện thoại (hoặc email) hoặc mật khẩu không đúng."

    /// The answer while this address waits: the same whether the phone or email has an account or not.
    static func waitMessage(until: Date, now: Date) -> String {
        let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
        return "Đăng nhập sai nhiều lần từ máy này. Vui lòng thử lại sau \(minutes) phút."
    }

    /// `GET /cong-dan/dang-nhap`.
    static func showSignIn(req: Request) async throws -> View {
        try await renderSignIn(req, login: "", error: nil, next: citizenReturnAddress(req.query[String.self, at: "next"]) ?? "")
    }

    /// `POST /cong-dan/dang-nhap`: phone or email and password, with the same waits per address as officers.
    static func signIn(req: Request) async throws -> Response {
        try req.application.signInRateLimiter.check(req)
        struct Form: Content { var login: String?; var password: String?; var next: String? }
        let form = try req.content.decode(Form.self)
        let login = form.login.trimmedOrEmpty
        let now = req.now
        let account: CitizenAccount?
        if login.contains("@") {
            account = try await CitizenAccount.query(on: req.db).filter(\.$email == login.lowercased()).first()
        } else {
            let phone = CitizenAuth.normalisedPhone(login)
            account = phone.isEmpty ? nil : try await CitizenAccount.query(on: req.db).filter(\.$phone == phone).first()
        }
        func refuse(_ message: String, _ status: HTTPResponseStatus) async throws -> Response {
            let view = try await renderSignIn(req, login: login, error: message, next: citizenReturnAddress(form.next) ?? "")
            return try await view.encodeResponse(status: status, for: req)
        }
        let throttle = req.application.signInThrottle
        let key = req.signInThrottleKey(.citizen, username: login.contains("@") ? login.lowercased() : CitizenAuth.normalisedPhone(login))
        if let until = throttle.waitUntil(key, at: now) {
            return try await refuse(waitMessage(until: until, now: now), .tooManyRequests)
        }
        guard let account else {
            _ = try? await req.password.async.verify(form.password ?? "", created: req.application.signInDummyHash)
            if let until = throttle.recordFailure(key, at: now) { return try await refuse(waitMessage(until: until, now: now), .tooManyRequests) }
            return try await refuse(wrongCredentials, .unauthorized)
        }
        let matches = (try? await req.password.async.verify(form.password ?? "", created: account.passwordHash)) ?? false
        if !matches {
            let until = throttle.recordFailure(key, at: now)
            try await req.writeTransaction { db in
                try await AuditJournal.append(
                    AuditEvent(action: "citizen.sign_in_failed", objectType: "citizen_account", objectID: try account.requireID().uuidString, communeID: account.$commune.id,
                               summary: until == nil ? "Sai mật khẩu" : "Sai mật khẩu nhiều lần; địa chỉ này phải chờ đến \(VietnameseFormat.dateTime(until ?? now))"),
                    by: CitizenAuth.auditActor(req, accountID: account.id), at: now, on: db
                )
            }
            if let until { return try await refuse(waitMessage(until: until, now: now), .tooManyRequests) }
            return try await refuse(wrongCredentials, .unauthorized)
        }
        throttle.clear(key)
        let target = account.isConfirmed ? (citizenReturnAddress(form.next) ?? SiteURL.citizenAccount.path) : SiteURL.citizenConfirm.path
        let response = req.redirect(to: target)
        try await req.writeTransaction { db in
            try await CitizenAuth.startSession(for: account, response: response, on: req, db: db)
            try await AuditJournal.append(
                AuditEvent(action: "citizen.sign_in", objectType: "citizen_account", objectID: try account.requireID().uuidString, communeID: account.$commune.id, summary: "Công dân đăng nhập"),
                by: CitizenAuth.auditActor(req, accountID: account.id), at: now, on: db
            )
        }
        return response
    }

    /// `POST /cong-dan/dang-xuat`.
    static func signOut(req: Request) async throws -> Response {
        var providerSignOut: String? = nil
        if let identity = try await CitizenAuth.identity(of: req) {
            // A session started through VNeID also ends the provider's session, where the provider offers it.
            let hint = try await CitizenSession.find(identity.sessionID, on: req.db)?.idTokenHint
            providerSignOut = await VNeIDController.endSessionAddress(req, idTokenHint: hint)
            try await req.writeTransaction { db in
                try await CitizenSession.query(on: db).filter(\.$id == identity.sessionID).delete()
                try await AuditJournal.append(
                    AuditEvent(action: "citizen.sign_out", objectType: "citizen_account", objectID: identity.accountID.uuidString, summary: "Công dân đăng xuất"),
                    by: CitizenAuth.auditActor(req, accountID: identity.accountID), at: req.now, on: db
                )
            }
        }
        let response = req.redirect(to: providerSignOut ?? Notice.signedOut.appended(to: SiteURL.citizenSignIn.path))
        response.cookies[CitizenAuth.cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/", isHTTPOnly: true)
        return response
    }

    /// A citizen returns only to the citizen's own pages after sign-in.
    private static func citizenReturnAddress(_ next: String?) -> String? {
        ReturnAddress.sanitised(next, within: "/cong-dan")
    }

    private static func renderSignIn(_ req: Request, login: String, error: String?, next: String) async throws -> View {
        let isDevelopment = req.application.environment == .development
        return try await req.view.render("citizens/sign-in", SignInPage(
            page: try await PageContext.make(for: req, title: "Đăng nhập công dân"), login: login, error: error, next: next,
            actionPath: SiteURL.citizenSignIn.path, registerPath: SiteURL.citizenRegister.path,
            forgotPasswordPath: SiteURL.citizenForgotPassword.path,
            vneidPath: req.application.vneidSettings == nil ? nil : ReturnAddress.signInLink(SiteURL.citizenVNeIDSignIn.path, next: next),
            demoLogin: isDevelopment ? CitizenDemoData.phone : nil, demoPassword: isDevelopment ? CitizenDemoData.password : nil
        ))
    }
}

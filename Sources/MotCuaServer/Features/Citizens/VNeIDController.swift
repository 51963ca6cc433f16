import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Sign-in with VNeID over OpenID Connect: the redirect to the provider, its answer, and the first sign-in that links
/// an existing account (after its password) or creates one with the verified name and ID number.
enum VNeIDController {
    /// The cookie that ties an attempt to the browser that started it: the `state`, then the completion secret.
    static let cookieName = "motcua_vneid"

    /// `GET /cong-dan/dang-nhap/vneid[?next=…]`: a redirect to the provider with PKCE S256, `state` and `nonce`.
    static func start(req: Request) async throws -> Response {
        let settings = try configured(req)
        let now = req.now
        let discovery: VNeIDDiscovery
        do {
            discovery = try await req.application.vneidProvider.discovery(settings, client: req.client, now: now)
        } catch {
            throw try await refuse(req, error, attemptID: nil)
        }
        var generator = SystemRandomNumberGenerator()
        let state = OpenIDConnect.makeRandomValue(using: &generator)
        let nonce = OpenIDConnect.makeRandomValue(using: &generator)
        let verifier = OpenIDConnect.makeRandomValue(using: &generator)
        let attempt = VNeIDSignIn()
        attempt.stateHash = AccessToken.hash(state)
        attempt.nonce = nonce
        attempt.codeVerifier = verifier
        attempt.nextPath = ReturnAddress.sanitised(req.query[String.self, at: "next"], within: "/cong-dan")
        attempt.startedAt = now
        attempt.failedProofs = 0
        try await req.writeTransaction { db in
            // Attempts never answered or never completed are cleared as new ones start.
            try await VNeIDSignIn.query(on: db).filter(\.$startedAt < now.addingTimeInterval(-VNeIDSignIn.lifetime)).delete()
            try await attempt.create(on: db)
        }
        var components = URLComponents(string: discovery.authorizationEndpoint)
        let existing = components?.queryItems ?? []
        components?.queryItems = existing + [
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "client_id", value: settings.clientID),
            URLQueryItem(name: "redirect_uri", value: redirectURI(req)),
            URLQueryItem(name: "scope", value: "openid profile"),
            URLQueryItem(name: "state", value: state),
            URLQueryItem(name: "nonce", value: nonce),
            URLQueryItem(name: "code_challenge", value: OpenIDConnect.codeChallenge(for: verifier)),
            URLQueryItem(name: "code_challenge_method", value: "S256"),
            URLQueryItem(name: "acr_values", value: settings.requiredLevel.name),
        ]
        guard let address = components?.url?.absoluteString else { throw try await refuse(req, VNeIDFailure.unavailable, attemptID: nil) }
        let response = req.redirect(to: address)
        setCookie(state, on: response, req: req)
        return response
    }

    /// `GET /cong-dan/dang-nhap/vneid/ve?code=…&state=…`: the provider's answer, checked, then the citizen signed in.
    static func callback(req: Request) async throws -> Response {
        let settings = try configured(req)
        let now = req.now
        let state = req.query[String.self, at: "state"]
        guard let state, OpenIDConnect.matches(req.cookies[cookieName]?.string, expected: state),
              let attempt = try await VNeIDSignIn.query(on: req.db).filter(\.$stateHash == AccessToken.hash(state)).first(),
              attempt.answeredAt == nil, now.timeIntervalSince(attempt.startedAt) < VNeIDSignIn.lifetime
        else { throw try await refuse(req, VNeIDFailure.stateMismatch, attemptID: nil) }
        let attemptID = try attempt.requireID()
        // Used once: two answers carrying the same state race for this row; the second finds it answered.
        let claimed = try await req.writeTransaction { db in
            guard let current = try await VNeIDSignIn.lockedRow(attemptID, on: db), current.answeredAt == nil else { return false }
            current.answeredAt = now
            try await current.save(on: db)
            return true
        }
        guard claimed else { throw try await refuse(req, VNeIDFailure.stateMismatch, attemptID: attemptID) }
        if req.query[String.self, at: "error"] != nil { throw try await refuse(req, VNeIDFailure.cancelled, attemptID: attemptID) }
        guard let code = req.query[String.self, at: "code"], !code.isEmpty else { throw try await refuse(req, VNeIDFailure.codeRejected, attemptID: attemptID) }
        let provider = req.application.vneidProvider
        let token: String, identity: VerifiedIdentity
        do {
            let discovery = try await provider.discovery(settings, client: req.client, now: now)
            token = try await provider.idToken(code: code, verifier: attempt.codeVerifier, redirectURI: redirectURI(req), settings: settings, discovery: discovery, client: req.client)
            let payload = try await provider.verifiedPayload(token, settings: settings, discovery: discovery, nonce: attempt.nonce, client: req.client, now: now, claimsTime: Date())
            do {
                identity = try settings.claims.identity(from: payload.strings)
            } catch {
                throw VNeIDFailure.identity(error)
            }
        } catch {
            throw try await refuse(req, error, attemptID: attemptID)
        }
        let account = try await CitizenAccount.query(on: req.db).filter(\.$idNumber == identity.idNumber).first()
        if let account, account.vneidVerifiedAt != nil {
            let response = req.redirect(to: attempt.nextPath ?? SiteURL.citizenAccount.path)
            response.cookies[cookieName] = expiredCookie
            try await req.writeTransaction { db in
                try await VNeIDSignIn.query(on: db).filter(\.$id == attemptID).delete()
                try await CitizenAuth.startSession(for: account, response: response, on: req, db: db, idTokenHint: token)
                try await AuditJournal.append(
                    AuditEvent(action: "citizen.sign_in_vneid", objectType: "citizen_account", objectID: try account.requireID().uuidString, communeID: account.$commune.id,
                               summary: "Công dân đăng nhập bằng VNeID (\(settings.requiredLevel.name))"),
                    by: CitizenAuth.auditActor(req, accountID: account.id), at: now, on: db
                )
            }
            return response
        }
        // A first sign-in: the verified identity waits, for minutes, for the citizen to link or create the account.
        let completion = AccessToken.makeSecret()
        attempt.idNumber = identity.idNumber
        attempt.fullName = identity.fullName
        attempt.idToken = token
        attempt.completionHash = AccessToken.hash(completion)
        attempt.answeredAt = now
        try await req.writeTransaction { db in try await attempt.save(on: db) }
        let response = req.redirect(to: SiteURL.citizenVNeIDComplete.path)
        setCookie(completion, on: response, req: req)
        return response
    }

    // MARK: the first sign-in

    struct CompletePage: Encodable {
        let page: PageContext
        let fullName: String
        let maskedIDNumber: String
        let isLinking: Bool
        let maskedLogin: String?
        let communes: [CitizenAccountController.CommuneOption]
        let error: String?
        let actionPath: String
        let forgotPasswordPath: String
    }

    /// `GET /cong-dan/dang-nhap/vneid/hoan-tat`.
    static func showComplete(req: Request) async throws -> Response {
        let attempt = try await pendingAttempt(req)
        return try await renderComplete(req, attempt: attempt, error: nil, status: .ok)
    }

    /// `POST /cong-dan/dang-nhap/vneid/hoan-tat`: links the account of the same ID number after its password, or
    /// creates the account with the verified identity in the chosen home commune.
    static func complete(req: Request) async throws -> Response {
        try req.application.signInRateLimiter.check(req)
        let attempt = try await pendingAttempt(req)
        let attemptID = try attempt.requireID()
        guard let idNumber = attempt.idNumber, let fullName = attempt.fullName else { throw AppError.notFound }
        struct Form: Content { var password: String?; var communeSlug: String? }
        let form = try req.content.decode(Form.self)
        let now = req.now
        if let account = try await CitizenAccount.query(on: req.db).filter(\.$idNumber == idNumber).first() {
            let matches = (try? await req.password.async.verify(form.password ?? "", created: account.passwordHash)) ?? false
            guard matches else {
                let failures = attempt.failedProofs + 1
                try await req.writeTransaction { db in
                    if failures >= VNeIDSignIn.maximumFailedProofs {
                        try await VNeIDSignIn.query(on: db).filter(\.$id == attemptID).delete()
                    } else {
                        attempt.failedProofs = failures
                        try await attempt.save(on: db)
                    }
                    try await AuditJournal.append(
                        AuditEvent(action: "citizen.vneid_link_failed", objectType: "citizen_account", objectID: try account.requireID().uuidString, communeID: account.$commune.id,
                                   summary: "Liên kết VNeID: sai mật khẩu tài khoản (\(failures) lần)"),
                        by: CitizenAuth.auditActor(req, accountID: account.id), at: now, on: db
                    )
                }
                if failures >= VNeIDSignIn.maximumFailedProofs {
                    throw AppError(status: .tooManyRequests, code: "vneid_link_exhausted",
                                   message: "Sai mật khẩu quá \(VNeIDSignIn.maximumFailedProofs) lần. Vui lòng đăng nhập bằng VNeID lại, hoặc dùng \"Quên mật khẩu\" để đặt lại mật khẩu trước.")
                }
                return try await renderComplete(req, attempt: attempt, error: "Mật khẩu không đúng. Nhập mật khẩu của tài khoản MotCua đã có để liên kết với VNeID.", status: .unauthorized)
            }
            account.vneidVerifiedAt = now
            let response = req.redirect(to: attempt.nextPath ?? SiteURL.citizenAccount.path)
            response.cookies[cookieName] = expiredCookie
            try await req.writeTransaction { db in
                try await account.save(on: db)
                try await VNeIDSignIn.query(on: db).filter(\.$id == attemptID).delete()
                try await CitizenAuth.startSession(for: account, response: response, on: req, db: db, idTokenHint: attempt.idToken)
                try await AuditJournal.append(
                    AuditEvent(action: "citizen.vneid_linked", objectType: "citizen_account", objectID: try account.requireID().uuidString, communeID: account.$commune.id,
                               summary: "Liên kết tài khoản với VNeID sau khi xác minh mật khẩu; danh tính đã xác thực"),
                    by: CitizenAuth.auditActor(req, accountID: account.id), at: now, on: db
                )
            }
            return response
        }
        guard let commune = try await Commune.query(on: req.db).filter(\.$slug == form.communeSlug.trimmedOrEmpty).filter(\.$isActive == true).first() else {
            return try await renderComplete(req, attempt: attempt, error: "Cần chọn xã, phường nơi ông/bà thường làm thủ tục.", status: .unprocessableEntity)
        }
        // No password: this account signs in through VNeID only (a password can be set later through recovery).
        let unusable = try await req.password.async.hash(AccessToken.makeSecret())
        let account = CitizenAccount()
        account.$commune.id = try commune.requireID()
        account.fullName = fullName
        account.idNumber = idNumber
        account.passwordHash = unusable
        account.confirmedAt = now
        account.vneidVerifiedAt = now
        account.codeFailedAttempts = 0
        account.codeSends = 0
        account.failedSignIns = 0
        let response = req.redirect(to: attempt.nextPath ?? SiteURL.citizenAccount.path)
        response.cookies[cookieName] = expiredCookie
        try await req.writeTransaction { db in
            try await account.create(on: db)
            try await VNeIDSignIn.query(on: db).filter(\.$id == attemptID).delete()
            try await CitizenAuth.startSession(for: account, response: response, on: req, db: db, idTokenHint: attempt.idToken)
            try await AuditJournal.append(
                AuditEvent(action: "citizen.register_vneid", objectType: "citizen_account", objectID: try account.requireID().uuidString, communeID: account.$commune.id,
                           summary: "Tạo tài khoản công dân từ danh tính VNeID đã xác thực"),
                by: CitizenAuth.auditActor(req, accountID: account.id), at: now, on: db
            )
        }
        return response
    }

    /// The provider's sign-out address for a session started through VNeID, when the provider offers one.
    static func endSessionAddress(_ req: Request, idTokenHint: String?) async -> String? {
        guard let idTokenHint, let settings = req.application.vneidSettings,
              let discovery = try? await req.application.vneidProvider.discovery(settings, client: req.client, now: req.now),
              let endpoint = discovery.endSessionEndpoint, var components = URLComponents(string: endpoint)
        else { return nil }
        let existing = components.queryItems ?? []
        components.queryItems = existing + [
            URLQueryItem(name: "id_token_hint", value: idTokenHint),
            URLQueryItem(name: "client_id", value: settings.clientID),
            URLQueryItem(name: "post_logout_redirect_uri", value: req.publicURL(path: Notice.signedOut.appended(to: SiteURL.citizenSignIn.path))),
        ]
        return components.url?.absoluteString
    }

    // MARK: helpers

    private static func configured(_ req: Request) throws -> VNeIDSettings {
        guard let settings = req.application.vneidSettings else { throw AppError.notFound }
        return settings
    }

    private static func redirectURI(_ req: Request) -> String {
        req.publicURL(path: SiteURL.citizenVNeIDCallback.path)
    }

    private static func pendingAttempt(_ req: Request) async throws -> VNeIDSignIn {
        _ = try configured(req)
        guard let secret = req.cookies[cookieName]?.string, !secret.isEmpty,
              let attempt = try await VNeIDSignIn.query(on: req.db).filter(\.$completionHash == AccessToken.hash(secret)).first(),
              attempt.idNumber != nil, req.now.timeIntervalSince(attempt.startedAt) < VNeIDSignIn.lifetime
        else { throw VNeIDFailure.stateMismatch.appError }
        return attempt
    }

    private static func renderComplete(_ req: Request, attempt: VNeIDSignIn, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let idNumber = attempt.idNumber ?? ""
        let account = try await CitizenAccount.query(on: req.db).filter(\.$idNumber == idNumber).first()
        let communes = account == nil ? try await Commune.query(on: req.db).filter(\.$isActive == true).sort(\.$name).all() : []
        let view = try await req.view.render("citizens/vneid-complete", CompletePage(
            page: try await PageContext.make(for: req, title: account == nil ? "Tạo tài khoản bằng VNeID" : "Liên kết tài khoản với VNeID"),
            fullName: attempt.fullName ?? "", maskedIDNumber: PersonalDataMasking.maskIDNumber(idNumber), isLinking: account != nil,
            maskedLogin: account.flatMap { $0.phone.map(PersonalDataMasking.maskPhone) ?? $0.email },
            communes: communes.map { .init(value: $0.slug, label: $0.fullName, isSelected: false) }, error: error,
            actionPath: SiteURL.citizenVNeIDComplete.path, forgotPasswordPath: SiteURL.citizenForgotPassword.path
        ))
        return try await view.encodeResponse(status: status, for: req)
    }

    private static func setCookie(_ value: String, on response: Response, req: Request) {
        response.cookies[cookieName] = HTTPCookies.Value(
            string: value, expires: nil, maxAge: Int(VNeIDSignIn.lifetime), domain: nil, path: "/cong-dan/dang-nhap/vneid",
            isSecure: req.application.settings.secureCookies, isHTTPOnly: true, sameSite: .lax
        )
    }

    private static let expiredCookie = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/cong-dan/dang-nhap/vneid", isHTTPOnly: true)

    /// Journals a refused sign-in and gives the error page to throw; an error that is not a refusal passes unchanged.
    private static func refuse(_ req: Request, _ error: any Error, attemptID: UUID?) async throws -> any Error {
        guard let failure = error as? VNeIDFailure else { return error }
        let now = req.now
        try await req.writeTransaction { db in
            if let attemptID { try await VNeIDSignIn.query(on: db).filter(\.$id == attemptID).delete() }
            try await AuditJournal.append(
                AuditEvent(action: "citizen.vneid_refused", objectType: "vneid_sign_in", objectID: attemptID?.uuidString ?? "-", communeID: nil,
                           summary: "Đăng nhập VNeID bị từ chối: \(failure.code)"),
                by: CitizenAuth.auditActor(req, accountID: nil), at: now, on: db
            )
        }
        var appError = failure.appError
        appError.wayBack = [ErrorPage.Link(label: "Đăng nhập công dân", href: SiteURL.citizenSignIn.path)]
        return appError
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The sign-in and sign-out pages, the password change page, and the token endpoint of the API.
enum SignInController {
    struct DemoAccount: Encodable {
        let username: String
        let roleName: String
    }

    struct SignInPage: Encodable {
        let page: PageContext
        let username: String
        let error: String?
        let next: String
        let demoAccounts: [DemoAccount]
        let demoPassword: String?
        let actionPath: String
        /// The page that sends a one-time unlock code, offered while this address waits.
        let unlockPath: String?
    }

    struct SignInForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    static func showSignIn(req: Request) async throws -> View {
        if req.staff != nil, req.query[String.self, at: "next"] == nil {
            throw Abort.redirect(to: SiteURL.workspace.path)
        }
        return try await render(req, username: "", error: nil, next: ReturnAddress.sanitised(req.query[String.self, at: "next"]) ?? "")
    }

    static func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let username = form.username ?? ""
        do {
            let officer = try await SignIn.authenticate(username: username, password: form.password ?? "", on: req)
            let (secret, expiresAt) = try await SignIn.issueToken(for: officer, kind: .browserSession, on: req)
            req.rotateCSRFToken()
            let response = req.redirect(to: ReturnAddress.sanitised(form.next) ?? SiteURL.workspace.path, redirectType: .normal)
            // Max-Age, not Expires: the browser counts it from now on its own clock, which need not agree with ours.
            response.cookies[StaffAuthenticator.sessionCookieName] = HTTPCookies.Value(
                string: secret, expires: nil, maxAge: max(Int(expiresAt.timeIntervalSince(req.now).rounded()), 0), domain: nil, path: "/",
                isSecure: req.application.settings.secureCookies, isHTTPOnly: true, sameSite: .lax
            )
            return response
        } catch let error as AppError where error.code == SignIn.wrongCredentials.code || error.code == "sign_in_delayed" {
            let view = try await render(req, username: username, error: error.message, next: ReturnAddress.sanitised(form.next) ?? "", offersUnlock: error.code == "sign_in_delayed")
            return try await view.encodeResponse(status: error.status, for: req)
        }
    }

    static func signOut(req: Request) async throws -> Response {
        if let staff = req.staff {
            try await req.writeTransaction { db in
                try await AccessToken.query(on: db).filter(\.$id == staff.tokenID).delete()
                try await req.audit(AuditEvent(action: "auth.sign_out", objectType: "officer", objectID: staff.officerID.uuidString, summary: "Đăng xuất"), on: db)
            }
        }
        let response = req.redirect(to: Notice.signedOut.appended(to: SiteURL.signIn.path))
        response.cookies[StaffAuthenticator.sessionCookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/", isHTTPOnly: true)
        return response
    }

    private static func render(_ req: Request, username: String, error: String?, next: String, offersUnlock: Bool = false) async throws -> View {
        let isDevelopment = req.application.environment == .development
        let accounts = isDevelopment ? DemoData.accounts.map { DemoAccount(username: $0.username, roleName: $0.role.vietnameseName) } : []
        return try await req.view.render("sign-in", SignInPage(
            page: try await PageContext.make(for: req, title: "Đăng nhập"), username: username, error: error, next: next,
            demoAccounts: accounts, demoPassword: isDevelopment ? DemoData.password : nil, actionPath: SiteURL.signIn.path,
            unlockPath: offersUnlock ? SiteURL.signInUnlock.path : nil
        ))
    }

    // MARK: password change

    struct PasswordPage: Encodable {
        let page: PageContext
        let error: String?
        let actionPath: String
    }

    struct PasswordForm: Content {
        var currentPassword: String?
        var newPassword: String?
        var confirmPassword: String?
    }

    static func showPasswordChange(req: Request) async throws -> View {
        _ = try req.requireStaff()
        return try await req.view.render("password", PasswordPage(page: try await PageContext.make(for: req, title: "Đổi mật khẩu"), error: nil, actionPath: SiteURL.changePassword.path))
    }

    static func changePassword(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = try req.content.decode(PasswordForm.self)
        guard let officer = try await Officer.find(staff.officerID, on: req.db) else { throw AppError.signInRequired }
        let newPassword = form.newPassword ?? ""
        var problem: String?
        if !((try? await req.password.async.verify(form.currentPassword ?? "", created: officer.passwordHash)) ?? false) {
            problem = "Mật khẩu hiện tại không đúng."
        } else if newPassword != form.confirmPassword {
            problem = "Mật khẩu mới và mật khẩu nhập lại không khớp."
        } else if let policyProblem = PasswordPolicy.problem(with: newPassword, username: officer.username) {
            problem = policyProblem
        }
        if let problem {
            let view = try await req.view.render("password", PasswordPage(page: try await PageContext.make(for: req, title: "Đổi mật khẩu"), error: problem, actionPath: SiteURL.changePassword.path))
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let hash = try await req.password.async.hash(newPassword)
        let now = req.now
        try await req.writeTransaction { db in
            officer.passwordHash = hash
            officer.passwordChangedAt = now
            try await officer.save(on: db)
            // Other sessions and tokens of this officer end: whoever knew the old password is signed out.
            try await AccessToken.query(on: db).filter(\.$officer.$id == staff.officerID).filter(\.$id != staff.tokenID).delete()
            try await req.audit(AuditEvent(action: "auth.password_change", objectType: "officer", objectID: staff.officerID.uuidString, summary: "Đổi mật khẩu; các phiên khác bị đóng"), on: db)
        }
        return req.redirect(to: Notice.passwordChanged.appended(to: SiteURL.workspace.path))
    }

    // MARK: API

    struct TokenRequest: Content {
        let username: String
        let password: String
    }

    struct TokenResponse: Content {
        let token: String
        let expiresAt: Date
    }

    static func issueAPIToken(req: Request) async throws -> Response {
        let body: TokenRequest
        do {
            body = try req.content.decode(TokenRequest.self)
        } catch {
            throw AppError.badRequest("Cần gửi JSON {\"username\": \"…\", \"password\": \"…\"}.")
        }
        let officer = try await SignIn.authenticate(username: body.username, password: body.password, on: req)
        let (secret, expiresAt) = try await SignIn.issueToken(for: officer, kind: .api, on: req)
        let response = Response(status: .ok)
        try response.content.encode(TokenResponse(token: secret, expiresAt: expiresAt), using: JSONEncoder.api)
        return response
    }
}

extension JSONEncoder {
    /// The API's JSON: ISO 8601 dates, stable key order.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

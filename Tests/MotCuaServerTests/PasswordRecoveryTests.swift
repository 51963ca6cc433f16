import Fluent
import Foundation
import MotCuaCore
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// A citizen who forgot the password recovers the account with a one-time code; nobody learns whether an account exists.
@Suite("Citizens: password recovery by a one-time code")
struct PasswordRecoveryTests {
    static let newPassword = "mat-khau-moi-2026"

    /// The six digits of the latest recovery code sent to `recipient`.
    static func latestCode(to recipient: String, on app: Application) async throws -> String {
        let message = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == recipient)
            .filter(\.$subject == PasswordRecoveryController.messageSubject).sort(\.$createdAt, .descending).first())
        let range = try #require(message.body.range(of: "[0-9]{6}", options: .regularExpression))
        return String(message.body[range])
    }

    /// A code that is not `code`.
    static func wrong(_ code: String) -> String { code == "000000" ? "111111" : "000000" }

    static func reset(_ visitor: inout BrowserSession, login: String, code: String, password: String = newPassword, confirm: String? = nil) async throws -> TestingHTTPResponse {
        try await visitor.submit(form: ["login": login, "code": code, "password": password, "confirmPassword": confirm ?? password], to: SiteURL.citizenResetPassword.path)
    }

    static func signIn(_ login: String, _ password: String, on app: Application) async throws -> HTTPResponseStatus {
        var session = BrowserSession(app: app)
        return try await session.submit(form: ["login": login, "password": password], to: SiteURL.citizenSignIn.path).status
    }

    @Test("the sign-in page links to recovery, and the recovery page asks for a phone or email")
    func signInPageLinksToRecovery() async throws {
        try await withTestApp { app in
            var visitor = BrowserSession(app: app)
            let signIn = try await visitor.get(SiteURL.citizenSignIn.path)
            #expect(signIn.body.string.contains("href=\"/cong-dan/quen-mat-khau\""))
            let page = try await visitor.get(SiteURL.citizenForgotPassword.path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Số điện thoại hoặc email"))
            #expect(page.body.string.contains("name=\"_csrf\""))
        }
    }

    @Test("a right code sets the new password, ends every session of the account, erases the code and is journalled")
    func recoveryResetsThePasswordAndEndsEverySession() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            // setup: the demo citizen is signed in on two devices
            var laptop = BrowserSession(app: app)
            #expect(try await laptop.submit(form: ["login": CitizenDemoData.phone, "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path).status == .seeOther)
            var phone = BrowserSession(app: app)
            #expect(try await phone.submit(form: ["login": CitizenDemoData.phone, "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path).status == .seeOther)
            #expect(try await laptop.get(SiteURL.citizenAccount.path).status == .ok)

            // MUT: the code by phone, one wrong entry, then the right one
            var visitor = BrowserSession(app: app)
            let asked = try await visitor.submit(form: ["login": "0912 345 678"], to: SiteURL.citizenForgotPassword.path)
            #expect(asked.status == .ok)
            #expect(asked.body.string.contains("Nếu số điện thoại hoặc email này có tài khoản"))
            let code = try await Self.latestCode(to: CitizenDemoData.phone, on: app)
            let recovery = try #require(try await CitizenPasswordRecovery.query(on: app.db).filter(\.$login == CitizenDemoData.phone).first())
            #expect(recovery.codeHash != nil && recovery.codeHash?.contains(code) == false, "only a hash of the code is stored")
            let wrong = try await Self.reset(&visitor, login: "0912 345 678", code: Self.wrong(code))
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("Mã xác nhận không đúng. Còn 4 lần thử."))
            #expect(try await Self.signIn(CitizenDemoData.phone, CitizenDemoData.password, on: app) == .seeOther, "a wrong code changes nothing")
            let done = try await Self.reset(&visitor, login: "0912 345 678", code: code)

            // validate
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == Notice.passwordReset.appended(to: SiteURL.citizenSignIn.path))
            #expect(try await laptop.get(SiteURL.citizenAccount.path).status == .seeOther, "the laptop's session has ended")
            #expect(try await phone.get(SiteURL.citizenAccount.path).status == .seeOther, "the phone's session has ended")
            let accountID = try #require(try await CitizenAccount.query(on: app.db).filter(\.$idNumber == CitizenDemoData.idNumber).first()?.requireID())
            #expect(try await CitizenSession.query(on: app.db).filter(\.$account.$id == accountID).count() == 0)
            #expect(try await Self.signIn(CitizenDemoData.phone, CitizenDemoData.password, on: app) == .unauthorized)
            #expect(try await Self.signIn(CitizenDemoData.phone, Self.newPassword, on: app) == .seeOther)
            let messages = try await OutboxMessage.query(on: app.db).filter(\.$subject == PasswordRecoveryController.messageSubject).all()
            #expect(messages.count == 1 && messages.allSatisfy { $0.body.range(of: "[0-9]{6}", options: .regularExpression) == nil }, "the used code is erased from the outbox")
            #expect(try await Self.reset(&visitor, login: "0912 345 678", code: code, password: "mat-khau-thu-ba-1").status == .unprocessableEntity, "a code works once")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "citizen.password_recovery_requested").count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "citizen.password_reset_failed").count() == 1, "the wrong code; a used code is refused as expired")
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "citizen.password_reset").first())
            #expect(entry.objectID == accountID.uuidString)
            #expect(entry.summary.contains("kết thúc 3 phiên"), "the laptop, the phone, and the sign-in after the wrong code")
            #expect(!entry.summary.contains(Self.newPassword) && !entry.summary.contains(code))
        }
    }

    @Test("a code asked for by email goes to the email, whatever case it was typed in")
    func recoveryByEmail() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var visitor = BrowserSession(app: app)
            #expect(try await visitor.submit(form: ["login": "HOA.NGUYEN@example.vn"], to: SiteURL.citizenForgotPassword.path).status == .ok)
            let message = try #require(try await OutboxMessage.query(on: app.db).filter(\.$subject == PasswordRecoveryController.messageSubject).first())
            #expect(message.channel == "email" && message.recipient == "hoa.nguyen@example.vn")
            let code = try await Self.latestCode(to: "hoa.nguyen@example.vn", on: app)
            #expect(try await Self.reset(&visitor, login: "hoa.nguyen@example.vn", code: code).status == .seeOther)
            #expect(try await Self.signIn("hoa.nguyen@example.vn", Self.newPassword, on: app) == .seeOther)
        }
    }

    @Test("a code expires after ten minutes, and five wrong entries exhaust it even for the right digits")
    func codeExpiresAndIsExhausted() async throws {
        let clock = MutableClock(DossierTests.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            var visitor = BrowserSession(app: app)
            _ = try await visitor.submit(form: ["login": CitizenDemoData.phone], to: SiteURL.citizenForgotPassword.path)
            let first = try await Self.latestCode(to: CitizenDemoData.phone, on: app)
            clock.advance(by: 601)
            let expired = try await Self.reset(&visitor, login: CitizenDemoData.phone, code: first)
            #expect(expired.status == .unprocessableEntity)
            #expect(expired.body.string.contains("hết hạn"))

            #expect(try await visitor.submit(form: ["login": CitizenDemoData.phone], to: SiteURL.citizenForgotPassword.path).status == .ok)
            let second = try await Self.latestCode(to: CitizenDemoData.phone, on: app)
            if second != first {
                #expect(try await Self.reset(&visitor, login: CitizenDemoData.phone, code: first).status == .unprocessableEntity, "the old code no longer works")
            }
            for _ in 0..<5 { _ = try await Self.reset(&visitor, login: CitizenDemoData.phone, code: Self.wrong(second)) }
            let exhausted = try await Self.reset(&visitor, login: CitizenDemoData.phone, code: second)
            #expect(exhausted.status == .unprocessableEntity)
            #expect(exhausted.body.string.contains("Đã nhập sai quá 5 lần"))
            #expect(exhausted.body.string.contains("Gửi mã mới"))
            #expect(try await Self.signIn(CitizenDemoData.phone, CitizenDemoData.password, on: app) == .seeOther, "the password is unchanged")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "citizen.password_reset").count() == 0)
        }
    }

    @Test("codes are sent at most once a minute and five times a day, then again after a day")
    func resendLimits() async throws {
        let clock = MutableClock(DossierTests.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            var visitor = BrowserSession(app: app)
            #expect(try await visitor.submit(form: ["login": CitizenDemoData.phone], to: SiteURL.citizenForgotPassword.path).status == .ok)
            let tooSoon = try await visitor.submit(form: ["login": CitizenDemoData.phone], to: SiteURL.citizenForgotPassword.path)
            #expect(tooSoon.status == .tooManyRequests)
            #expect(tooSoon.body.string.contains("Vui lòng chờ"))
            for _ in 0..<4 {
                clock.advance(by: 61)
                #expect(try await visitor.submit(form: ["login": CitizenDemoData.phone], to: SiteURL.citizenForgotPassword.path).status == .ok)
            }
            clock.advance(by: 61)
            let sixth = try await visitor.submit(form: ["login": CitizenDemoData.phone], to: SiteURL.citizenForgotPassword.path)
            #expect(sixth.status == .tooManyRequests)
            #expect(sixth.body.string.contains("5 lần trong 24 giờ"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject == PasswordRecoveryController.messageSubject).count() == 5)
            clock.advance(by: PasswordRecovery.sendWindow)
            #expect(try await visitor.submit(form: ["login": CitizenDemoData.phone], to: SiteURL.citizenForgotPassword.path).status == .ok)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject == PasswordRecoveryController.messageSubject).count() == 6)
        }
    }

    /// A page's body with the CSRF token and the typed phone or email taken out, to compare two answers.
    static func comparable(_ response: TestingHTTPResponse, login: String) -> String {
        response.body.string
            .replacingOccurrences(of: "name=\"_csrf\" value=\"[^\"]*\"", with: "", options: .regularExpression)
            .replacingOccurrences(of: login, with: "LOGIN")
    }

    @Test("a phone without an account, or with an unconfirmed one, gets the same answers as the demo citizen's, and no message")
    func answersDoNotTellWhetherAnAccountExists() async throws {
        let clock = MutableClock(DossierTests.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            // setup: a registration never confirmed holds 0987 111 222
            var registrant = BrowserSession(app: app)
            #expect(try await registrant.submit(form: CitizenTests.registration(), to: SiteURL.citizenRegister.path).status == .seeOther)
            let unconfirmed = "0987111222", unknown = "0977000111"
            for login in [unconfirmed, unknown] {
                var known = BrowserSession(app: app), other = BrowserSession(app: app)
                let (a, b) = (try await known.submit(form: ["login": CitizenDemoData.phone], to: SiteURL.citizenForgotPassword.path),
                              try await other.submit(form: ["login": login], to: SiteURL.citizenForgotPassword.path))
                #expect(a.status == .ok && b.status == .ok)
                #expect(Self.comparable(a, login: CitizenDemoData.phone) == Self.comparable(b, login: login))
                let sent = try await Self.latestCode(to: CitizenDemoData.phone, on: app)
                let (wrongA, wrongB) = (try await Self.reset(&known, login: CitizenDemoData.phone, code: Self.wrong(sent)),
                                        try await Self.reset(&other, login: login, code: Self.wrong(sent)))
                #expect(wrongA.status == wrongB.status)
                #expect(Self.comparable(wrongA, login: CitizenDemoData.phone) == Self.comparable(wrongB, login: login))
                let (soonA, soonB) = (try await known.submit(form: ["login": CitizenDemoData.phone], to: SiteURL.citizenForgotPassword.path),
                                      try await other.submit(form: ["login": login], to: SiteURL.citizenForgotPassword.path))
                #expect(soonA.status == .tooManyRequests && soonB.status == .tooManyRequests)
                #expect(Self.comparable(soonA, login: CitizenDemoData.phone) == Self.comparable(soonB, login: login))
                clock.advance(by: 61)
            }
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == unknown).count() == 0)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == unconfirmed).filter(\.$subject == PasswordRecoveryController.messageSubject).count() == 0)
            // Every request is journalled, with or without an account.
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "citizen.password_recovery_requested").count() == 4)
        }
    }

    @Test("bad input is refused with a reason and changes nothing; a weak password does not use up the code")
    func badInput() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var visitor = BrowserSession(app: app)
            for login in ["", "abc", "12345", "a@b", "hoa nguyen@example.vn"] {
                let response = try await visitor.submit(form: ["login": login], to: SiteURL.citizenForgotPassword.path)
                #expect(response.status == .unprocessableEntity, "\(login)")
                #expect(response.body.string.contains(PasswordRecoveryController.badLogin))
            }
            #expect(try await CitizenPasswordRecovery.query(on: app.db).count() == 0)
            let noRequest = try await Self.reset(&visitor, login: CitizenDemoData.phone, code: "123456")
            #expect(noRequest.status == .unprocessableEntity && noRequest.body.string.contains("hết hạn"))

            _ = try await visitor.submit(form: ["login": CitizenDemoData.phone], to: SiteURL.citizenForgotPassword.path)
            let code = try await Self.latestCode(to: CitizenDemoData.phone, on: app)
            let short = try await Self.reset(&visitor, login: CitizenDemoData.phone, code: code, password: "ngan")
            #expect(short.status == .unprocessableEntity && short.body.string.contains("ít nhất"))
            let mismatch = try await Self.reset(&visitor, login: CitizenDemoData.phone, code: code, confirm: "mat-khau-khac-2026")
            #expect(mismatch.status == .unprocessableEntity && mismatch.body.string.contains("không khớp"))
            let withID = try await Self.reset(&visitor, login: CitizenDemoData.phone, code: code, password: "x" + CitizenDemoData.idNumber)
            #expect(withID.status == .unprocessableEntity && withID.body.string.contains("không được chứa"))
            let malformed = try await Self.reset(&visitor, login: CitizenDemoData.phone, code: "12ab")
            #expect(malformed.status == .unprocessableEntity && malformed.body.string.contains("6 chữ số"))
            #expect(try await CitizenPasswordRecovery.query(on: app.db).first()?.codeFailedAttempts == 1, "only the malformed code counted as a wrong entry")
            #expect(try await Self.reset(&visitor, login: CitizenDemoData.phone, code: code).status == .seeOther, "the code still works")
            // A form without a CSRF token is refused before anything happens.
            var forger = BrowserSession(app: app)
            #expect(try await forger.post(urlEncoded: "login=0912345678", to: SiteURL.citizenForgotPassword.path).status == .forbidden)
        }
    }
}

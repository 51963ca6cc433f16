import Fluent
import Foundation
import MotCuaCore
import NIOConcurrencyHelpers
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Sign-in, waits after failures, sessions and password change")
struct SignInTests {
    @Test("every demo account signs in and lands on the home page of its role")
    func everyDemoAccountLandsOnItsRoleHome() async throws {
        try await withTestApp { app in
            for account in DemoData.accounts {
                // setup
                var session = BrowserSession(app: app)
                _ = try await session.get(SiteURL.signIn.path)

                // MUT
                let response = try await session.submit(form: ["username": account.username, "password": DemoData.password], to: SiteURL.signIn.path)

                // validate
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == SiteURL.workspace.path)
                let home = try await session.get(SiteURL.workspace.path)
                #expect(home.status == .ok)
                #expect(home.body.string.contains("data-role=\"\(account.role.rawValue)\""), "home of \(account.username)")
                #expect(home.body.string.contains(account.role.vietnameseName))
            }
        }
    }

    @Test("a wrong password and an unknown username get the same message, which names neither")
    func wrongCredentialsShareOneMessage() async throws {
        try await withTestApp { app in
            var session = BrowserSession(app: app)
            let wrongPassword = try await session.submit(form: ["username": "tiepnhan", "password": "sai-mat-khau-1"], to: SiteURL.signIn.path)
            let unknownUser = try await session.submit(form: ["username": "khongtontai", "password": "sai-mat-khau-1"], to: SiteURL.signIn.path)

            #expect(wrongPassword.status == .unauthorized)
            #expect(unknownUser.status == .unauthorized)
            let message = SignIn.wrongCredentials.message
            #expect(wrongPassword.body.string.contains(message))
            #expect(unknownUser.body.string.contains(message))
            #expect(session.cookies[StaffAuthenticator.sessionCookieName] == nil)
        }
    }

    @Test("five failures make this address wait a minute, even with the right password, and the API sees the same wait")
    func fiveFailuresMakeTheAddressWait() async throws {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let clock = MutableClock(start)
        try await withTestApp(clock: clock.wallClock) { app in
            // setup
            var session = BrowserSession(app: app)
            for attempt in 1...5 {
                let response = try await session.submit(form: ["username": "tiepnhan", "password": "sai-mat-khau-\(attempt)"], to: SiteURL.signIn.path)
                #expect(response.status == (attempt < 5 ? .unauthorized : .tooManyRequests), "attempt \(attempt)")
            }

            // MUT: the right password is refused while this address waits.
            clock.advance(by: 59)
            let stillWaiting = try await session.submit(form: ["username": "tiepnhan", "password": DemoData.password], to: SiteURL.signIn.path)
            let api = try await app.testing().sendRequest(.POST, APIURL.token.path, headers: ["Content-Type": "application/json"], body: .init(string: #"{"username":"tiepnhan","password":"motcua-demo"}"#))

            // validate
            #expect(stillWaiting.status == .tooManyRequests)
            #expect(stillWaiting.body.string.contains("thử lại sau 1 phút"))
            #expect(stillWaiting.body.string.contains(SiteURL.signInUnlock.path))
            #expect(api.status == .tooManyRequests)
            #expect(APIClient.errorCode(api) == "sign_in_delayed")
            clock.advance(by: 2)
            let afterWait = try await session.submit(form: ["username": "tiepnhan", "password": DemoData.password], to: SiteURL.signIn.path)
            #expect(afterWait.status == .seeOther)
            let actions = try await AuditEntry.query(on: app.db).filter(\.$actorUsername == "tiepnhan").all().map(\.action)
            #expect(actions.filter { $0 == "auth.sign_in_failed" }.count == 4)
            #expect(actions.contains("auth.sign_in_delayed"))
            #expect(actions.contains("auth.sign_in"))
        }
    }

    @Test("signing out ends the session on the server, not only in the browser")
    func signOutEndsTheSession() async throws {
        try await withTestApp { app in
            var session = try await BrowserSession.signedIn("lanhdao", on: app)
            let cookie = try #require(session.cookies[StaffAuthenticator.sessionCookieName])

            let response = try await session.submit(form: [:], to: SiteURL.signOut.path)
            #expect(response.status == .seeOther)

            let replay = try await app.testing().sendRequest(.GET, SiteURL.workspace.path, headers: ["Cookie": "\(StaffAuthenticator.sessionCookieName)=\(cookie)"])
            #expect(replay.status == .seeOther)
            #expect(replay.headers.first(name: .location)?.hasPrefix(SiteURL.signIn.path) == true)
        }
    }

    @Test("a session unused for over two hours is no longer accepted")
    func idleSessionExpires() async throws {
        let clock = MutableClock(Date(timeIntervalSince1970: 1_780_000_000))
        try await withTestApp(clock: clock.wallClock) { app in
            var session = try await BrowserSession.signedIn("lanhdao", on: app)
            #expect(try await session.get(SiteURL.workspace.path).status == .ok)
            clock.advance(by: 2 * 3600 + 1)
            #expect(try await session.get(SiteURL.workspace.path).status == .seeOther)
        }
    }

    @Test("password change checks the current password and the policy, then replaces the password")
    func passwordChange() async throws {
        try await withTestApp { app in
            var session = try await BrowserSession.signedIn("chuyenvien", on: app)

            let wrongCurrent = try await session.submit(form: ["currentPassword": "khong-dung-1", "newPassword": "mat-khau-moi-2026", "confirmPassword": "mat-khau-moi-2026"], to: SiteURL.changePassword.path)
            #expect(wrongCurrent.status == .unprocessableEntity)
            #expect(wrongCurrent.body.string.contains("Mật khẩu hiện tại không đúng"))

            let tooShort = try await session.submit(form: ["currentPassword": DemoData.password, "newPassword": "ngan1", "confirmPassword": "ngan1"], to: SiteURL.changePassword.path)
            #expect(tooShort.status == .unprocessableEntity)
            #expect(tooShort.body.string.contains("ít nhất 10 ký tự"))

            let changed = try await session.submit(form: ["currentPassword": DemoData.password, "newPassword": "mat-khau-moi-2026", "confirmPassword": "mat-khau-moi-2026"], to: SiteURL.changePassword.path)
            #expect(changed.status == .seeOther)

            var other = BrowserSession(app: app)
            let oldPassword = try await other.submit(form: ["username": "chuyenvien", "password": DemoData.password], to: SiteURL.signIn.path)
            #expect(oldPassword.status == .unauthorized)
            _ = try await BrowserSession.signedIn("chuyenvien", password: "mat-khau-moi-2026", on: app)
        }
    }

    @Test("more than 60 sign-in attempts a minute from one client are refused with 429, whatever the accounts")
    func signInRateLimit() async throws {
        let clock = MutableClock(Date(timeIntervalSince1970: 1_780_000_000))
        try await withTestApp(clock: clock.wallClock) { app in
            for attempt in 1...60 {
                let response = try await app.testing().sendRequest(.POST, APIURL.token.path, headers: ["Content-Type": "application/json"], body: .init(string: #"{"username":"khong-co-\#(attempt)","password":"sai-mat-khau-1"}"#))
                #expect(response.status == .unauthorized)
            }
            let limited = try await app.testing().sendRequest(.POST, APIURL.token.path, headers: ["Content-Type": "application/json"], body: .init(string: #"{"username":"admin","password":"motcua-demo"}"#))
            #expect(limited.status == .tooManyRequests)
            #expect(APIClient.errorCode(limited) == "too_many_requests")
            clock.advance(by: 61)
            _ = try await APIClient.token("admin", on: app)
        }
    }

    @Test("a signed-in officer who opens the sign-in page goes to their home page")
    func signedInOfficerSkipsSignIn() async throws {
        try await withTestApp { app in
            var session = try await BrowserSession.signedIn("tiepnhan", on: app)
            let response = try await session.get(SiteURL.signIn.path)
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == SiteURL.workspace.path)
        }
    }

    @Test("sign-in follows only local paths afterwards")
    func signInDoesNotRedirectElsewhere() async throws {
        try await withTestApp { app in
            var session = BrowserSession(app: app)
            let response = try await session.submit(form: ["username": "admin", "password": DemoData.password, "next": "https://evil.example/"], to: SiteURL.signIn.path)
            #expect(response.headers.first(name: .location) == SiteURL.workspace.path)
            var second = BrowserSession(app: app)
            let local = try await second.submit(form: ["username": "admin", "password": DemoData.password, "next": SiteURL.officers.path], to: SiteURL.signIn.path)
            #expect(local.headers.first(name: .location) == SiteURL.officers.path)
        }
    }
}

/// A clock a test moves forward by hand.
final class MutableClock: Sendable {
    private let current: NIOLockedValueBox<Date>

    init(_ start: Date) {
        current = NIOLockedValueBox(start)
    }

    func advance(by seconds: TimeInterval) {
        current.withLockedValue { $0 = $0.addingTimeInterval(seconds) }
    }

    var wallClock: WallClock {
        WallClock(now: { [current] in current.withLockedValue { $0 } })
    }
}

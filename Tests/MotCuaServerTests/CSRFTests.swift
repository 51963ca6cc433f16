import Fluent
import Foundation
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("CSRF protection of forms")
struct CSRFTests {
    @Test("a form posted without a token, or with a forged one, is refused with 403 and changes nothing")
    func formsWithoutValidTokenAreRefused() async throws {
        try await withTestApp { app in
            var session = try await BrowserSession.signedIn("admin", on: app)
            let before = try await Department.query(on: app.db).count()
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            let communeID = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first()?.id)
            let fields = ["communeID": communeID.uuidString, "name": "Tổ công nghệ số", "kind": "other", "isActive": "on"]

            let missing = try await session.post(urlEncoded: BrowserSession.encode(fields), to: SiteURL.newDepartment.path)
            let forged = try await session.submit(form: fields, to: SiteURL.newDepartment.path, csrfToken: "gia-mao-0123456789abcdefghijklmnopqrstuvwxyz")

            for response in [missing, forged] {
                #expect(response.status == .forbidden)
                #expect(response.body.string.contains("Biểu mẫu đã hết hạn hoặc không hợp lệ"))
            }
            #expect(try await Department.query(on: app.db).count() == before)
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore)

            let genuine = try await session.submit(form: fields, to: SiteURL.newDepartment.path)
            #expect(genuine.status == .seeOther)
            #expect(try await Department.query(on: app.db).count() == before + 1)
        }
    }

    @Test("the sign-in form needs a token too")
    func signInNeedsToken() async throws {
        try await withTestApp { app in
            var session = BrowserSession(app: app)
            let response = try await session.post(urlEncoded: "username=admin&password=motcua-demo", to: SiteURL.signIn.path)
            #expect(response.status == .forbidden)
            #expect(session.cookies[StaffAuthenticator.sessionCookieName] == nil)
        }
    }

    @Test("a form body larger than its route accepts is refused, on a live server where the body streams in")
    func oversizedForm() async throws {
        try await withTestApp { app in
            // The in-memory tester hands over bodies already read, so this check needs the real server.
            let live = try app.testing(method: .running(hostname: "127.0.0.1", port: Int.random(in: 20_000...40_000)))
            let token = "t" + String(repeating: "0", count: 40)
            let padding = String(repeating: "a", count: 2 * 1024 * 1024)
            let response = try await live.sendRequest(
                .POST, SiteURL.signIn.path,
                headers: ["Cookie": "\(CSRFMiddleware.cookieName)=\(token)", "Content-Type": "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=\(token)&username=admin&password=motcua-demo&padding=\(padding)")
            )
            #expect(response.status == .payloadTooLarge)
            #expect(!response.headers[.setCookie].contains { $0.hasPrefix(StaffAuthenticator.sessionCookieName) })
        }
    }
}

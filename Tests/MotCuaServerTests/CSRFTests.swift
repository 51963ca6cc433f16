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
}

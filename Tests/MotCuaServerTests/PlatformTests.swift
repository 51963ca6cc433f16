import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Web frame, API errors, health and metrics")
struct PlatformTests {
    @Test("health answers 200 with the database status")
    func health() async throws {
        try await withTestApp(seeded: false) { app in
            let response = try await app.testing().sendRequest(.GET, SiteURL.health.path)
            #expect(response.status == .ok)
            let body = try JSONDecoder().decode([String: String].self, from: Data(buffer: response.body))
            #expect(body["status"] == "ok")
            #expect(body["database"] == "ok")
        }
    }

    @Test("an unknown page gets the Vietnamese 404 page without internals; an unknown API path gets a JSON 404")
    func notFound() async throws {
        try await withTestApp(seeded: false) { app in
            let page = try await app.testing().sendRequest(.GET, "/khong-co-trang-nay")
            #expect(page.status == .notFound)
            #expect(page.headers.contentType?.subType == "html")
            #expect(page.body.string.contains("Không tìm thấy trang"))
            #expect(page.body.string.contains("lang=\"vi\""))

            let api = try await app.testing().sendRequest(.GET, "/api/v1/khong-co")
            #expect(api.status == .notFound)
            #expect(APIClient.errorCode(api) == "not_found")
        }
    }

    @Test("a method that an existing path does not take is a 405 naming the methods it does take; an unknown path stays a 404")
    func methodNotAllowed() async throws {
        try await withTestApp(seeded: false) { app in
            // MUT
            let traceAPI = try await app.testing().sendRequest(.TRACE, APIURL.me.path)
            let deleteAPI = try await app.testing().sendRequest(.DELETE, APIURL.publicDossier(.value("H33.55.01-260302-0001")).path)
            let postAPI = try await app.testing().sendRequest(.POST, APIURL.me.path)
            let tracePage = try await app.testing().sendRequest(.TRACE, SiteURL.lookup.path)
            let traceUnknown = try await app.testing().sendRequest(.TRACE, "/api/v1/khong-co")

            // validate
            for response in [traceAPI, deleteAPI, postAPI] {
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers.first(name: .allow) == "GET, HEAD")
                #expect(APIClient.errorCode(response) == "method_not_allowed")
            }
            #expect(tracePage.status == .methodNotAllowed, "before the CSRF check, which would call it a forged form")
            #expect(tracePage.headers.first(name: .allow)?.contains("GET") == true)
            #expect(tracePage.body.string.contains("Phương thức không được hỗ trợ"))
            #expect(traceUnknown.status == .notFound)
        }
    }

    @Test("API errors: malformed JSON is 400, no or a bad token is 401, wrong credentials are 401, all as JSON")
    func apiErrors() async throws {
        try await withTestApp { app in
            let malformed = try await app.testing().sendRequest(.POST, APIURL.token.path, headers: ["Content-Type": "application/json"], body: .init(string: "{không phải json"))
            #expect(malformed.status == .badRequest)
            #expect(APIClient.errorCode(malformed) == "bad_request")

            let wrong = try await app.testing().sendRequest(.POST, APIURL.token.path, headers: ["Content-Type": "application/json"], body: .init(string: #"{"username":"admin","password":"sai-roi-123"}"#))
            #expect(wrong.status == .unauthorized)
            #expect(APIClient.errorCode(wrong) == "invalid_credentials")

            let anonymous = try await app.testing().sendRequest(.GET, APIURL.me.path)
            #expect(anonymous.status == .unauthorized)
            #expect(APIClient.errorCode(anonymous) == "unauthorized")

            let forged = try await APIClient.get(APIURL.me.path, token: "khong-hop-le", on: app)
            #expect(forged.status == .unauthorized)

            let token = try await APIClient.token("admin", on: app)
            let me = try await APIClient.get(APIURL.me.path, token: token, on: app)
            #expect(me.status == .ok)
            #expect(me.body.string.contains("\"username\":\"admin\""))

            let badFilter = try await APIClient.get(APIURL.departments.path + "?commune=abc", token: token, on: app)
            #expect(badFilter.status == .badRequest)
        }
    }

    @Test("the token endpoint returns a token and its expiry as ISO 8601")
    func tokenShape() async throws {
        try await withTestApp { app in
            let response = try await app.testing().sendRequest(.POST, APIURL.token.path, headers: ["Content-Type": "application/json"], body: .init(string: #"{"username":"tinh","password":"motcua-demo"}"#))
            #expect(response.status == .ok)
            let body = try JSONDecoder().decode([String: String].self, from: Data(buffer: response.body))
            #expect((body["token"]?.count ?? 0) >= 40)
            let expiry = try #require(body["expiresAt"])
            #expect(ISO8601DateFormatter().date(from: expiry) != nil)
        }
    }

    @Test("staff pages need sign-in, and admin pages need the administrator role")
    func pagesAreGuarded() async throws {
        try await withTestApp { app in
            let anonymous = try await app.testing().sendRequest(.GET, SiteURL.officers.path)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers.first(name: .location)?.hasPrefix(SiteURL.signIn.path) == true)

            var counter = try await BrowserSession.signedIn("tiepnhan", on: app)
            for path in [SiteURL.officers.path, SiteURL.departments.path, SiteURL.auditJournal.path, SiteURL.communes.path, SiteURL.newOfficer.path] {
                let response = try await counter.get(path)
                #expect(response.status == .forbidden, "GET \(path)")
                #expect(response.body.string.contains("Không có quyền truy cập"))
            }
            var province = try await BrowserSession.signedIn("tinh", on: app)
            #expect(try await province.get(SiteURL.communes.path).status == .ok)
            #expect(try await province.get(SiteURL.newCommune.path).status == .forbidden)
        }
    }

    @Test("every admin page renders for the administrator")
    func adminPagesRender() async throws {
        try await withTestApp { app in
            var admin = try await BrowserSession.signedIn("admin", on: app)
            let officer = try #require(try await Officer.query(on: app.db).filter(\.$username == "tiepnhan").first())
            let department = try #require(try await Department.query(on: app.db).filter(\.$id == officer.$department.id ?? UUID()).first())
            let paths = [
                SiteURL.workspace.path, SiteURL.officers.path, SiteURL.newOfficer.path, SiteURL.officer(.value(try officer.requireID())).path,
                SiteURL.departments.path, SiteURL.newDepartment.path, SiteURL.department(.value(try department.requireID())).path,
                SiteURL.communes.path, SiteURL.commune(.value(officer.$commune.id ?? UUID())).path, SiteURL.auditJournal.path,
                SiteURL.changePassword.path, SiteURL.home.path,
            ]
            for path in paths {
                let response = try await admin.get(path)
                #expect(response.status == .ok, "GET \(path) answered \(response.status)")
                #expect(response.body.string.contains("</html>"), "GET \(path) rendered a whole page")
            }
            let badFilter = try await admin.get(SiteURL.auditJournal.path + "?from=2026-02-30")
            #expect(badFilter.status == .ok)
            #expect(badFilter.body.string.contains("Từ ngày không hợp lệ"))
        }
    }

    @Test("the administrator creates an officer; bad input is reported in Vietnamese and nothing is stored")
    func createOfficer() async throws {
        try await withTestApp { app in
            var admin = try await BrowserSession.signedIn("admin", on: app)
            let phungCong = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first()?.id)
            let economy = try #require(try await Department.query(on: app.db).filter(\.$commune.$id == phungCong).filter(\.$kind == .economy).first()?.id)

            let bad = try await admin.submit(form: ["username": "A", "fullName": "", "communeID": phungCong.uuidString, "roles[]": "province_office", "password": "ngan"], to: SiteURL.newOfficer.path)
            #expect(bad.status == .unprocessableEntity)
            for message in ["Tên đăng nhập gồm 3–40 ký tự", "Họ và tên không được để trống", "chỉ dành cho cán bộ cấp tỉnh", "ít nhất 10 ký tự"] {
                #expect(bad.body.string.contains(message), "missing: \(message)")
            }
            let headNeedsDepartment = try await admin.submit(form: ["username": "truongphong2", "fullName": "Nguyễn Văn Bình", "communeID": phungCong.uuidString, "roles[]": "department_head", "password": "mat-khau-dai-123", "isActive": "on"], to: SiteURL.newOfficer.path)
            #expect(headNeedsDepartment.status == .unprocessableEntity)
            #expect(try await Officer.query(on: app.db).filter(\.$username == "truongphong2").count() == 0)

            let good = try await admin.submit(form: ["username": "kinhte1", "fullName": "Nguyễn Văn Bình", "communeID": phungCong.uuidString, "departmentID": economy.uuidString, "roles[]": "specialist", "password": "mat-khau-dai-123", "isActive": "on"], to: SiteURL.newOfficer.path)
            #expect(good.status == .seeOther)
            let officer = try #require(try await Officer.query(on: app.db).filter(\.$username == "kinhte1").first())
            #expect(officer.roles == [.specialist])
            #expect(officer.$department.id == economy)
            _ = try await BrowserSession.signedIn("kinhte1", password: "mat-khau-dai-123", on: app)

            let duplicate = try await admin.submit(form: ["username": "kinhte1", "fullName": "Trùng Tên", "communeID": phungCong.uuidString, "departmentID": economy.uuidString, "roles[]": "specialist", "password": "mat-khau-dai-123"], to: SiteURL.newOfficer.path)
            #expect(duplicate.status == .unprocessableEntity)
            #expect(duplicate.body.string.contains("đã có người dùng"))
        }
    }

    @Test("the administrator unlocks a locked account")
    func unlock() async throws {
        try await withTestApp { app in
            var visitor = BrowserSession(app: app)
            for attempt in 1...5 {
                _ = try await visitor.submit(form: ["username": "chuyenvien", "password": "sai-mat-khau-\(attempt)"], to: SiteURL.signIn.path)
            }
            let officer = try #require(try await Officer.query(on: app.db).filter(\.$username == "chuyenvien").first())
            #expect(app.signInThrottle.latestWait(realm: .staff, username: "chuyenvien", at: app.clock.now()) != nil)
            var admin = try await BrowserSession.signedIn("admin", on: app)
            let page = try await admin.get(SiteURL.officer(.value(try officer.requireID())).path)
            #expect(page.body.string.contains("đang bị tạm khoá"))
            let response = try await admin.submit(form: [:], to: SiteURL.unlockOfficer(.value(try officer.requireID())).path)
            #expect(response.status == .seeOther)
            _ = try await BrowserSession.signedIn("chuyenvien", on: app)
        }
    }

    @Test("every /api/v1 route is described in the OpenAPI document, and the document describes no route that does not exist")
    func openAPIMatchesRoutes() async throws {
        try await withTestApp(seeded: false) { app in
            let routes = Set(app.routes.all.compactMap { route -> String? in
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                guard path.hasPrefix("/api/v1/") else { return nil }
                return "\(route.method.rawValue.lowercased()) \(path)"
            })
            let response = try await app.testing().sendRequest(.GET, APIURL.openAPIDocument.path)
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
            #expect(routes == documented)
        }
    }

    @Test("metrics are served in the Prometheus format with request counts by route")
    func metrics() async throws {
        try await withTestApp(seeded: false, adjustSettings: { $0.metricsToken = "metrics-token-for-tests" }) { app in
            _ = try await app.testing().sendRequest(.GET, SiteURL.health.path)
            let response = try await app.testing().sendRequest(.GET, SiteURL.metrics.path, headers: ["Authorization": "Bearer metrics-token-for-tests"])
            #expect(response.status == .ok)
            #expect(response.body.string.contains("http_requests_total"))
            #expect(response.body.string.contains("http_request_duration_seconds"))
        }
    }

    @Test("security headers are on every page")
    func securityHeaders() async throws {
        try await withTestApp(seeded: false) { app in
            let response = try await app.testing().sendRequest(.GET, SiteURL.signIn.path)
            #expect(response.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
            let cookie = response.headers[.setCookie].first { $0.hasPrefix(CSRFMiddleware.cookieName) } ?? ""
            #expect(cookie.contains("HttpOnly"))
        }
    }

    @Test("the demo accounts are listed on the sign-in page in development only")
    func demoAccountsOnlyInDevelopment() async throws {
        try await withTestApp(environment: .development) { app in
            let page = try await app.testing().sendRequest(.GET, SiteURL.signIn.path)
            #expect(page.body.string.contains("motcua-demo"))
        }
        try await withTestApp(environment: .production) { app in
            let page = try await app.testing().sendRequest(.GET, SiteURL.signIn.path)
            #expect(!page.body.string.contains("motcua-demo"))
        }
    }
}

@Suite("Settings fail loudly")
struct SettingsTests {
    @Test("a malformed DATABASE_URL stops start-up with a message that names it")
    func malformedDatabaseURL() async throws {
        let app = try await Application.make(.testing)
        let settings = Settings(dataDirectory: FileManager.default.temporaryDirectory, databaseURL: "mysql:/khong-dung", secureCookies: false, trustProxy: false)
        await #expect {
            try await configure(app, options: ConfigureOptions(settings: settings, bcryptCost: 4))
        } throws: { error in
            (error as? Settings.Problem)?.description.contains("DATABASE_URL") == true
        }
        try await app.asyncShutdown()
    }

    @Test("an unwritable data folder stops start-up with a message that names MOTCUA_DATA")
    func unwritableDataFolder() throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-blocker-\(UUID().uuidString)")
        try Data("not a folder".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let settings = Settings(dataDirectory: blocker.appendingPathComponent("data"), databaseURL: nil, secureCookies: false, trustProxy: false)
        #expect {
            try settings.prepareDataDirectory()
        } throws: { error in
            (error as? Settings.Problem)?.description.contains("MOTCUA_DATA") == true
        }
    }

    @Test("flags accept 1/0 and refuse anything else")
    func flags() throws {
        let settings = try Settings.fromEnvironment(.production, variables: ["MOTCUA_SECURE_COOKIES": "0"])
        #expect(settings.secureCookies == false)
        #expect(try Settings.fromEnvironment(.production, variables: [:]).secureCookies == true)
        #expect(throws: Settings.Problem.self) { try Settings.fromEnvironment(.production, variables: ["MOTCUA_TRUST_PROXY": "có"]) }
    }
}

import Fluent
import Foundation
import MotCuaCore
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// Security headers, cookie flags, password hashing, session lifetimes and rate limits, each checked on the running app.
@Suite("Security basics: headers, cookies, passwords, sessions, rate limits")
struct SecurityBasicsTests {
    /// Checks the headers every response must carry, and that HSTS is absent unless expected.
    static func expectSecurityHeaders(_ response: TestingHTTPResponse, hsts: Bool, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
        #expect(csp == SecurityHeadersMiddleware.contentSecurityPolicy, "\(label): CSP \(csp)", sourceLocation: sourceLocation)
        let scriptSource = csp.split(separator: ";").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("script-src") } ?? ""
        #expect(!scriptSource.isEmpty && !scriptSource.contains("unsafe-inline") && !scriptSource.contains("unsafe-eval"), "\(label): script-src \(scriptSource)", sourceLocation: sourceLocation)
        #expect(csp.contains("frame-ancestors 'none'"), "\(label)", sourceLocation: sourceLocation)
        #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(label)", sourceLocation: sourceLocation)
        #expect(response.headers.first(name: "Referrer-Policy") == "same-origin", "\(label)", sourceLocation: sourceLocation)
        #expect(response.headers.first(name: "X-Frame-Options") == "DENY", "\(label)", sourceLocation: sourceLocation)
        #expect(response.headers.contains(name: "Strict-Transport-Security") == hsts, "\(label): HSTS", sourceLocation: sourceLocation)
    }

    @Test("a multipart body with a non-ASCII part header name answers 400 before anything parses it, and the server keeps serving")
    func multipartHeaderNameRefused() async throws {
        try await withTestApp { app in
            let boundary = "motcua-fuzz"
            for path in [SiteURL.signIn.path, "/xa/\(DemoCommune.phungCong)/su-co/bao-moi", "/open311/v2/requests.json"] {
                var body = ByteBuffer()
                body.writeString("--\(boundary)\r\nCòntent-Disposition: form-data; name=\"f\"\r\n\r\nabc\r\n--\(boundary)--\r\n")
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: body)
                #expect(response.status == .badRequest, "\(path)")
            }
            // A Vietnamese file name in a header value is an ordinary upload and reaches the CSRF check as before.
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"f\"; filename=\"Giấy tờ.pdf\"\r\n\r\nabc\r\n--\(boundary)--\r\n")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let response = try await app.testing().sendRequest(.POST, SiteURL.signIn.path, headers: headers, body: body)
            #expect(response.status == .forbidden)
            #expect(try await app.testing().sendRequest(.GET, SiteURL.health.path).status == .ok)
        }
    }

    @Test("every GET route answers with the security headers, to a visitor and to an officer, error pages included; no HSTS over plain HTTP")
    func headersOnEveryPage() async throws {
        try await withTestApp { app in
            app.floorStreamLifetime = 0.2
            var visitor = BrowserSession(app: app)
            var officer = try await BrowserSession.signedIn("lanhdao", on: app)
            for route in app.routes.all where route.method == .GET {
                let path = try await RouteAccessTests.concretePath(route, on: app, communeSlug: DemoCommune.phungCong)
                Self.expectSecurityHeaders(try await visitor.get(path), hsts: false, "visitor \(path)")
                Self.expectSecurityHeaders(try await officer.get(path), hsts: false, "officer \(path)")
            }
            Self.expectSecurityHeaders(try await visitor.get("/khong-co-trang-nay"), hsts: false, "404 page")
            Self.expectSecurityHeaders(try await visitor.get("/api/v1/khong-co"), hsts: false, "API 404")
            Self.expectSecurityHeaders(try await visitor.get("/css/app.css"), hsts: false, "static file")
            // The page icon is served by the app itself (browsers ask for one on every page; a 404 shows as a console error).
            let icon = try await visitor.get("/favicon.svg")
            #expect(icon.status == .ok && icon.body.string.hasPrefix("<svg"))
            Self.expectSecurityHeaders(try await visitor.submit(form: [:], to: "/quan-tri/can-bo/them"), hsts: false, "401 page")
        }
    }

    @Test("HSTS only over TLS: in production settings, or from a trusted proxy that says https")
    func hstsOnlyBehindTLS() async throws {
        // A trusted proxy: its X-Forwarded-Proto counts.
        try await withTestApp(seeded: false, adjustSettings: { $0.trustProxy = true }) { app in
            let https = try await app.testing().sendRequest(.GET, SiteURL.signIn.path, headers: ["X-Forwarded-Proto": "https"])
            Self.expectSecurityHeaders(https, hsts: true, "trusted proxy, https")
            #expect(https.headers.first(name: "Strict-Transport-Security") == "max-age=31536000")
            let http = try await app.testing().sendRequest(.GET, SiteURL.signIn.path, headers: ["X-Forwarded-Proto": "http"])
            Self.expectSecurityHeaders(http, hsts: false, "trusted proxy, http")
        }
        // No trusted proxy: anybody could send the header, so it does not count.
        try await withTestApp(seeded: false) { app in
            let forged = try await app.testing().sendRequest(.GET, SiteURL.signIn.path, headers: ["X-Forwarded-Proto": "https"])
            Self.expectSecurityHeaders(forged, hsts: false, "untrusted X-Forwarded-Proto")
        }
        // Production (secure cookies): always.
        try await withTestApp(seeded: false, adjustSettings: { $0.secureCookies = true }) { app in
            Self.expectSecurityHeaders(try await app.testing().sendRequest(.GET, "/khong-co"), hsts: true, "secure deployment, 404")
        }
        #expect(try Settings.fromEnvironment(.production, variables: [:]).secureCookies)
        #expect(try !Settings.fromEnvironment(.development, variables: [:]).secureCookies)
    }

    /// The `Set-Cookie` header of one cookie.
    static func setCookie(_ name: String, in response: TestingHTTPResponse) -> String? {
        response.headers[.setCookie].first { $0.hasPrefix(name + "=") }
    }

    @Test("staff, citizen and CSRF cookies are HttpOnly and SameSite=Lax, and Secure when the deployment is", arguments: [false, true])
    func cookieFlags(secure: Bool) async throws {
        try await withTestApp(adjustSettings: { $0.secureCookies = secure }) { app in
            var officer = BrowserSession(app: app)
            let first = try await officer.get(SiteURL.signIn.path)
            let signIn = try await officer.submit(form: ["username": "lanhdao", "password": DemoData.password], to: SiteURL.signIn.path)
            var citizen = BrowserSession(app: app)
            let citizenSignIn = try await citizen.submit(form: ["login": CitizenDemoData.phone, "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path)
            let cookies = [
                ("CSRF", Self.setCookie(CSRFMiddleware.cookieName, in: first)),
                ("staff session", Self.setCookie(StaffAuthenticator.sessionCookieName, in: signIn)),
                ("citizen session", Self.setCookie(CitizenAuth.cookieName, in: citizenSignIn)),
            ]
            for (label, header) in cookies {
                let header = try #require(header, "\(label) cookie not set")
                let flags = header.lowercased()
                #expect(flags.contains("httponly"), "\(label): \(header)")
                #expect(flags.contains("samesite=lax"), "\(label): \(header)")
                #expect(flags.contains("; secure") == secure, "\(label): \(header)")
                #expect(flags.contains("path=/"), "\(label): \(header)")
            }
        }
    }

    @Test("passwords: bcrypt at cost 12 in a deployment, the configured cost in stored hashes, and the policy enforced on change")
    func passwordHashing() async throws {
        #expect(ConfigureOptions().bcryptCost == 12)
        try await withTestApp { app in
            let officer = try #require(try await Officer.query(on: app.db).filter(\.$username == "lanhdao").first())
            // Tests configure cost 4; the stored hash names the cost it was made with, so the option reaches the hashes.
            #expect(officer.passwordHash.hasPrefix("$2b$04$"))
            #expect(try await app.password.async.hash("mot-mat-khau-1").hasPrefix("$2b$04$"))
            var session = try await BrowserSession.signedIn("lanhdao", on: app)
            for weak in ["ngan-1", "chicochu", "lanhdao-123456", String(repeating: "đ1", count: 40)] {
                let response = try await session.submit(form: ["currentPassword": DemoData.password, "newPassword": weak, "confirmPassword": weak], to: SiteURL.changePassword.path)
                #expect(response.status != .seeOther, "weak password \(weak) was accepted")
            }
            let unchanged = try #require(try await Officer.query(on: app.db).filter(\.$username == "lanhdao").first())
            #expect(unchanged.passwordHash == officer.passwordHash)
        }
        let production = try Bcrypt.hash("mot-mat-khau-1", cost: ConfigureOptions().bcryptCost)
        #expect(production.hasPrefix("$2b$12$"))
    }

    @Test("an officer's session ends 12 hours after sign-in however busy it is; a citizen's after 7 days, or 24 hours unused")
    func absoluteSessionExpiry() async throws {
        let clock = MutableClock(Date(timeIntervalSince1970: 1_780_000_000))
        try await withTestApp(clock: clock.wallClock) { app in
            var officer = try await BrowserSession.signedIn("lanhdao", on: app)
            var citizen = BrowserSession(app: app)
            _ = try await citizen.submit(form: ["login": CitizenDemoData.phone, "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path)
            for _ in 0..<11 {
                clock.advance(by: 3600)
                #expect(try await officer.get(SiteURL.workspace.path).status == .ok)
            }
            clock.advance(by: 3600 + 1)
            let expired = try await officer.get(SiteURL.workspace.path)
            #expect(expired.status == .seeOther)
            #expect(expired.headers.first(name: .location)?.hasPrefix(SiteURL.signIn.path) == true)

            // The citizen used the account an hour ago at sign-in plus 12 h: still within 24 h idle.
            #expect(try await citizen.get(SiteURL.citizenAccount.path).status == .ok)
            clock.advance(by: 24 * 3600 + 1)
            #expect(try await citizen.get(SiteURL.citizenAccount.path).status == .seeOther)
        }
        #expect(AccessToken.browserSessionLifetime == 12 * 3600 && AccessToken.browserSessionIdleLimit == 2 * 3600)
        #expect(CitizenSession.lifetime == 7 * 24 * 3600 && CitizenSession.idleLimit == 24 * 3600)

        let busyClock = MutableClock(Date(timeIntervalSince1970: 1_780_000_000))
        try await withTestApp(clock: busyClock.wallClock) { app in
            var citizen = BrowserSession(app: app)
            _ = try await citizen.submit(form: ["login": CitizenDemoData.phone, "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path)
            for _ in 0..<13 {
                busyClock.advance(by: 12 * 3600)
                #expect(try await citizen.get(SiteURL.citizenAccount.path).status == .ok)
            }
            busyClock.advance(by: 12 * 3600)
            #expect(try await citizen.get(SiteURL.citizenAccount.path).status == .seeOther, "a citizen's session outlived 7 days")
        }
    }

    @Test("Open311 POSTs and web fault reports are limited to 20 a minute per client, then 429; nothing is stored past the limit")
    func faultReportRateLimit() async throws {
        // The application's clock stands still, so that a slow machine cannot spread the 21 requests over two minutes.
        let clock = MutableClock(DossierTests.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            let fields = ["jurisdiction_id": "phungcong.hungyen.gov.vn", "api_key": PublicServicesDemo.open311Key, "service_code": "den-duong-hong",
                          "lat": "20.9512", "long": "105.9043", "description": "Đèn không sáng."]
            var statuses: [HTTPResponseStatus] = []
            for _ in 0..<21 {
                let response = try await app.testing().sendRequest(.POST, "/open311/v2/requests.json", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: BrowserSession.encode(fields)))
                statuses.append(response.status)
            }
            #expect(statuses.prefix(20).allSatisfy { $0 == .ok || $0 == .created }, "\(statuses)")
            #expect(statuses.last == .tooManyRequests)
            // Client software waits as long as `Retry-After` says: the clock stands still, so the whole window is left.
            clock.advance(by: 15)
            let refused = try await app.testing().sendRequest(.POST, "/open311/v2/requests.json", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: BrowserSession.encode(fields)))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: .retryAfter) == "45")
            let stored = try await ServiceRequest.query(on: app.db).count()
            var visitor = BrowserSession(app: app)
            let page = try await visitor.submitMultipart(fields: [("description", "Đèn không sáng"), ("address", "Thôn Đông Cầu")], to: "/xa/phung-cong/su-co/bao-moi?loai=den-duong-hong")
            #expect(page.status == .tooManyRequests)
            #expect(page.headers.first(name: .retryAfter) == "45", "the web form's 429 says when to try again too")
            #expect(try await ServiceRequest.query(on: app.db).count() == stored)
        }
    }
}

import Fluent
import Foundation
import MotCuaCore
import NIOHTTP1
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// The attacks of issue #27, each sent as an attacker on the network would, with the safe answer asserted.
@Suite("Network attacks: header injection, redirects, API CSRF, lockout, metrics, other communes' officers")
struct NetworkAttackTests {
    static let injectedCookie = "/x\r\nSet-Cookie: motcua_session=attacker; Path=/"

    /// No header line of the response carries a value the attacker wrote.
    static func expectNoInjectedHeader(_ response: TestingHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        for header in response.headers {
            #expect(!header.value.contains("\r") && !header.value.contains("\n"), "header \(header.name)", sourceLocation: sourceLocation)
            #expect(!header.value.contains("attacker"), "header \(header.name): \(header.value)", sourceLocation: sourceLocation)
        }
    }

    // MARK: return addresses (High, Medium)

    @Test("staff sign-in with a CR LF in next goes home, and no header line of the attacker's appears")
    func staffSignInRefusesHeaderInjection() async throws {
        try await withTestApp { app in
            var session = BrowserSession(app: app)
            let response = try await session.submit(form: ["username": "tiepnhan", "password": DemoData.password, "next": Self.injectedCookie], to: SiteURL.signIn.path)
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == SiteURL.workspace.path)
            Self.expectNoInjectedHeader(response)
        }
    }

    @Test("citizen sign-in with a CR LF in next goes to the citizen's page, and no header line of the attacker's appears")
    func citizenSignInRefusesHeaderInjection() async throws {
        try await withTestApp { app in
            var session = BrowserSession(app: app)
            let response = try await session.submit(form: ["login": CitizenDemoData.phone, "password": CitizenDemoData.password, "next": "/cong-dan" + Self.injectedCookie], to: SiteURL.citizenSignIn.path)
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == SiteURL.citizenAccount.path)
            Self.expectNoInjectedHeader(response)
        }
    }

    @Test("the sign-in pages do not copy a line break from ?next= into their hidden field", arguments: [SiteURL.signIn.path, SiteURL.citizenSignIn.path])
    func signInPageDropsUnsafeNext(path: String) async throws {
        try await withTestApp { app in
            let response = try await app.testing().sendRequest(.GET, path + "?next=/cong-dan/x%0D%0ASet-Cookie:%20motcua_session=attacker;%20Path=/")
            #expect(response.status == .ok)
            #expect(response.body.string.contains(#"name="next" value="""#))
            #expect(!response.body.string.contains("attacker"))
            Self.expectNoInjectedHeader(response)
        }
    }

    @Test("a return address that a browser would read as another site is refused", arguments: [
        "/\t/evil.example", "/\r\n/evil.example", "//evil.example", "/\\evil.example", "\\/evil.example", "https://evil.example/",
        " /lam-viec", "/lam-viec x", "/x\u{0B}", "/x\u{00A0}", "/lam-viec\u{2028}", "javascript:alert(1)", "",
    ])
    func returnAddressRefusesOtherSites(next: String) async throws {
        #expect(ReturnAddress.sanitised(next) == nil)
        try await withTestApp { app in
            var session = BrowserSession(app: app)
            let response = try await session.submit(form: ["username": "admin", "password": DemoData.password, "next": next], to: SiteURL.signIn.path)
            #expect(response.headers.first(name: .location) == SiteURL.workspace.path)
        }
    }

    @Test("next=/%09/evil.example as sent in the report, raw in the body, goes home")
    func tabRedirectAsReported() async throws {
        try await withTestApp { app in
            var session = BrowserSession(app: app)
            _ = try await session.get(SiteURL.signIn.path)
            let token = try #require(session.csrfToken)
            let response = try await session.post(urlEncoded: "_csrf=\(token)&username=admin&password=\(DemoData.password)&next=/%09/evil.example", to: SiteURL.signIn.path)
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == SiteURL.workspace.path)
        }
    }

    @Test("a same-site path with its query is followed as it is")
    func localPathWithQueryIsKept() async throws {
        #expect(ReturnAddress.sanitised("/bao-cao/x.csv?from=2026-01-01&to=2026-01-31") == "/bao-cao/x.csv?from=2026-01-01&to=2026-01-31")
        #expect(ReturnAddress.sanitised("/cong-dan/ho-so", within: "/cong-dan") == "/cong-dan/ho-so")
        #expect(ReturnAddress.sanitised("/cong-danh-gia", within: "/cong-dan") == nil)
        #expect(ReturnAddress.sanitised("/lam-viec", within: "/cong-dan") == nil)
    }

    @Test("a sign-in link encodes next whole, so a return address keeps every parameter of its query (issue #24)")
    func signInLinkKeepsTheWholeQuery() async throws {
        try await withTestApp { app in
            // setup
            let target = SiteURL.workspace.path + "?from=2026-01-01&to=2026-01-31"
            var session = BrowserSession(app: app)

            // MUT
            let refused = try await session.get(target)
            let location = try #require(refused.headers.first(name: .location))
            let page = try await session.get(location)
            let signedIn = try await session.submit(form: ["username": "admin", "password": DemoData.password, "next": target], to: SiteURL.signIn.path)

            // validate
            #expect(location == SiteURL.signIn.path + "?next=/lam-viec%3Ffrom%3D2026-01-01%26to%3D2026-01-31")
            #expect(page.body.string.contains("to=2026-01-31"))
            #expect(signedIn.headers.first(name: .location) == target)
            #expect(ReturnAddress.signInLink(SiteURL.citizenSignIn.path, next: "/cong-dan/x?a=1&b=2") == "/cong-dan/dang-nhap?next=/cong-dan/x%3Fa%3D1%26b%3D2")
        }
    }

    @Test("a file name with a quote, CR and LF cannot break out of Content-Disposition; Vietnamese names keep their letters")
    func contentDispositionIsEncoded() async throws {
        let hostile = HTTPHeaders.contentDisposition(.attachment, fileName: "x\"\r\nSet-Cookie: a=b.csv")
        #expect(!hostile.contains("\r") && !hostile.contains("\n"))
        #expect(hostile == #"attachment; filename="x--set-cookie--a-b.csv"; filename*=UTF-8''x%22%0D%0ASet-Cookie%3A%20a%3Db.csv"#)
        let vietnamese = HTTPHeaders.contentDisposition(.inline, fileName: "Báo cáo Đồng.csv")
        #expect(vietnamese == #"inline; filename="bao-cao-dong.csv"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%C4%90%E1%BB%93ng.csv"#)
        try await withTestApp { app in
            var admin = try await BrowserSession.signedIn("admin", on: app)
            let export = try await admin.get(SiteURL.catalogExport.path)
            #expect(export.headers.first(name: .contentDisposition) == #"attachment; filename="danh-muc-thu-tuc.csv"; filename*=UTF-8''danh-muc-thu-tuc.csv"#)
        }
    }

    // MARK: the API and the session cookie (Medium)

    @Test("a cross-site form post with only the session cookie creates nothing through the API", arguments: ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json", "text/plain"])
    func apiRefusesSessionCookieForChanges(contentType: String) async throws {
        try await withTestApp { app in
            // setup
            let session = try await BrowserSession.signedIn("tiepnhan", on: app)
            let cookie = try #require(session.cookies[StaffAuthenticator.sessionCookieName])
            let before = try await Dossier.query(on: app.db).count()
            let body = contentType.hasPrefix("multipart")
                ? "--x\r\nContent-Disposition: form-data; name=\"procedureCode\"\r\n\r\n1.001193\r\n--x--\r\n"
                : contentType == "application/json" ? #"{"procedureCode":"1.001193","applicant":{"fullName":"Kẻ Tấn Công"}}"# : "procedureCode=1.001193&applicant[fullName]=Ke+Tan+Cong"

            // MUT
            let response = try await app.testing().sendRequest(.POST, APIURL.dossiers.path, headers: [
                "Cookie": "\(StaffAuthenticator.sessionCookieName)=\(cookie)", "Content-Type": contentType, "Origin": "https://evil.example",
            ], body: ByteBuffer(string: body))

            // validate
            #expect(response.status == .unauthorized)
            #expect(APIClient.errorCode(response) == "unauthorized")
            #expect(try await Dossier.query(on: app.db).count() == before)
        }
    }

    @Test("the session cookie still reads the API, and a bearer token still changes state")
    func apiReadsWithCookieAndWritesWithBearer() async throws {
        try await withTestApp { app in
            let session = try await BrowserSession.signedIn("tiepnhan", on: app)
            let cookie = try #require(session.cookies[StaffAuthenticator.sessionCookieName])
            let me = try await app.testing().sendRequest(.GET, APIURL.me.path, headers: ["Cookie": "\(StaffAuthenticator.sessionCookieName)=\(cookie)"])
            #expect(me.status == .ok)
            let token = try await APIClient.token("tiepnhan", on: app)
            let wrongBody = try await app.testing().sendRequest(.POST, APIURL.dossiers.path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: ByteBuffer(string: "{}"))
            #expect(wrongBody.status != .unauthorized)
        }
    }

    // MARK: sign-in waits instead of account lockout (Low, Low)

    /// One sign-in attempt from a given client address, as a browser there would send it (page first, then the form).
    static func signIn(_ username: String, _ password: String, from address: String, on app: Application) async throws -> TestingHTTPResponse {
        let page = try await app.testing().sendRequest(.GET, SiteURL.signIn.path, headers: ["X-Forwarded-For": address])
        let csrf = try #require(page.headers[.setCookie].first { $0.hasPrefix(CSRFMiddleware.cookieName + "=") }?.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last.map(String.init))
        var headers: HTTPHeaders = ["X-Forwarded-For": address, "Cookie": "\(CSRFMiddleware.cookieName)=\(csrf)"]
        headers.contentType = .urlEncodedForm
        return try await app.testing().sendRequest(.POST, SiteURL.signIn.path, headers: headers, body: ByteBuffer(string: BrowserSession.encode(["_csrf": csrf, "username": username, "password": password])))
    }

    @Test("wrong passwords from one address make that address wait; the officer signs in from another address at once")
    func waitsApplyToTheAttackingAddress() async throws {
        let clock = MutableClock(Date(timeIntervalSince1970: 1_780_000_000))
        try await withTestApp(clock: clock.wallClock, adjustSettings: { $0.trustProxy = true }) { app in
            // setup
            for attempt in 1...6 {
                let response = try await Self.signIn("tiepnhan", "sai-mat-khau-\(attempt)", from: "203.0.113.9", on: app)
                #expect(response.status == (attempt < 5 ? .unauthorized : .tooManyRequests), "attempt \(attempt)")
            }

            // MUT
            let attacker = try await Self.signIn("tiepnhan", DemoData.password, from: "203.0.113.9", on: app)
            let officer = try await Self.signIn("tiepnhan", DemoData.password, from: "198.51.100.7", on: app)

            // validate
            #expect(attacker.status == .tooManyRequests)
            #expect(officer.status == .seeOther)
            #expect(officer.headers.first(name: .location) == SiteURL.workspace.path)
            let journal = try await AuditEntry.query(on: app.db).filter(\.$action == "auth.sign_in_delayed").all()
            #expect(journal.count == 1 && journal.first?.clientAddress == "203.0.113.9")
        }
    }

    @Test("the wait doubles with each further failure")
    func waitsGrow() async throws {
        let clock = MutableClock(Date(timeIntervalSince1970: 1_780_000_000))
        try await withTestApp(clock: clock.wallClock, adjustSettings: { $0.trustProxy = true }) { app in
            for attempt in 1...5 { _ = try await Self.signIn("admin", "sai-mat-khau-\(attempt)", from: "203.0.113.9", on: app) }
            clock.advance(by: 61)
            let sixth = try await Self.signIn("admin", "sai-mat-khau-6", from: "203.0.113.9", on: app)
            #expect(sixth.status == .tooManyRequests)
            #expect(sixth.body.string.contains("thử lại sau 2 phút"))
            clock.advance(by: 119)
            #expect(try await Self.signIn("admin", DemoData.password, from: "203.0.113.9", on: app).status == .tooManyRequests)
            clock.advance(by: 2)
            #expect(try await Self.signIn("admin", DemoData.password, from: "203.0.113.9", on: app).status == .seeOther)
        }
    }

    @Test("a waiting real account and an unknown username get the same status and the same page")
    func waitingAnswersDoNotTellWhichNamesExist() async throws {
        let clock = MutableClock(Date(timeIntervalSince1970: 1_780_000_000))
        try await withTestApp(clock: clock.wallClock) { app in
            // setup
            var session = BrowserSession(app: app)
            var real: [TestingHTTPResponse] = []
            var unknown: [TestingHTTPResponse] = []
            for attempt in 1...6 {
                real.append(try await session.submit(form: ["username": "tiepnhan", "password": "sai-mat-khau-\(attempt)"], to: SiteURL.signIn.path))
                unknown.append(try await session.submit(form: ["username": "khongcoai", "password": "sai-mat-khau-\(attempt)"], to: SiteURL.signIn.path))
            }

            // MUT: the right password of the real account, while it waits
            let realWithRightPassword = try await session.submit(form: ["username": "tiepnhan", "password": DemoData.password], to: SiteURL.signIn.path)
            let api = try await app.testing().sendRequest(.POST, APIURL.token.path, headers: ["Content-Type": "application/json"], body: .init(string: #"{"username":"tiepnhan","password":"motcua-demo"}"#))
            let apiUnknown = try await app.testing().sendRequest(.POST, APIURL.token.path, headers: ["Content-Type": "application/json"], body: .init(string: #"{"username":"khongcoai","password":"motcua-demo"}"#))

            // validate
            for (attempt, (left, right)) in zip(real, unknown).enumerated() {
                #expect(left.status == right.status, "attempt \(attempt + 1)")
                #expect(left.body.string.replacingOccurrences(of: "tiepnhan", with: "?") == right.body.string.replacingOccurrences(of: "khongcoai", with: "?"), "attempt \(attempt + 1)")
            }
            #expect(real.last?.status == .tooManyRequests)
            #expect(realWithRightPassword.status == .tooManyRequests)
            #expect(realWithRightPassword.body.string.replacingOccurrences(of: "tiepnhan", with: "?") == unknown.last?.body.string.replacingOccurrences(of: "khongcoai", with: "?"))
            #expect(api.status == .tooManyRequests && apiUnknown.status == .tooManyRequests)
            // Compared decoded: the order of JSON keys is not fixed from one run to the next.
            #expect(try JSONSerialization.jsonObject(with: Data(buffer: api.body)) as? NSDictionary == JSONSerialization.jsonObject(with: Data(buffer: apiUnknown.body)) as? NSDictionary)
            #expect(APIClient.errorCode(api) == "sign_in_delayed")
        }
    }

    @Test("a citizen's waiting account and an unknown phone get the same answer")
    func citizenWaitingAnswersAlike() async throws {
        try await withTestApp { app in
            var session = BrowserSession(app: app)
            var real: TestingHTTPResponse?
            var unknown: TestingHTTPResponse?
            for attempt in 1...6 {
                real = try await session.submit(form: ["login": CitizenDemoData.phone, "password": "sai-mat-khau-\(attempt)"], to: SiteURL.citizenSignIn.path)
                unknown = try await session.submit(form: ["login": "0999000111", "password": "sai-mat-khau-\(attempt)"], to: SiteURL.citizenSignIn.path)
            }
            let rightPassword = try await session.submit(form: ["login": CitizenDemoData.phone, "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path)
            #expect(real?.status == .tooManyRequests && unknown?.status == .tooManyRequests && rightPassword.status == .tooManyRequests)
            #expect(real?.body.string.replacingOccurrences(of: CitizenDemoData.phone, with: "?") == unknown?.body.string.replacingOccurrences(of: "0999000111", with: "?"))
        }
    }

    @Test("an officer ends the wait of their own address with a one-time code sent to their phone; the code works once")
    func unlockWithOneTimeCode() async throws {
        let clock = MutableClock(Date(timeIntervalSince1970: 1_780_000_000))
        try await withTestApp(clock: clock.wallClock) { app in
            // setup
            let officer = try #require(try await Officer.query(on: app.db).filter(\.$username == "tiepnhan").first())
            officer.phone = "0987000111"
            try await officer.save(on: app.db)
            var session = BrowserSession(app: app)
            for attempt in 1...5 {
                _ = try await session.submit(form: ["username": "tiepnhan", "password": "sai-mat-khau-\(attempt)"], to: SiteURL.signIn.path)
            }
            #expect(try await session.submit(form: ["username": "tiepnhan", "password": DemoData.password], to: SiteURL.signIn.path).status == .tooManyRequests)

            // MUT
            let sent = try await session.submit(form: ["username": "tiepnhan"], to: SiteURL.signInUnlockCode.path)
            let sentUnknown = try await session.submit(form: ["username": "khongcoai"], to: SiteURL.signInUnlockCode.path)
            let message = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "0987000111").first())
            let code = try #require(message.body.firstMatch(of: /\d{6}/).map { String($0.output) })
            let wrong = try await session.submit(form: ["username": "tiepnhan", "code": code == "000000" ? "111111" : "000000"], to: SiteURL.signInUnlock.path)
            let unlocked = try await session.submit(form: ["username": "tiepnhan", "code": code], to: SiteURL.signInUnlock.path)
            let again = try await session.submit(form: ["username": "tiepnhan", "code": code], to: SiteURL.signInUnlock.path)
            let signedIn = try await session.submit(form: ["username": "tiepnhan", "password": DemoData.password], to: SiteURL.signIn.path)

            // validate
            #expect(sent.status == .ok && sentUnknown.status == .ok)
            #expect(sent.body.string.replacingOccurrences(of: "tiepnhan", with: "?") == sentUnknown.body.string.replacingOccurrences(of: "khongcoai", with: "?"))
            #expect(message.subject == SignInUnlockController.messageSubject && message.channel == "sms")
            #expect(wrong.status == .unprocessableEntity)
            #expect(unlocked.status == .seeOther)
            #expect(unlocked.headers.first(name: .location) == Notice.signInUnlocked.appended(to: SiteURL.signIn.path))
            #expect(again.status == .unprocessableEntity)
            #expect(signedIn.status == .seeOther)
            let redacted = try #require(try await OutboxMessage.find(message.requireID(), on: app.db))
            #expect(!redacted.body.contains(code))
            let actions = try await AuditEntry.query(on: app.db).filter(\.$actorUsername == "tiepnhan").all().map(\.action)
            #expect(actions.contains("auth.unlock_code_sent") && actions.contains("auth.unlock_by_code"))
        }
    }

    // MARK: metrics (Info)

    @Test("/metrics is refused to a client that is not loopback, and to a forwarded request, without the token")
    func metricsRefusedToOthers() async throws {
        try await withTestApp(seeded: false, adjustSettings: { $0.trustProxy = true }) { app in
            let noAddress = try await app.testing().sendRequest(.GET, SiteURL.metrics.path)
            let forwarded = try await app.testing().sendRequest(.GET, SiteURL.metrics.path, headers: ["X-Forwarded-For": "127.0.0.1"])
            let guessedToken = try await app.testing().sendRequest(.GET, SiteURL.metrics.path, headers: ["Authorization": "Bearer anything-at-all-here"])
            #expect(noAddress.status == .forbidden)
            #expect(forwarded.status == .forbidden)
            #expect(guessedToken.status == .forbidden)
        }
    }

    @Test("/metrics answers the holder of MOTCUA_METRICS_TOKEN, and nobody with a wrong token")
    func metricsWithToken() async throws {
        try await withTestApp(seeded: false, adjustSettings: { $0.metricsToken = "prometheus-scraper-token" }) { app in
            _ = try await app.testing().sendRequest(.GET, SiteURL.health.path)
            let right = try await app.testing().sendRequest(.GET, SiteURL.metrics.path, headers: ["Authorization": "Bearer prometheus-scraper-token"])
            let wrong = try await app.testing().sendRequest(.GET, SiteURL.metrics.path, headers: ["Authorization": "Bearer prometheus-scraper-tokeN"])
            #expect(right.status == .ok)
            #expect(right.body.string.contains("http_requests_total"))
            #expect(wrong.status == .forbidden)
        }
    }

    @Test("/metrics answers a scraper on this machine (loopback)")
    func metricsOnLoopback() async throws {
        try await withTestApp(seeded: false) { app in
            // A real server on loopback, read with the application's own client: every test in this process shares one
            // metrics registry, whose text outgrows the testing client's 1 MB cap once the whole suite has run.
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let response = try await app.client.get(URI(string: "http://127.0.0.1:\(port)\(SiteURL.metrics.path)"))
            await app.server.shutdown()
            #expect(response.status == .ok)
            #expect(response.body.map { String(buffer: $0) }?.contains("motcua_portal_sync_waiting_steps") == true)
        }
    }

    @Test("MOTCUA_METRICS_TOKEN is read from the environment, and a short one stops start-up")
    func metricsTokenSetting() throws {
        let settings = try Settings.fromEnvironment(.testing, variables: ["MOTCUA_METRICS_TOKEN": "prometheus-scraper-token"])
        #expect(settings.metricsToken == "prometheus-scraper-token")
        #expect(throws: Settings.Problem.self) { try Settings.fromEnvironment(.testing, variables: ["MOTCUA_METRICS_TOKEN": "short"]) }
    }

    // MARK: officers of another commune named in a form

    @Test("a task given to another commune's officer is refused without that officer's name")
    func workPlanDoesNotNameOtherCommunesOfficer() async throws {
        try await withTestApp(clock: .fixed(CommuneWorkPageTests.morning)) { app in
            // setup
            let pages = CommuneWorkPageTests()
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let planID = try await pages.newPlan(&leader, app)
            let foreign = try #require(try await Officer.query(on: app.db).filter(\.$username == "chuyenvien.vangiang").first())
            var form = try await pages.fullTask(app)
            form["assigneeID"] = try foreign.requireID().uuidString

            // MUT
            let response = try await leader.submit(form: form, to: CommuneWorkURL.planTasks(.value(planID)).path)

            // validate
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains(Officer.notInCommuneMessage))
            #expect(!response.body.string.contains(foreign.fullName))
        }
    }

    @Test("an event's checklist item given to another commune's officer is refused without that officer's name")
    func eventChecklistDoesNotNameOtherCommunesOfficer() async throws {
        try await withTestApp(clock: .fixed(CommuneWorkPageTests.morning)) { app in
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let event = try #require(try await CommuneEvent.query(on: app.db).filter(\.$title == "Khai giảng năm học mới").first())
            let foreign = try #require(try await Officer.query(on: app.db).filter(\.$username == "truongphong.vangiang").first())
            let before = try await EventChecklistItem.query(on: app.db).count()
            let response = try await leader.submit(form: ["title": "In giấy mời", "assigneeID": try foreign.requireID().uuidString, "workingDaysBefore": "2", "deliverable": "Giấy mời", "evidenceRequired": "Danh sách gửi", "approvingAuthority": "Chủ tịch UBND xã"],
                                                   to: CommuneWorkURL.eventChecklist(.value(try event.requireID())).path)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains(Officer.notInCommuneMessage))
            #expect(!response.body.string.contains(foreign.fullName))
            #expect(try await EventChecklistItem.query(on: app.db).count() == before)
        }
    }
}

import Fluent
import Foundation
import JWTKit
import MotCuaCore
import NIOConcurrencyHelpers
import NIOCore
import Testing
import VaporTesting
@testable import MotCuaServer

/// An in-process OpenID Connect provider: discovery, keys, and a token endpoint that hands out each code's ID token
/// once, after checking the client secret and the PKCE verifier, as `oidc-provider-mock` does on loopback.
final class FakeVNeIDClient: Client, Sendable {
    static let issuer = "http://vneid.test"

    struct State: Sendable {
        var isDown = false
        var jwks = #"{"keys":[]}"#
        var jwksFetches = 0
        /// code → (the ID token to return, the PKCE challenge it was issued for)
        var codes: [String: (token: String, challenge: String)] = [:]
        var tokenRequests: [String] = []
    }

    let eventLoop: any EventLoop
    let state: NIOLockedValueBox<State>

    init(eventLoop: any EventLoop, state: NIOLockedValueBox<State>) {
        self.eventLoop = eventLoop
        self.state = state
    }

    func delegating(to eventLoop: any EventLoop) -> any Client { FakeVNeIDClient(eventLoop: eventLoop, state: state) }

    func send(_ request: ClientRequest) -> EventLoopFuture<ClientResponse> {
        let body = request.body.map { String(buffer: $0) } ?? ""
        let (status, text) = answer(path: request.url.path, headers: request.headers, body: body)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return eventLoop.makeSucceededFuture(ClientResponse(status: status, headers: headers, body: ByteBuffer(string: text)))
    }

    private func answer(path: String, headers: HTTPHeaders, body: String) -> (HTTPResponseStatus, String) {
        state.withLockedValue { state in
            if state.isDown { return (.serviceUnavailable, "{}") }
            switch path {
            case "/.well-known/openid-configuration":
                return (.ok, """
                    {"issuer":"\(Self.issuer)","authorization_endpoint":"\(Self.issuer)/authorize","token_endpoint":"\(Self.issuer)/token",
                     "jwks_uri":"\(Self.issuer)/jwks","end_session_endpoint":"\(Self.issuer)/logout","token_endpoint_auth_methods_supported":["client_secret_basic"]}
                    """)
            case "/jwks":
                state.jwksFetches += 1
                return (.ok, state.jwks)
            case "/token":
                state.tokenRequests.append(body)
                let expected = "Basic " + Data("motcua:bi-mat-oidc".utf8).base64EncodedString()
                guard headers.first(name: .authorization) == expected else { return (.unauthorized, #"{"error":"invalid_client"}"#) }
                var form: [String: String] = [:]
                for pair in body.split(separator: "&") {
                    let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
                    if parts.count == 2 { form[parts[0]] = parts[1] }
                }
                guard form["grant_type"] == "authorization_code", let code = form["code"], let issued = state.codes.removeValue(forKey: code),
                      OpenIDConnect.codeChallenge(for: form["code_verifier"] ?? "") == issued.challenge
                else { return (.badRequest, #"{"error":"invalid_grant"}"#) }
                return (.ok, #"{"access_token":"at","token_type":"Bearer","id_token":"\#(issued.token)"}"#)
            default:
                return (.notFound, "{}")
            }
        }
    }
}

/// The claims a test signs into an ID token.
struct TestIDToken: JWTPayload {
    var iss = FakeVNeIDClient.issuer
    var aud = "motcua"
    var exp: Int
    var iat: Int
    var nonce: String
    var acr = "LoA2"
    var SoDinhDanh = "034195004321"
    var HoVaTen = "Lê Văn Bình"
    var NgayThangNamSinh = "19950412"

    func verify(using algorithm: some JWTAlgorithm) throws {}
}

@Suite("Citizens: sign-in with VNeID (OpenID Connect)")
struct VNeIDSignInTests {
    let key = ES256PrivateKey()

    /// The provider's published keys: the test's key as `kid` "k1".
    var jwks: String {
        let parameters = key.publicKey.parameters!
        return #"{"keys":[{"kty":"EC","crv":"P-256","kid":"k1","use":"sig","alg":"ES256","x":"\#(parameters.x)","y":"\#(parameters.y)"}]}"#
    }

    /// Turns VNeID on against the in-process provider.
    func connect(_ app: Application) -> NIOLockedValueBox<FakeVNeIDClient.State> {
        let state = NIOLockedValueBox(FakeVNeIDClient.State(jwks: jwks))
        app.vneidSettings = VNeIDSettings(issuer: FakeVNeIDClient.issuer, clientID: "motcua", clientSecret: "bi-mat-oidc", requiredLevel: AssuranceLevel("LoA2")!)
        app.vneidProvider = VNeIDProvider()
        app.clients.use { app in FakeVNeIDClient(eventLoop: app.eventLoopGroup.next(), state: state) }
        return state
    }

    struct Redirect {
        let state: String
        let nonce: String
        let challenge: String
        let query: [String: String]
    }

    /// Starts a sign-in and reads the redirect to the provider.
    func start(_ citizen: inout BrowserSession, next: String? = nil) async throws -> Redirect {
        let response = try await citizen.get(SiteURL.citizenVNeIDSignIn.path + (next.map { "?next=" + $0 } ?? ""))
        #expect(response.status == .seeOther)
        let location = try #require(response.headers.first(name: .location))
        #expect(location.hasPrefix(FakeVNeIDClient.issuer + "/authorize?"))
        let items = URLComponents(string: location)?.queryItems ?? []
        let query = Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        return Redirect(state: try #require(query["state"]), nonce: try #require(query["nonce"]), challenge: try #require(query["code_challenge"]), query: query)
    }

    /// Signs a token for the redirect, registers it under a new code at the provider, and returns the callback path.
    func answer(_ redirect: Redirect, on app: Application, provider: NIOLockedValueBox<FakeVNeIDClient.State>, kid: String = "k1", signer: ES256PrivateKey? = nil,
                edit: (inout TestIDToken) -> Void = { _ in }) async throws -> String {
        // The provider writes real instants; MotCua checks them against the real time, whatever day its clock shows.
        let now = Int(Date().timeIntervalSince1970)
        var claims = TestIDToken(exp: now + 300, iat: now - 5, nonce: redirect.nonce)
        edit(&claims)
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: signer ?? key, kid: JWKIdentifier(string: kid))
        let token = try await keys.sign(claims, kid: JWKIdentifier(string: kid))
        let code = "code-" + UUID().uuidString
        provider.withLockedValue { $0.codes[code] = (token, redirect.challenge) }
        return SiteURL.citizenVNeIDCallback.path + "?code=" + code + "&state=" + redirect.state
    }

    func refusals(_ code: String, on app: Application) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$action == "citizen.vneid_refused").all().filter { $0.summary.hasSuffix(code) }.count
    }

    @Test("the sign-in page offers VNeID only when configured; the redirect carries code flow, PKCE S256, state, nonce and acr")
    func redirectToProvider() async throws {
        try await withTestApp { app in
            var citizen = BrowserSession(app: app)
            #expect(try await citizen.get(SiteURL.citizenSignIn.path).body.string.contains("dang-nhap-vneid") == false)
            #expect(try await citizen.get(SiteURL.citizenVNeIDSignIn.path).status == .notFound)
            _ = connect(app)
            #expect(try await citizen.get(SiteURL.citizenSignIn.path).body.string.contains("Đăng nhập bằng VNeID"))
            let redirect = try await start(&citizen)
            #expect(redirect.query["response_type"] == "code")
            #expect(redirect.query["code_challenge_method"] == "S256")
            #expect(redirect.query["scope"]?.split(separator: " ").contains("openid") == true)
            #expect(redirect.query["acr_values"] == "LoA2")
            #expect(redirect.query["client_id"] == "motcua")
            #expect(redirect.query["redirect_uri"]?.hasSuffix(SiteURL.citizenVNeIDCallback.path) == true)
            let attempt = try #require(try await VNeIDSignIn.query(on: app.db).first())
            #expect(attempt.stateHash == AccessToken.hash(redirect.state), "only the state's hash is stored")
            #expect(OpenIDConnect.codeChallenge(for: attempt.codeVerifier) == redirect.challenge)
        }
    }

    @Test("a first sign-in creates a verified account in the chosen commune; the next signs straight in; sign-out ends the provider's session")
    func firstSignInCreatesAccount() async throws {
        try await withTestApp { app in
            let provider = connect(app)
            var citizen = BrowserSession(app: app)
            let callback = try await answer(try await start(&citizen), on: app, provider: provider)
            let answered = try await citizen.get(callback)
            #expect(answered.status == .seeOther)
            #expect(answered.headers.first(name: .location) == SiteURL.citizenVNeIDComplete.path)
            let page = try await citizen.get(SiteURL.citizenVNeIDComplete.path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Lê Văn Bình"))
            #expect(!page.body.string.contains("034195004321"), "the ID number is masked")
            #expect(try await CitizenAccount.query(on: app.db).filter(\.$idNumber == "034195004321").count() == 0, "nothing is created before the citizen completes")
            let missing = try await citizen.submit(form: [:], to: SiteURL.citizenVNeIDComplete.path)
            #expect(missing.status == .unprocessableEntity)
            let created = try await citizen.submit(form: ["communeSlug": DemoCommune.phungCong], to: SiteURL.citizenVNeIDComplete.path)
            #expect(created.status == .seeOther)
            #expect(created.headers.first(name: .location) == SiteURL.citizenAccount.path)
            let account = try #require(try await CitizenAccount.query(on: app.db).filter(\.$idNumber == "034195004321").first())
            #expect(account.fullName == "Lê Văn Bình")
            #expect(account.vneidVerifiedAt != nil)
            #expect(account.isConfirmed)
            #expect(try await citizen.get(SiteURL.citizenAccount.path).status == .ok)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "citizen.register_vneid").count() == 1)
            #expect(try await VNeIDSignIn.query(on: app.db).count() == 0, "the attempt and its personal data are gone")

            // The second sign-in of the same person goes straight to the account.
            var again = BrowserSession(app: app)
            let second = try await again.get(try await answer(try await start(&again), on: app, provider: provider))
            #expect(second.headers.first(name: .location) == SiteURL.citizenAccount.path)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "citizen.sign_in_vneid").count() == 1)
            let signOut = try await again.submit(form: [:], to: SiteURL.citizenSignOut.path)
            let location = try #require(signOut.headers.first(name: .location))
            #expect(location.hasPrefix(FakeVNeIDClient.issuer + "/logout?"))
            #expect(location.contains("id_token_hint="))
            #expect(try await again.get(SiteURL.citizenAccount.path).status == .seeOther, "the local session is over")
        }
    }

    @Test("a first sign-in links the account of the same ID number only after its password; then a verified-only procedure accepts it")
    func linkingNeedsThePassword() async throws {
        try await withTestApp { app in
            let provider = connect(app)
            let path = SiteURL.onlineSubmission(.value(DemoCommune.phungCong), .value(CitizenDemoData.verifiedIdentityProcedureCode)).path
            var citizen = BrowserSession(app: app)
            _ = try await citizen.submit(form: ["login": CitizenDemoData.phone, "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path)
            let refused = try await citizen.get(path)
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("Đăng nhập bằng VNeID"))
            _ = try await citizen.submit(form: [:], to: SiteURL.citizenSignOut.path)

            let callback = try await answer(try await start(&citizen), on: app, provider: provider) {
                $0.SoDinhDanh = CitizenDemoData.idNumber
                $0.HoVaTen = CitizenDemoData.fullName
            }
            #expect(try await citizen.get(callback).status == .seeOther)
            #expect(try await citizen.get(SiteURL.citizenVNeIDComplete.path).body.string.contains("Liên kết"))
            let wrong = try await citizen.submit(form: ["password": "sai-mat-khau"], to: SiteURL.citizenVNeIDComplete.path)
            #expect(wrong.status == .unauthorized)
            #expect(try await CitizenAccount.query(on: app.db).filter(\.$idNumber == CitizenDemoData.idNumber).first()?.vneidVerifiedAt == nil)
            let linked = try await citizen.submit(form: ["password": CitizenDemoData.password], to: SiteURL.citizenVNeIDComplete.path)
            #expect(linked.status == .seeOther)
            #expect(try await CitizenAccount.query(on: app.db).filter(\.$idNumber == CitizenDemoData.idNumber).first()?.vneidVerifiedAt != nil)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "citizen.vneid_link_failed").count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "citizen.vneid_linked").count() == 1)
            #expect(try await citizen.get(path).status == .ok)
            #expect(try await CitizenAccount.query(on: app.db).count() == 1, "no second account")
        }
    }

    @Test("every refused answer gives a Vietnamese page with its status, a journal entry, and no account")
    func refusals() async throws {
        let clock = MutableClock(DossierTests.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            let provider = connect(app)
            let accountsBefore = try await CitizenAccount.query(on: app.db).count()
            func attempt(_ edit: @escaping (inout TestIDToken) -> Void = { _ in }, kid: String = "k1", signer: ES256PrivateKey? = nil) async throws -> TestingHTTPResponse {
                var citizen = BrowserSession(app: app)
                let callback = try await answer(try await start(&citizen), on: app, provider: provider, kid: kid, signer: signer, edit: edit)
                return try await citizen.get(callback)
            }
            let cases: [(String, HTTPResponseStatus, String, TestingHTTPResponse)] = [
                ("wrong_audience", .forbidden, "ứng dụng khác", try await attempt { $0.aud = "another-app" }),
                ("wrong_nonce", .forbidden, "không khớp", try await attempt { $0.nonce = "nonce-of-another-attempt" }),
                ("expired", .forbidden, "hết hạn", try await attempt { $0.exp -= 3600; $0.iat -= 3600 }),
                ("insufficient_acr", .forbidden, "mức 2", try await attempt { $0.acr = "LoA1" }),
                ("wrong_issuer", .forbidden, "dịch vụ đăng nhập", try await attempt { $0.iss = "http://evil.test" }),
                ("bad_signature", .forbidden, "Chữ ký", try await attempt(signer: ES256PrivateKey())),
            ]
            #expect(provider.withLockedValue { $0.jwksFetches } == 1, "the keys are fetched once and kept")
            // An unknown key makes MotCua fetch the keys again, at most once a minute.
            clock.advance(by: 61)
            let unknown = try await attempt(kid: "k-rogue", signer: ES256PrivateKey())
            #expect(provider.withLockedValue { $0.jwksFetches } == 2)
            _ = try await attempt(kid: "k-rogue-2", signer: ES256PrivateKey())
            #expect(provider.withLockedValue { $0.jwksFetches } == 2)
            for (code, status, words, response) in cases + [("unknown_key", .forbidden, "khoá không thuộc", unknown)] {
                #expect(response.status == status, "\(code)")
                #expect(response.body.string.contains(words), "\(code): \(response.body.string.prefix(300))")
                #expect(try await refusals(code, on: app) == (code == "unknown_key" ? 2 : 1), "\(code) is journalled")
            }
            #expect(try await CitizenAccount.query(on: app.db).count() == accountsBefore)
            #expect(try await VNeIDSignIn.query(on: app.db).filter(\.$idNumber != nil).count() == 0)
        }
    }

    @Test("a state from another browser, a replayed answer, a replayed code and a provider that is down are refused cleanly")
    func stateCodeAndProvider() async throws {
        try await withTestApp { app in
            let provider = connect(app)
            var citizen = BrowserSession(app: app)
            let callback = try await answer(try await start(&citizen), on: app, provider: provider)

            // Another browser (no cookie of this attempt) cannot use the answer: login CSRF.
            var stranger = BrowserSession(app: app)
            let foreign = try await stranger.get(callback)
            #expect(foreign.status == .badRequest)
            #expect(foreign.body.string.contains("Đăng nhập bằng VNeID"))
            #expect(try await refusals("state_mismatch", on: app) == 1)

            // The answer is used once.
            #expect(try await citizen.get(callback).status == .seeOther)
            #expect(try await citizen.get(callback).status == .badRequest)

            // A code already spent at the provider is refused as expired or used.
            var other = BrowserSession(app: app)
            let redirect = try await start(&other)
            let spent = try await answer(redirect, on: app, provider: provider)
            let code = String(spent.split(separator: "code=")[1].split(separator: "&")[0])
            provider.withLockedValue { _ = $0.codes.removeValue(forKey: code) }
            let replayed = try await other.get(spent)
            #expect(replayed.status == .badRequest)
            #expect(replayed.body.string.contains("đã hết hạn hoặc đã được dùng"))
            #expect(try await refusals("code_rejected", on: app) == 1)

            // The provider down: a 503 page, journalled, at the start.
            app.vneidProvider = VNeIDProvider()
            provider.withLockedValue { $0.isDown = true }
            var late = BrowserSession(app: app)
            let down = try await late.get(SiteURL.citizenVNeIDSignIn.path)
            #expect(down.status == .serviceUnavailable)
            #expect(down.body.string.contains("Không kết nối được dịch vụ đăng nhập VNeID"))
            #expect(try await refusals("provider_unavailable", on: app) == 1)
        }
    }
}

import Fluent
import Foundation
import MotCuaCore
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// The authorization matrix: every route × every kind of user × a row of their own commune and of another, each
/// answer compared with `RouteRoleExpectations`, and every refused request shown to change nothing.
///
/// Routes come from the application's route table, so a route without an expectation fails here.
@Suite("Authorization matrix: every route, every role, own and other commune")
struct AuthorizationMatrixTests {
    typealias Principal = RouteRoleExpectations.Principal
    typealias Answer = RouteRoleExpectations.Answer

    @Test("every registered route has a role expectation, and every expectation names a route")
    func everyRouteHasARoleExpectation() async throws {
        try await withTestApp(seeded: false) { app in
            let registered = Set(app.routes.all.map(RouteAccessTests.key))
            #expect(registered.subtracting(RouteRoleExpectations.table.keys).sorted() == [], "routes without a role expectation")
            #expect(Set(RouteRoleExpectations.table.keys).subtracting(registered).sorted() == [], "role expectations without a route")
        }
    }

    @Test("each route answers each user as the matrix expects, and refusals change nothing", arguments: Principal.allCases)
    func matrix(principal: Principal) async throws {
        try await withTestApp { app in
            // setup: the screen's event stream ends at once; the citizen's own online dossiers; a filled path of each commune for every route.
            app.floorStreamLifetime = 0.2
            try await CitizenDemoData.seedDossiers(app)
            var paths: [String: (own: String, other: String)] = [:]
            for route in app.routes.all {
                let key = RouteAccessTests.key(of: route)
                let own = try await RouteAccessTests.concretePath(route, on: app, communeSlug: DemoCommune.phungCong)
                let other = try await RouteAccessTests.concretePath(route, on: app, communeSlug: DemoCommune.vanGiang)
                paths[key] = (try await Self.citizenOwnPath(route, fallback: own, on: app), other)
            }
            var client = try await MatrixClient.make(principal, on: app)
            // Sign-out last, so that it does not end the session the other requests use.
            let routes = app.routes.all.sorted { lhs, rhs in
                func rank(_ route: Route) -> Int {
                    if RouteAccessTests.key(of: route).contains("dang-xuat") { return 2 }
                    return route.method == .GET ? 0 : 1
                }
                return (rank(lhs), RouteAccessTests.key(of: lhs)) < (rank(rhs), RouteAccessTests.key(of: rhs))
            }

            // MUT
            var mismatches: [String] = []
            var actual: [String] = []
            var journalWrites: [String] = []
            for route in routes {
                let key = RouteAccessTests.key(of: route)
                guard let access = RouteAccessTests.rules[key], let filled = paths[key] else { continue }
                var cases: [(RouteRoleExpectations.RowCommune, String)] = [(.own, filled.own)]
                if RouteRoleExpectations.namesARow(access) || key.contains(":communeSlug") { cases.append((.other, filled.other)) }
                for (rowCommune, path) in cases {
                    let expected = RouteRoleExpectations.expected(key, access: access, principal: principal, rowCommune: rowCommune)
                    let auditBefore = try await Self.journalCount(on: app)
                    let response = try await client.send(route.method, path, api: access == .api || access == .apiRow)
                    let answer = Answer(response)
                    actual.append("\(principal) \(rowCommune) \(key) → \(answer) (\(response.status.code))")
                    // validate
                    if answer != expected {
                        mismatches.append("\(principal) \(rowCommune): \(key) answered \(answer) (\(response.status.code)), expected \(expected)")
                    }
                    if answer != .allowed, !key.contains("dang-xuat"), try await Self.journalCount(on: app) != auditBefore {
                        journalWrites.append("\(principal) \(rowCommune): \(key) was refused (\(response.status.code)) but wrote to the journal")
                    }
                }
            }
            if ProcessInfo.processInfo.environment["MOTCUA_MATRIX_PRINT"] != nil {
                print(actual.joined(separator: "\n"))
            }
            #expect(journalWrites.isEmpty, Comment(rawValue: journalWrites.joined(separator: "\n")))
            #expect(mismatches.isEmpty, Comment(rawValue: "\(mismatches.count) answers differ from the matrix:\n" + mismatches.joined(separator: "\n")))
        }
    }

    /// Journal entries other than sign-ins and token issues, which the matrix's own sign-ins write.
    static func journalCount(on app: Application) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$action !~ ["auth.sign_in", "auth.token_issued", "auth.sign_out"]).count()
    }

    /// For the citizen's rows, the path filled with the demo citizen's own dossier and document.
    static func citizenOwnPath(_ route: Route, fallback: String, on app: Application) async throws -> String {
        guard RouteAccessTests.rules[RouteAccessTests.key(of: route)] == .citizenRow else { return fallback }
        let account = try #require(try await CitizenAccount.query(on: app.db).filter(\.$idNumber == CitizenDemoData.idNumber).first())
        let links = try await CitizenDossierLink.query(on: app.db).filter(\.$account.$id == account.requireID()).with(\.$dossier).all()
        let received = try #require(links.first { $0.dossier.receivedAt != nil }?.dossier ?? links.first?.dossier)
        let document = try await CitizenDocumentStore.entries(accountID: account.requireID(), on: app.db).first
        let values = [SiteURL.Key.dossierCode: received.code, SiteURL.Key.documentID: document?.documentID.uuidString ?? "khong-co"]
        return "/" + route.path.map { component -> String in
            if case .parameter(let name) = component { return values[name] ?? "khong-co" }
            return component.description
        }.joined(separator: "/")
    }
}

/// A client acting as one kind of user: a browser session for pages, a bearer token for the API.
struct MatrixClient {
    var browser: BrowserSession
    var token: String?
    let app: Application

    static func make(_ principal: RouteRoleExpectations.Principal, on app: Application) async throws -> MatrixClient {
        switch principal {
        case .visitor:
            return MatrixClient(browser: BrowserSession(app: app), token: nil, app: app)
        case .citizen:
            var browser = BrowserSession(app: app)
            let response = try await browser.submit(form: ["login": CitizenDemoData.phone, "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path)
            #expect(response.status == .seeOther, "the demo citizen could not sign in")
            return MatrixClient(browser: browser, token: nil, app: app)
        default:
            let username = try #require(principal.username)
            let browser = try await BrowserSession.signedIn(username, on: app)
            let token = try await APIClient.token(username, on: app)
            return MatrixClient(browser: browser, token: token, app: app)
        }
    }

    /// Sends a GET, or a POST with an empty form (only the CSRF token) or an empty JSON object for the API.
    mutating func send(_ method: HTTPMethod, _ path: String, api: Bool) async throws -> TestingHTTPResponse {
        if api || path.hasPrefix("/api/") || path.hasPrefix("/open311/") {
            var headers: HTTPHeaders = [:]
            if let token { headers.bearerAuthorization = .init(token: token) }
            if method == .GET { return try await app.testing().sendRequest(.GET, path, headers: headers) }
            headers.contentType = .json
            return try await app.testing().sendRequest(method, path, headers: headers, body: ByteBuffer(string: "{}"))
        }
        if method == .GET { return try await browser.get(path) }
        return try await browser.submit(form: [:], to: path)
    }
}

extension RouteRoleExpectations.Answer {
    /// Classifies a response: a sign-in redirect or a 401, 403, 404, or anything else (the request got through).
    init(_ response: TestingHTTPResponse) {
        switch response.status {
        case .unauthorized: self = .signIn
        case .forbidden: self = .forbidden
        case .notFound: self = .notFound
        case .seeOther, .found, .temporaryRedirect:
            let location = response.headers.first(name: .location) ?? ""
            let signInPaths = [SiteURL.signIn.path, SiteURL.citizenSignIn.path]
            self = signInPaths.contains { location == $0 || location.hasPrefix($0 + "?") } ? .signIn : .allowed
        default: self = .allowed
        }
    }
}

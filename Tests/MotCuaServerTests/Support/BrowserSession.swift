import Foundation
import NIOHTTP1
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// A test client that keeps cookies like a browser and sends forms with the page's CSRF token.
struct BrowserSession {
    let app: Application
    private(set) var cookies: [String: String] = [:]

    init(app: Application) {
        self.app = app
    }

    /// Signs in through the sign-in page and returns the session; fails the test when sign-in does not redirect.
    static func signedIn(_ username: String, password: String = "motcua-demo", on app: Application) async throws -> BrowserSession {
        var session = BrowserSession(app: app)
        let response = try await session.submit(form: ["username": username, "password": password], to: SiteURL.signIn.path)
        #expect(response.status == .seeOther, "sign-in of \(username) answered \(response.status)")
        return session
    }

    /// GETs a path with the session's cookies.
    mutating func get(_ path: String) async throws -> TestingHTTPResponse {
        let response = try await app.testing().sendRequest(.GET, path, headers: cookieHeaders)
        remember(response)
        return response
    }

    /// POSTs a form with the current CSRF token (fetched from a page first when none is known yet).
    mutating func submit(form: [String: String], to path: String, csrfToken: String? = nil, extraBody: String = "") async throws -> TestingHTTPResponse {
        if cookies[CSRFMiddleware.cookieName] == nil {
            _ = try await get(SiteURL.signIn.path)
        }
        var fields = form
        if fields["_csrf"] == nil {
            fields["_csrf"] = csrfToken ?? cookies[CSRFMiddleware.cookieName] ?? ""
        }
        return try await post(urlEncoded: Self.encode(fields) + extraBody, to: path)
    }

    /// POSTs a raw urlencoded body without adding a token.
    mutating func post(urlEncoded body: String, to path: String) async throws -> TestingHTTPResponse {
        var headers = cookieHeaders
        headers.contentType = .urlEncodedForm
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// POSTs a multipart form (fields, repeated fields and files) with the CSRF token.
    mutating func submitMultipart(fields: [(String, String)], files: [(field: String, name: String, type: String, bytes: [UInt8])] = [], to path: String) async throws -> TestingHTTPResponse {
        if cookies[CSRFMiddleware.cookieName] == nil {
            _ = try await get(SiteURL.signIn.path)
        }
        let boundary = "----motcua-test-\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in [("_csrf", cookies[CSRFMiddleware.cookieName] ?? "")] + fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.type)\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers = cookieHeaders
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: body)
        remember(response)
        return response
    }

    var csrfToken: String? { cookies[CSRFMiddleware.cookieName] }

    private var cookieHeaders: HTTPHeaders {
        var headers = HTTPHeaders()
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        return headers
    }

    private mutating func remember(_ response: TestingHTTPResponse) {
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1).first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[1].isEmpty || header.contains("Expires=Thu, 01 Jan 1970") {
                cookies[parts[0]] = nil
            } else {
                cookies[parts[0]] = parts[1]
            }
        }
    }

    static func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}

/// Helpers for the JSON API.
enum APIClient {
    /// Issues a token for a demo account through the API.
    static func token(_ username: String, password: String = "motcua-demo", on app: Application) async throws -> String {
        let response = try await app.testing().sendRequest(.POST, APIURL.token.path, headers: ["Content-Type": "application/json"], body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
        #expect(response.status == .ok)
        let body = try JSONDecoder().decode([String: String].self, from: Data(buffer: response.body))
        return try #require(body["token"])
    }

    static func get(_ path: String, token: String, on app: Application) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.GET, path, headers: ["Authorization": "Bearer \(token)"])
    }

    /// The `error.code` of a JSON error body.
    static func errorCode(_ response: TestingHTTPResponse) -> String? {
        struct Body: Decodable { struct Detail: Decodable { let code: String; let message: String }; let error: Detail }
        return try? JSONDecoder().decode(Body.self, from: Data(buffer: response.body)).error.code
    }
}

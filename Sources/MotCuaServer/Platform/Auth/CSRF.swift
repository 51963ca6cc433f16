import Crypto
import Foundation
import Vapor

/// Guards every browser form against cross-site requests with a double-submit token.
///
/// The token lives in an HttpOnly, SameSite=Lax cookie and is printed into each form as `_csrf`; a state-changing
/// request whose field does not equal its cookie is refused with 403 before any handler runs. The API is exempt: what
/// changes state there authenticates with bearer tokens only (`StaffAuthenticator.acceptsSessionCookie`), which a
/// browser never sends by itself.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "motcua_csrf"
    static let fieldName = "_csrf"
    let secureCookies: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        // Open311 clients authenticate with an `api_key`, as the API does with bearer tokens.
        if path.hasPrefix("/api/") || path.hasPrefix("/open311/") || path == SiteURL.health.path || path == SiteURL.metrics.path {
            return try await next.respond(to: request)
        }
        let existing = request.cookies[Self.cookieName]?.string
        let token = existing.flatMap { $0.count >= 32 ? $0 : nil } ?? AccessToken.makeSecret()
        request.csrfToken = token

        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            let submitted = try await Self.submittedToken(of: request)
            guard let existing, let submitted, Self.constantTimeEquals(existing, submitted) else {
                throw AppError.invalidCSRF
            }
        }
        let response = try await next.respond(to: request)
        if existing != token || request.rotatesCSRFToken {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: request.csrfToken, expires: nil, maxAge: nil, domain: nil, path: "/",
                isSecure: secureCookies, isHTTPOnly: true, sameSite: .lax
            )
        }
        return response
    }

    private static func submittedToken(of request: Request) async throws -> String? {
        if let header = request.headers.first(name: "X-CSRF-Token") { return header }
        guard let contentType = request.headers.contentType,
              contentType == .urlEncodedForm || contentType.type == "multipart"
        else { return nil }
        _ = try await request.body.collect(max: BodyLimit.bytes(forPath: request.url.path)).get()
        return try? request.content.get(String.self, at: fieldName)
    }

    private static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Request {
    private struct CSRFTokenKey: StorageKey { typealias Value = String }
    private struct CSRFRotationKey: StorageKey { typealias Value = Bool }

    /// The token that forms of this response must carry.
    var csrfToken: String {
        get { storage[CSRFTokenKey.self] ?? "" }
        set { storage[CSRFTokenKey.self] = newValue }
    }

    /// Whether the response sets a new token (after sign-in, so that a token seen before sign-in is worth nothing).
    var rotatesCSRFToken: Bool {
        get { storage[CSRFRotationKey.self] ?? false }
        set { storage[CSRFRotationKey.self] = newValue }
    }

    /// Replaces the CSRF token for the rest of this request and the response.
    func rotateCSRFToken() {
        csrfToken = AccessToken.makeSecret()
        rotatesCSRFToken = true
    }
}

/// How large a request body each route accepts, in one place: the routes register these limits, and the CSRF check,
/// which reads form bodies before any route does, never reads more than the route would accept.
enum BodyLimit {
    /// Ordinary forms.
    static let standard: ByteCount = "1mb"
    /// Counter intake with the dossier's scans (20 MB each).
    static let intake: ByteCount = "120mb"
    /// A catalog CSV.
    static let catalogImport: ByteCount = "10mb"
    /// A citizen's fault report with up to three photos of 10 MB.
    static let faultReport: ByteCount = "32mb"
    /// A task's progress with one evidence file (20 MB, as for scans).
    static let evidence: ByteCount = "21mb"

    static func bytes(forPath path: String) -> Int {
        switch path {
        case SiteURL.intake.path: intake.value
        case SiteURL.catalogImport.path: catalogImport.value
        case _ where path.hasPrefix("/xa/") && path.hasSuffix("/su-co/bao-moi"): faultReport.value
        case _ where path.hasPrefix("/open311/v2/"): faultReport.value
        case _ where path.hasPrefix("/cong-viec/nhiem-vu/") && path.hasSuffix("/tien-do"): evidence.value
        // Online submission and the applicant's supplement carry scans, like counter intake.
        case _ where CitizenUploads.acceptsScans(path): intake.value
        // A signed result, uploaded by the department or by anyone on the public check page (issue #20).
        case _ where SignedResultURL.acceptsSignedPDF(path): evidence.value
        default: standard.value
        }
    }
}

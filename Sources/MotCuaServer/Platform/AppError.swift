import Vapor

/// An error a user caused or may see, with its HTTP status, a stable code for the API and a Vietnamese message.
struct AppError: AbortError, Sendable {
    let status: HTTPResponseStatus
    let code: String
    let message: String
    /// For a 429: the seconds until the client may try again, sent as `Retry-After` so that software waits that long.
    var retryAfterSeconds: Int? = nil
    /// Where the error page sends the reader instead (the fresh dossier after a conflict); the home page when empty.
    var wayBack: [ErrorPage.Link] = []

    var reason: String { message }
    var headers: HTTPHeaders { retryAfterSeconds.map { [HTTPHeaders.Name.retryAfter.description: String($0)] } ?? [:] }

    static let notFound = AppError(status: .notFound, code: "not_found", message: "Không tìm thấy trang hoặc dữ liệu yêu cầu.")
    static let signInRequired = AppError(status: .unauthorized, code: "unauthorized", message: "Bạn cần đăng nhập để tiếp tục.")
    static let forbidden = AppError(status: .forbidden, code: "forbidden", message: "Bạn không có quyền thực hiện thao tác này.")
    static let invalidCSRF = AppError(
        status: .forbidden, code: "csrf_invalid",
        message: "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại; không có gì thay đổi."
    )

    /// Input that cannot be processed; `message` says what to fix.
    static func invalid(_ message: String) -> AppError {
        AppError(status: .unprocessableEntity, code: "validation_failed", message: message)
    }

    /// A request that is malformed (not JSON, a missing field).
    static func badRequest(_ message: String) -> AppError {
        AppError(status: .badRequest, code: "bad_request", message: message)
    }

    /// A request that conflicts with the current state (a name already taken, a stale version).
    static func conflict(_ message: String) -> AppError {
        AppError(status: .conflict, code: "conflict", message: message)
    }
}

/// The API's error body: `{"error": {"code": "…", "message": "…"}}`.
struct APIErrorBody: Content {
    struct Detail: Content {
        let code: String
        let message: String
    }
    let error: Detail
}

/// Turns every error into a Vietnamese page or a JSON error with the right status, never a stack trace.
struct SiteErrorMiddleware: AsyncMiddleware {
    let environment: Environment

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await response(for: error, request: request)
        }
    }

    private func response(for error: any Error, request: Request) async -> Response {
        if let abort = error as? any AbortError, (300..<400).contains(abort.status.code) {
            return Response(status: abort.status, headers: abort.headers)
        }
        let (status, code, message) = Self.describe(error)
        if status.code >= 500 {
            request.logger.critical("\(request.method) \(request.url.path) failed: \(String(reflecting: error))")
        } else {
            request.logger.info("\(request.method) \(request.url.path) → \(status.code) \(code)")
        }
        var headers = HTTPHeaders()
        if status == .serviceUnavailable {
            headers.replaceOrAdd(name: .retryAfter, value: "60")
        }
        if let abort = error as? any AbortError {
            headers.add(contentsOf: abort.headers)
        }
        if request.url.path.hasPrefix("/api/") || request.url.path.hasPrefix("/health") {
            let body = APIErrorBody(error: .init(code: code, message: message))
            let response = Response(status: status, headers: headers)
            try? response.content.encode(body, as: .json)
            return response
        }
        if status == .unauthorized, request.method == .GET {
            return request.redirect(to: ReturnAddress.signInLink(SiteURL.signIn.path, next: request.url.string))
        }
        var wayBack = (error as? AppError)?.wayBack ?? []
        if wayBack.isEmpty, status == .forbidden, request.staff != nil {
            // An officer refused a page is shown where the work of their roles is.
            wayBack = [ErrorPage.Link(label: "Về trang làm việc của bạn (những việc vai trò của bạn được làm)", href: SiteURL.workspace.path)]
        }
        let page = ErrorPage(
            status: Int(status.code), title: Self.title(for: status), message: message, links: wayBack.isEmpty ? [ErrorPage.Link(label: "Về trang chủ", href: "/")] : wayBack,
            page: PageContext.minimal(for: request, title: Self.title(for: status))
        )
        do {
            let view = try await request.view.render("error", page)
            let response = try await view.encodeResponse(status: status, for: request)
            response.headers.add(contentsOf: headers)
            return response
        } catch {
            let response = Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"])
            response.body = .init(string: "\(status.code) — \(message)")
            return response
        }
    }

    static func describe(_ error: any Error) -> (HTTPResponseStatus, String, String) {
        switch error {
        case let error as AppError:
            return (error.status, error.code, error.message)
        case is DecodingError:
            return (.badRequest, "bad_request", "Dữ liệu gửi lên không đúng định dạng hoặc thiếu trường bắt buộc.")
        case let abort as any AbortError:
            let status = abort.status
            return (status, code(for: status), vietnameseMessage(for: status))
        case let error where UnstorableText.isUnstorable(error):
            return (.badRequest, "bad_request", UnstorableText.message)
        case let error where DatabaseAvailability.isUnavailable(error):
            return (.serviceUnavailable, "database_unavailable", DatabaseAvailability.message)
        default:
            return (.internalServerError, "internal_error", "Hệ thống gặp sự cố. Vui lòng thử lại sau; sự cố đã được ghi lại.")
        }
    }

    private static func code(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "validation_failed"
        case 429: "too_many_requests"
        case 500..<600: "internal_error"
        default: "error"
        }
    }

    private static func vietnameseMessage(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "Yêu cầu không hợp lệ."
        case 401: AppError.signInRequired.message
        case 403: AppError.forbidden.message
        case 404: AppError.notFound.message
        case 405: "Phương thức không được hỗ trợ cho địa chỉ này."
        case 413: "Dữ liệu gửi lên quá lớn."
        case 415: "Định dạng dữ liệu không được hỗ trợ."
        case 429: "Bạn gửi quá nhiều yêu cầu. Vui lòng chờ một lát rồi thử lại."
        case 500..<600: "Hệ thống gặp sự cố. Vui lòng thử lại sau; sự cố đã được ghi lại."
        default: "Không thể xử lý yêu cầu."
        }
    }

    private static func title(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 401: "Cần đăng nhập"
        case 403: "Không có quyền truy cập"
        case 404: "Không tìm thấy trang"
        case 400, 422: "Yêu cầu không hợp lệ"
        case 409: "Dữ liệu vừa được người khác thay đổi"
        case 429: "Quá nhiều yêu cầu"
        case 503: "Hệ thống tạm thời gián đoạn"
        default: status.code >= 500 ? "Lỗi hệ thống" : "Không thể xử lý yêu cầu"
        }
    }
}

struct ErrorPage: Encodable {
    /// A way on from the error page.
    struct Link: Encodable, Sendable {
        let label: String
        let href: String
    }

    let status: Int
    let title: String
    let message: String
    let links: [Link]
    let page: PageContext
}

/// Adds the security headers every response carries, error pages included.
///
/// HSTS is sent only over TLS: when the deployment says so (`MOTCUA_SECURE_COOKIES`, on in production), or when a
/// trusted reverse proxy (`MOTCUA_TRUST_PROXY`) reports `X-Forwarded-Proto: https`. Sent over plain HTTP, it would be
/// ignored by browsers at best and lock a misconfigured site out at worst.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let settings: Settings

    /// The policy: no inline script or style, no framing, forms and scripts from this site only.
    static let contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
        ]
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        if Self.isOverTLS(request, settings: settings) {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        }
        return response
    }

    /// Whether the client reached the site over TLS, as far as the settings let the server know.
    static func isOverTLS(_ request: Request, settings: Settings) -> Bool {
        if settings.secureCookies { return true }
        guard settings.trustProxy else { return false }
        let forwarded = request.headers.first(name: "X-Forwarded-Proto") ?? request.headers.forwarded.first?.proto
        return forwarded?.lowercased() == "https"
    }
}

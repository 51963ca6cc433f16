import MotCuaCore
import Vapor

/// Refuses, with 400, a `multipart/form-data` body whose part headers the multipart parser cannot read safely.
///
/// It runs before the CSRF check, which parses every browser form body: the parser traps on a non-ASCII byte in a
/// part's header name, which would let anyone stop the server with one request (see `MultipartPreflight`).
struct MultipartPreflightMiddleware: AsyncMiddleware {
    static let message = "Dữ liệu biểu mẫu gửi lên không đúng định dạng. Vui lòng tải lại trang và gửi lại."

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let contentType = request.headers.contentType, contentType.type == "multipart" else {
            return try await next.respond(to: request)
        }
        guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
            throw Abort(.badRequest, reason: Self.message)
        }
        if let body = try await request.body.collect(max: BodyLimit.bytes(forPath: request.url.path)).get() {
            let readable = body.withUnsafeReadableBytes { MultipartPreflight.headerNamesAreTokens(in: $0, boundary: boundary) }
            guard readable else { throw Abort(.badRequest, reason: Self.message) }
        }
        return try await next.respond(to: request)
    }
}

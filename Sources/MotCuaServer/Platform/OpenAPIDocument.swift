import Foundation
import Vapor

/// The OpenAPI document that describes `/api/v1`; a test checks it against the registered routes.
enum OpenAPIDocument {
    /// The document's bytes, read once from the server's resources.
    static let data: Data? = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "API").flatMap { try? Data(contentsOf: $0) }

    static func serve(req: Request) async throws -> Response {
        guard let data else { throw AppError.notFound }
        return Response(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: data))
    }
}

import Vapor

/// Answers 405 with `Allow` when a path exists but not for the request's method (TRACE, PUT on a page, …), where the
/// router alone would answer 404 and tell client software that the address does not exist.
///
/// It runs before the CSRF check, so that a method no route has is named as such rather than refused as a forged
/// form. GET, HEAD and POST, the methods of nearly every request, go to the router first and are looked up only
/// when it finds nothing; other methods are looked up before anything else runs.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    private static let usual = [HTTPMethod.GET, .HEAD, .POST].map(\.rawValue)

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if !Self.usual.contains(request.method.rawValue) {
            try Self.refuseIfOnlyOtherMethods(request)
            return try await next.respond(to: request)
        }
        do {
            return try await next.respond(to: request)
        } catch let error as RouteNotFound {
            try Self.refuseIfOnlyOtherMethods(request)
            throw error
        }
    }

    /// Throws 405 when routes exist for the path under other methods only.
    private static func refuseIfOnlyOtherMethods(_ request: Request) throws {
        let allowed = allowedMethods(forPath: request.url.path, in: request.application.routes.all)
        let method = request.method == .HEAD ? HTTPMethod.GET.rawValue : request.method.rawValue
        guard !allowed.isEmpty, !allowed.contains(method) else { return }
        var names = allowed
        if allowed.contains(HTTPMethod.GET.rawValue) { names.insert(HTTPMethod.HEAD.rawValue) }
        throw Abort(.methodNotAllowed, headers: ["Allow": names.sorted().joined(separator: ", ")])
    }

    /// The names of the methods of the routes whose path matches `path`, read as the router reads it.
    static func allowedMethods(forPath path: String, in routes: [Route]) -> Set<String> {
        let segments = path.split(separator: "/").map(String.init)
        return Set(routes.filter { route in
            // The router drops empty constants (the root path is registered as one), so the match does too.
            let components = route.path.filter { if case .constant("") = $0 { false } else { true } }
            return matches(components, segments[...])
        }.map(\.method.rawValue))
    }

    private static func matches(_ components: [PathComponent], _ segments: ArraySlice<String>) -> Bool {
        guard let first = components.first else { return segments.isEmpty }
        switch first {
        case .catchall:
            return !segments.isEmpty
        case .constant(let text):
            guard segments.first == text else { return false }
        case .parameter, .anything:
            guard !segments.isEmpty else { return false }
        }
        return matches(Array(components.dropFirst()), segments.dropFirst())
    }
}

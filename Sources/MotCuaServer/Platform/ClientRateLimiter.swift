import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Limits requests per client in a sliding window, then answers 429: dossier lookups (so that codes cannot be
/// enumerated) and sign-in attempts (so that passwords cannot be guessed across many accounts).
///
/// Kept in memory: one server process serves a province; behind several processes, each keeps its own count.
final class ClientRateLimiter: Sendable {
    private let limit: Int
    private let window: TimeInterval
    private let message: String
    private let hits = NIOLockedValueBox<[String: [Date]]>([:])

    init(limit: Int, window: TimeInterval, message: String = "Bạn tra cứu quá nhiều lần trong một phút. Vui lòng chờ một lát rồi thử lại.") {
        self.limit = limit
        self.window = window
        self.message = message
    }

    func check(_ req: Request) throws {
        let client = req.auditActor.clientAddress
        let now = req.now
        // The seconds until the oldest counted request leaves the window, when the client is over the limit.
        let wait = hits.withLockedValue { table -> TimeInterval? in
            var recent = (table[client] ?? []).filter { now.timeIntervalSince($0) < window }
            guard recent.count < limit else {
                table[client] = recent
                return recent.first.map { window - now.timeIntervalSince($0) } ?? window
            }
            recent.append(now)
            table[client] = recent
            // Forget idle clients now and then so that the table does not grow without end.
            if table.count > 10_000 { table = table.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
            return nil
        }
        if let wait {
            throw AppError(status: .tooManyRequests, code: "too_many_requests", message: message, retryAfterSeconds: max(1, Int(wait.rounded(.up))))
        }
    }
}

extension Application {
    private struct LookupRateLimiterKey: StorageKey { typealias Value = ClientRateLimiter }
    private struct SignInRateLimiterKey: StorageKey { typealias Value = ClientRateLimiter }

    /// The limiter of sign-in attempts per client address; one per application.
    var signInRateLimiter: ClientRateLimiter {
        get { storage[SignInRateLimiterKey.self] ?? ClientRateLimiter(limit: 60, window: 60) }
        set { storage[SignInRateLimiterKey.self] = newValue }
    }

    /// The limiter of public lookups; one per application.
    var lookupRateLimiter: ClientRateLimiter {
        get { storage[LookupRateLimiterKey.self] ?? ClientRateLimiter(limit: 30, window: 60) }
        set { storage[LookupRateLimiterKey.self] = newValue }
    }
}

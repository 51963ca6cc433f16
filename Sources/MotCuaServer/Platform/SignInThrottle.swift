import Crypto
import Foundation
import MotCuaCore
import NIOConcurrencyHelpers
import Vapor

/// The sign-in waits of each (client address, username), and the officers' one-time unlock codes.
///
/// Kept in memory, like `ClientRateLimiter`: one server process serves a province, and a restart that forgets the
/// waits only gives an attacker a few more free attempts, which the per-client rate limit still bounds.
final class SignInThrottle: Sendable {
    /// Whose sign-in: officers and citizens have separate names, so a phone number and a username never collide.
    enum Realm: String, Sendable {
        case staff
        case citizen
    }

    struct Key: Hashable, Sendable {
        let realm: Realm
        let client: String
        let username: String
    }

    private struct PendingCode: Sendable {
        var state: ConfirmationCode
        var codeHash: String
    }

    private let delays = NIOLockedValueBox<[Key: SignInDelay]>([:])
    private let codes = NIOLockedValueBox<[String: PendingCode]>([:])

    /// When the wait of this address and username ends, if one is running at `now`.
    func waitUntil(_ key: Key, at now: Date) -> Date? {
        delays.withLockedValue { table in
            guard let delay = table[key], delay.isWaiting(at: now) else { return nil }
            return delay.waitUntil
        }
    }

    /// Records a failed attempt; returns when the wait it starts ends, or `nil` while attempts are still free.
    func recordFailure(_ key: Key, at now: Date) -> Date? {
        delays.withLockedValue { table in
            var delay = table[key] ?? SignInDelay()
            let until = delay.recordFailure(at: now)
            table[key] = delay
            // Forget quiet pairs now and then, so that a stream of invented usernames does not grow the table without end.
            if table.count > 10_000 { table = table.filter { !$0.value.isStale(at: now) } }
            return until
        }
    }

    /// Forgets the failures of this address and username, after a successful sign-in or an unlock by code.
    func clear(_ key: Key) {
        _ = delays.withLockedValue { $0.removeValue(forKey: key) }
    }

    /// Forgets the failures of this username at every address; the administrator's unlock.
    func clearEverywhere(realm: Realm, username: String) {
        delays.withLockedValue { table in table = table.filter { $0.key.realm != realm || $0.key.username != username } }
    }

    /// The latest end of a wait running at `now` for this username at any address, for the administrator's page.
    func latestWait(realm: Realm, username: String, at now: Date) -> Date? {
        delays.withLockedValue { table in
            table.filter { $0.key.realm == realm && $0.key.username == username && $0.value.isWaiting(at: now) }.compactMap(\.value.waitUntil).max()
        }
    }

    // MARK: officers' unlock codes

    /// Makes a new unlock code for the officer, or returns `nil` when one was sent too recently or too often.
    func makeUnlockCode(for username: String, at now: Date) -> String? {
        var generator = SystemRandomNumberGenerator()
        let code = ConfirmationCode.make(using: &generator)
        return codes.withLockedValue { table -> String? in
            if var pending = table[username] {
                // A day after the last send, the count of sends starts again.
                if now.timeIntervalSince(pending.state.sentAt) < 24 * 3600 {
                    guard pending.state.resendProblem(at: now) == nil else { return nil }
                    pending.state.resent(at: now)
                } else {
                    pending.state = .firstSent(at: now)
                }
                pending.codeHash = Self.hash(code)
                table[username] = pending
            } else {
                table[username] = PendingCode(state: .firstSent(at: now), codeHash: Self.hash(code))
            }
            if table.count > 10_000 { table = table.filter { now.timeIntervalSince($0.value.state.sentAt) < 24 * 3600 } }
            return code
        }
    }

    /// Checks an entered unlock code; a right one is used up, so it works once.
    func useUnlockCode(_ entered: String, for username: String, at now: Date) -> Bool {
        codes.withLockedValue { table in
            guard var pending = table[username], pending.state.expiresAt > now else { return false }
            let verdict = pending.state.check(matches: Self.constantTimeEquals(Self.hash(entered), pending.codeHash), at: now)
            if verdict == .confirmed {
                // The code is spent, but the count of sends stays, so that codes cannot be asked for without end.
                pending.state.expiresAt = now
            }
            table[username] = pending
            return verdict == .confirmed
        }
    }

    private static func hash(_ code: String) -> String {
        SHA256.hash(data: Data(code.utf8)).hexEncoded
    }

    private static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Application {
    private struct SignInThrottleKey: StorageKey { typealias Value = SignInThrottle }

    /// The sign-in waits and unlock codes; one per application, set in `configure`.
    var signInThrottle: SignInThrottle {
        get {
            guard let throttle = storage[SignInThrottleKey.self] else { fatalError("configure(_:) must run before sign-in") }
            return throttle
        }
        set { storage[SignInThrottleKey.self] = newValue }
    }
}

extension Request {
    /// The key of this client and username in the sign-in throttle.
    func signInThrottleKey(_ realm: SignInThrottle.Realm, username: String) -> SignInThrottle.Key {
        SignInThrottle.Key(realm: realm, client: auditActor.clientAddress, username: username)
    }
}

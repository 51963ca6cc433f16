import Foundation

/// The delay rule for sign-in from one client address under one username: a few free attempts, then a wait that
/// doubles with each further failure.
///
/// It replaces a lock of the account itself, which let anyone lock any officer out from anywhere: the wait applies to
/// the address that keeps failing, and the officer at another address signs in as usual.
public struct SignInDelay: Sendable, Equatable {
    /// Failures in a row allowed before the first wait.
    public static let freeAttempts = 5
    /// The first wait; each further failure doubles it.
    public static let firstWait: TimeInterval = 60
    /// The longest wait.
    public static let longestWait: TimeInterval = 60 * 60
    /// After this long without a failure, the count starts again.
    public static let memory: TimeInterval = 24 * 3600

    /// Failures in a row since the last success.
    public private(set) var failures: Int
    /// When the current wait ends, if there is one.
    public private(set) var waitUntil: Date?
    /// When the last failure happened.
    public private(set) var lastFailure: Date?

    /// Creates the state of an address and username that have not failed yet.
    public init() {
        failures = 0
    }

    /// Whether sign-in is refused at `now`, without looking at the password.
    public func isWaiting(at now: Date) -> Bool {
        guard let waitUntil else { return false }
        return now < waitUntil
    }

    /// Whether the state can be forgotten at `now`: no wait running and the last failure long past.
    public func isStale(at now: Date) -> Bool {
        !isWaiting(at: now) && (lastFailure.map { now.timeIntervalSince($0) >= Self.memory } ?? true)
    }

    /// Records a failure at `now`; returns when the wait it starts ends, or `nil` while attempts are still free.
    @discardableResult
    public mutating func recordFailure(at now: Date) -> Date? {
        if let lastFailure, now.timeIntervalSince(lastFailure) >= Self.memory { failures = 0 }
        failures += 1
        lastFailure = now
        guard failures >= Self.freeAttempts else { return nil }
        let doublings = min(failures - Self.freeAttempts, 16)
        let wait = min(Self.firstWait * Double(1 << doublings), Self.longestWait)
        waitUntil = now.addingTimeInterval(wait)
        return waitUntil
    }
}

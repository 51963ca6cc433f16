import Foundation

/// The lockout rule for staff sign-in: five failed attempts lock the account for fifteen minutes.
public struct SignInLockout: Sendable, Equatable {
    /// Failed attempts in a row that lock the account.
    public static let maximumFailedAttempts = 5
    /// How long a locked account stays locked.
    public static let lockDuration: TimeInterval = 15 * 60

    /// Failed attempts since the last success or lock.
    public var failedAttempts: Int
    /// When the current lock ends, if the account is locked.
    public var lockedUntil: Date?

    /// Creates the lockout state of one account.
    public init(failedAttempts: Int = 0, lockedUntil: Date? = nil) {
        self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil
    }

    /// Whether the account refuses sign-in at the given time.
    public func isLocked(at now: Date) -> Bool {
        guard let lockedUntil else { return false }
        return now < lockedUntil
    }

    /// Records a failed attempt at the given time and returns whether this attempt locked the account.
    public mutating func recordFailure(at now: Date) -> Bool {
        if let lockedUntil, now >= lockedUntil {
            self.lockedUntil = nil
        }
        failedAttempts += 1
        guard failedAttempts >= Self.maximumFailedAttempts else { return false }
        failedAttempts = 0
        lockedUntil = now.addingTimeInterval(Self.lockDuration)
        return true
    }

    /// Records a successful sign-in, which clears the failures.
    public mutating func recordSuccess() {
        failedAttempts = 0
        lockedUntil = nil
    }
}

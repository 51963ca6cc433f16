import Foundation
import Vapor

/// The source of the current time, injected so that tests can fix it.
public struct WallClock: Sendable {
    /// Returns the current instant.
    public var now: @Sendable () -> Date

    /// The real clock.
    public static let system = WallClock(now: { Date() })

    /// A clock that always answers the given instant.
    public static func fixed(_ instant: Date) -> WallClock { WallClock(now: { instant }) }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = WallClock }

    /// The application's clock; the system clock unless a test replaced it.
    public var clock: WallClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    /// The current instant according to the application's clock.
    var now: Date { application.clock.now() }
}

import Foundation
import MotCuaCore
import Vapor

/// The source of the current time, injected so that tests can fix it.
public struct WallClock: Sendable {
    /// Returns the current instant.
    public var now: @Sendable () -> Date

    /// The real clock.
    public static let system = WallClock(now: { Date() })

    /// A clock that always answers the given instant.
    public static func fixed(_ instant: Date) -> WallClock { WallClock(now: { instant }) }

    /// The real clock moved by whole days so that today, in Vietnam, is `day`; the time of day stays real.
    ///
    /// Whole days keep the clock steady across restarts on the same real day, which a fixed start instant would not
    /// (a server restarted after a crash would go back in time).
    public static func shifted(toToday day: CivilDate, realNow: Date = Date()) -> WallClock {
        guard let realToday = LocalDateTime(realNow)?.date else { return .system }
        let offset = TimeInterval(realToday.days(to: day)) * 86_400
        return WallClock(now: { Date().addingTimeInterval(offset) })
    }
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

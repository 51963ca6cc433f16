import Foundation

/// A wall-clock moment in Vietnam (UTC+7, no daylight saving time), such as 17:00 on 2026-02-23.
///
/// Deadlines are counted in local days (Civil Code 2015 art. 147–148), so instants (`Date`) are turned
/// into this form before any counting, and back into a `Date` only to store them.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Vietnam's offset from UTC, in seconds: fixed at +7 hours since 1975, with no daylight saving time.
    public static let utcOffsetSeconds = 7 * 3600

    /// The local calendar day.
    public let date: CivilDate
    /// The hour, 0–23.
    public let hour: Int
    /// The minute, 0–59.
    public let minute: Int
    /// The second, 0–59.
    public let second: Int

    /// Creates a local time, or returns `nil` when a field is out of range.
    public init?(date: CivilDate, hour: Int, minute: Int = 0, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The Vietnam local time of an instant (fractions of a second dropped), or `nil` outside years 1–9999.
    public init?(_ instant: Date) {
        let seconds = instant.timeIntervalSince1970.rounded(.down) + Double(Self.utcOffsetSeconds)
        guard seconds.isFinite, abs(seconds) < 1e12 else { return nil }
        let total = Int(seconds)
        let (days, secondOfDay) = total.quotientAndRemainder(dividingBy: 86_400)
        // Floor division: an instant before 1970 has a negative remainder.
        let dayCount = secondOfDay < 0 ? days - 1 : days
        let second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        guard let date = CivilDate(julianDayNumber: Self.unixEpochJulianDayNumber + dayCount) else { return nil }
        self.date = date
        self.hour = second / 3600
        self.minute = second % 3600 / 60
        self.second = second % 60
    }

    /// The instant this local time denotes.
    public var instant: Date {
        let days = date.julianDayNumber - Self.unixEpochJulianDayNumber
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + secondsSinceMidnight - Self.utcOffsetSeconds))
    }

    /// Seconds elapsed since local midnight.
    public var secondsSinceMidnight: Int { hour * 3600 + minute * 60 + second }

    /// "HH:mm ngày DD/MM/YYYY", as printed on a receipt.
    public var description: String {
        CivilDate.padded(hour, 2) + ":" + CivilDate.padded(minute, 2) + " ngày " + date.vietnameseString
    }

    /// Returns whether one local time is earlier than another.
    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.secondsSinceMidnight) < (rhs.date, rhs.secondsSinceMidnight)
    }

    /// The JDN of 1970-01-01.
    static let unixEpochJulianDayNumber = 2_440_588
}

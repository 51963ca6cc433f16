import Foundation

/// A day of the Gregorian calendar, without time or time zone, such as 2026-02-17.
///
/// Internally every calendar computation in MotCua works on Julian Day Numbers (JDN: the day count
/// used by astronomers, Meeus, *Astronomical Algorithms*, ch. 7), which makes day arithmetic plain integer arithmetic.
public struct CivilDate: Hashable, Comparable, Sendable {
    /// The Gregorian year, 1 through 9999.
    public let year: Int
    /// The month, 1 through 12.
    public let month: Int
    /// The day of the month, 1 through 28–31.
    public let day: Int

    /// Creates a date, or returns `nil` when the day does not exist (2026-02-30, 2025-13-01, year 0).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.numberOfDays(inMonth: month, ofYear: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates a date from its Julian Day Number, or returns `nil` outside years 1–9999.
    init?(julianDayNumber jdn: Int) {
        // Inverse of the formula in `julianDayNumber` (Fliegel & Van Flandern, 1968); valid for jdn > 0.
        guard jdn >= 1_721_426, jdn <= 5_373_484 else { return nil }
        let a = jdn + 32044
        let b = (4 * a + 3) / 146_097
        let c = a - 146_097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        self.day = e - (153 * m + 2) / 5 + 1
        self.month = m + 3 - 12 * (m / 10)
        self.year = 100 * b + d - 4800 + m / 10
    }

    /// The Julian Day Number of this date (the JDN of 2000-01-01 is 2 451 545).
    var julianDayNumber: Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    /// Whether the year has 29 February in the Gregorian calendar.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in the month (28–31), or 0 for a month outside 1–12.
    public static func numberOfDays(inMonth month: Int, ofYear year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// The date `days` days later (earlier when negative), or `nil` outside years 1–9999.
    public func adding(days: Int) -> CivilDate? {
        let (sum, overflow) = julianDayNumber.addingReportingOverflow(days)
        return overflow ? nil : CivilDate(julianDayNumber: sum)
    }

    /// The number of days from this date to `other` (negative when `other` is earlier).
    public func days(to other: CivilDate) -> Int {
        other.julianDayNumber - julianDayNumber
    }

    /// The day of the week.
    public var weekday: Weekday {
        // JDN 0 was a Monday, so (jdn + 1) % 7 is 0 on Sundays.
        Weekday(rawValue: (julianDayNumber + 1) % 7 + 1) ?? .sunday
    }

    /// Returns whether one date is earlier than another.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A day of the week, numbered as Foundation's `Calendar` does (Sunday = 1).
public enum Weekday: Int, Hashable, Sendable, CaseIterable {
    case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

    /// Whether the day is a weekly rest day for civil servants, who work Monday to Friday.
    public var isWeekend: Bool { self == .saturday || self == .sunday }

    /// The Vietnamese name, as written inside a sentence ("thứ Hai", "Chủ nhật").
    public var vietnameseName: String {
        switch self {
        case .sunday: return "Chủ nhật"
        case .monday: return "thứ Hai"
        case .tuesday: return "thứ Ba"
        case .wednesday: return "thứ Tư"
        case .thursday: return "thứ Năm"
        case .friday: return "thứ Sáu"
        case .saturday: return "thứ Bảy"
        }
    }
}

// MARK: - Text

extension CivilDate: CustomStringConvertible, LosslessStringConvertible {
    /// Parses "YYYY-MM-DD" exactly (ISO 8601 calendar date), or returns `nil`.
    public init?(_ description: String) {
        self.init(isoString: description)
    }

    /// Parses "YYYY-MM-DD" exactly (four-digit year, two-digit month and day), or returns `nil`.
    public init?(isoString text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = CivilDate.decimal(parts[0]), let month = CivilDate.decimal(parts[1]),
              let day = CivilDate.decimal(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Parses the Vietnamese order "D/M/YYYY" (one or two digits for day and month, e.g. "2/9/2026"), or returns `nil`.
    public init?(dayMonthYear text: String) {
        guard let (day, month, year) = CivilDate.dayMonthYearParts(text) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// "YYYY-MM-DD", the form used in JSON and on the command line.
    public var isoString: String {
        CivilDate.padded(year, 4) + "-" + CivilDate.padded(month, 2) + "-" + CivilDate.padded(day, 2)
    }

    /// "DD/MM/YYYY", the form Vietnamese documents print.
    public var vietnameseString: String {
        CivilDate.padded(day, 2) + "/" + CivilDate.padded(month, 2) + "/" + CivilDate.padded(year, 4)
    }

    /// The ISO form "YYYY-MM-DD".
    public var description: String { isoString }

    /// Splits "D/M/YYYY" into its numbers without checking that the day exists; shared with lunar date parsing.
    static func dayMonthYearParts(_ text: String) -> (day: Int, month: Int, year: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
              parts[2].count == 4,
              let day = decimal(parts[0]), let month = decimal(parts[1]), let year = decimal(parts[2])
        else { return nil }
        return (day, month, year)
    }

    /// Reads ASCII digits only: `Int("+5")` and `Int("٣")`-like input must not pass as dates.
    static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension CivilDate: Codable {
    /// Decodes a date written as "YYYY-MM-DD".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(isoString: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" không phải ngày hợp lệ theo dạng YYYY-MM-DD.")
        }
        self = date
    }

    /// Encodes the date as "YYYY-MM-DD".
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(isoString)
    }
}

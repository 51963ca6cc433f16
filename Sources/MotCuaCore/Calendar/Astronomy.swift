import Foundation

/// The two astronomical quantities the Vietnamese lunar calendar needs: new moons and the sun's longitude.
///
/// This follows the method published by Hồ Ngọc Đức ("Thuật toán tính âm lịch"), itself built on
/// Jean Meeus, *Astronomical Algorithms*. The series are deliberately the short ones of that method,
/// not a modern ephemeris: the Vietnamese calendar in use is the one this method produces, and a more
/// precise model would move a new moon across midnight on a handful of dates and disagree with it.
/// All results are in Julian Ephemeris/Universal days; callers add the UTC+7 offset.
enum Astronomy {
    /// The mean synodic month in days (Meeus ch. 49).
    static let synodicMonth = 29.530588853
    /// The JD of the mean new moon number 0 of the series (6 January 1900, ≈ 13:51 UT).
    static let newMoonEpoch = 2_415_021.076998695
    /// Vietnam's legal time, UTC+7, in days: the calendar is computed for this meridian (105° E).
    static let vietnamTimeZone = 7.0 / 24.0

    private static let radiansPerDegree = Double.pi / 180

    /// The moment (JD, UT) of new moon number `k`, counted from the first new moon of 1900.
    ///
    /// Mean phase plus the principal periodic terms in the Sun's mean anomaly `m`, the Moon's mean
    /// anomaly `mPrime` and the Moon's argument of latitude `f`, in the 1900-epoch form of Meeus'
    /// "Phases of the Moon" (ch. 49 of the 2nd edition), then corrected from dynamical to universal
    /// time with a polynomial ΔT (Meeus ch. 10).
    static func newMoon(_ k: Int) -> Double {
        let k = Double(k)
        let t = k / 1236.85 // Julian centuries since 1900.0
        let t2 = t * t
        let t3 = t2 * t
        let dr = radiansPerDegree

        var meanPhase = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        meanPhase += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)

        let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
        let mPrime = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
        let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3

        var correction = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * m * dr)
        correction += -0.4068 * sin(mPrime * dr) + 0.0161 * sin(2 * mPrime * dr)
        correction += -0.0004 * sin(3 * mPrime * dr)
        correction += 0.0104 * sin(2 * f * dr) - 0.0051 * sin((m + mPrime) * dr)
        correction += -0.0074 * sin((m - mPrime) * dr) + 0.0004 * sin((2 * f + m) * dr)
        correction += -0.0004 * sin((2 * f - m) * dr) - 0.0006 * sin((2 * f + mPrime) * dr)
        correction += 0.0010 * sin((2 * f - mPrime) * dr) + 0.0005 * sin((2 * mPrime + m) * dr)

        let deltaT: Double
        if t < -11 {
            deltaT = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
        } else {
            deltaT = -0.000278 + 0.000265 * t + 0.000262 * t2
        }
        return meanPhase + correction - deltaT
    }

    /// The Julian Day Number of the local (UTC+7) day on which new moon `k` falls.
    static func newMoonDay(_ k: Int) -> Int {
        Int((newMoon(k) + 0.5 + vietnamTimeZone).rounded(.down))
    }

    /// The Sun's geometric longitude in radians, 0 ..< 2π, at Julian Date `jd`.
    ///
    /// Low-accuracy solar coordinates of Meeus ch. 25: mean longitude `l0` plus the equation of
    /// the centre computed from the mean anomaly `m` (about 0.01° accuracy, ample to tell which
    /// 30° sector the Sun is in at midnight).
    static func sunLongitude(atJulianDate jd: Double) -> Double {
        let t = (jd - 2_451_545.0) / 36525 // Julian centuries since J2000.0
        let t2 = t * t
        let dr = radiansPerDegree
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
        var centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(m * dr)
        centre += (0.019993 - 0.000101 * t) * sin(2 * m * dr) + 0.000290 * sin(3 * m * dr)
        let longitude = (l0 + centre) * dr
        let fullTurn = 2 * Double.pi
        return longitude - fullTurn * (longitude / fullTurn).rounded(.down)
    }

    /// Which 30° sector (0–11) the Sun is in at the start (local midnight, UTC+7) of day `jdn`.
    ///
    /// Sector boundaries are the major solar terms (trung khí): 270° is the winter solstice
    /// (Đông chí), so sector 9 is the month after it. A lunar month whose first day and the next
    /// month's first day fall in the same sector contains no major term.
    static func sunSector(atStartOfDay jdn: Int) -> Int {
        let midnight = Double(jdn) - 0.5 - vietnamTimeZone
        return Int(sunLongitude(atJulianDate: midnight) / Double.pi * 6)
    }

    /// The JDN of the first day of lunar month 11, the month that contains the winter solstice of `year`.
    static func month11Start(ofYear year: Int) -> Int {
        guard let december31 = CivilDate(year: year, month: 12, day: 31) else { return 0 }
        let offset = Double(december31.julianDayNumber) - 2_415_021.0
        let k = Int((offset / synodicMonth).rounded(.down))
        let candidate = newMoonDay(k)
        // If the Sun has already passed 270° when that month begins, the solstice fell in the month before.
        return sunSector(atStartOfDay: candidate) >= 9 ? newMoonDay(k - 1) : candidate
    }

    /// The number of the new moon that begins on local day `jdn` (or the nearest one).
    static func newMoonNumber(near jdn: Int) -> Int {
        Int(((Double(jdn) - newMoonEpoch) / synodicMonth).rounded())
    }
}

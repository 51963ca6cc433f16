import Foundation

/// How long a commune keeps the personal data of closed dossiers before it is anonymised (Luật Bảo vệ dữ liệu cá nhân
/// số 91/2025/QH15, in force from 1/1/2026, and Nghị định 13/2023/NĐ-CP before it: personal data is kept no longer than
/// its purpose needs; the dossier itself stays as an archive record).
///
/// The record of a one-stop dossier must stay readable for its archival period, so a commune may choose a longer
/// period but never one shorter than `legalMinimumYears`.
public struct PersonalDataRetention: Sendable, Equatable {
    /// The shortest period allowed: five years after closing, the shortest archival period of one-stop dossier records
    /// (Thông tư 10/2022/TT-BNV). A province that keeps longer raises its communes' periods, never this floor.
    public static let legalMinimumYears = 5
    /// The longest period the form accepts; beyond it a commune simply sets no rule.
    public static let maximumYears = 75

    /// Years after a dossier closes before its applicant's personal fields are anonymised.
    public let years: Int

    /// A retention period, or `nil` when `years` lies outside the legal range.
    public init?(years: Int) {
        guard (Self.legalMinimumYears...Self.maximumYears).contains(years) else { return nil }
        self.years = years
    }

    /// Reads the period a person typed, or returns a Vietnamese problem.
    public static func parse(_ text: String) -> Result<PersonalDataRetention, RetentionProblem> {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let years = Int(trimmed) else {
            return .failure(RetentionProblem(message: "Thời hạn lưu giữ phải là số năm (số nguyên)."))
        }
        guard let retention = PersonalDataRetention(years: years) else {
            return .failure(RetentionProblem(message: "Thời hạn lưu giữ phải từ \(legalMinimumYears) đến \(maximumYears) năm: không được ngắn hơn thời hạn lưu trữ hồ sơ theo quy định."))
        }
        return .success(retention)
    }

    /// The instant before which a dossier must have closed for its personal data to be anonymised now.
    ///
    /// Counted in calendar years in Vietnam time, so that a dossier closed on 10/03/2020 with five years is due from
    /// 10/03/2025 (29 February counts as 28 February in a common year).
    public func cutoff(now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!
        return calendar.date(byAdding: .year, value: -years, to: now) ?? now
    }

    /// Whether a dossier closed at `closedAt` is due for anonymisation at `now`.
    public func isDue(closedAt: Date, now: Date) -> Bool {
        closedAt <= cutoff(now: now)
    }
}

/// Why a retention period was refused, in Vietnamese.
public struct RetentionProblem: Error, Equatable, Sendable {
    public let message: String
}

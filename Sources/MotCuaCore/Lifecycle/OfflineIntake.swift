import Foundation

/// The rules for a dossier taken in at the counter while the network was down and sent once it came back.
///
/// The receipt (form 01) states the hour, minute and date the complete dossier was received, and the period is counted
/// from that receipt (Bộ luật Dân sự 2015 art. 147), so the time the officer recorded offline is the time of receipt:
/// taking the synchronisation time instead would move the appointed date and misstate the receipt. That time must be plausible: not ahead of the server's clock beyond a small
/// tolerance for the counter computer's clock, and not older than `maximumAge`, which covers a long outage (a storm, a
/// cut fibre over a weekend) but not a dossier back-dated by weeks.
public enum OfflineIntake {
    /// How far back an offline receipt time may lie: seven days.
    public static let maximumAge: TimeInterval = 7 * 24 * 3600
    /// How far ahead of the server's clock a counter computer's clock may run: two minutes.
    public static let clockTolerance: TimeInterval = 120

    /// Why an offline receipt time is refused.
    public enum Problem: Error, Equatable, Sendable {
        case inTheFuture
        case tooOld

        /// The refusal in Vietnamese, as the officer reads it.
        public var message: String {
            switch self {
            case .inTheFuture:
                "Thời điểm tiếp nhận ngoại tuyến ở sau thời điểm hiện tại: hãy kiểm tra đồng hồ của máy tính tại quầy."
            case .tooOld:
                "Thời điểm tiếp nhận ngoại tuyến đã quá 7 ngày: hồ sơ này không thể đồng bộ với thời điểm đó, hãy tiếp nhận lại tại quầy."
            }
        }
    }

    /// The problem with an offline receipt time recorded at `recordedAt` and sent at `syncedAt`, or `nil` when it stands.
    public static func problem(recordedAt: Date, syncedAt: Date) -> Problem? {
        if recordedAt.timeIntervalSince(syncedAt) > clockTolerance { return .inTheFuture }
        if syncedAt.timeIntervalSince(recordedAt) > maximumAge { return .tooOld }
        return nil
    }

    /// Whether `raw` is an acceptable idempotency key: 8 to 128 letters, digits, `-`, `_`, `.` or `:` (a UUID fits).
    public static func isValidIdempotencyKey(_ raw: String) -> Bool {
        (8...128).contains(raw.count) && raw.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.:".unicodeScalars.contains(scalar))
        }
    }

    /// The working days among the `dayCount` days from `start` on, in order: what a counter caches to compute appointed
    /// dates while offline (`WorkingDayCalendar.deadline` applied to this list gives the same dates).
    public static func workingDays(from start: CivilDate, dayCount: Int, in calendar: WorkingDayCalendar) -> [CivilDate] {
        (0..<max(dayCount, 0)).compactMap { start.adding(days: $0) }.filter { calendar.isWorkingDay($0) }
    }
}

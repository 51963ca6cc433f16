import Foundation

/// Where a citizen's fault report (a service request in Open311) stands.
///
/// The statuses tell the truth that residents ask for: "closed" is not "fixed", a duplicate points to the
/// report that carries the work, and "not our responsibility" says so instead of closing quietly.
public enum ServiceRequestStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case open
    case acknowledged
    case inProgress = "in_progress"
    case scheduled
    case fixed
    case duplicate
    case notOurResponsibility = "not_our_responsibility"
    case noFurtherAction = "no_further_action"
    case closed
    case reopened

    /// The Vietnamese name shown on every page.
    public var vietnameseName: String {
        switch self {
        case .open: "Mới tiếp nhận"
        case .acknowledged: "Đã xác nhận, đang xem xét"
        case .inProgress: "Đang xử lý"
        case .scheduled: "Đã lên lịch xử lý"
        case .fixed: "Đã khắc phục"
        case .duplicate: "Trùng với phản ánh khác"
        case .notOurResponsibility: "Không thuộc trách nhiệm của xã"
        case .noFurtherAction: "Không xử lý thêm"
        case .closed: "Đã đóng"
        case .reopened: "Mở lại"
        }
    }

    /// Whether the work on the report has ended; Open311 calls these `closed`, everything else `open`.
    public var isFinished: Bool {
        switch self {
        case .fixed, .duplicate, .notOurResponsibility, .noFurtherAction, .closed: true
        case .open, .acknowledged, .inProgress, .scheduled, .reopened: false
        }
    }

    /// The two-valued status of GeoReport v2.
    public var open311Status: String { isFinished ? "closed" : "open" }

    /// The status word of FixMyStreet's `servicerequestupdates` extension.
    public var fixMyStreetStatus: String {
        switch self {
        case .open: "OPEN"
        case .acknowledged: "INVESTIGATING"
        case .inProgress: "IN_PROGRESS"
        case .scheduled: "ACTION_SCHEDULED"
        case .fixed: "FIXED"
        case .duplicate: "DUPLICATE"
        case .notOurResponsibility: "NOT_COUNCILS_RESPONSIBILITY"
        case .noFurtherAction: "NO_FURTHER_ACTION"
        case .closed: "CLOSED"
        case .reopened: "REOPEN"
        }
    }

    /// The statuses an officer may set from this one. `open` is only ever the first status and
    /// `reopened` comes from the citizen (or an officer reopening a finished report).
    public var staffTargets: [ServiceRequestStatus] {
        if isFinished {
            return self == .closed ? [.reopened] : [.closed, .reopened]
        }
        return [.acknowledged, .inProgress, .scheduled, .fixed, .duplicate, .notOurResponsibility, .noFurtherAction]
            .filter { $0 != self }
    }
}

/// Why a change of a fault report's status was refused.
public enum ServiceRequestRuleError: Error, Equatable, Sendable {
    case notAllowed(from: ServiceRequestStatus, to: ServiceRequestStatus)
    case noteRequired
    case duplicateNeedsTarget
    case duplicateOfItself
    case reopenWindowPassed
    case notFixedYet

    /// The message shown to the person who asked for the change.
    public var vietnameseMessage: String {
        switch self {
        case .notAllowed(let from, let to):
            "Không thể chuyển phản ánh từ “\(from.vietnameseName)” sang “\(to.vietnameseName)”."
        case .noteRequired:
            "Cần ghi chú công khai cho người dân biết lý do."
        case .duplicateNeedsTarget:
            "Cần ghi mã phản ánh gốc mà phản ánh này trùng với."
        case .duplicateOfItself:
            "Một phản ánh không thể trùng với chính nó."
        case .reopenWindowPassed:
            "Đã quá \(ServiceRequestRules.citizenReopenDays) ngày kể từ khi khắc phục nên không thể mở lại; hãy gửi phản ánh mới."
        case .notFixedYet:
            "Phản ánh chưa được báo là đã khắc phục."
        }
    }
}

/// The rules of a fault report's life, apart from storage.
public enum ServiceRequestRules {
    /// A citizen may reopen or confirm a report within this many days of it being finished.
    public static let citizenReopenDays = 7
    /// The longest description accepted, on the page and through Open311.
    public static let descriptionLimit = 4_000
    /// The longest public note accepted with a change of status.
    public static let noteLimit = 2_000

    /// Checks an officer's change of status. A note is required for every finishing status except `fixed`
    /// and `closed` (the citizen must be told why nothing more will be done); a duplicate names its original.
    public static func checkStaffChange(
        from current: ServiceRequestStatus,
        to target: ServiceRequestStatus,
        publicNote: String,
        duplicateOfCode: String?,
        ownCode: String
    ) -> ServiceRequestRuleError? {
        guard current.staffTargets.contains(target) else { return .notAllowed(from: current, to: target) }
        let note = publicNote.trimmingCharacters(in: .whitespacesAndNewlines)
        switch target {
        case .duplicate:
            guard let original = duplicateOfCode?.trimmingCharacters(in: .whitespaces), !original.isEmpty else {
                return .duplicateNeedsTarget
            }
            if original.caseInsensitiveCompare(ownCode) == .orderedSame { return .duplicateOfItself }
        case .notOurResponsibility, .noFurtherAction, .reopened:
            if note.isEmpty { return .noteRequired }
        default:
            break
        }
        return nil
    }

    /// Checks a citizen's reopening: allowed when the report is finished (other than as a duplicate, where
    /// the original carries the work) and finished less than `citizenReopenDays` ago.
    public static func checkCitizenReopen(
        status: ServiceRequestStatus, finishedAt: Date?, now: Date
    ) -> ServiceRequestRuleError? {
        guard status.isFinished, status != .duplicate, let finishedAt else {
            return .notAllowed(from: status, to: .reopened)
        }
        if now.timeIntervalSince(finishedAt) > Double(citizenReopenDays) * 86_400 { return .reopenWindowPassed }
        return nil
    }

    /// Checks a citizen's confirmation that the fault is fixed, which closes the report.
    public static func checkCitizenConfirmation(
        status: ServiceRequestStatus, finishedAt: Date?, now: Date
    ) -> ServiceRequestRuleError? {
        guard status == .fixed else { return .notFixedYet }
        if let finishedAt, now.timeIntervalSince(finishedAt) > Double(citizenReopenDays) * 86_400 {
            return .reopenWindowPassed
        }
        return nil
    }
}

import Foundation

/// What the rules need to know about a dossier's procedure; kept on the dossier so that a later catalog edit
/// cannot change how its history replays.
public struct DossierTerms: Sendable, Equatable {
    public var processingTime: ProcessingTime
    public var cutOffHour: Int
    public var verificationExtraWorkingDays: Int?
    public var channel: IntakeChannel

    /// Creates the terms of one dossier.
    public init(processingTime: ProcessingTime, cutOffHour: Int, verificationExtraWorkingDays: Int?, channel: IntakeChannel) {
        self.processingTime = processingTime
        self.cutOffHour = cutOffHour
        self.verificationExtraWorkingDays = verificationExtraWorkingDays
        self.channel = channel
    }
}

/// The state of a dossier that the rules read and write; the stored dossier keeps the same fields.
public struct DossierState: Sendable, Equatable {
    public var status: DossierStatus
    /// When the complete dossier was first received: the clock counts from here, and a supplement during processing
    /// does not move it.
    public var receivedAt: Date?
    /// The appointed return time.
    public var dueAt: Date?
    /// The first appointed time, before an apology re-set it.
    public var originalDueAt: Date?
    /// The working days that were left when the legal clock stopped for the applicant (a supplement asked during
    /// processing, a fee awaited before the result); `nil` while the clock runs. While it is set, `dueAt` is `nil`.
    public var workingDaysLeftWhenStopped: Int?
    /// When the result was approved.
    public var completedAt: Date?
    public var returnedAt: Date?
    /// Whether the one supplement request allowed during processing was made; guidance at the desk before receipt
    /// does not count.
    public var supplementRequested: Bool
    public var apologyIssued: Bool
    public var resultIssued: Bool
    public var verificationExtended: Bool
    /// The username of the specialist in charge.
    public var assignee: String?
    public var returnMethod: ReturnMethod?

    /// Creates a state; stored dossiers are read back with this.
    public init(
        status: DossierStatus, receivedAt: Date?, dueAt: Date?, originalDueAt: Date?, completedAt: Date?, returnedAt: Date?,
        supplementRequested: Bool, apologyIssued: Bool, resultIssued: Bool, verificationExtended: Bool, assignee: String?, returnMethod: ReturnMethod?,
        workingDaysLeftWhenStopped: Int? = nil
    ) {
        self.status = status
        self.workingDaysLeftWhenStopped = workingDaysLeftWhenStopped
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.originalDueAt = originalDueAt
        self.completedAt = completedAt
        self.returnedAt = returnedAt
        self.supplementRequested = supplementRequested
        self.apologyIssued = apologyIssued
        self.resultIssued = resultIssued
        self.verificationExtended = verificationExtended
        self.assignee = assignee
        self.returnMethod = returnMethod
    }

    /// A dossier just created, before the desk's decision.
    public static let initial = DossierState(
        status: .new, receivedAt: nil, dueAt: nil, originalDueAt: nil, completedAt: nil, returnedAt: nil,
        supplementRequested: false, apologyIssued: false, resultIssued: false, verificationExtended: false, assignee: nil, returnMethod: nil
    )
}

extension DossierState {
    /// What the dossier page and the public lookup say instead of a due time while the clock is stopped for the
    /// applicant; `nil` when it is not.
    public var stoppedClockNote: String? {
        guard dueAt == nil, let left = workingDaysLeftWhenStopped else { return nil }
        let resumesWhen = status == .paymentRequested ? "nộp xong phí, lệ phí" : "nhận đủ hồ sơ bổ sung"
        let remaining = left == 0 ? "kết quả được trả trong ngày \(resumesWhen)" : "còn \(left) ngày làm việc, tính tiếp từ khi \(resumesWhen)"
        return "Tạm dừng tính thời hạn; thời gian đã giải quyết vẫn được tính, \(remaining)."
    }
}

/// Before time, on time or late: the third column of form 06 and the basis of the progress indicator.
public enum Timeliness: String, Sendable, Codable, CaseIterable {
    case beforeTime = "before_time"
    case onTime = "on_time"
    case late

    /// The word the forms print.
    public var vietnameseName: String {
        switch self {
        case .beforeTime: "Trước hạn"
        case .onTime: "Đúng hạn"
        case .late: "Quá hạn"
        }
    }

    /// Before time when done on an earlier day than the due day; on time by the due time; late after it, or
    /// whenever an apology re-set the date, since such a dossier still counts as late (the provinces' one-stop regulations).
    public static func of(completedAt: Date, dueAt: Date, apologyIssued: Bool) -> Timeliness {
        if apologyIssued || completedAt > dueAt { return .late }
        guard let done = LocalDateTime(completedAt)?.date, let due = LocalDateTime(dueAt)?.date else { return .onTime }
        return done < due ? .beforeTime : .onTime
    }
}

/// Who acts on a dossier.
public struct DossierActor: Sendable, Equatable {
    public var username: String
    public var roles: Set<Role>
    /// Whether the actor is the applicant, acting from their own account; an applicant holds no officer role.
    public var isApplicant: Bool

    /// Creates an officer actor.
    public init(username: String, roles: Set<Role>) {
        self.username = username
        self.roles = roles
        self.isApplicant = false
    }

    /// The applicant of a dossier, acting online under the account name `username`.
    public static func applicant(_ username: String) -> DossierActor {
        var actor = DossierActor(username: username, roles: [])
        actor.isApplicant = true
        return actor
    }

    /// The role column of the history for this actor: the officer's first role, or `applicant`.
    public var recordedRole: String {
        isApplicant ? Self.applicantRole : (roles.min() ?? .specialist).rawValue
    }

    /// What the history stores as the role of an applicant's step.
    public static let applicantRole = "applicant"

    /// The actor a history line names, for replay.
    public static func recorded(username: String, role: String) -> DossierActor {
        role == applicantRole ? .applicant(username) : DossierActor(username: username, roles: [Role(rawValue: role) ?? .specialist])
    }
}

/// Why a step was refused; `message` is Vietnamese and says what to do.
public struct DossierRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The step does not exist from the current status.
        case notAllowedNow = "not_allowed_now"
        /// The actor's role may not take the step.
        case notAllowedForRole = "not_allowed_for_role"
        /// The step is possible but its input is wrong (a missing reason, a bad date).
        case invalidInput = "invalid_input"
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }
}

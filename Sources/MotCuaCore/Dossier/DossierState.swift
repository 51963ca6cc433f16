import Foundation

/// What the rules need to know about a dossier's procedure. Copied onto the dossier at creation, so that a later
/// catalog edit cannot change how its history replays.
public struct DossierTerms: Sendable, Hashable {
    /// The legal time limit (thời hạn giải quyết).
    public var processingTime: ProcessingTime
    /// The hour after which a dossier counts as received on the next working day (usually 15, Luật Hộ tịch art. 5 cl. 3).
    public var cutOffHour: Int
    /// The longer limit that applies when verification is needed, e.g. 5 working days for marriage registration
    /// (Luật Hộ tịch art. 18); `nil` when the procedure has none.
    public var processingTimeWithVerification: ProcessingTime?

    /// Creates the terms of one dossier.
    public init(processingTime: ProcessingTime, cutOffHour: Int = WorkingDayCalendar.defaultCutOffHour,
                processingTimeWithVerification: ProcessingTime? = nil) {
        self.processingTime = processingTime
        self.cutOffHour = cutOffHour
        self.processingTimeWithVerification = processingTimeWithVerification
    }
}

/// Who takes a step: the officer's username and the role they act in (an officer with several roles picks one).
public struct DossierActor: Sendable, Hashable, Codable {
    /// The officer's username, recorded in the history.
    public var username: String
    /// The role the officer acts in for this step.
    public var role: Role

    /// Creates an actor.
    public init(username: String, role: Role) {
        self.username = username
        self.role = role
    }
}

/// Where a pause was taken, so that the step that ends it knows where the dossier goes back to.
public enum PauseStage: String, Sendable, Hashable, Codable {
    /// At intake: the dossier was never complete, so it is received afresh when it is (new receipt, new date).
    case intake
    /// During the department's review: the time already used counts, the rest is carried over.
    case review
    /// With the result at the desk: the clock no longer matters.
    case resultAtDesk = "result_at_desk"
}

/// The state of a dossier that the rules read and write; the stored dossier keeps the same fields.
public struct DossierState: Sendable, Hashable, Codable {
    /// Where the dossier stands.
    public var status: DossierStatus
    /// How it reached the commune.
    public var channel: IntakeChannel
    /// When the complete dossier was received: the clock counts from here (the latest receipt, after a supplement).
    public var receivedAt: Date?
    /// The working day the dossier counts as received on (after a cut-off or a day off, the next working day).
    public var countedReceiptDay: CivilDate?
    /// The appointed return time in force: shifted by pauses, re-set once by an apology.
    public var dueAt: Date?
    /// The appointment an apology replaced; `nil` when no apology was issued.
    public var dueBeforeApology: Date?
    /// The working day on which the clock was stopped for a pause that carries the remaining time over.
    public var clockPausedOn: CivilDate?
    /// Where a pending supplement or payment returns the dossier to.
    public var pauseStage: PauseStage?
    /// The handling department the desk forwarded the dossier to.
    public var department: String?
    /// The username of the specialist in charge.
    public var assignee: String?
    /// Whether form 02 was issued; it may be issued only once (NĐ 118/2025 art. 11).
    public var supplementAlreadyRequested: Bool
    /// Whether form 04 was issued; the date may be re-set only once, and the dossier then counts as late.
    public var apologyAlreadyIssued: Bool
    /// Whether the result document was signed; after it the dossier can no longer be stopped (NĐ 118/2025 art. 21).
    public var resultIssued: Bool
    /// Whether the longer limit for verification was already applied.
    public var verificationTimeApplied: Bool
    /// When the result reached the desk: the time judged against the appointment.
    public var completedAt: Date?
    /// When the result was handed back.
    public var returnedAt: Date?
    /// How the result was handed back.
    public var deliveryMethod: ResultDeliveryMethod?

    /// A dossier just created, before any clock: counter and postal dossiers are created by the desk officer after
    /// checking the papers, so they start received; online dossiers start as submitted and wait for the desk.
    /// `DossierStateMachine.open` starts the clock of a dossier created received.
    public static func initial(channel: IntakeChannel) -> DossierState {
        DossierState(status: channel == .online ? .submittedOnline : .received, channel: channel)
    }

    /// Creates a state; stored dossiers are read back with this.
    public init(
        status: DossierStatus, channel: IntakeChannel, receivedAt: Date? = nil, countedReceiptDay: CivilDate? = nil,
        dueAt: Date? = nil, dueBeforeApology: Date? = nil, clockPausedOn: CivilDate? = nil, pauseStage: PauseStage? = nil,
        department: String? = nil, assignee: String? = nil, supplementAlreadyRequested: Bool = false,
        apologyAlreadyIssued: Bool = false, resultIssued: Bool = false, verificationTimeApplied: Bool = false,
        completedAt: Date? = nil, returnedAt: Date? = nil, deliveryMethod: ResultDeliveryMethod? = nil
    ) {
        self.status = status
        self.channel = channel
        self.receivedAt = receivedAt
        self.countedReceiptDay = countedReceiptDay
        self.dueAt = dueAt
        self.dueBeforeApology = dueBeforeApology
        self.clockPausedOn = clockPausedOn
        self.pauseStage = pauseStage
        self.department = department
        self.assignee = assignee
        self.supplementAlreadyRequested = supplementAlreadyRequested
        self.apologyAlreadyIssued = apologyAlreadyIssued
        self.resultIssued = resultIssued
        self.verificationTimeApplied = verificationTimeApplied
        self.completedAt = completedAt
        self.returnedAt = returnedAt
        self.deliveryMethod = deliveryMethod
    }

    /// Whether the dossier counts as late whatever happens next: an apology was issued (DOMAIN.md §2).
    public var countsAsLate: Bool { apologyAlreadyIssued }
}

/// Why a step was refused; `message` is Vietnamese and tells the officer what is wrong.
public struct DossierRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of refusal; the API answers 422 for all, the messages differ.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The action does not exist from the dossier's current status.
        case notAllowedInStatus = "not_allowed_in_status"
        /// The action exists from this status, but not for the actor's role (or the actor is not the assignee).
        case notAllowedForRole = "not_allowed_for_role"
        /// A rule of the law forbids it now: a second supplement request, a second or late apology, a stop after the result.
        case ruleViolated = "rule_violated"
        /// A field is missing or wrong: a reason, a date, an amount.
        case invalidInput = "invalid_input"
    }

    /// The kind of refusal.
    public let kind: Kind
    /// The Vietnamese message shown to the officer.
    public let message: String

    /// Creates a refusal.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// What a step does beyond its new status, for the server to act on (print a form, notify the applicant).
public enum DossierEffect: Sendable, Hashable {
    /// The clock starts at a (new) receipt: form 01 carries this appointment.
    case clockStarted(countedReceiptDay: CivilDate, dueAt: LocalDateTime)
    /// The clock stops. When `restartsFromZero`, the receipt is void and the complete dossier will get a new date.
    case clockStopped(on: CivilDate, restartsFromZero: Bool)
    /// The clock runs again with the time that was left; the appointment moves to `dueAt`.
    case clockResumed(dueAt: LocalDateTime)
    /// The procedure's longer limit for verification applies from now on.
    case dueDateExtended(to: LocalDateTime)
    /// The apology re-set the appointment, once.
    case dueDateReset(from: LocalDateTime, to: LocalDateTime)
    /// The dossier now counts as late, whatever happens next.
    case countsAsLate
    /// The result document exists: the dossier can no longer be stopped.
    case resultIssued
    /// The result reached the desk, before time, on time or late.
    case completed(Timeliness)
    /// The desk must issue this form to the applicant.
    case issueForm(OneStopForm)
}

/// The outcome of an allowed step: the new state and what else it does.
public struct DossierTransition: Sendable, Hashable {
    /// The normalised command that was applied (trimmed texts), as the history stores it.
    public let command: DossierCommand
    /// The state before the step.
    public let previous: DossierState
    /// The state after the step.
    public let state: DossierState
    /// The effects, in the order they happen.
    public let effects: [DossierEffect]
}

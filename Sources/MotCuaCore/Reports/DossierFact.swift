import Foundation

/// What the reports need to know about one dossier, read from its stored state.
public struct DossierFact: Sendable, Equatable {
    /// The day the dossier entered the system (the middle part of its code): intake figures count on this day.
    public var intakeDay: CivilDate
    public var channel: IntakeChannel
    public var procedureCode: String
    /// The procedure's field (lĩnh vực), as its raw value.
    public var field: String
    /// The handling department's id as text, empty when none.
    public var departmentKey: String
    /// The username of the specialist in charge, empty when none.
    public var officer: String
    public var state: DossierState

    /// Creates the facts of one dossier.
    public init(intakeDay: CivilDate, channel: IntakeChannel, procedureCode: String, field: String, departmentKey: String, officer: String, state: DossierState) {
        self.intakeDay = intakeDay
        self.channel = channel
        self.procedureCode = procedureCode
        self.field = field
        self.departmentKey = departmentKey
        self.officer = officer
        self.state = state
    }

    /// Before time, on time or late, once a result was approved; the same rule the stored dossier and form 06 use.
    public var handledTimeliness: Timeliness? {
        guard let completedAt = state.completedAt, let dueAt = state.dueAt else { return nil }
        return Timeliness.of(completedAt: completedAt, dueAt: dueAt, apologyIssued: state.apologyIssued)
    }

    /// Hours from receipt to the approved result, rounded up; `nil` before a result.
    public var processingHours: Int? {
        guard let seconds = processingSeconds else { return nil }
        return Int((Double(seconds) / 3600).rounded(.up))
    }

    /// Seconds from receipt to the approved result; `nil` before a result.
    public var processingSeconds: Int64? {
        guard let completedAt = state.completedAt, let receivedAt = state.receivedAt else { return nil }
        return Int64(max(0, completedAt.timeIntervalSince(receivedAt)).rounded())
    }

    /// Where an unfinished dossier stands at `instant`: with the department within its time or past it, or waiting
    /// for the applicant; `nil` for a dossier with a result or closed.
    public func openStanding(at instant: Date) -> OpenStanding? {
        guard !state.status.isClosed, state.completedAt == nil else { return nil }
        if state.status.isClockRunning, let due = state.dueAt {
            return due < instant ? .overdue : .withinTime
        }
        return .waitingForApplicant
    }
}

/// The standing of a dossier still in process.
public enum OpenStanding: String, Sendable, CaseIterable, Codable {
    case withinTime = "within_time"
    case overdue
    /// Waiting for a supplement, a payment or the desk's decision: the legal clock is stopped.
    case waitingForApplicant = "waiting_for_applicant"
}

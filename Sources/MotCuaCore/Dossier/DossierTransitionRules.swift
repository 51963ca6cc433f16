/// One line of the transition table: an action may be taken from these statuses by these roles.
struct DossierTransitionRule: Sendable {
    let action: DossierAction
    let from: Set<DossierStatus>
    let roles: Set<Role>
    /// Roles that may act only on a dossier assigned to them (the specialist in charge).
    let assigneeOnly: Set<Role>
}

/// The transition table: which action from which status by which role. The new status is decided by
/// `DossierStateMachine`, since a few depend on where a pause began.
///
/// Sources: Nghị định 118/2025/NĐ-CP (reception and forms 01–03; supplement only once — art. 11; stop at the
/// applicant's request if no result was issued — art. 21), Thông tư 03/2025/TT-VPCP (forms 01–07), and the provincial
/// rule of one apology (form 04) at least one working day before the deadline, by the handling unit's head or the
/// leader who signs (DOMAIN.md §2). The desk (counterOfficer) takes every step that faces the applicant; the
/// department head assigns; the assigned specialist reviews and proposes; the commune leader approves or sends back.
/// The system administrator and the province office take no business step: they administer and supervise.
enum DossierTransitionRules {
    private static let desk: Set<Role> = [.counterOfficer]
    private static let head: Set<Role> = [.departmentHead]
    private static let leader: Set<Role> = [.communeLeader]
    private static let specialist: Set<Role> = [.specialist]

    /// The statuses in which the dossier is with the handling department.
    static let withDepartment: Set<DossierStatus> = Set(DossierStatus.allCases.filter(\.isWithHandlingDepartment))

    static let all: [DossierTransitionRule] = [
        rule(.receive, [.submittedOnline], desk),
        // At intake the desk asks; during review the specialist in charge (or the head) drafts form 02, which the
        // desk sends. Both count towards the single request of NĐ 118/2025 art. 11.
        rule(.requestSupplement, [.submittedOnline, .received], desk),
        rule(.requestSupplement, [.underReview], specialist.union(head), assigneeOnly: specialist),
        rule(.supplementProvided, [.supplementRequested], desk),
        rule(.refuse, [.submittedOnline, .received], desk),
        rule(.forwardToDepartment, [.received], desk),
        // Reassignment is allowed until the proposal goes up, e.g. when a specialist is absent.
        rule(.assignSpecialist, [.assignedToDepartment, .assignedToSpecialist, .underReview, .returnedForRework], head),
        rule(.startReview, [.assignedToSpecialist], specialist, assigneeOnly: specialist),
        rule(.propose, [.underReview, .returnedForRework], specialist, assigneeOnly: specialist),
        rule(.approve, [.awaitingApproval], leader),
        rule(.sendBack, [.awaitingApproval], leader),
        // Either side of the hand-over may record it: the department that sends or the desk that receives.
        rule(.deliverResultToDesk, [.approved], specialist.union(head).union(desk)),
        rule(.returnResult, [.resultReadyAtDesk], desk),
        rule(.issueApology, withDepartment, head.union(leader)),
        rule(.requestPayment, [.received, .resultReadyAtDesk], desk),
        rule(.requestPayment, [.underReview], specialist.union(head), assigneeOnly: specialist),
        rule(.recordPayment, [.paymentRequested], desk),
        rule(.pauseForVerification, [.underReview], specialist.union(head), assigneeOnly: specialist),
        rule(.resumeAfterVerification, [.pausedForVerification], specialist.union(head), assigneeOnly: specialist),
        rule(.applicantWithdraws, [.submittedOnline, .received, .supplementRequested], desk),
        // Form 05 is for a dossier in processing; a payment pending after the result is refused by the result rule.
        rule(.stopAtApplicantRequest, withDepartment.union([.paymentRequested]), desk),
    ]

    /// The rules of an action that start from a status.
    static func rules(for action: DossierAction, from status: DossierStatus) -> [DossierTransitionRule] {
        all.filter { $0.action == action && $0.from.contains(status) }
    }

    private static func rule(_ action: DossierAction, _ from: Set<DossierStatus>, _ roles: Set<Role>,
                             assigneeOnly: Set<Role> = []) -> DossierTransitionRule {
        DossierTransitionRule(action: action, from: from, roles: roles, assigneeOnly: assigneeOnly)
    }
}

import Foundation

/// The life of a dossier: which step is allowed from which status and for which role, and what it changes.
///
/// Sources: Nghị định 118/2025/NĐ-CP (reception, supplement only once — art. 11; stop at the applicant's request —
/// art. 21), Thông tư 03/2025/TT-VPCP (forms 01–07), and the provincial rule that a late dossier gets one apology with a
/// new date, issued at least one working day before the deadline, as the provinces' one-stop regulations keep it.
public enum DossierRules {
    /// From which statuses each action may be taken, and by which roles.
    static let table: [DossierAction: (from: Set<DossierStatus>, roles: Set<Role>)] = [
        .receive: ([.new], [.counterOfficer]),
        .requestSupplement: ([.new, .received, .assigned, .underReview], [.counterOfficer, .specialist, .departmentHead]),
        .provideSupplement: ([.supplementRequested], [.counterOfficer]),
        .refuse: ([.new, .received, .supplementRequested], [.counterOfficer]),
        .forward: ([.received], [.counterOfficer]),
        .assign: ([.forwarded, .assigned], [.departmentHead]),
        .startReview: ([.assigned], [.specialist, .departmentHead]),
        .propose: ([.underReview, .returnedForRework], [.specialist, .departmentHead]),
        .approve: ([.awaitingApproval], [.communeLeader]),
        .sendBack: ([.awaitingApproval], [.communeLeader]),
        .requestPayment: ([.received, .resultReady], [.counterOfficer]),
        .recordPayment: ([.paymentRequested], [.counterOfficer]),
        .pauseForVerification: ([.underReview], [.specialist, .departmentHead]),
        .resumeAfterVerification: ([.pausedForVerification], [.specialist, .departmentHead]),
        .issueApology: ([.forwarded, .assigned, .underReview, .awaitingApproval, .returnedForRework, .pausedForVerification], [.departmentHead, .communeLeader]),
        .returnResult: ([.resultReady], [.counterOfficer]),
        .withdraw: ([.new, .received, .supplementRequested, .paymentRequested], [.counterOfficer]),
        .stop: ([.forwarded, .assigned, .underReview, .awaitingApproval, .returnedForRework, .pausedForVerification], [.counterOfficer]),
        .refuseDuringProcessing: ([.forwarded, .assigned, .underReview, .awaitingApproval, .returnedForRework, .pausedForVerification], [.specialist, .departmentHead, .communeLeader]),
        // The applicant's own steps online: no officer role takes them (see `applicantActions`).
        .submitOnline: ([.new], []),
        .submitSupplement: ([.supplementRequested], []),
        .requestStop: ([.new, .received, .supplementRequested, .paymentRequested, .forwarded, .assigned, .underReview, .awaitingApproval, .returnedForRework, .pausedForVerification], []),
    ]

    /// The steps an applicant takes from their account; every other step belongs to officers.
    static let applicantActions: Set<DossierAction> = [.submitOnline, .submitSupplement, .requestStop]

    /// Whether the actor may take the action, by role (officers) or as the applicant.
    private static func mayTake(_ action: DossierAction, roles: Set<Role>, actor: DossierActor) -> Bool {
        actor.isApplicant ? applicantActions.contains(action) : !roles.isDisjoint(with: actor.roles)
    }

    /// Statuses a requested payment returns to: before processing the dossier goes on to the department, after it the result waits at the desk.
    private static let paymentReturnsTo: [Bool: DossierStatus] = [false: .received, true: .resultReady]

    /// The actions the actor may take now (for the buttons of a page); inputs are checked when one is taken.
    public static func allowedActions(for state: DossierState, actor: DossierActor) -> [DossierAction] {
        DossierAction.allCases.filter { action in
            guard let rule = table[action], rule.from.contains(state.status), mayTake(action, roles: rule.roles, actor: actor) else { return false }
            switch action {
            case .requestSupplement: return state.receivedAt == nil || !state.supplementRequested
            case .issueApology: return !state.apologyIssued
            case .startReview: return state.assignee == actor.username || actor.roles.contains(.departmentHead)
            case .refuseDuringProcessing: return mayRefuseDuringProcessing(state, actor: actor)
            case .pauseForVerification: return true
            // Submitting creates the dossier (see `DossierService.intake`); it is never a step offered on an existing one.
            case .submitOnline: return false
            default: return true
            }
        }
    }

    /// The state after `command`, or why it cannot be taken.
    public static func apply(
        _ command: DossierCommand, to state: DossierState, by actor: DossierActor, at now: Date,
        terms: DossierTerms, calendar: WorkingDayCalendar
    ) throws(DossierRuleError) -> DossierState {
        let action = command.action
        guard let rule = table[action] else { throw refusal(.notAllowedNow, "Thao tác không tồn tại.") }
        guard rule.from.contains(state.status) else {
            throw refusal(.notAllowedNow, "Không thể \"\(action.vietnameseName.lowercased())\" khi hồ sơ đang ở trạng thái \"\(state.status.vietnameseName)\".")
        }
        guard mayTake(action, roles: rule.roles, actor: actor) else {
            if actor.isApplicant { throw refusal(.notAllowedForRole, "Người nộp hồ sơ không tự \"\(action.vietnameseName.lowercased())\"; việc này do cán bộ thực hiện.") }
            let allowed = applicantActions.contains(action) ? "người nộp hồ sơ" : rule.roles.sorted().map(\.vietnameseName).joined(separator: ", ")
            throw refusal(.notAllowedForRole, "Chỉ \(allowed) được \"\(action.vietnameseName.lowercased())\".")
        }
        var next = state
        switch command {
        case .receive:
            // Also the desk taking in a supplement the applicant sent online during processing: the clock resumes.
            try startOrResumeClock(&next, at: now, terms: terms, calendar: calendar)
            next.status = .received
        case .requestSupplement(let missing, _):
            // Before receipt this is the desk's guidance on what to complete (form 02), a separate step from the one
            // request allowed once the dossier is being processed: the first must not use up the second.
            let isDuringProcessing = state.receivedAt != nil
            guard !(isDuringProcessing && state.supplementRequested) else {
                throw refusal(.invalidInput, "Hồ sơ đã được yêu cầu bổ sung một lần trong quá trình giải quyết; theo Điều 11 Nghị định 118/2025/NĐ-CP chỉ được yêu cầu bổ sung một lần.")
            }
            guard missing.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw refusal(.invalidInput, "Cần liệt kê đầy đủ các giấy tờ, nội dung phải bổ sung.")
            }
            if isDuringProcessing {
                next.supplementRequested = true
                try stopClock(&next, at: now, calendar: calendar)
            }
            next.status = .supplementRequested
        case .provideSupplement:
            try startOrResumeClock(&next, at: now, terms: terms, calendar: calendar)
            next.status = .received
        case .refuse(let reason), .withdraw(let reason):
            try requireText(reason, "Cần ghi rõ lý do.")
            next.status = action == .refuse ? .refused : .withdrawn
        case .forward:
            next.status = .forwarded
        case .assign(let assignee):
            try requireText(assignee, "Cần chọn chuyên viên được phân công.")
            next.assignee = assignee
            next.status = .assigned
        case .startReview:
            guard state.assignee == actor.username || actor.roles.contains(.departmentHead) else {
                throw refusal(.notAllowedForRole, "Chỉ chuyên viên được phân công mới bắt đầu thẩm định hồ sơ này.")
            }
            next.status = .underReview
        case .propose:
            guard state.assignee == actor.username || actor.roles.contains(.departmentHead) else {
                throw refusal(.notAllowedForRole, "Chỉ chuyên viên được phân công mới trình hồ sơ này.")
            }
            next.status = .awaitingApproval
        case .approve:
            next.resultIssued = true
            next.completedAt = now
            next.status = .resultReady
        case .sendBack(let reason):
            try requireText(reason, "Cần ghi rõ lý do trả lại.")
            next.status = .returnedForRework
        case .requestPayment(let amount):
            guard amount > 0 else { throw refusal(.invalidInput, "Số tiền phải lớn hơn 0 đồng.") }
            // Waiting for the applicant's fee is the applicant's time, not the department's: before the result the
            // clock stops, and resumes with the days that were left once the fee is paid.
            if !state.resultIssued { try stopClock(&next, at: now, calendar: calendar) }
            next.status = .paymentRequested
        case .recordPayment:
            if !state.resultIssued { try startOrResumeClock(&next, at: now, terms: terms, calendar: calendar) }
            next.status = paymentReturnsTo[state.resultIssued] ?? .received
        case .pauseForVerification(let reason):
            try requireText(reason, "Cần ghi rõ nội dung cần xác minh và cơ quan xác minh.")
            // A procedure that allows extra days for verification (e.g. Luật Hộ tịch art. 18) extends the date once.
            if let extra = terms.verificationExtraWorkingDays, extra > 0, !state.verificationExtended, let due = state.dueAt {
                next.dueAt = try extend(due, byWorkingDays: extra, calendar: calendar)
                next.verificationExtended = true
            }
            next.status = .pausedForVerification
        case .resumeAfterVerification:
            next.status = .underReview
        case .issueApology(let reason, let newDueDate):
            try requireText(reason, "Cần ghi rõ lý do chậm trễ.")
            guard !state.apologyIssued else { throw refusal(.invalidInput, "Hồ sơ đã được xin lỗi và hẹn lại một lần; không được hẹn lại lần nữa.") }
            guard let due = state.dueAt, let dueDay = LocalDateTime(due)?.date, let today = LocalDateTime(now)?.date else {
                throw refusal(.notAllowedNow, "Hồ sơ chưa có ngày hẹn trả.")
            }
            guard let ahead = calendar.workingDays(from: today, to: dueDay), ahead >= 1 else {
                throw refusal(.invalidInput, "Phiếu xin lỗi phải gửi chậm nhất 1 ngày làm việc trước hạn trả (hạn hiện tại: \(dueDay.vietnameseString)).")
            }
            guard newDueDate > dueDay else { throw refusal(.invalidInput, "Ngày hẹn mới phải sau ngày hẹn hiện tại (\(dueDay.vietnameseString)).") }
            guard calendar.isWorkingDay(newDueDate) else { throw refusal(.invalidInput, "Ngày hẹn mới \(newDueDate.vietnameseString) là ngày nghỉ; chọn một ngày làm việc.") }
            guard let newDue = LocalDateTime(date: newDueDate, hour: 17)?.instant else { throw refusal(.invalidInput, "Ngày hẹn mới không hợp lệ.") }
            next.originalDueAt = state.originalDueAt ?? due
            next.dueAt = newDue
            next.apologyIssued = true
        case .returnResult(let method):
            next.returnMethod = method
            next.returnedAt = now
            next.status = .returned
        case .submitOnline:
            // Submitted from the applicant's account: it waits at the desk, which receives, asks for a supplement or refuses.
            next.status = .new
        case .submitSupplement(let documents):
            guard !documents.isEmpty else { throw refusal(.invalidInput, "Cần tải lên ít nhất một giấy tờ bổ sung.") }
            // Back to the desk, which checks the completed dossier like a new one: it receives it (the clock starts, or
            // resumes when the request came during processing) or refuses it; a second request during processing is
            // not allowed (Điều 11 Nghị định 118/2025/NĐ-CP).
            next.status = .new
        case .requestStop(let reason):
            try requireText(reason, "Cần ghi rõ lý do đề nghị dừng hoặc rút hồ sơ.")
            // Only a request: the desk decides (withdraw before processing, stop during it) or goes on.
            break
        case .refuseDuringProcessing(let reason):
            // The handling agency that finds the dossier does not qualify returns it with a written notice of the
            // reasons (form 03), within the time for handling it: Nghị định 61/2018/NĐ-CP, Điều 17 khoản 1 (sửa đổi
            // bởi Nghị định 107/2021/NĐ-CP), a rule Nghị định 118/2025/NĐ-CP keeps. The refusal ends the handling, so
            // it is dated like a result: before the due time it is handled in time, after it late.
            guard mayRefuseDuringProcessing(state, actor: actor) else {
                throw refusal(.notAllowedForRole, "Chỉ chuyên viên được phân công, trưởng phòng hoặc lãnh đạo UBND được từ chối giải quyết hồ sơ này.")
            }
            try requireText(reason, "Cần ghi rõ lý do từ chối giải quyết: phiếu từ chối (mẫu số 03) phải nêu lý do cụ thể.")
            next.completedAt = now
            next.status = .refusedDuringProcessing
        case .stop(let reason):
            try requireText(reason, "Cần ghi rõ lý do người nộp yêu cầu dừng.")
            guard !state.resultIssued else { throw refusal(.notAllowedNow, "Đã có kết quả giải quyết, không thể dừng.") }
            next.status = .stopped
        }
        return next
    }

    /// A specialist refuses only a dossier assigned to them; the department head and the leader refuse any in process.
    private static func mayRefuseDuringProcessing(_ state: DossierState, actor: DossierActor) -> Bool {
        state.assignee == actor.username || !actor.roles.isDisjoint(with: [.departmentHead, .communeLeader])
    }

    /// Replays a history from the initial state; the stored state of a dossier must equal this.
    public static func replay(
        _ steps: [(command: DossierCommand, actor: DossierActor, at: Date)], terms: DossierTerms, calendar: WorkingDayCalendar
    ) throws(DossierRuleError) -> DossierState {
        var state = DossierState.initial
        for step in steps {
            state = try apply(step.command, to: state, by: step.actor, at: step.at, terms: terms, calendar: calendar)
        }
        return state
    }

    /// Starts the clock at the first receipt, or resumes it after the applicant's supplement or payment.
    ///
    /// A supplement asked during processing does not restart the time: the time already spent counts, and the
    /// working days that were left run again from the moment the supplement arrives, counted like a receipt (the
    /// day itself not counted, the cut-off hour applied); the first receipt time stays. Nghị định 61/2018/NĐ-CP,
    /// Điều 17 khoản 1 điểm c (sửa đổi bởi Nghị định 107/2021/NĐ-CP): "thời gian mà cơ quan, tổ chức đã giải quyết
    /// lần đầu được tính trong thời gian giải quyết hồ sơ", a rule Nghị định 118/2025/NĐ-CP, which replaced both
    /// decrees, keeps with the one supplement request of its Điều 11.
    private static func startOrResumeClock(_ state: inout DossierState, at now: Date, terms: DossierTerms, calendar: WorkingDayCalendar) throws(DossierRuleError) {
        if state.receivedAt == nil {
            let deadline = try makeDeadline(at: now, processingTime: terms.processingTime, terms: terms, calendar: calendar)
            state.receivedAt = now
            state.dueAt = deadline.dueInstant
            state.originalDueAt = deadline.dueInstant
            return
        }
        // Stopped when already past its due time: waiting for the applicant does not cure the delay.
        guard let left = state.workingDaysLeftWhenStopped else { return }
        let deadline = try makeDeadline(at: now, processingTime: ProcessingTime(workingDayCount: left), terms: terms, calendar: calendar)
        state.dueAt = deadline.dueInstant
        state.workingDaysLeftWhenStopped = nil
        // The appointment moved for the applicant's sake; an apology's first date, once issued, stays the one form 04 prints.
        if !state.apologyIssued { state.originalDueAt = deadline.dueInstant }
    }

    /// Stops the clock, keeping the working days left after today up to the due day (today counts as spent).
    private static func stopClock(_ state: inout DossierState, at now: Date, calendar: WorkingDayCalendar) throws(DossierRuleError) {
        guard let due = state.dueAt, now < due else { return }
        guard let today = LocalDateTime(now)?.date, let dueDay = LocalDateTime(due)?.date, let left = calendar.workingDays(from: today, to: dueDay) else {
            throw refusal(.invalidInput, "Không tính được thời hạn còn lại của hồ sơ.")
        }
        state.workingDaysLeftWhenStopped = max(0, left)
        state.dueAt = nil
    }

    private static func makeDeadline(at now: Date, processingTime: ProcessingTime, terms: DossierTerms, calendar: WorkingDayCalendar) throws(DossierRuleError) -> Deadline {
        guard let deadline = calendar.deadline(receivedAt: now, processingTime: processingTime, channel: terms.channel, cutOffHour: terms.cutOffHour) else {
            throw refusal(.invalidInput, "Không tính được ngày hẹn trả cho thời điểm này.")
        }
        return deadline
    }

    private static func extend(_ due: Date, byWorkingDays days: Int, calendar: WorkingDayCalendar) throws(DossierRuleError) -> Date {
        guard let local = LocalDateTime(due), let extended = calendar.dueAt(local, extendedByWorkingDays: days) else {
            throw refusal(.invalidInput, "Không gia hạn được ngày hẹn trả.")
        }
        return extended.instant
    }

    private static func requireText(_ text: String, _ message: String) throws(DossierRuleError) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw refusal(.invalidInput, message) }
    }

    private static func refusal(_ kind: DossierRuleError.Kind, _ message: String) -> DossierRuleError {
        DossierRuleError(kind: kind, message: message)
    }
}

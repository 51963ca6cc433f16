import Foundation
import MotCuaCore

/// The people of one generated commune who act on its dossiers.
struct BenchStaff: Sendable {
    struct Person: Sendable {
        let id: UUID
        let username: String
        let actor: DossierActor
        /// What the history records as the actor's unit.
        let unitName: String
    }

    let counterOfficers: [Person]
    let leader: Person
    /// Head and specialists of each department kind that handles procedures, with the department's id.
    let departments: [String: (id: UUID, head: Person, specialists: [Person])]
}

/// One step of a generated history, as `DossierService` would have recorded it.
struct BenchStep: Sendable {
    let command: DossierCommand
    let actor: BenchStaff.Person?
    let applicantName: String?
    let at: Date
    let from: DossierStatus?
    let to: DossierStatus
}

/// The life of one generated dossier: its steps up to the reference time, through the real rules of `DossierRules`.
///
/// Every step is taken with `DossierRules.apply`, so the stored state always equals the replay of the history, exactly
/// as for a dossier handled in the application. A step the rules refuse ends the simulation there.
struct BenchDossierSimulation {
    /// What the dice decided for a dossier before it starts.
    struct Plan {
        var channel: IntakeChannel
        var refuseAtIntake = false
        var supplementAtIntake = false
        var supplementAnswered = true
        var withdraw = false
        var stopDuringProcessing = false
        var refuseDuringProcessing = false
        var pauseForVerification = false
        var sendBack = false
        var askPayment = false
        var apologise = false
        /// Where approval falls, as a fraction of the time allowed: above 1 is late.
        var approvalFraction = 0.6
        /// Stop as soon as the dossier reaches this status (used to make sure every status exists).
        var holdAt: DossierStatus?
    }

    let terms: DossierTerms
    let calendar: WorkingDayCalendar
    let now: Date
    let staff: BenchStaff
    let departmentKind: String
    let feeAmount: Int64
    let missingDocument: String

    private(set) var state = DossierState.initial
    private(set) var steps: [BenchStep] = []
    private(set) var assignee: BenchStaff.Person?
    private(set) var receiver: BenchStaff.Person?
    private var clock: Date = .distantPast
    private var isOver = false

    init(terms: DossierTerms, calendar: WorkingDayCalendar, now: Date, staff: BenchStaff, departmentKind: String, feeAmount: Int64, missingDocument: String) {
        self.terms = terms
        self.calendar = calendar
        self.now = now
        self.staff = staff
        self.departmentKind = departmentKind
        self.feeAmount = feeAmount
        self.missingDocument = missingDocument
    }

    /// Takes one step after `hours` (wall-clock) unless the reference time comes first or the rules refuse it.
    @discardableResult
    private mutating func take(_ command: DossierCommand, by person: BenchStaff.Person?, applicant: String? = nil, after hours: Double, plan: Plan) -> Bool {
        guard !isOver else { return false }
        let at = clock.addingTimeInterval(hours * 3600)
        guard at < now else {
            isOver = true
            return false
        }
        let actor = person?.actor ?? DossierActor.applicant(applicant ?? "")
        do {
            let next = try DossierRules.apply(command, to: state, by: actor, at: at, terms: terms, calendar: calendar)
            steps.append(BenchStep(command: command, actor: person, applicantName: applicant, at: at, from: steps.isEmpty ? nil : state.status, to: next.status))
            state = next
            clock = at
            if let hold = plan.holdAt, next.status == hold { isOver = true }
            if next.status.isClosed { isOver = true }
            return true
        } catch {
            isOver = true
            return false
        }
    }

    /// Runs the dossier's life from intake at `receivedAt`, drawing gaps from `random`.
    mutating func run(from receivedAt: Date, applicantHistoryName: String, plan: Plan, random: inout SplitMix64) {
        clock = receivedAt
        let counter = staff.counterOfficers[Int(random.next() % UInt64(staff.counterOfficers.count))]
        receiver = counter
        func hours(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &random) }

        // Intake: online dossiers wait at the desk until an officer checks them.
        if plan.channel == .online {
            take(.submitOnline, by: nil, applicant: applicantHistoryName, after: 0, plan: plan)
            if plan.supplementAtIntake {
                take(.requestSupplement(missing: [missingDocument], reason: "Bản chụp không rõ."), by: counter, after: hours(1...20), plan: plan)
                guard plan.supplementAnswered else { return }
                take(.submitSupplement(documents: [missingDocument]), by: nil, applicant: applicantHistoryName, after: hours(4...60), plan: plan)
            }
            if plan.refuseAtIntake {
                take(.refuse(reason: "Thủ tục không thuộc thẩm quyền của xã."), by: counter, after: hours(1...20), plan: plan)
                return
            }
            take(.receive, by: counter, after: hours(0.5...20), plan: plan)
        } else if plan.refuseAtIntake {
            take(.refuse(reason: "Hồ sơ không thuộc thẩm quyền giải quyết của xã."), by: counter, after: 0, plan: plan)
            return
        } else if plan.supplementAtIntake {
            take(.requestSupplement(missing: [missingDocument], reason: ""), by: counter, after: 0, plan: plan)
            guard plan.supplementAnswered else {
                if plan.withdraw { take(.withdraw(reason: "Người nộp không bổ sung được giấy tờ."), by: counter, after: hours(24...200), plan: plan) }
                return
            }
            take(.provideSupplement, by: counter, after: hours(20...120), plan: plan)
        } else {
            take(.receive, by: counter, after: 0, plan: plan)
        }
        if plan.withdraw {
            take(.withdraw(reason: "Người nộp xin rút hồ sơ."), by: counter, after: hours(0.2...3), plan: plan)
            return
        }
        guard let unit = staff.departments[departmentKind] ?? staff.departments.values.first else { return }
        let specialist = unit.specialists[Int(random.next() % UInt64(unit.specialists.count))]
        assignee = specialist

        // Processing: the steps spread over the allowed time so that approval lands at `approvalFraction` of it.
        let start = clock
        let allowed = max(3600, (state.dueAt ?? start.addingTimeInterval(8 * 3600)).timeIntervalSince(start))
        let approvalAt = start.addingTimeInterval(allowed * plan.approvalFraction)
        let slice = approvalAt.timeIntervalSince(start) / 3600 / 6
        take(.forward, by: counter, after: slice * hours(0.3...1.0), plan: plan)
        take(.assign(assignee: specialist.username), by: unit.head, after: slice * hours(0.5...1.2), plan: plan)
        take(.startReview, by: specialist, after: slice * hours(0.5...1.2), plan: plan)
        if plan.stopDuringProcessing {
            take(.stop(reason: "Người nộp đề nghị dừng giải quyết."), by: counter, after: slice * hours(0.5...1.5), plan: plan)
            return
        }
        if plan.refuseDuringProcessing {
            take(.refuseDuringProcessing(reason: "Hồ sơ không đủ điều kiện giải quyết theo quy định của thủ tục."), by: unit.head, after: slice * hours(0.5...1.5), plan: plan)
            return
        }
        if plan.pauseForVerification {
            take(.pauseForVerification(reason: "Chờ Công an xã xác minh nơi cư trú."), by: specialist, after: slice * hours(0.2...0.6), plan: plan)
            take(.resumeAfterVerification, by: specialist, after: slice * hours(0.5...1.0), plan: plan)
        }
        if plan.apologise, let due = state.dueAt, let dueDay = LocalDateTime(due)?.date,
           let apologyDay = workingDay(2, before: dueDay), let apologyAt = LocalDateTime(date: apologyDay, hour: 9)?.instant,
           apologyAt > clock, let newDue = calendar.addingWorkingDays(5, to: dueDay) {
            take(.issueApology(reason: "Hồ sơ cần xác minh thêm tại thực địa.", newDueDate: newDue), by: unit.head, after: apologyAt.timeIntervalSince(clock) / 3600, plan: plan)
        }
        take(.propose(note: ""), by: specialist, after: max(0.1, approvalAt.timeIntervalSince(clock) / 3600 - slice), plan: plan)
        if plan.sendBack {
            take(.sendBack(reason: "Dự thảo kết quả cần sửa thông tin người nộp."), by: staff.leader, after: hours(1...8), plan: plan)
            take(.propose(note: "Đã sửa theo ý kiến lãnh đạo."), by: specialist, after: hours(2...16), plan: plan)
        }
        take(.approve, by: staff.leader, after: max(0.1, approvalAt.timeIntervalSince(clock) / 3600), plan: plan)
        if plan.askPayment, feeAmount > 0 {
            take(.requestPayment(amount: feeAmount), by: counter, after: hours(0.2...2), plan: plan)
            take(.recordPayment, by: counter, after: hours(1...48), plan: plan)
        }
        let method: ReturnMethod = switch random.next() % 10 {
        case 0: .post
        case 1, 2: .electronic
        default: .inPerson
        }
        take(.returnResult(method: method), by: counter, after: hours(1...72), plan: plan)
    }

    /// The working day `count` working days before `day`.
    private func workingDay(_ count: Int, before day: CivilDate) -> CivilDate? {
        var candidate = day
        for _ in 0..<30 {
            guard let earlier = candidate.adding(days: -1) else { return nil }
            candidate = earlier
            if calendar.isWorkingDay(candidate), (calendar.workingDays(from: candidate, to: day) ?? 0) >= count { return candidate }
        }
        return nil
    }
}

import Foundation
import MotCuaCore
import Testing

@Suite("Dossier rules")
struct DossierRulesTests {
    let calendar = WorkingDayCalendar.bundled
    let terms = DossierTerms(processingTime: .workingDays(3), cutOffHour: 17, verificationExtraWorkingDays: 5, channel: .counter)

    func at(_ iso: String, _ hour: Int, _ minute: Int = 0) -> Date {
        LocalDateTime(date: CivilDate(isoString: iso)!, hour: hour, minute: minute)!.instant
    }

    func actor(_ role: Role, _ name: String? = nil) -> DossierActor {
        DossierActor(username: name ?? role.rawValue, roles: [role])
    }

    /// A sample command of each action, with valid input.
    func sample(_ action: DossierAction) -> DossierCommand {
        switch action {
        case .receive: .receive
        case .requestSupplement: .requestSupplement(missing: ["Giấy chứng sinh"], reason: "Thiếu giấy chứng sinh")
        case .provideSupplement: .provideSupplement
        case .refuse: .refuse(reason: "Không thuộc thẩm quyền")
        case .forward: .forward
        case .assign: .assign(assignee: "specialist")
        case .startReview: .startReview
        case .propose: .propose(note: "Đủ điều kiện")
        case .approve: .approve
        case .sendBack: .sendBack(reason: "Sai thông tin")
        case .requestPayment: .requestPayment(amount: 8000)
        case .recordPayment: .recordPayment
        case .pauseForVerification: .pauseForVerification(reason: "Xác minh tại xã khác")
        case .resumeAfterVerification: .resumeAfterVerification
        case .issueApology: .issueApology(reason: "Chờ xác minh", newDueDate: CivilDate(year: 2026, month: 3, day: 20)!)
        case .returnResult: .returnResult(method: .inPerson)
        case .withdraw: .withdraw(reason: "Người nộp rút")
        case .stop: .stop(reason: "Người nộp yêu cầu dừng")
        case .submitOnline: .submitOnline
        case .submitSupplement: .submitSupplement(documents: ["Giấy chứng sinh"])
        case .requestStop: .requestStop(reason: "Không còn nhu cầu")
        case .refuseDuringProcessing: .refuseDuringProcessing(reason: "Không đủ điều kiện giải quyết")
        }
    }

    /// A state in each status, reached by real steps from a dossier received on Monday 2/3/2026 at 09:00.
    func state(in status: DossierStatus) throws -> DossierState {
        let day = at("2026-03-02", 9)
        let paths: [DossierStatus: [(DossierCommand, Role)]] = [
            .new: [],
            .received: [(.receive, .counterOfficer)],
            .refused: [(.refuse(reason: "x"), .counterOfficer)],
            .supplementRequested: [(.requestSupplement(missing: ["a"], reason: ""), .counterOfficer)],
            .withdrawn: [(.withdraw(reason: "x"), .counterOfficer)],
            .paymentRequested: [(.receive, .counterOfficer), (.requestPayment(amount: 1000), .counterOfficer)],
            .forwarded: [(.receive, .counterOfficer), (.forward, .counterOfficer)],
            .assigned: [(.receive, .counterOfficer), (.forward, .counterOfficer), (.assign(assignee: "specialist"), .departmentHead)],
            .underReview: [(.receive, .counterOfficer), (.forward, .counterOfficer), (.assign(assignee: "specialist"), .departmentHead), (.startReview, .specialist)],
            .pausedForVerification: [(.receive, .counterOfficer), (.forward, .counterOfficer), (.assign(assignee: "specialist"), .departmentHead), (.startReview, .specialist), (.pauseForVerification(reason: "x"), .specialist)],
            .awaitingApproval: [(.receive, .counterOfficer), (.forward, .counterOfficer), (.assign(assignee: "specialist"), .departmentHead), (.startReview, .specialist), (.propose(note: ""), .specialist)],
            .returnedForRework: [(.receive, .counterOfficer), (.forward, .counterOfficer), (.assign(assignee: "specialist"), .departmentHead), (.startReview, .specialist), (.propose(note: ""), .specialist), (.sendBack(reason: "x"), .communeLeader)],
            .stopped: [(.receive, .counterOfficer), (.forward, .counterOfficer), (.stop(reason: "x"), .counterOfficer)],
            .refusedDuringProcessing: [(.receive, .counterOfficer), (.forward, .counterOfficer), (.assign(assignee: "specialist"), .departmentHead), (.startReview, .specialist), (.refuseDuringProcessing(reason: "x"), .departmentHead)],
            .resultReady: [(.receive, .counterOfficer), (.forward, .counterOfficer), (.assign(assignee: "specialist"), .departmentHead), (.startReview, .specialist), (.propose(note: ""), .specialist), (.approve, .communeLeader)],
            .returned: [(.receive, .counterOfficer), (.forward, .counterOfficer), (.assign(assignee: "specialist"), .departmentHead), (.startReview, .specialist), (.propose(note: ""), .specialist), (.approve, .communeLeader), (.returnResult(method: .post), .counterOfficer)],
        ]
        let steps = try #require(paths[status]).map { (command: $0.0, actor: actor($0.1), at: day) }
        let reached = try DossierRules.replay(steps, terms: terms, calendar: calendar)
        #expect(reached.status == status)
        return reached
    }

    /// Expected outcome of every action from every status for every role: the new status, or the kind of refusal.
    @Test("every status × action × role gives the expected status or refusal", arguments: DossierStatus.allCases)
    func transitionTable(status: DossierStatus) throws {
        let expectedTarget: [DossierAction: DossierStatus] = [
            .receive: .received, .requestSupplement: .supplementRequested, .provideSupplement: .received, .refuse: .refused,
            .forward: .forwarded, .assign: .assigned, .startReview: .underReview, .propose: .awaitingApproval, .approve: .resultReady,
            .sendBack: .returnedForRework, .requestPayment: .paymentRequested, .pauseForVerification: .pausedForVerification,
            .resumeAfterVerification: .underReview, .returnResult: .returned, .withdraw: .withdrawn, .stop: .stopped,
            .refuseDuringProcessing: .refusedDuringProcessing,
        ]
        let current = try state(in: status)
        let now = at("2026-03-03", 10)
        for action in DossierAction.allCases {
            for role in Role.allCases {
                let command = sample(action)
                let result = Result { () throws(DossierRuleError) -> DossierState in
                    try DossierRules.apply(command, to: current, by: actor(role, role == .specialist ? "specialist" : nil), at: now, terms: terms, calendar: calendar)
                }
                let fromAllowed = DossierRulesTestTable.allowedFrom[action]!.contains(status)
                let roleAllowed = DossierRulesTestTable.roles[action]!.contains(role)
                switch result {
                case .success(let next):
                    #expect(fromAllowed && roleAllowed, "\(status) \(action) \(role) should be refused")
                    if action == .recordPayment {
                        #expect(next.status == (current.resultIssued ? .resultReady : .received))
                    } else if action == .issueApology {
                        #expect(next.status == status && next.apologyIssued)
                    } else {
                        #expect(next.status == expectedTarget[action], "\(status) \(action)")
                    }
                case .failure(let error):
                    if !fromAllowed {
                        #expect(error.kind == .notAllowedNow, "\(status) \(action) \(role): \(error.message)")
                    } else if !roleAllowed {
                        #expect(error.kind == .notAllowedForRole, "\(status) \(action) \(role): \(error.message)")
                    } else {
                        // Allowed in status and role but refused: only the once-only rules may do that here.
                        // A specialist refuses during processing only a dossier assigned to them.
                        let refusesUnassigned = action == .refuseDuringProcessing && role == .specialist && current.assignee != "specialist"
                        #expect((action == .requestSupplement && current.supplementRequested) || refusesUnassigned, "\(status) \(action) \(role): \(error.message)")
                    }
                }
            }
        }
    }

    /// Steps from receipt to the specialist's review, each at `time`.
    func receivedAndUnderReview(at time: Date) -> [(command: DossierCommand, actor: DossierActor, at: Date)] {
        [(.receive, actor(.counterOfficer), time), (.forward, actor(.counterOfficer), time),
         (.assign(assignee: "specialist"), actor(.departmentHead), time), (.startReview, actor(.specialist, "specialist"), time)]
    }

    /// The desk's guidance before receipt (form 02 at the counter) is not the one request of Điều 11 Nghị định
    /// 118/2025/NĐ-CP: the department may still ask once after receipt, and only once.
    @Test func counterGuidanceBeforeReceiptDoesNotUseUpTheOneSupplementRequestOfProcessing() throws {
        let desk = actor(.counterOfficer)
        var state = try DossierRules.apply(.requestSupplement(missing: ["Giấy chứng sinh"], reason: ""), to: .initial, by: desk, at: at("2026-03-02", 9), terms: terms, calendar: calendar)
        #expect(state.dueAt == nil && state.receivedAt == nil && !state.status.isClockRunning)
        #expect(!state.supplementRequested)
        // Complete on Friday 6/3 at 10:00: this is the first receipt, three working days after it is Wednesday 11/3.
        state = try DossierRules.apply(.provideSupplement, to: state, by: desk, at: at("2026-03-06", 10), terms: terms, calendar: calendar)
        #expect(state.receivedAt == at("2026-03-06", 10))
        #expect(state.dueAt == at("2026-03-11", 17))
        #expect(DossierRules.allowedActions(for: state, actor: desk).contains(.requestSupplement))
        state = try DossierRules.apply(.requestSupplement(missing: ["Tờ khai"], reason: ""), to: state, by: desk, at: at("2026-03-09", 9), terms: terms, calendar: calendar)
        #expect(state.supplementRequested)
        state = try DossierRules.apply(.provideSupplement, to: state, by: desk, at: at("2026-03-10", 9), terms: terms, calendar: calendar)
        #expect(throws: DossierRuleError.self) {
            try DossierRules.apply(.requestSupplement(missing: ["Tờ khai"], reason: ""), to: state, by: desk, at: at("2026-03-10", 11), terms: terms, calendar: calendar)
        }
        #expect(!DossierRules.allowedActions(for: state, actor: desk).contains(.requestSupplement))
    }

    /// Nghị định 61/2018/NĐ-CP, Điều 17 khoản 1 điểm c (sửa đổi bởi Nghị định 107/2021/NĐ-CP), kept by Nghị định
    /// 118/2025/NĐ-CP: the time already spent counts, the days left run from the complete supplement, the first
    /// receipt stays.
    @Test func supplementDuringProcessingResumesTheClockInsteadOfRestartingIt() throws {
        // Received Monday 2/3/2026 at 09:00 with three working days: due Thursday 5/3 at 17:00.
        var steps = receivedAndUnderReview(at: at("2026-03-02", 9))
        // The specialist asks on Tuesday 3/3: Tuesday is spent, Wednesday and Thursday are left.
        steps.append((.requestSupplement(missing: ["Trích lục khai sinh"], reason: "Thiếu"), actor(.specialist, "specialist"), at("2026-03-03", 10)))
        var state = try DossierRules.replay(steps, terms: terms, calendar: calendar)
        #expect(state.dueAt == nil && !state.status.isClockRunning)
        #expect(state.workingDaysLeftWhenStopped == 2)
        // Complete on Monday 9/3 at 10:00: the two days left end on Wednesday 11/3 (a restart would give Thursday 12/3).
        steps.append((.provideSupplement, actor(.counterOfficer), at("2026-03-09", 10)))
        state = try DossierRules.replay(steps, terms: terms, calendar: calendar)
        #expect(state.dueAt == at("2026-03-11", 17))
        #expect(state.receivedAt == at("2026-03-02", 9))
        #expect(state.workingDaysLeftWhenStopped == nil)
        #expect(state.status == .received)

        // The same when the applicant sends it online and the desk takes it in.
        var online = Array(steps.dropLast())
        online.append((.submitSupplement(documents: ["Trích lục khai sinh"]), .applicant("citizen"), at("2026-03-08", 20)))
        online.append((.receive, actor(.counterOfficer), at("2026-03-09", 10)))
        #expect(try DossierRules.replay(online, terms: terms, calendar: calendar).dueAt == at("2026-03-11", 17))
    }

    @Test func supplementAskedOnTheDueDayIsDueAtTheEndOfTheDayItArrives() throws {
        var steps = receivedAndUnderReview(at: at("2026-03-02", 9))
        steps.append((.requestSupplement(missing: ["Tờ khai"], reason: ""), actor(.specialist, "specialist"), at("2026-03-05", 9)))
        // Given at the desk after the 17:00 cut-off of these terms on Monday 9/3: it counts on Tuesday 10/3.
        steps.append((.provideSupplement, actor(.counterOfficer), at("2026-03-09", 17, 30)))
        #expect(try DossierRules.replay(steps, terms: terms, calendar: calendar).dueAt == at("2026-03-10", 17))
    }

    @Test func supplementAskedAfterTheDueTimeLeavesTheDossierLate() throws {
        var steps = receivedAndUnderReview(at: at("2026-03-02", 9))
        steps.append((.requestSupplement(missing: ["Tờ khai"], reason: ""), actor(.specialist, "specialist"), at("2026-03-06", 9)))
        steps.append((.provideSupplement, actor(.counterOfficer), at("2026-03-09", 10)))
        #expect(try DossierRules.replay(steps, terms: terms, calendar: calendar).dueAt == at("2026-03-05", 17))
    }

    /// The applicant's time spent paying a fee is not the department's: the clock stops before the result and the due
    /// date moves by the working days waited.
    @Test func waitingForThePaymentStopsTheClockAndMovesTheDueDateByTheTimeWaited() throws {
        let desk = actor(.counterOfficer)
        var steps: [(command: DossierCommand, actor: DossierActor, at: Date)] = [
            (.receive, desk, at("2026-03-02", 9)), (.requestPayment(amount: 50_000), desk, at("2026-03-02", 10)),
        ]
        var state = try DossierRules.replay(steps, terms: terms, calendar: calendar)
        #expect(state.dueAt == nil && state.workingDaysLeftWhenStopped == 3)
        #expect(!state.status.isClockRunning)
        // Paid on Wednesday 4/3: two working days waited, so Thursday 5/3 becomes Monday 9/3.
        steps.append((.recordPayment, desk, at("2026-03-04", 9)))
        state = try DossierRules.replay(steps, terms: terms, calendar: calendar)
        #expect(state.dueAt == at("2026-03-09", 17))
        #expect(state.receivedAt == at("2026-03-02", 9))

        // After the result the clock no longer runs: a fee paid then changes nothing.
        let approved = try self.state(in: .resultReady)
        var paid = try DossierRules.apply(.requestPayment(amount: 50_000), to: approved, by: desk, at: at("2026-03-03", 9), terms: terms, calendar: calendar)
        paid = try DossierRules.apply(.recordPayment, to: paid, by: desk, at: at("2026-03-06", 9), terms: terms, calendar: calendar)
        #expect(paid.dueAt == approved.dueAt && paid.status == .resultReady)
    }

    @Test("a request for supplement must list what is missing")
    func supplementNeedsList() {
        #expect(throws: DossierRuleError.self) {
            try DossierRules.apply(.requestSupplement(missing: [" "], reason: "x"), to: .initial, by: actor(.counterOfficer), at: at("2026-03-02", 9), terms: terms, calendar: calendar)
        }
    }

    @Test("the due date at intake counts working days across Tết 2026")
    func dueAcrossTet() throws {
        // Received Friday 13/2/2026 at 10:00; 16–20/2 are Tết days off, so three working days end on Wednesday 25/2.
        let state = try DossierRules.apply(.receive, to: .initial, by: actor(.counterOfficer), at: at("2026-02-13", 10), terms: terms, calendar: calendar)
        #expect(state.dueAt == at("2026-02-25", 17))
    }

    @Test("the apology comes once, at least one working day before the deadline, with a later working day; the dossier stays late")
    func apology() throws {
        var state = try state(in: .underReview)
        // Received Monday 2/3 at 09:00 with three working days: due Thursday 5/3 at 17:00.
        #expect(state.dueAt == at("2026-03-05", 17))
        let head = actor(.departmentHead)
        let tooLate = Result { () throws(DossierRuleError) in
            try DossierRules.apply(.issueApology(reason: "Chờ xác minh", newDueDate: CivilDate(year: 2026, month: 3, day: 10)!), to: state, by: head, at: at("2026-03-05", 8), terms: terms, calendar: calendar)
        }
        #expect(throws: DossierRuleError.self) { try tooLate.get() }
        let weekend = Result { () throws(DossierRuleError) in
            try DossierRules.apply(.issueApology(reason: "Chờ xác minh", newDueDate: CivilDate(year: 2026, month: 3, day: 7)!), to: state, by: head, at: at("2026-03-04", 8), terms: terms, calendar: calendar)
        }
        #expect(throws: DossierRuleError.self) { try weekend.get() }
        state = try DossierRules.apply(.issueApology(reason: "Chờ xác minh", newDueDate: CivilDate(year: 2026, month: 3, day: 10)!), to: state, by: head, at: at("2026-03-04", 8), terms: terms, calendar: calendar)
        #expect(state.dueAt == at("2026-03-10", 17))
        #expect(state.originalDueAt == at("2026-03-05", 17))
        #expect(throws: DossierRuleError.self) {
            try DossierRules.apply(.issueApology(reason: "Lại chậm", newDueDate: CivilDate(year: 2026, month: 3, day: 12)!), to: state, by: head, at: at("2026-03-05", 8), terms: terms, calendar: calendar)
        }
        #expect(Timeliness.of(completedAt: at("2026-03-09", 9), dueAt: state.dueAt!, apologyIssued: state.apologyIssued) == .late)
    }

    @Test("timeliness: before time on an earlier day, on time by the due time, late after it")
    func timeliness() {
        let due = at("2026-03-05", 17)
        #expect(Timeliness.of(completedAt: at("2026-03-04", 16), dueAt: due, apologyIssued: false) == .beforeTime)
        #expect(Timeliness.of(completedAt: at("2026-03-05", 16), dueAt: due, apologyIssued: false) == .onTime)
        #expect(Timeliness.of(completedAt: at("2026-03-05", 17, 1), dueAt: due, apologyIssued: false) == .late)
    }

    @Test("pausing for verification extends the date once by the procedure's extra days")
    func verificationExtension() throws {
        var state = try state(in: .underReview)
        state = try DossierRules.apply(.pauseForVerification(reason: "Xác minh"), to: state, by: actor(.specialist, "specialist"), at: at("2026-03-03", 9), terms: terms, calendar: calendar)
        #expect(state.dueAt == at("2026-03-12", 17))
        state = try DossierRules.apply(.resumeAfterVerification, to: state, by: actor(.specialist, "specialist"), at: at("2026-03-04", 9), terms: terms, calendar: calendar)
        state = try DossierRules.apply(.pauseForVerification(reason: "Xác minh lần hai"), to: state, by: actor(.specialist, "specialist"), at: at("2026-03-04", 10), terms: terms, calendar: calendar)
        #expect(state.dueAt == at("2026-03-12", 17))
    }

    @Test("only the assigned specialist opens and proposes the dossier")
    func assigneeOnly() throws {
        let state = try state(in: .assigned)
        #expect(throws: DossierRuleError.self) {
            try DossierRules.apply(.startReview, to: state, by: actor(.specialist, "nguoi-khac"), at: at("2026-03-03", 9), terms: terms, calendar: calendar)
        }
    }

    @Test("random valid histories replay to the state reached step by step")
    func replayProperty() throws {
        var generator = SplitMix64(seed: 20260301)
        let roles: [Role] = [.counterOfficer, .departmentHead, .specialist, .communeLeader]
        for _ in 0..<2_000 {
            var state = DossierState.initial
            var steps: [(command: DossierCommand, actor: DossierActor, at: Date)] = []
            var clock = at("2026-03-02", 8)
            for _ in 0..<12 {
                clock = clock.addingTimeInterval(Double(Int.random(in: 600...40_000, using: &generator)))
                let role = roles.randomElement(using: &generator)!
                let who = actor(role, role == .specialist ? "specialist" : nil)
                let options = DossierRules.allowedActions(for: state, actor: who)
                guard let action = options.randomElement(using: &generator) else { continue }
                var command = sample(action)
                if case .issueApology = command, let due = state.dueAt, let day = LocalDateTime(due)?.date, let later = calendar.addingWorkingDays(2, to: day) {
                    command = .issueApology(reason: "Chậm", newDueDate: later)
                }
                guard let next = try? DossierRules.apply(command, to: state, by: who, at: clock, terms: terms, calendar: calendar) else { continue }
                state = next
                steps.append((command, who, clock))
            }
            #expect(try DossierRules.replay(steps, terms: terms, calendar: calendar) == state)
            // Anonymising a history at the end of its retention period keeps every step replayable to the same state.
            let redacted = steps.map { (command: $0.command.redactingFreeText("[đã ẩn danh]"), actor: $0.actor, at: $0.at) }
            #expect(try DossierRules.replay(redacted, terms: terms, calendar: calendar) == state)
            #expect(zip(redacted, steps).allSatisfy { $0.command.action == $1.command.action })
        }
    }

    @Test("redacting a step removes its free text and keeps what the rules read")
    func redactingFreeText() throws {
        let secret = "Bà Phạm Thị Lụa, 0987 654 321"
        let due = try #require(CivilDate(year: 2026, month: 3, day: 9))
        let originals: [DossierCommand] = [
            .requestSupplement(missing: ["Giấy của " + secret], reason: secret), .refuse(reason: secret), .propose(note: secret),
            .sendBack(reason: secret), .pauseForVerification(reason: secret), .issueApology(reason: secret, newDueDate: due),
            .withdraw(reason: secret), .stop(reason: secret), .requestStop(reason: secret), .refuseDuringProcessing(reason: secret),
        ]
        let redacted = originals.map { $0.redactingFreeText("[đã ẩn danh]") }
        for command in redacted {
            let json = String(decoding: try JSONEncoder().encode(command), as: UTF8.self)
            #expect(!json.contains("Lụa") && !json.contains("0987"), "\(json)")
        }
        #expect(redacted[0] == .requestSupplement(missing: ["[đã ẩn danh]"], reason: "[đã ẩn danh]"))
        #expect(redacted[5] == .issueApology(reason: "[đã ẩn danh]", newDueDate: due))
        let kept: [DossierCommand] = [.assign(assignee: "chuyenvien"), .requestPayment(amount: 50_000), .returnResult(method: .post),
                                      .submitSupplement(documents: ["Tờ khai"]), .propose(note: "")]
        #expect(kept.map { $0.redactingFreeText("[đã ẩn danh]") } == kept)
    }

    @Test("every internal status maps to one of the ten national statuses")
    func nationalStatuses() {
        let mapped = Set(DossierStatus.allCases.map(\.nationalStatus))
        #expect(mapped == Set(NationalSyncStatus.allCases))
    }

    @Test("commands survive the JSON of the history")
    func commandsRoundTrip() throws {
        for action in DossierAction.allCases {
            let command = sample(action)
            let data = try JSONEncoder().encode(command)
            #expect(try JSONDecoder().decode(DossierCommand.self, from: data) == command)
        }
    }
}

/// The expected table, written out apart from the rules so that a change to the rules must change it too.
enum DossierRulesTestTable {
    static let allowedFrom: [DossierAction: Set<DossierStatus>] = [
        .receive: [.new],
        .requestSupplement: [.new, .received, .assigned, .underReview],
        .provideSupplement: [.supplementRequested],
        .refuse: [.new, .received, .supplementRequested],
        .forward: [.received],
        .assign: [.forwarded, .assigned],
        .startReview: [.assigned],
        .propose: [.underReview, .returnedForRework],
        .approve: [.awaitingApproval],
        .sendBack: [.awaitingApproval],
        .requestPayment: [.received, .resultReady],
        .recordPayment: [.paymentRequested],
        .pauseForVerification: [.underReview],
        .resumeAfterVerification: [.pausedForVerification],
        .issueApology: [.forwarded, .assigned, .underReview, .awaitingApproval, .returnedForRework, .pausedForVerification],
        .returnResult: [.resultReady],
        .withdraw: [.new, .received, .supplementRequested, .paymentRequested],
        .stop: [.forwarded, .assigned, .underReview, .awaitingApproval, .returnedForRework, .pausedForVerification],
        .submitOnline: [.new],
        .submitSupplement: [.supplementRequested],
        .requestStop: [.new, .received, .supplementRequested, .paymentRequested, .forwarded, .assigned, .underReview, .awaitingApproval, .returnedForRework, .pausedForVerification],
        .refuseDuringProcessing: [.forwarded, .assigned, .underReview, .awaitingApproval, .returnedForRework, .pausedForVerification],
    ]
    static let roles: [DossierAction: Set<Role>] = [
        .receive: [.counterOfficer], .requestSupplement: [.counterOfficer, .specialist, .departmentHead], .provideSupplement: [.counterOfficer],
        .refuse: [.counterOfficer], .forward: [.counterOfficer], .assign: [.departmentHead], .startReview: [.specialist, .departmentHead],
        .propose: [.specialist, .departmentHead], .approve: [.communeLeader], .sendBack: [.communeLeader], .requestPayment: [.counterOfficer],
        .recordPayment: [.counterOfficer], .pauseForVerification: [.specialist, .departmentHead], .resumeAfterVerification: [.specialist, .departmentHead],
        .issueApology: [.departmentHead, .communeLeader], .returnResult: [.counterOfficer], .withdraw: [.counterOfficer], .stop: [.counterOfficer],
        // The applicant's steps: no officer takes them.
        .submitOnline: [], .submitSupplement: [], .requestStop: [],
        .refuseDuringProcessing: [.specialist, .departmentHead, .communeLeader],
    ]
}

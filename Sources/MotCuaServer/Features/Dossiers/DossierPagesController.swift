import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The one-stop desk's pages: intake, the dossier page with its actions, work queues and scans.
enum DossierPagesController {
    // MARK: intake

    struct ProcedureChoice: Encodable {
        let code: String
        let name: String
        let time: String
        let href: String
    }

    struct ProcedureSummary: Encodable {
        let code: String
        let name: String
        let time: String
        let fee: String
        let cutOffHour: Int
    }

    struct DocumentField: Encodable {
        let index: Int
        let name: String
        let form: String
        let copies: Int
        let isReceived: Bool
    }

    struct IntakeForm: Content {
        var procedureCode: String?
        var applicantKind: String?
        var fullName: String?
        var idNumber: String?
        var phone: String?
        var email: String?
        var address: String?
        var representativeName: String?
        var representativeIDNumber: String?
        var authorisationDocument: String?
        var received: [Int]?
        var copies: String?
        var pages: String?
        var note: String?
        var decision: String?
        /// The queue ticket the counter is serving (`?ve=` from the counter page).
        var ticketID: String?
    }

    struct IntakeFormView: Encodable {
        let isPerson: Bool
        let fullName: String
        let idNumber: String
        let phone: String
        let email: String
        let address: String
        let representativeName: String
        let representativeIDNumber: String
        let authorisationDocument: String
        let copies: String
        let pages: String
        let note: String
    }

    struct IntakePage: Encodable {
        let page: PageContext
        let query: String
        let choices: [ProcedureChoice]
        let procedure: ProcedureSummary?
        let documents: [DocumentField]
        let form: IntakeFormView
        let errors: FormErrors
        let actionPath: String
        let choosePath: String
        let ticketID: String?
        /// The counter that keeps taking in dossiers when the network drops, offered where intake starts.
        var offlineCounterPath = SiteURL.offlineCounter.path
    }

    private static func requireDesk(_ req: Request) throws -> (StaffIdentity, UUID) {
        let staff = try req.requireRole(.counterOfficer)
        guard let communeID = staff.communeID else { throw AppError.forbidden }
        return (staff, communeID)
    }

    /// `GET /mot-cua/tiep-nhan[?thu-tuc=CODE][&q=…]`.
    static func showIntake(req: Request) async throws -> View {
        let (_, communeID) = try requireDesk(req)
        let code = req.query[String.self, at: "thu-tuc"]
        let ticketID = req.query[String.self, at: "ve"].flatMap(UUID.init(uuidString:))?.uuidString.lowercased()
        return try await renderIntake(req, communeID: communeID, code: code, form: IntakeForm(applicantKind: "person", received: nil, copies: "1", pages: "1", ticketID: ticketID), errors: [], checkAll: true)
    }

    /// `POST /mot-cua/tiep-nhan`: creates the dossier and shows the receipt, the supplement request or the refusal.
    static func intake(req: Request) async throws -> Response {
        let (_, communeID) = try requireDesk(req)
        let form = try req.content.decode(IntakeForm.self)
        let store = req.application.catalogStore
        guard let code = form.procedureCode, let view = try await store.procedure(code: code, forCommune: communeID, on: req.db) else {
            throw AppError.invalid("Thủ tục không có hoặc xã không tiếp nhận thủ tục này.")
        }
        var scans: [DossierService.Scan] = []
        for index in view.definition.requiredDocuments.indices {
            if let file = try? req.content.get(File.self, at: "file\(index)"), file.data.readableBytes > 0 {
                scans.append(.init(documentIndex: index, fileName: file.filename, bytes: Array(file.data.readableBytesView)))
            }
        }
        let decision = DossierService.IntakeDecision(rawValue: form.decision ?? "") ?? .receive
        let intake = DossierService.Intake(
            procedure: view.definition,
            applicant: Applicant(
                kind: Applicant.Kind(rawValue: form.applicantKind ?? "") ?? .person, fullName: form.fullName ?? "", idNumber: form.idNumber,
                phone: form.phone, email: form.email, address: form.address, representativeName: form.representativeName,
                representativeIDNumber: form.representativeIDNumber, authorisationDocument: form.authorisationDocument
            ),
            receivedDocuments: Set(form.received ?? []), scans: scans, copies: Int(form.copies.trimmedOrEmpty) ?? 0,
            pages: Int(form.pages.trimmedOrEmpty) ?? 0, note: form.note ?? "", decision: decision, channel: .counter,
            queueTicketID: form.ticketID.flatMap(UUID.init(uuidString:))
        )
        do {
            let dossier = try await DossierService.intake(
                intake, communeID: communeID, by: try await req.dossierActing(), at: req.now, on: req.application,
                calendar: try await req.workingDayCalendar(), provinceFees: try await store.provinceFees(on: req.db)
            )
            let form: LegalForm = switch decision {
            case .receive: .receipt
            case .supplement: .supplement
            case .refuse: .refusal
            case .submitOnline: .controlSheet
            }
            return req.redirect(to: SiteURL.dossierForm(.value(dossier.code), .value(form.rawValue)).path)
        } catch let error as AppError where error.status == .unprocessableEntity {
            let view = try await renderIntake(req, communeID: communeID, code: code, form: form, errors: error.message.components(separatedBy: "\n"), checkAll: false)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    private static func renderIntake(_ req: Request, communeID: UUID, code: String?, form: IntakeForm, errors: [String], checkAll: Bool) async throws -> View {
        let store = req.application.catalogStore
        let ticketID = form.ticketID.flatMap(UUID.init(uuidString:))?.uuidString.lowercased()
        let ticketQuery = ticketID.map { "&ve=" + $0 } ?? ""
        let views = try await store.procedures(forCommune: communeID, on: req.db)
        let query = req.query[String.self, at: "q"] ?? ""
        let chosen = code.flatMap { code in views.first { $0.definition.code == code }?.definition }
        let fees = try await store.provinceFees(on: req.db)
        let choices = chosen == nil
            ? ProcedureCatalog(views.map(\.definition)).search(query).map { ProcedureChoice(code: $0.code, name: $0.name, time: $0.processingTime.vietnameseDescription, href: SiteURL.intake.path + "?thu-tuc=" + $0.code + ticketQuery) }
            : []
        let received = Set(form.received ?? [])
        return try await req.view.render("dossiers/intake", IntakePage(
            page: try await PageContext.make(for: req, title: "Tiếp nhận hồ sơ"), query: query, choices: choices,
            procedure: chosen.map { ProcedureSummary(code: $0.code, name: $0.name, time: $0.processingTime.vietnameseDescription, fee: $0.fee.vietnameseDescription(provinceFee: fees?.fee(for: $0.code)), cutOffHour: $0.cutOffHour) },
            documents: (chosen?.requiredDocuments ?? []).enumerated().map { index, document in
                DocumentField(index: index, name: document.name, form: document.form.vietnameseName, copies: document.copies, isReceived: checkAll || received.contains(index))
            },
            form: IntakeFormView(
                isPerson: form.applicantKind != "organisation", fullName: form.fullName ?? "", idNumber: form.idNumber ?? "", phone: form.phone ?? "",
                email: form.email ?? "", address: form.address ?? "", representativeName: form.representativeName ?? "",
                representativeIDNumber: form.representativeIDNumber ?? "", authorisationDocument: form.authorisationDocument ?? "",
                copies: form.copies ?? "1", pages: form.pages ?? "1", note: form.note ?? ""
            ),
            errors: FormErrors(errors), actionPath: SiteURL.intake.path, choosePath: SiteURL.intake.path + (ticketID.map { "?ve=" + $0 } ?? ""), ticketID: ticketID
        ))
    }

    // MARK: the dossier page

    struct ApplicantView: Encodable {
        let name: String
        let identityLabel: String
        let identityNumber: String
        let phone: String
        let address: String
        let representative: String?
    }

    struct DocumentView: Encodable {
        let name: String
        let form: String
        let count: Int
        let isReceived: Bool
        let downloadPath: String?
    }

    struct ActionField: Encodable {
        let name: String
        let label: String
        let inputType: String
        let value: String
        let isRequired: Bool
        let isTextArea: Bool
        let hasOptions: Bool
        let options: [OrganisationController.Option]
    }

    struct ActionFormView: Encodable {
        let action: String
        let label: String
        let isPrimary: Bool
        let fields: [ActionField]
    }

    struct HistoryRow: Encodable {
        let time: String
        let action: String
        let actor: String
        let toStatus: String
        let note: String
    }

    struct Link: Encodable {
        let label: String
        let href: String
    }

    struct DossierPage: Encodable {
        let page: PageContext
        let code: String
        let procedureName: String
        let status: String
        let statusName: String
        let nationalStatus: Int
        let isOverdue: Bool
        let isDueToday: Bool
        let apologyIssued: Bool
        let channel: String
        let receivedAt: String
        let dueAt: String
        /// The working days left, or how late it is, while the clock runs ("còn 3 ngày làm việc", "quá hạn 2 ngày làm việc").
        let timeLeft: String?
        let departmentName: String
        let assigneeName: String
        let fee: String
        let timeliness: String?
        let applicant: ApplicantView
        let documents: [DocumentView]
        let actions: [ActionFormView]
        let hasActions: Bool
        let version: Int
        let actionPath: String
        let printLinks: [Link]
        let history: [HistoryRow]
        let queuePath: String
        /// The applicant's request to stop or withdraw, while the dossier is still open: the desk must decide on it.
        let stopRequest: StopRequestView?
        let refusal: RefusalView?
        /// The electronic result signed outside MotCua, and its upload (Features/SignedResults).
        let signedResult: SignedResultController.StaffPanel
    }

    struct StopRequestView: Encodable {
        let requestedAt: String
        let reason: String
    }

    /// A refusal, at intake or during processing, as the dossier page, the citizen's page and the public lookup show it.
    struct RefusalView: Codable, Sendable {
        let title: String
        let refusedAt: String
        let reason: String
    }

    /// The refusal that closed the dossier, with its written reason (the reason form 03 prints); `nil` when it was not refused.
    static func refusal(_ events: [DossierEventRecord], status: DossierStatus) -> RefusalView? {
        let action: DossierAction
        switch status {
        case .refused: action = .refuse
        case .refusedDuringProcessing: action = .refuseDuringProcessing
        default: return nil
        }
        guard let event = events.last(where: { $0.action == action.rawValue }) else { return nil }
        return RefusalView(title: action.vietnameseName, refusedAt: VietnameseFormat.dateTime(event.occurredAt), reason: event.note ?? "")
    }

    /// The applicant's latest stop or withdrawal request, if the dossier has not been closed since.
    static func pendingStopRequest(_ events: [DossierEventRecord], status: DossierStatus) -> StopRequestView? {
        guard !status.isClosed, let request = events.last(where: { $0.action == DossierAction.requestStop.rawValue }) else { return nil }
        return StopRequestView(requestedAt: VietnameseFormat.dateTime(request.occurredAt), reason: request.note ?? "")
    }

    /// `GET /mot-cua/ho-so/:code`: the dossier for the officers who handle it; each view of personal data is recorded.
    static func show(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let dossier = try await findDossier(req)
        try await recordPersonalDataAccess(dossier, purpose: "Xem hồ sơ", on: req)
        let now = req.now
        let state = dossier.state
        let actor = DossierActor(username: staff.username, roles: staff.roles)
        let specialists = try await Officer.query(on: req.db).filter(\.$commune.$id == dossier.$commune.id).filter(\.$department.$id == dossier.$department.id).filter(\.$isActive == true).sort(\.$fullName).all()
            .filter { !$0.roles.isDisjoint(with: [.specialist]) }
        let actions = DossierRules.allowedActions(for: state, actor: actor).map { actionForm($0, dossier: dossier, specialists: specialists) }
        // With the commune first, the (commune_id, dossier_id) index finds the documents instead of a scan of every dossier's.
        let documents = try await DossierDocument.query(on: req.db).filter(\.$communeID == dossier.$commune.id).filter(\.$dossier.$id == dossier.requireID()).sort(\.$createdAt).all()
        let events = try await DossierEventRecord.query(on: req.db).filter(\.$dossier.$id == dossier.requireID()).sort(\.$sequence).all()
        let department = try await dossier.$department.get(on: req.db)
        let assignee = try await dossier.$assignee.get(on: req.db)
        let people = try await HistoryPeople.load(for: events, on: req.db)
        let timeLeft = try await Self.timeLeft(of: dossier, at: now, on: req)
        let isPerson = dossier.applicantKind == Applicant.Kind.person.rawValue
        return try await req.view.render("dossiers/dossier", DossierPage(
            page: try await PageContext.make(for: req, title: "Hồ sơ \(dossier.code)"), code: dossier.code, procedureName: dossier.procedureName,
            status: state.status.rawValue, statusName: state.status.vietnameseName, nationalStatus: state.status.nationalStatus.rawValue,
            isOverdue: DossierQueue.isOverdue(dossier, at: now), isDueToday: DossierQueue.isDueToday(dossier, at: now), apologyIssued: dossier.apologyIssued,
            channel: IntakeChannel(rawValue: dossier.channel).map(channelName) ?? dossier.channel,
            receivedAt: dossier.receivedAt.map(VietnameseFormat.dateTime) ?? "—", dueAt: dossier.dueAt.map(VietnameseFormat.dateTime) ?? state.stoppedClockNote ?? "—",
            timeLeft: timeLeft?.vietnameseDescription, departmentName: department?.name ?? "—", assigneeName: assignee?.fullName ?? "—", fee: VND.format(dossier.feeAmount),
            timeliness: dossier.timeliness.flatMap(Timeliness.init(rawValue:))?.vietnameseName,
            applicant: ApplicantView(
                name: dossier.applicantName, identityLabel: isPerson ? "Số định danh cá nhân" : "Mã số thuế", identityNumber: dossier.applicantIDNumber ?? "—",
                phone: dossier.applicantPhone ?? "—", address: dossier.applicantAddress ?? "—",
                representative: dossier.representativeName.map { "\($0) (\(dossier.representativeIDNumber ?? "")), \(dossier.authorisationDocument ?? "")" }
            ),
            documents: try documents.map { document in
                DocumentView(
                    name: document.name, form: DocumentForm(rawValue: document.form)?.vietnameseName ?? document.form, count: document.count, isReceived: document.isReceived,
                    downloadPath: document.fileKey == nil ? nil : SiteURL.dossierScan(.value(dossier.code), .value(try document.requireID())).path
                )
            },
            actions: actions, hasActions: !actions.isEmpty, version: dossier.version,
            actionPath: SiteURL.dossierActions(.value(dossier.code)).path,
            printLinks: LegalForm.available(for: dossier, events: events).map { Link(label: $0.title, href: SiteURL.dossierForm(.value(dossier.code), .value($0.rawValue)).path) },
            history: events.map { event in
                HistoryRow(
                    time: VietnameseFormat.dateTime(event.occurredAt), action: DossierAction(rawValue: event.action)?.vietnameseName ?? event.action,
                    actor: people.actor(of: event), toStatus: DossierStatus(rawValue: event.toStatus)?.vietnameseName ?? event.toStatus,
                    note: people.note(of: event)
                )
            },
            queuePath: SiteURL.workQueue.path,
            stopRequest: pendingStopRequest(events, status: state.status),
            refusal: refusal(events, status: state.status),
            signedResult: try await SignedResultController.staffPanel(for: dossier, staff: staff, on: req)
        ))
    }

    /// The dossier's working days left or late, while its clock runs; `nil` when it waits for the applicant or is closed.
    static func timeLeft(of dossier: Dossier, at now: Date, on req: Request) async throws -> TimeLeft? {
        guard let due = dossier.dueAt.flatMap(LocalDateTime.init), DossierStatus(rawValue: dossier.status)?.isClockRunning == true,
              let today = LocalDateTime(now) else { return nil }
        return TimeLeft.standing(due: due, now: today, calendar: try await req.workingDayCalendar())
    }

    /// The officers a dossier's history names, so that it shows "Nguyễn Thị Bình, Chuyên viên" rather than a username.
    struct HistoryPeople {
        let officers: [String: Officer]

        static func load(for events: [DossierEventRecord], on db: any Database) async throws -> HistoryPeople {
            var usernames = Set(events.filter { $0.actorRole != DossierActor.applicantRole }.map(\.actorUsername))
            for event in events where event.action == DossierAction.assign.rawValue {
                if case .assign(let assignee)? = try? JSONDecoder().decode(DossierCommand.self, from: Data(event.payload.utf8)) { usernames.insert(assignee) }
            }
            guard !usernames.isEmpty else { return HistoryPeople(officers: [:]) }
            let officers = try await Officer.query(on: db).filter(\.$username ~~ usernames).all()
            return HistoryPeople(officers: Dictionary(officers.map { ($0.username, $0) }, uniquingKeysWith: { first, _ in first }))
        }

        /// "Full name, title": the job title the administrator recorded, else the name of the role.
        func person(_ username: String, role: String?) -> String? {
            guard let officer = officers[username] else { return nil }
            let title = officer.jobTitle.trimmedOrNil ?? role.flatMap(Role.init(rawValue:))?.vietnameseName ?? officer.roles.min()?.vietnameseName
            return [officer.fullName, title].compactMap { $0 }.joined(separator: ", ")
        }

        /// Who took the step, with their unit.
        func actor(of event: DossierEventRecord) -> String {
            if event.actorRole == DossierActor.applicantRole { return "Người nộp hồ sơ (trực tuyến)" }
            let name = person(event.actorUsername, role: event.actorRole) ?? event.actorUsername
            return event.actorUnit.isEmpty ? name : "\(name) (\(event.actorUnit))"
        }

        /// The step's note, with the assignee named rather than given by username.
        func note(of event: DossierEventRecord) -> String {
            if event.action == DossierAction.assign.rawValue,
               case .assign(let assignee)? = try? JSONDecoder().decode(DossierCommand.self, from: Data(event.payload.utf8)),
               let named = person(assignee, role: Role.specialist.rawValue) {
                return "Giao cho \(named)"
            }
            return event.note ?? ""
        }
    }

    private static func channelName(_ channel: IntakeChannel) -> String {
        switch channel {
        case .counter: "Trực tiếp tại bộ phận một cửa"
        case .online: "Trực tuyến"
        case .post: "Bưu chính công ích"
        }
    }

    /// The inputs each action asks for on the dossier page.
    private static func actionForm(_ action: DossierAction, dossier: Dossier, specialists: [Officer]) -> ActionFormView {
        func text(_ name: String, _ label: String, area: Bool = true) -> ActionField {
            ActionField(name: name, label: label, inputType: "text", value: "", isRequired: true, isTextArea: area, hasOptions: false, options: [])
        }
        var fields: [ActionField] = []
        switch action {
        case .requestSupplement: fields = [text("missing", "Giấy tờ, nội dung cần bổ sung (mỗi dòng một mục)"), ActionField(name: "reason", label: "Lý do", inputType: "text", value: "", isRequired: false, isTextArea: false, hasOptions: false, options: [])]
        case .refuse, .withdraw, .stop, .sendBack, .pauseForVerification: fields = [text("reason", "Lý do")]
        case .refuseDuringProcessing: fields = [text("reason", "Lý do hồ sơ không đủ điều kiện giải quyết (in trên phiếu từ chối, mẫu số 03)")]
        case .propose: fields = [ActionField(name: "note", label: "Ý kiến đề xuất", inputType: "text", value: "", isRequired: false, isTextArea: true, hasOptions: false, options: [])]
        case .assign:
            fields = [ActionField(name: "assignee", label: "Chuyên viên", inputType: "text", value: "", isRequired: true, isTextArea: false, hasOptions: true,
                                  options: specialists.map { .init(value: $0.username, label: $0.fullName, isSelected: $0.username == dossier.assigneeUsername) })]
        case .requestPayment: fields = [ActionField(name: "amount", label: "Số tiền (đồng)", inputType: "number", value: String(dossier.feeAmount), isRequired: true, isTextArea: false, hasOptions: false, options: [])]
        case .issueApology: fields = [text("reason", "Lý do chậm trễ"), ActionField(name: "newDueDate", label: "Ngày hẹn mới", inputType: "date", value: "", isRequired: true, isTextArea: false, hasOptions: false, options: [])]
        case .returnResult:
            fields = [ActionField(name: "method", label: "Hình thức trả", inputType: "text", value: "", isRequired: true, isTextArea: false, hasOptions: true,
                                  options: ReturnMethod.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0 == .inPerson) })]
        default: break
        }
        let primary: Set<DossierAction> = [.receive, .forward, .assign, .startReview, .propose, .approve, .returnResult, .provideSupplement, .recordPayment, .resumeAfterVerification]
        return ActionFormView(action: action.rawValue, label: action.vietnameseName, isPrimary: primary.contains(action), fields: fields)
    }

    // MARK: actions

    struct ActionForm: Content {
        var action: String?
        var version: Int?
        var missing: String?
        var reason: String?
        var note: String?
        var assignee: String?
        var amount: String?
        var newDueDate: String?
        var method: String?
    }

    /// Reads an action and its inputs from a form or the API; a malformed one is a 400 that says what is wrong.
    static func command(action: String?, missing: [String], reason: String?, note: String?, assignee: String?, amount: Int64?, newDueDate: String?, method: String?) throws -> DossierCommand {
        guard let raw = action, let action = DossierAction(rawValue: raw) else {
            throw AppError.badRequest("Thao tác không hợp lệ: \"\(action ?? "")\". Các thao tác: \(DossierAction.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let reason = reason ?? ""
        switch action {
        case .receive: return .receive
        case .requestSupplement: return .requestSupplement(missing: missing, reason: reason)
        case .provideSupplement: return .provideSupplement
        case .refuse: return .refuse(reason: reason)
        case .forward: return .forward
        case .assign: return .assign(assignee: assignee ?? "")
        case .startReview: return .startReview
        case .propose: return .propose(note: note ?? "")
        case .approve: return .approve
        case .sendBack: return .sendBack(reason: reason)
        case .requestPayment:
            guard let amount else { throw AppError.invalid("Cần nhập số tiền (đồng).") }
            return .requestPayment(amount: amount)
        case .recordPayment: return .recordPayment
        case .pauseForVerification: return .pauseForVerification(reason: reason)
        case .resumeAfterVerification: return .resumeAfterVerification
        case .issueApology:
            guard let date = newDueDate.flatMap({ CivilDate(isoString: $0) ?? CivilDate(dayMonthYear: $0) }) else {
                throw AppError.invalid("Ngày hẹn mới không hợp lệ (dạng YYYY-MM-DD).")
            }
            return .issueApology(reason: reason, newDueDate: date)
        case .returnResult:
            guard let method = method.flatMap(ReturnMethod.init(rawValue:)) else { throw AppError.invalid("Cần chọn hình thức trả kết quả.") }
            return .returnResult(method: method)
        case .withdraw: return .withdraw(reason: reason)
        case .stop: return .stop(reason: reason)
        case .refuseDuringProcessing: return .refuseDuringProcessing(reason: reason)
        case .submitOnline, .submitSupplement, .requestStop:
            throw AppError(status: .forbidden, code: "not_allowed_for_role", message: "Thao tác \"\(action.vietnameseName)\" chỉ người nộp hồ sơ thực hiện từ tài khoản của mình.")
        }
    }

    /// `POST /mot-cua/ho-so/:code/thao-tac`.
    static func perform(req: Request) async throws -> Response {
        let dossier = try await findDossier(req)
        let form = try req.content.decode(ActionForm.self)
        guard let version = form.version else { throw AppError.badRequest("Thiếu phiên bản hồ sơ.") }
        let command = try command(
            action: form.action, missing: (form.missing ?? "").split(whereSeparator: \.isNewline).map(String.init), reason: form.reason,
            note: form.note, assignee: form.assignee, amount: form.amount.flatMap { Int64($0.filter(\.isNumber)) }, newDueDate: form.newDueDate, method: form.method
        )
        let updated: Dossier
        do {
            updated = try await DossierService.perform(
                command, on: try dossier.requireID(), expectedVersion: version, by: try await req.dossierActing(), at: req.now,
                on: req.application, calendar: try await req.workingDayCalendar()
            )
        } catch var conflict as AppError where conflict.status == .conflict {
            // The answer to a POST: reloading it would send the stale step again, so the page says what changed and links to the fresh dossier.
            conflict.wayBack = [ErrorPage.Link(label: "Mở lại hồ sơ \(dossier.code) với trạng thái mới", href: SiteURL.dossier(.value(dossier.code)).path)]
            if let latest = try await DossierEventRecord.query(on: req.db).filter(\.$dossier.$id == dossier.requireID()).sort(\.$sequence, .descending).first() {
                let people = try await HistoryPeople.load(for: [latest], on: req.db)
                let step = DossierAction(rawValue: latest.action)?.vietnameseName ?? latest.action
                conflict = AppError(
                    status: conflict.status, code: conflict.code,
                    message: conflict.message + " Thao tác mới nhất: \(step), do \(people.actor(of: latest)) thực hiện lúc \(VietnameseFormat.dateTime(latest.occurredAt)).",
                    wayBack: conflict.wayBack
                )
            }
            throw conflict
        }
        if let form = LegalForm.printedAfter(command.action) {
            return req.redirect(to: SiteURL.dossierForm(.value(updated.code), .value(form.rawValue)).path)
        }
        return req.redirect(to: Notice.saved.appended(to: SiteURL.dossier(.value(updated.code)).path))
    }

    // MARK: scans

    /// `GET /mot-cua/ho-so/:code/ban-quet/:documentID`: a scan, for the officers who may see the dossier.
    static func scan(req: Request) async throws -> Response {
        let dossier = try await findDossier(req)
        let documentID = try req.uuidParameter(SiteURL.Key.documentID)
        guard let document = try await DossierDocument.query(on: req.db).filter(\.$id == documentID).filter(\.$communeID == dossier.$commune.id).filter(\.$dossier.$id == dossier.requireID()).first(),
              let key = document.fileKey, let kind = document.fileKind.flatMap(UploadedFileKind.init(rawValue:))
        else { throw AppError.notFound }
        try await recordPersonalDataAccess(dossier, purpose: "Xem bản quét \(document.name)", on: req)
        let bytes = try await req.application.fileStore.read(key)
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.contentType = HTTPMediaType(type: String(kind.mediaType.split(separator: "/")[0]), subType: String(kind.mediaType.split(separator: "/")[1]))
        response.headers.setContentDisposition(.inline, fileName: "\(dossier.code)-\(documentID.uuidString.prefix(8)).\(kind.fileExtension)")
        return response
    }

    // MARK: shared

    /// The dossier named by the `:dossierCode` path parameter, within the officer's communes, or a 404.
    static func findDossier(_ req: Request) async throws -> Dossier {
        guard let raw = req.parameters.get(SiteURL.Key.dossierCode), let code = DossierCode.parse(raw) else { throw AppError.notFound }
        guard let dossier = try await req.tenant.query(Dossier.self).filter(\.$code == code.description).first() else { throw AppError.notFound }
        return dossier
    }

    /// Records that the signed-in officer saw the dossier's personal data.
    static func recordPersonalDataAccess(_ dossier: Dossier, purpose: String, on req: Request) async throws {
        let staff = try req.requireStaff()
        let access = PersonalDataAccess()
        access.communeID = dossier.$commune.id
        access.dossierID = try dossier.requireID()
        access.officerID = staff.officerID
        access.officerUsername = staff.username
        access.purpose = purpose
        access.occurredAt = req.now
        access.clientAddress = req.auditActor.clientAddress
        try await req.writeTransaction { db in try await access.create(on: db) }
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Work plans and their tasks under the six clears: drafted by a unit or the commune, submitted, approved by
/// the leader, then followed with progress and evidence.
enum WorkPlanController {
    // MARK: plans

    struct PlanRow: Encodable {
        let title: String
        let unit: String
        let period: String
        let status: String
        let taskCount: Int
        let href: String
    }

    struct PlanForm: Content {
        var title: String?
        /// Text, not `UUID?`: the "UBND xã" choice sends an empty value, which a UUID field refuses as a whole form.
        var departmentID: String?
        var periodStart: String?
        var periodEnd: String?
    }

    struct PlansPage: Encodable {
        let page: PageContext
        let rows: [PlanRow]
        let canCreate: Bool
        let units: [OrganisationController.Option]
        let form: PlanForm
        let errors: FormErrors
        let actionPath: String
    }

    static func today(_ req: Request) -> CivilDate { LocalDateTime(req.now)?.date ?? CivilDate(year: 2026, month: 1, day: 1)! }

    /// `GET /cong-viec/ke-hoach`.
    static func list(req: Request) async throws -> View {
        _ = try req.requireStaff()
        return try await renderPlans(req, form: PlanForm(), errors: [])
    }

    private static func renderPlans(_ req: Request, form: PlanForm, errors: [String]) async throws -> View {
        let staff = try req.requireStaff()
        let plans = try await req.tenant.query(WorkPlan.self).sort(\.$periodStart, .descending).all()
        let units = try await req.tenant.query(Department.self).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit.name) } })
        let tasks = try await req.tenant.query(WorkTask.self).all()
        let counts = Dictionary(grouping: tasks, by: { $0.$plan.id }).mapValues(\.count)
        return try await req.view.render("commune-work/plans", PlansPage(
            page: try await PageContext.make(for: req, title: "Kế hoạch công tác"),
            rows: try plans.map { plan in
                PlanRow(title: plan.title, unit: plan.$department.id.flatMap { unitNames[$0] } ?? "UBND xã",
                        period: plan.start.vietnameseString + " – " + plan.end.vietnameseString, status: plan.status.vietnameseName,
                        taskCount: plan.id.flatMap { counts[$0] } ?? 0, href: CommuneWorkURL.plan(.value(try plan.requireID())).path)
            },
            canCreate: staff.communeID != nil && staff.hasAny([.communeLeader, .departmentHead]),
            units: units.filter { $0.$commune.id == staff.communeID }.compactMap { unit in
                unit.id.map { .init(value: $0.uuidString, label: unit.name, isSelected: $0.uuidString == form.departmentID) }
            },
            form: form, errors: FormErrors(errors), actionPath: CommuneWorkURL.plans.path
        ))
    }

    /// `POST /cong-viec/ke-hoach`: a new draft plan for the commune (leader) or the officer's unit (head).
    static func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard let communeID = staff.communeID, staff.hasAny([.communeLeader, .departmentHead]) else { throw AppError.forbidden }
        let form = try req.content.decode(PlanForm.self)
        var problems: [String] = []
        let title = form.title.trimmedOrEmpty
        if title.isEmpty || title.count > 300 { problems.append("Cần tên kế hoạch (tối đa 300 ký tự).") }
        let start = form.periodStart.flatMap(CivilDate.init(isoString:))
        let end = form.periodEnd.flatMap(CivilDate.init(isoString:))
        if start == nil || end == nil { problems.append("Cần ngày bắt đầu và ngày kết thúc của kế hoạch.") }
        if let start, let end, end < start || start.days(to: end) > 366 { problems.append("Kế hoạch kéo dài từ 1 ngày đến 1 năm, ngày kết thúc sau ngày bắt đầu.") }
        var departmentID: UUID?
        let departmentText = form.departmentID.trimmedOrEmpty
        if !departmentText.isEmpty {
            if let id = UUID(uuidString: departmentText) { departmentID = id } else { problems.append("Đơn vị không thuộc xã.") }
        }
        if !staff.has(.communeLeader) {
            // A unit head plans for their own unit; without one, the plan would belong to nobody they may edit.
            guard let own = staff.departmentID else { throw AppError.forbidden }
            departmentID = own
        }
        if let id = departmentID, try await Department.query(on: req.db).filter(\.$id == id).filter(\.$commune.$id == communeID).first() == nil {
            problems.append("Đơn vị không thuộc xã.")
        }
        guard problems.isEmpty, let start, let end else {
            let view = try await renderPlans(req, form: form, errors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let plan = WorkPlan()
        plan.$commune.id = communeID
        plan.$department.id = departmentID
        plan.title = title
        plan.periodStart = start.isoString
        plan.periodEnd = end.isoString
        plan.status = .draft
        plan.createdBy = staff.username
        try await req.writeTransaction { db in
            try await plan.create(on: db)
            try await req.audit(AuditEvent(action: "work_plan.create", objectType: "work_plan", objectID: try plan.requireID().uuidString,
                                           communeID: communeID, summary: "\(title) (\(start.vietnameseString)–\(end.vietnameseString))"), on: db)
        }
        return req.redirect(to: CommuneWorkURL.plan(.value(try plan.requireID())).path)
    }

    // MARK: one plan

    struct TaskRow: Encodable {
        let title: String
        let assignee: String
        let due: String
        let leadUnit: String
        let coordinatingUnits: String?
        let deliverable: String
        let evidenceRequired: String
        let approvingAuthority: String
        let progress: Int
        let status: String
        let statusKey: String
        let directive: String?
        /// The directive this task carries out, on the directives page.
        let directiveHref: String?
        let href: String
    }

    struct TaskForm: Content {
        var assigneeID: UUID?
        var title: String?
        var dueDate: String?
        var leadDepartmentID: UUID?
        var coordinatingUnits: String?
        var deliverable: String?
        var evidenceRequired: String?
        var approvingAuthority: String?
    }

    struct PlanPage: Encodable {
        let page: PageContext
        let title: String
        let unit: String
        let period: String
        let status: String
        let returnReason: String?
        let tasks: [TaskRow]
        let hasTasks: Bool
        let canAddTask: Bool
        let canSubmit: Bool
        let canDecide: Bool
        let officers: [OrganisationController.Option]
        let units: [OrganisationController.Option]
        let form: TaskForm
        let errors: FormErrors
        let taskPath: String
        let decisionPath: String
    }

    static func planInScope(_ req: Request) async throws -> WorkPlan {
        try await req.tenant.find(WorkPlan.self, req.parameters.get(CommuneWorkURL.Key.planID, as: UUID.self))
    }

    /// Whether the officer drafts this plan: the leader, or the head of the plan's unit.
    static func drafts(_ staff: StaffIdentity, _ plan: WorkPlan) -> Bool {
        guard staff.communeID == plan.$commune.id else { return false }
        return staff.has(.communeLeader) || (staff.has(.departmentHead) && plan.$department.id != nil && staff.departmentID == plan.$department.id)
    }

    /// `GET /cong-viec/ke-hoach/:planID`.
    static func show(req: Request) async throws -> View {
        _ = try req.requireStaff()
        let plan = try await planInScope(req)
        return try await renderPlan(req, plan: plan, form: TaskForm(), errors: [])
    }

    static func renderPlan(_ req: Request, plan: WorkPlan, form: TaskForm, errors: [String]) async throws -> View {
        let staff = try req.requireStaff()
        let communeID = plan.$commune.id
        let tasks = try await WorkTask.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$plan.$id == plan.requireID()).sort(\.$dueDate).all()
        let officers = try await Officer.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$isActive == true).sort(\.$fullName).all()
        let officerNames = Dictionary(uniqueKeysWithValues: officers.compactMap { officer in officer.id.map { ($0, officer.fullName) } })
        let units = try await Department.query(on: req.db).filter(\.$commune.$id == communeID).sort(\.$name).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit.name) } })
        let directives = try await Directive.query(on: req.db).filter(\.$commune.$id == communeID).all()
        let directiveTexts = Dictionary(uniqueKeysWithValues: directives.compactMap { directive in directive.id.map { ($0, directive.content) } })
        let today = today(req)
        return try await req.view.render("commune-work/plan", PlanPage(
            page: try await PageContext.make(for: req, title: plan.title), title: plan.title,
            unit: plan.$department.id.flatMap { unitNames[$0] } ?? "UBND xã",
            period: plan.start.vietnameseString + " – " + plan.end.vietnameseString, status: plan.status.vietnameseName,
            returnReason: plan.status == .returned ? plan.returnReason : nil,
            tasks: try tasks.map { try taskRow($0, officerNames: officerNames, unitNames: unitNames, directiveTexts: directiveTexts, today: today) },
            hasTasks: !tasks.isEmpty,
            canAddTask: plan.status.isEditable && drafts(staff, plan),
            canSubmit: (plan.status == .draft || plan.status == .returned) && drafts(staff, plan) && !tasks.isEmpty,
            canDecide: plan.status == .submitted && staff.has(.communeLeader) && staff.communeID == communeID,
            officers: officers.compactMap { officer in officer.id.map { .init(value: $0.uuidString, label: officer.fullName, isSelected: $0 == form.assigneeID) } },
            units: units.compactMap { unit in unit.id.map { .init(value: $0.uuidString, label: unit.name, isSelected: $0 == form.leadDepartmentID) } },
            form: form, errors: FormErrors(errors),
            taskPath: CommuneWorkURL.planTasks(.value(try plan.requireID())).path,
            decisionPath: CommuneWorkURL.planDecision(.value(try plan.requireID())).path
        ))
    }

    static func taskRow(_ task: WorkTask, officerNames: [UUID: String], unitNames: [UUID: String], directiveTexts: [UUID: String], today: CivilDate) throws -> TaskRow {
        let status = task.status(today: today)
        return TaskRow(
            title: task.title, assignee: officerNames[task.$assignee.id] ?? "", due: task.due.vietnameseString,
            leadUnit: unitNames[task.$leadDepartment.id] ?? "", coordinatingUnits: task.coordinatingUnits.isEmpty ? nil : task.coordinatingUnits, deliverable: task.deliverable,
            evidenceRequired: task.evidenceRequired, approvingAuthority: task.approvingAuthority, progress: task.progressPercent,
            status: status.vietnameseName, statusKey: status.rawValue, directive: task.$directive.id.flatMap { directiveTexts[$0] },
            directiveHref: task.$directive.id.map(InspectionController.directiveHref),
            href: CommuneWorkURL.task(.value(try task.requireID())).path
        )
    }

    /// The reasons a task form was refused, each in Vietnamese.
    struct TaskProblems: Error {
        let messages: [String]
    }

    /// Checks a task form against the six clears and the plan; returns the task to store or the problems.
    static func buildTask(_ form: TaskForm, plan: WorkPlan, directiveID: UUID?, on req: Request) async throws -> Result<WorkTask, TaskProblems> {
        let communeID = plan.$commune.id
        var problems: [String] = []
        var assigneeName = ""
        if let id = form.assigneeID {
            if let officer = try await Officer.active(id, inCommune: communeID, on: req.db) { assigneeName = officer.fullName } else {
                problems.append(Officer.notInCommuneMessage)
            }
        }
        var leadUnitName = ""
        if let id = form.leadDepartmentID,
           let unit = try await Department.query(on: req.db).filter(\.$id == id).filter(\.$commune.$id == communeID).first() {
            leadUnitName = unit.name
        }
        let dueText = form.dueDate.trimmedOrEmpty
        let due = CivilDate(isoString: dueText)
        if !dueText.isEmpty, due == nil { problems.append("Hạn hoàn thành không hợp lệ (YYYY-MM-DD).") }
        let draft = SixClearTaskDraft(
            assigneeName: assigneeName, title: form.title.trimmedOrEmpty, dueDate: due, leadUnit: leadUnitName,
            coordinatingUnits: [form.coordinatingUnits.trimmedOrEmpty], deliverable: form.deliverable.trimmedOrEmpty,
            evidenceRequired: form.evidenceRequired.trimmedOrEmpty, approvingAuthority: form.approvingAuthority.trimmedOrEmpty
        )
        problems += SixClearRule.problems(of: draft, planStart: plan.start, planEnd: plan.end, calendar: try await req.workingDayCalendar())
        guard problems.isEmpty, let assigneeID = form.assigneeID, let leadID = form.leadDepartmentID, let due else { return .failure(TaskProblems(messages: problems)) }
        let task = WorkTask()
        task.$commune.id = communeID
        task.$plan.id = try plan.requireID()
        task.$assignee.id = assigneeID
        task.$leadDepartment.id = leadID
        task.$directive.id = directiveID
        task.title = draft.title
        task.dueDate = due.isoString
        task.coordinatingUnits = form.coordinatingUnits.trimmedOrEmpty
        task.deliverable = draft.deliverable
        task.evidenceRequired = draft.evidenceRequired
        task.approvingAuthority = draft.approvingAuthority
        task.progressPercent = 0
        task.progressNote = ""
        task.version = 1
        return .success(task)
    }

    /// `POST /cong-viec/ke-hoach/:planID/nhiem-vu`: a task with all six clears, while the plan is a draft.
    static func addTask(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let plan = try await planInScope(req)
        guard drafts(staff, plan) else { throw AppError.forbidden }
        guard plan.status.isEditable else { throw AppError.conflict("Kế hoạch đã trình hoặc đã duyệt; không thêm nhiệm vụ được.") }
        let form = try req.content.decode(TaskForm.self)
        switch try await buildTask(form, plan: plan, directiveID: nil, on: req) {
        case .failure(let problems):
            let view = try await renderPlan(req, plan: plan, form: form, errors: problems.messages)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let task):
            let planID = try plan.requireID()
            try await req.writeTransaction { db in
                guard let current = try await WorkPlan.lockedRow(planID, on: db), current.status.isEditable else {
                    throw AppError.conflict("Kế hoạch vừa được trình hoặc phê duyệt; không thêm nhiệm vụ được.")
                }
                try await task.create(on: db)
                try await req.audit(AuditEvent(action: "work_task.create", objectType: "work_task", objectID: try task.requireID().uuidString,
                                               communeID: plan.$commune.id, summary: "\(task.title), hạn \(task.due.vietnameseString)"), on: db)
            }
            return req.redirect(to: Notice.saved.appended(to: CommuneWorkURL.plan(.value(try plan.requireID())).path))
        }
    }

    struct DecisionForm: Content {
        var decision: String?
        var reason: String?
    }

    /// `POST /cong-viec/ke-hoach/:planID/trinh-duyet`: submit (the drafter), approve or return (the leader).
    static func decide(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let plan = try await planInScope(req)
        let form = try req.content.decode(DecisionForm.self)
        guard let target = form.decision.flatMap(WorkPlanStatus.init(rawValue:)), plan.status.canMove(to: target) else {
            throw AppError.invalid("Không thể chuyển kế hoạch từ “\(plan.status.vietnameseName)” như vậy.")
        }
        if target == .submitted {
            guard drafts(staff, plan) else { throw AppError.forbidden }
            let count = try await WorkTask.query(on: req.db).filter(\.$plan.$id == plan.requireID()).count()
            guard count > 0 else { throw AppError.invalid("Kế hoạch chưa có nhiệm vụ nào.") }
        } else {
            guard staff.has(.communeLeader), staff.communeID == plan.$commune.id else { throw AppError.forbidden }
        }
        let reason = form.reason.trimmedOrEmpty
        if target == .returned, reason.isEmpty { throw AppError.invalid("Cần ghi lý do trả lại.") }
        let statusRead = plan.status
        plan.status = target
        if target != .submitted {
            plan.decidedBy = staff.username
            plan.decidedAt = req.now
        }
        plan.returnReason = target == .returned ? reason : nil
        let planID = try plan.requireID()
        try await req.writeTransaction { db in
            guard let current = try await WorkPlan.lockedRow(planID, on: db), current.status == statusRead else {
                throw AppError.conflict("Kế hoạch vừa được người khác cập nhật. Hãy tải lại trang.")
            }
            try await plan.save(on: db)
            try await req.audit(AuditEvent(action: "work_plan.\(target.rawValue)", objectType: "work_plan", objectID: try plan.requireID().uuidString,
                                           communeID: plan.$commune.id, summary: "\(plan.title): \(target.vietnameseName)" + (reason.isEmpty ? "" : " — \(reason)")), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: CommuneWorkURL.plan(.value(try plan.requireID())).path))
    }

    // MARK: one task

    struct EvidenceRow: Encodable {
        let fileName: String
        let uploadedBy: String
        let uploadedAt: String
        let href: String
    }

    struct TaskPage: Encodable {
        let page: PageContext
        let task: TaskRow
        let planTitle: String
        let planHref: String
        let progressNote: String?
        let evidence: [EvidenceRow]
        let hasEvidence: Bool
        let canReport: Bool
        let progressPath: String
        let version: Int
    }

    static func taskInScope(_ req: Request) async throws -> WorkTask {
        try await req.tenant.find(WorkTask.self, req.parameters.get(CommuneWorkURL.Key.taskID, as: UUID.self))
    }

    /// Whether the officer reports this task's progress: its assignee, the lead unit's head, or the leader.
    static func reports(_ staff: StaffIdentity, _ task: WorkTask) -> Bool {
        guard staff.communeID == task.$commune.id else { return false }
        return staff.officerID == task.$assignee.id || staff.has(.communeLeader)
            || (staff.has(.departmentHead) && staff.departmentID == task.$leadDepartment.id)
    }

    /// `GET /cong-viec/nhiem-vu/:taskID`.
    static func showTask(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let task = try await taskInScope(req)
        let plan = try await task.$plan.get(on: req.db)
        let assignee = try await task.$assignee.get(on: req.db)
        let unit = try await task.$leadDepartment.get(on: req.db)
        let directive = try await task.$directive.get(on: req.db)
        let evidence = try await WorkTaskEvidence.query(on: req.db).filter(\.$commune.$id == task.$commune.id).filter(\.$task.$id == task.requireID()).sort(\.$uploadedAt).all()
        let row = try taskRow(task, officerNames: [try assignee.requireID(): assignee.fullName], unitNames: [try unit.requireID(): unit.name],
                              directiveTexts: directive.flatMap { d in d.id.map { [$0: d.content] } } ?? [:], today: today(req))
        return try await req.view.render("commune-work/task", TaskPage(
            page: try await PageContext.make(for: req, title: task.title), task: row, planTitle: plan.title,
            planHref: CommuneWorkURL.plan(.value(try plan.requireID())).path, progressNote: task.progressNote.isEmpty ? nil : task.progressNote,
            evidence: try evidence.map { item in
                EvidenceRow(fileName: item.fileName, uploadedBy: item.uploadedBy, uploadedAt: VietnameseFormat.dateTime(item.uploadedAt),
                            href: CommuneWorkURL.evidence(.value(try task.requireID()), .value(try item.requireID())).path)
            },
            hasEvidence: !evidence.isEmpty,
            canReport: reports(staff, task) && task.completedOn == nil && task.cancelledReason == nil,
            progressPath: CommuneWorkURL.taskProgress(.value(try task.requireID())).path, version: task.version
        ))
    }

    struct ProgressForm: Content {
        var percent: String?
        var note: String?
        var done: String?
        var version: Int?
    }

    /// `POST /cong-viec/nhiem-vu/:taskID/tien-do` (multipart): progress, a note, optionally an evidence file, or done.
    static func reportProgress(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let task = try await taskInScope(req)
        guard reports(staff, task) else { throw AppError.forbidden }
        guard task.completedOn == nil, task.cancelledReason == nil else { throw AppError.conflict("Nhiệm vụ đã kết thúc.") }
        let form = try req.content.decode(ProgressForm.self)
        if let version = form.version, version != task.version { throw AppError.conflict("Nhiệm vụ vừa được cập nhật. Hãy tải lại trang.") }
        let isDone = form.done != nil
        guard let percent = isDone ? 100 : Int(form.percent.trimmedOrEmpty), (0...100).contains(percent) else {
            throw AppError.invalid("Tiến độ là số phần trăm từ 0 đến 100.")
        }
        let note = form.note.trimmedOrEmpty
        if note.count > 2000 { throw AppError.invalid("Ghi chú tối đa 2.000 ký tự.") }
        var upload: (key: String, name: String, kind: UploadedFileKind)?
        if let file = try? req.content.get(File.self, at: "evidence"), file.data.readableBytes > 0 {
            let bytes = Array(file.data.readableBytesView)
            switch UploadRule.check(bytes, fileName: file.filename) {
            case .success(let kind):
                upload = (try await req.application.fileStore.store(bytes, kind: kind, communeID: task.$commune.id), String(file.filename.prefix(200)), kind)
            case .failure(let problem):
                throw AppError.invalid("Minh chứng: \(problem.message)")
            }
        }
        let evidenceCount = try await WorkTaskEvidence.query(on: req.db).filter(\.$task.$id == task.requireID()).count()
        if isDone, upload == nil, evidenceCount == 0 {
            throw AppError.invalid("Cần tải lên minh chứng (\(task.evidenceRequired)) trước khi báo hoàn thành.")
        }
        let today = today(req)
        task.progressPercent = percent
        if !note.isEmpty { task.progressNote = note }
        if isDone { task.completedOn = today.isoString }
        task.version += 1
        let taskID = try task.requireID()
        let now = req.now
        let stored = upload
        let versionRead = task.version - 1
        try await req.writeTransaction { db in
            guard let current = try await WorkTask.lockedRow(taskID, on: db), current.version == versionRead, current.completedOn == nil else {
                throw AppError.conflict("Nhiệm vụ vừa được người khác cập nhật. Hãy tải lại trang.")
            }
            try await task.save(on: db)
            if let stored {
                let evidence = WorkTaskEvidence()
                evidence.$commune.id = task.$commune.id
                evidence.$task.id = taskID
                evidence.fileKey = stored.key
                evidence.fileName = stored.name
                evidence.mediaType = stored.kind.mediaType
                evidence.uploadedBy = staff.username
                evidence.uploadedAt = now
                try await evidence.create(on: db)
            }
            try await req.audit(AuditEvent(action: isDone ? "work_task.done" : "work_task.progress", objectType: "work_task", objectID: taskID.uuidString,
                                           communeID: task.$commune.id, summary: "\(task.title): \(percent)%" + (note.isEmpty ? "" : " — \(note)")), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: CommuneWorkURL.task(.value(taskID)).path))
    }

    /// `GET /cong-viec/nhiem-vu/:taskID/minh-chung/:evidenceID`.
    static func evidence(req: Request) async throws -> Response {
        _ = try req.requireStaff()
        let task = try await taskInScope(req)
        guard let id = req.parameters.get(CommuneWorkURL.Key.evidenceID, as: UUID.self),
              let item = try await WorkTaskEvidence.query(on: req.db).filter(\.$commune.$id == task.$commune.id).filter(\.$task.$id == task.requireID()).filter(\.$id == id).first()
        else { throw AppError.notFound }
        let bytes = try await req.application.fileStore.read(item.fileKey)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: item.mediaType)
        headers.add(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: Data(bytes)))
    }
}

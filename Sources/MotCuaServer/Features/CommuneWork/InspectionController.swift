import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Province inspections of communes and their directives, each followed to done through the commune's tasks.
enum InspectionController {
    struct DirectiveRow: Encodable {
        let id: String
        let communeName: String
        let content: String
        let due: String
        let progress: String
        let progressKey: String
        let tasks: [TaskLink]
        let assignPath: String
        /// This directive on the directives page, and the visit that gave it on the inspections page.
        let anchor: String
        let href: String
        let inspectionHref: String
    }

    struct TaskLink: Encodable {
        let title: String
        let status: String
        let href: String
    }

    struct InspectionRow: Encodable {
        /// The anchor that directives link back to.
        let anchor: String
        let communeName: String
        let visitedOn: String
        let inspector: String
        let scope: String
        let findings: String
        let directives: [DirectiveRow]
    }

    struct InspectionForm: Content {
        var communeID: UUID?
        var visitedOn: String?
        var inspector: String?
        var scope: String?
        var findings: String?
        var directive1: String?
        var due1: String?
        var directive2: String?
        var due2: String?
        var directive3: String?
        var due3: String?
        var directive4: String?
        var due4: String?
        var directive5: String?
        var due5: String?
    }

    struct InspectionsPage: Encodable {
        let page: PageContext
        let inspections: [InspectionRow]
        let canRecord: Bool
        let communes: [OrganisationController.Option]
        let form: InspectionForm
        let errors: FormErrors
        let actionPath: String
    }

    /// `GET /cong-viec/kiem-tra`: the visits and what each asked.
    static func list(req: Request) async throws -> View {
        _ = try req.requireStaff()
        return try await renderInspections(req, form: InspectionForm(), errors: [])
    }

    private static func renderInspections(_ req: Request, form: InspectionForm, errors: [String]) async throws -> View {
        let staff = try req.requireStaff()
        let inspections = try await req.tenant.query(Inspection.self).sort(\.$visitedOn, .descending).all()
        let rows = try await directiveRows(req)
        let byInspection = Dictionary(grouping: rows, by: \.inspectionID)
        let communes = try await visibleCommunes(req)
        let communeNames = Dictionary(uniqueKeysWithValues: communes.compactMap { commune in commune.id.map { ($0, commune.fullName) } })
        return try await req.view.render("commune-work/inspections", InspectionsPage(
            page: try await PageContext.make(for: req, title: "Kiểm tra và chỉ đạo của tỉnh"),
            inspections: inspections.map { inspection in
                InspectionRow(anchor: inspection.id.map(InspectionController.inspectionAnchor) ?? "", communeName: communeNames[inspection.$commune.id] ?? "", visitedOn: CivilDate(isoString: inspection.visitedOn)?.vietnameseString ?? inspection.visitedOn,
                              inspector: inspection.inspector, scope: inspection.scope, findings: inspection.findings,
                              directives: inspection.id.flatMap { byInspection[$0]?.map(\.row) } ?? [])
            },
            canRecord: staff.has(.provinceOffice),
            communes: communes.compactMap { commune in commune.id.map { .init(value: $0.uuidString, label: commune.fullName, isSelected: $0 == form.communeID) } },
            form: form, errors: FormErrors(errors), actionPath: CommuneWorkURL.inspections.path
        ))
    }

    /// `POST /cong-viec/kiem-tra`: the province office records a visit with up to five directives.
    static func record(req: Request) async throws -> Response {
        let staff = try req.requireRole(.provinceOffice)
        let form = try req.content.decode(InspectionForm.self)
        var problems: [String] = []
        let commune = try await visibleCommunes(req).first { $0.id == form.communeID }
        if commune == nil { problems.append("Cần chọn xã, phường được kiểm tra.") }
        let visited = form.visitedOn.flatMap(CivilDate.init(isoString:))
        if visited == nil { problems.append("Cần ngày kiểm tra.") }
        if form.inspector.trimmedOrEmpty.isEmpty { problems.append("Cần ghi người, đoàn kiểm tra.") }
        if form.scope.trimmedOrEmpty.isEmpty { problems.append("Cần ghi nội dung kiểm tra.") }
        if [form.inspector, form.scope, form.findings].contains(where: { ($0 ?? "").count > 4000 }) { problems.append("Mỗi mục tối đa 4.000 ký tự.") }
        let pairs = [(form.directive1, form.due1), (form.directive2, form.due2), (form.directive3, form.due3), (form.directive4, form.due4), (form.directive5, form.due5)]
        var directives: [(String, CivilDate)] = []
        for (index, (text, due)) in pairs.enumerated() {
            let content = text.trimmedOrEmpty
            if content.isEmpty { continue }
            guard let dueDate = due.flatMap(CivilDate.init(isoString:)) else {
                problems.append("Chỉ đạo \(index + 1) cần hạn hoàn thành.")
                continue
            }
            if let visited, dueDate < visited { problems.append("Hạn của chỉ đạo \(index + 1) trước ngày kiểm tra.") }
            if content.count > 2000 { problems.append("Chỉ đạo \(index + 1) tối đa 2.000 ký tự.") }
            directives.append((content, dueDate))
        }
        guard problems.isEmpty, let commune, let visited else {
            let view = try await renderInspections(req, form: form, errors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let communeID = try commune.requireID()
        let inspection = Inspection()
        inspection.$commune.id = communeID
        inspection.visitedOn = visited.isoString
        inspection.inspector = form.inspector.trimmedOrEmpty
        inspection.scope = form.scope.trimmedOrEmpty
        inspection.findings = form.findings.trimmedOrEmpty
        inspection.recordedBy = staff.username
        let planned = directives
        try await req.writeTransaction { db in
            try await inspection.create(on: db)
            for (content, due) in planned {
                let directive = Directive()
                directive.$commune.id = communeID
                directive.$inspection.id = try inspection.requireID()
                directive.content = content
                directive.dueDate = due.isoString
                try await directive.create(on: db)
            }
            try await req.audit(AuditEvent(action: "inspection.record", objectType: "inspection", objectID: try inspection.requireID().uuidString,
                                           communeID: communeID, summary: "Kiểm tra \(commune.fullName) ngày \(visited.vietnameseString), \(planned.count) chỉ đạo"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: CommuneWorkURL.directives.path))
    }

    /// The communes the officer may see, by name.
    static func visibleCommunes(_ req: Request) async throws -> [Commune] {
        let staff = try req.requireStaff()
        return try await Commune.query(on: req.db).filter(\.$id ~~ Array(staff.scope.communeIDs)).sort(\.$name).all()
    }

    // MARK: directives

    struct Entry {
        let inspectionID: UUID
        let row: DirectiveRow
        let progress: DirectiveProgress
    }

    /// The directive's row on the directives page, for links from its inspection and its tasks.
    static func directiveHref(_ id: UUID) -> String { CommuneWorkURL.directives.path + "#" + directiveAnchor(id) }

    static func directiveAnchor(_ id: UUID) -> String { "chi-dao-" + id.uuidString.lowercased() }

    static func inspectionAnchor(_ id: UUID) -> String { "kiem-tra-" + id.uuidString.lowercased() }

    static func directiveRows(_ req: Request) async throws -> [Entry] {
        let directives = try await req.tenant.query(Directive.self).sort(\.$dueDate).all()
        let tasks = try await req.tenant.query(WorkTask.self).filter(\.$directive.$id != nil).all()
        let tasksByDirective = Dictionary(grouping: tasks, by: { $0.$directive.id ?? UUID() })
        let communes = try await visibleCommunes(req)
        let communeNames = Dictionary(uniqueKeysWithValues: communes.compactMap { commune in commune.id.map { ($0, commune.fullName) } })
        let today = WorkPlanController.today(req)
        return try directives.map { directive in
            let id = try directive.requireID()
            let own = tasksByDirective[id] ?? []
            let progress = DirectiveProgress.of(directive, tasks: own, today: today)
            return Entry(inspectionID: directive.$inspection.id, row: DirectiveRow(
                id: id.uuidString, communeName: communeNames[directive.$commune.id] ?? "", content: directive.content,
                due: directive.due.vietnameseString, progress: progress.vietnameseName, progressKey: progress.rawValue,
                tasks: try own.map { TaskLink(title: $0.title, status: $0.status(today: today).vietnameseName, href: CommuneWorkURL.task(.value(try $0.requireID())).path) },
                assignPath: CommuneWorkURL.assignDirective(.value(id)).path,
                anchor: directiveAnchor(id), href: directiveHref(id), inspectionHref: CommuneWorkURL.inspections.path + "#" + inspectionAnchor(directive.$inspection.id)
            ), progress: progress)
        }
    }

    struct DirectivesPage: Encodable {
        let page: PageContext
        let rows: [DirectiveRow]
        let hasRows: Bool
        let counts: [OrganisationController.Option]
        let canAssign: Bool
        let plans: [OrganisationController.Option]
        let officers: [OrganisationController.Option]
        let units: [OrganisationController.Option]
        let inspectionsPath: String
        let plansPath: String
        let eventsPath: String
        let errors: FormErrors
    }

    /// `GET /cong-viec/chi-dao`: every directive with its progress; the province across communes, a commune its own.
    static func directives(req: Request) async throws -> View {
        try await renderDirectives(req, errors: [])
    }

    private static func renderDirectives(_ req: Request, errors: [String]) async throws -> View {
        let staff = try req.requireStaff()
        let entries = try await directiveRows(req)
        let counts = Dictionary(grouping: entries, by: \.progress).map { OrganisationController.Option(value: String($0.value.count), label: $0.key.vietnameseName, isSelected: false) }
            .sorted { $0.label < $1.label }
        var plans: [WorkPlan] = []
        var officers: [Officer] = []
        var units: [Department] = []
        if let communeID = staff.communeID, staff.has(.communeLeader) {
            plans = try await WorkPlan.query(on: req.db).filter(\.$commune.$id == communeID).sort(\.$periodStart, .descending).all()
            officers = try await Officer.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$isActive == true).sort(\.$fullName).all()
            units = try await Department.query(on: req.db).filter(\.$commune.$id == communeID).sort(\.$name).all()
        }
        return try await req.view.render("commune-work/directives", DirectivesPage(
            page: try await PageContext.make(for: req, title: "Chỉ đạo của tỉnh"),
            rows: entries.map(\.row), hasRows: !entries.isEmpty, counts: counts,
            canAssign: staff.has(.communeLeader) && !plans.isEmpty,
            plans: plans.compactMap { plan in plan.id.map { .init(value: $0.uuidString, label: plan.title, isSelected: false) } },
            officers: officers.compactMap { officer in officer.id.map { .init(value: $0.uuidString, label: officer.fullName, isSelected: false) } },
            units: units.compactMap { unit in unit.id.map { .init(value: $0.uuidString, label: unit.name, isSelected: false) } },
            inspectionsPath: CommuneWorkURL.inspections.path, plansPath: CommuneWorkURL.plans.path, eventsPath: CommuneWorkURL.events.path, errors: FormErrors(errors)
        ))
    }

    struct AssignForm: Content {
        var planID: UUID?
        var assigneeID: UUID?
        var title: String?
        var dueDate: String?
        var leadDepartmentID: UUID?
        var coordinatingUnits: String?
        var deliverable: String?
        var evidenceRequired: String?
        var approvingAuthority: String?
    }

    /// `POST /cong-viec/chi-dao/:directiveID/giao`: the commune leader turns a directive into a task of a plan.
    static func assign(req: Request) async throws -> Response {
        let staff = try req.requireRole(.communeLeader)
        let directive = try await req.tenant.find(Directive.self, req.parameters.get(CommuneWorkURL.Key.directiveID, as: UUID.self))
        guard staff.communeID == directive.$commune.id else { throw AppError.notFound }
        let form = try req.content.decode(AssignForm.self)
        guard let plan = try await form.planID.asyncFlatMap({ id in
            try await WorkPlan.query(on: req.db).filter(\.$id == id).filter(\.$commune.$id == directive.$commune.id).first()
        }) else { throw AppError.invalid("Cần chọn kế hoạch của xã để đưa nhiệm vụ vào.") }
        let taskForm = WorkPlanController.TaskForm(
            assigneeID: form.assigneeID, title: form.title.trimmedOrNil ?? directive.content, dueDate: form.dueDate,
            leadDepartmentID: form.leadDepartmentID, coordinatingUnits: form.coordinatingUnits, deliverable: form.deliverable,
            evidenceRequired: form.evidenceRequired, approvingAuthority: form.approvingAuthority
        )
        switch try await WorkPlanController.buildTask(taskForm, plan: plan, directiveID: try directive.requireID(), on: req) {
        case .failure(let problems):
            let view = try await renderDirectives(req, errors: problems.messages)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let task):
            try await req.writeTransaction { db in
                try await task.create(on: db)
                try await req.audit(AuditEvent(action: "directive.assign", objectType: "work_task", objectID: try task.requireID().uuidString,
                                               communeID: directive.$commune.id, summary: "Giao thực hiện chỉ đạo: \(task.title), hạn \(task.due.vietnameseString)"), on: db)
            }
            return req.redirect(to: Notice.saved.appended(to: CommuneWorkURL.directives.path))
        }
    }
}

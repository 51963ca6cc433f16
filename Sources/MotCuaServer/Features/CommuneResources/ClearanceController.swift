import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Land clearance (giải phóng mặt bằng): projects, their affected households and what blocks handing over the land.
enum ClearanceController {
    struct ProjectRow: Encodable {
        let name: String
        let investor: String
        let commune: String
        let area: String
        let parcels: Int
        let households: Int
        let handedOver: String
        let paid: String
        let blocked: Int
        let href: String
    }

    struct ProjectForm: Content {
        var name: String?
        var investor: String?
        var area: String?
        var parcelCount: String?
    }

    struct ListPage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let rows: [ProjectRow]
        let hasRows: Bool
        let showCommune: Bool
        let canCreate: Bool
        let form: ProjectForm
        let errors: FormErrors
        let createPath: String
    }

    /// `GET /kinh-te-tai-chinh/giai-phong-mat-bang`.
    static func list(req: Request) async throws -> Response {
        try await renderList(req, form: ProjectForm(), errors: [], status: .ok)
    }

    static func progress(of households: [ClearanceHousehold]) -> ClearanceProgress {
        ClearanceProgress.make(households.map { ($0.status, $0.compensation, $0.paid, $0.area) })
            ?? ClearanceProgress(households: households.count, counts: [:], compensation: 0, paid: 0, areaHandedOver: 0, areaTotal: 0)
    }

    static func renderList(_ req: Request, form: ProjectForm, errors: [String], status: HTTPResponseStatus) async throws -> Response {
        let duties = try req.resourceDuties()
        let projects = try await req.tenant.query(ClearanceProject.self).sort(\.$name).all()
        let households = Dictionary(grouping: try await req.tenant.query(ClearanceHousehold.self).all(), by: { $0.$project.id })
        let communes = try await ResourcePages.communeNames(req)
        return try await ResourcePages.render(req, "resources/clearance-projects", ListPage(
            page: try await PageContext.make(for: req, title: "Giải phóng mặt bằng"), tabs: ResourcePages.tabs(req),
            rows: try projects.map { project in
                let own = households[try project.requireID()] ?? []
                let progress = progress(of: own)
                return ProjectRow(name: project.name, investor: project.investor, commune: communes[project.$commune.id] ?? "", area: "\(VND.grouped(project.area)) m²",
                                  parcels: project.parcelCount, households: own.count, handedOver: progress.handedOverText, paid: progress.paidText,
                                  blocked: own.filter { $0.status != .handedOver }.count, href: ResourcesURL.clearanceProject(.value(try project.requireID())).path)
            },
            hasRows: !projects.isEmpty, showCommune: duties.isProvince, canCreate: duties.handlesEconomy, form: form, errors: FormErrors(errors),
            createPath: ResourcesURL.clearanceProjects.path
        ), status: status)
    }

    /// A whole number typed by a person (area, count), or `nil`.
    static func wholeNumber(_ text: String?) -> Int64? {
        if case .success(let value) = Money.parse(text) { return value }
        return nil
    }

    /// `POST /kinh-te-tai-chinh/giai-phong-mat-bang`: a new project.
    static func create(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        guard duties.handlesEconomy, let communeID = duties.staff.communeID else { throw AppError.forbidden }
        let form = try req.content.decode(ProjectForm.self)
        var problems: [String] = []
        let name = form.name.trimmedOrEmpty
        if name.isEmpty || name.count > 300 { problems.append("Cần tên dự án (tối đa 300 ký tự).") }
        let investor = form.investor.trimmedOrEmpty
        if investor.isEmpty { problems.append("Cần tên chủ đầu tư.") }
        let area = wholeNumber(form.area)
        if area == nil || area == 0 { problems.append("Diện tích thu hồi phải là số mét vuông lớn hơn 0.") }
        let parcels = wholeNumber(form.parcelCount)
        if parcels == nil || (parcels ?? 0) > 100_000 { problems.append("Số thửa đất bị ảnh hưởng phải là số nguyên không âm.") }
        guard problems.isEmpty, let area, let parcels else { return try await renderList(req, form: form, errors: problems, status: .unprocessableEntity) }
        let project = ClearanceProject()
        project.$commune.id = communeID
        project.name = name
        project.investor = investor
        project.area = area
        project.parcelCount = Int(parcels)
        project.createdBy = duties.staff.username
        try await req.writeTransaction { db in
            try await project.create(on: db)
            try await req.audit(AuditEvent(action: "clearance.create", objectType: "clearance_project", objectID: try project.requireID().uuidString, communeID: communeID,
                                           summary: "\(name), chủ đầu tư \(investor), \(VND.grouped(area)) m²"), on: db)
        }
        return req.redirect(to: ResourcesURL.clearanceProject(.value(try project.requireID())).path)
    }

    struct HouseholdRow: Encodable {
        let id: String
        let headName: String
        let parcel: String
        let area: String
        let compensation: String
        let paid: String
        let compensationInput: String
        let paidInput: String
        let status: String
        let statusKey: String
        let blocker: String?
        let note: String
        let hasNote: Bool
        let version: Int
        let statuses: [OrganisationController.Option]
        let updatePath: String
    }

    struct HouseholdForm: Content {
        var headName: String?
        var parcel: String?
        var area: String?
        var compensation: String?
        var paid: String?
        var status: String?
        var note: String?
        var version: Int?
    }

    struct ProjectPage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let name: String
        let investor: String
        let area: String
        let parcels: Int
        let households: [HouseholdRow]
        let hasHouseholds: Bool
        let blockers: [HouseholdRow]
        let hasBlockers: Bool
        let counts: [OrganisationController.Option]
        let handedOver: String
        let areaHandedOver: String
        let compensation: String
        let paid: String
        let paidShare: String
        let canEdit: Bool
        let showPersonalData: Bool
        let form: HouseholdForm
        let errors: FormErrors
        let addPath: String
    }

    static func projectInScope(_ req: Request) async throws -> ClearanceProject {
        try await req.tenant.find(ClearanceProject.self, req.parameters.get(ResourcesURL.Key.projectID, as: UUID.self))
    }

    /// `GET /kinh-te-tai-chinh/giai-phong-mat-bang/:projectID`: progress, and every household not yet handed over with what blocks it.
    static func show(req: Request) async throws -> Response {
        _ = try req.resourceDuties()
        return try await render(req, project: try await projectInScope(req), form: HouseholdForm(), errors: [], status: .ok)
    }

    static func render(_ req: Request, project: ClearanceProject, form: HouseholdForm, errors: [String], status: HTTPResponseStatus) async throws -> Response {
        let duties = try req.resourceDuties()
        let projectID = try project.requireID()
        let households = try await ClearanceHousehold.query(on: req.db).filter(\.$commune.$id == project.$commune.id).filter(\.$project.$id == projectID).sort(\.$parcel).all()
        let progress = progress(of: households)
        let canEdit = duties.handlesEconomy && duties.staff.communeID == project.$commune.id
        // Names of households are personal data: the commune's own officers see them, the province sees the parcel only.
        let showPersonal = duties.staff.communeID == project.$commune.id
        let rows = try households.map { household in
            HouseholdRow(id: try household.requireID().uuidString, headName: showPersonal ? household.headName : PersonalDataMasking.maskName(household.headName),
                         parcel: household.parcel, area: "\(VND.grouped(household.area)) m²",
                         compensation: VND.format(household.compensation), paid: VND.format(household.paid),
                         compensationInput: VND.grouped(household.compensation), paidInput: VND.grouped(household.paid),
                         status: household.status.vietnameseName, statusKey: household.status.rawValue, blocker: household.status.blocker, note: household.note, hasNote: !household.note.isEmpty,
                         version: household.version,
                         statuses: ClearanceHouseholdStatus.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0 == household.status) },
                         updatePath: ResourcesURL.clearanceHousehold(.value(try household.requireID())).path)
        }
        // Complaints first: they block hand-over longest.
        let blockers = rows.filter { $0.blocker != nil }.sorted { ($0.statusKey == "complaint" ? 0 : 1, $0.parcel) < ($1.statusKey == "complaint" ? 0 : 1, $1.parcel) }
        return try await ResourcePages.render(req, "resources/clearance-project", ProjectPage(
            page: try await PageContext.make(for: req, title: project.name), tabs: ResourcePages.tabs(req), name: project.name, investor: project.investor,
            area: "\(VND.grouped(project.area)) m²", parcels: project.parcelCount, households: rows, hasHouseholds: !rows.isEmpty,
            blockers: blockers, hasBlockers: !blockers.isEmpty,
            counts: ClearanceHouseholdStatus.allCases.map { .init(value: String(progress.counts[$0] ?? 0), label: $0.vietnameseName, isSelected: false) },
            handedOver: progress.handedOverText, areaHandedOver: progress.areaText, compensation: VND.format(progress.compensation), paid: VND.format(progress.paid),
            paidShare: progress.paidText, canEdit: canEdit, showPersonalData: showPersonal, form: form, errors: FormErrors(errors),
            addPath: ResourcesURL.clearanceHouseholds(.value(projectID)).path
        ), status: status)
    }

    /// Reads the amounts of a household form.
    static func amounts(_ form: HouseholdForm, problems: inout [String]) -> (area: Int64, compensation: Int64, paid: Int64) {
        func read(_ text: String?, _ field: String, required: Bool) -> Int64 {
            if !required, (text ?? "").trimmingCharacters(in: .whitespaces).isEmpty { return 0 }
            switch Money.parse(text) {
            case .success(let value): return value
            case .failure(let problem): problems.append(problem.message(field: field)); return 0
            }
        }
        let area = read(form.area, "Diện tích bị thu hồi (m²)", required: true)
        let compensation = read(form.compensation, "Tiền bồi thường theo phương án", required: false)
        let paid = read(form.paid, "Số tiền đã chi trả", required: false)
        if paid > compensation { problems.append("Số tiền đã chi trả không được lớn hơn tiền bồi thường theo phương án.") }
        return (area, compensation, paid)
    }

    /// `POST …/:projectID/ho`: adds an affected household, counted.
    static func addHousehold(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let project = try await projectInScope(req)
        let communeID = project.$commune.id
        guard duties.handlesEconomy, duties.staff.communeID == communeID else { throw AppError.forbidden }
        let form = try req.content.decode(HouseholdForm.self)
        var problems: [String] = []
        let name = form.headName.trimmedOrEmpty
        if name.isEmpty || name.count > 200 { problems.append("Cần họ tên chủ hộ.") }
        let parcel = form.parcel.trimmedOrEmpty
        if parcel.isEmpty || parcel.count > 100 { problems.append("Cần số thửa, tờ bản đồ.") }
        let (area, compensation, paid) = amounts(form, problems: &problems)
        guard problems.isEmpty else { return try await render(req, project: project, form: form, errors: problems, status: .unprocessableEntity) }
        let household = ClearanceHousehold()
        household.$commune.id = communeID
        household.$project.id = try project.requireID()
        household.headName = name
        household.parcel = parcel
        household.area = area
        household.compensation = compensation
        household.paid = paid
        household.status = .counted
        household.note = String(form.note.trimmedOrEmpty.prefix(500))
        household.version = 1
        try await req.writeTransaction { db in
            try await household.create(on: db)
            try await req.audit(AuditEvent(action: "clearance.household_add", objectType: "clearance_project", objectID: try project.requireID().uuidString, communeID: communeID,
                                           summary: "\(parcel): kiểm đếm \(VND.grouped(area)) m²"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: ResourcesURL.clearanceProject(.value(try project.requireID())).path))
    }

    /// `POST …/ho/:householdID`: the household's amounts and status, moved only along the allowed path.
    static func updateHousehold(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let household = try await req.tenant.find(ClearanceHousehold.self, req.parameters.get(ResourcesURL.Key.householdID, as: UUID.self))
        let communeID = household.$commune.id
        guard duties.handlesEconomy, duties.staff.communeID == communeID else { throw AppError.forbidden }
        guard let project = try await ClearanceProject.find(household.$project.id, on: req.db) else { throw AppError.notFound }
        var form = try req.content.decode(HouseholdForm.self)
        if form.area == nil { form.area = VND.grouped(household.area) }
        var problems: [String] = []
        let (area, compensation, paid) = amounts(form, problems: &problems)
        guard let status = form.status.flatMap(ClearanceHouseholdStatus.init(rawValue:)) else {
            return try await render(req, project: project, form: HouseholdForm(), errors: ["Hãy chọn trạng thái của hộ."], status: .unprocessableEntity)
        }
        if problems.isEmpty, case .failure(let problem) = household.status.allowsMove(to: status, paidAmount: paid, compensation: compensation) {
            problems.append("\(household.parcel): " + problem.message)
        }
        guard problems.isEmpty else { return try await render(req, project: project, form: HouseholdForm(), errors: problems, status: .unprocessableEntity) }
        let householdID = try household.requireID()
        let note = form.note.map { String($0.trimmingCharacters(in: .whitespaces).prefix(500)) }
        let expectedVersion = form.version
        do {
            try await req.writeTransaction { db in
                guard let locked = try await ClearanceHousehold.lockedRow(householdID, on: db) else { throw AppError.notFound }
                if let version = expectedVersion, version != locked.version { throw BudgetProblem("Hộ này vừa được người khác cập nhật; hãy xem lại rồi thao tác lại.") }
                let from = locked.status
                locked.area = area
                locked.compensation = compensation
                locked.paid = paid
                locked.status = status
                if let note { locked.note = note }
                locked.version += 1
                try await locked.save(on: db)
                try await req.audit(AuditEvent(action: "clearance.household_update", objectType: "clearance_project", objectID: locked.$project.id.uuidString, communeID: communeID,
                                               summary: "\(locked.parcel): \(from.vietnameseName) → \(status.vietnameseName); bồi thường \(VND.format(compensation)), đã trả \(VND.format(paid))"), on: db)
            }
        } catch let problem as BudgetProblem {
            return try await render(req, project: project, form: HouseholdForm(), errors: [problem.message], status: .conflict)
        }
        return req.redirect(to: Notice.saved.appended(to: ResourcesURL.clearanceProject(.value(try project.requireID())).path))
    }
}

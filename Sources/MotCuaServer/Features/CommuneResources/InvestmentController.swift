import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The investment attraction pipeline of the economy department.
enum InvestmentController {
    struct ProjectRow: Encodable {
        let name: String
        let investor: String
        let sector: String
        let capital: String
        let jobs: Int
        let stage: String
        let stageKey: String
        let note: String
        let commune: String
        let stages: [OrganisationController.Option]
        let updatePath: String
    }

    struct ProjectForm: Content {
        var name: String?
        var investor: String?
        var sector: String?
        var capital: String?
        var jobs: String?
        var stage: String?
        var note: String?
    }

    struct StageCount: Encodable {
        let stage: String
        let count: Int
        let capital: String
    }

    struct ListPage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let rows: [ProjectRow]
        let hasRows: Bool
        let stageCounts: [StageCount]
        let liveCapital: String
        let liveJobs: Int
        let showCommune: Bool
        let canEdit: Bool
        let stages: [OrganisationController.Option]
        let form: ProjectForm
        let errors: FormErrors
        let createPath: String
    }

    /// `GET /kinh-te-tai-chinh/dau-tu`.
    static func list(req: Request) async throws -> Response {
        try await render(req, form: ProjectForm(), errors: [], status: .ok)
    }

    static func render(_ req: Request, form: ProjectForm, errors: [String], status: HTTPResponseStatus) async throws -> Response {
        let duties = try req.resourceDuties()
        let projects = try await req.tenant.query(InvestmentProject.self).sort(\.$name).all()
        let communes = try await ResourcePages.communeNames(req)
        let live = projects.filter { $0.stage.isLive }
        return try await ResourcePages.render(req, "resources/investments", ListPage(
            page: try await PageContext.make(for: req, title: "Thu hút đầu tư"), tabs: ResourcePages.tabs(req),
            rows: try projects.map { project in
                ProjectRow(name: project.name, investor: project.investor, sector: project.sector, capital: VND.format(project.capital), jobs: project.jobs,
                           stage: project.stage.vietnameseName, stageKey: project.stage.rawValue, note: project.note, commune: communes[project.$commune.id] ?? "",
                           stages: InvestmentStage.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0 == project.stage) },
                           updatePath: ResourcesURL.investment(.value(try project.requireID())).path)
            },
            hasRows: !projects.isEmpty,
            stageCounts: InvestmentStage.allCases.map { stage in
                let inStage = projects.filter { $0.stage == stage }
                return StageCount(stage: stage.vietnameseName, count: inStage.count, capital: VND.format(Money.clampedSum(inStage.map(\.capital))))
            },
            liveCapital: VND.format(Money.clampedSum(live.map(\.capital))), liveJobs: live.map(\.jobs).reduce(0, +),
            showCommune: duties.isProvince, canEdit: duties.handlesEconomy,
            stages: InvestmentStage.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0.rawValue == (form.stage ?? InvestmentStage.idea.rawValue)) },
            form: form, errors: FormErrors(errors), createPath: ResourcesURL.investments.path
        ), status: status)
    }

    /// Checks the figures of a form.
    static func figures(_ form: ProjectForm, problems: inout [String]) -> (capital: Int64, jobs: Int) {
        var capital: Int64 = 0
        switch Money.parse(form.capital) {
        case .success(let value): capital = value
        case .failure(let problem): problems.append(problem.message(field: "Vốn đầu tư"))
        }
        let jobsText = form.jobs.trimmedOrEmpty
        let jobs = jobsText.isEmpty ? 0 : Int(jobsText)
        if jobs == nil || (jobs ?? 0) < 0 || (jobs ?? 0) > 1_000_000 { problems.append("Số lao động phải là số nguyên không âm.") }
        return (capital, jobs ?? 0)
    }

    /// `POST /kinh-te-tai-chinh/dau-tu`: a new project in the pipeline.
    static func create(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        guard duties.handlesEconomy, let communeID = duties.staff.communeID else { throw AppError.forbidden }
        let form = try req.content.decode(ProjectForm.self)
        var problems: [String] = []
        let name = form.name.trimmedOrEmpty
        if name.isEmpty || name.count > 300 { problems.append("Cần tên dự án (tối đa 300 ký tự).") }
        let investor = form.investor.trimmedOrEmpty
        if investor.isEmpty { problems.append("Cần tên nhà đầu tư (ghi \"Chưa xác định\" nếu chưa có).") }
        let sector = form.sector.trimmedOrEmpty
        if sector.isEmpty { problems.append("Cần lĩnh vực đầu tư.") }
        let stage = form.stage.flatMap(InvestmentStage.init(rawValue:))
        if stage == nil || stage == .dropped { problems.append("Hãy chọn bước của dự án.") }
        let (capital, jobs) = figures(form, problems: &problems)
        guard problems.isEmpty, let stage else { return try await render(req, form: form, errors: problems, status: .unprocessableEntity) }
        let project = InvestmentProject()
        project.$commune.id = communeID
        project.name = name
        project.investor = investor
        project.sector = sector
        project.capital = capital
        project.jobs = jobs
        project.stage = stage
        project.note = String(form.note.trimmedOrEmpty.prefix(500))
        project.updatedBy = duties.staff.username
        try await req.writeTransaction { db in
            try await project.create(on: db)
            try await req.audit(AuditEvent(action: "investment.create", objectType: "investment_project", objectID: try project.requireID().uuidString, communeID: communeID,
                                           summary: "\(name) — \(investor), \(VND.format(capital)), \(jobs) lao động, \(stage.vietnameseName)"), on: db)
        }
        return req.redirect(to: Notice.created.appended(to: ResourcesURL.investments.path))
    }

    /// `POST /kinh-te-tai-chinh/dau-tu/:investmentID`: moves the project along the pipeline and updates its figures.
    static func update(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let project = try await req.tenant.find(InvestmentProject.self, req.parameters.get(ResourcesURL.Key.investmentID, as: UUID.self))
        let communeID = project.$commune.id
        guard duties.handlesEconomy, duties.staff.communeID == communeID else { throw AppError.forbidden }
        let form = try req.content.decode(ProjectForm.self)
        var problems: [String] = []
        let (capital, jobs) = figures(form, problems: &problems)
        guard let stage = form.stage.flatMap(InvestmentStage.init(rawValue:)) else {
            return try await render(req, form: ProjectForm(), errors: ["Hãy chọn bước của dự án."], status: .unprocessableEntity)
        }
        if case .failure(let problem) = project.stage.allowsMove(to: stage) { problems.append("\(project.name): " + problem.message) }
        guard problems.isEmpty else { return try await render(req, form: ProjectForm(), errors: problems, status: .unprocessableEntity) }
        let projectID = try project.requireID()
        let username = duties.staff.username
        try await req.writeTransaction { db in
            guard let locked = try await InvestmentProject.lockedRow(projectID, on: db) else { throw AppError.notFound }
            if case .failure(let problem) = locked.stage.allowsMove(to: stage) { throw AppError.conflict(problem.message) }
            let from = locked.stage
            locked.stage = stage
            locked.capital = capital
            locked.jobs = jobs
            if let note = form.note { locked.note = String(note.trimmingCharacters(in: .whitespaces).prefix(500)) }
            locked.updatedBy = username
            try await locked.save(on: db)
            try await req.audit(AuditEvent(action: "investment.update", objectType: "investment_project", objectID: projectID.uuidString, communeID: communeID,
                                           summary: "\(locked.name): \(from.vietnameseName) → \(stage.vietnameseName); \(VND.format(capital)), \(jobs) lao động"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: ResourcesURL.investments.path))
    }
}

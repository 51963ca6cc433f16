import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The dossiers behind a figure of a report: `GET /bao-cao/ho-so?commune=&from=&to=&figure=&procedure=&field=&department=&officer=`.
///
/// It applies the same rules as the figures: intake figures by the day in the dossier code, results by the day of
/// approval, returns by the day of return, work in process by MotCuaCore's standing at this moment; through the tenant door.
enum ReportDossierList {
    /// The value of a breakdown filter that means "none" (no department, no officer).
    static let none = "_"
    static let pageSize = 100

    struct Filters: Content {
        var figure: String?
        var procedure: String?
        var field: String?
        var department: String?
        var officer: String?
        var page: Int?
    }

    struct Row: Encodable {
        let code: String
        let href: String
        let procedure: String
        let status: String
        let receivedAt: String
        let dueAt: String
        let completedAt: String
        let timeliness: String
        let officer: String
    }

    struct Page: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let title: String
        let scopeLabel: String
        let periodText: String
        let filterText: String
        let errors: FormErrors
        let rows: [Row]
        let count: String
        let hasRows: Bool
        let backPath: String
        let previousPagePath: String?
        let nextPagePath: String?
    }

    static func show(req: Request) async throws -> Response {
        let scope: ReportScope
        do {
            scope = try await ReportScope.read(req)
        } catch let failure as ReportScope.Failure {
            return try await ReportPages.render(req, "reports/dossiers", Page(
                page: try await PageContext.make(for: req, title: "Hồ sơ theo số liệu báo cáo"), tabs: ReportPages.tabs(req, scope: nil), title: "Hồ sơ theo số liệu báo cáo",
                scopeLabel: "", periodText: "", filterText: "", errors: FormErrors([failure.error.message]), rows: [], count: "0", hasRows: false,
                backPath: SiteURL.operationReport.path, previousPagePath: nil, nextPagePath: nil
            ), status: failure.error.status)
        }
        let filters = (try? req.query.decode(Filters.self)) ?? Filters()
        guard let figure = filters.figure.flatMap(ReportFigure.init(rawValue:)) else {
            throw AppError(status: .badRequest, code: "invalid_figure", message: "Chỉ tiêu \"\((filters.figure ?? "").prefix(40))\" không có trong báo cáo; hãy chọn số liệu từ trang báo cáo.")
        }
        let now = req.now
        let tenant = try req.tenant
        let page = max(1, min(filters.page ?? 1, 10_000))
        let dossiers: [Dossier]
        let total: Int
        switch figure {
        case .inProcessWithinTime, .inProcessOverdue, .waitingForApplicant:
            // Unfinished dossiers are few: the core's own rule picks them, so that the list equals the figure.
            let wanted: OpenStanding = figure == .inProcessWithinTime ? .withinTime : figure == .inProcessOverdue ? .overdue : .waitingForApplicant
            let open = try await narrowed(tenant.query(Dossier.self).filter(\.$commune.$id ~~ scope.communeIDs).filter(\.$status ~~ ReportQueries.openStatuses.map(\.rawValue)), filters)
                .sort(\.$dueAt).sort(\.$code).all()
            let matching = open.filter { dossier in
                guard let fact = ReportSummaries.fact(of: dossier) else { return false }
                return fact.isInOpenCohort(of: scope.period) && fact.openStanding(at: now) == wanted
            }
            total = matching.count
            dossiers = Array(matching.dropFirst((page - 1) * pageSize).prefix(pageSize))
        default:
            let query = narrowed(try await base(figure, scope: scope, tenant: tenant), filters)
            total = try await query.copy().count()
            dossiers = try await query.sort(\.$code).range(((page - 1) * pageSize)..<(page * pageSize)).all()
        }
        let names = try await ReportNames.load(communeIDs: scope.communeIDs, on: req.db)
        let rows = dossiers.map { dossier in
            Row(code: dossier.code, href: SiteURL.dossier(.value(dossier.code)).path, procedure: "\(dossier.procedureCode) — \(dossier.procedureName)",
                status: DossierStatus(rawValue: dossier.status)?.vietnameseName ?? dossier.status,
                receivedAt: dossier.receivedAt.map(VietnameseFormat.dateTime) ?? "—", dueAt: dossier.dueAt.map(VietnameseFormat.dateTime) ?? "—",
                completedAt: dossier.completedAt.map(VietnameseFormat.dateTime) ?? "—",
                timeliness: (dossier.timeliness.flatMap(Timeliness.init(rawValue:))?.vietnameseName ?? "") + (dossier.apologyIssued ? " (có phiếu xin lỗi)" : ""),
                officer: names.label(of: dossier.assigneeUsername ?? "", in: .officer))
        }
        var narrowing: [String] = []
        if let value = filters.field { narrowing.append("lĩnh vực " + names.label(of: value == none ? "" : value, in: .field)) }
        if let value = filters.procedure { narrowing.append("thủ tục " + names.label(of: value, in: .procedure)) }
        if let value = filters.department { narrowing.append(names.label(of: value == none ? "" : value, in: .department)) }
        if let value = filters.officer { narrowing.append("cán bộ " + names.label(of: value == none ? "" : value, in: .officer)) }
        func pagePath(_ number: Int) -> String {
            SiteURL.reportDossiers.path + scope.queryString([("figure", figure.rawValue), ("procedure", filters.procedure), ("field", filters.field), ("department", filters.department), ("officer", filters.officer), ("page", String(number))])
        }
        let title = "Hồ sơ: \(figure.vietnameseName.prefix(1).uppercased() + figure.vietnameseName.dropFirst())"
        return try await ReportPages.render(req, "reports/dossiers", Page(
            page: try await PageContext.make(for: req, title: title), tabs: ReportPages.tabs(req, scope: scope), title: title,
            scopeLabel: scope.label, periodText: scope.period.vietnameseString, filterText: narrowing.joined(separator: "; "), errors: FormErrors([]),
            rows: rows, count: ReportNumber.integer(Int64(total)), hasRows: !rows.isEmpty, backPath: SiteURL.operationReport.path + scope.queryString(),
            previousPagePath: page > 1 ? pagePath(page - 1) : nil, nextPagePath: total > page * pageSize ? pagePath(page + 1) : nil
        ))
    }

    /// The dossiers of a counted figure of the scope.
    static func base(_ figure: ReportFigure, scope: ReportScope, tenant: Tenant) async throws -> QueryBuilder<Dossier> {
        let query = tenant.query(Dossier.self).filter(\.$commune.$id ~~ scope.communeIDs)
        let start = scope.period.startInstant, end = scope.period.endInstant
        switch figure {
        case .entered, .enteredCounter, .enteredOnline, .enteredPost, .refused, .withdrawn, .stopped, .supplementRequested:
            // The day of intake is the middle of the dossier code, after the commune's agency identifier: a range of codes.
            let from = DossierCode.dayKey(scope.period.from), after = DossierCode.dayKey(scope.period.to.adding(days: 1) ?? scope.period.to)
            let communes = scope.commune.map { [$0] } ?? scope.visibleCommunes
            query.group(.or) { or in
                for commune in communes {
                    guard let id = commune.id else { continue }
                    or.group(.and) { $0.filter(\.$commune.$id == id).filter(\.$code >= "\(commune.agencyIdentifier)-\(from)").filter(\.$code < "\(commune.agencyIdentifier)-\(after)") }
                }
            }
            switch figure {
            case .enteredCounter: query.filter(\.$channel == IntakeChannel.counter.rawValue)
            case .enteredOnline: query.filter(\.$channel == IntakeChannel.online.rawValue)
            case .enteredPost: query.filter(\.$channel == IntakeChannel.post.rawValue)
            case .refused: query.filter(\.$status == DossierStatus.refused.rawValue)
            case .withdrawn: query.filter(\.$status == DossierStatus.withdrawn.rawValue)
            case .stopped: query.filter(\.$status == DossierStatus.stopped.rawValue)
            case .supplementRequested: query.filter(\.$supplementRequested == true)
            default: break
            }
        case .handled, .handledBeforeTime, .handledOnTime, .handledLate, .handledLateWithApology:
            query.filter(\.$completedAt >= start).filter(\.$completedAt < end).filter(\.$timeliness != nil)
            switch figure {
            case .handledBeforeTime: query.filter(\.$timeliness == Timeliness.beforeTime.rawValue)
            case .handledOnTime: query.filter(\.$timeliness == Timeliness.onTime.rawValue)
            case .handledLate: query.filter(\.$timeliness == Timeliness.late.rawValue)
            case .handledLateWithApology: query.filter(\.$timeliness == Timeliness.late.rawValue).filter(\.$apologyIssued == true)
            default: break
            }
        case .returned:
            query.filter(\.$status == DossierStatus.returned.rawValue).filter(\.$returnedAt >= start).filter(\.$returnedAt < end)
        case .inProcessWithinTime, .inProcessOverdue, .waitingForApplicant:
            break
        }
        return query
    }

    /// The query narrowed to one group of a breakdown.
    static func narrowed(_ query: QueryBuilder<Dossier>, _ filters: Filters) -> QueryBuilder<Dossier> {
        if let procedure = filters.procedure { query.filter(\.$procedureCode == procedure) }
        if let field = filters.field { query.filter(\.$field == (field == none ? "" : field)) }
        if let department = filters.department {
            if department == none { query.filter(\.$department.$id == nil) } else { query.filter(\.$department.$id == (UUID(uuidString: department) ?? UUID())) }
        }
        if let officer = filters.officer {
            if officer == none { query.filter(\.$assigneeUsername == nil) } else { query.filter(\.$assigneeUsername == officer) }
        }
        return query
    }
}

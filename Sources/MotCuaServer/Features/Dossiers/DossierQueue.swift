import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Work queues: what waits for each officer, sorted by due time, with overdue and due-today marked.
enum DossierQueue {
    /// Statuses where the one-stop desk has something to do.
    static let deskStatuses: [DossierStatus] = [.new, .received, .supplementRequested, .paymentRequested, .resultReady]
    /// Statuses where the dossier is with a department.
    static let departmentStatuses: [DossierStatus] = [.forwarded, .assigned, .underReview, .awaitingApproval, .returnedForRework, .pausedForVerification]

    static func isOverdue(_ dossier: Dossier, at now: Date) -> Bool {
        guard let due = dossier.dueAt, let status = DossierStatus(rawValue: dossier.status) else { return false }
        return status.isClockRunning && due < now
    }

    static func isDueToday(_ dossier: Dossier, at now: Date) -> Bool {
        guard let due = dossier.dueAt, !isOverdue(dossier, at: now), DossierStatus(rawValue: dossier.status)?.isClockRunning == true else { return false }
        return LocalDateTime(due)?.date == LocalDateTime(now)?.date
    }

    /// Which list a page shows.
    enum Listing: String, CaseIterable {
        case mine = "cua-toi"
        case unit = "don-vi"
        case all = "tat-ca"

        var label: String {
            switch self {
            case .mine: "Việc của tôi"
            case .unit: "Của đơn vị"
            case .all: "Tất cả hồ sơ"
            }
        }
    }

    struct Filters: Content {
        var view: String?
        var status: String?
        var procedure: String?
        var from: String?
        var to: String?
        var assignee: String?
        var overdue: Bool?
        var page: Int?
    }

    /// The dossiers of a queue, narrowed by the tenant scope and the filters; `problems` collects bad filter values.
    static func query(for staff: StaffIdentity, view: Listing, filters: Filters, tenant: Tenant, now: Date, problems: inout [String]) -> QueryBuilder<Dossier> {
        var query = tenant.query(Dossier.self)
        switch view {
        case .mine:
            if staff.has(.counterOfficer) {
                query = query.filter(\.$status ~~ deskStatuses.map(\.rawValue))
            } else if staff.has(.communeLeader) {
                query = query.filter(\.$status == DossierStatus.awaitingApproval.rawValue)
            } else if staff.has(.departmentHead), let department = staff.departmentID {
                query = query.filter(\.$department.$id == department).filter(\.$status ~~ [DossierStatus.forwarded, .returnedForRework].map(\.rawValue))
            } else {
                query = query.filter(\.$assigneeUsername == staff.username).filter(\.$status ~~ departmentStatuses.map(\.rawValue))
            }
        case .unit:
            if let department = staff.departmentID, !staff.has(.counterOfficer) {
                query = query.filter(\.$department.$id == department)
            }
            query = query.filter(\.$status !~ DossierStatus.allCases.filter(\.isClosed).map(\.rawValue))
        case .all:
            break
        }
        if let raw = filters.status.trimmedOrNil {
            if let status = DossierStatus(rawValue: raw) {
                query = query.filter(\.$status == status.rawValue)
            } else {
                problems.append("Trạng thái không hợp lệ: \(raw).")
            }
        }
        if let code = filters.procedure.trimmedOrNil { query = query.filter(\.$procedureCode == code) }
        if let assignee = filters.assignee.trimmedOrNil { query = query.filter(\.$assigneeUsername == assignee) }
        if filters.overdue == true {
            query = query.filter(\.$dueAt < now).filter(\.$status ~~ DossierStatus.allCases.filter(\.isClockRunning).map(\.rawValue))
        }
        if let from = filters.from.trimmedOrNil {
            if let day = CivilDate(isoString: from), let start = LocalDateTime(date: day, hour: 0)?.instant {
                query = query.filter(\.$receivedAt >= start)
            } else {
                problems.append("Ngày \"\(from)\" không hợp lệ.")
            }
        }
        if let to = filters.to.trimmedOrNil {
            if let day = CivilDate(isoString: to), let end = day.adding(days: 1).flatMap({ LocalDateTime(date: $0, hour: 0)?.instant }) {
                query = query.filter(\.$receivedAt < end)
            } else {
                problems.append("Ngày \"\(to)\" không hợp lệ.")
            }
        }
        return query
    }

    struct Row: Encodable {
        let code: String
        let procedureName: String
        let applicantName: String
        let statusName: String
        let dueAt: String
        let assigneeName: String
        let isOverdue: Bool
        let isDueToday: Bool
        let href: String
    }

    struct Page: Encodable {
        let page: PageContext
        let title: String
        let scopeDescription: String
        let views: [OrganisationController.Option]
        let statuses: [OrganisationController.Option]
        let filters: Filters
        let errors: FormErrors
        let rows: [Row]
        let count: Int
        let overdueCount: Int
        let dueTodayCount: Int
        let actionPath: String
        let registerPath: String
        /// The register as CSV with personal data, for a stated reason (Features/Privacy).
        let registerExportPath: String
        /// Whether the officer keeps the register (it holds personal data, so only the desk, leaders and administrator).
        let keepsRegister: Bool
        let previousPageQuery: String?
        let nextPageQuery: String?
    }

    static let pageSize = 50

    /// `GET /mot-cua/viec-can-lam`.
    static func show(req: Request) async throws -> Vapor.View {
        let staff = try req.requireStaff()
        let filters = (try? req.query.decode(Filters.self)) ?? Filters()
        let view = filters.view.flatMap(Listing.init(rawValue:)) ?? (staff.scope.isProvinceWide ? .all : .mine)
        var problems: [String] = []
        let now = req.now
        let tenant = try req.tenant
        let pageNumber = max(1, min(filters.page ?? 1, 10_000))
        let base = query(for: staff, view: view, filters: filters, tenant: tenant, now: now, problems: &problems)
        let count = try await base.copy().count()
        let overdue = try await base.copy().filter(\.$dueAt < now).filter(\.$status ~~ DossierStatus.allCases.filter(\.isClockRunning).map(\.rawValue)).count()
        // Dossiers without a due time (waiting for the applicant) sort after those with one.
        let dossiers = try await base.copy().sort(\.$dueAt).sort(\.$createdAt).range(((pageNumber - 1) * pageSize)..<(pageNumber * pageSize)).all()
        let withDue = dossiers.filter { $0.dueAt != nil } + dossiers.filter { $0.dueAt == nil }
        let assigneeNames = try await Dictionary(
            Officer.query(on: req.db).filter(\.$username ~~ Set(withDue.compactMap(\.assigneeUsername))).all().map { ($0.username, $0.fullName) },
            uniquingKeysWith: { first, _ in first }
        )
        let rows = withDue.map { dossier in
            Row(
                code: dossier.code, procedureName: dossier.procedureName, applicantName: dossier.applicantName,
                statusName: DossierStatus(rawValue: dossier.status)?.vietnameseName ?? dossier.status,
                dueAt: dossier.dueAt.map(VietnameseFormat.dateTime) ?? "—", assigneeName: dossier.assigneeUsername.flatMap { assigneeNames[$0] } ?? "",
                isOverdue: isOverdue(dossier, at: now), isDueToday: isDueToday(dossier, at: now), href: SiteURL.dossier(.value(dossier.code)).path
            )
        }
        var next = filters
        next.page = pageNumber + 1
        var previous = filters
        previous.page = pageNumber - 1
        return try await req.view.render("dossiers/queue", Page(
            page: try await PageContext.make(for: req, title: "Việc cần làm"), title: view == .mine ? "Việc cần làm" : view.label,
            scopeDescription: staff.scope.isProvinceWide ? "Hồ sơ của tất cả các xã trong tỉnh." : "Hồ sơ của xã; sắp theo hạn giải quyết, hồ sơ quá hạn tô đỏ.",
            views: Listing.allCases.map { .init(value: $0.rawValue, label: $0.label, isSelected: $0 == view) },
            statuses: [.init(value: "", label: "Tất cả", isSelected: filters.status == nil)] + DossierStatus.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0.rawValue == filters.status) },
            filters: filters, errors: FormErrors(problems), rows: rows, count: count, overdueCount: overdue,
            dueTodayCount: rows.filter(\.isDueToday).count, actionPath: SiteURL.workQueue.path, registerPath: SiteURL.dossierRegister.path, registerExportPath: PrivacyURL.registerExport.path,
            keepsRegister: staff.hasAny(RegisterExportController.exportingRoles) && staff.communeID != nil,
            previousPageQuery: pageNumber > 1 ? queryString(previous) : nil,
            nextPageQuery: count > pageNumber * pageSize ? queryString(next) : nil
        ))
    }

    private static func queryString(_ filters: Filters) -> String {
        var items: [URLQueryItem] = []
        for (name, value) in [("view", filters.view), ("status", filters.status), ("procedure", filters.procedure), ("from", filters.from), ("to", filters.to)] {
            if let value = value.trimmedOrNil { items.append(.init(name: name, value: value)) }
        }
        items.append(.init(name: "page", value: String(filters.page ?? 1)))
        var components = URLComponents()
        components.queryItems = items
        return components.percentEncodedQuery ?? ""
    }
}

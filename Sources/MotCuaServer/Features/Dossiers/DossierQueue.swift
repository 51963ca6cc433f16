import Fluent
import Foundation
import MotCuaCore
import SQLKit
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
        /// The due date, or for a new online dossier the time by which the desk should receive it.
        let dueAt: String
        /// "còn 2 ngày làm việc", "quá hạn 1 ngày làm việc", "tiếp nhận trong hôm nay"; `nil` while the applicant is awaited.
        let timeLeft: String?
        /// How long it has waited since its last step ("chờ 3 giờ").
        let waited: String
        let assigneeName: String
        let isOverdue: Bool
        let isDueToday: Bool
        let href: String
    }

    /// Statuses in which the dossier waits for the applicant (a supplement, a fee, collecting the result), so the officer has
    /// nothing to do until they come.
    static let applicantStatuses: [DossierStatus] = [.supplementRequested, .paymentRequested, .resultReady]

    /// The database's order for a work list, the same as `WorkUrgency.Item.precedes`: dossiers waiting for the applicant
    /// last; the others by the time to act, where a new online dossier (no due date yet) counts from its submission,
    /// since the desk is to receive it that working day; then the longest waiting first.
    static func sortedByUrgency(_ query: QueryBuilder<Dossier>) -> QueryBuilder<Dossier> {
        let waiting = applicantStatuses.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return query
            .sort(.custom(SQLRaw("CASE WHEN status IN (\(waiting)) THEN 1 ELSE 0 END ASC")))
            .sort(.custom(SQLRaw("COALESCE(due_at, created_at) ASC")))
            .sort(\.$updatedAt).sort(\.$createdAt)
    }

    /// When each dossier's history began (its submission or receipt) and when its latest step was taken, by the
    /// application's clock, as its history records them: one statement for the whole list.
    struct StepTimes {
        let first: [UUID: Date]
        let last: [UUID: Date]

        static func load(for dossiers: [Dossier], on db: any Database) async throws -> StepTimes {
            let ids = dossiers.compactMap(\.id)
            guard !ids.isEmpty else { return StepTimes(first: [:], last: [:]) }
            let events = try await DossierEventRecord.query(on: db).filter(\.$dossier.$id ~~ ids).field(\.$dossier.$id).field(\.$occurredAt).all()
            var first: [UUID: Date] = [:]
            var last: [UUID: Date] = [:]
            for event in events {
                let id = event.$dossier.id
                first[id] = min(first[id] ?? event.occurredAt, event.occurredAt)
                last[id] = max(last[id] ?? event.occurredAt, event.occurredAt)
            }
            return StepTimes(first: first, last: last)
        }
    }

    /// The order of one dossier in a work list, and the time by which the officer must act on it.
    static func urgencyItem(_ dossier: Dossier, times: StepTimes, calendar: WorkingDayCalendar) -> WorkUrgency.Item {
        let status = DossierStatus(rawValue: dossier.status)
        let id = dossier.id ?? UUID()
        let submitted = times.first[id] ?? dossier.receivedAt ?? dossier.createdAt ?? Date(timeIntervalSince1970: 0)
        let actBy: LocalDateTime? = if status == .new {
            WorkUrgency.receiptDeadline(submittedAt: submitted, calendar: calendar)
        } else if let status, applicantStatuses.contains(status) {
            nil
        } else {
            dossier.dueAt.flatMap(LocalDateTime.init)
        }
        let since = LocalDateTime(times.last[id] ?? submitted) ?? LocalDateTime(submitted)!
        return WorkUrgency.Item(actBy: actBy, waitingSince: since)
    }

    /// A page of a work list in the order of `WorkUrgency.Item.precedes`, as rows.
    static func rows(_ fetched: [Dossier], now: Date, calendar: WorkingDayCalendar, on db: any Database) async throws -> [Row] {
        let times = try await StepTimes.load(for: fetched, on: db)
        // The database orders new online dossiers by their submission; within the page they take their exact receipt deadline.
        let dossiers = fetched.map { ($0, urgencyItem($0, times: times, calendar: calendar)) }.sorted { $0.1.precedes($1.1) }
        let assigneeNames = try await Dictionary(
            Officer.query(on: db).filter(\.$username ~~ Set(fetched.compactMap(\.assigneeUsername))).all().map { ($0.username, $0.fullName) },
            uniquingKeysWith: { first, _ in first }
        )
        return dossiers.map { dossier, item in
            row(dossier, item: item, assigneeName: dossier.assigneeUsername.flatMap { assigneeNames[$0] } ?? "", now: now, calendar: calendar)
        }
    }

    /// A work-list row: due date and working days left, or for a new online dossier its receipt deadline, and the wait.
    static func row(_ dossier: Dossier, item: WorkUrgency.Item, assigneeName: String, now: Date, calendar: WorkingDayCalendar) -> Row {
        let today = LocalDateTime(now)
        let standing = item.actBy.flatMap { actBy in today.flatMap { TimeLeft.standing(due: actBy, now: $0, calendar: calendar) } }
        let isNew = dossier.status == DossierStatus.new.rawValue
        let dueAt = isNew ? item.actBy.map { "Tiếp nhận trước " + VietnameseFormat.dateTime($0.instant) } ?? "—" : dossier.dueAt.map(VietnameseFormat.dateTime) ?? "—"
        let timeLeft: String? = switch (isNew, standing) {
        case (true, .dueToday?): "tiếp nhận trong hôm nay"
        case (true, .workingDays(let days)?): "còn \(days) ngày làm việc để tiếp nhận"
        case (true, .overdue(let days)?): days == 0 ? "quá giờ tiếp nhận hôm nay" : "quá hạn tiếp nhận \(days) ngày làm việc"
        case (false, let standing?) where DossierStatus(rawValue: dossier.status)?.isClockRunning == true: standing.vietnameseDescription
        default: nil
        }
        return Row(
            code: dossier.code, procedureName: dossier.procedureName, applicantName: dossier.applicantName,
            statusName: DossierStatus(rawValue: dossier.status)?.vietnameseName ?? dossier.status,
            dueAt: dueAt, timeLeft: timeLeft, waited: today.map { WorkUrgency.waitingDescription(since: item.waitingSince, now: $0, calendar: calendar) } ?? "",
            assigneeName: assigneeName,
            isOverdue: isOverdue(dossier, at: now) || (isNew && standing?.isOverdue == true),
            isDueToday: isDueToday(dossier, at: now) || (isNew && standing == .dueToday),
            href: SiteURL.dossier(.value(dossier.code)).path
        )
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
        let calendar = try await req.workingDayCalendar()
        let fetched = try await sortedByUrgency(base.copy()).range(((pageNumber - 1) * pageSize)..<(pageNumber * pageSize)).all()
        let rows = try await Self.rows(fetched, now: now, calendar: calendar, on: req.db)
        var next = filters
        next.page = pageNumber + 1
        var previous = filters
        previous.page = pageNumber - 1
        return try await req.view.render("dossiers/queue", Page(
            page: try await PageContext.make(for: req, title: "Việc cần làm"), title: view == .mine ? "Việc cần làm" : view.label,
            scopeDescription: staff.scope.isProvinceWide ? "Hồ sơ của tất cả các xã trong tỉnh." : "Hồ sơ của xã; việc cần làm trước đứng trước: quá hạn, đến hạn, hồ sơ trực tuyến chờ tiếp nhận, rồi theo hạn và thời gian chờ; hồ sơ chờ người nộp (bổ sung, nộp phí, nhận kết quả) ở cuối.",
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

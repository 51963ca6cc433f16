import Fluent
import Foundation
import MotCuaCore
import Vapor

/// What an officer's home page leads with: their own dossiers, counted by urgency, with the most urgent listed.
struct DossierHomeSummary: Encodable {
    /// What the list holds for this role ("Hồ sơ chờ phê duyệt").
    let heading: String
    let count: Int
    let overdueCount: Int
    let dueTodayCount: Int
    /// For the desk: new online dossiers not yet received (already counted in `count`).
    let newOnlineCount: Int?
    let rows: [DossierQueue.Row]
    let hasRows: Bool
    /// The officer's whole list, sorted the same way.
    let queuePath: String

    /// How many of the most urgent dossiers the home page lists.
    static let listed = 8

    /// The summary for an officer who handles dossiers in a commune; `nil` for the others (administrators, the province).
    static func make(for staff: StaffIdentity, on req: Request) async throws -> DossierHomeSummary? {
        guard staff.communeID != nil, let heading = heading(for: staff) else { return nil }
        let now = req.now
        var problems: [String] = []
        let base = DossierQueue.query(for: staff, view: .mine, filters: .init(), tenant: try req.tenant, now: now, problems: &problems)
        let running = DossierStatus.allCases.filter(\.isClockRunning).map(\.rawValue)
        let count = try await base.copy().count()
        let overdue = try await base.copy().filter(\.$dueAt < now).filter(\.$status ~~ running).count()
        let endOfToday = LocalDateTime(now).flatMap { LocalDateTime(date: $0.date, hour: 23, minute: 59, second: 59) }?.instant ?? now
        let dueToday = try await base.copy().filter(\.$dueAt >= now).filter(\.$dueAt <= endOfToday).filter(\.$status ~~ running).count()
        let newOnline = staff.has(.counterOfficer) ? try await base.copy().filter(\.$status == DossierStatus.new.rawValue).count() : nil
        let calendar = try await req.workingDayCalendar()
        let fetched = try await DossierQueue.sortedByUrgency(base.copy()).limit(listed * 2).all()
        let rows = Array(try await DossierQueue.rows(fetched, now: now, calendar: calendar, on: req.db).prefix(listed))
        return DossierHomeSummary(
            heading: heading, count: count, overdueCount: overdue, dueTodayCount: dueToday, newOnlineCount: newOnline,
            rows: rows, hasRows: !rows.isEmpty, queuePath: SiteURL.workQueue.path
        )
    }

    /// The name of the officer's own list, as `DossierQueue.query(for:view: .mine…)` selects it.
    static func heading(for staff: StaffIdentity) -> String? {
        if staff.has(.counterOfficer) { return "Hồ sơ chờ bộ phận một cửa" }
        if staff.has(.communeLeader) { return "Hồ sơ chờ phê duyệt" }
        if staff.has(.departmentHead) { return "Hồ sơ chờ phân công trong phòng" }
        if staff.has(.specialist) { return "Hồ sơ bạn đang giải quyết" }
        return nil
    }
}

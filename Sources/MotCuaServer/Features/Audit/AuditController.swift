import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The administrators' view of the audit journal, filtered and paged.
enum AuditController {
    struct EntryRow: Encodable {
        let sequence: Int64
        let time: String
        let actor: String
        let role: String
        let communeName: String
        let action: String
        let object: String
        let summary: String
        let clientAddress: String
    }

    struct Filters: Content {
        var action: String?
        var actor: String?
        var from: String?
        var to: String?
        var page: Int?
    }

    struct JournalPage: Encodable {
        let page: PageContext
        let entries: [EntryRow]
        let filters: Filters
        let errors: FormErrors
        let pageNumber: Int
        let previousPageQuery: String?
        let nextPageQuery: String?
        let actionPath: String
    }

    static let pageSize = 50

    static func browse(req: Request) async throws -> View {
        let staff = try req.requireRole(.systemAdministrator)
        let filters = (try? req.query.decode(Filters.self)) ?? Filters()
        var errors: [String] = []
        let from = parseDay(filters.from, label: "Từ ngày", errors: &errors)
        let to = parseDay(filters.to, label: "Đến ngày", errors: &errors)
        let pageNumber = max(1, min(filters.page ?? 1, 100_000))

        var query = AuditEntry.query(on: req.db)
        if !staff.isProvinceAdministrator {
            // A commune administrator sees the entries about their own commune.
            query = query.filter(\.$communeID ~~ Array(staff.scope.communeIDs))
        }
        if let action = filters.action.trimmedOrNil { query = query.filter(\.$action == action) }
        if let actor = filters.actor.trimmedOrNil { query = query.filter(\.$actorUsername == actor.lowercased()) }
        if let from { query = query.filter(\.$occurredAt >= from) }
        if let to { query = query.filter(\.$occurredAt < to.addingTimeInterval(86_400)) }
        let entries = try await query.sort(\.$id, .descending).range(((pageNumber - 1) * pageSize)..<(pageNumber * pageSize + 1)).all()

        let communeNames = try await Dictionary(
            Commune.query(on: req.db).all().compactMap { commune in commune.id.map { ($0, commune.fullName) } },
            uniquingKeysWith: { first, _ in first }
        )
        let rows = entries.prefix(pageSize).map { entry in
            EntryRow(
                sequence: entry.id ?? 0, time: VietnameseFormat.dateTime(entry.occurredAt), actor: entry.actorUsername,
                role: Role(rawValue: entry.actorRole)?.vietnameseName ?? entry.actorRole,
                communeName: entry.communeID.flatMap { communeNames[$0] } ?? "—", action: entry.action,
                object: "\(entry.objectType) \(entry.objectID.prefix(8))", summary: entry.summary, clientAddress: entry.clientAddress
            )
        }
        var base = filters
        base.page = nil
        return try await req.view.render("admin/audit", JournalPage(
            page: try await PageContext.make(for: req, title: "Nhật ký hệ thống"), entries: Array(rows), filters: filters,
            errors: FormErrors(errors), pageNumber: pageNumber,
            previousPageQuery: pageNumber > 1 ? queryString(base, page: pageNumber - 1) : nil,
            nextPageQuery: entries.count > pageSize ? queryString(base, page: pageNumber + 1) : nil,
            actionPath: SiteURL.auditJournal.path
        ))
    }

    private static func parseDay(_ raw: String?, label: String, errors: inout [String]) -> Date? {
        guard let raw = raw.trimmedOrNil else { return nil }
        let parts = raw.split(separator: "-").compactMap { Int($0) }
        var components = DateComponents()
        components.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        if parts.count == 3 {
            components.year = parts[0]
            components.month = parts[1]
            components.day = parts[2]
        }
        let calendar = Calendar(identifier: .gregorian)
        guard parts.count == 3, components.isValidDate(in: calendar), let date = calendar.date(from: components) else {
            errors.append("\(label) không hợp lệ: \(raw).")
            return nil
        }
        return date
    }

    private static func queryString(_ filters: Filters, page: Int) -> String {
        var items: [URLQueryItem] = []
        if let action = filters.action.trimmedOrNil { items.append(.init(name: "action", value: action)) }
        if let actor = filters.actor.trimmedOrNil { items.append(.init(name: "actor", value: actor)) }
        if let from = filters.from.trimmedOrNil { items.append(.init(name: "from", value: from)) }
        if let to = filters.to.trimmedOrNil { items.append(.init(name: "to", value: to)) }
        items.append(.init(name: "page", value: String(page)))
        var components = URLComponents()
        components.queryItems = items
        return components.percentEncodedQuery ?? ""
    }
}

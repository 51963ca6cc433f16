import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Which communes and which period a report request covers, read from `?commune=&from=&to=` through the tenant scope.
struct ReportScope: Sendable {
    /// The query of every report page and API.
    struct Query: Content, Sendable {
        var commune: String?
        var from: String?
        var to: String?
    }

    /// The communes the signed-in officer may see, by name.
    let visibleCommunes: [Commune]
    /// The chosen commune; `nil` for every visible commune together (province officers only).
    let commune: Commune?
    let period: ReportPeriod
    let query: Query

    /// The communes the figures cover.
    var communeIDs: [UUID] { commune.flatMap(\.id).map { [$0] } ?? visibleCommunes.compactMap(\.id) }

    /// "xã Phụng Công", or "Toàn tỉnh (5 xã, phường)".
    var label: String { commune?.fullName ?? "Toàn tỉnh (\(visibleCommunes.count) xã, phường)" }

    /// The commune's slug, or "toan-tinh", for file names.
    var fileKey: String { commune?.slug ?? "toan-tinh" }

    /// Why a report request cannot be answered, with the status and message the page or the API shows.
    struct Failure: Error, Sendable {
        let error: AppError
        /// The query as typed, so that the page can show the form again.
        let query: Query
        let visibleCommunes: [Commune]
    }

    /// Reads the scope of a request; throws a `Failure` with 400 for a bad period and 404 for a commune that is unknown
    /// or outside the officer's tenancy (the two are not told apart, so that other communes cannot be probed).
    static func read(_ req: Request, allowWholeProvince: Bool = true) async throws -> ReportScope {
        let staff = try req.requireStaff()
        let query = (try? req.query.decode(Query.self)) ?? Query()
        let visible = try await Commune.query(on: req.readDB).filter(\.$id ~~ Array(staff.scope.communeIDs)).sort(\.$name).all()
        var commune: Commune?
        if let wanted = query.commune?.trimmingCharacters(in: .whitespaces), !wanted.isEmpty {
            commune = visible.first { $0.slug == wanted || $0.id?.uuidString.lowercased() == wanted.lowercased() }
            guard commune != nil else {
                throw Failure(error: AppError(status: .notFound, code: "not_found", message: "Không tìm thấy xã, phường \"\(wanted.prefix(60))\" trong phạm vi bạn được xem báo cáo."), query: query, visibleCommunes: visible)
            }
        } else if !staff.scope.isProvinceWide || !allowWholeProvince {
            commune = visible.first { $0.id == staff.communeID } ?? visible.first
        }
        guard let today = LocalDateTime(req.now)?.date else { throw AppError.invalid("Thời điểm hiện tại không hợp lệ.") }
        switch ReportPeriod.result(from: query.from, to: query.to, today: today) {
        case .success(let period):
            return ReportScope(visibleCommunes: visible, commune: commune, period: period, query: query)
        case .failure(let problem):
            throw Failure(error: AppError(status: .badRequest, code: "invalid_period", message: problem.message), query: query, visibleCommunes: visible)
        }
    }

    /// The query string of this scope, for links and exports, with other parameters added.
    func queryString(period: ReportPeriod? = nil, _ extra: [(String, String?)] = []) -> String {
        let period = period ?? self.period
        var items = [URLQueryItem(name: "from", value: period.from.isoString), URLQueryItem(name: "to", value: period.to.isoString)]
        if let commune { items.insert(URLQueryItem(name: "commune", value: commune.slug), at: 0) }
        for (name, value) in extra { if let value, !value.isEmpty { items.append(URLQueryItem(name: name, value: value)) } }
        var components = URLComponents()
        components.queryItems = items
        return "?" + (components.percentEncodedQuery ?? "")
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Figures on fault reports for a period: by kind, by village and by status, with time to fix against the
/// promised response time; the list behind them as CSV. No personal data leaves through either.
enum PublicServicesStatistics {
    struct Line: Encodable {
        let label: String
        let total: Int
        let open: Int
        let overdue: Int
        let fixed: Int
        let fixedOnTime: Int
        let onTimeRate: String
        let medianHoursToFix: String
    }

    struct StatusLine: Encodable {
        let status: String
        let count: Int
    }

    struct Page: Encodable {
        let page: PageContext
        let from: String
        let to: String
        let byType: [Line]
        let byVillage: [Line]
        let byStatus: [StatusLine]
        let total: Line
        let csvPath: String
        let formPath: String
    }

    /// One report with what the figures need.
    struct Row {
        let request: ServiceRequest
        let typeName: String
        let unitName: String
        let village: String
    }

    /// `GET /dich-vu-cong-cong/bao-cao?tu=YYYY-MM-DD&den=YYYY-MM-DD` (default: the last 90 days).
    static func show(req: Request) async throws -> View {
        _ = try FaultReportStaff.requireViewer(req)
        let (from, to) = try period(req)
        let rows = try await rows(req, from: from, to: to)
        let now = req.now
        func grouped(_ key: (Row) -> String) -> [Line] {
            Dictionary(grouping: rows, by: key).map { line($0.key, $0.value, now: now) }.sorted { ($0.total, $1.label) > ($1.total, $0.label) }
        }
        let byStatus = Dictionary(grouping: rows, by: { $0.request.status }).map { StatusLine(status: $0.key.vietnameseName, count: $0.value.count) }
            .sorted { $0.count > $1.count }
        return try await req.view.render("public-services/statistics", Page(
            page: try await PageContext.make(for: req, title: "Báo cáo phản ánh sự cố"),
            from: from.isoString, to: to.isoString, byType: grouped(\.typeName), byVillage: grouped(\.village), byStatus: byStatus,
            total: line("Tổng cộng", rows, now: now),
            csvPath: PublicServicesURL.statisticsCSV.path + "?tu=\(from.isoString)&den=\(to.isoString)",
            formPath: PublicServicesURL.statistics.path
        ))
    }

    /// `GET /dich-vu-cong-cong/bao-cao/su-co.csv`: one line per report, without the reporter.
    static func csv(req: Request) async throws -> Response {
        _ = try FaultReportStaff.requireViewer(req)
        let (from, to) = try period(req)
        let rows = try await rows(req, from: from, to: to)
        var text = "\u{FEFF}" + CSVText.line(["Mã", "Loại sự cố", "Đơn vị xử lý", "Thôn, tổ dân phố", "Địa điểm", "Trạng thái", "Tiếp nhận", "Hạn phản hồi", "Khắc phục lúc", "Số giờ đến khi khắc phục", "Đúng hạn"]) + "\r\n"
        for row in rows {
            let request = row.request
            let hours = request.fixedAt.map { String(format: "%.1f", $0.timeIntervalSince(request.requestedAt) / 3600) } ?? ""
            let onTime = request.fixedAt.map { $0 <= request.expectedAt ? "có" : "không" } ?? ""
            text += CSVText.safeLine([
                request.code, row.typeName, row.unitName, row.village, request.address, request.status.vietnameseName,
                VietnameseFormat.dateTime(request.requestedAt), VietnameseFormat.dateTime(request.expectedAt),
                request.fixedAt.map(VietnameseFormat.dateTime) ?? "", hours, onTime,
            ]) + "\r\n"
        }
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.setContentDisposition(.attachment, fileName: "phan-anh-su-co-\(from.isoString)-\(to.isoString).csv")
        return response
    }

    static func period(_ req: Request) throws -> (CivilDate, CivilDate) {
        let today = LocalDateTime(req.now)?.date ?? CivilDate(year: 2026, month: 1, day: 1)!
        let toText = try? req.query.get(String.self, at: "den")
        let fromText = try? req.query.get(String.self, at: "tu")
        let to = try toText.flatMap { $0.isEmpty ? nil : $0 }.map { text in
            guard let date = CivilDate(isoString: text) else { throw AppError.invalid("Ngày kết thúc không hợp lệ (YYYY-MM-DD).") }
            return date
        } ?? today
        let from = try fromText.flatMap { $0.isEmpty ? nil : $0 }.map { text in
            guard let date = CivilDate(isoString: text) else { throw AppError.invalid("Ngày bắt đầu không hợp lệ (YYYY-MM-DD).") }
            return date
        } ?? (to.adding(days: -89) ?? to)
        guard from <= to else { throw AppError.invalid("Ngày bắt đầu phải trước ngày kết thúc.") }
        guard from.days(to: to) <= 366 * 5 else { throw AppError.invalid("Khoảng thời gian tối đa 5 năm.") }
        return (from, to)
    }

    static func rows(_ req: Request, from: CivilDate, to: CivilDate) async throws -> [Row] {
        guard let start = LocalDateTime(date: from, hour: 0)?.instant, let end = to.adding(days: 1).flatMap({ LocalDateTime(date: $0, hour: 0)?.instant }) else {
            throw AppError.invalid("Khoảng thời gian không hợp lệ.")
        }
        let requests = try await req.tenant.query(ServiceRequest.self).filter(\.$requestedAt >= start).filter(\.$requestedAt < end)
            .sort(\.$requestedAt).all()
        let types = try await req.tenant.query(ServiceType.self).all()
        let typeByID = Dictionary(uniqueKeysWithValues: types.compactMap { type in type.id.map { ($0, type) } })
        let units = try await req.tenant.query(Department.self).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit.name) } })
        let routes = try await req.tenant.query(CollectionRouteRecord.self).all()
        // Villages are the areas the collection routes name: one list the commune already keeps.
        var areasByCommune: [UUID: [CollectionRoute]] = [:]
        for route in routes {
            areasByCommune[route.$commune.id, default: []] += route.areaList.map { CollectionRoute(name: $0, areas: [$0], weekdays: [], startMinute: 0, endMinute: 0) }
        }
        return requests.map { request in
            let type = typeByID[request.$serviceType.id]
            let areas = areasByCommune[request.$commune.id] ?? []
            let village = CollectionSchedule.routeIndex(serving: request.address, among: areas).map { areas[$0].name } ?? "Chưa rõ thôn, tổ"
            return Row(request: request, typeName: type?.name ?? "", unitName: type.flatMap { unitNames[$0.$department.id] } ?? "", village: village)
        }
    }

    static func line(_ label: String, _ rows: [Row], now: Date) -> Line {
        let open = rows.filter { !$0.request.status.isFinished }
        let fixed = rows.compactMap { row in row.request.fixedAt.map { (row.request, $0) } }
        let fixedOnTime = fixed.filter { $0.1 <= $0.0.expectedAt }.count
        let hours = fixed.map { $0.1.timeIntervalSince($0.0.requestedAt) / 3600 }.sorted()
        let median: String
        if hours.isEmpty {
            median = "—"
        } else {
            let middle = hours.count / 2
            let value = hours.count % 2 == 1 ? hours[middle] : (hours[middle - 1] + hours[middle]) / 2
            median = String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
        }
        return Line(
            label: label, total: rows.count, open: open.count, overdue: open.filter { now > $0.request.expectedAt }.count,
            fixed: fixed.count, fixedOnTime: fixedOnTime,
            onTimeRate: fixed.isEmpty ? "—" : "\(Int((Double(fixedOnTime) / Double(fixed.count) * 100).rounded())) %",
            medianHoursToFix: median
        )
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// `GET /mot-cua/thong-ke-quay`: tickets per day and hour, waiting and service times (median, 90th percentile) per
/// counter and service, no-shows and ratings, for a period; the tickets-per-hour chart is SVG drawn here.
enum FloorStatisticsController {
    /// The longest period one page covers.
    static let longestPeriodDays = 366

    struct FiguresRow: Encodable {
        let label: String
        let tickets: Int
        let served: Int
        let noShows: Int
        let unserved: Int
        let waitingMedian: String
        let waitingP90: String
        let serviceMedian: String
        let serviceP90: String
        let rating: String
    }

    struct Bar: Encodable {
        let x: Int
        let y: Int
        let height: Int
        let label: String
        let count: Int
        let labelY: Int
    }

    struct StatisticsPage: Encodable {
        let page: PageContext
        let communeName: String
        let from: String
        let to: String
        let periodText: String
        let communes: [OrganisationController.Option]
        let hasCommuneChoice: Bool
        let errors: FormErrors
        let total: FiguresRow
        let days: [FiguresRow]
        let byCounter: [FiguresRow]
        let byService: [FiguresRow]
        let byCounterAndService: [FiguresRow]
        let hasTickets: Bool
        let bars: [Bar]
        let chartWidth: Int
        let chartHeight: Int
        let actionPath: String
    }

    static func show(req: Request) async throws -> Response {
        let staff = try req.requireRole(.counterOfficer, .communeLeader, .systemAdministrator, .provinceOffice)
        let communes = try await Commune.query(on: req.db).filter(\.$id ~~ Array(staff.scope.communeIDs)).sort(\.$name).all()
        let chosenSlug = req.query[String.self, at: "xa"]
        guard let commune = staff.communeID.flatMap({ id in communes.first { $0.id == id } }) ?? communes.first(where: { $0.slug == chosenSlug }) ?? communes.first else {
            throw AppError.notFound
        }
        guard let today = LocalDateTime(req.now)?.date else { throw AppError.notFound }
        var problems: [String] = []
        let rawFrom = req.query[String.self, at: "tu"], rawTo = req.query[String.self, at: "den"]
        var from = today.adding(days: -6) ?? today, to = today
        if let rawFrom, !rawFrom.isEmpty {
            if let parsed = CivilDate(isoString: rawFrom) ?? CivilDate(dayMonthYear: rawFrom) { from = parsed } else { problems.append("Ngày bắt đầu không hợp lệ (dạng dd/MM/yyyy).") }
        }
        if let rawTo, !rawTo.isEmpty {
            if let parsed = CivilDate(isoString: rawTo) ?? CivilDate(dayMonthYear: rawTo) { to = parsed } else { problems.append("Ngày kết thúc không hợp lệ (dạng dd/MM/yyyy).") }
        }
        if from > to { problems.append("Ngày bắt đầu phải trước ngày kết thúc.") }
        if from.days(to: to) >= longestPeriodDays { problems.append("Mỗi lần xem tối đa \(longestPeriodDays) ngày.") }
        let report = problems.isEmpty
            ? try await FloorQueue.statistics(on: req.db, communeID: commune.requireID(), from: from, to: to)
            : QueueStatistics.report([])
        let maxCount = max(1, report.hours.map(\.tickets).max() ?? 1)
        // Office hours only (6:00–18:59): the center is closed outside them.
        let hours = report.hours.filter { (6...18).contains($0.hour) }
        let barWidth = 36, chartHeight = 180, plotHeight = 140
        let bars = hours.enumerated().map { index, hour in
            let height = Int((Double(hour.tickets) / Double(maxCount) * Double(plotHeight)).rounded())
            return Bar(x: 10 + index * barWidth, y: plotHeight + 10 - height, height: height, label: "\(hour.hour)h", count: hour.tickets, labelY: plotHeight + 28)
        }
        let view = try await req.view.render("floor/statistics", StatisticsPage(
            page: try await PageContext.make(for: req, title: "Thống kê lấy số thứ tự"), communeName: commune.fullName,
            from: from.isoString, to: to.isoString, periodText: "\(from.vietnameseString) – \(to.vietnameseString)",
            communes: communes.map { .init(value: $0.slug, label: $0.fullName, isSelected: $0.id == commune.id) },
            hasCommuneChoice: staff.communeID == nil && communes.count > 1, errors: FormErrors(problems),
            total: row("Tổng cộng", report.total), days: report.days.map { row($0.day.vietnameseString, $0.figures) },
            byCounter: report.byCounter.map { row($0.counter, $0.figures) }, byService: report.byService.map { row($0.service, $0.figures) },
            byCounterAndService: report.byCounterAndService.map { row("\($0.counter) · \($0.service)", $0.figures) },
            hasTickets: report.total.tickets > 0, bars: bars, chartWidth: 20 + hours.count * barWidth, chartHeight: chartHeight,
            actionPath: SiteURL.floorStatistics.path
        ))
        return try await view.encodeResponse(status: problems.isEmpty ? .ok : .unprocessableEntity, for: req)
    }

    private static func row(_ label: String, _ figures: QueueFigures) -> FiguresRow {
        FiguresRow(
            label: label, tickets: figures.tickets, served: figures.served, noShows: figures.noShows, unserved: figures.unserved,
            waitingMedian: QueueStatistics.describe(figures.waitingMedian), waitingP90: QueueStatistics.describe(figures.waitingP90),
            serviceMedian: QueueStatistics.describe(figures.serviceMedian), serviceP90: QueueStatistics.describe(figures.serviceP90),
            rating: figures.ratingMean.map { String(format: "%.1f/5 (%ld lượt)", $0, figures.ratings).replacingOccurrences(of: ".", with: ",") } ?? "—"
        )
    }
}

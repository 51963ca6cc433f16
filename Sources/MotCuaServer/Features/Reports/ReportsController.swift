import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Registers the report pages, exports and API; called once from `routes(_:)`.
func reportRoutes(_ app: Application) {
    app.get(SiteURL.reports.pathComponents, use: ReportsController.dashboard)
    app.get(SiteURL.operationReport.pathComponents, use: ReportsController.operations)
    app.get(SiteURL.indicatorReport.pathComponents, use: ReportsController.indicators)
    app.get(SiteURL.satisfactionReport.pathComponents, use: ReportsController.satisfaction)
    app.get(SiteURL.reportDossiers.pathComponents, use: ReportDossierList.show)
    app.get(SiteURL.reportExport(.key).pathComponents, use: ReportExports.download)
    app.get(APIURL.reportOperations.pathComponents, use: ReportAPI.operations)
    app.get(APIURL.reportIndicators.pathComponents, use: ReportAPI.indicators)
}

/// The report pages: operation report, Decision 766 indicators, satisfaction, and the province dashboard.
enum ReportsController {
    struct OperationPage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let filter: ReportPages.FilterForm
        let hasReport: Bool
        let scopeLabel: String
        let periodText: String
        let previousText: String
        let generatedAt: String
        let lines: [ReportPages.LineRow]
        let charts: [ReportPages.Chart]
        let breakdowns: [ReportPages.BreakdownView]
        let csvPath: String
        let xlsxPath: String
    }

    /// `GET /bao-cao/hoat-dong?commune=&from=&to=`: the operation report with the previous period beside it.
    static func operations(req: Request) async throws -> Response {
        let title = "Tình hình giải quyết hồ sơ"
        let scope: ReportScope
        do {
            scope = try await ReportScope.read(req)
        } catch let failure as ReportScope.Failure {
            return try await ReportPages.render(req, "reports/operations", OperationPage(
                page: try await PageContext.make(for: req, title: title), tabs: ReportPages.tabs(req, scope: nil),
                filter: try ReportPages.filter(req, actionPath: SiteURL.operationReport.path, visible: failure.visibleCommunes, chosen: nil, query: failure.query, period: nil, errors: [failure.error.message], allowWholeProvince: true),
                hasReport: false, scopeLabel: "", periodText: "", previousText: "", generatedAt: "", lines: [], charts: [], breakdowns: [], csvPath: "", xlsxPath: ""
            ), status: failure.error.status)
        }
        let report = try await OperationReport.make(scope: scope, at: req.now, on: req.readDB)
        return try await ReportPages.render(req, "reports/operations", OperationPage(
            page: try await PageContext.make(for: req, title: "\(title) — \(scope.label)"), tabs: ReportPages.tabs(req, scope: scope),
            filter: try ReportPages.filter(req, actionPath: SiteURL.operationReport.path, visible: scope.visibleCommunes, chosen: scope.commune, query: scope.query, period: scope.period, errors: [], allowWholeProvince: true),
            hasReport: true, scopeLabel: scope.label, periodText: scope.period.vietnameseString, previousText: scope.period.previous.vietnameseString,
            generatedAt: ReportPages.generatedText(report.generatedAt),
            lines: ReportPages.lineRows(scope, current: report.current, previous: report.previousHasData ? report.previous : nil),
            charts: [ReportPages.resultChart(scope, current: report.current, previous: report.previousHasData ? report.previous : nil), ReportPages.channelChart(report.current),
                     ReportPages.Chart(svg: SVGChart.line(id: "bieu-do-thang-xa", title: "Tỷ lệ giải quyết đúng hạn theo tháng", points: report.months.map {
                         .init(label: ProvinceRanking.monthLabel($0.month), value: ($0.figures.onTimeRate.value ?? 0) * 100, valueText: $0.figures.onTimeRate.percentText)
                     }, maximum: 100))],
            breakdowns: report.breakdowns.map { ReportPages.breakdownView(scope, $0) },
            csvPath: SiteURL.reportExport(.value("hoat-dong.csv")).path + scope.queryString(),
            xlsxPath: SiteURL.reportExport(.value("hoat-dong.xlsx")).path + scope.queryString()
        ))
    }

    struct IndicatorRow: Encodable {
        let group: String
        let name: String
        let numerator: String
        let denominator: String
        let ratio: String
        let points: String
        let maxPoints: String
        let formula: String
        let note: String?
        let isUnavailable: Bool
    }

    struct IndicatorPage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let filter: ReportPages.FilterForm
        let hasReport: Bool
        let scopeLabel: String
        let periodText: String
        let rows: [IndicatorRow]
        let points: String
        let scoredMaxPoints: String
        let unavailableMaxPoints: String
        let chart: ReportPages.Chart?
        let operationsPath: String
        let csvPath: String
        let xlsxPath: String
    }

    /// The indicators of a scope for its period.
    static func score(_ scope: ReportScope, at instant: Date, on req: Request) async throws -> (Decision766Score, OperationFigures) {
        let figures = try await ReportQueries.figures(communeIDs: scope.communeIDs, period: scope.period, grouping: nil, at: instant, on: req.readDB)[""]
            ?? OperationFigures(counts: FigureCounts(), processingHours: [:], open: [:])
        let catalog = try await req.application.catalogStore.catalog(on: req.readDB)
        let inputs = try await ReportQueries.indicatorInputs(communeIDs: scope.communeIDs, period: scope.period, at: instant, catalog: catalog, on: req.readDB)
        // Over several communes the inputs add up, as the figures do.
        let total = inputs.values.reduce(into: IndicatorInputs()) { sum, next in
            sum.proceduresOffered += next.proceduresOffered
            sum.proceduresOnline += next.proceduresOnline
            sum.complaintsDue += next.complaintsDue
            sum.complaintsAnsweredOnTime += next.complaintsAnsweredOnTime
            sum.dossierComplaints += next.dossierComplaints
            sum.dislikes += next.dislikes
            sum.dossiersSynchronised += next.dossiersSynchronised
            sum.dossiersWithFee += next.dossiersWithFee
            sum.dossiersPaidOnline += next.dossiersPaidOnline
        }
        return (Decision766Score.make(figures: figures, inputs: total), figures)
    }

    /// `GET /bao-cao/chi-so-766?commune=&from=&to=`.
    static func indicators(req: Request) async throws -> Response {
        let title = "Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)"
        let scope: ReportScope
        do {
            scope = try await ReportScope.read(req)
        } catch let failure as ReportScope.Failure {
            return try await ReportPages.render(req, "reports/indicators", IndicatorPage(
                page: try await PageContext.make(for: req, title: title), tabs: ReportPages.tabs(req, scope: nil),
                filter: try ReportPages.filter(req, actionPath: SiteURL.indicatorReport.path, visible: failure.visibleCommunes, chosen: nil, query: failure.query, period: nil, errors: [failure.error.message], allowWholeProvince: true),
                hasReport: false, scopeLabel: "", periodText: "", rows: [], points: "", scoredMaxPoints: "", unavailableMaxPoints: "", chart: nil, operationsPath: "", csvPath: "", xlsxPath: ""
            ), status: failure.error.status)
        }
        let (score, _) = try await self.score(scope, at: req.now, on: req)
        let groups = Indicator766.Group.allCases.map { group -> SVGChart.Point in
            let scored = score.indicators.filter { $0.group == group }
            let points = scored.compactMap(\.points).reduce(0, +)
            return .init(label: group.vietnameseName, value: points, valueText: "\(ReportNumber.decimal(points, places: 2)) / \(ReportNumber.decimal(group.maxPoints, places: 0))")
        }
        return try await ReportPages.render(req, "reports/indicators", IndicatorPage(
            page: try await PageContext.make(for: req, title: "Chỉ số 766 — \(scope.label)"), tabs: ReportPages.tabs(req, scope: scope),
            filter: try ReportPages.filter(req, actionPath: SiteURL.indicatorReport.path, visible: scope.visibleCommunes, chosen: scope.commune, query: scope.query, period: scope.period, errors: [], allowWholeProvince: true),
            hasReport: true, scopeLabel: scope.label, periodText: scope.period.vietnameseString,
            rows: score.indicators.map { indicator in
                IndicatorRow(group: indicator.group.vietnameseName, name: indicator.name, numerator: indicator.numerator.map(ReportNumber.integer) ?? "—",
                             denominator: indicator.denominator.map(ReportNumber.integer) ?? "—", ratio: indicator.ratioText, points: indicator.pointsText,
                             maxPoints: ReportNumber.decimal(indicator.maxPoints, places: 0), formula: indicator.formula, note: indicator.note, isUnavailable: !indicator.isAvailable)
            },
            points: ReportNumber.decimal(score.points, places: 2), scoredMaxPoints: ReportNumber.decimal(score.scoredMaxPoints, places: 0),
            unavailableMaxPoints: ReportNumber.decimal(score.unavailableMaxPoints, places: 0),
            chart: ReportPages.Chart(svg: SVGChart.bar(id: "bieu-do-766", title: "Điểm theo nhóm chỉ số (chỉ tiêu tính được)", points: groups, maximum: 22, colour: "#1b5e20")),
            operationsPath: SiteURL.operationReport.path + scope.queryString(),
            csvPath: SiteURL.reportExport(.value("chi-so-766.csv")).path + scope.queryString(),
            xlsxPath: SiteURL.reportExport(.value("chi-so-766.xlsx")).path + scope.queryString()
        ))
    }

    struct SatisfactionPage: Encodable {
        struct Row: Encodable { let label: String; let value: String }
        let page: PageContext
        let tabs: [NavigationLink]
        let filter: ReportPages.FilterForm
        let hasReport: Bool
        let scopeLabel: String
        let periodText: String
        let ratingRows: [Row]
        let feedbackRows: [Row]
        let chart: ReportPages.Chart?
        let queueRows: [Row]
        let hasQueueFigures: Bool
        let csvPath: String
        let xlsxPath: String
    }

    /// The satisfaction figures as a table (ratings, then feedback).
    static func satisfactionTable(_ scope: ReportScope, _ figures: ReportQueries.Satisfaction) -> ReportTable {
        var rows: [[ReportTable.Cell]] = []
        func add(_ label: String, _ value: Int64) { rows.append([.text(label), .number(Double(value))]) }
        for level in SatisfactionLevel.allCases.reversed() { add("Đánh giá: \(level.vietnameseName)", figures.ratingsByLevel[level.rawValue] ?? 0) }
        add("Tổng số đánh giá", figures.ratings)
        rows.append([.text("Tỷ lệ hài lòng, rất hài lòng"), .text(figures.satisfiedRate.percentText)])
        add("Phản ánh, kiến nghị nhận được", figures.feedbackReceived)
        for topic in FeedbackItem.Topic.allCases { add("  \(topic.vietnameseName)", figures.feedbackByTopic[topic.rawValue] ?? 0) }
        add("Đã trả lời đúng hạn", figures.feedbackAnsweredOnTime)
        add("Đã trả lời quá hạn", figures.feedbackAnsweredLate)
        add("Chưa trả lời, còn hạn", figures.feedbackOpenWithinTime)
        add("Chưa trả lời, quá hạn", figures.feedbackOpenOverdue)
        return ReportTable(name: "Hài lòng", title: "Mức độ hài lòng và phản ánh, kiến nghị — \(scope.label) — \(scope.period.vietnameseString)", columns: ["Chỉ tiêu", "Số lượng"], rows: rows)
    }

    /// `GET /bao-cao/hai-long?commune=&from=&to=`: ratings and feedback, and the center floor's queue figures when that feature provides them.
    static func satisfaction(req: Request) async throws -> Response {
        let title = "Mức độ hài lòng, phản ánh, kiến nghị"
        let scope: ReportScope
        do {
            scope = try await ReportScope.read(req)
        } catch let failure as ReportScope.Failure {
            return try await ReportPages.render(req, "reports/satisfaction", SatisfactionPage(
                page: try await PageContext.make(for: req, title: title), tabs: ReportPages.tabs(req, scope: nil),
                filter: try ReportPages.filter(req, actionPath: SiteURL.satisfactionReport.path, visible: failure.visibleCommunes, chosen: nil, query: failure.query, period: nil, errors: [failure.error.message], allowWholeProvince: true),
                hasReport: false, scopeLabel: "", periodText: "", ratingRows: [], feedbackRows: [], chart: nil, queueRows: [], hasQueueFigures: false, csvPath: "", xlsxPath: ""
            ), status: failure.error.status)
        }
        let figures = try await ReportQueries.satisfaction(communeIDs: scope.communeIDs, period: scope.period, at: req.now, on: req.readDB)
        let table = satisfactionTable(scope, figures)
        let rows = table.rows.map { SatisfactionPage.Row(label: $0[0].displayText, value: $0[1].displayText) }
        let queue = try await req.application.reportQueueFigures?(scope.communeIDs, scope.period, req.readDB) ?? []
        return try await ReportPages.render(req, "reports/satisfaction", SatisfactionPage(
            page: try await PageContext.make(for: req, title: "\(title) — \(scope.label)"), tabs: ReportPages.tabs(req, scope: scope),
            filter: try ReportPages.filter(req, actionPath: SiteURL.satisfactionReport.path, visible: scope.visibleCommunes, chosen: scope.commune, query: scope.query, period: scope.period, errors: [], allowWholeProvince: true),
            hasReport: true, scopeLabel: scope.label, periodText: scope.period.vietnameseString,
            ratingRows: Array(rows.prefix(7)), feedbackRows: Array(rows.dropFirst(7)),
            chart: ReportPages.Chart(svg: SVGChart.bar(id: "bieu-do-danh-gia", title: "Đánh giá của người nộp hồ sơ theo mức", points: SatisfactionLevel.allCases.reversed().map {
                let count = figures.ratingsByLevel[$0.rawValue] ?? 0
                return .init(label: $0.vietnameseName, value: Double(count), valueText: ReportNumber.integer(count))
            })),
            queueRows: queue.map { SatisfactionPage.Row(label: $0.label, value: $0.value) }, hasQueueFigures: !queue.isEmpty,
            csvPath: SiteURL.reportExport(.value("hai-long.csv")).path + scope.queryString(),
            xlsxPath: SiteURL.reportExport(.value("hai-long.xlsx")).path + scope.queryString()
        ))
    }

    struct RankRow: Encodable {
        let rank: Int
        let communeName: String
        let operationsPath: String
        let indicatorsPath: String
        let points: String
        /// "48,50 / 72" and the share of the reachable maximum that ranks the commune.
        let reachable: String
        let share: String
        let onTimeRate: String
        let entered: String
        let handled: String
        let late: String
        let overdue: String
        let isOwn: Bool
    }

    struct MonthRow: Encodable { let month: String; let entered: String; let handled: String; let onTime: String; let late: String; let rate: String }

    struct DashboardPage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let filter: ReportPages.FilterForm
        let hasReport: Bool
        let isProvinceWide: Bool
        let periodText: String
        let communeCount: Int
        let ownRank: String?
        let rows: [RankRow]
        let months: [MonthRow]
        let charts: [ReportPages.Chart]
        let csvPath: String
        let xlsxPath: String
        /// Figures other features add for each commune shown (see `Application.reportDashboardSections`).
        var sections: [DashboardSection] = []
    }

    /// `GET /bao-cao?from=&to=`: for the province, every commune ranked by its 766 points and on-time rate, with trends by
    /// month; for a commune officer, the commune's own row and its rank among all communes of the province.
    static func dashboard(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let title = "Bảng xếp hạng các xã, phường"
        let scope: ReportScope
        do {
            scope = try await ReportScope.read(req, allowWholeProvince: true)
        } catch let failure as ReportScope.Failure {
            return try await ReportPages.render(req, "reports/dashboard", DashboardPage(
                page: try await PageContext.make(for: req, title: title), tabs: ReportPages.tabs(req, scope: nil),
                filter: try ReportPages.filter(req, actionPath: SiteURL.reports.path, visible: [], chosen: nil, query: failure.query, period: nil, errors: [failure.error.message], allowWholeProvince: true),
                hasReport: false, isProvinceWide: staff.scope.isProvinceWide, periodText: "", communeCount: 0, ownRank: nil, rows: [], months: [], charts: [], csvPath: "", xlsxPath: ""
            ), status: failure.error.status)
        }
        let catalog = try await req.application.catalogStore.catalog(on: req.readDB)
        let ranking = try await ProvinceRanking.make(provinceID: staff.provinceID, period: scope.period, at: req.now, catalog: catalog, on: req.readDB)
        let ownID = staff.scope.isProvinceWide ? nil : staff.communeID
        let shown = ranking.entries.filter { ownID == nil || $0.commune.id == ownID }
        func communeScope(_ commune: Commune) -> String {
            var copy = scope.query
            copy.commune = commune.slug
            return ReportScope(visibleCommunes: scope.visibleCommunes, commune: commune, period: scope.period, query: copy).queryString()
        }
        let rows = shown.map { entry in
            RankRow(rank: entry.rank, communeName: entry.commune.fullName, operationsPath: SiteURL.operationReport.path + communeScope(entry.commune),
                    indicatorsPath: SiteURL.indicatorReport.path + communeScope(entry.commune), points: ReportNumber.decimal(entry.score.points, places: 2),
                    reachable: "\(ReportNumber.decimal(entry.score.points, places: 2)) / \(ReportNumber.decimal(entry.score.scoredMaxPoints, places: 0))",
                    share: entry.score.share.map { ReportNumber.percent($0) } ?? "—",
                    onTimeRate: entry.figures.onTimeRate.percentText, entered: ReportNumber.integer(entry.figures.entered), handled: ReportNumber.integer(entry.figures.handled),
                    late: ReportNumber.integer(entry.figures.counts[.handledLate]), overdue: ReportNumber.integer(entry.figures.inProcessOverdue), isOwn: entry.commune.id == staff.communeID)
        }
        var charts: [ReportPages.Chart] = []
        if ownID == nil {
            charts.append(.init(svg: SVGChart.bar(id: "bieu-do-diem", title: "Chỉ số 766 theo xã: điểm đạt trên điểm tối đa tính được (%)", points: shown.map {
                .init(label: $0.commune.fullName, value: ($0.score.share ?? 0) * 100, valueText: $0.score.share.map { ReportNumber.percent($0) } ?? "—")
            }, maximum: 100, colour: "#1b5e20")))
            charts.append(.init(svg: SVGChart.bar(id: "bieu-do-dung-han", title: "Tỷ lệ giải quyết trước hạn, đúng hạn theo xã", points: shown.map {
                .init(label: $0.commune.fullName, value: ($0.figures.onTimeRate.value ?? 0) * 100, valueText: $0.figures.onTimeRate.percentText)
            }, maximum: 100)))
            charts.append(.init(svg: SVGChart.line(id: "bieu-do-thang", title: "Tỷ lệ đúng hạn toàn tỉnh theo tháng", points: ranking.months.map {
                .init(label: ProvinceRanking.monthLabel($0.month), value: ($0.figures.onTimeRate.value ?? 0) * 100, valueText: $0.figures.onTimeRate.percentText)
            }, maximum: 100)))
        }
        let ownRank = ownID.flatMap { id in ranking.entries.first { $0.commune.id == id } }.map { "Hạng \($0.rank) trên \(ranking.entries.count) xã, phường của tỉnh" }
        let exportQuery = "?from=\(scope.period.from.isoString)&to=\(scope.period.to.isoString)"
        var sections: [DashboardSection] = []
        for provider in req.application.reportDashboardSections {
            sections.append(try await provider(shown.map(\.commune), scope.period, req.db).offered(to: staff))
        }
        return try await ReportPages.render(req, "reports/dashboard", DashboardPage(
            page: try await PageContext.make(for: req, title: title), tabs: ReportPages.tabs(req, scope: staff.scope.isProvinceWide ? nil : scope),
            filter: try ReportPages.filter(req, actionPath: SiteURL.reports.path, visible: [], chosen: nil, query: scope.query, period: scope.period, errors: [], allowWholeProvince: true),
            hasReport: true, isProvinceWide: ownID == nil, periodText: scope.period.vietnameseString, communeCount: ranking.entries.count, ownRank: ownRank,
            rows: rows, months: ownID == nil ? ranking.months.map { month, figures in
                MonthRow(month: ProvinceRanking.monthLabel(month), entered: ReportNumber.integer(figures.entered), handled: ReportNumber.integer(figures.handled),
                         onTime: ReportNumber.integer(figures.counts[.handledBeforeTime] + figures.counts[.handledOnTime]), late: ReportNumber.integer(figures.counts[.handledLate]), rate: figures.onTimeRate.percentText)
            } : [],
            charts: charts,
            csvPath: SiteURL.reportExport(.value("xep-hang.csv")).path + exportQuery, xlsxPath: SiteURL.reportExport(.value("xep-hang.xlsx")).path + exportQuery,
            sections: sections
        ))
    }
}

extension ReportTable.Cell {
    /// The cell as a page prints it.
    var displayText: String {
        switch self {
        case .text(let text): text
        case .number(let value): value == value.rounded() ? ReportNumber.integer(Int64(value)) : ReportNumber.decimal(value)
        }
    }
}

/// A figure of the center floor's queue (issue #6), as the satisfaction report lists it.
struct QueueFigure: Sendable {
    let label: String
    let value: String
}

extension Application {
    private struct ReportQueueFiguresKey: StorageKey {
        typealias Value = @Sendable ([UUID], ReportPeriod, any Database) async throws -> [QueueFigure]
    }

    /// The seam for the center floor: when that feature registers a provider here, the satisfaction report lists its
    /// queue figures (tickets, waiting times) for the communes and period; until then the report says they are not kept.
    var reportQueueFigures: (@Sendable ([UUID], ReportPeriod, any Database) async throws -> [QueueFigure])? {
        get { storage[ReportQueueFiguresKey.self] }
        set { storage[ReportQueueFiguresKey.self] = newValue }
    }
}

/// A table another feature adds to the dashboard: one row per commune shown, already formatted.
struct DashboardSection: Encodable, Sendable {
    let title: String
    let columns: [String]
    let rows: [[String]]
    /// The feature's own report; `nil` once `offered(to:)` finds that the reader may not open it.
    var linkPath: String?
    let linkLabel: String
    /// Who may open `linkPath`.
    var linkAccess: PageAccess? = nil

    private enum CodingKeys: String, CodingKey { case title, columns, rows, linkPath, linkLabel }

    /// The section as `staff` sees it: without the link when its page would refuse them.
    func offered(to staff: StaffIdentity) -> DashboardSection {
        var section = self
        if let access = linkAccess, !staff.mayOpen(access) { section.linkPath = nil }
        return section
    }
}

extension Application {
    private struct ReportDashboardSectionsKey: StorageKey {
        typealias Value = [@Sendable ([Commune], ReportPeriod, any Database) async throws -> DashboardSection]
    }

    /// Providers of extra dashboard tables (e.g. commune resources, issue #10), each given the communes shown.
    var reportDashboardSections: [@Sendable ([Commune], ReportPeriod, any Database) async throws -> DashboardSection] {
        get { storage[ReportDashboardSectionsKey.self] ?? [] }
        set { storage[ReportDashboardSectionsKey.self] = newValue }
    }
}

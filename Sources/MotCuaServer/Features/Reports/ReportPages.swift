import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Pieces every report page shares: the period form, the report tabs, charts and linked figures.
enum ReportPages {
    struct FilterForm: Encodable {
        let actionPath: String
        let communes: [OrganisationController.Option]
        let hasCommuneChoice: Bool
        let from: String
        let to: String
        let errors: FormErrors
    }

    struct Chart: Encodable {
        let svg: String
    }

    /// A number that links to the dossiers behind it (no link for ratios and times).
    struct LinkedValue: Encodable {
        let text: String
        let href: String?
    }

    struct LineRow: Encodable {
        let label: String
        let isDetail: Bool
        let current: LinkedValue
        let previous: LinkedValue
    }

    struct BreakdownRow: Encodable {
        let label: String
        let cells: [LinkedValue]
    }

    struct BreakdownView: Encodable {
        let title: String
        let heading: String
        let columns: [String]
        let rows: [BreakdownRow]
        let hasRows: Bool
    }

    static func tabs(_ req: Request, scope: ReportScope?) -> [NavigationLink] {
        let query = scope?.queryString() ?? ""
        return [("Bảng xếp hạng", SiteURL.reports), ("Tình hình giải quyết", .operationReport), ("Chỉ số 766", .indicatorReport), ("Hài lòng, phản ánh", .satisfactionReport)].map { label, url in
            NavigationLink(label: label, href: url.path + query, isCurrent: req.url.path == url.path)
        }
    }

    static func filter(_ req: Request, actionPath: String, visible: [Commune], chosen: Commune?, query: ReportScope.Query, period: ReportPeriod?, errors: [String], allowWholeProvince: Bool) throws -> FilterForm {
        let staff = try req.requireStaff()
        var options: [OrganisationController.Option] = []
        if staff.scope.isProvinceWide {
            if allowWholeProvince { options.append(.init(value: "", label: "Toàn tỉnh", isSelected: chosen == nil)) }
            options += visible.map { .init(value: $0.slug, label: $0.fullName, isSelected: $0.id == chosen?.id) }
        }
        return FilterForm(
            actionPath: actionPath, communes: options, hasCommuneChoice: staff.scope.isProvinceWide && !visible.isEmpty,
            from: period?.from.isoString ?? query.from ?? "", to: period?.to.isoString ?? query.to ?? "", errors: FormErrors(errors)
        )
    }

    /// The link to the dossiers behind a figure of the scope, narrowed by a breakdown's group when given.
    static func drillDown(_ scope: ReportScope, period: ReportPeriod? = nil, figure: ReportFigure, group: (ReportQueries.Grouping, String)? = nil) -> String {
        var extra: [(String, String?)] = [("figure", figure.rawValue)]
        if let (grouping, key) = group { extra.append((grouping.rawValue, key.isEmpty ? ReportDossierList.none : key)) }
        return SiteURL.reportDossiers.path + scope.queryString(period: period, extra)
    }

    /// The figures of the period beside the previous one's; `previous` is nil when that period ended before the first
    /// dossier, and its column says so rather than showing zeros.
    static func lineRows(_ scope: ReportScope, current: OperationFigures, previous: OperationFigures?) -> [LineRow] {
        let before = previous.map(ReportLayout.lines)
        return ReportLayout.lines(current).enumerated().map { index, line in
            let old = before?[index]
            return LineRow(
                label: line.label, isDetail: line.isDetail,
                current: LinkedValue(text: line.text, href: line.figure.map { drillDown(scope, figure: $0) }),
                previous: old.map { old in LinkedValue(text: old.text, href: old.figure.map { drillDown(scope, period: scope.period.previous, figure: $0) }) }
                    ?? LinkedValue(text: ReportLayout.noDataText, href: nil)
            )
        }
    }

    static func breakdownView(_ scope: ReportScope, _ breakdown: OperationReport.Breakdown) -> BreakdownView {
        let figures: [ReportFigure] = [.entered, .handled, .handledBeforeTime, .handledOnTime, .handledLate, .inProcessWithinTime, .inProcessOverdue]
        return BreakdownView(
            title: breakdown.title, heading: breakdown.heading, columns: ReportLayout.breakdownColumns,
            rows: breakdown.groups.map { group in
                let values: [Int64] = [group.figures.entered, group.figures.handled, group.figures.counts[.handledBeforeTime], group.figures.counts[.handledOnTime],
                                       group.figures.counts[.handledLate], group.figures.inProcessWithinTime, group.figures.inProcessOverdue]
                let cells = zip(figures, values).map { figure, value in
                    LinkedValue(text: ReportNumber.integer(value), href: value > 0 ? drillDown(scope, figure: figure, group: (breakdown.grouping, group.key)) : nil)
                }
                return BreakdownRow(label: group.label, cells: cells + [LinkedValue(text: group.figures.onTimeRate.percentText, href: nil)])
            },
            hasRows: !breakdown.groups.isEmpty
        )
    }

    /// Results before time, on time and late as stacked bars for the period and the previous one.
    static func resultChart(_ scope: ReportScope, current: OperationFigures, previous: OperationFigures?) -> Chart {
        func stack(_ label: String, _ figures: OperationFigures) -> SVGChart.Stack {
            .init(label: label, values: [figures.counts[.handledBeforeTime], figures.counts[.handledOnTime], figures.counts[.handledLate], figures.inProcessWithinTime, figures.inProcessOverdue].map(Double.init))
        }
        return Chart(svg: SVGChart.stackedBar(
            id: "bieu-do-ket-qua", title: "Kết quả giải quyết: kỳ này và kỳ trước",
            series: [.init(name: "Trước hạn", colour: "#1b5e20"), .init(name: "Đúng hạn", colour: "#66bb6a"), .init(name: "Quá hạn", colour: "#c62828"),
                     .init(name: "Đang, trong hạn", colour: "#1f5fa8"), .init(name: "Đang, quá hạn", colour: "#ef6c00")],
            stacks: [stack("Kỳ này", current)] + (previous.map { [stack("Kỳ trước", $0)] } ?? [])
        ))
    }

    static func channelChart(_ figures: OperationFigures) -> Chart {
        Chart(svg: SVGChart.bar(id: "bieu-do-kenh", title: "Hồ sơ tiếp nhận theo kênh", points: [
            .init(label: "Trực tiếp", value: Double(figures.counts[.enteredCounter]), valueText: ReportNumber.integer(figures.counts[.enteredCounter])),
            .init(label: "Trực tuyến", value: Double(figures.counts[.enteredOnline]), valueText: ReportNumber.integer(figures.counts[.enteredOnline])),
            .init(label: "Bưu chính", value: Double(figures.counts[.enteredPost]), valueText: ReportNumber.integer(figures.counts[.enteredPost])),
        ]))
    }

    /// Renders a page, or the same page with the failure's message and status.
    static func render(_ req: Request, _ template: String, _ context: some Encodable, status: HTTPResponseStatus = .ok) async throws -> Response {
        try await req.view.render(template, context).encodeResponse(status: status, for: req)
    }

    /// The time a report was made, as printed on it.
    static func generatedText(_ instant: Date) -> String { VietnameseFormat.dateTime(instant) }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Everything an operation report shows, computed once and used by the page, the exports and the API.
struct OperationReport: Sendable {
    /// Figures by one dimension, each group with its label.
    struct Breakdown: Sendable {
        struct Group: Sendable {
            let key: String
            let label: String
            let figures: OperationFigures
        }

        let grouping: ReportQueries.Grouping
        let title: String
        let heading: String
        let groups: [Group]
    }

    let scope: ReportScope
    let generatedAt: Date
    let current: OperationFigures
    let previous: OperationFigures
    /// Whether the previous period saw any of the scope's dossiers: before the first one, it has no figures to show.
    let previousHasData: Bool
    let breakdowns: [Breakdown]
    /// The period month by month (`yyyy-MM`), for the trend.
    let months: [(month: String, figures: OperationFigures)]

    static func make(scope: ReportScope, at instant: Date, on database: any Database) async throws -> OperationReport {
        let ids = scope.communeIDs
        let current = try await ReportQueries.figures(communeIDs: ids, period: scope.period, grouping: nil, at: instant, on: database)[""]
        let previous = try await ReportQueries.figures(communeIDs: ids, period: scope.period.previous, grouping: nil, at: instant, on: database)[""]
        let firstIntakeDay = try await ReportQueries.firstIntakeDay(communeIDs: ids, on: database)
        let names = try await ReportNames.load(communeIDs: ids, on: database)
        var breakdowns: [Breakdown] = []
        for (grouping, title, heading) in [(ReportQueries.Grouping.field, "Theo lĩnh vực", "Lĩnh vực"), (.procedure, "Theo thủ tục", "Thủ tục"), (.department, "Theo phòng ban", "Phòng, ban"), (.officer, "Theo cán bộ", "Cán bộ")] {
            let figures = try await ReportQueries.figures(communeIDs: ids, period: scope.period, grouping: grouping, at: instant, on: database)
            let groups = figures.map { Breakdown.Group(key: $0.key, label: names.label(of: $0.key, in: grouping), figures: $0.value) }
                .sorted { ($0.figures.entered + $0.figures.handled, $1.label) > ($1.figures.entered + $1.figures.handled, $0.label) }
            breakdowns.append(Breakdown(grouping: grouping, title: title, heading: heading, groups: groups))
        }
        let empty = OperationFigures(counts: FigureCounts(), processingHours: [:], open: [:])
        var byMonth: [String: FigureCounts] = [:]
        for (_, month, counts) in try await ReportQueries.countsByCommuneAndMonth(communeIDs: ids, period: scope.period, on: database) {
            byMonth[month, default: FigureCounts()] += counts
        }
        let months = scope.period.months.map { ($0, OperationFigures(counts: byMonth[$0] ?? FigureCounts(), processingHours: [:], open: [:])) }
        return OperationReport(scope: scope, generatedAt: instant, current: current ?? empty, previous: previous ?? empty,
                               previousHasData: firstIntakeDay.map { $0 <= scope.period.previous.to } ?? false, breakdowns: breakdowns, months: months)
    }

    /// The report as tables, for CSV and XLSX.
    var tables: [ReportTable] {
        [ReportLayout.operationTable(commune: scope.label, period: scope.period, current: current, previous: previousHasData ? previous : nil)]
            + breakdowns.map { breakdown in
                ReportLayout.breakdownTable(name: breakdown.title, title: "\(breakdown.title) — \(scope.label) — \(scope.period.vietnameseString)", heading: breakdown.heading,
                                            groups: breakdown.groups.map { ($0.label, $0.figures) })
            }
            + [ProvinceRanking.monthTable(title: "Theo tháng — \(scope.label) — \(scope.period.vietnameseString)", months: months)]
    }
}

/// Names for the keys of the summaries: communes, fields, procedures, departments and officers.
struct ReportNames: Sendable {
    var communes: [String: String] = [:]
    var procedures: [String: String] = [:]
    var departments: [String: String] = [:]
    var officers: [String: String] = [:]

    static func load(communeIDs: [UUID], on database: any Database) async throws -> ReportNames {
        var names = ReportNames()
        for commune in try await Commune.query(on: database).filter(\.$id ~~ communeIDs).all() {
            if let id = commune.id { names.communes[id.uuidString.lowercased()] = commune.fullName }
        }
        for procedure in try await CatalogProcedure.query(on: database).all() { names.procedures[procedure.code] = procedure.name }
        // Every commune has a "Văn phòng HĐND–UBND": over several communes, a department is named with its commune.
        for department in try await Department.query(on: database).filter(\.$commune.$id ~~ communeIDs).all() {
            guard let id = department.id else { continue }
            let commune = names.communes[department.$commune.id.uuidString.lowercased()]
            names.departments[id.uuidString.lowercased()] = communeIDs.count > 1 ? commune.map { "\(department.name) — \($0)" } ?? department.name : department.name
        }
        for officer in try await Officer.query(on: database).filter(\.$commune.$id ~~ communeIDs.map { Optional($0) }).all() { names.officers[officer.username] = officer.fullName }
        return names
    }

    /// The label of a group key.
    func label(of key: String, in grouping: ReportQueries.Grouping) -> String {
        switch grouping {
        case .commune: communes[key] ?? key
        case .field: ProcedureDefinition.Field(rawValue: key)?.vietnameseName ?? (key.isEmpty ? "Chưa phân loại" : key)
        case .procedure: procedures[key].map { "\(key) — \($0)" } ?? key
        case .department: key.isEmpty ? "Chưa chuyển phòng" : departments[key] ?? key
        case .officer: key.isEmpty ? "Chưa phân công" : officers[key].map { "\($0) (\(key))" } ?? key
        case .month: key
        }
    }
}

/// The figures of every commune of the province side by side, with their 766 scores and ranks.
struct ProvinceRanking: Sendable {
    struct Entry: Sendable {
        let commune: Commune
        let figures: OperationFigures
        let score: Decision766Score
        var rank: Int
    }

    let period: ReportPeriod
    let entries: [Entry]
    /// The province's figures by month, `yyyy-MM` → figures.
    let months: [(month: String, figures: OperationFigures)]

    /// Ranks every commune of the province (not only those the officer may see: a commune sees its rank among all).
    static func make(provinceID: UUID, period: ReportPeriod, at instant: Date, catalog: ProcedureCatalog, on database: any Database) async throws -> ProvinceRanking {
        let communes = try await Commune.query(on: database).filter(\.$province.$id == provinceID).sort(\.$name).all()
        let ids = communes.compactMap(\.id)
        // One pass over the summaries gives both the communes and the months; the ranking needs no percentile.
        var byCommune: [UUID: FigureCounts] = [:], byMonth: [String: FigureCounts] = [:]
        for (communeID, month, counts) in try await ReportQueries.countsByCommuneAndMonth(communeIDs: ids, period: period, on: database) {
            byCommune[communeID, default: FigureCounts()] += counts
            byMonth[month, default: FigureCounts()] += counts
        }
        var openByCommune: [UUID: [OpenStanding: Int64]] = [:], openByMonth: [String: [OpenStanding: Int64]] = [:]
        for row in try await ReportQueries.openWork(communeIDs: ids, period: period, grouping: .month, at: instant, on: database) {
            openByCommune[row.communeID, default: [:]][row.standing, default: 0] += row.count
            openByMonth[row.key, default: [:]][row.standing, default: 0] += row.count
        }
        let inputs = try await ReportQueries.indicatorInputs(communeIDs: ids, period: period, at: instant, catalog: catalog, on: database)
        var entries = communes.compactMap { commune -> Entry? in
            guard let id = commune.id else { return nil }
            let figure = OperationFigures(counts: byCommune[id] ?? FigureCounts(), processingHours: [:], open: openByCommune[id] ?? [:])
            return Entry(commune: commune, figures: figure, score: Decision766Score.make(figures: figure, inputs: inputs[id] ?? IndicatorInputs()), rank: 0)
        }
        // Highest share of the reachable 766 points first (none counts as lowest); then the higher on-time rate; then by name.
        entries.sort { lhs, rhs in
            let leftShare = lhs.score.share ?? -1, rightShare = rhs.score.share ?? -1
            if leftShare != rightShare { return leftShare > rightShare }
            let left = lhs.figures.onTimeRate.value ?? -1, right = rhs.figures.onTimeRate.value ?? -1
            if left != right { return left > right }
            return lhs.commune.name < rhs.commune.name
        }
        for index in entries.indices { entries[index].rank = index + 1 }
        let months = period.months.map { ($0, OperationFigures(counts: byMonth[$0] ?? FigureCounts(), processingHours: [:], open: openByMonth[$0] ?? [:])) }
        return ProvinceRanking(period: period, entries: entries, months: months)
    }

    /// The ranking as a table, for CSV and XLSX; `only` keeps one commune's row (a commune officer's view).
    func table(only communeID: UUID?) -> ReportTable {
        let shown = entries.filter { communeID == nil || $0.commune.id == communeID }
        return ReportTable(
            name: "Xếp hạng", title: "Xếp hạng các xã, phường theo Chỉ số 766 — \(period.vietnameseString)",
            columns: ["Hạng", "Xã, phường", "Điểm 766 (các chỉ tiêu tính được)", "Điểm tối đa tính được", "Tỷ lệ điểm đạt (%)", "Tỷ lệ đúng hạn (%)", "Tiếp nhận", "Đã giải quyết",
                      "Quá hạn", "Đang giải quyết quá hạn"],
            rows: shown.map { entry -> [ReportTable.Cell] in
                let rate: ReportTable.Cell = entry.figures.onTimeRate.value.map { .number(($0 * 1000).rounded() / 10) } ?? .text("—")
                let share: ReportTable.Cell = entry.score.share.map { .number(($0 * 1000).rounded() / 10) } ?? .text("—")
                return [.number(Double(entry.rank)), .text(entry.commune.fullName), .number((entry.score.points * 100).rounded() / 100), .number(entry.score.scoredMaxPoints),
                 share, rate,
                 .number(Double(entry.figures.entered)), .number(Double(entry.figures.handled)), .number(Double(entry.figures.counts[.handledLate])), .number(Double(entry.figures.inProcessOverdue))]
            }
        )
    }

    /// The province's months as a table.
    var monthTable: ReportTable { Self.monthTable(title: "Toàn tỉnh theo tháng — \(period.vietnameseString)", months: months) }

    /// Months as a table: intake, results and the on-time rate of each.
    static func monthTable(title: String, months: [(month: String, figures: OperationFigures)]) -> ReportTable {
        ReportTable(name: "Theo tháng", title: title, columns: ["Tháng", "Tiếp nhận", "Đã giải quyết", "Trước hạn, đúng hạn", "Quá hạn", "Tỷ lệ đúng hạn (%)"], rows: months.map { month, figures -> [ReportTable.Cell] in
            let rate: ReportTable.Cell = figures.onTimeRate.value.map { .number(($0 * 1000).rounded() / 10) } ?? .text("—")
            return [.text(Self.monthLabel(month)), .number(Double(figures.entered)), .number(Double(figures.handled)), .number(Double(figures.counts[.handledBeforeTime] + figures.counts[.handledOnTime])), .number(Double(figures.counts[.handledLate])), rate]
        })
    }

    /// "07/2025" for "2025-07".
    static func monthLabel(_ month: String) -> String {
        let parts = month.split(separator: "-")
        return parts.count == 2 ? "\(parts[1])/\(parts[0])" : month
    }
}

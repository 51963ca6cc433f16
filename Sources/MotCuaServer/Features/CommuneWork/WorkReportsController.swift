import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Reports of the commune's work, each a table on the page and a CSV file: plan progress by unit, directives by
/// status across communes, events and their readiness, training coverage. The province sees every commune, a
/// commune its own rows (everything is read through the tenant door).
enum WorkReportsController {
    /// How far ahead the readiness report looks for occurrences of events: a year, as the events page does, so
    /// that every yearly event has its next occurrence in the report.
    static let readinessHorizonDays = EventController.horizonDays

    enum Export: String, CaseIterable {
        case plans = "tien-do-ke-hoach"
        case directives = "chi-dao"
        case events = "su-kien"
        case training = "dao-tao"

        var fileName: String { rawValue + ".csv" }

        init?(fileName: String) {
            guard fileName.hasSuffix(".csv") else { return nil }
            self.init(rawValue: String(fileName.dropLast(4)))
        }
    }

    /// Tasks by status per lead unit, with the share done on time among tasks already judged.
    static func planProgress(_ req: Request) async throws -> ReportTable {
        let today = WorkPlanController.today(req)
        let tasks = try await req.tenant.query(WorkTask.self).all()
        let units = try await req.tenant.query(Department.self).all()
        let unitByID = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit) } })
        let communes = try await TrainingController.communeNames(req)
        var tallies: [UUID: PlanProgressTally] = [:]
        for task in tasks { tallies[task.$leadDepartment.id, default: PlanProgressTally()].add(task.status(today: today)) }
        let statuses = WorkTaskStatus.allCases
        let rows: [[ReportTable.Cell]] = tallies.map { unitID, tally in
            let unit = unitByID[unitID]
            return [.text(unit.flatMap { communes[$0.$commune.id] } ?? ""), .text(unit?.name ?? "")] + statuses.map { .number(Double(tally.count($0))) }
                + [.number(Double(tally.total)), .text(TrainingCoverage.percentText(tally.onTimeRate))]
        }.sorted { ($0[0].text, $0[1].text) < ($1[0].text, $1[1].text) }
        return ReportTable(name: "Tien do ke hoach", title: "Tiến độ kế hoạch theo đơn vị chủ trì (đến \(today.vietnameseString))",
                           columns: ["Xã, phường", "Đơn vị chủ trì"] + statuses.map(\.vietnameseName) + ["Tổng số", "Tỷ lệ đúng hạn (đúng hạn ÷ đã đến hạn hoặc đã xong)"],
                           rows: rows)
    }

    /// Directives by progress in each commune.
    static func directives(_ req: Request) async throws -> ReportTable {
        let entries = try await InspectionController.directiveRows(req)
        let kinds: [DirectiveProgress] = [.unassigned, .inProgress, .done, .doneLate, .late]
        let byCommune = Dictionary(grouping: entries, by: \.row.communeName)
        let rows: [[ReportTable.Cell]] = byCommune.keys.sorted().map { commune in
            let own = byCommune[commune] ?? []
            return [.text(commune)] + kinds.map { kind in .number(Double(own.filter { $0.progress == kind }.count)) } + [.number(Double(own.count))]
        }
        return ReportTable(name: "Chi dao", title: "Chỉ đạo của tỉnh theo tình trạng", columns: ["Xã, phường"] + kinds.map(\.vietnameseName) + ["Tổng số"], rows: rows)
    }

    /// The occurrences of events in the coming months, with their preparation checklist done out of total.
    static func eventReadiness(_ req: Request) async throws -> ReportTable {
        let today = WorkPlanController.today(req)
        let end = today.adding(days: readinessHorizonDays) ?? today
        let events = try await req.tenant.query(CommuneEvent.self).all()
        let items = try await req.tenant.query(EventChecklistItem.self).all()
        let done = try await req.tenant.query(EventChecklistDone.self).filter(\.$occurrence >= today.isoString).all()
        let doneKeys = Set(done.map { "\($0.$item.id)|\($0.occurrence)" })
        let itemsByEvent = Dictionary(grouping: items, by: { $0.$event.id })
        let communes = try await TrainingController.communeNames(req)
        let units = try await req.tenant.query(Department.self).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit.name) } })
        let occurrences = EventController.occurrences(events, from: today).filter { $0.occurrence.date <= end }
        let rows: [[ReportTable.Cell]] = occurrences.map { entry in
            let own = entry.event.id.flatMap { itemsByEvent[$0] } ?? []
            let ready = own.filter { item in item.id.map { doneKeys.contains("\($0)|\(entry.occurrence.date.isoString)") } ?? false }.count
            return [.text(entry.occurrence.date.vietnameseString), .text(entry.event.title), .text(communes[entry.event.$commune.id] ?? ""),
                    .text(unitNames[entry.event.$department.id] ?? ""), .number(Double(ready)), .number(Double(own.count)),
                    .text(own.isEmpty ? "—" : TrainingCoverage.percentText(Double(ready) / Double(own.count)))]
        }
        return ReportTable(name: "Su kien", title: "Sự kiện trong 12 tháng tới và mức độ sẵn sàng",
                           columns: ["Ngày", "Sự kiện", "Xã, phường", "Đơn vị chịu trách nhiệm", "Việc chuẩn bị đã xong", "Tổng số việc chuẩn bị", "Tỷ lệ sẵn sàng"], rows: rows)
    }

    /// Training coverage per course and commune, then per commune, then overall.
    static func training(_ req: Request) async throws -> ReportTable {
        let coverage = try await TrainingCoverageController.coverage(req)
        let rows: [[ReportTable.Cell]] = (coverage.byCourse + coverage.byCommune + [coverage.overall]).map {
            [.text($0.course), .text($0.commune), .number(Double($0.required)), .number(Double($0.attended)), .number(Double($0.passed)), .text($0.attendedRate), .text($0.passedRate)]
        }
        return ReportTable(name: "Dao tao", title: "Mức độ bao phủ bồi dưỡng, tập huấn",
                           columns: ["Khoá học", "Xã, phường", "Số người phải tham dự", "Đã tham dự", "Đạt", "Tỷ lệ tham dự", "Tỷ lệ đạt"], rows: rows)
    }

    static func table(_ export: Export, _ req: Request) async throws -> ReportTable {
        switch export {
        case .plans: try await planProgress(req)
        case .directives: try await directives(req)
        case .events: try await eventReadiness(req)
        case .training: try await training(req)
        }
    }

    struct TableView: Encodable {
        let title: String
        let columns: [String]
        let rows: [[String]]
        let hasRows: Bool
        let csvPath: String
    }

    struct Page: Encodable {
        let page: PageContext
        let tables: [TableView]
    }

    /// `GET /cong-viec/bao-cao`: the four reports, each with its CSV.
    static func show(req: Request) async throws -> View {
        _ = try req.requireStaff()
        var tables: [TableView] = []
        for export in Export.allCases {
            let table = try await table(export, req)
            tables.append(TableView(title: table.title, columns: table.columns, rows: table.rows.map { $0.map(\.text) }, hasRows: !table.rows.isEmpty,
                                    csvPath: CommuneWorkURL.workReportExport(.value(export.fileName)).path))
        }
        return try await req.view.render("commune-work/reports", Page(page: try await PageContext.make(for: req, title: "Báo cáo công việc của xã"), tables: tables))
    }

    /// `GET /cong-viec/bao-cao/:exportName`: one report as CSV (UTF-8 with BOM; cells that could run as formulas are
    /// written as text).
    static func export(req: Request) async throws -> Response {
        _ = try req.requireStaff()
        guard let name = req.parameters.get(CommuneWorkURL.Key.exportName), let export = Export(fileName: name) else { throw AppError.notFound }
        let table = try await table(export, req)
        let response = Response(status: .ok, body: .init(string: ReportCSV.make([table])))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.setContentDisposition(.attachment, fileName: export.fileName)
        response.headers.add(name: .cacheControl, value: "private, no-store")
        return response
    }
}

extension ReportTable.Cell {
    /// The cell as a page shows it.
    var text: String {
        switch self {
        case .text(let text): text
        case .number(let value): value == value.rounded() ? String(Int(value)) : String(value)
        }
    }
}

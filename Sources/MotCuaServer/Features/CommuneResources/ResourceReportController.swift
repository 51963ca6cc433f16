import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The reports of commune resources: assets without a managing unit, budget execution, land clearance progress and
/// the investment pipeline, on a page and as CSV or XLSX; and each commune's figures on the province dashboard.
enum ResourceReportController {
    struct RowPage: Encodable {
        let cells: [String]
        let isFlagged: Bool
    }

    struct TablePage: Encodable {
        let title: String
        let columns: [String]
        let rows: [RowPage]
        let hasRows: Bool
    }

    struct Page: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let year: Int
        let years: [OrganisationController.Option]
        let tables: [TablePage]
        let csvPath: String
        let xlsxPath: String
        let actionPath: String
    }

    /// The report's tables for the communes and budget year, built once for the page and for the files.
    static func tables(communeIDs: [UUID], year: Int, today: CivilDate, on db: any Database) async throws -> (tables: [ReportTable], flagged: [[Bool]]) {
        let communes = try await Commune.query(on: db).filter(\.$id ~~ communeIDs).sort(\.$name).all()
        let names = Dictionary(uniqueKeysWithValues: communes.compactMap { commune in commune.id.map { ($0, commune.fullName) } })
        func name(_ id: UUID) -> String { names[id] ?? "" }

        let assets = try await PublicAsset.query(on: db).filter(\.$commune.$id ~~ communeIDs).filter(\.$managingUnit.$id == nil).sort(\.$code).all()
        let assetTable = ReportTable(name: "Tai san chua giao", title: "Tài sản chưa có đơn vị quản lý",
                                     columns: ["Xã, phường", "Mã tài sản", "Tên tài sản", "Loại", "Địa điểm", "Nguyên giá (đồng)"],
                                     rows: assets.sorted { (name($0.$commune.id), $0.code) < (name($1.$commune.id), $1.code) }.map {
                                         [.text(name($0.$commune.id)), .text($0.code), .text($0.name), .text($0.kind.vietnameseName), .text($0.location), .number(Double($0.originalValue))]
                                     })

        let estimates = try await BudgetEstimate.query(on: db).filter(\.$commune.$id ~~ communeIDs).filter(\.$year == year).all()
        let estimateIDs = estimates.compactMap(\.id)
        let lines = try await BudgetLine.query(on: db).filter(\.$commune.$id ~~ communeIDs).filter(\.$estimate.$id ~~ estimateIDs).all()
        let executions = try await BudgetExecution.query(on: db).filter(\.$commune.$id ~~ communeIDs).filter(\.$estimate.$id ~~ estimateIDs).all()
        var budgetRows: [[ReportTable.Cell]] = []
        var budgetFlags: [Bool] = []
        for estimate in estimates.sorted(by: { name($0.$commune.id) < name($1.$commune.id) }) {
            let own = lines.filter { $0.$estimate.id == estimate.id }.sorted { ($0.kind == .revenue ? 0 : 1, $0.position) < ($1.kind == .revenue ? 0 : 1, $1.position) }
            let (_, results) = BudgetController.execution(of: estimate, lines: own, executions: executions.filter { $0.$estimate.id == estimate.id }, today: today)
            for line in own {
                guard let id = line.id else { continue }
                let result = results[id]
                budgetRows.append([.text(name(estimate.$commune.id)), .text(line.kind.vietnameseName), .text("\(line.chapter)-\(line.item)"), .text(line.title),
                                   .number(Double(line.approvedAmount ?? 0)), .number(Double(result?.executed ?? 0)),
                                   .text(line.approvedAmount == nil ? "Chưa phê duyệt" : (result?.percentText ?? "—")),
                                   .text(result.map { $0.outlook.vietnameseName + ($0.runOutMonth.map { ", hết vào khoảng tháng \($0)" } ?? "") } ?? "")])
                budgetFlags.append(result?.outlook.isFlagged ?? false)
            }
        }
        let budgetTable = ReportTable(name: "Thuc hien du toan \(year)", title: "Thực hiện dự toán ngân sách năm \(year)",
                                      columns: ["Xã, phường", "Thu/Chi", "Mã chương-mục", "Nội dung", "Dự toán được duyệt (đồng)", "Thực hiện (đồng)", "Tỷ lệ thực hiện", "Đánh giá"],
                                      rows: budgetRows)

        let projects = try await ClearanceProject.query(on: db).filter(\.$commune.$id ~~ communeIDs).sort(\.$name).all()
        let households = try await ClearanceHousehold.query(on: db).filter(\.$commune.$id ~~ communeIDs).all()
        let clearanceTable = ReportTable(name: "Giai phong mat bang", title: "Tiến độ giải phóng mặt bằng",
                                         columns: ["Xã, phường", "Dự án", "Chủ đầu tư", "Số hộ", "Đã bàn giao", "Tỷ lệ hộ bàn giao", "Đang khiếu nại", "Bồi thường theo phương án (đồng)", "Đã chi trả (đồng)", "Tỷ lệ chi trả"],
                                         rows: projects.map { project in
                                             let own = households.filter { $0.$project.id == project.id }
                                             let progress = ClearanceController.progress(of: own)
                                             return [.text(name(project.$commune.id)), .text(project.name), .text(project.investor), .number(Double(own.count)),
                                                     .number(Double(progress.counts[.handedOver] ?? 0)), .text(progress.handedOverText), .number(Double(progress.counts[.complaint] ?? 0)),
                                                     .number(Double(progress.compensation)), .number(Double(progress.paid)), .text(progress.paidText)]
                                         })

        let investments = try await InvestmentProject.query(on: db).filter(\.$commune.$id ~~ communeIDs).all()
        let stageOrder = Dictionary(uniqueKeysWithValues: InvestmentStage.allCases.enumerated().map { ($1, $0) })
        let investmentTable = ReportTable(name: "Thu hut dau tu", title: "Danh mục thu hút đầu tư",
                                          columns: ["Xã, phường", "Dự án", "Nhà đầu tư", "Lĩnh vực", "Vốn đầu tư (đồng)", "Lao động", "Bước"],
                                          rows: investments.sorted { (name($0.$commune.id), stageOrder[$0.stage] ?? 0, $0.name) < (name($1.$commune.id), stageOrder[$1.stage] ?? 0, $1.name) }.map {
                                              [.text(name($0.$commune.id)), .text($0.name), .text($0.investor), .text($0.sector), .number(Double($0.capital)), .number(Double($0.jobs)), .text($0.stage.vietnameseName)]
                                          })
        let tables = [assetTable, budgetTable, clearanceTable, investmentTable]
        return (tables, [assetTable.rows.map { _ in false }, budgetFlags, clearanceTable.rows.map { _ in false }, investmentTable.rows.map { _ in false }])
    }

    static func year(_ req: Request) -> Int {
        let today = ResourcePages.today(req)
        guard let year = req.query[Int.self, at: "nam"], (2000...2100).contains(year) else { return today.year }
        return year
    }

    /// `GET /kinh-te-tai-chinh/bao-cao?nam=`.
    static func show(req: Request) async throws -> View {
        let duties = try req.resourceDuties()
        let year = year(req)
        let today = ResourcePages.today(req)
        let (tables, flags) = try await tables(communeIDs: Array(duties.staff.scope.communeIDs), year: year, today: today, on: req.db)
        return try await req.view.render("resources/report", Page(
            page: try await PageContext.make(for: req, title: "Báo cáo tài sản, ngân sách, kinh tế"), tabs: ResourcePages.tabs(req), year: year,
            years: ((today.year - 2)...(today.year + 1)).map { .init(value: String($0), label: "Năm \($0)", isSelected: $0 == year) },
            tables: tables.enumerated().map { index, table in
                TablePage(title: table.title, columns: table.columns, rows: table.rows.enumerated().map { row, cells in
                    RowPage(cells: cells.map(\.displayText), isFlagged: flags[index].indices.contains(row) && flags[index][row])
                }, hasRows: !table.rows.isEmpty)
            },
            csvPath: ResourcesURL.reportExport(.value("tai-chinh-kinh-te.csv")).path + "?nam=\(year)",
            xlsxPath: ResourcesURL.reportExport(.value("tai-chinh-kinh-te.xlsx")).path + "?nam=\(year)",
            actionPath: ResourcesURL.report.path
        ))
    }

    /// `GET /kinh-te-tai-chinh/bao-cao/tai-chinh-kinh-te.csv|.xlsx?nam=`.
    static func export(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let name = req.parameters.get(ResourcesURL.Key.exportName) ?? ""
        guard name == "tai-chinh-kinh-te.csv" || name == "tai-chinh-kinh-te.xlsx" else { throw AppError.notFound }
        let year = year(req)
        let (tables, _) = try await tables(communeIDs: Array(duties.staff.scope.communeIDs), year: year, today: ResourcePages.today(req), on: req.db)
        let response = Response(status: .ok)
        if name.hasSuffix(".csv") {
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            response.body = .init(string: ReportCSV.make(tables))
        } else {
            response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response.body = .init(data: Data(ReportXLSX.make(tables)))
        }
        response.headers.setContentDisposition(.attachment, fileName: "tai-chinh-kinh-te-\(year).\(name.hasSuffix(".csv") ? "csv" : "xlsx")")
        return response
    }

    /// The dashboard's table: for each commune shown, its assets, budget execution this year, land clearance and investment.
    @Sendable
    static func dashboardSection(communes: [Commune], period: ReportPeriod, db: any Database) async throws -> DashboardSection {
        let ids = communes.compactMap(\.id)
        let year = period.to.year
        let assets = try await PublicAsset.query(on: db).filter(\.$commune.$id ~~ ids).all()
        let estimates = try await BudgetEstimate.query(on: db).filter(\.$commune.$id ~~ ids).filter(\.$year == year).all()
        let lines = try await BudgetLine.query(on: db).filter(\.$commune.$id ~~ ids).filter(\.$estimate.$id ~~ estimates.compactMap(\.id)).all()
        let executions = try await BudgetExecution.query(on: db).filter(\.$commune.$id ~~ ids).filter(\.$estimate.$id ~~ estimates.compactMap(\.id)).all()
        let households = try await ClearanceHousehold.query(on: db).filter(\.$commune.$id ~~ ids).all()
        let investments = try await InvestmentProject.query(on: db).filter(\.$commune.$id ~~ ids).all()
        let executedByLine = Dictionary(grouping: executions, by: { $0.$line.id }).mapValues { Money.clampedSum($0.map(\.amount)) }
        let rows = communes.sorted { $0.name < $1.name }.map { commune -> [String] in
            let own = assets.filter { $0.$commune.id == commune.id }
            let ownLines = lines.filter { $0.$commune.id == commune.id && $0.approvedAmount != nil }
            func execution(_ kind: BudgetLineKind) -> String {
                let ofKind = ownLines.filter { $0.kind == kind }
                let approved = Money.clampedSum(ofKind.compactMap(\.approvedAmount))
                let executed = Money.clampedSum(ofKind.compactMap { $0.id.flatMap { executedByLine[$0] } })
                return ofKind.isEmpty ? "Chưa có dự toán duyệt" : "\(VND.format(executed)) / \(VND.format(approved)) (\(Money.percentText(executed, of: approved)))"
            }
            let ownHouseholds = households.filter { $0.$commune.id == commune.id }
            let live = investments.filter { $0.$commune.id == commune.id && $0.stage.isLive }
            return [commune.fullName, "\(own.count)", "\(own.filter { $0.$managingUnit.id == nil }.count)", execution(.revenue), execution(.expenditure),
                    ownHouseholds.isEmpty ? "—" : "\(ownHouseholds.filter { $0.status == .handedOver }.count)/\(ownHouseholds.count) hộ",
                    "\(live.count) dự án, \(VND.format(Money.clampedSum(live.map(\.capital))))"]
        }
        return DashboardSection(title: "Tài sản, ngân sách năm \(year), giải phóng mặt bằng, đầu tư",
                                columns: ["Xã, phường", "Tài sản công", "Chưa có đơn vị quản lý", "Thu ngân sách (thực hiện / dự toán)", "Chi ngân sách (thực hiện / dự toán)", "GPMB đã bàn giao", "Dự án đầu tư đang theo dõi"],
                                rows: rows, linkPath: ResourcesURL.report.path + "?nam=\(year)", linkLabel: "Xem báo cáo tài sản, ngân sách, kinh tế", linkAccess: .communeResources)
    }
}

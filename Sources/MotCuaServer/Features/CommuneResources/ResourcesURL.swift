import Foundation
import Vapor

/// The pages of commune resources and economy, under `/kinh-te-tai-chinh`.
enum ResourcesURL: SitePath, Sendable {
    case home
    case assets
    case assetImport
    case asset(Parameter<UUID>)
    case assetTransfer(Parameter<UUID>)
    case transfers
    case transferDecision(Parameter<UUID>)
    case reviews
    case review(Parameter<UUID>)
    case reviewMark(Parameter<UUID>, Parameter<UUID>)
    case reviewClose(Parameter<UUID>)
    case budgets
    case budget(Parameter<UUID>)
    case budgetLines(Parameter<UUID>)
    case budgetAction(Parameter<UUID>)
    case budgetApproval(Parameter<UUID>)
    case budgetExecution(Parameter<UUID>)
    case clearanceProjects
    case clearanceProject(Parameter<UUID>)
    case clearanceHouseholds(Parameter<UUID>)
    case clearanceHousehold(Parameter<UUID>)
    case investments
    case investment(Parameter<UUID>)
    case report
    case reportExport(Parameter<String>)

    enum Key {
        static let assetID = "assetID"
        static let transferID = "transferID"
        static let reviewID = "reviewID"
        static let estimateID = "estimateID"
        static let projectID = "projectID"
        static let householdID = "householdID"
        static let investmentID = "investmentID"
        static let exportName = "exportName"
    }

    var segments: [String] {
        let root = "kinh-te-tai-chinh"
        switch self {
        case .home: return [root]
        case .assets: return [root, "tai-san"]
        case .assetImport: return [root, "tai-san", "nhap-csv"]
        case .asset(let id): return [root, "tai-san", id.segment(named: Key.assetID)]
        case .assetTransfer(let id): return [root, "tai-san", id.segment(named: Key.assetID), "dieu-chuyen"]
        case .transfers: return [root, "dieu-chuyen"]
        case .transferDecision(let id): return [root, "dieu-chuyen", id.segment(named: Key.transferID)]
        case .reviews: return [root, "ra-soat"]
        case .review(let id): return [root, "ra-soat", id.segment(named: Key.reviewID)]
        case .reviewMark(let review, let asset): return [root, "ra-soat", review.segment(named: Key.reviewID), "tai-san", asset.segment(named: Key.assetID)]
        case .reviewClose(let id): return [root, "ra-soat", id.segment(named: Key.reviewID), "ket-thuc"]
        case .budgets: return [root, "ngan-sach"]
        case .budget(let id): return [root, "ngan-sach", id.segment(named: Key.estimateID)]
        case .budgetLines(let id): return [root, "ngan-sach", id.segment(named: Key.estimateID), "dong"]
        case .budgetAction(let id): return [root, "ngan-sach", id.segment(named: Key.estimateID), "thao-tac"]
        case .budgetApproval(let id): return [root, "ngan-sach", id.segment(named: Key.estimateID), "phe-duyet"]
        case .budgetExecution(let id): return [root, "ngan-sach", id.segment(named: Key.estimateID), "thuc-hien"]
        case .clearanceProjects: return [root, "giai-phong-mat-bang"]
        case .clearanceProject(let id): return [root, "giai-phong-mat-bang", id.segment(named: Key.projectID)]
        case .clearanceHouseholds(let id): return [root, "giai-phong-mat-bang", id.segment(named: Key.projectID), "ho"]
        case .clearanceHousehold(let id): return [root, "giai-phong-mat-bang", "ho", id.segment(named: Key.householdID)]
        case .investments: return [root, "dau-tu"]
        case .investment(let id): return [root, "dau-tu", id.segment(named: Key.investmentID)]
        case .report: return [root, "bao-cao"]
        case .reportExport(let name): return [root, "bao-cao", name.segment(named: Key.exportName)]
        }
    }
}

/// Registers the pages of commune resources and economy; called once from `routes(_:)`.
func communeResourcesRoutes(_ app: Application) {
    app.get(ResourcesURL.home.pathComponents, use: ResourcesHome.show)
    app.get(ResourcesURL.assets.pathComponents, use: AssetController.list)
    app.post(ResourcesURL.assets.pathComponents, use: AssetController.create)
    app.on(.POST, ResourcesURL.assetImport.pathComponents, body: .collect(maxSize: BodyLimit.standard), use: AssetController.importCSV)
    app.get(ResourcesURL.asset(.key).pathComponents, use: AssetController.show)
    app.post(ResourcesURL.asset(.key).pathComponents, use: AssetController.update)
    app.post(ResourcesURL.assetTransfer(.key).pathComponents, use: AssetController.transfer)
    app.get(ResourcesURL.transfers.pathComponents, use: AssetController.transfers)
    app.post(ResourcesURL.transferDecision(.key).pathComponents, use: AssetController.decideTransfer)
    app.get(ResourcesURL.reviews.pathComponents, use: AssetReviewController.list)
    app.post(ResourcesURL.reviews.pathComponents, use: AssetReviewController.start)
    app.get(ResourcesURL.review(.key).pathComponents, use: AssetReviewController.show)
    app.post(ResourcesURL.reviewMark(.key, .key).pathComponents, use: AssetReviewController.mark)
    app.post(ResourcesURL.reviewClose(.key).pathComponents, use: AssetReviewController.close)
    app.get(ResourcesURL.budgets.pathComponents, use: BudgetController.list)
    app.post(ResourcesURL.budgets.pathComponents, use: BudgetController.create)
    app.get(ResourcesURL.budget(.key).pathComponents, use: BudgetController.show)
    app.post(ResourcesURL.budgetLines(.key).pathComponents, use: BudgetController.addLine)
    app.post(ResourcesURL.budgetAction(.key).pathComponents, use: BudgetController.act)
    app.post(ResourcesURL.budgetApproval(.key).pathComponents, use: BudgetController.approve)
    app.post(ResourcesURL.budgetExecution(.key).pathComponents, use: BudgetController.recordExecution)
    app.get(ResourcesURL.clearanceProjects.pathComponents, use: ClearanceController.list)
    app.post(ResourcesURL.clearanceProjects.pathComponents, use: ClearanceController.create)
    app.get(ResourcesURL.clearanceProject(.key).pathComponents, use: ClearanceController.show)
    app.post(ResourcesURL.clearanceHouseholds(.key).pathComponents, use: ClearanceController.addHousehold)
    app.post(ResourcesURL.clearanceHousehold(.key).pathComponents, use: ClearanceController.updateHousehold)
    app.get(ResourcesURL.investments.pathComponents, use: InvestmentController.list)
    app.post(ResourcesURL.investments.pathComponents, use: InvestmentController.create)
    app.post(ResourcesURL.investment(.key).pathComponents, use: InvestmentController.update)
    app.get(ResourcesURL.report.pathComponents, use: ResourceReportController.show)
    app.get(ResourcesURL.reportExport(.key).pathComponents, use: ResourceReportController.export)
    app.reportDashboardSections.append(ResourceReportController.dashboardSection)
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Who may do what with the commune's resources, from the officer's roles and unit.
///
/// The commune office (Văn phòng HĐND–UBND) keeps the asset register, drafts the budget and records spending; the
/// leader approves the budget; the economy department (Phòng Kinh tế) handles land clearance, investment and revenue
/// collection; the province sees every commune and approves transfers between communes.
struct ResourceDuties {
    let staff: StaffIdentity

    var isCommuneOffice: Bool {
        staff.communeID != nil && staff.departmentKind == .officeOfCouncilAndCommittee && staff.hasAny([.departmentHead, .specialist])
    }
    var isLeader: Bool { staff.communeID != nil && staff.has(.communeLeader) }
    var isEconomy: Bool { staff.communeID != nil && staff.departmentKind == .economy && staff.hasAny([.departmentHead, .specialist]) }
    var isProvince: Bool { staff.scope.isProvinceWide }

    /// Whether the officer may read these pages at all.
    var mayView: Bool { isCommuneOffice || isLeader || isEconomy || isProvince || (staff.communeID != nil && staff.has(.systemAdministrator)) }
    var managesAssets: Bool { isCommuneOffice || isLeader }
    var approvesInterCommuneTransfers: Bool { isProvince && staff.hasAny([.provinceOffice, .systemAdministrator]) }
    var budgetActor: BudgetActor { isCommuneOffice ? .communeOffice : (isLeader ? .communeLeader : .other) }
    /// Whether the officer records execution on a line of this kind: spending by the office, revenue by the economy
    /// department (which follows collection) or the office.
    func recordsExecution(of kind: BudgetLineKind) -> Bool {
        kind == .expenditure ? isCommuneOffice : (isEconomy || isCommuneOffice)
    }
    var handlesEconomy: Bool { isEconomy || isLeader }
}

extension PageAccess {
    /// The commune resources pages and their report (`/kinh-te-tai-chinh/…`).
    static let communeResources = PageAccess { ResourceDuties(staff: $0).mayView }
}

extension Request {
    /// The duties of the signed-in officer, or a 403 when they may not see commune resources.
    func resourceDuties() throws -> ResourceDuties {
        ResourceDuties(staff: try requireAccess(.communeResources))
    }
}

/// Small helpers shared by the resource pages.
enum ResourcePages {
    /// The names of the communes in the scope, by id, for the province's lists.
    static func communeNames(_ req: Request) async throws -> [UUID: String] {
        let staff = try req.requireStaff()
        let communes = try await Commune.query(on: req.db).filter(\.$id ~~ Array(staff.scope.communeIDs)).all()
        return Dictionary(uniqueKeysWithValues: communes.compactMap { commune in commune.id.map { ($0, commune.fullName) } })
    }

    /// The active units of a commune, sorted by name.
    static func units(of communeID: UUID, on db: any Database) async throws -> [Department] {
        try await Department.query(on: db).filter(\.$commune.$id == communeID).filter(\.$isActive == true).sort(\.$name).all()
    }

    /// Today in Vietnam.
    static func today(_ req: Request) -> CivilDate { LocalDateTime(req.now)?.date ?? CivilDate(year: 2026, month: 1, day: 1)! }

    /// Renders a page with a status (422 for refused input).
    static func render(_ req: Request, _ template: String, _ context: some Encodable, status: HTTPResponseStatus = .ok) async throws -> Response {
        let view = try await req.view.render(template, context)
        return try await view.encodeResponse(status: status, for: req)
    }

    /// The tabs of the section.
    static func tabs(_ req: Request) -> [NavigationLink] {
        let current = req.url.path
        return [("Tài sản công", ResourcesURL.assets), ("Rà soát", ResourcesURL.reviews), ("Điều chuyển", ResourcesURL.transfers),
                ("Dự toán ngân sách", ResourcesURL.budgets), ("Giải phóng mặt bằng", ResourcesURL.clearanceProjects),
                ("Thu hút đầu tư", ResourcesURL.investments), ("Báo cáo", ResourcesURL.report)].map { label, url in
            NavigationLink(label: label, href: url.path, isCurrent: current == url.path || current.hasPrefix(url.path + "/"))
        }
    }
}

/// `GET /kinh-te-tai-chinh`: sends the officer to the first page of the section.
enum ResourcesHome {
    static func show(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let target: ResourcesURL = duties.isEconomy ? .clearanceProjects : (duties.isProvince ? .report : .assets)
        return req.redirect(to: target.path)
    }
}

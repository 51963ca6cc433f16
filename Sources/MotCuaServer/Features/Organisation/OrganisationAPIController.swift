import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The organisation's JSON API, scoped to the communes of the bearer of the token.
enum OrganisationAPIController {
    struct Me: Content {
        let id: UUID
        let username: String
        let fullName: String
        let roles: [String]
        let communeID: UUID?
        let departmentID: UUID?
        let visibleCommuneIDs: [UUID]
    }

    static func me(req: Request) async throws -> Me {
        let staff = try req.requireStaff()
        return Me(
            id: staff.officerID, username: staff.username, fullName: staff.fullName, roles: staff.roles.sorted().map(\.rawValue),
            communeID: staff.communeID, departmentID: staff.departmentID, visibleCommuneIDs: staff.scope.communeIDs.sorted { $0.uuidString < $1.uuidString }
        )
    }

    struct CommuneItem: Content {
        let id: UUID
        let name: String
        let kind: String
        let slug: String
        let agencyIdentifier: String
        let webDomain: String?
    }

    static func communes(req: Request) async throws -> [CommuneItem] {
        let staff = try req.requireStaff()
        return try await OrganisationController.query(on: req.db, scope: staff.scope).map {
            CommuneItem(id: try $0.requireID(), name: $0.fullName, kind: $0.kind.rawValue, slug: $0.slug, agencyIdentifier: $0.agencyIdentifier, webDomain: $0.webDomain)
        }
    }

    struct DepartmentItem: Content {
        let id: UUID
        let communeID: UUID
        let name: String
        let kind: String
        let isActive: Bool
    }

    static func departments(req: Request) async throws -> [DepartmentItem] {
        var query = try req.tenant.query(Department.self)
        if let communeID = try communeFilter(req) { query = query.filter(\.$commune.$id == communeID) }
        return try await query.sort(\.$name).all().map(departmentItem)
    }

    static func department(req: Request) async throws -> DepartmentItem {
        try departmentItem(await req.tenant.find(Department.self, req.uuidParameter(SiteURL.Key.departmentID)))
    }

    private static func departmentItem(_ department: Department) throws -> DepartmentItem {
        DepartmentItem(id: try department.requireID(), communeID: department.$commune.id, name: department.name, kind: department.kind.rawValue, isActive: department.isActive)
    }

    struct OfficerItem: Content {
        let id: UUID
        let username: String
        let fullName: String
        let jobTitle: String?
        let communeID: UUID?
        let departmentID: UUID?
        let roles: [String]
        let isActive: Bool
    }

    static func officers(req: Request) async throws -> [OfficerItem] {
        var query = try req.tenant.query(Officer.self)
        if let communeID = try communeFilter(req) { query = query.filter(\.$commune.$id == communeID) }
        return try await query.sort(\.$username).all().map(officerItem)
    }

    static func officer(req: Request) async throws -> OfficerItem {
        try officerItem(await req.tenant.find(Officer.self, req.uuidParameter(SiteURL.Key.officerID)))
    }

    private static func officerItem(_ officer: Officer) throws -> OfficerItem {
        OfficerItem(
            id: try officer.requireID(), username: officer.username, fullName: officer.fullName, jobTitle: officer.jobTitle,
            communeID: officer.$commune.id, departmentID: officer.$department.id, roles: officer.roleNames, isActive: officer.isActive
        )
    }

    /// The `commune` query parameter: 400 when malformed, 404 when outside the caller's scope.
    private static func communeFilter(_ req: Request) throws -> UUID? {
        guard let raw = req.query[String.self, at: "commune"] else { return nil }
        guard let id = UUID(uuidString: raw) else { throw AppError.badRequest("Tham số commune phải là mã UUID của xã.") }
        try req.tenant.requireCommune(id)
        return id
    }
}

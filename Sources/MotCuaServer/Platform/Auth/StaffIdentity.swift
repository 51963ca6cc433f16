import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Who is signed in for this request, with the communes they may see.
struct StaffIdentity: Sendable {
    let officerID: UUID
    let username: String
    let fullName: String
    let roles: Set<Role>
    let provinceID: UUID
    let communeID: UUID?
    let departmentID: UUID?
    /// The kind of the officer's unit, so that e.g. the commune police's pages can recognise their own officers.
    let departmentKind: DepartmentKind?
    let scope: TenantScope
    let tokenID: UUID
    let tokenKind: AccessToken.Kind

    /// The role whose home page and label the officer sees first.
    var primaryRole: Role { roles.min() ?? .specialist }

    func has(_ role: Role) -> Bool { roles.contains(role) }

    func hasAny(_ wanted: Set<Role>) -> Bool { !roles.isDisjoint(with: wanted) }

    /// Whether the officer keeps the commune police's duty roster: a police officer, a leader or the administrator.
    var keepsDutyRoster: Bool {
        communeID != nil && (departmentKind == .police || hasAny([.communeLeader, .systemAdministrator]))
    }

    /// Whether the officer administers the whole province rather than one commune.
    var isProvinceAdministrator: Bool { has(.systemAdministrator) && communeID == nil }

    /// Builds the identity of an officer, looking up the communes of the province for a province-wide scope.
    static func load(officer: Officer, token: AccessToken, on database: any Database) async throws -> StaffIdentity {
        let officerID = try officer.requireID()
        let scope: TenantScope
        if let communeID = officer.$commune.id {
            scope = .commune(provinceID: officer.$province.id, communeID: communeID)
        } else {
            let communeIDs = try await Commune.query(on: database)
                .filter(\.$province.$id == officer.$province.id)
                .all(\.$id)
            scope = .province(provinceID: officer.$province.id, communeIDs: Set(communeIDs))
        }
        let departmentKind = try await officer.$department.id.asyncMap { try await Department.find($0, on: database)?.kind } ?? nil
        return StaffIdentity(
            officerID: officerID, username: officer.username, fullName: officer.fullName, roles: officer.roles,
            provinceID: officer.$province.id, communeID: officer.$commune.id, departmentID: officer.$department.id,
            departmentKind: departmentKind, scope: scope, tokenID: try token.requireID(), tokenKind: token.kind
        )
    }
}

extension Request {
    private struct StaffKey: StorageKey { typealias Value = StaffIdentity }

    /// The signed-in officer, if any.
    var staff: StaffIdentity? {
        get { storage[StaffKey.self] }
        set { storage[StaffKey.self] = newValue }
    }

    /// The signed-in officer, or a 401.
    func requireStaff() throws -> StaffIdentity {
        guard let staff else { throw AppError.signInRequired }
        return staff
    }

    /// The signed-in administrator of the whole province (not of one commune), or a 401/403.
    @discardableResult
    func requireProvinceAdministrator() throws -> StaffIdentity {
        let staff = try requireRole(.systemAdministrator)
        guard staff.isProvinceAdministrator else { throw AppError.forbidden }
        return staff
    }

    /// The signed-in officer holding one of the roles, or a 401/403.
    @discardableResult
    func requireRole(_ roles: Role...) throws -> StaffIdentity {
        let staff = try requireStaff()
        guard staff.hasAny(Set(roles)) else { throw AppError.forbidden }
        return staff
    }
}

/// Reads the session cookie or the bearer token and, when valid, sets `request.staff`.
struct StaffAuthenticator: AsyncMiddleware {
    static let sessionCookieName = "motcua_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // The metrics scraper's bearer token is `MOTCUA_METRICS_TOKEN`, not an officer's; `/metrics` checks it itself.
        if request.url.path == SiteURL.metrics.path {
            return try await next.respond(to: request)
        }
        if let bearer = request.headers.bearerAuthorization?.token {
            request.staff = try await identity(secret: bearer, kind: .api, request: request)
            if request.staff == nil {
                throw AppError(status: .unauthorized, code: "unauthorized", message: "Mã truy cập không hợp lệ hoặc đã hết hạn.")
            }
        } else if let secret = request.cookies[Self.sessionCookieName]?.string, Self.acceptsSessionCookie(request) {
            request.staff = try await identity(secret: secret, kind: .browserSession, request: request)
        }
        return try await next.respond(to: request)
    }

    /// Whether the browser session may authenticate this request.
    ///
    /// The API has no CSRF token (its clients are programs with bearer tokens), and a browser attaches the session
    /// cookie to a cross-site form post by itself; so under `/api/` the cookie counts for reading only, and every
    /// request that changes state must carry `Authorization: Bearer`.
    static func acceptsSessionCookie(_ request: Request) -> Bool {
        guard request.url.path.hasPrefix("/api/") else { return true }
        return [.GET, .HEAD].contains(request.method)
    }

    private func identity(secret: String, kind: AccessToken.Kind, request: Request) async throws -> StaffIdentity? {
        let now = request.now
        guard let token = try await AccessToken.query(on: request.db)
            .filter(\.$tokenHash == AccessToken.hash(secret))
            .filter(\.$kind == kind)
            .with(\.$officer)
            .first()
        else { return nil }
        guard token.expiresAt > now, token.officer.isActive else { return nil }
        if kind == .browserSession {
            guard now.timeIntervalSince(token.lastUsedAt) < AccessToken.browserSessionIdleLimit else { return nil }
            // Touch the session only now and then, so that reading pages does not turn into a write each time.
            if now.timeIntervalSince(token.lastUsedAt) > 300 {
                token.lastUsedAt = now
                try await request.writeTransaction { db in try await token.save(on: db) }
            }
        }
        return try await StaffIdentity.load(officer: token.officer, token: token, on: request.db)
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// A model whose rows are visible to some tenant scopes only; every query of it goes through the tenant door.
protocol TenantScoped: Model where IDValue == UUID {
    /// Narrows a query to the rows the scope may see.
    static func restrict(_ query: QueryBuilder<Self>, to scope: TenantScope) -> QueryBuilder<Self>
    /// Whether one loaded row lies inside the scope.
    func isVisible(in scope: TenantScope) -> Bool
}

/// A model whose every row belongs to one commune, named in one column.
protocol CommuneOwned: TenantScoped {
    /// The column that names the row's commune.
    static var communeIDField: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

extension CommuneOwned {
    static func restrict(_ query: QueryBuilder<Self>, to scope: TenantScope) -> QueryBuilder<Self> {
        query.filter(communeIDField ~~ Array(scope.communeIDs))
    }

    func isVisible(in scope: TenantScope) -> Bool {
        scope.contains(communeID: self[keyPath: Self.communeIDField].value ?? UUID())
    }
}

/// The one door to commune-owned data for a request: queries come out already narrowed to the user's communes.
struct Tenant: Sendable {
    let scope: TenantScope
    let database: any Database

    /// A query of `model` that sees only rows of the scope's communes.
    func query<M: TenantScoped>(_ model: M.Type) -> QueryBuilder<M> {
        M.restrict(M.query(on: database), to: scope)
    }

    /// The row with this id, or a 404 when it does not exist or lies outside the scope.
    ///
    /// Outside rows answer 404, not 403, so that ids of other communes cannot be probed.
    func find<M: TenantScoped>(_ model: M.Type, _ id: UUID?) async throws -> M {
        guard let id, let row = try await query(model).filter(\._$id == id).first() else {
            throw AppError.notFound
        }
        return row
    }

    /// Whether the scope covers the commune; use before creating rows in it.
    func requireCommune(_ communeID: UUID) throws {
        guard scope.contains(communeID: communeID) else { throw AppError.notFound }
    }
}

extension Request {
    /// The tenant door of the signed-in user; fails with 401 when nobody is signed in.
    var tenant: Tenant {
        get throws {
            let staff = try requireStaff()
            return Tenant(scope: staff.scope, database: db)
        }
    }
}

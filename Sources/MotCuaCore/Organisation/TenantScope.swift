import Foundation

/// The communes whose data a signed-in officer may see: their own commune, or every commune of their province.
public enum TenantScope: Sendable, Equatable {
    /// A province officer: every commune of the province.
    case province(provinceID: UUID, communeIDs: Set<UUID>)
    /// A commune officer: that commune only.
    case commune(provinceID: UUID, communeID: UUID)

    /// The communes this scope lets a query touch.
    public var communeIDs: Set<UUID> {
        switch self {
        case .province(_, let communeIDs): communeIDs
        case .commune(_, let communeID): [communeID]
        }
    }

    /// The province the scope lies in.
    public var provinceID: UUID {
        switch self {
        case .province(let provinceID, _), .commune(let provinceID, _): provinceID
        }
    }

    /// Whether the scope covers the whole province.
    public var isProvinceWide: Bool {
        if case .province = self { return true }
        return false
    }

    /// Whether data of the given commune is visible in this scope.
    public func contains(communeID: UUID) -> Bool {
        communeIDs.contains(communeID)
    }
}

import Fluent
import Foundation
import MotCuaCore

/// The kind of a commune-level unit.
enum CommuneKind: String, Codable, CaseIterable, Sendable {
    case xa
    case phuong
    case dacKhu = "dac_khu"

    var vietnameseName: String {
        switch self {
        case .xa: "Xã"
        case .phuong: "Phường"
        case .dacKhu: "Đặc khu"
        }
    }
}

/// The kind of a unit inside a commune, so that features can find "the economy department" without guessing by name.
enum DepartmentKind: String, Codable, CaseIterable, Sendable {
    case officeOfCouncilAndCommittee = "office"
    case economy
    case cultureAndSociety = "culture_society"
    case serviceCenter = "service_center"
    case police
    case other

    var vietnameseName: String {
        switch self {
        case .officeOfCouncilAndCommittee: "Văn phòng HĐND–UBND"
        case .economy: "Phòng Kinh tế"
        case .cultureAndSociety: "Phòng Văn hoá – Xã hội"
        case .serviceCenter: "Trung tâm Phục vụ hành chính công"
        case .police: "Công an xã"
        case .other: "Đơn vị khác"
        }
    }
}

/// A province: one MotCua deployment serves one.
final class Province: Model, @unchecked Sendable {
    static let schema = "provinces"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String

    init() {}

    init(id: UUID? = nil, code: String, name: String) {
        self.id = id
        self.code = code
        self.name = name
    }
}

/// A commune, ward or special zone: the tenant whose data only its own officers and the province see.
final class Commune: Model, @unchecked Sendable {
    static let schema = "communes"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "name") var name: String
    @Enum(key: "kind") var kind: CommuneKind
    /// The short name used in web addresses, e.g. `phung-cong`.
    @Field(key: "slug") var slug: String
    /// The agency's electronic identifier, the first part of every dossier code (TT 03/2025 art. 13).
    @Field(key: "agency_identifier") var agencyIdentifier: String
    /// The commune's web domain; Open311 uses it as `jurisdiction_id`.
    @OptionalField(key: "web_domain") var webDomain: String?
    @OptionalField(key: "address") var address: String?
    /// The service center's opening hours, as posted at its door.
    @Field(key: "service_hours") var serviceHours: String
    @Field(key: "is_active") var isActive: Bool

    // relationships
    @Parent(key: "province_id") var province: Province

    init() {}

    init(id: UUID? = nil, provinceID: UUID, name: String, kind: CommuneKind, slug: String, agencyIdentifier: String, webDomain: String? = nil, address: String? = nil) {
        self.id = id
        self.$province.id = provinceID
        self.name = name
        self.kind = kind
        self.slug = slug
        self.agencyIdentifier = agencyIdentifier
        self.webDomain = webDomain
        self.address = address
        self.serviceHours = Self.defaultServiceHours
        self.isActive = true
    }

    /// The usual hours of a commune's service center: office hours, Monday to Friday.
    static let defaultServiceHours = "Thứ Hai đến thứ Sáu (trừ ngày nghỉ lễ): sáng 7:30–11:30, chiều 13:30–17:00"

    /// The name with its kind, e.g. "Xã Phụng Công".
    var fullName: String { "\(kind.vietnameseName) \(name)" }
}

/// A unit of a commune: a specialist department, the service center or the commune police.
final class Department: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "departments"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "name") var name: String
    @Enum(key: "kind") var kind: DepartmentKind
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "is_active") var isActive: Bool

    // relationships
    @Parent(key: "commune_id") var commune: Commune

    init() {}

    init(id: UUID? = nil, communeID: UUID, name: String, kind: DepartmentKind, phone: String? = nil) {
        self.id = id
        self.$commune.id = communeID
        self.name = name
        self.kind = kind
        self.phone = phone
        self.isActive = true
    }

    static var communeIDField: KeyPath<Department, FieldProperty<Department, UUID>> { \.$commune.$id }
}

/// A staff member of a commune or of the province, who signs in and holds roles.
final class Officer: Model, TenantScoped, @unchecked Sendable {
    static let schema = "officers"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "username") var username: String
    @Field(key: "full_name") var fullName: String
    @OptionalField(key: "job_title") var jobTitle: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "roles") var roleNames: [String]
    @Field(key: "password_hash") var passwordHash: String
    // The account lock of old, no longer written: sign-in waits belong to a client address (`SignInThrottle`), so
    // that nobody can lock an officer out from elsewhere.
    @Field(key: "failed_sign_ins") var failedSignIns: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "password_changed_at") var passwordChangedAt: Date?
    @Field(key: "is_active") var isActive: Bool

    // relationships
    @Parent(key: "province_id") var province: Province
    /// The commune the officer works for; `nil` for province staff.
    @OptionalParent(key: "commune_id") var commune: Commune?
    @OptionalParent(key: "department_id") var department: Department?

    init() {}

    init(id: UUID? = nil, provinceID: UUID, communeID: UUID?, departmentID: UUID?, username: String, fullName: String,
         jobTitle: String? = nil, email: String? = nil, phone: String? = nil, roles: Set<Role>, passwordHash: String) {
        self.id = id
        self.$province.id = provinceID
        self.$commune.id = communeID
        self.$department.id = departmentID
        self.username = username
        self.fullName = fullName
        self.jobTitle = jobTitle
        self.email = email
        self.phone = phone
        self.roleNames = roles.sorted().map(\.rawValue)
        self.passwordHash = passwordHash
        self.failedSignIns = 0
        self.isActive = true
    }

    /// The roles the officer holds; unknown stored names are ignored rather than trusted.
    var roles: Set<Role> {
        get { Set(roleNames.compactMap(Role.init(rawValue:))) }
        set { roleNames = newValue.sorted().map(\.rawValue) }
    }

    /// The refusal of an officer named in a form who is not an active officer of the commune; it names no one, so
    /// that identifiers of other communes' officers cannot be turned into names.
    static let notInCommuneMessage = "Không tìm thấy cán bộ này trong xã; chỉ chọn được cán bộ đang làm việc của xã."

    /// The active officer with this id in the commune, or `nil` whether the id is unknown or belongs elsewhere.
    static func active(_ id: UUID, inCommune communeID: UUID, on database: any Database) async throws -> Officer? {
        try await Officer.query(on: database).filter(\.$id == id).filter(\.$commune.$id == communeID).filter(\.$isActive == true).first()
    }

    /// Officers of a commune are scoped by their commune; province staff are visible only to province-wide scopes.
    static func restrict(_ query: QueryBuilder<Officer>, to scope: TenantScope) -> QueryBuilder<Officer> {
        let communeIDs = Array(scope.communeIDs)
        if scope.isProvinceWide {
            let provinceID = scope.provinceID
            return query.group(.or) { group in
                group.filter(\.$commune.$id ~~ communeIDs)
                group.group(.and) { provinceStaff in
                    provinceStaff.filter(\.$commune.$id == nil).filter(\.$province.$id == provinceID)
                }
            }
        }
        return query.filter(\.$commune.$id ~~ communeIDs)
    }

    func isVisible(in scope: TenantScope) -> Bool {
        if let communeID = $commune.id { return scope.contains(communeID: communeID) }
        return scope.isProvinceWide && $province.id == scope.provinceID
    }
}

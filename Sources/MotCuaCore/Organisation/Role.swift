/// The roles an officer can hold; the raw values are what the database and the API store.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case systemAdministrator = "system_administrator"
    case provinceOffice = "province_office"
    case communeLeader = "commune_leader"
    case departmentHead = "department_head"
    case specialist = "specialist"
    case counterOfficer = "counter_officer"

    /// The Vietnamese name shown to users.
    public var vietnameseName: String {
        switch self {
        case .systemAdministrator: "Quản trị hệ thống"
        case .provinceOffice: "Văn phòng UBND tỉnh"
        case .communeLeader: "Lãnh đạo UBND xã"
        case .departmentHead: "Trưởng phòng"
        case .specialist: "Chuyên viên"
        case .counterOfficer: "Cán bộ tiếp nhận, trả kết quả"
        }
    }

    /// Whether an officer with this role works for the province rather than for one commune.
    ///
    /// A system administrator may sit at either level, so it is not a province-only role.
    public var isProvinceOnly: Bool { self == .provinceOffice }

    /// Whether an officer with this role must belong to a commune.
    public var requiresCommune: Bool {
        switch self {
        case .communeLeader, .departmentHead, .specialist, .counterOfficer: true
        case .systemAdministrator, .provinceOffice: false
        }
    }

    /// Whether an officer with this role must belong to a department of their commune.
    public var requiresDepartment: Bool {
        self == .departmentHead || self == .specialist
    }

    /// Order of precedence, used to pick the role whose home page an officer lands on.
    private var precedence: Int {
        switch self {
        case .systemAdministrator: 0
        case .provinceOffice: 1
        case .communeLeader: 2
        case .departmentHead: 3
        case .specialist: 4
        case .counterOfficer: 5
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.precedence < rhs.precedence }
}

/// Checks a set of roles against where an officer sits, returning a Vietnamese reason when they do not fit.
public enum RoleAssignmentRule {
    /// Returns the problem with giving `roles` to an officer placed at the province or in a commune and department, or `nil` when they fit.
    public static func problem(roles: Set<Role>, belongsToCommune: Bool, belongsToDepartment: Bool) -> String? {
        if roles.isEmpty { return "Cán bộ phải có ít nhất một vai trò." }
        if belongsToCommune, let provinceRole = roles.first(where: \.isProvinceOnly) {
            return "Vai trò \"\(provinceRole.vietnameseName)\" chỉ dành cho cán bộ cấp tỉnh."
        }
        if !belongsToCommune, let communeRole = roles.sorted().first(where: \.requiresCommune) {
            return "Vai trò \"\(communeRole.vietnameseName)\" chỉ dành cho cán bộ của một xã."
        }
        if !belongsToDepartment, let departmentRole = roles.sorted().first(where: \.requiresDepartment) {
            return "Vai trò \"\(departmentRole.vietnameseName)\" cần chọn phòng chuyên môn."
        }
        return nil
    }
}

import Foundation
import MotCuaCore
import Testing

@Suite("Sign-in lockout")
struct SignInLockoutTests {
    let start = Date(timeIntervalSince1970: 1_780_000_000)

    @Test("the fifth failure in a row locks for fifteen minutes")
    func fifthFailureLocks() {
        var lockout = SignInLockout()
        for attempt in 1...4 {
            #expect(lockout.recordFailure(at: start) == false, "attempt \(attempt)")
            #expect(!lockout.isLocked(at: start))
        }
        #expect(lockout.recordFailure(at: start) == true)
        #expect(lockout.isLocked(at: start))
        #expect(lockout.isLocked(at: start.addingTimeInterval(15 * 60 - 1)))
        #expect(!lockout.isLocked(at: start.addingTimeInterval(15 * 60)))
    }

    @Test("a success clears earlier failures")
    func successClears() {
        var lockout = SignInLockout()
        for _ in 1...4 { _ = lockout.recordFailure(at: start) }
        lockout.recordSuccess()
        #expect(lockout.recordFailure(at: start) == false)
        #expect(lockout.failedAttempts == 1)
    }
}

@Suite("Password policy")
struct PasswordPolicyTests {
    @Test("accepts a long password with letters and digits", arguments: ["motcua-demo", "Phung-Cong-2026", "mật khẩu dài 1"])
    func accepts(password: String) {
        #expect(PasswordPolicy.problem(with: password, username: "tiepnhan") == nil)
    }

    @Test("refuses short, letter-only, digit-only, too long, and username-containing passwords")
    func refuses() {
        #expect(PasswordPolicy.problem(with: "ngan-1", username: "qq")?.contains("ít nhất 10") == true)
        #expect(PasswordPolicy.problem(with: "chuoichucaidai", username: "qq")?.contains("chữ cái và chữ số") == true)
        #expect(PasswordPolicy.problem(with: "12345678901", username: "qq")?.contains("chữ cái và chữ số") == true)
        #expect(PasswordPolicy.problem(with: String(repeating: "ạ1", count: 30), username: "qq")?.contains("quá dài") == true)
        #expect(PasswordPolicy.problem(with: "xx-tiepnhan-1", username: "tiepnhan")?.contains("tên đăng nhập") == true)
    }
}

@Suite("Roles and where an officer sits")
struct RoleAssignmentTests {
    @Test("commune roles need a commune; the province office role needs the province; heads and specialists need a department")
    func placement() {
        #expect(RoleAssignmentRule.problem(roles: [.counterOfficer], belongsToCommune: true, belongsToDepartment: false) == nil)
        #expect(RoleAssignmentRule.problem(roles: [.specialist], belongsToCommune: true, belongsToDepartment: true) == nil)
        #expect(RoleAssignmentRule.problem(roles: [.provinceOffice], belongsToCommune: false, belongsToDepartment: false) == nil)
        #expect(RoleAssignmentRule.problem(roles: [.systemAdministrator], belongsToCommune: false, belongsToDepartment: false) == nil)
        #expect(RoleAssignmentRule.problem(roles: [.systemAdministrator], belongsToCommune: true, belongsToDepartment: false) == nil)
        #expect(RoleAssignmentRule.problem(roles: [.provinceOffice], belongsToCommune: true, belongsToDepartment: false) != nil)
        #expect(RoleAssignmentRule.problem(roles: [.communeLeader], belongsToCommune: false, belongsToDepartment: false) != nil)
        #expect(RoleAssignmentRule.problem(roles: [.departmentHead], belongsToCommune: true, belongsToDepartment: false) != nil)
        #expect(RoleAssignmentRule.problem(roles: [], belongsToCommune: true, belongsToDepartment: false) != nil)
    }

    @Test("the administrator's home wins over other roles")
    func precedence() {
        #expect([Role.specialist, .systemAdministrator, .counterOfficer].min() == .systemAdministrator)
        #expect([Role.counterOfficer, .departmentHead].min() == .departmentHead)
    }
}

@Suite("Tenant scope")
struct TenantScopeTests {
    @Test("a commune scope sees its commune only; a province scope sees all of the province's")
    func visibility() {
        let province = UUID(), phungCong = UUID(), vanGiang = UUID()
        let communeScope = TenantScope.commune(provinceID: province, communeID: phungCong)
        #expect(communeScope.contains(communeID: phungCong))
        #expect(!communeScope.contains(communeID: vanGiang))
        #expect(!communeScope.isProvinceWide)
        let provinceScope = TenantScope.province(provinceID: province, communeIDs: [phungCong, vanGiang])
        #expect(provinceScope.contains(communeID: vanGiang))
        #expect(provinceScope.communeIDs == [phungCong, vanGiang])
        #expect(provinceScope.isProvinceWide)
    }
}

import Foundation
import MotCuaCore
import Testing

@Suite("Sign-in delay")
struct SignInDelayTests {
    let start = Date(timeIntervalSince1970: 1_780_000_000)

    @Test("five failures are free; the fifth starts a one-minute wait, and each further failure doubles it up to an hour")
    func waitsGrow() {
        var delay = SignInDelay()
        for attempt in 1...4 {
            #expect(delay.recordFailure(at: start) == nil, "attempt \(attempt)")
            #expect(!delay.isWaiting(at: start))
        }
        #expect(delay.recordFailure(at: start) == start.addingTimeInterval(60))
        #expect(delay.isWaiting(at: start.addingTimeInterval(59)))
        #expect(!delay.isWaiting(at: start.addingTimeInterval(60)))
        #expect(delay.recordFailure(at: start.addingTimeInterval(60)) == start.addingTimeInterval(60 + 120))
        var waits: [TimeInterval] = []
        var now = start.addingTimeInterval(200)
        for _ in 1...8 {
            let until = delay.recordFailure(at: now)
            waits.append((until ?? now).timeIntervalSince(now))
            now = until ?? now
        }
        #expect(waits == [240, 480, 960, 1920, 3600, 3600, 3600, 3600])
    }

    @Test("a day without failures starts the count again")
    func forgetsAfterADay() {
        var delay = SignInDelay()
        for _ in 1...4 { delay.recordFailure(at: start) }
        #expect(delay.recordFailure(at: start.addingTimeInterval(24 * 3600)) == nil)
        #expect(delay.failures == 1)
        #expect(delay.isStale(at: start.addingTimeInterval(48 * 3600)))
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

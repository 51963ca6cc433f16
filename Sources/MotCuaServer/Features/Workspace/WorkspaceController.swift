import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The page each officer lands on after sign-in, shaped by their role.
enum WorkspaceController {
    struct Colleague: Encodable {
        let fullName: String
        let jobTitle: String
        let roleNames: String
    }

    struct UnitSummary: Encodable {
        let name: String
        let kind: String
        let officerCount: Int
    }

    struct CommuneSummary: Encodable {
        let name: String
        let agencyIdentifier: String
        let departmentCount: Int
        let officerCount: Int
    }

    struct Shortcut: Encodable {
        let label: String
        let href: String
        let description: String
    }

    struct WorkspacePage: Encodable {
        let page: PageContext
        let role: String
        let roleName: String
        let fullName: String
        let allRoleNames: String
        let communeName: String?
        let departmentName: String?
        let departments: [UnitSummary]
        let colleagues: [Colleague]
        let communes: [CommuneSummary]
        let shortcuts: [Shortcut]
        let recentActivity: [AuditController.EntryRow]
        /// The officer's own dossiers, counted by urgency: what the page leads with.
        let dossiers: DossierHomeSummary?
        let reminders: [WorkReminders.Reminder]
        let hasReminders: Bool
        // Leaf treats every list as true, empty or not, so the page is told which lists have rows.
        let hasCommunes: Bool
        let hasDepartments: Bool
        let hasColleagues: Bool
        let hasRecentActivity: Bool
    }

    static func show(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let role = staff.primaryRole
        let tenant = try req.tenant
        let commune = try await staff.communeID.asyncMap { try await Commune.find($0, on: req.db) } ?? nil
        let department = try await staff.departmentID.asyncMap { try await Department.find($0, on: req.db) } ?? nil

        var departments: [UnitSummary] = []
        var colleagues: [Colleague] = []
        var communes: [CommuneSummary] = []
        if let communeID = staff.communeID, role == .communeLeader || role == .systemAdministrator || role == .counterOfficer {
            let units = try await tenant.query(Department.self).filter(\.$commune.$id == communeID).sort(\.$name).all()
            let memberships = try await tenant.query(Officer.self).filter(\.$commune.$id == communeID).all(\.$department.$id)
            departments = units.map { unit in
                UnitSummary(name: unit.name, kind: unit.kind.vietnameseName, officerCount: memberships.filter { $0 == unit.id }.count)
            }
        }
        if let departmentID = staff.departmentID {
            colleagues = try await tenant.query(Officer.self).filter(\.$department.$id == departmentID).filter(\.$isActive == true).sort(\.$fullName).all().map {
                Colleague(fullName: $0.fullName, jobTitle: $0.jobTitle ?? "", roleNames: $0.roles.sorted().map(\.vietnameseName).joined(separator: ", "))
            }
        }
        if staff.scope.isProvinceWide {
            let all = try await OrganisationController.query(on: req.db, scope: staff.scope)
            let departmentCommunes = try await Department.query(on: req.db).all(\.$commune.$id)
            let officerCommunes = try await Officer.query(on: req.db).filter(\.$commune.$id != nil).all(\.$commune.$id)
            communes = all.map { commune in
                CommuneSummary(
                    name: commune.fullName, agencyIdentifier: commune.agencyIdentifier,
                    departmentCount: departmentCommunes.filter { $0 == commune.id }.count,
                    officerCount: officerCommunes.filter { $0 == commune.id }.count
                )
            }
        }
        var recent: [AuditController.EntryRow] = []
        if staff.has(.systemAdministrator) {
            var query = AuditEntry.query(on: req.db)
            if !staff.isProvinceAdministrator { query = query.filter(\.$communeID ~~ Array(staff.scope.communeIDs)) }
            recent = try await query.sort(\.$id, .descending).limit(8).all().map {
                AuditController.EntryRow(
                    sequence: $0.id ?? 0, time: VietnameseFormat.dateTime($0.occurredAt), actor: $0.actorUsername,
                    role: Role(rawValue: $0.actorRole)?.vietnameseName ?? $0.actorRole, communeName: "", action: $0.action,
                    object: $0.objectType, summary: $0.summary, clientAddress: $0.clientAddress
                )
            }
        }
        let reminders = try await WorkReminders.reminders(for: staff, on: req)
        let dossiers = try await DossierHomeSummary.make(for: staff, on: req)
        return try await req.view.render("workspace", WorkspacePage(
            page: try await PageContext.make(for: req, title: "Trang làm việc"), role: role.rawValue, roleName: role.vietnameseName,
            fullName: staff.fullName, allRoleNames: staff.roles.sorted().map(\.vietnameseName).joined(separator: ", "),
            communeName: commune?.fullName, departmentName: department?.name, departments: departments, colleagues: colleagues,
            communes: communes, shortcuts: shortcuts(for: staff), recentActivity: recent,
            dossiers: dossiers, reminders: reminders, hasReminders: !reminders.isEmpty,
            hasCommunes: !communes.isEmpty, hasDepartments: !departments.isEmpty, hasColleagues: !colleagues.isEmpty,
            hasRecentActivity: !recent.isEmpty
        ))
    }

    private static func shortcuts(for staff: StaffIdentity) -> [Shortcut] {
        var items: [Shortcut] = []
        if staff.has(.counterOfficer) {
            items.append(Shortcut(label: "Tiếp nhận hồ sơ", href: SiteURL.intake.path, description: "Nhận hồ sơ tại quầy, in giấy hẹn có mã QR."))
        }
        if !staff.hasAny([.systemAdministrator]) || staff.roles.count > 1 {
            items.append(Shortcut(label: "Việc cần làm", href: SiteURL.workQueue.path, description: "Hồ sơ đang chờ bạn, sắp theo hạn; quá hạn tô đỏ."))
        }
        if staff.keepsDutyRoster {
            items.append(Shortcut(label: "Trực ban Công an xã", href: SiteURL.dutyRoster.path, description: "Lịch trực, số trực ban, sổ ghi cuộc gọi."))
        }
        if staff.has(.systemAdministrator) {
            items.append(Shortcut(label: "Cán bộ", href: SiteURL.officers.path, description: "Thêm cán bộ, phân quyền, mở khoá tài khoản."))
            items.append(Shortcut(label: "Phòng ban", href: SiteURL.departments.path, description: "Các phòng chuyên môn và đơn vị của xã."))
            items.append(Shortcut(label: "Nhật ký hệ thống", href: SiteURL.auditJournal.path, description: "Mọi thay đổi, ai làm, lúc nào."))
        }
        if staff.communeID != nil, staff.hasAny(RetentionController.settingRoles) {
            items.append(Shortcut(label: "Lưu giữ dữ liệu cá nhân", href: PrivacyURL.retention.path, description: "Thời hạn giữ dữ liệu cá nhân của hồ sơ đã đóng."))
        }
        if staff.mayOpen(.feeReconciliation) {
            items.append(Shortcut(label: "Đối soát thu phí", href: ReconciliationURL.page.path, description: "Thu phí theo ngày, trực tuyến và tại quầy; đối soát với tệp của VNPay."))
        }
        if staff.has(.provinceOffice) || staff.isProvinceAdministrator {
            items.append(Shortcut(label: "Xã, phường", href: SiteURL.communes.path, description: "Các xã, phường trong tỉnh."))
        }
        items.append(Shortcut(label: "Bồi dưỡng, tập huấn", href: CommuneWorkURL.trainings.path, description: "Khoá học phải tham dự, kết quả và mức độ bao phủ theo xã."))
        items.append(Shortcut(label: "Đổi mật khẩu", href: SiteURL.changePassword.path, description: "Đặt mật khẩu mới cho tài khoản của bạn."))
        return items
    }
}

extension Optional {
    /// Maps the wrapped value with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

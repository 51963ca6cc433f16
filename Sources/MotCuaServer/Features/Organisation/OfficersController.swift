import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Admin pages for officers: list, create, edit roles and placement, unlock, reset a password.
enum OfficersController {
    struct OfficerRow: Encodable {
        let username: String
        let fullName: String
        let unitName: String
        let departmentName: String
        let roleNames: String
        let isActive: Bool
        let isLocked: Bool
        let href: String
    }

    struct OfficerListPage: Encodable {
        let page: PageContext
        let officers: [OfficerRow]
        let newPath: String
    }

    static func list(req: Request) async throws -> View {
        try req.requireRole(.systemAdministrator)
        let now = req.now
        let officers = try await req.tenant.query(Officer.self).with(\.$commune).with(\.$department).sort(\.$username).all()
        let rows = try officers.map { officer in
            OfficerRow(
                username: officer.username, fullName: officer.fullName,
                unitName: officer.commune?.fullName ?? "Cấp tỉnh", departmentName: officer.department?.name ?? "",
                roleNames: officer.roles.sorted().map(\.vietnameseName).joined(separator: ", "),
                isActive: officer.isActive, isLocked: req.application.signInThrottle.latestWait(realm: .staff, username: officer.username, at: now) != nil,
                href: SiteURL.officer(.value(try officer.requireID())).path
            )
        }
        return try await req.view.render("admin/officers", OfficerListPage(page: try await PageContext.make(for: req, title: "Cán bộ"), officers: rows, newPath: SiteURL.newOfficer.path))
    }

    struct OfficerForm: Content {
        var username: String?
        var fullName: String?
        var jobTitle: String?
        var email: String?
        var phone: String?
        var communeID: String?
        var departmentID: String?
        var roles: [String]?
        var password: String?
        var isActive: String?
    }

    struct RoleOption: Encodable {
        let value: String
        let label: String
        let isChecked: Bool
    }

    struct OfficerFormPage: Encodable {
        let page: PageContext
        let form: OfficerForm
        let units: [OrganisationController.Option]
        let departments: [OrganisationController.Option]
        let roles: [RoleOption]
        let errors: FormErrors
        let actionPath: String
        let isNew: Bool
        let isLocked: Bool
        let lockedUntil: String
        let unlockPath: String
        let resetPasswordPath: String
        // the officer's trainings (bồi dưỡng, tập huấn), done and still due
        let trainingsDue: [TrainingController.OfficerTrainingRow]
        let trainingsDone: [TrainingController.OfficerTrainingRow]
        let hasTrainings: Bool
        let trainingsPath: String
    }

    static func showNew(req: Request) async throws -> View {
        let staff = try req.requireRole(.systemAdministrator)
        let form = OfficerForm(communeID: staff.communeID?.uuidString.lowercased() ?? "", roles: [Role.specialist.rawValue], isActive: "on")
        return try await render(req, form: form, errors: [], officer: nil)
    }

    static func show(req: Request) async throws -> View {
        try req.requireRole(.systemAdministrator)
        let officer = try await req.tenant.find(Officer.self, req.uuidParameter(SiteURL.Key.officerID))
        let form = OfficerForm(
            username: officer.username, fullName: officer.fullName, jobTitle: officer.jobTitle, email: officer.email,
            phone: officer.phone, communeID: officer.$commune.id?.uuidString.lowercased() ?? "",
            departmentID: officer.$department.id?.uuidString.lowercased(), roles: officer.roleNames,
            isActive: officer.isActive ? "on" : nil
        )
        return try await render(req, form: form, errors: [], officer: officer)
    }

    static func create(req: Request) async throws -> Response {
        try req.requireRole(.systemAdministrator)
        let form = try req.content.decode(OfficerForm.self)
        return try await save(Officer(), form: form, req: req, isNew: true)
    }

    static func update(req: Request) async throws -> Response {
        try req.requireRole(.systemAdministrator)
        let officer = try await req.tenant.find(Officer.self, req.uuidParameter(SiteURL.Key.officerID))
        let form = try req.content.decode(OfficerForm.self)
        return try await save(officer, form: form, req: req, isNew: false)
    }

    static func unlock(req: Request) async throws -> Response {
        try req.requireRole(.systemAdministrator)
        let officer = try await req.tenant.find(Officer.self, req.uuidParameter(SiteURL.Key.officerID))
        let id = try officer.requireID()
        // The waits belong to addresses, not to the account: the administrator ends them at every address at once.
        req.application.signInThrottle.clearEverywhere(realm: .staff, username: officer.username)
        try await req.writeTransaction { db in
            try await req.audit(AuditEvent(action: "officer.unlock", objectType: "officer", objectID: id.uuidString, communeID: officer.$commune.id, summary: "Mở khoá đăng nhập của \(officer.username) từ mọi địa chỉ"), on: db)
        }
        return req.redirect(to: Notice.unlocked.appended(to: SiteURL.officer(.value(id)).path))
    }

    struct ResetForm: Content {
        var password: String?
    }

    static func resetPassword(req: Request) async throws -> Response {
        try req.requireRole(.systemAdministrator)
        let officer = try await req.tenant.find(Officer.self, req.uuidParameter(SiteURL.Key.officerID))
        let id = try officer.requireID()
        let password = try req.content.decode(ResetForm.self).password ?? ""
        if let problem = PasswordPolicy.problem(with: password, username: officer.username) {
            let form = OfficerForm(
                username: officer.username, fullName: officer.fullName, jobTitle: officer.jobTitle, email: officer.email,
                phone: officer.phone, communeID: officer.$commune.id?.uuidString.lowercased() ?? "",
                departmentID: officer.$department.id?.uuidString.lowercased(), roles: officer.roleNames, isActive: officer.isActive ? "on" : nil
            )
            let view = try await render(req, form: form, errors: ["Không đặt lại được mật khẩu: \(problem)"], officer: officer)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let hash = try await req.password.async.hash(password)
        req.application.signInThrottle.clearEverywhere(realm: .staff, username: officer.username)
        try await req.writeTransaction { db in
            officer.passwordHash = hash
            officer.passwordChangedAt = nil
            try await officer.save(on: db)
            try await AccessToken.query(on: db).filter(\.$officer.$id == id).delete()
            try await req.audit(AuditEvent(action: "officer.reset_password", objectType: "officer", objectID: id.uuidString, communeID: officer.$commune.id, summary: "Đặt lại mật khẩu cho \(officer.username); các phiên bị đóng"), on: db)
        }
        return req.redirect(to: Notice.passwordReset.appended(to: SiteURL.officer(.value(id)).path))
    }

    private static func save(_ officer: Officer, form: OfficerForm, req: Request, isNew: Bool) async throws -> Response {
        let staff = try req.requireStaff()
        let tenant = try req.tenant
        var errors: [String] = []
        let username = form.username.trimmedOrEmpty.lowercased()
        let fullName = form.fullName.trimmedOrEmpty
        let roleValues = form.roles ?? []
        let roles = Set(roleValues.compactMap(Role.init(rawValue:)))
        let communeID = form.communeID.trimmedOrNil.flatMap(UUID.init(uuidString:))
        let departmentID = form.departmentID.trimmedOrNil.flatMap(UUID.init(uuidString:))

        if isNew, username.range(of: "^[a-z0-9][a-z0-9._-]{2,39}$", options: .regularExpression) == nil {
            errors.append("Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.")
        }
        if fullName.isEmpty { errors.append("Họ và tên không được để trống.") }
        if roles.count != roleValues.count { errors.append("Có vai trò không hợp lệ.") }
        if let email = form.email.trimmedOrNil, email.range(of: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", options: .regularExpression) == nil {
            errors.append("Địa chỉ email không hợp lệ.")
        }
        if let phone = form.phone.trimmedOrNil, phone.range(of: "^\\+?[0-9 .]{8,15}$", options: .regularExpression) == nil {
            errors.append("Số điện thoại không hợp lệ.")
        }
        if let communeID {
            if !tenant.scope.contains(communeID: communeID) { errors.append("Bạn không quản lý xã đã chọn.") }
        } else if !staff.isProvinceAdministrator {
            errors.append("Chỉ quản trị cấp tỉnh mới tạo được cán bộ cấp tỉnh.")
        }
        if roles.contains(.systemAdministrator), communeID == nil, !staff.isProvinceAdministrator {
            errors.append("Chỉ quản trị cấp tỉnh mới cấp được quyền quản trị cấp tỉnh.")
        }
        if let departmentID {
            let department = try await Department.find(departmentID, on: req.db)
            if department == nil || department?.$commune.id != communeID {
                errors.append("Phòng ban đã chọn không thuộc xã đã chọn.")
            }
        }
        if let problem = RoleAssignmentRule.problem(roles: roles, belongsToCommune: communeID != nil, belongsToDepartment: departmentID != nil), roles.count == roleValues.count {
            errors.append(problem)
        }
        let password = form.password ?? ""
        if isNew {
            if let problem = PasswordPolicy.problem(with: password, username: username) { errors.append(problem) }
            if errors.isEmpty, try await Officer.query(on: req.db).filter(\.$username == username).first() != nil {
                errors.append("Tên đăng nhập \"\(username)\" đã có người dùng.")
            }
        }
        if !isNew, officer.id == staff.officerID, !roles.contains(.systemAdministrator) || form.isActive == nil {
            errors.append("Bạn không thể tự bỏ quyền quản trị hoặc tự khoá tài khoản của mình.")
        }
        guard errors.isEmpty else {
            let view = try await render(req, form: form, errors: errors, officer: isNew ? nil : officer)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }

        let before = isNew ? "" : describe(officer)
        if isNew {
            officer.username = username
            officer.passwordHash = try await req.password.async.hash(password)
            officer.failedSignIns = 0
        }
        officer.$province.id = staff.provinceID
        officer.fullName = fullName
        officer.jobTitle = form.jobTitle.trimmedOrNil
        officer.email = form.email.trimmedOrNil
        officer.phone = form.phone.trimmedOrNil
        officer.$commune.id = communeID
        officer.$department.id = departmentID
        officer.roles = roles
        officer.isActive = form.isActive != nil
        let after = describe(officer)
        let deactivated = !officer.isActive
        try await req.writeTransaction { db in
            try await officer.save(on: db)
            let id = try officer.requireID()
            if deactivated { try await AccessToken.query(on: db).filter(\.$officer.$id == id).delete() }
            try await req.audit(AuditEvent(action: isNew ? "officer.create" : "officer.update", objectType: "officer", objectID: id.uuidString, communeID: communeID, summary: isNew ? "Tạo \(after)" : "\(before) → \(after)"), on: db)
        }
        return req.redirect(to: (isNew ? Notice.created : Notice.saved).appended(to: SiteURL.officers.path))
    }

    /// A one-line account of an officer for the journal: no phone or email, which are personal data.
    private static func describe(_ officer: Officer) -> String {
        let place = [officer.$commune.id?.uuidString.prefix(8).description, officer.$department.id?.uuidString.prefix(8).description].compactMap { $0 }.joined(separator: "/")
        return "\(officer.username) «\(officer.fullName)» [\(officer.roleNames.joined(separator: ","))] đơn vị \(place.isEmpty ? "tỉnh" : place)\(officer.isActive ? "" : ", đã khoá")"
    }

    private static func render(_ req: Request, form: OfficerForm, errors: [String], officer: Officer?) async throws -> View {
        let staff = try req.requireStaff()
        let communes = try await OrganisationController.query(on: req.db, scope: staff.scope)
        let selectedCommune = form.communeID?.lowercased() ?? ""
        var units = communes.map { OrganisationController.Option(value: $0.id?.uuidString.lowercased() ?? "", label: $0.fullName, isSelected: $0.id?.uuidString.lowercased() == selectedCommune) }
        if staff.isProvinceAdministrator {
            units.insert(.init(value: "", label: "Cấp tỉnh (Văn phòng UBND tỉnh)", isSelected: selectedCommune.isEmpty), at: 0)
        }
        let departments = try await req.tenant.query(Department.self).with(\.$commune).sort(\.$name).all().map {
            OrganisationController.Option(value: $0.id?.uuidString.lowercased() ?? "", label: "\($0.name) — \($0.commune.fullName)", isSelected: $0.id?.uuidString.lowercased() == form.departmentID?.lowercased())
        }
        let chosen = Set(form.roles ?? [])
        let roles = Role.allCases.map { RoleOption(value: $0.rawValue, label: $0.vietnameseName, isChecked: chosen.contains($0.rawValue)) }
        let officerID = officer?.id
        let lockedUntil = officer.flatMap { req.application.signInThrottle.latestWait(realm: .staff, username: $0.username, at: req.now) }
        var visibleForm = form
        visibleForm.password = nil
        var trainings: (due: [TrainingController.OfficerTrainingRow], done: [TrainingController.OfficerTrainingRow]) = ([], [])
        if let officerID, let communeID = officer?.$commune.id {
            trainings = try await TrainingController.trainings(of: officerID, communeID: communeID, today: WorkPlanController.today(req), on: req.db)
        }
        return try await req.view.render("admin/officer-form", OfficerFormPage(
            page: try await PageContext.make(for: req, title: officer == nil ? "Thêm cán bộ" : (officer?.fullName ?? "Cán bộ")),
            form: visibleForm, units: units, departments: [OrganisationController.Option(value: "", label: "— Không thuộc phòng ban —", isSelected: form.departmentID.trimmedOrNil == nil)] + departments,
            roles: roles, errors: FormErrors(errors),
            actionPath: officerID.map { SiteURL.officer(.value($0)).path } ?? SiteURL.newOfficer.path,
            isNew: officer == nil, isLocked: lockedUntil != nil, lockedUntil: lockedUntil.map(VietnameseFormat.dateTime) ?? "",
            unlockPath: officerID.map { SiteURL.unlockOfficer(.value($0)).path } ?? "",
            resetPasswordPath: officerID.map { SiteURL.resetOfficerPassword(.value($0)).path } ?? "",
            trainingsDue: trainings.due, trainingsDone: trainings.done, hasTrainings: !(trainings.due.isEmpty && trainings.done.isEmpty),
            trainingsPath: officerID.map { CommuneWorkURL.officerTrainings(.value($0)).path } ?? ""
        ))
    }
}

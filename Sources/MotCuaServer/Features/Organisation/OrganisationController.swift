import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Admin pages for communes and departments.
enum OrganisationController {
    // MARK: communes

    struct CommuneRow: Encodable {
        let name: String
        let kind: String
        let agencyIdentifier: String
        let webDomain: String
        let departmentCount: Int
        let officerCount: Int
        let isActive: Bool
        let href: String
    }

    struct CommuneListPage: Encodable {
        let page: PageContext
        let communes: [CommuneRow]
        let canCreate: Bool
        let newPath: String
    }

    static func listCommunes(req: Request) async throws -> View {
        let staff = try req.requireRole(.systemAdministrator, .provinceOffice)
        let communes = try await query(on: req.db, scope: staff.scope)
        let departmentCounts = try await Department.query(on: req.db).filter(\.$commune.$id ~~ communes.compactMap(\.id)).all(\.$commune.$id)
        let officerCounts = try await Officer.query(on: req.db).filter(\.$commune.$id ~~ communes.compactMap(\.id)).all(\.$commune.$id)
        let rows = try communes.map { commune in
            let id = try commune.requireID()
            return CommuneRow(
                name: commune.fullName, kind: commune.kind.vietnameseName, agencyIdentifier: commune.agencyIdentifier,
                webDomain: commune.webDomain ?? "", departmentCount: departmentCounts.filter { $0 == id }.count,
                officerCount: officerCounts.filter { $0 == id }.count, isActive: commune.isActive,
                href: SiteURL.commune(.value(id)).path
            )
        }
        return try await req.view.render("admin/communes", CommuneListPage(
            page: try await PageContext.make(for: req, title: "Xã, phường"), communes: rows,
            canCreate: staff.isProvinceAdministrator, newPath: SiteURL.newCommune.path
        ))
    }

    /// The communes a scope sees, by name.
    static func query(on database: any Database, scope: TenantScope) async throws -> [Commune] {
        try await Commune.query(on: database).filter(\.$id ~~ Array(scope.communeIDs)).sort(\.$name).all()
    }

    struct CommuneForm: Content {
        var name: String?
        var kind: String?
        var slug: String?
        var agencyIdentifier: String?
        var webDomain: String?
        var address: String?
        var serviceHours: String?
        var isActive: String?
    }

    struct CommuneFormPage: Encodable {
        let page: PageContext
        let form: CommuneForm
        let kinds: [Option]
        let errors: FormErrors
        let actionPath: String
        let canEdit: Bool
        let isNew: Bool
    }

    struct Option: Encodable {
        let value: String
        let label: String
        let isSelected: Bool
    }

    static func showNewCommune(req: Request) async throws -> View {
        try req.requireProvinceAdministrator()
        return try await renderCommuneForm(req, form: CommuneForm(kind: CommuneKind.xa.rawValue, serviceHours: Commune.defaultServiceHours, isActive: "on"), errors: [], actionPath: SiteURL.newCommune.path, canEdit: true, isNew: true)
    }

    static func showCommune(req: Request) async throws -> View {
        let staff = try req.requireRole(.systemAdministrator, .provinceOffice)
        let commune = try await findCommune(req.uuidParameter(SiteURL.Key.communeID), scope: staff.scope, on: req.db)
        let form = CommuneForm(
            name: commune.name, kind: commune.kind.rawValue, slug: commune.slug, agencyIdentifier: commune.agencyIdentifier,
            webDomain: commune.webDomain, address: commune.address, serviceHours: commune.serviceHours, isActive: commune.isActive ? "on" : nil
        )
        return try await renderCommuneForm(req, form: form, errors: [], actionPath: SiteURL.commune(.value(try commune.requireID())).path, canEdit: staff.isProvinceAdministrator, isNew: false)
    }

    static func createCommune(req: Request) async throws -> Response {
        let staff = try req.requireProvinceAdministrator()
        let form = try req.content.decode(CommuneForm.self)
        let commune = Commune()
        commune.$province.id = staff.provinceID
        return try await saveCommune(commune, form: form, req: req, action: "commune.create", isNew: true)
    }

    static func updateCommune(req: Request) async throws -> Response {
        let staff = try req.requireProvinceAdministrator()
        let commune = try await findCommune(req.uuidParameter(SiteURL.Key.communeID), scope: staff.scope, on: req.db)
        let form = try req.content.decode(CommuneForm.self)
        return try await saveCommune(commune, form: form, req: req, action: "commune.update", isNew: false)
    }

    private static func saveCommune(_ commune: Commune, form: CommuneForm, req: Request, action: String, isNew: Bool) async throws -> Response {
        var errors: [String] = []
        let name = form.name.trimmedOrEmpty
        let slug = form.slug.trimmedOrEmpty.lowercased()
        let agencyIdentifier = form.agencyIdentifier.trimmedOrEmpty
        let kind = form.kind.flatMap(CommuneKind.init(rawValue:))
        if name.isEmpty { errors.append("Tên xã, phường không được để trống.") }
        if kind == nil { errors.append("Loại đơn vị không hợp lệ.") }
        if !slug.isEmpty, slug.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) == nil {
            errors.append("Tên viết tắt trên địa chỉ web chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ: phung-cong).")
        } else if slug.isEmpty {
            errors.append("Tên viết tắt trên địa chỉ web không được để trống.")
        }
        if agencyIdentifier.range(of: "^[A-Z0-9]+(\\.[A-Z0-9]+)*$", options: .regularExpression) == nil {
            errors.append("Mã định danh điện tử của cơ quan không hợp lệ (ví dụ: H33.55.01).")
        }
        let existingID = commune.id
        if errors.isEmpty {
            let clash = try await Commune.query(on: req.db)
                .group(.or) { $0.filter(\.$slug == slug).filter(\.$agencyIdentifier == agencyIdentifier) }
                .all()
                .filter { $0.id != existingID }
            if clash.contains(where: { $0.slug == slug }) { errors.append("Tên viết tắt \"\(slug)\" đã được dùng cho xã khác.") }
            if clash.contains(where: { $0.agencyIdentifier == agencyIdentifier }) { errors.append("Mã định danh \"\(agencyIdentifier)\" đã được dùng cho xã khác.") }
        }
        guard errors.isEmpty, let kind else {
            let action = isNew ? SiteURL.newCommune.path : SiteURL.commune(.value(existingID ?? UUID())).path
            let view = try await renderCommuneForm(req, form: form, errors: errors, actionPath: action, canEdit: true, isNew: isNew)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let before = isNew ? "" : "\(commune.name) (\(commune.agencyIdentifier), \(commune.isActive ? "hoạt động" : "ngừng"))"
        commune.name = name
        commune.kind = kind
        commune.slug = slug
        commune.agencyIdentifier = agencyIdentifier
        commune.webDomain = form.webDomain.trimmedOrNil
        commune.address = form.address.trimmedOrNil
        commune.serviceHours = form.serviceHours.trimmedOrNil ?? Commune.defaultServiceHours
        commune.isActive = form.isActive != nil
        let after = "\(commune.name) (\(commune.agencyIdentifier), \(commune.isActive ? "hoạt động" : "ngừng"))"
        try await req.writeTransaction { db in
            try await commune.save(on: db)
            let id = try commune.requireID()
            try await req.audit(AuditEvent(action: action, objectType: "commune", objectID: id.uuidString, communeID: id, summary: isNew ? "Tạo \(after)" : "\(before) → \(after)"), on: db)
        }
        let notice: Notice = isNew ? .created : .saved
        return req.redirect(to: notice.appended(to: SiteURL.communes.path))
    }

    private static func renderCommuneForm(_ req: Request, form: CommuneForm, errors: [String], actionPath: String, canEdit: Bool, isNew: Bool) async throws -> View {
        let kinds = CommuneKind.allCases.map { Option(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0.rawValue == form.kind) }
        return try await req.view.render("admin/commune-form", CommuneFormPage(
            page: try await PageContext.make(for: req, title: isNew ? "Thêm xã, phường" : (form.name ?? "Xã, phường")),
            form: form, kinds: kinds, errors: FormErrors(errors), actionPath: actionPath, canEdit: canEdit, isNew: isNew
        ))
    }

    private static func findCommune(_ id: UUID, scope: TenantScope, on database: any Database) async throws -> Commune {
        guard scope.contains(communeID: id), let commune = try await Commune.find(id, on: database) else { throw AppError.notFound }
        return commune
    }


    // MARK: departments

    struct DepartmentRow: Encodable {
        let name: String
        let kind: String
        let communeName: String
        let phone: String
        let officerCount: Int
        let isActive: Bool
        let href: String
    }

    struct DepartmentListPage: Encodable {
        let page: PageContext
        let departments: [DepartmentRow]
        let newPath: String
    }

    static func listDepartments(req: Request) async throws -> View {
        try req.requireRole(.systemAdministrator)
        let tenant = try req.tenant
        let departments = try await tenant.query(Department.self).with(\.$commune).sort(\.$name).all()
        let officerDepartments = try await tenant.query(Officer.self).filter(\.$department.$id != nil).all(\.$department.$id)
        let rows = try departments.map { department in
            let id = try department.requireID()
            return DepartmentRow(
                name: department.name, kind: department.kind.vietnameseName, communeName: department.commune.fullName,
                phone: department.phone ?? "", officerCount: officerDepartments.filter { $0 == id }.count,
                isActive: department.isActive, href: SiteURL.department(.value(id)).path
            )
        }.sorted { ($0.communeName, $0.name) < ($1.communeName, $1.name) }
        return try await req.view.render("admin/departments", DepartmentListPage(
            page: try await PageContext.make(for: req, title: "Phòng ban"), departments: rows, newPath: SiteURL.newDepartment.path
        ))
    }

    struct DepartmentForm: Content {
        var communeID: String?
        var name: String?
        var kind: String?
        var phone: String?
        var isActive: String?
    }

    struct DepartmentFormPage: Encodable {
        let page: PageContext
        let form: DepartmentForm
        let communes: [Option]
        let kinds: [Option]
        let errors: FormErrors
        let actionPath: String
        let isNew: Bool
    }

    static func showNewDepartment(req: Request) async throws -> View {
        let staff = try req.requireRole(.systemAdministrator)
        let form = DepartmentForm(communeID: staff.communeID?.uuidString.lowercased(), kind: DepartmentKind.other.rawValue, isActive: "on")
        return try await renderDepartmentForm(req, form: form, errors: [], actionPath: SiteURL.newDepartment.path, isNew: true)
    }

    static func showDepartment(req: Request) async throws -> View {
        try req.requireRole(.systemAdministrator)
        let department = try await req.tenant.find(Department.self, req.uuidParameter(SiteURL.Key.departmentID))
        let form = DepartmentForm(communeID: department.$commune.id.uuidString.lowercased(), name: department.name, kind: department.kind.rawValue, phone: department.phone, isActive: department.isActive ? "on" : nil)
        return try await renderDepartmentForm(req, form: form, errors: [], actionPath: SiteURL.department(.value(try department.requireID())).path, isNew: false)
    }

    static func createDepartment(req: Request) async throws -> Response {
        try req.requireRole(.systemAdministrator)
        let form = try req.content.decode(DepartmentForm.self)
        return try await saveDepartment(Department(), form: form, req: req, isNew: true)
    }

    static func updateDepartment(req: Request) async throws -> Response {
        try req.requireRole(.systemAdministrator)
        let department = try await req.tenant.find(Department.self, req.uuidParameter(SiteURL.Key.departmentID))
        let form = try req.content.decode(DepartmentForm.self)
        return try await saveDepartment(department, form: form, req: req, isNew: false)
    }

    private static func saveDepartment(_ department: Department, form: DepartmentForm, req: Request, isNew: Bool) async throws -> Response {
        let tenant = try req.tenant
        var errors: [String] = []
        let name = form.name.trimmedOrEmpty
        let kind = form.kind.flatMap(DepartmentKind.init(rawValue:))
        let communeID = isNew ? form.communeID.flatMap(UUID.init(uuidString:)) : department.$commune.id
        if name.isEmpty { errors.append("Tên phòng ban không được để trống.") }
        if kind == nil { errors.append("Loại đơn vị không hợp lệ.") }
        if let communeID {
            if !tenant.scope.contains(communeID: communeID) { errors.append("Bạn không quản lý xã đã chọn.") }
        } else {
            errors.append("Cần chọn xã, phường.")
        }
        if errors.isEmpty, let communeID {
            let existingID = department.id
            let clash = try await Department.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$name == name).all().contains { $0.id != existingID }
            if clash { errors.append("Xã này đã có phòng ban tên \"\(name)\".") }
        }
        guard errors.isEmpty, let kind, let communeID else {
            let action = isNew ? SiteURL.newDepartment.path : SiteURL.department(.value(department.id ?? UUID())).path
            let view = try await renderDepartmentForm(req, form: form, errors: errors, actionPath: action, isNew: isNew)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let before = isNew ? "" : "\(department.name) (\(department.kind.vietnameseName))"
        department.$commune.id = communeID
        department.name = name
        department.kind = kind
        department.phone = form.phone.trimmedOrNil
        department.isActive = form.isActive != nil
        let after = "\(department.name) (\(department.kind.vietnameseName)\(department.isActive ? "" : ", ngừng hoạt động"))"
        try await req.writeTransaction { db in
            try await department.save(on: db)
            try await req.audit(AuditEvent(action: isNew ? "department.create" : "department.update", objectType: "department", objectID: try department.requireID().uuidString, communeID: communeID, summary: isNew ? "Tạo \(after)" : "\(before) → \(after)"), on: db)
        }
        return req.redirect(to: (isNew ? Notice.created : Notice.saved).appended(to: SiteURL.departments.path))
    }

    private static func renderDepartmentForm(_ req: Request, form: DepartmentForm, errors: [String], actionPath: String, isNew: Bool) async throws -> View {
        let staff = try req.requireStaff()
        let communes = try await query(on: req.db, scope: staff.scope).map {
            Option(value: $0.id?.uuidString.lowercased() ?? "", label: $0.fullName, isSelected: $0.id?.uuidString.lowercased() == form.communeID?.lowercased())
        }
        let kinds = DepartmentKind.allCases.map { Option(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0.rawValue == form.kind) }
        return try await req.view.render("admin/department-form", DepartmentFormPage(
            page: try await PageContext.make(for: req, title: isNew ? "Thêm phòng ban" : (form.name ?? "Phòng ban")),
            form: form, communes: communes, kinds: kinds, errors: FormErrors(errors), actionPath: actionPath, isNew: isNew
        ))
    }
}

extension Optional where Wrapped == String {
    /// The text without surrounding spaces, or "" when absent.
    var trimmedOrEmpty: String { (self ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    /// The text without surrounding spaces, or `nil` when absent or blank.
    var trimmedOrNil: String? {
        let trimmed = trimmedOrEmpty
        return trimmed.isEmpty ? nil : trimmed
    }
}

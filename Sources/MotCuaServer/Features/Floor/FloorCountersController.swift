import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The commune's counters: the list every desk officer sees, and the forms its administrator and leaders use to set
/// number, name, services and the officer on duty today.
enum FloorCountersController {
    struct CounterRow: Encodable {
        let number: Int
        let name: String
        let services: String
        let officer: String
        let isActive: Bool
        /// The counter's desk, for the officers who may work there; `nil` for the others.
        let deskPath: String?
        let editPath: String
        let ratingPath: String
    }

    struct CounterForm: Content {
        var number: String?
        var name: String?
        var fields: [String]?
        var procedureCodes: String?
        var officerID: String?
        var isActive: String?
    }

    struct FormView: Encodable {
        let number: String
        let name: String
        let fields: [OrganisationController.Option]
        let procedureCodes: String
        let officers: [OrganisationController.Option]
        let isActive: Bool
    }

    struct ListPage: Encodable {
        let page: PageContext
        let communeName: String
        let rows: [CounterRow]
        let hasRows: Bool
        let canManage: Bool
        let form: FormView
        let errors: FormErrors
        let actionPath: String
        let kioskPath: String
        let entrancePath: String
        let displayPath: String
        let statisticsPath: String
    }

    struct EditPage: Encodable {
        let page: PageContext
        let title: String
        let form: FormView
        let errors: FormErrors
        let actionPath: String
        let backPath: String
    }

    /// Any officer of a commune sees its counters; province staff pick a commune's pages by address instead.
    static func requireCommuneStaff(_ req: Request) throws -> (StaffIdentity, UUID) {
        let staff = try req.requireStaff()
        guard let communeID = staff.communeID else { throw AppError.forbidden }
        return (staff, communeID)
    }

    /// The commune's administrator and leaders set up counters.
    static func requireManager(_ req: Request) throws -> (StaffIdentity, UUID) {
        let staff = try req.requireRole(.systemAdministrator, .communeLeader)
        guard let communeID = staff.communeID else { throw AppError.forbidden }
        return (staff, communeID)
    }

    /// `GET /mot-cua/quay`.
    static func list(req: Request) async throws -> View {
        let (staff, communeID) = try requireCommuneStaff(req)
        return try await renderList(req, staff: staff, communeID: communeID, form: CounterForm(isActive: "on"), errors: [])
    }

    /// `POST /mot-cua/quay`: adds a counter.
    static func create(req: Request) async throws -> Response {
        let (staff, communeID) = try requireManager(req)
        let form = try req.content.decode(CounterForm.self)
        let counter = FloorCounter()
        counter.$commune.id = communeID
        if let problems = try await apply(form, to: counter, communeID: communeID, req: req) {
            let view = try await renderList(req, staff: staff, communeID: communeID, form: form, errors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        try await save(counter, action: "floor.counter_create", req: req)
        return req.redirect(to: Notice.created.appended(to: SiteURL.floorCounters.path))
    }

    /// `GET /mot-cua/quay/:counterID`.
    static func showEdit(req: Request) async throws -> View {
        let (_, communeID) = try requireManager(req)
        let counter = try await req.tenant.find(FloorCounter.self, req.uuidParameter(SiteURL.Key.counterID))
        let form = CounterForm(
            number: String(counter.number), name: counter.name,
            fields: counter.services.compactMap { service -> String? in
                if case .field(let field) = service { return field.rawValue }
                return nil
            },
            procedureCodes: counter.services.compactMap { service -> String? in
                if case .procedure(let code) = service { return code }
                return nil
            }.joined(separator: ", "),
            officerID: counter.dutyDay == FloorQueue.dayKey(req.now) ? counter.$officer.id?.uuidString : nil,
            isActive: counter.isActive ? "on" : nil
        )
        return try await renderEdit(req, counter: counter, communeID: communeID, form: form, errors: [])
    }

    /// `POST /mot-cua/quay/:counterID`.
    static func update(req: Request) async throws -> Response {
        let (_, communeID) = try requireManager(req)
        let counter = try await req.tenant.find(FloorCounter.self, req.uuidParameter(SiteURL.Key.counterID))
        let form = try req.content.decode(CounterForm.self)
        if let problems = try await apply(form, to: counter, communeID: communeID, req: req) {
            let view = try await renderEdit(req, counter: counter, communeID: communeID, form: form, errors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        try await save(counter, action: "floor.counter_update", req: req)
        return req.redirect(to: Notice.saved.appended(to: SiteURL.floorCounters.path))
    }

    /// Checks the form and copies it onto the counter; returns the problems, or `nil` when the counter may be saved.
    private static func apply(_ form: CounterForm, to counter: FloorCounter, communeID: UUID, req: Request) async throws -> [String]? {
        var problems: [String] = []
        let number = Int(form.number.trimmedOrEmpty)
        if number == nil || !(1...99).contains(number ?? 0) { problems.append("Số quầy phải là số từ 1 đến 99.") }
        let name = form.name.trimmedOrEmpty
        if name.isEmpty || name.count > 100 { problems.append("Tên quầy cần từ 1 đến 100 ký tự.") }
        var services: [FloorService] = []
        for raw in form.fields ?? [] {
            guard let field = ProcedureDefinition.Field(rawValue: raw) else { problems.append("Lĩnh vực không hợp lệ."); continue }
            services.append(.field(field))
        }
        let offered = Set(try await req.application.catalogStore.procedures(forCommune: communeID, on: req.db).filter(\.isOffered).map(\.definition.code))
        for code in form.procedureCodes.trimmedOrEmpty.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init) {
            guard offered.contains(code), let service = FloorService(key: "procedure:" + code) else {
                problems.append("Mã thủ tục \(code) không có hoặc xã không tiếp nhận thủ tục này.")
                continue
            }
            services.append(service)
        }
        if services.isEmpty { problems.append("Cần chọn ít nhất một lĩnh vực hoặc thủ tục quầy phục vụ.") }
        var officerID: UUID?
        if let raw = form.officerID.trimmedOrNil {
            guard let id = UUID(uuidString: raw),
                  let officer = try await Officer.query(on: req.db).filter(\.$id == id).filter(\.$commune.$id == communeID).filter(\.$isActive == true).first(),
                  officer.roles.contains(.counterOfficer)
            else {
                problems.append("Cán bộ trực quầy phải là cán bộ tiếp nhận, trả kết quả của xã.")
                return problems
            }
            officerID = officer.id
        }
        if let number, problems.isEmpty {
            let clash = try await FloorCounter.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$number == number).first()
            if let clash, clash.id != counter.id { problems.append("Quầy số \(number) đã có.") }
        }
        guard problems.isEmpty, let number else { return problems }
        counter.number = number
        counter.name = name
        counter.servicesText = FloorService.storedList(services)
        counter.isActive = form.isActive != nil
        counter.$officer.id = officerID
        counter.dutyDay = officerID == nil ? nil : FloorQueue.dayKey(req.now)
        return nil
    }

    private static func save(_ counter: FloorCounter, action: String, req: Request) async throws {
        let communeID = counter.$commune.id
        let summary = "\(counter.label): \(counter.servicesText)\(counter.isActive ? "" : " (tạm đóng)")"
        try await req.writeTransaction { db in
            try await FloorQueue.ensureLines(for: counter.services, communeID: communeID, on: db)
            try await counter.save(on: db)
            try await req.audit(AuditEvent(action: action, objectType: "floor_counter", objectID: try counter.requireID().uuidString, communeID: communeID, summary: summary), on: db)
        }
        req.application.floorSignal.bump(communeID)
    }

    private static func formView(_ form: CounterForm, communeID: UUID, req: Request) async throws -> FormView {
        let chosen = Set(form.fields ?? [])
        let officers = try await Officer.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$isActive == true).sort(\.$fullName).all()
            .filter { $0.roles.contains(.counterOfficer) }
        return FormView(
            number: form.number ?? "", name: form.name ?? "",
            fields: ProcedureDefinition.Field.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: chosen.contains($0.rawValue)) },
            procedureCodes: form.procedureCodes ?? "",
            officers: [.init(value: "", label: "— Chưa phân công —", isSelected: form.officerID.trimmedOrNil == nil)]
                + officers.map { .init(value: $0.id?.uuidString ?? "", label: $0.fullName, isSelected: $0.id?.uuidString == form.officerID) },
            isActive: form.isActive != nil
        )
    }

    private static func renderList(_ req: Request, staff: StaffIdentity, communeID: UUID, form: CounterForm, errors: [String]) async throws -> View {
        guard let commune = try await Commune.find(communeID, on: req.db) else { throw AppError.notFound }
        let counters = try await req.tenant.query(FloorCounter.self).filter(\.$commune.$id == communeID).sort(\.$number).with(\.$officer).all()
        let catalog = try await req.application.catalogStore.catalog(on: req.db)
        let today = FloorQueue.dayKey(req.now)
        return try await req.view.render("floor/counters", ListPage(
            page: try await PageContext.make(for: req, title: "Quầy và số thứ tự"), communeName: commune.fullName,
            rows: try counters.map { counter in
                let id = try counter.requireID()
                return CounterRow(
                    number: counter.number, name: counter.name,
                    services: counter.services.map { FloorQueue.name(of: $0, catalog: catalog) }.joined(separator: "; "),
                    officer: counter.dutyDay == today ? (counter.officer?.fullName ?? "—") : "—", isActive: counter.isActive,
                    deskPath: staff.mayOpen(.counterDesk) ? SiteURL.floorDesk(.value(id)).path : nil, editPath: SiteURL.floorCounter(.value(id)).path,
                    ratingPath: SiteURL.floorRating(.value(commune.slug), .value(id)).path
                )
            },
            hasRows: !counters.isEmpty, canManage: staff.hasAny([.systemAdministrator, .communeLeader]),
            form: try await formView(form, communeID: communeID, req: req), errors: FormErrors(errors), actionPath: SiteURL.floorCounters.path,
            kioskPath: SiteURL.floorKiosk(.value(commune.slug)).path + "?kiosk=1", entrancePath: SiteURL.floorEntrance(.value(commune.slug)).path,
            displayPath: SiteURL.floorDisplay(.value(commune.slug)).path, statisticsPath: SiteURL.floorStatistics.path
        ))
    }

    private static func renderEdit(_ req: Request, counter: FloorCounter, communeID: UUID, form: CounterForm, errors: [String]) async throws -> View {
        try await req.view.render("floor/counter-form", EditPage(
            page: try await PageContext.make(for: req, title: "Sửa quầy \(counter.number)"), title: "Sửa \(counter.label)",
            form: try await formView(form, communeID: communeID, req: req), errors: FormErrors(errors),
            actionPath: SiteURL.floorCounter(.value(try counter.requireID())).path, backPath: SiteURL.floorCounters.path
        ))
    }
}

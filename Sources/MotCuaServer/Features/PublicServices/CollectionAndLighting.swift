import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Garbage collection routes (published, printable, matched to missed-collection reports) and the register of
/// public lights (linked to lighting faults).
enum CollectionAndLighting {
    // MARK: collection routes

    struct RouteRow: Encodable {
        let id: String
        let name: String
        let areas: String
        let areaList: [String]
        let weekdays: String
        let weekdayNumbers: String
        let timeWindow: String
        let start: String
        let end: String
        let collector: String
        let collectorPhone: String
        let isActive: Bool
        let openReports: Int
        let updatePath: String
    }

    struct RouteForm: Content {
        var name: String?
        var areas: String?
        var weekdays: String?
        var start: String?
        var end: String?
        var collector: String?
        var collectorPhone: String?
        var isActive: String?
    }

    struct RoutesPage: Encodable {
        let page: PageContext
        let rows: [RouteRow]
        let form: RouteForm
        let errors: FormErrors
        let actionPath: String
        let canEdit: Bool
        let publicPath: String?
    }

    static func routeRow(_ record: CollectionRouteRecord, openReports: Int) throws -> RouteRow {
        let route = record.route
        return RouteRow(
            id: try record.requireID().uuidString, name: record.name, areas: record.areas, areaList: record.areaList,
            weekdays: route.weekdaysDescription, weekdayNumbers: record.weekdays, timeWindow: route.timeWindowDescription,
            start: CollectionSchedule.clock(record.startMinute), end: CollectionSchedule.clock(record.endMinute),
            collector: record.collector, collectorPhone: record.collectorPhone, isActive: record.isActive, openReports: openReports,
            updatePath: PublicServicesURL.collectionRoute(.value(try record.requireID())).path
        )
    }

    /// `GET /dich-vu-cong-cong/thu-gom-rac`.
    static func routes(req: Request) async throws -> View {
        _ = try FaultReportStaff.requireViewer(req)
        return try await renderRoutes(req, form: RouteForm(weekdays: "2, 4, 6", start: "05:30", end: "07:00", isActive: "on"), errors: [])
    }

    /// `POST /dich-vu-cong-cong/thu-gom-rac`: a new route.
    static func createRoute(req: Request) async throws -> Response {
        try await saveRoute(req, editing: nil)
    }

    /// `POST /dich-vu-cong-cong/thu-gom-rac/:routeID`: changes to a route.
    static func updateRoute(req: Request) async throws -> Response {
        _ = try PublicServicesAdmin.requireCommuneStaff(req, PublicServicesAdmin.registerRoles)
        let record = try await req.tenant.find(CollectionRouteRecord.self, req.parameters.get(PublicServicesURL.Key.routeID, as: UUID.self))
        return try await saveRoute(req, editing: record)
    }

    private static func saveRoute(_ req: Request, editing: CollectionRouteRecord?) async throws -> Response {
        let (_, communeID) = try PublicServicesAdmin.requireCommuneStaff(req, PublicServicesAdmin.registerRoles)
        if let editing, editing.$commune.id != communeID { throw AppError.notFound }
        let form = try req.content.decode(RouteForm.self)
        var problems: [String] = []
        let name = form.name.trimmedOrEmpty
        if name.isEmpty || name.count > 200 { problems.append("Cần tên tuyến (tối đa 200 ký tự).") }
        let areas = (form.areas ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if areas.isEmpty || areas.count > 100 { problems.append("Cần ít nhất một thôn, tổ dân phố hoặc tuyến phố (mỗi dòng một nơi).") }
        let weekdays = CollectionSchedule.weekdays(from: form.weekdays ?? "")
        if weekdays == nil { problems.append("Ngày thu gom ghi bằng số thứ: 2–7 và CN, ví dụ “2, 4, 6”.") }
        let start = CollectionSchedule.minutes(from: form.start ?? "")
        let end = CollectionSchedule.minutes(from: form.end ?? "")
        if start == nil || end == nil { problems.append("Giờ thu gom ghi dạng HH:mm, ví dụ 05:30.") }
        if let start, let end, end <= start { problems.append("Giờ kết thúc phải sau giờ bắt đầu.") }
        if form.collector.trimmedOrEmpty.count > 200 || form.collectorPhone.trimmedOrEmpty.count > 40 { problems.append("Đơn vị thu gom hoặc số điện thoại quá dài.") }
        guard problems.isEmpty, let weekdays, let start, let end else {
            let view = try await renderRoutes(req, form: form, errors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let record = editing ?? CollectionRouteRecord()
        record.$commune.id = communeID
        record.name = name
        record.areas = areas.joined(separator: "\n")
        record.weekdays = CollectionSchedule.weekdayNumbers(weekdays)
        record.startMinute = start
        record.endMinute = end
        record.collector = form.collector.trimmedOrEmpty
        record.collectorPhone = form.collectorPhone.trimmedOrEmpty
        record.isActive = form.isActive != nil
        try await req.writeTransaction { db in
            try await record.save(on: db)
            try await req.audit(AuditEvent(action: editing == nil ? "collection_route.create" : "collection_route.update", objectType: "collection_route",
                                           objectID: try record.requireID().uuidString, communeID: communeID,
                                           summary: "\(name): \(record.route.weekdaysDescription), \(record.route.timeWindowDescription)"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: PublicServicesURL.collectionRoutes.path))
    }

    private static func renderRoutes(_ req: Request, form: RouteForm, errors: [String]) async throws -> View {
        let staff = try req.requireStaff()
        let records = try await req.tenant.query(CollectionRouteRecord.self).sort(\.$name).all()
        let counts = try await openReportCounts(req, by: \.$collectionRoute.$id)
        let commune = try await staff.communeID.asyncFlatMap { try await Commune.find($0, on: req.db) }
        return try await req.view.render("public-services/routes", RoutesPage(
            page: try await PageContext.make(for: req, title: "Lịch thu gom rác"),
            rows: try records.map { try routeRow($0, openReports: $0.id.flatMap { counts[$0] } ?? 0) },
            form: form, errors: FormErrors(errors), actionPath: PublicServicesURL.collectionRoutes.path,
            canEdit: staff.hasAny(PublicServicesAdmin.registerRoles) && staff.communeID != nil,
            publicPath: commune.map { PublicServicesURL.collectionSchedule(.value($0.slug)).path }
        ))
    }

    /// Open reports per linked route or light.
    private static func openReportCounts(_ req: Request, by field: KeyPath<ServiceRequest, OptionalFieldProperty<ServiceRequest, UUID>>) async throws -> [UUID: Int] {
        let open = try await req.tenant.query(ServiceRequest.self).filter(\.$status !~ ServiceRequestStatus.allCases.filter(\.isFinished))
            .filter(field != nil).all()
        var counts: [UUID: Int] = [:]
        for request in open { if let id = request[keyPath: field].value ?? nil { counts[id, default: 0] += 1 } }
        return counts
    }

    struct SchedulePage: Encodable {
        let page: PageContext
        let communeName: String
        let rows: [RouteRow]
        let hasRows: Bool
        let reportPath: String
        let printedAt: String
    }

    /// `GET /xa/:slug/lich-thu-gom-rac`: the public schedule, printable as a notice for village boards.
    static func publicSchedule(req: Request) async throws -> View {
        let commune = try await PublicSiteController.publicCommune(req)
        let records = try await CollectionRouteRecord.query(on: req.db).filter(\.$commune.$id == commune.requireID())
            .filter(\.$isActive == true).sort(\.$name).all()
        let collectionType = try await ServiceType.query(on: req.db).filter(\.$commune.$id == commune.requireID())
            .filter(\.$topic == .collection).filter(\.$isActive == true).first()
        return try await req.view.render("public-services/schedule", SchedulePage(
            page: try await PageContext.make(for: req, title: "Lịch thu gom rác — \(commune.fullName)"), communeName: commune.fullName,
            rows: try records.map { try routeRow($0, openReports: 0) }, hasRows: !records.isEmpty,
            reportPath: PublicServicesURL.newReport(.value(commune.slug)).path + (collectionType.map { "?loai=" + $0.code } ?? ""),
            printedAt: VietnameseFormat.dateTime(req.now)
        ))
    }

    // MARK: public lights

    struct LightRow: Encodable {
        let id: String
        let code: String
        let location: String
        let circuit: String
        let onTime: String
        let offTime: String
        let lampCount: Int
        let isActive: Bool
        let openFaults: Int
        let hasOpenFaults: Bool
        let updatePath: String
    }

    struct LightForm: Content {
        var code: String?
        var location: String?
        var circuit: String?
        var onTime: String?
        var offTime: String?
        var lampCount: String?
        var isActive: String?
    }

    struct LightsPage: Encodable {
        let page: PageContext
        let rows: [LightRow]
        let form: LightForm
        let errors: FormErrors
        let actionPath: String
        let canEdit: Bool
        let faultyCount: Int
    }

    /// `GET /dich-vu-cong-cong/chieu-sang`: the register, lights with open faults first.
    static func lights(req: Request) async throws -> View {
        _ = try FaultReportStaff.requireViewer(req)
        return try await renderLights(req, form: LightForm(onTime: "18:00", offTime: "05:30", lampCount: "1", isActive: "on"), errors: [])
    }

    /// `POST /dich-vu-cong-cong/chieu-sang`.
    static func createLight(req: Request) async throws -> Response {
        try await saveLight(req, editing: nil)
    }

    /// `POST /dich-vu-cong-cong/chieu-sang/:lightPointID`.
    static func updateLight(req: Request) async throws -> Response {
        _ = try PublicServicesAdmin.requireCommuneStaff(req, PublicServicesAdmin.registerRoles)
        let light = try await req.tenant.find(LightPoint.self, req.parameters.get(PublicServicesURL.Key.lightPointID, as: UUID.self))
        return try await saveLight(req, editing: light)
    }

    private static func saveLight(_ req: Request, editing: LightPoint?) async throws -> Response {
        let (_, communeID) = try PublicServicesAdmin.requireCommuneStaff(req, PublicServicesAdmin.registerRoles)
        if let editing, editing.$commune.id != communeID { throw AppError.notFound }
        let form = try req.content.decode(LightForm.self)
        var problems: [String] = []
        let code = form.code.trimmedOrEmpty.uppercased()
        if code.isEmpty || code.count > 40 { problems.append("Cần mã cột đèn hoặc tủ điện (tối đa 40 ký tự).") }
        if let existing = try await LightPoint.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$code == code).first(), existing.id != editing?.id {
            problems.append("Mã \(code) đã có trong sổ.")
        }
        if form.location.trimmedOrEmpty.isEmpty || form.location.trimmedOrEmpty.count > 300 { problems.append("Cần vị trí (tối đa 300 ký tự).") }
        if form.circuit.trimmedOrEmpty.count > 100 { problems.append("Tên mạch tối đa 100 ký tự.") }
        if CollectionSchedule.minutes(from: form.onTime ?? "") == nil || CollectionSchedule.minutes(from: form.offTime ?? "") == nil {
            problems.append("Giờ bật, tắt ghi dạng HH:mm, ví dụ 18:00.")
        }
        let lampCount = Int(form.lampCount.trimmedOrEmpty)
        if lampCount == nil || !(1...500).contains(lampCount ?? 0) { problems.append("Số bóng đèn từ 1 đến 500.") }
        guard problems.isEmpty, let lampCount else {
            let view = try await renderLights(req, form: form, errors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let light = editing ?? LightPoint()
        light.$commune.id = communeID
        light.code = code
        light.location = form.location.trimmedOrEmpty
        light.circuit = form.circuit.trimmedOrEmpty
        light.onTime = form.onTime.trimmedOrEmpty
        light.offTime = form.offTime.trimmedOrEmpty
        light.lampCount = lampCount
        light.isActive = form.isActive != nil
        try await req.writeTransaction { db in
            try await light.save(on: db)
            try await req.audit(AuditEvent(action: editing == nil ? "light_point.create" : "light_point.update", objectType: "light_point",
                                           objectID: code, communeID: communeID, summary: "\(code) — \(light.location)"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: PublicServicesURL.lightPoints.path))
    }

    private static func renderLights(_ req: Request, form: LightForm, errors: [String]) async throws -> View {
        let staff = try req.requireStaff()
        let lights = try await req.tenant.query(LightPoint.self).sort(\.$code).all()
        let faults = try await openReportCounts(req, by: \.$lightPoint.$id)
        let rows = try lights.map { light in
            LightRow(id: try light.requireID().uuidString, code: light.code, location: light.location, circuit: light.circuit,
                     onTime: light.onTime, offTime: light.offTime, lampCount: light.lampCount, isActive: light.isActive,
                     openFaults: light.id.flatMap { faults[$0] } ?? 0, hasOpenFaults: (light.id.flatMap { faults[$0] } ?? 0) > 0, updatePath: PublicServicesURL.lightPoint(.value(try light.requireID())).path)
        }.sorted { ($0.openFaults > 0 ? 0 : 1, $0.code) < ($1.openFaults > 0 ? 0 : 1, $1.code) }
        return try await req.view.render("public-services/lights", LightsPage(
            page: try await PageContext.make(for: req, title: "Sổ theo dõi chiếu sáng công cộng"),
            rows: rows, form: form, errors: FormErrors(errors), actionPath: PublicServicesURL.lightPoints.path,
            canEdit: staff.hasAny(PublicServicesAdmin.registerRoles) && staff.communeID != nil,
            faultyCount: rows.filter { $0.openFaults > 0 }.count
        ))
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The staff side of fault reports: each unit's queue with due times, a report with its reporter's contact,
/// changes of status with public notes, duplicates merged into their original, faults linked to a light.
enum FaultReportStaff {
    /// Roles that work on reports; unit staff see their own unit's kinds, leaders the whole commune.
    static let workingRoles: Set<Role> = [.communeLeader, .departmentHead, .specialist]
    static let viewingRoles: Set<Role> = workingRoles.union([.systemAdministrator, .provinceOffice])

    struct QueueRow: Encodable {
        let code: String
        let serviceName: String
        let unitName: String
        let address: String
        let status: String
        let requestedAt: String
        let expectedAt: String
        let isOverdue: Bool
        let href: String
    }

    struct QueuePage: Encodable {
        let page: PageContext
        let rows: [QueueRow]
        let hasRows: Bool
        let units: [OrganisationController.Option]
        let showFinished: Bool
        let queuePath: String
    }

    static func requireViewer(_ req: Request) throws -> StaffIdentity {
        let staff = try req.requireStaff()
        guard staff.hasAny(viewingRoles) else { throw AppError.forbidden }
        return staff
    }

    /// The departments whose reports the officer works on: their own unit, or every unit for a leader.
    static func ownUnitOnly(_ staff: StaffIdentity) -> UUID? {
        staff.hasAny([.communeLeader, .systemAdministrator, .provinceOffice]) ? nil : staff.departmentID
    }

    /// `GET /dich-vu-cong-cong/su-co[?don-vi=…&da-xong=1]`: open reports, the earliest due first.
    static func queue(req: Request) async throws -> View {
        let staff = try requireViewer(req)
        let unitFilter = (try? req.query.get(UUID.self, at: "don-vi")) ?? ownUnitOnly(staff)
        let showFinished = (try? req.query.get(String.self, at: "da-xong")) == "1"
        let types = try await req.tenant.query(ServiceType.self).all()
        let typeByID = Dictionary(uniqueKeysWithValues: types.compactMap { type in type.id.map { ($0, type) } })
        let departments = try await req.tenant.query(Department.self).filter(\.$isActive == true).sort(\.$name).all()
        let unitNames = Dictionary(uniqueKeysWithValues: departments.compactMap { unit in unit.id.map { ($0, unit.name) } })
        var query = try req.tenant.query(ServiceRequest.self)
        let finished = ServiceRequestStatus.allCases.filter(\.isFinished)
        query = showFinished ? query.filter(\.$status ~~ finished) : query.filter(\.$status !~ finished)
        if let unitFilter {
            query = query.filter(\.$serviceType.$id ~~ types.filter { $0.$department.id == unitFilter }.compactMap(\.id))
        }
        let requests = try await query.sort(\.$expectedAt).limit(300).all()
        let now = req.now
        return try await req.view.render("public-services/queue", QueuePage(
            page: try await PageContext.make(for: req, title: "Phản ánh sự cố cần xử lý"),
            rows: try requests.map { request in
                let type = typeByID[request.$serviceType.id]
                return QueueRow(
                    code: request.code, serviceName: type?.name ?? "", unitName: type.flatMap { unitNames[$0.$department.id] } ?? "",
                    address: request.address, status: request.status.vietnameseName,
                    requestedAt: VietnameseFormat.dateTime(request.requestedAt), expectedAt: VietnameseFormat.dateTime(request.expectedAt),
                    isOverdue: !request.status.isFinished && now > request.expectedAt,
                    href: PublicServicesURL.staffReport(.value(try request.requireID())).path
                )
            },
            hasRows: !requests.isEmpty,
            units: departments.compactMap { unit in unit.id.map { .init(value: $0.uuidString, label: unit.name, isSelected: $0 == unitFilter) } },
            showFinished: showFinished, queuePath: PublicServicesURL.queue.path
        ))
    }

    struct StaffStep: Encodable {
        let status: String
        let note: String?
        let at: String
        let by: String
    }

    struct Answer: Encodable {
        let question: String
        let answer: String
    }

    struct Photo: Encodable {
        let href: String
    }

    struct ReportPage: Encodable {
        let page: PageContext
        let report: FaultReportPages.PublicReport
        let publicHref: String
        let reporter: String
        let channel: String
        let coordinates: String?
        let unitName: String
        let responseTime: String
        let answers: [Answer]
        let photos: [Photo]
        let hasPhotos: Bool
        let steps: [StaffStep]
        let targets: [OrganisationController.Option]
        let canChange: Bool
        let version: Int
        let statusPath: String
        let route: String?
        let lightPoint: String?
        let lightPoints: [OrganisationController.Option]
        let isLighting: Bool
        let lightPath: String
        let duplicateOf: String?
        let duplicates: [String]
    }

    /// `GET /dich-vu-cong-cong/su-co/:code`: everything about a report, the reporter's contact included.
    static func show(req: Request) async throws -> View {
        let staff = try requireViewer(req)
        let request = try await requestInScope(req)
        let serviceType = try await request.$serviceType.get(on: req.db)
        let department = try await serviceType.$department.get(on: req.db)
        let commune = try await request.$commune.get(on: req.db)
        let updates = try await ServiceRequestUpdate.query(on: req.db).filter(\.$commune.$id == request.$commune.id)
            .filter(\.$request.$id == request.requireID()).sort(\.$at).all()
        let photos = try await ServiceRequestPhoto.query(on: req.db).filter(\.$commune.$id == request.$commune.id)
            .filter(\.$request.$id == request.requireID()).all()
        let route = try await request.$collectionRoute.get(on: req.db)
        let light = try await request.$lightPoint.get(on: req.db)
        let lights = serviceType.topic == .lighting
            ? try await LightPoint.query(on: req.db).filter(\.$commune.$id == request.$commune.id).filter(\.$isActive == true).sort(\.$code).all() : []
        let duplicateOf = try await request.$duplicateOf.get(on: req.db)
        let duplicates = try await ServiceRequest.query(on: req.db).filter(\.$commune.$id == request.$commune.id)
            .filter(\.$duplicateOf.$id == request.requireID()).all().map(\.code)
        let canChange = canWork(staff, on: serviceType)
        // The reporter's contact is for those who act on the report: its unit and the commune's leaders.
        let reporter = canChange ? [request.reporterName, request.reporterPhone, request.reporterEmail].compactMap { $0 }.joined(separator: " — ") : ""
        let isAnonymous = request.reporterName == nil && request.reporterPhone == nil && request.reporterEmail == nil
        if !reporter.isEmpty {
            // Personal data seen by an officer is journalled, as for dossiers.
            try await req.writeTransaction { db in
                try await req.audit(AuditEvent(action: "service_request.view_personal_data", objectType: "service_request", objectID: request.code,
                                               communeID: request.$commune.id, summary: "Xem thông tin người phản ánh"), on: db)
            }
        }
        let questions = Dictionary(uniqueKeysWithValues: serviceType.questions.map { ($0.code, $0.description) })
        return try await req.view.render("public-services/staff-report", ReportPage(
            page: try await PageContext.make(for: req, title: "Phản ánh \(request.code)"),
            report: FaultReportPages.publicReport(request, serviceName: serviceType.name, slug: commune.slug, now: req.now),
            publicHref: PublicServicesURL.report(.value(commune.slug), .value(request.code)).path,
            reporter: isAnonymous ? "Ẩn danh" : (reporter.isEmpty ? "Chỉ đơn vị xử lý và lãnh đạo xã xem được" : reporter),
            channel: request.channel == .web ? "Trang web của xã" : "Open311",
            coordinates: request.latitude.flatMap { lat in request.longitude.map { String(format: "%.6f, %.6f", lat, $0) } },
            unitName: department.name, responseTime: serviceType.responseTime.vietnameseDescription,
            answers: request.answers.sorted { $0.key < $1.key }.map { Answer(question: questions[$0.key] ?? $0.key, answer: $0.value) },
            photos: try photos.map { Photo(href: PublicServicesURL.reportPhoto(.value(try request.requireID()), .value(try $0.requireID())).path) },
            hasPhotos: !photos.isEmpty,
            steps: updates.map { StaffStep(status: $0.status.vietnameseName, note: $0.note.isEmpty ? nil : $0.note, at: VietnameseFormat.dateTime($0.at),
                                           by: $0.officerUsername ?? ($0.author == .citizen ? "Người phản ánh" : "Hệ thống")) },
            targets: request.status.staffTargets.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: false) },
            canChange: canChange, version: request.version, statusPath: PublicServicesURL.changeStatus(.value(try request.requireID())).path,
            route: route.map { "\($0.name): \($0.route.weekdaysDescription), \($0.route.timeWindowDescription) — \($0.collector) \($0.collectorPhone)" },
            lightPoint: light.map { "\($0.code) — \($0.location) (mạch \($0.circuit))" },
            lightPoints: try lights.map { .init(value: try $0.requireID().uuidString, label: "\($0.code) — \($0.location)", isSelected: $0.id == light?.id) },
            isLighting: serviceType.topic == .lighting && canChange, lightPath: PublicServicesURL.linkLightPoint(.value(try request.requireID())).path,
            duplicateOf: duplicateOf?.code, duplicates: duplicates
        ))
    }

    /// Whether the officer may change reports of this kind: a leader of the commune, or staff of the responsible unit.
    static func canWork(_ staff: StaffIdentity, on serviceType: ServiceType) -> Bool {
        guard staff.communeID == serviceType.$commune.id else { return false }
        if staff.has(.communeLeader) { return true }
        return staff.hasAny([.departmentHead, .specialist]) && staff.departmentID == serviceType.$department.id
    }

    static func requestInScope(_ req: Request) async throws -> ServiceRequest {
        try await req.tenant.find(ServiceRequest.self, req.parameters.get(PublicServicesURL.Key.reportID, as: UUID.self))
    }

    struct StatusForm: Content {
        var status: String?
        var note: String?
        var duplicateOf: String?
        var version: Int?
    }

    /// `POST /dich-vu-cong-cong/su-co/:code/trang-thai`.
    static func changeStatus(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let request = try await requestInScope(req)
        let serviceType = try await request.$serviceType.get(on: req.db)
        guard canWork(staff, on: serviceType) else { throw AppError.forbidden }
        let form = try req.content.decode(StatusForm.self)
        guard let target = form.status.flatMap(ServiceRequestStatus.init(rawValue:)) else { throw AppError.invalid("Cần chọn trạng thái mới.") }
        try await ServiceRequestService.changeStatus(
            of: request, to: target, note: form.note.trimmedOrEmpty, duplicateOfCode: form.duplicateOf.trimmedOrNil,
            expectedVersion: form.version, by: staff, on: req
        )
        return req.redirect(to: Notice.saved.appended(to: PublicServicesURL.staffReport(.value(try request.requireID())).path))
    }

    struct LightForm: Content {
        var lightPointID: UUID?
    }

    /// `POST /dich-vu-cong-cong/su-co/:code/cot-den`: links a lighting fault to the light it concerns.
    static func linkLightPoint(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let request = try await requestInScope(req)
        let serviceType = try await request.$serviceType.get(on: req.db)
        guard canWork(staff, on: serviceType), serviceType.topic == .lighting else { throw AppError.forbidden }
        let form = try req.content.decode(LightForm.self)
        let light = try await form.lightPointID.asyncFlatMap { id in
            try await LightPoint.query(on: req.db).filter(\.$commune.$id == request.$commune.id).filter(\.$id == id).first()
        }
        if form.lightPointID != nil, light == nil { throw AppError.invalid("Không có cột đèn này trong xã.") }
        let requestID = try request.requireID()
        let lightID = try light?.requireID()
        try await req.writeTransaction { db in
            guard let current = try await ServiceRequest.find(requestID, on: db) else { throw AppError.notFound }
            current.$lightPoint.id = lightID
            try await current.save(on: db)
            try await req.audit(AuditEvent(action: "service_request.link_light", objectType: "service_request", objectID: current.code,
                                           communeID: current.$commune.id, summary: light.map { "Gắn với cột đèn \($0.code)" } ?? "Bỏ gắn cột đèn"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: PublicServicesURL.staffReport(.value(try request.requireID())).path))
    }

    /// `GET /dich-vu-cong-cong/su-co/:code/anh/:photoID`: a photo, for staff only (photos may show people and homes).
    static func photo(req: Request) async throws -> Response {
        _ = try requireViewer(req)
        let request = try await requestInScope(req)
        guard let photoID = req.parameters.get(PublicServicesURL.Key.photoID, as: UUID.self),
              let photo = try await ServiceRequestPhoto.query(on: req.db).filter(\.$commune.$id == request.$commune.id)
                .filter(\.$request.$id == request.requireID()).filter(\.$id == photoID).first()
        else { throw AppError.notFound }
        let bytes = try await req.application.fileStore.read(photo.fileKey)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "image", subType: photo.mediaType == "image/png" ? "png" : "jpeg")
        headers.add(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: Data(bytes)))
    }
}

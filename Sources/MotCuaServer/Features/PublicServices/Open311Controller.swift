import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Open311 GeoReport v2 at `/open311/v2/`, in XML and JSON, with FixMyStreet's `servicerequestupdates`.
///
/// `jurisdiction_id` is the commune's web domain. Every error is the spec's list of `{code, description}`
/// with 400, 403 or 404 (and 429 when a client posts too often).
enum Open311Controller {
    static let specification = "http://wiki.open311.org/GeoReport_v2"
    static let changeset = "2026-11-29T00:00:00+07:00"

    // MARK: routing by document name

    /// `GET /open311/v2/:document` — `discovery`, `services`, `requests`, `servicerequestupdates`.
    static func getDocument(req: Request) async -> Response {
        await answer(req, component: req.parameters.get(PublicServicesURL.Key.open311Document)) { name, format in
            switch name {
            case "discovery": return (discovery(req), "discovery")
            case "services": return (try await services(req), "services")
            case "requests": return (try await requests(req), "service_requests")
            case "servicerequestupdates": return (try await updates(req), "service_request_updates")
            default: throw Open311Error.notFound("Không có tài liệu \(name) trong Open311 GeoReport v2.")
            }
        }
    }

    /// `POST /open311/v2/:document` — `requests`, `servicerequestupdates`, form-encoded with `api_key`.
    static func postDocument(req: Request) async -> Response {
        await answer(req, component: req.parameters.get(PublicServicesURL.Key.open311Document)) { name, format in
            switch name {
            case "requests": return (try await createRequest(req), "service_requests")
            case "servicerequestupdates": return (try await createUpdate(req), "service_request_updates")
            default: throw Open311Error.notFound("Không thể gửi tới \(name).")
            }
        }
    }

    /// `GET /open311/v2/services/:code.{format}`: the service definition with its attributes.
    static func getService(req: Request) async -> Response {
        await answer(req, component: req.parameters.get(PublicServicesURL.Key.open311File)) { code, _ in
            (try await serviceDefinition(req, code: code), "service_definition")
        }
    }

    /// `GET /open311/v2/requests/:id.{format}`.
    static func getRequest(req: Request) async -> Response {
        await answer(req, component: req.parameters.get(PublicServicesURL.Key.open311File)) { id, _ in
            let commune = try await jurisdiction(req, parameters: queryParameters(req))
            guard let request = try await ServiceRequestService.find(code: id, communeID: commune.requireID(), on: req.readDB) else {
                throw Open311Error.notFound("Không có phản ánh \(id).")
            }
            return (.list(itemName: "request", try await describe([request], communeID: commune.requireID(), on: req.readDB)), "service_requests")
        }
    }

    /// `GET /open311/v2/tokens/:token.{format}`: the id behind a token returned by `POST requests`.
    static func getToken(req: Request) async -> Response {
        await answer(req, component: req.parameters.get(PublicServicesURL.Key.open311File)) { token, _ in
            guard let request = try await ServiceRequest.query(on: req.readDB).filter(\.$tokenHash ~~ [AccessToken.hash(ReporterCode.normalised(token)), AccessToken.hash(token)]).first() else {
                throw Open311Error.notFound("Không có token này.")
            }
            return (.list(itemName: "request", [.object([("service_request_id", .text(request.code)), ("token", .text(token))])]), "service_requests")
        }
    }

    /// Splits the format suffix, runs the handler and writes its document or the spec's error list in that format.
    private static func answer(
        _ req: Request, component: String?, _ handler: (String, Open311Format) async throws -> (Open311Value, String)
    ) async -> Response {
        guard let component, let (name, format) = Open311Format.split(component) else {
            return render(Open311Error.notFound("Cần đuôi .json hoặc .xml.").document, root: "errors", format: .xml, status: .notFound)
        }
        do {
            let (document, root) = try await handler(name.removingPercentEncoding ?? name, format)
            return render(document, root: root, format: format, status: .ok)
        } catch let error as Open311Error {
            return render(error.document, root: "errors", format: format, status: HTTPResponseStatus(statusCode: error.httpStatus))
        } catch let error as AppError {
            let status = error.status == .tooManyRequests ? error.status : (error.status == .notFound ? .notFound : .badRequest)
            let response = render(Open311Error(httpStatus: Int(status.code), description: error.message).document, root: "errors", format: format, status: status)
            response.headers.add(contentsOf: error.headers)
            return response
        } catch let error where UnstorableText.isUnstorable(error) {
            return render(Open311Error(httpStatus: 400, description: UnstorableText.message).document, root: "errors", format: format, status: .badRequest)
        } catch {
            req.logger.error("Open311: \(String(reflecting: error))")
            return render(Open311Error(httpStatus: 500, description: "Lỗi máy chủ.").document, root: "errors", format: format, status: .internalServerError)
        }
    }

    private static func render(_ document: Open311Value, root: String, format: Open311Format, status: HTTPResponseStatus) -> Response {
        var headers = HTTPHeaders()
        let body: String
        switch format {
        case .json:
            headers.contentType = .json
            body = document.json
        case .xml:
            headers.replaceOrAdd(name: .contentType, value: "text/xml; charset=utf-8")
            body = document.xmlDocument(root: root)
        }
        return Response(status: status, headers: headers, body: .init(string: body))
    }

    // MARK: parameters

    static func queryParameters(_ req: Request) -> [String: String] {
        formParameters(req.url.query ?? "")
    }

    /// Parses `application/x-www-form-urlencoded` text; brackets stay in the names (`attribute[ma_cot]`).
    static func formParameters(_ text: String) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            guard let name = parts.first.map(decode), !name.isEmpty else { continue }
            parameters[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return parameters
    }

    /// A POST's fields, and the photos of a `multipart/form-data` one.
    struct PostedForm {
        var parameters: [String: String]
        var photos: [[UInt8]]
    }

    /// A multipart body read in one pass: parts with a file name are photos, the others are fields.
    private struct MultipartBody: Decodable {
        var fields: [String: String] = [:]
        var photos: [[UInt8]] = []

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                if let file = try? container.decode(File.self, forKey: key), !file.filename.isEmpty {
                    if file.data.readableBytes > 0 { photos.append(Array(file.data.readableBytesView)) }
                } else if let text = try? container.decode(String.self, forKey: key) {
                    fields[key.stringValue] = text
                }
            }
        }
    }

    /// The parameters of a POST: its form body (urlencoded, or multipart with a photo), and `api_key` and
    /// `jurisdiction_id` also from the query string, where several client libraries put them; the body wins.
    static func postedForm(_ req: Request) throws -> PostedForm {
        guard let type = req.headers.contentType else { throw unsupportedBody }
        var form: PostedForm
        switch (type.type, type.subType) {
        case ("application", "x-www-form-urlencoded"):
            form = PostedForm(parameters: formParameters(req.body.string ?? ""), photos: [])
        case ("multipart", "form-data"):
            guard let body = try? req.content.decode(MultipartBody.self) else {
                throw Open311Error.badRequest("Không đọc được dữ liệu multipart/form-data.")
            }
            form = PostedForm(parameters: body.fields, photos: body.photos)
        default:
            throw unsupportedBody
        }
        let addressing = queryParameters(req).filter { $0.key == "api_key" || $0.key == "jurisdiction_id" }
        form.parameters = addressing.merging(form.parameters) { _, body in body }
        return form
    }

    private static let unsupportedBody = Open311Error.badRequest("Dữ liệu gửi lên phải ở dạng application/x-www-form-urlencoded hoặc multipart/form-data.")

    /// The commune whose web domain is `jurisdiction_id`.
    static func jurisdiction(_ req: Request, parameters: [String: String]) async throws -> Commune {
        guard let domain = parameters["jurisdiction_id"]?.trimmingCharacters(in: .whitespaces).lowercased(), !domain.isEmpty else {
            throw Open311Error.badRequest("Cần jurisdiction_id (tên miền của xã, ví dụ phungcong.hungyen.gov.vn).")
        }
        guard let commune = try await Commune.query(on: req.readDB).filter(\.$webDomain == domain).filter(\.$isActive == true).first() else {
            throw Open311Error.notFound("Không có xã, phường nào với jurisdiction_id \(domain).")
        }
        return commune
    }

    // MARK: documents

    static func discovery(_ req: Request) -> Open311Value {
        .object([
            ("changeset", .text(changeset)),
            ("contact", .text("Văn phòng HĐND–UBND xã; khoá API do quản trị của xã cấp.")),
            ("key_service", .text("Quản trị của xã cấp khoá tại " + req.publicURL(path: PublicServicesURL.apiClients.path))),
            ("endpoints", .list(itemName: "endpoint", [
                .object([
                    ("specification", .text(specification)),
                    ("url", .text(req.publicURL(path: "/open311/v2"))),
                    ("changeset", .text(changeset)),
                    ("type", .text("production")),
                    ("formats", .list(itemName: "format", [.text("text/xml"), .text("application/json")])),
                ]),
            ])),
        ])
    }

    static func services(_ req: Request) async throws -> Open311Value {
        let commune = try await jurisdiction(req, parameters: queryParameters(req))
        let types = try await ServiceType.query(on: req.readDB).filter(\.$commune.$id == commune.requireID()).filter(\.$isActive == true).sort(\.$name).all()
        return .list(itemName: "service", types.map { type in
            .object([
                ("service_code", .text(type.code)),
                ("service_name", .text(type.name)),
                ("description", .optional(type.description)),
                ("metadata", .boolean(!type.questions.isEmpty)),
                ("type", .text("realtime")),
                ("keywords", .optional(type.keywords)),
                ("group", .text(type.topic.vietnameseName)),
            ])
        })
    }

    static func serviceDefinition(_ req: Request, code: String) async throws -> Open311Value {
        let commune = try await jurisdiction(req, parameters: queryParameters(req))
        guard let type = try await FaultReportPages.activeType(code: code, communeID: commune.requireID(), on: req.readDB) else {
            throw Open311Error.notFound("Không có service_code \(code).")
        }
        return .object([
            ("service_code", .text(type.code)),
            ("attributes", .list(itemName: "attribute", type.questions.enumerated().map { index, question in
                .object([
                    ("variable", .boolean(true)),
                    ("code", .text(question.code)),
                    ("datatype", .text(question.datatype.rawValue)),
                    ("required", .boolean(question.required)),
                    ("datatype_description", .optional(question.datatype == .number ? "Một con số" : nil)),
                    ("order", .number(Double(index + 1))),
                    ("description", .text(question.description)),
                    ("values", .list(itemName: "value", question.choices.map { .object([("key", .text($0.key)), ("name", .text($0.name))]) })),
                ])
            })),
        ])
    }

    static func requests(_ req: Request) async throws -> Open311Value {
        let parameters = queryParameters(req)
        let commune = try await jurisdiction(req, parameters: parameters)
        let communeID = try commune.requireID()
        let filter = try Open311RequestQuery(parameters: parameters, now: req.now)
        var query = ServiceRequest.query(on: req.readDB).filter(\.$commune.$id == communeID)
        if !filter.requestIDs.isEmpty {
            query = query.filter(\.$code ~~ filter.requestIDs.map { $0.uppercased() })
        } else {
            query = query.filter(\.$requestedAt >= filter.start).filter(\.$requestedAt <= filter.end)
            if !filter.serviceCodes.isEmpty {
                let typeIDs = try await ServiceType.query(on: req.readDB).filter(\.$commune.$id == communeID).filter(\.$code ~~ filter.serviceCodes).all().compactMap(\.id)
                query = query.filter(\.$serviceType.$id ~~ typeIDs)
            }
            let finished = ServiceRequestStatus.allCases.filter(\.isFinished)
            switch filter.finished {
            case true?: query = query.filter(\.$status ~~ finished)
            case false?: query = query.filter(\.$status !~ finished)
            case nil: break
            }
        }
        let found = try await query.sort(\.$requestedAt, .descending).limit(Open311RequestQuery.resultLimit).all()
        return .list(itemName: "request", try await describe(found, communeID: communeID, on: req.readDB))
    }

    /// The public fields of requests: never the reporter's name, phone or email.
    static func describe(_ requests: [ServiceRequest], communeID: UUID, on db: any Database) async throws -> [Open311Value] {
        guard !requests.isEmpty else { return [] }
        let types = try await ServiceType.query(on: db).filter(\.$commune.$id == communeID).all()
        let typeByID = Dictionary(uniqueKeysWithValues: types.compactMap { type in type.id.map { ($0, type) } })
        let departments = try await Department.query(on: db).filter(\.$commune.$id == communeID).all()
        let unitNames = Dictionary(uniqueKeysWithValues: departments.compactMap { unit in unit.id.map { ($0, unit.name) } })
        let updates = try await ServiceRequestUpdate.query(on: db).filter(\.$commune.$id == communeID)
            .filter(\.$request.$id ~~ requests.compactMap(\.id)).sort(\.$at).all()
        var latestNote: [UUID: String] = [:]
        for update in updates where !update.note.isEmpty { latestNote[update.$request.id] = update.note }
        return requests.map { request in
            let type = typeByID[request.$serviceType.id]
            return .object([
                ("service_request_id", .text(request.code)),
                ("status", .text(request.status.open311Status)),
                ("status_notes", .text(request.status.vietnameseName + (request.id.flatMap { latestNote[$0] }.map { ": " + $0 } ?? ""))),
                ("service_name", .optional(type?.name)),
                ("service_code", .optional(type?.code)),
                ("description", .optional(request.description)),
                ("agency_responsible", .optional(type.flatMap { unitNames[$0.$department.id] })),
                ("service_notice", .optional(type.map { "Phản hồi trong " + $0.responseTime.vietnameseDescription })),
                ("requested_datetime", .text(Open311DateTime.string(request.requestedAt))),
                ("updated_datetime", .text(Open311DateTime.string(request.updatedAt))),
                ("expected_datetime", .text(Open311DateTime.string(request.expectedAt))),
                ("address", .optional(request.address)),
                ("address_id", .null),
                ("zipcode", .null),
                ("lat", request.latitude.map(Open311Value.number) ?? .null),
                ("long", request.longitude.map(Open311Value.number) ?? .null),
                ("media_url", .optional(request.mediaURL)),
            ])
        }
    }

    /// The keyed client of the commune, or a 403.
    static func requireClient(_ req: Request, parameters: [String: String], communeID: UUID) async throws -> Open311Client {
        guard let key = parameters["api_key"], !key.isEmpty,
              let client = try await Open311Client.query(on: req.db).filter(\.$keyHash == AccessToken.hash(key)).filter(\.$commune.$id == communeID)
                .filter(\.$revokedAt == nil).first()
        else { throw Open311Error.forbidden("api_key không hợp lệ hoặc đã bị thu hồi.") }
        return client
    }

    static func createRequest(_ req: Request) async throws -> Open311Value {
        try req.application.faultReportRateLimiter.check(req)
        let form = try postedForm(req)
        let parameters = form.parameters
        let commune = try await jurisdiction(req, parameters: parameters)
        let communeID = try commune.requireID()
        let client = try await requireClient(req, parameters: parameters, communeID: communeID)
        guard let code = parameters["service_code"]?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
            throw Open311Error.badRequest("Cần service_code.")
        }
        guard let serviceType = try await FaultReportPages.activeType(code: code, communeID: communeID, on: req.db) else {
            throw Open311Error.badRequest("service_code \(code) không có trong danh sách dịch vụ của xã.")
        }
        func number(_ key: String) throws -> Double? {
            guard let text = parameters[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let value = Double(text) else { throw Open311Error.badRequest("\(key) phải là số thập phân.") }
            return value
        }
        let latitude = try number("lat")
        let longitude = try number("long")
        let address = [parameters["address_string"], parameters["address_id"].map { "Mã địa chỉ: " + $0 }]
            .compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
        if address.isEmpty && (latitude == nil || longitude == nil) {
            throw Open311Error.badRequest("Cần vị trí: lat và long, hoặc address_string, hoặc address_id.")
        }
        var answers: [String: String] = [:]
        for (key, value) in parameters where key.hasPrefix("attribute[") && key.hasSuffix("]") {
            answers[String(key.dropFirst("attribute[".count).dropLast())] = value
        }
        let name = [parameters["first_name"], parameters["last_name"]].compactMap { $0?.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        // GeoReport v2 makes `description` optional: a photo's address or the answers may be the whole report.
        var description = (parameters["description"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let mediaURL = parameters["media_url"]?.trimmingCharacters(in: .whitespaces) ?? ""
        if description.isEmpty, !mediaURL.isEmpty || !form.photos.isEmpty || answers.values.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            description = serviceType.name + " (báo qua ứng dụng, không kèm mô tả; xem ảnh hoặc thông tin kèm theo)."
        }
        let submission = ServiceRequestService.Submission(
            description: description, address: address, latitude: latitude, longitude: longitude,
            reporterName: name.isEmpty ? nil : name, reporterPhone: parameters["phone"], reporterEmail: parameters["email"],
            answers: answers, mediaURL: parameters["media_url"], photos: form.photos
        )
        if let problem = ServiceRequestService.problems(of: submission, for: serviceType).problems.first {
            throw Open311Error.badRequest("\(problem.field): \(problem.message)")
        }
        let created = try await ServiceRequestService.submit(submission, serviceType: serviceType, channel: .open311, apiClientID: try client.requireID(), on: req)
        return .list(itemName: "request", [.object([
            ("service_request_id", .text(created.code)),
            ("token", .text(created.token)),
            ("service_notice", .text("Dự kiến phản hồi trước " + Open311DateTime.string(created.expectedAt))),
            ("account_id", .null),
        ])])
    }

    static func updates(_ req: Request) async throws -> Open311Value {
        let parameters = queryParameters(req)
        let commune = try await jurisdiction(req, parameters: parameters)
        let communeID = try commune.requireID()
        let filter = try Open311RequestQuery(parameters: parameters.filter { $0.key == "start_date" || $0.key == "end_date" }, now: req.now)
        let updates = try await ServiceRequestUpdate.query(on: req.readDB).filter(\.$commune.$id == communeID)
            .filter(\.$at >= filter.start).filter(\.$at <= filter.end).sort(\.$at).limit(Open311RequestQuery.resultLimit).all()
        let requestIDs = Set(updates.map { $0.$request.id })
        let codes = Dictionary(uniqueKeysWithValues: try await ServiceRequest.query(on: req.readDB).filter(\.$commune.$id == communeID)
            .filter(\.$id ~~ Array(requestIDs)).all().compactMap { request in request.id.map { ($0, request.code) } })
        return .list(itemName: "request_update", updates.map { update in
            .object([
                ("update_id", .optional(update.id?.uuidString.lowercased())),
                ("service_request_id", .optional(codes[update.$request.id])),
                ("status", .text(update.status.fixMyStreetStatus)),
                ("updated_datetime", .text(Open311DateTime.string(update.at))),
                ("description", .optional(update.note)),
                ("media_url", .null),
            ])
        })
    }

    /// `POST servicerequestupdates`: a reporter's update relayed by a keyed client. From the client that filed the report,
    /// `OPEN`/`REOPEN` on a finished report reopens it (within the week) and `FIXED`/`CLOSED` on a fixed report confirms
    /// it; from any other client such a change is refused (403); anything else is a comment.
    static func createUpdate(_ req: Request) async throws -> Open311Value {
        try req.application.faultReportRateLimiter.check(req)
        let parameters = try postedForm(req).parameters
        let commune = try await jurisdiction(req, parameters: parameters)
        let communeID = try commune.requireID()
        let client = try await requireClient(req, parameters: parameters, communeID: communeID)
        guard let id = parameters["service_request_id"], !id.isEmpty else { throw Open311Error.badRequest("Cần service_request_id.") }
        guard let request = try await ServiceRequestService.find(code: id, communeID: communeID, on: req.db) else {
            throw Open311Error.notFound("Không có phản ánh \(id).")
        }
        let status = (parameters["status"] ?? "").uppercased()
        let note = (parameters["description"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > ServiceRequestRules.noteLimit { throw Open311Error.badRequest("description tối đa 2.000 ký tự.") }
        // Only the client that filed the report speaks for its reporter; any other client may add a comment.
        let speaksForReporter = request.$apiClient.id != nil && request.$apiClient.id == client.id
        let reopens = ["OPEN", "REOPEN"].contains(status) && request.status.isFinished
        let confirms = ["FIXED", "CLOSED"].contains(status) && request.status == .fixed
        if (reopens || confirms) && !speaksForReporter {
            throw Open311Error.forbidden("Chỉ ứng dụng đã gửi phản ánh này mới xác nhận hoặc mở lại được.")
        }
        if reopens {
            try await ServiceRequestService.citizenResponse(to: request, reopens: true, note: note, on: req)
        } else if confirms {
            try await ServiceRequestService.citizenResponse(to: request, reopens: false, note: note, on: req)
        } else if ["OPEN", "REOPEN", "FIXED", "CLOSED", ""].contains(status) {
            _ = try await ServiceRequestService.citizenComment(on: request, note: note, on: req)
        } else {
            throw Open311Error.badRequest("status chỉ nhận OPEN, REOPEN, FIXED hoặc CLOSED.")
        }
        let latest = try await ServiceRequestUpdate.query(on: req.db).filter(\.$commune.$id == communeID)
            .filter(\.$request.$id == request.requireID()).sort(\.$at, .descending).first()
        return .list(itemName: "request_update", [.object([("update_id", .optional(latest?.id?.uuidString.lowercased()))])])
    }
}

import Crypto
import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The commune's settings for public services: kinds of report, Open311 keys, collection routes and lights.
enum PublicServicesAdmin {
    /// Who keeps the kinds of report, routes and lights: the commune's leaders and administrators.
    static let managingRoles: Set<Role> = [.communeLeader, .systemAdministrator]
    /// Who keeps routes and lights as well: the units that run them.
    static let registerRoles: Set<Role> = managingRoles.union([.departmentHead, .specialist])

    /// The officer's own commune, required for any change: province staff read, communes write.
    static func requireCommuneStaff(_ req: Request, _ roles: Set<Role>) throws -> (StaffIdentity, UUID) {
        let staff = try req.requireStaff()
        guard staff.hasAny(roles), let communeID = staff.communeID else { throw AppError.forbidden }
        return (staff, communeID)
    }

    // MARK: kinds of report

    struct TypeRow: Encodable {
        let code: String
        let name: String
        let topic: String
        let unitName: String
        let responseTime: String
        let questionCount: Int
        let isActive: Bool
        let href: String
    }

    struct TypeForm: Content {
        var code: String?
        var name: String?
        var description: String?
        var topic: String?
        var departmentID: UUID?
        var responseUnit: String?
        var responseAmount: String?
        var keywords: String?
        /// One question per line: `code | kind | required (co/khong) | question | key=name; key=name`.
        var questions: String?
        var isActive: String?
    }

    struct TypesPage: Encodable {
        let page: PageContext
        let rows: [TypeRow]
        let form: TypeForm
        let errors: FormErrors
        let topics: [OrganisationController.Option]
        let units: [OrganisationController.Option]
        let responseUnits: [OrganisationController.Option]
        let actionPath: String
        let isEditing: Bool
        let canManage: Bool
    }

    /// `GET /dich-vu-cong-cong/loai-su-co`.
    static func serviceTypes(req: Request) async throws -> View {
        _ = try FaultReportStaff.requireViewer(req)
        return try await renderTypes(req, form: TypeForm(responseUnit: "days", responseAmount: "3", isActive: "on"), editing: nil, errors: [])
    }

    /// `GET /dich-vu-cong-cong/loai-su-co/:code`: the same page with the kind's form filled.
    static func serviceType(req: Request) async throws -> View {
        _ = try FaultReportStaff.requireViewer(req)
        let type = try await typeInScope(req)
        let questionLines = type.questions.map(questionLine).joined(separator: "\n")
        return try await renderTypes(req, form: TypeForm(
            code: type.code, name: type.name, description: type.description, topic: type.topic.rawValue, departmentID: type.$department.id,
            responseUnit: type.responseUnit, responseAmount: String(type.responseAmount), keywords: type.keywords,
            questions: questionLines, isActive: type.isActive ? "on" : nil
        ), editing: type, errors: [])
    }

    /// `POST /dich-vu-cong-cong/loai-su-co`: a new kind of report.
    static func createServiceType(req: Request) async throws -> Response {
        try await saveType(req, editing: nil)
    }

    /// `POST /dich-vu-cong-cong/loai-su-co/:code`: changes to a kind (its code stays: Open311 clients use it).
    static func updateServiceType(req: Request) async throws -> Response {
        let (_, communeID) = try requireCommuneStaff(req, managingRoles)
        let type = try await typeInScope(req)
        guard type.$commune.id == communeID else { throw AppError.notFound }
        return try await saveType(req, editing: type)
    }

    private static func typeInScope(_ req: Request) async throws -> ServiceType {
        try await req.tenant.find(ServiceType.self, req.parameters.get(PublicServicesURL.Key.serviceTypeID, as: UUID.self))
    }

    static func questionLine(_ question: ServiceQuestion) -> String {
        [question.code, question.datatype.rawValue, question.required ? "co" : "khong", question.description,
         question.choices.map { "\($0.key)=\($0.name)" }.joined(separator: "; ")].joined(separator: " | ")
    }

    /// Reads the questions written one per line; returns them or the problems, each naming its line.
    static func parseQuestions(_ text: String) -> ([ServiceQuestion], [String]) {
        var questions: [ServiceQuestion] = []
        var problems: [String] = []
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for (index, line) in lines.enumerated() {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count >= 4, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
                  let datatype = ServiceQuestion.Datatype(rawValue: parts[1]), ["co", "khong"].contains(parts[2]), !parts[3].isEmpty
            else {
                problems.append("Câu hỏi dòng \(index + 1) cần dạng: mã | string/number/text/singlevaluelist | co/khong | câu hỏi | khoá=tên; …")
                continue
            }
            let choices: [ServiceQuestion.Choice] = parts.count > 4 ? parts[4].split(separator: ";").compactMap { pair in
                let keyAndName = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return keyAndName.count == 2 && !keyAndName[0].isEmpty ? .init(key: keyAndName[0], name: keyAndName[1]) : nil
            } : []
            if datatype == .singlevaluelist && choices.isEmpty { problems.append("Câu hỏi dòng \(index + 1) là danh sách chọn nhưng chưa có lựa chọn.") }
            questions.append(ServiceQuestion(code: parts[0], datatype: datatype, required: parts[2] == "co", description: parts[3], choices: choices))
        }
        if Set(questions.map(\.code)).count != questions.count { problems.append("Mã câu hỏi bị trùng.") }
        return (questions, problems)
    }

    private static func saveType(_ req: Request, editing: ServiceType?) async throws -> Response {
        let (_, communeID) = try requireCommuneStaff(req, managingRoles)
        let form = try req.content.decode(TypeForm.self)
        var problems: [String] = []
        let code = (editing?.code ?? form.code.trimmedOrEmpty).lowercased()
        if editing == nil {
            if code.isEmpty || code.count > 40 || !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
                problems.append("Mã loại sự cố chỉ gồm chữ không dấu, số và dấu gạch ngang (tối đa 40 ký tự).")
            } else if try await ServiceType.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$code == code).first() != nil {
                problems.append("Mã \(code) đã có.")
            }
        }
        let name = form.name.trimmedOrEmpty
        if name.isEmpty || name.count > 200 { problems.append("Cần tên loại sự cố (tối đa 200 ký tự).") }
        if form.description.trimmedOrEmpty.count > 1000 { problems.append("Mô tả tối đa 1.000 ký tự.") }
        let topic = form.topic.flatMap(ServiceTopic.init(rawValue:))
        if topic == nil { problems.append("Cần chọn lĩnh vực.") }
        let department = try await form.departmentID.asyncFlatMap { id in
            try await Department.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$id == id).first()
        }
        if department == nil { problems.append("Cần chọn đơn vị chịu trách nhiệm.") }
        let responseTime = ServiceResponseTime(unit: form.responseUnit ?? "", amount: Int(form.responseAmount.trimmedOrEmpty) ?? 0)
        if responseTime == nil { problems.append("Thời hạn phản hồi: 1–60 ngày làm việc hoặc 1–480 giờ làm việc.") }
        let (questions, questionProblems) = parseQuestions(form.questions ?? "")
        problems += questionProblems
        guard problems.isEmpty, let topic, let department, let responseTime else {
            let view = try await renderTypes(req, form: form, editing: editing, errors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let type = editing ?? ServiceType()
        type.$commune.id = communeID
        type.code = code
        type.name = name
        type.description = form.description.trimmedOrEmpty
        type.topic = topic
        type.$department.id = try department.requireID()
        type.responseUnit = responseTime.unit
        type.responseAmount = responseTime.amount
        type.questionsJSON = String(decoding: try JSONEncoder().encode(questions), as: UTF8.self)
        type.keywords = form.keywords.trimmedOrEmpty
        type.isActive = form.isActive != nil
        try await req.writeTransaction { db in
            try await type.save(on: db)
            try await req.audit(AuditEvent(action: editing == nil ? "service_type.create" : "service_type.update", objectType: "service_type",
                                           objectID: code, communeID: communeID, summary: "\(name), \(responseTime.vietnameseDescription), \(department.name)"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: PublicServicesURL.serviceTypes.path))
    }

    private static func renderTypes(_ req: Request, form: TypeForm, editing: ServiceType?, errors: [String]) async throws -> View {
        let staff = try req.requireStaff()
        let types = try await req.tenant.query(ServiceType.self).sort(\.$name).all()
        let departments = try await req.tenant.query(Department.self).filter(\.$isActive == true).sort(\.$name).all()
        let unitNames = Dictionary(uniqueKeysWithValues: departments.compactMap { unit in unit.id.map { ($0, unit.name) } })
        let ownUnits = departments.filter { $0.$commune.id == staff.communeID }
        return try await req.view.render("public-services/types", TypesPage(
            page: try await PageContext.make(for: req, title: "Loại sự cố tiếp nhận"),
            rows: try types.map { type in
                TypeRow(code: type.code, name: type.name, topic: type.topic.vietnameseName, unitName: unitNames[type.$department.id] ?? "",
                        responseTime: type.responseTime.vietnameseDescription, questionCount: type.questions.count, isActive: type.isActive,
                        href: PublicServicesURL.serviceType(.value(try type.requireID())).path)
            },
            form: form, errors: FormErrors(errors),
            topics: ServiceTopic.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0.rawValue == form.topic) },
            units: ownUnits.compactMap { unit in unit.id.map { .init(value: $0.uuidString, label: unit.name, isSelected: $0 == form.departmentID) } },
            responseUnits: [
                .init(value: "days", label: "ngày làm việc", isSelected: form.responseUnit != "hours"),
                .init(value: "hours", label: "giờ làm việc", isSelected: form.responseUnit == "hours"),
            ],
            actionPath: try editing.map { PublicServicesURL.serviceType(.value(try $0.requireID())).path } ?? PublicServicesURL.serviceTypes.path,
            isEditing: editing != nil, canManage: staff.hasAny(managingRoles) && staff.communeID != nil
        ))
    }

    // MARK: Open311 keys

    struct ClientRow: Encodable {
        let name: String
        let contact: String
        let keyPrefix: String
        let issuedBy: String
        let issuedAt: String
        let revokedAt: String?
        let revokePath: String
    }

    struct ClientsPage: Encodable {
        let page: PageContext
        let rows: [ClientRow]
        let newKey: String?
        let errors: FormErrors
        let actionPath: String
        let jurisdictionID: String
        let endpoint: String
    }

    /// `GET /dich-vu-cong-cong/khoa-open311`.
    static func apiClients(req: Request) async throws -> View {
        _ = try requireCommuneStaff(req, managingRoles)
        return try await renderClients(req, newKey: nil, errors: [])
    }

    struct ClientForm: Content {
        var name: String?
        var contact: String?
    }

    /// `POST /dich-vu-cong-cong/khoa-open311`: issues a key, shown once; only its hash is kept.
    static func issueAPIClient(req: Request) async throws -> Response {
        let (staff, communeID) = try requireCommuneStaff(req, managingRoles)
        let form = try req.content.decode(ClientForm.self)
        let name = form.name.trimmedOrEmpty
        guard !name.isEmpty, name.count <= 200, form.contact.trimmedOrEmpty.count <= 200 else {
            let view = try await renderClients(req, newKey: nil, errors: ["Cần tên ứng dụng (tối đa 200 ký tự)."])
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let key = AccessToken.makeSecret()
        let client = Open311Client()
        client.$commune.id = communeID
        client.name = name
        client.contact = form.contact.trimmedOrEmpty
        client.keyHash = AccessToken.hash(key)
        client.keyPrefix = String(key.prefix(6))
        client.issuedBy = staff.username
        try await req.writeTransaction { db in
            try await client.create(on: db)
            try await req.audit(AuditEvent(action: "open311_client.issue", objectType: "open311_client", objectID: try client.requireID().uuidString,
                                           communeID: communeID, summary: "Cấp khoá Open311 cho \(name) (\(client.keyPrefix)…)"), on: db)
        }
        return try await renderClients(req, newKey: key, errors: []).encodeResponse(status: .created, for: req)
    }

    /// `POST /dich-vu-cong-cong/khoa-open311/:clientID/thu-hoi`.
    static func revokeAPIClient(req: Request) async throws -> Response {
        let (_, communeID) = try requireCommuneStaff(req, managingRoles)
        let client = try await req.tenant.find(Open311Client.self, req.parameters.get(PublicServicesURL.Key.clientID, as: UUID.self))
        guard client.$commune.id == communeID else { throw AppError.notFound }
        guard client.revokedAt == nil else { throw AppError.conflict("Khoá này đã bị thu hồi.") }
        client.revokedAt = req.now
        try await req.writeTransaction { db in
            try await client.save(on: db)
            try await req.audit(AuditEvent(action: "open311_client.revoke", objectType: "open311_client", objectID: try client.requireID().uuidString,
                                           communeID: communeID, summary: "Thu hồi khoá Open311 của \(client.name)"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: PublicServicesURL.apiClients.path))
    }

    private static func renderClients(_ req: Request, newKey: String?, errors: [String]) async throws -> View {
        let (_, communeID) = try requireCommuneStaff(req, managingRoles)
        let clients = try await Open311Client.query(on: req.db).filter(\.$commune.$id == communeID).sort(\.$createdAt, .descending).all()
        let commune = try await Commune.find(communeID, on: req.db)
        return try await req.view.render("public-services/clients", ClientsPage(
            page: try await PageContext.make(for: req, title: "Khoá Open311"),
            rows: try clients.map { client in
                ClientRow(name: client.name, contact: client.contact, keyPrefix: client.keyPrefix, issuedBy: client.issuedBy,
                          issuedAt: client.createdAt.map(VietnameseFormat.dateTime) ?? "", revokedAt: client.revokedAt.map(VietnameseFormat.dateTime),
                          revokePath: PublicServicesURL.revokeAPIClient(.value(try client.requireID())).path)
            },
            newKey: newKey, errors: FormErrors(errors), actionPath: PublicServicesURL.apiClients.path,
            jurisdictionID: commune?.webDomain ?? "", endpoint: req.publicURL(path: "/open311/v2/discovery.json")
        ))
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The dossiers' JSON API, scoped by tenancy like the pages.
enum DossierAPIController {
    struct ApplicantInput: Content {
        var kind: String?
        var fullName: String?
        var idNumber: String?
        var phone: String?
        var email: String?
        var address: String?
        var representativeName: String?
        var representativeIDNumber: String?
        var authorisationDocument: String?
    }

    struct IntakeInput: Content {
        var procedureCode: String?
        var applicant: ApplicantInput?
        /// The names (or zero-based positions, as text) of the documents received; all required ones when omitted.
        var documents: [String]?
        var channel: String?
        var copies: Int?
        var pages: Int?
        /// ISO 8601: when the officer took the dossier in at the counter while the network was down.
        var receivedOfflineAt: String?
    }

    struct Created: Content {
        let code: String
        let status: String
        let receivedAt: Date?
        let dueAt: Date?
    }

    /// `POST /api/v1/dossiers`: intake at the counter; 201 with the code, status and dates.
    ///
    /// With an `Idempotency-Key` header, a repeat answers the first 201 again (header `Idempotent-Replayed: true`) and
    /// creates nothing; the same key with another body is a 422 `idempotency_key_reused`.
    static func create(req: Request) async throws -> Response {
        let staff = try req.requireRole(.counterOfficer)
        guard let communeID = staff.communeID else { throw AppError.forbidden }
        let input: IntakeInput
        do { input = try req.content.decode(IntakeInput.self) } catch { throw AppError.badRequest("Dữ liệu gửi lên phải là JSON theo tài liệu OpenAPI.") }
        let (outcome, replayed) = try await receive(input, headers: req.headers, communeID: communeID, on: req)
        let response = Response(status: .created)
        if replayed { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        try response.content.encode(Created(code: outcome.code, status: outcome.status, receivedAt: outcome.receivedAt, dueAt: outcome.dueAt), using: JSONEncoder.api)
        return response
    }

    /// Takes in one dossier described as the API describes it, once per `Idempotency-Key` (the API and the offline counter).
    static func receive(_ input: IntakeInput, headers: HTTPHeaders, communeID: UUID, on req: Request) async throws -> (outcome: DossierService.IntakeOutcome, replayed: Bool) {
        let idempotency = try DossierService.IdempotentRequest.from(headers, content: input)
        let receivedOfflineAt = try input.receivedOfflineAt.map(parseOfflineTime)
        guard let code = input.procedureCode, !code.isEmpty else { throw AppError.invalid("Thiếu procedureCode.") }
        guard let procedure = try await req.application.catalogStore.procedure(code: code, forCommune: communeID, on: req.db) else {
            throw AppError(status: .unprocessableEntity, code: "unknown_procedure", message: "Thủ tục \(code) không có hoặc xã không tiếp nhận.")
        }
        guard let applicant = input.applicant else { throw AppError.invalid("Thiếu thông tin người nộp (applicant).") }
        let channel = IntakeChannel(rawValue: input.channel ?? "counter") ?? .counter
        let required = procedure.definition.requiredDocuments
        var received = Set(required.indices)
        if let names = input.documents {
            received = Set(required.enumerated().filter { index, document in names.contains(document.name) || names.contains(String(index)) }.map(\.offset))
        }
        var intake = DossierService.Intake(
            procedure: procedure.definition,
            applicant: Applicant(kind: Applicant.Kind(rawValue: applicant.kind ?? "person") ?? .person, fullName: applicant.fullName ?? "", idNumber: applicant.idNumber,
                                 phone: applicant.phone, email: applicant.email, address: applicant.address, representativeName: applicant.representativeName,
                                 representativeIDNumber: applicant.representativeIDNumber, authorisationDocument: applicant.authorisationDocument),
            receivedDocuments: received, scans: [], copies: input.copies ?? 1, pages: input.pages ?? 1, note: "", decision: .receive, channel: channel
        )
        intake.receivedOfflineAt = receivedOfflineAt
        return try await DossierService.intakeOnce(
            intake, request: idempotency, communeID: communeID, by: try await req.dossierActing(), at: req.now, on: req.application,
            calendar: try await req.workingDayCalendar(), provinceFees: try await req.application.catalogStore.provinceFees(on: req.db)
        )
    }

    /// An ISO 8601 time with its offset (`2026-03-02T09:15:00+07:00`, `…Z`, with or without fractions of a second).
    static func parseOfflineTime(_ text: String) throws -> Date {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else {
            throw AppError.invalid("receivedOfflineAt phải là thời điểm ISO 8601 có múi giờ, ví dụ 2026-03-02T09:15:00+07:00.")
        }
        return date
    }

    struct DossierItem: Content {
        let code: String
        let procedureCode: String
        let procedureName: String
        let status: String
        let nationalStatus: Int
        let version: Int
        let channel: String
        let applicantName: String
        let receivedAt: Date?
        let dueAt: Date?
        let assignee: String?
        let isOverdue: Bool
        let allowedActions: [String]
    }

    static func item(_ dossier: Dossier, staff: StaffIdentity, now: Date) -> DossierItem {
        DossierItem(
            code: dossier.code, procedureCode: dossier.procedureCode, procedureName: dossier.procedureName, status: dossier.status,
            nationalStatus: dossier.nationalStatus, version: dossier.version, channel: dossier.channel, applicantName: dossier.applicantName,
            receivedAt: dossier.receivedAt, dueAt: dossier.dueAt, assignee: dossier.assigneeUsername, isOverdue: DossierQueue.isOverdue(dossier, at: now),
            allowedActions: DossierRules.allowedActions(for: dossier.state, actor: DossierActor(username: staff.username, roles: staff.roles)).map(\.rawValue)
        )
    }

    /// `GET /api/v1/dossiers/:code`.
    static func show(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let dossier = try await DossierPagesController.findDossier(req)
        try await DossierPagesController.recordPersonalDataAccess(dossier, purpose: "API: xem hồ sơ", on: req)
        let response = Response(status: .ok)
        try response.content.encode(item(dossier, staff: staff, now: req.now), using: JSONEncoder.api)
        return response
    }

    /// `GET /api/v1/dossiers?status=&assignee=&overdue=true`.
    static func list(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let filters = (try? req.query.decode(DossierQueue.Filters.self)) ?? DossierQueue.Filters()
        var problems: [String] = []
        let now = req.now
        let dossiers = try await DossierQueue.query(for: staff, view: .all, filters: filters, tenant: try req.tenant, now: now, problems: &problems)
            .sort(\.$dueAt).limit(500).all()
        guard problems.isEmpty else { throw AppError.badRequest(problems.joined(separator: " ")) }
        let response = Response(status: .ok)
        try response.content.encode(dossiers.map { item($0, staff: staff, now: now) }, using: JSONEncoder.api)
        return response
    }

    struct ActionInput: Content {
        var action: String?
        var version: Int?
        var missing: [String]?
        var reason: String?
        var note: String?
        var assignee: String?
        var amount: Int64?
        var newDueDate: String?
        var method: String?
    }

    /// `POST /api/v1/dossiers/:code/actions`: 409 on a stale version, 422 when the action is not allowed now or for the role.
    static func perform(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let dossier = try await DossierPagesController.findDossier(req)
        let input: ActionInput
        do { input = try req.content.decode(ActionInput.self) } catch { throw AppError.badRequest("Dữ liệu gửi lên phải là JSON {\"action\", \"version\", …}.") }
        guard let version = input.version else { throw AppError.badRequest("Thiếu version (phiên bản hồ sơ đã đọc).") }
        let command = try DossierPagesController.command(
            action: input.action, missing: input.missing ?? [], reason: input.reason, note: input.note, assignee: input.assignee,
            amount: input.amount, newDueDate: input.newDueDate, method: input.method
        )
        let updated = try await DossierService.perform(
            command, on: try dossier.requireID(), expectedVersion: version, by: try await req.dossierActing(), at: req.now,
            on: req.application, calendar: try await req.workingDayCalendar()
        )
        let response = Response(status: .ok)
        try response.content.encode(item(updated, staff: staff, now: req.now), using: JSONEncoder.api)
        return response
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The public side of fault reports: the list a village can read, the report form, a report's page where its
/// reporter confirms or reopens. No page shows the reporter's name, phone or email.
enum FaultReportPages {
    struct PublicStep: Encodable {
        let status: String
        let note: String?
        let at: String
        let by: String
    }

    struct PublicReport: Encodable {
        let code: String
        let serviceName: String
        let status: String
        let statusKey: String
        let isFinished: Bool
        let description: String
        let address: String
        let requestedAt: String
        let expectedAt: String
        let isOverdue: Bool
        let href: String
    }

    static func publicReport(_ request: ServiceRequest, serviceName: String, slug: String, now: Date) -> PublicReport {
        PublicReport(
            code: request.code, serviceName: serviceName, status: request.status.vietnameseName, statusKey: request.status.rawValue,
            isFinished: request.status.isFinished, description: request.description, address: request.address,
            requestedAt: VietnameseFormat.dateTime(request.requestedAt), expectedAt: VietnameseFormat.dateTime(request.expectedAt),
            isOverdue: !request.status.isFinished && now > request.expectedAt,
            href: PublicServicesURL.report(.value(slug), .value(request.code)).path
        )
    }

    // MARK: list

    struct ListPage: Encodable {
        let page: PageContext
        let communeName: String
        let reports: [PublicReport]
        let hasReports: Bool
        let newReportPath: String
        let schedulePath: String
        let statusFilter: String
        let openCount: Int
        let finishedCount: Int
    }

    /// `GET /xa/:slug/su-co`: the commune's recent reports, newest first; `?trang-thai=dang-xu-ly|da-xong`.
    static func list(req: Request) async throws -> View {
        let commune = try await PublicSiteController.publicCommune(req)
        let communeID = try commune.requireID()
        let filter = (try? req.query.get(String.self, at: "trang-thai")) ?? ""
        let finishedStatuses = ServiceRequestStatus.allCases.filter(\.isFinished)
        var query = ServiceRequest.query(on: req.db).filter(\.$commune.$id == communeID)
        switch filter {
        case "dang-xu-ly": query = query.filter(\.$status !~ finishedStatuses)
        case "da-xong": query = query.filter(\.$status ~~ finishedStatuses)
        default: break
        }
        let reports = try await query.sort(\.$requestedAt, .descending).limit(100).all()
        let names = try await serviceNames(communeID: communeID, on: req.db)
        let openCount = try await ServiceRequest.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$status !~ finishedStatuses).count()
        let finishedCount = try await ServiceRequest.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$status ~~ finishedStatuses).count()
        return try await req.view.render("public-services/list", ListPage(
            page: try await PageContext.make(for: req, title: "Phản ánh sự cố hạ tầng — \(commune.fullName)"),
            communeName: commune.fullName,
            reports: reports.map { publicReport($0, serviceName: names[$0.$serviceType.id] ?? "", slug: commune.slug, now: req.now) },
            hasReports: !reports.isEmpty, newReportPath: PublicServicesURL.newReport(.value(commune.slug)).path,
            schedulePath: PublicServicesURL.collectionSchedule(.value(commune.slug)).path, statusFilter: filter,
            openCount: openCount, finishedCount: finishedCount
        ))
    }

    static func serviceNames(communeID: UUID, on db: any Database) async throws -> [UUID: String] {
        let types = try await ServiceType.query(on: db).filter(\.$commune.$id == communeID).all()
        return Dictionary(uniqueKeysWithValues: types.compactMap { type in type.id.map { ($0, type.name) } })
    }

    // MARK: form

    struct TypeChoice: Encodable {
        let code: String
        let name: String
        let description: String
        let responseTime: String
        let href: String
    }

    struct QuestionField: Encodable {
        let fieldName: String
        let inputID: String
        let label: String
        let isRequired: Bool
        let isList: Bool
        let isLongText: Bool
        let value: String
        let choices: [OrganisationController.Option]
    }

    struct ReportForm: Content {
        var description: String?
        var address: String?
        var lat: String?
        var long: String?
        var name: String?
        var phone: String?
        var email: String?
    }

    struct FormPage: Encodable {
        let page: PageContext
        let communeName: String
        let types: [TypeChoice]
        let chosen: TypeChoice?
        let questions: [QuestionField]
        let hasQuestions: Bool
        let form: ReportForm
        let errors: FormErrors
        let actionPath: String
    }

    /// `GET /xa/:slug/su-co/bao-moi[?loai=code]`: choose the kind of fault, then describe it.
    static func showForm(req: Request) async throws -> View {
        let commune = try await PublicSiteController.publicCommune(req)
        let chosenCode = try? req.query.get(String.self, at: "loai")
        return try await renderForm(req, commune: commune, chosenCode: chosenCode, form: ReportForm(), answers: [:], errors: [])
    }

    /// `POST /xa/:slug/su-co/bao-moi?loai=code`: stores the report and sends the reporter to its page with the secret token.
    static func submit(req: Request) async throws -> Response {
        try req.application.faultReportRateLimiter.check(req)
        let commune = try await PublicSiteController.publicCommune(req)
        guard let code = try? req.query.get(String.self, at: "loai"),
              let serviceType = try await activeType(code: code, communeID: commune.requireID(), on: req.db)
        else { throw AppError.invalid("Cần chọn loại sự cố.") }
        let form = try req.content.decode(ReportForm.self)
        var answers: [String: String] = [:]
        for question in serviceType.questions {
            answers[question.code] = try? req.content.get(String.self, at: "attribute_\(question.code)")
        }
        var photos: [[UInt8]] = []
        var errors: [String] = []
        for index in 0..<ServiceRequestService.maximumPhotoCount {
            if let file = try? req.content.get(File.self, at: "photo\(index)"), file.data.readableBytes > 0 {
                photos.append(Array(file.data.readableBytesView))
            }
        }
        let latitude = form.lat.trimmedOrNil.flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) }
        let longitude = form.long.trimmedOrNil.flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) }
        if form.lat.trimmedOrNil != nil && latitude == nil { errors.append("Vĩ độ không phải là số.") }
        let submission = ServiceRequestService.Submission(
            description: form.description.trimmedOrEmpty, address: form.address.trimmedOrEmpty, latitude: latitude, longitude: longitude,
            reporterName: form.name, reporterPhone: form.phone.trimmedOrNil, reporterEmail: form.email.trimmedOrNil,
            answers: answers, mediaURL: nil, photos: photos
        )
        errors += ServiceRequestService.problems(of: submission, for: serviceType).problems.map(\.message)
        guard errors.isEmpty else {
            let view = try await renderForm(req, commune: commune, chosenCode: code, form: form, answers: answers, errors: errors)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let created = try await ServiceRequestService.submit(submission, serviceType: serviceType, channel: .web, apiClientID: nil, on: req)
        return req.redirect(to: PublicServicesURL.report(.value(commune.slug), .value(created.code)).path + "?ma=" + created.token + "&moi=1")
    }

    static func activeType(code: String, communeID: UUID, on db: any Database) async throws -> ServiceType? {
        try await ServiceType.query(on: db).filter(\.$commune.$id == communeID).filter(\.$code == code).filter(\.$isActive == true).first()
    }

    private static func renderForm(
        _ req: Request, commune: Commune, chosenCode: String?, form: ReportForm, answers: [String: String], errors: [String]
    ) async throws -> View {
        let communeID = try commune.requireID()
        let types = try await ServiceType.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$isActive == true).sort(\.$name).all()
        let choices = types.map { type in
            TypeChoice(code: type.code, name: type.name, description: type.description, responseTime: type.responseTime.vietnameseDescription,
                       href: PublicServicesURL.newReport(.value(commune.slug)).path + "?loai=" + type.code)
        }
        let chosenType = types.first { $0.code == chosenCode }
        let questions = (chosenType?.questions ?? []).map { question in
            QuestionField(
                fieldName: "attribute_" + question.code, inputID: "q-" + question.code, label: question.description,
                isRequired: question.required, isList: question.datatype == .singlevaluelist, isLongText: question.datatype == .text,
                value: answers[question.code] ?? "",
                choices: question.choices.map { .init(value: $0.key, label: $0.name, isSelected: answers[question.code] == $0.key) }
            )
        }
        return try await req.view.render("public-services/form", FormPage(
            page: try await PageContext.make(for: req, title: "Báo sự cố — \(commune.fullName)"), communeName: commune.fullName,
            types: choices, chosen: choices.first { $0.code == chosenCode }, questions: questions, hasQuestions: !questions.isEmpty,
            form: form, errors: FormErrors(errors),
            actionPath: PublicServicesURL.newReport(.value(commune.slug)).path + "?loai=" + (chosenType?.code ?? "")
        ))
    }

    // MARK: one report

    struct ReportPage: Encodable {
        let page: PageContext
        let communeName: String
        let report: PublicReport
        let responseTime: String
        let steps: [PublicStep]
        let isNew: Bool
        let token: String
        let hasValidToken: Bool
        let canConfirm: Bool
        let canReopen: Bool
        let responsePath: String
        let followLink: String
        let listPath: String
        let duplicateOf: String?
    }

    /// `GET /xa/:slug/su-co/:code[?ma=token]`: status and public history; with the reporter's token, the answer forms.
    static func show(req: Request) async throws -> View {
        let commune = try await PublicSiteController.publicCommune(req)
        guard let code = req.parameters.get(PublicServicesURL.Key.reportCode),
              let request = try await ServiceRequestService.find(code: code, communeID: commune.requireID(), on: req.db)
        else { throw AppError.notFound }
        let token = (try? req.query.get(String.self, at: "ma")) ?? ""
        return try await renderReport(req, commune: commune, request: request, token: token, isNew: (try? req.query.get(String.self, at: "moi")) == "1")
    }

    static func renderReport(_ req: Request, commune: Commune, request: ServiceRequest, token: String, isNew: Bool) async throws -> View {
        let serviceType = try await request.$serviceType.get(on: req.db)
        let updates = try await ServiceRequestUpdate.query(on: req.db).filter(\.$commune.$id == request.$commune.id)
            .filter(\.$request.$id == request.requireID()).sort(\.$at).all()
        let department = try await serviceType.$department.get(on: req.db)
        let now = req.now
        let hasValidToken = ServiceRequestService.isReporterToken(token, of: request)
        let duplicateOf = try await request.$duplicateOf.get(on: req.db)
        let followLink = req.publicURL(path: PublicServicesURL.report(.value(commune.slug), .value(request.code)).path + "?ma=" + token)
        return try await req.view.render("public-services/report", ReportPage(
            page: try await PageContext.make(for: req, title: "Phản ánh \(request.code)"), communeName: commune.fullName,
            report: publicReport(request, serviceName: serviceType.name, slug: commune.slug, now: now),
            responseTime: serviceType.responseTime.vietnameseDescription,
            steps: updates.map { update in
                PublicStep(status: update.status.vietnameseName, note: update.note.isEmpty ? nil : update.note, at: VietnameseFormat.dateTime(update.at),
                           by: update.author == .staff ? department.name : (update.author == .citizen ? "Người phản ánh" : "Hệ thống"))
            },
            isNew: isNew && hasValidToken, token: hasValidToken ? token : "", hasValidToken: hasValidToken,
            canConfirm: ServiceRequestRules.checkCitizenConfirmation(status: request.status, finishedAt: request.finishedAt, now: now) == nil,
            canReopen: ServiceRequestRules.checkCitizenReopen(status: request.status, finishedAt: request.finishedAt, now: now) == nil,
            responsePath: PublicServicesURL.citizenResponse(.value(commune.slug), .value(request.code)).path,
            followLink: followLink, listPath: PublicServicesURL.reports(.value(commune.slug)).path,
            duplicateOf: duplicateOf.map { $0.code }
        ))
    }

    struct ResponseForm: Content {
        var token: String?
        var decision: String?
        var note: String?
    }

    /// `POST /xa/:slug/su-co/:code/phan-hoi`: the reporter confirms the fix or reopens the report.
    static func respond(req: Request) async throws -> Response {
        try req.application.faultReportRateLimiter.check(req)
        let commune = try await PublicSiteController.publicCommune(req)
        guard let code = req.parameters.get(PublicServicesURL.Key.reportCode),
              let request = try await ServiceRequestService.find(code: code, communeID: commune.requireID(), on: req.db)
        else { throw AppError.notFound }
        let form = try req.content.decode(ResponseForm.self)
        guard let decision = form.decision, decision == "xac-nhan" || decision == "mo-lai" else {
            throw AppError.invalid("Cần chọn xác nhận đã khắc phục hoặc mở lại.")
        }
        let token = form.token.trimmedOrEmpty
        guard ServiceRequestService.isReporterToken(token, of: request) else {
            throw AppError(status: .forbidden, code: "forbidden", message: "Mã bí mật không đúng. Chỉ người gửi phản ánh (có mã bí mật) mới xác nhận hoặc mở lại được.")
        }
        try await ServiceRequestService.citizenResponse(to: request, reopens: decision == "mo-lai", note: form.note.trimmedOrEmpty, on: req)
        return req.redirect(to: Notice.saved.appended(to: PublicServicesURL.report(.value(commune.slug), .value(request.code)).path) + "&ma=" + token)
    }
}

private struct FaultReportRateLimiterKey: StorageKey {
    typealias Value = ClientRateLimiter
}

extension Application {
    /// Limits reports and Open311 posts per client, so that a script cannot flood a commune's queue.
    var faultReportRateLimiter: ClientRateLimiter {
        get {
            storage[FaultReportRateLimiterKey.self] ?? ClientRateLimiter(
                limit: 20, window: 60, message: "Bạn đã gửi quá nhiều phản ánh trong một phút. Vui lòng chờ một lát rồi thử lại.")
        }
        set { storage[FaultReportRateLimiterKey.self] = newValue }
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Online submission from a citizen's account: choose a procedure offered online, fill the e-form, attach documents.
enum OnlineSubmissionController {
    struct ProcedureLink: Encodable {
        let code: String
        let name: String
        let time: String
        let level: String
        let href: String
    }

    struct ChoosePage: Encodable {
        let page: PageContext
        let communes: [CitizenAccountController.CommuneOption]
        let communeSlug: String
        let query: String
        let procedures: [ProcedureLink]
        let hasProcedures: Bool
        /// False when no procedure holds every word of the query and the list holds the nearest names.
        let matchesEveryWord: Bool
        let actionPath: String
    }

    /// `GET /cong-dan/nop-ho-so[?xa=slug][&q=…]`: the procedures a commune offers online, searchable without diacritics.
    static func choose(req: Request) async throws -> View {
        let identity = try await CitizenAuth.require(req)
        let communes = try await Commune.query(on: req.db).filter(\.$isActive == true).sort(\.$name).all()
        var slug = req.query[String.self, at: "xa"] ?? ""
        if !communes.contains(where: { $0.slug == slug }) {
            let home = try await CitizenAccount.find(identity.accountID, on: req.db)?.$commune.id
            slug = communes.first { $0.id == home }?.slug ?? communes.first?.slug ?? ""
        }
        let query = req.query[String.self, at: "q"] ?? ""
        var links: [ProcedureLink] = []
        var matchesEveryWord = true
        if let commune = communes.first(where: { $0.slug == slug }) {
            let views = try await req.application.catalogStore.procedures(forCommune: commune.requireID(), on: req.db)
                .filter { $0.isOffered && $0.definition.onlineServiceLevel != .counterOnly }
            let result = ProcedureCatalog(views.map(\.definition)).find(query)
            matchesEveryWord = result.matchesEveryWord
            links = result.procedures.map {
                ProcedureLink(code: $0.code, name: $0.name, time: $0.processingTime.vietnameseDescription, level: $0.onlineServiceLevel.vietnameseName,
                              href: SiteURL.onlineSubmission(.value(slug), .value($0.code)).path)
            }
        }
        return try await req.view.render("citizens/procedures", ChoosePage(
            page: try await PageContext.make(for: req, title: "Nộp hồ sơ trực tuyến"),
            communes: communes.map { .init(value: $0.slug, label: $0.fullName, isSelected: $0.slug == slug) },
            communeSlug: slug, query: query, procedures: links, hasProcedures: !links.isEmpty, matchesEveryWord: matchesEveryWord, actionPath: SiteURL.onlineProcedures.path
        ))
    }

    // MARK: the e-form

    struct SubmissionForm: Content {
        var applicantKind: String?
        var fullName: String?
        var idNumber: String?
        var phone: String?
        var email: String?
        var address: String?
        var authorisationDocument: String?
        var note: String?
        var reuse: [String]?
    }

    struct StoreChoice: Encodable {
        let value: String
        let label: String
        let isSelected: Bool
    }

    struct DocumentField: Encodable {
        let index: Int
        let name: String
        let form: String
        let copies: Int
        let templateHref: String?
        let choices: [StoreChoice]
        let hasChoices: Bool
    }

    struct SubmissionPage: Encodable {
        let page: PageContext
        let communeName: String
        let procedureName: String
        let procedureCode: String
        let time: String
        let fee: String
        let isPerson: Bool
        let form: SubmissionForm
        let documents: [DocumentField]
        let errors: FormErrors
        let actionPath: String
        let maximumMegabytes: Int
    }

    private static func offeredProcedure(_ req: Request) async throws -> (Commune, ProcedureDefinition) {
        let commune = try await PublicSiteController.publicCommune(req)
        guard let code = req.parameters.get(SiteURL.Key.procedureCode),
              let view = try await req.application.catalogStore.procedure(code: code, forCommune: commune.requireID(), on: req.db),
              view.isOffered, view.definition.onlineServiceLevel != .counterOnly
        else { throw AppError.notFound }
        return (commune, view.definition)
    }

    /// Refuses a procedure that the catalog marks as needing a verified identity to an account VNeID has not verified.
    private static func requireVerifiedIdentityIfNeeded(_ procedure: ProcedureDefinition, account: CitizenAccount, on req: Request) async throws {
        guard account.vneidVerifiedAt == nil,
              try await VerifiedIdentityProcedure.query(on: req.db).filter(\.$procedureCode == procedure.code).count() > 0
        else { return }
        var error = AppError(status: .forbidden, code: "verified_identity_required", message: """
            Thủ tục "\(procedure.name)" chỉ nhận hồ sơ trực tuyến từ tài khoản đã xác thực danh tính bằng VNeID. \
            Ông/bà hãy đăng xuất, chọn "Đăng nhập bằng VNeID" trên trang đăng nhập (cần tài khoản định danh điện tử mức 2, \
            kích hoạt trên ứng dụng VNeID hoặc tại công an cấp xã) và nhập mật khẩu tài khoản này để liên kết; sau đó nộp lại hồ sơ.
            """)
        error.wayBack = [ErrorPage.Link(label: "Đăng nhập công dân", href: SiteURL.citizenSignIn.path)]
        throw error
    }

    /// `GET /cong-dan/nop-ho-so/:communeSlug/:procedureCode`: the e-form, prefilled from the account.
    static func showForm(req: Request) async throws -> View {
        let identity = try await CitizenAuth.require(req)
        let (commune, procedure) = try await offeredProcedure(req)
        guard let account = try await CitizenAccount.find(identity.accountID, on: req.db) else { throw AppError.signInRequired }
        try await requireVerifiedIdentityIfNeeded(procedure, account: account, on: req)
        let form = SubmissionForm(applicantKind: "person", fullName: account.fullName, idNumber: account.idNumber, phone: account.phone, email: account.email, address: account.address)
        return try await render(req, commune: commune, procedure: procedure, accountID: identity.accountID, form: form, errors: [])
    }

    /// `POST /cong-dan/nop-ho-so/:communeSlug/:procedureCode`: creates the dossier as "new", channel online.
    static func submit(req: Request) async throws -> Response {
        let identity = try await CitizenAuth.require(req)
        let (commune, procedure) = try await offeredProcedure(req)
        guard let account = try await CitizenAccount.find(identity.accountID, on: req.db) else { throw AppError.signInRequired }
        try await requireVerifiedIdentityIfNeeded(procedure, account: account, on: req)
        let upload = try req.content.decode(UploadedForm.self)
        let text = upload.fields
        // One select per document, `reuse0`, `reuse1`, …: a document without choices has none, so no list can shift.
        let form = SubmissionForm(
            applicantKind: text["applicantKind"], fullName: text["fullName"], idNumber: text["idNumber"], phone: text["phone"], email: text["email"],
            address: text["address"], authorisationDocument: text["authorisationDocument"], note: text["note"],
            reuse: procedure.requiredDocuments.indices.map { text["reuse\($0)"] ?? "" }
        )
        let store = try await CitizenDocumentStore.entries(accountID: identity.accountID, on: req.db)
        var scans: [DossierService.Scan] = []
        var reused: [Int: DossierService.StoredFile] = [:]
        var problems: [String] = []
        let reuse = form.reuse ?? []
        for index in procedure.requiredDocuments.indices {
            if let file = upload.bytes(of: "file\(index)") {
                scans.append(.init(documentIndex: index, fileName: file.name, bytes: file.bytes))
            } else if index < reuse.count, let id = UUID(uuidString: reuse[index]) {
                // Only the account's own verified documents can be attached; any other id is refused, not looked up.
                guard let entry = store.first(where: { $0.documentID == id }) else {
                    problems.append("Giấy tờ chọn từ kho cho \"\(procedure.requiredDocuments[index].name)\" không có trong kho của ông/bà.")
                    continue
                }
                reused[index] = entry.file
            }
        }
        let kind = Applicant.Kind(rawValue: form.applicantKind ?? "") ?? .person
        // A business is represented by the account holder; a person applies for themselves, under the account's
        // confirmed name and ID number (whatever the form says), so that no one files in another person's name.
        let applicant = kind == .person
            ? Applicant(kind: .person, fullName: account.fullName, idNumber: account.idNumber, phone: form.phone, email: form.email, address: form.address)
            : Applicant(kind: .organisation, fullName: form.fullName ?? "", idNumber: form.idNumber, phone: form.phone, email: form.email, address: form.address,
                        representativeName: account.fullName, representativeIDNumber: account.idNumber, authorisationDocument: form.authorisationDocument)
        if applicant.phone.trimmedOrNil == nil, applicant.email.trimmedOrNil == nil {
            problems.append("Cần số điện thoại hoặc email để nhận thông báo về hồ sơ.")
        }
        let received = Set(scans.map(\.documentIndex)).union(reused.keys)
        let intake = DossierService.Intake(
            procedure: procedure, applicant: applicant, receivedDocuments: received, scans: scans, copies: 1, pages: 1,
            note: form.note ?? "", decision: .submitOnline, channel: .online, reusedFiles: reused, applicantAccountID: identity.accountID
        )
        do {
            guard problems.isEmpty else { throw AppError.invalid(problems.joined(separator: "\n")) }
            let dossier = try await DossierService.intake(
                intake, communeID: try commune.requireID(), by: acting(req, identity), at: req.now, on: req.application,
                calendar: try await req.workingDayCalendar(), provinceFees: try await req.application.catalogStore.provinceFees(on: req.db)
            )
            // A procedure with a fee: the order is opened with the submission, so that the citizen can pay at once.
            if PaymentService.gateway(req.application) != nil, try await PaymentService.due(for: dossier, on: req.application, db: req.db) != nil {
                _ = try await PaymentService.openOrder(for: dossier, payerName: account.fullName, at: req.now, on: req.application, audit: acting(req, identity).audit)
            }
            return req.redirect(to: Notice.submittedOnline.appended(to: SiteURL.citizenDossier(.value(dossier.code)).path))
        } catch let error as AppError where error.status == .unprocessableEntity {
            let view = try await render(req, commune: commune, procedure: procedure, accountID: identity.accountID, form: form, errors: error.message.components(separatedBy: "\n"))
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    /// The applicant as the rules and the journal see them.
    static func acting(_ req: Request, _ identity: CitizenIdentity) -> DossierService.Acting {
        DossierService.Acting(
            actor: .applicant(identity.historyName), audit: CitizenAuth.auditActor(req, accountID: identity.accountID), officerID: nil,
            unitName: "Người nộp hồ sơ trực tuyến", publicBaseURL: req.publicBaseURL
        )
    }

    private static func render(_ req: Request, commune: Commune, procedure: ProcedureDefinition, accountID: UUID, form: SubmissionForm, errors: [String]) async throws -> View {
        let store = try await CitizenDocumentStore.entries(accountID: accountID, on: req.db)
        let fees = try await req.application.catalogStore.provinceFees(on: req.db)
        let reuse = form.reuse ?? []
        return try await req.view.render("citizens/submit", SubmissionPage(
            page: try await PageContext.make(for: req, title: "Nộp hồ sơ: \(procedure.name)"), communeName: commune.fullName,
            procedureName: procedure.name, procedureCode: procedure.code, time: procedure.processingTime.vietnameseDescription,
            fee: procedure.fee.vietnameseDescription(provinceFee: fees?.fee(for: procedure.code)),
            isPerson: form.applicantKind != "organisation", form: form,
            documents: procedure.requiredDocuments.enumerated().map { index, document in
                let chosen = index < reuse.count ? reuse[index] : ""
                let choices = store.map { StoreChoice(value: $0.documentID.uuidString, label: "\($0.name) (hồ sơ \($0.dossierCode))", isSelected: $0.documentID.uuidString == chosen) }
                return DocumentField(
                    index: index, name: document.name, form: document.form.vietnameseName, copies: document.copies,
                    templateHref: document.formTemplate == nil ? nil : SiteURL.procedureTemplate(.value(commune.slug), .value(procedure.code), .value(String(index + 1))).path,
                    choices: choices, hasChoices: !choices.isEmpty
                )
            },
            errors: FormErrors(errors), actionPath: SiteURL.onlineSubmission(.value(commune.slug), .value(procedure.code)).path,
            maximumMegabytes: UploadRule.maximumBytes / 1024 / 1024
        ))
    }
}

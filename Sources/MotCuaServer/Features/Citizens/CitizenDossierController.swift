import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The applicant's own pages: their account with every dossier, one dossier with its steps, the supplement answer,
/// the stop request, and the receipt (form 01) sent electronically.
enum CitizenDossierController {
    struct DossierRow: Encodable {
        let code: String
        let procedureName: String
        let communeName: String
        let status: String
        let submittedAt: String
        let dueAt: String
        let href: String
        let needsAction: Bool
    }

    struct StoredDocument: Encodable {
        let name: String
        let dossierCode: String
        let verifiedAt: String
        let href: String
    }

    struct AccountPage: Encodable {
        let page: PageContext
        let fullName: String
        let maskedIDNumber: String
        let contact: String
        let dossiers: [DossierRow]
        let hasDossiers: Bool
        let documents: [StoredDocument]
        let hasDocuments: Bool
        let submitPath: String
        /// Who among the officers saw the account's personal data (Features/Privacy).
        let accessLogPath: String
    }

    /// `GET /cong-dan`: "my account", every dossier of the account and the document store.
    static func account(req: Request) async throws -> View {
        let identity = try await CitizenAuth.require(req)
        guard let account = try await CitizenAccount.find(identity.accountID, on: req.db) else { throw AppError.signInRequired }
        let dossierIDs = try await CitizenDossierLink.query(on: req.db).filter(\.$account.$id == identity.accountID).all(\.$dossier.$id)
        let dossiers = dossierIDs.isEmpty ? [] : try await Dossier.query(on: req.db).filter(\.$id ~~ dossierIDs).with(\.$commune).sort(\.$createdAt, .descending).all()
        let documents = try await CitizenDocumentStore.entries(accountID: identity.accountID, on: req.db)
        return try await req.view.render("citizens/account", AccountPage(
            page: try await PageContext.make(for: req, title: "Tài khoản của tôi"), fullName: account.fullName,
            maskedIDNumber: PersonalDataMasking.maskIDNumber(account.idNumber),
            contact: [account.phone, account.email].compactMap { $0 }.joined(separator: " · "),
            dossiers: dossiers.map { dossier in
                let status = DossierStatus(rawValue: dossier.status) ?? .new
                return DossierRow(
                    code: dossier.code, procedureName: dossier.procedureName, communeName: dossier.commune.fullName, status: status.vietnameseName,
                    submittedAt: dossier.createdAt.map(VietnameseFormat.dateTime) ?? "", dueAt: dossier.dueAt.map(VietnameseFormat.dateTime) ?? "—",
                    href: SiteURL.citizenDossier(.value(dossier.code)).path, needsAction: status == .supplementRequested || status == .paymentRequested
                )
            },
            hasDossiers: !dossiers.isEmpty,
            documents: documents.map { StoredDocument(name: $0.name, dossierCode: $0.dossierCode, verifiedAt: VietnameseFormat.dateTime($0.verifiedAt), href: SiteURL.citizenDocument(.value($0.documentID)).path) },
            hasDocuments: !documents.isEmpty, submitPath: SiteURL.onlineProcedures.path,
            accessLogPath: PrivacyURL.citizenAccessLog.path
        ))
    }

    // MARK: one dossier

    struct Step: Encodable {
        let time: String
        let action: String
        let note: String
    }

    struct DocumentRow: Encodable {
        let index: Int
        let name: String
        let hasFile: Bool
        let fileName: String
    }

    struct DossierPage: Encodable {
        let page: PageContext
        let code: String
        let procedureName: String
        let communeName: String
        let channel: String
        let status: String
        let statusDescription: String
        let nextStep: String?
        let submittedAt: String
        let receivedAt: String
        let dueAt: String
        let steps: [Step]
        let documents: [DocumentRow]
        let missing: [String]
        let canSupplement: Bool
        let canRequestStop: Bool
        let pendingStopRequest: String?
        let refusal: DossierPagesController.RefusalView?
        let receiptPath: String?
        let lookupPath: String
        let canRate: Bool
        let ratePath: String
        let idLast4: String
        let levels: [OrganisationController.Option]
        let version: Int
        let supplementPath: String
        let stopPath: String
        let accountPath: String
        /// The fee due online with its "Thanh toán trực tuyến" button, and the receipt once paid (Features/Payments).
        let payment: PaymentController.Panel?
        let paymentReceiptPath: String?
        /// The signed electronic result to download, once the department attached it (Features/SignedResults).
        let signedResult: SignedResultController.CitizenPanel?
    }

    /// The account's dossier named in the path; another person's dossier is a 404, as if it did not exist.
    static func ownDossier(_ req: Request, _ identity: CitizenIdentity) async throws -> Dossier {
        guard let raw = req.parameters.get(SiteURL.Key.dossierCode), let code = DossierCode.parse(raw),
              let dossier = try await Dossier.query(on: req.db).filter(\.$code == code.description).first(),
              try await CitizenDossierLink.query(on: req.db).filter(\.$dossier.$id == dossier.requireID()).filter(\.$account.$id == identity.accountID).count() > 0
        else { throw AppError.notFound }
        return dossier
    }

    /// The applicant's steps shown with their notes; officers' internal notes (send-back reasons, proposals) are not.
    private static let stepsWithNotes: Set<DossierAction> = [.requestSupplement, .refuse, .refuseDuringProcessing, .withdraw, .stop, .issueApology, .returnResult, .submitSupplement, .requestStop]

    /// `GET /cong-dan/ho-so/:dossierCode`.
    static func show(req: Request) async throws -> View {
        let identity = try await CitizenAuth.require(req)
        let dossier = try await ownDossier(req, identity)
        let dossierID = try dossier.requireID()
        let state = dossier.state
        let events = try await DossierEventRecord.query(on: req.db).filter(\.$dossier.$id == dossierID).sort(\.$sequence).all()
        let documents = try await DossierDocument.query(on: req.db).filter(\.$dossier.$id == dossierID).sort(\.$createdAt).all()
        let commune = try await dossier.$commune.get(on: req.db)
        let allowed = DossierRules.allowedActions(for: state, actor: .applicant(identity.historyName))
        var missing: [String] = []
        if state.status == .supplementRequested, let event = events.last(where: { $0.action == DossierAction.requestSupplement.rawValue }),
           case .requestSupplement(let items, let reason)? = try? JSONDecoder().decode(DossierCommand.self, from: Data(event.payload.utf8)) {
            missing = items + (reason.isEmpty ? [] : ["Lý do: " + reason])
        }
        // A stop request is pending until the desk stops or withdraws the dossier (or it closes otherwise).
        let lastRequest = events.last { $0.action == DossierAction.requestStop.rawValue }
        let pending = lastRequest.flatMap { request in
            state.status.isClosed ? nil : "Ông/bà đã đề nghị dừng hồ sơ lúc \(VietnameseFormat.dateTime(request.occurredAt)) (\(request.note ?? "")). Bộ phận một cửa đang xem xét."
        }
        let rated = try await DossierRating.query(on: req.db).filter(\.$dossier.$id == dossierID).count() > 0
        let payment = try await PaymentController.panel(for: dossier, on: req)
        let hasPaymentReceipt = try await PaymentOrderRecord.query(on: req.db).filter(\.$dossier.$id == dossierID).filter(\.$receiptNumber != nil).count() > 0
        return try await req.view.render("citizens/dossier", DossierPage(
            page: try await PageContext.make(for: req, title: "Hồ sơ \(dossier.code)"), code: dossier.code, procedureName: dossier.procedureName,
            communeName: commune.fullName, channel: dossier.channel == IntakeChannel.online.rawValue ? "trực tuyến" : "trực tiếp",
            status: state.status.vietnameseName, statusDescription: state.status.publicDescription, nextStep: state.status == .supplementRequested ? "Tải lên giấy tờ còn thiếu ở phần \"Bổ sung hồ sơ\" bên dưới." : state.status.nextStepForApplicant,
            submittedAt: dossier.createdAt.map(VietnameseFormat.dateTime) ?? "", receivedAt: dossier.receivedAt.map(VietnameseFormat.dateTime) ?? "—",
            dueAt: dossier.dueAt.map(VietnameseFormat.dateTime) ?? "—",
            steps: events.map { event in
                let action = DossierAction(rawValue: event.action)
                return Step(time: VietnameseFormat.dateTime(event.occurredAt), action: action?.vietnameseName ?? event.action,
                            note: action.map(stepsWithNotes.contains) == true ? (event.note ?? "") : "")
            },
            documents: documents.enumerated().map { DocumentRow(index: $0.offset, name: $0.element.name, hasFile: $0.element.fileKey != nil, fileName: $0.element.fileName ?? "") },
            missing: missing, canSupplement: allowed.contains(.submitSupplement), canRequestStop: allowed.contains(.requestStop) && pending == nil,
            pendingStopRequest: pending, refusal: DossierPagesController.refusal(events, status: state.status), receiptPath: dossier.receivedAt == nil ? nil : SiteURL.citizenReceipt(.value(dossier.code)).path,
            lookupPath: SiteURL.publicLookup(.value(dossier.code)).path,
            canRate: state.status == .returned && !rated, ratePath: SiteURL.rateDossier(.value(dossier.code)).path,
            idLast4: String((dossier.applicantIDNumber ?? "").suffix(4)),
            levels: SatisfactionLevel.allCases.reversed().map { .init(value: String($0.rawValue), label: $0.vietnameseName, isSelected: false) },
            version: dossier.version, supplementPath: SiteURL.citizenSupplement(.value(dossier.code)).path,
            stopPath: SiteURL.citizenStopRequest(.value(dossier.code)).path, accountPath: SiteURL.citizenAccount.path,
            payment: payment, paymentReceiptPath: hasPaymentReceipt ? PaymentURL.citizenReceipt(.value(dossier.code)).path : nil,
            signedResult: try await SignedResultController.citizenPanel(for: dossier, on: req)
        ))
    }

    /// `POST /cong-dan/ho-so/:dossierCode/bo-sung`: uploads what is missing; the dossier goes back to the desk.
    static func supplement(req: Request) async throws -> Response {
        let identity = try await CitizenAuth.require(req)
        let dossier = try await ownDossier(req, identity)
        let dossierID = try dossier.requireID()
        let upload = try req.content.decode(UploadedForm.self)
        guard let version = upload.fields["version"].flatMap({ Int($0) }) else { throw AppError.badRequest("Thiếu phiên bản hồ sơ.") }
        let documents = try await DossierDocument.query(on: req.db).filter(\.$dossier.$id == dossierID).sort(\.$createdAt).all()
        var uploads: [(document: DossierDocument?, name: String, fileName: String, bytes: [UInt8], kind: UploadedFileKind)] = []
        var problems: [String] = []
        for (index, document) in documents.enumerated() {
            guard let (fileName, bytes) = upload.bytes(of: "file\(index)") else { continue }
            switch UploadRule.check(bytes, fileName: fileName) {
            case .success(let kind): uploads.append((document, document.name, fileName, bytes, kind))
            case .failure(let problem): problems.append("\(document.name): \(problem.message)")
            }
        }
        if let (fileName, bytes) = upload.bytes(of: "fileExtra") {
            let name = upload.fields["extraName"].trimmedOrNil ?? "Giấy tờ bổ sung"
            switch UploadRule.check(bytes, fileName: fileName) {
            case .success(let kind): uploads.append((nil, String(name.prefix(200)), fileName, bytes, kind))
            case .failure(let problem): problems.append("\(name): \(problem.message)")
            }
        }
        if problems.isEmpty, uploads.isEmpty { problems.append("Cần tải lên ít nhất một giấy tờ bổ sung (PDF, JPEG hoặc PNG).") }
        guard problems.isEmpty else { throw AppError.invalid(problems.joined(separator: " ")) }
        // Files go to the store first: stored by content, an unused one harms nothing.
        var stored: [(DossierDocument?, String, String, String, UploadedFileKind, Int)] = []
        for upload in uploads {
            let key = try await req.application.fileStore.store(upload.bytes, kind: upload.kind, communeID: dossier.$commune.id)
            stored.append((upload.document, upload.name, upload.fileName, key, upload.kind, upload.bytes.count))
        }
        let rows = stored
        let communeID = dossier.$commune.id
        let documentIDs = rows.map { $0.0?.id }
        _ = try await DossierService.perform(
            .submitSupplement(documents: rows.map(\.1)), on: dossierID, expectedVersion: version, by: OnlineSubmissionController.acting(req, identity),
            at: req.now, on: req.application, calendar: try await req.workingDayCalendar(),
            alongside: { _, db in
                for (offset, row) in rows.enumerated() {
                    let document: DossierDocument
                    if let id = documentIDs[offset], let existing = try await DossierDocument.find(id, on: db) {
                        document = existing
                    } else {
                        document = DossierDocument()
                        document.$dossier.id = dossierID
                        document.communeID = communeID
                        document.name = row.1
                        document.form = DocumentForm.copy.rawValue
                        document.count = 1
                    }
                    document.isReceived = true
                    document.fileKey = row.3
                    document.fileKind = row.4.rawValue
                    document.fileName = String(row.2.prefix(200))
                    document.fileSize = row.5
                    try await document.save(on: db)
                }
            }
        )
        return req.redirect(to: Notice.supplementSent.appended(to: SiteURL.citizenDossier(.value(dossier.code)).path))
    }

    /// `POST /cong-dan/ho-so/:dossierCode/de-nghi-dung`: asks the desk to stop or withdraw the dossier.
    static func requestStop(req: Request) async throws -> Response {
        let identity = try await CitizenAuth.require(req)
        let dossier = try await ownDossier(req, identity)
        guard let version = try? req.content.get(Int.self, at: "version") else { throw AppError.badRequest("Thiếu phiên bản hồ sơ.") }
        let reason = String(((try? req.content.get(String.self, at: "reason")) ?? "").prefix(1000))
        do {
            _ = try await DossierService.perform(
                .requestStop(reason: reason), on: try dossier.requireID(), expectedVersion: version, by: OnlineSubmissionController.acting(req, identity),
                at: req.now, on: req.application, calendar: try await req.workingDayCalendar()
            )
        } catch let error as AppError where error.code == DossierRuleError.Kind.invalidInput.rawValue {
            throw AppError.invalid(error.message)
        }
        return req.redirect(to: Notice.stopRequested.appended(to: SiteURL.citizenDossier(.value(dossier.code)).path))
    }

    /// `GET /cong-dan/ho-so/:dossierCode/mau-01`: the receipt, sent electronically to the applicant once received.
    static func receipt(req: Request) async throws -> View {
        let identity = try await CitizenAuth.require(req)
        let dossier = try await ownDossier(req, identity)
        guard dossier.receivedAt != nil else { throw AppError.notFound }
        return try await LegalFormsController.render(.receipt, of: dossier, backPath: SiteURL.citizenDossier(.value(dossier.code)).path, on: req)
    }
}

/// Registers the citizens' pages.
func citizenRoutes(_ app: Application) {
    app.get(SiteURL.citizenRegister.pathComponents, use: CitizenAccountController.showRegister)
    app.post(SiteURL.citizenRegister.pathComponents, use: CitizenAccountController.register)
    app.get(SiteURL.citizenConfirm.pathComponents, use: CitizenAccountController.showConfirm)
    app.post(SiteURL.citizenConfirm.pathComponents, use: CitizenAccountController.confirm)
    app.post(SiteURL.citizenResendCode.pathComponents, use: CitizenAccountController.resend)
    app.get(SiteURL.citizenSignIn.pathComponents, use: CitizenAccountController.showSignIn)
    app.post(SiteURL.citizenSignIn.pathComponents, use: CitizenAccountController.signIn)
    app.post(SiteURL.citizenSignOut.pathComponents, use: CitizenAccountController.signOut)
    app.get(SiteURL.citizenForgotPassword.pathComponents, use: PasswordRecoveryController.show)
    app.post(SiteURL.citizenForgotPassword.pathComponents, use: PasswordRecoveryController.requestCode)
    app.post(SiteURL.citizenResetPassword.pathComponents, use: PasswordRecoveryController.reset)
    app.get(SiteURL.citizenVNeIDSignIn.pathComponents, use: VNeIDController.start)
    app.get(SiteURL.citizenVNeIDCallback.pathComponents, use: VNeIDController.callback)
    app.get(SiteURL.citizenVNeIDComplete.pathComponents, use: VNeIDController.showComplete)
    app.post(SiteURL.citizenVNeIDComplete.pathComponents, use: VNeIDController.complete)
    app.get(SiteURL.citizenAccount.pathComponents, use: CitizenDossierController.account)
    app.get(SiteURL.onlineProcedures.pathComponents, use: OnlineSubmissionController.choose)
    app.get(SiteURL.onlineSubmission(.key, .key).pathComponents, use: OnlineSubmissionController.showForm)
    app.on(.POST, SiteURL.onlineSubmission(.key, .key).pathComponents, body: .collect(maxSize: BodyLimit.intake), use: OnlineSubmissionController.submit)
    app.get(SiteURL.citizenDossier(.key).pathComponents, use: CitizenDossierController.show)
    app.on(.POST, SiteURL.citizenSupplement(.key).pathComponents, body: .collect(maxSize: BodyLimit.intake), use: CitizenDossierController.supplement)
    app.post(SiteURL.citizenStopRequest(.key).pathComponents, use: CitizenDossierController.requestStop)
    app.get(SiteURL.citizenReceipt(.key).pathComponents, use: CitizenDossierController.receipt)
    app.get(SiteURL.citizenDocument(.key).pathComponents, use: CitizenDocumentStore.download)
    app.get(SiteURL.procedureTemplate(.key, .key, .key).pathComponents, use: FormTemplateController.show)
}

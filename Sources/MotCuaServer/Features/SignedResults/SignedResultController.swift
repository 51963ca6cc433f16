import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The paths of electronic results: the department's upload, the downloads, and the public check page.
enum SignedResultURL: SitePath, Sendable {
    /// `POST` the signed PDF (multipart), `GET` it back: the officers of the dossier's commune.
    case staffResult(Parameter<String>)
    /// `GET /cong-dan/ho-so/:dossierCode/ket-qua-dien-tu`: the applicant's own signed result.
    case citizenResult(Parameter<String>)
    /// `GET /api/v1/dossiers/:dossierCode/result`: the signed result for other systems (`application/pdf`).
    case apiResult(Parameter<String>)
    /// `GET` (with `?ma=`) and `POST` (a PDF): anyone checks whether a result is genuine.
    case check

    var segments: [String] {
        switch self {
        case .staffResult(let code): ["mot-cua", "ho-so", code.segment(named: SiteURL.Key.dossierCode), "ket-qua-dien-tu"]
        case .citizenResult(let code): ["cong-dan", "ho-so", code.segment(named: SiteURL.Key.dossierCode), "ket-qua-dien-tu"]
        case .apiResult(let code): ["api", "v1", "dossiers", code.segment(named: SiteURL.Key.dossierCode), "result"]
        case .check: ["xac-thuc"]
        }
    }

    /// Whether a request to this path carries a signed PDF, so that the CSRF check reads a body as large as the route's.
    static func acceptsSignedPDF(_ path: String) -> Bool {
        path == check.path || (path.hasPrefix("/mot-cua/ho-so/") && path.hasSuffix("/ket-qua-dien-tu"))
    }
}

/// Registers the electronic result's routes.
func signedResultRoutes(_ app: Application) {
    app.on(.POST, SignedResultURL.staffResult(.key).pathComponents, body: .collect(maxSize: BodyLimit.evidence), use: SignedResultController.upload)
    app.get(SignedResultURL.staffResult(.key).pathComponents, use: SignedResultController.staffDownload)
    app.get(SignedResultURL.apiResult(.key).pathComponents, use: SignedResultController.staffDownload)
    app.get(SignedResultURL.citizenResult(.key).pathComponents, use: SignedResultController.citizenDownload)
    app.get(SignedResultURL.check.pathComponents, use: SignedResultController.showCheck)
    app.on(.POST, SignedResultURL.check.pathComponents, body: .collect(maxSize: BodyLimit.evidence), use: SignedResultController.check)
}

enum SignedResultController {
    /// The roles that attach a dossier's signed result: the department that settles it and the leader who signs.
    static let uploaders: [Role] = [.specialist, .departmentHead, .communeLeader]

    /// What a page shows of a stored signed result.
    struct Summary: Encodable {
        let signerName: String
        let issuerName: String
        let signedAt: String
        let verificationCode: String
        let fileName: String
        let uploadedBy: String
        let uploadedAt: String
        let downloadPath: String

        init(_ result: SignedResult, downloadPath: String) {
            signerName = result.signerName
            issuerName = result.issuerName
            signedAt = VietnameseFormat.dateTime(result.signedAt)
            verificationCode = result.verificationCode
            fileName = result.fileName
            uploadedBy = result.uploadedBy
            uploadedAt = VietnameseFormat.dateTime(result.uploadedAt)
            self.downloadPath = downloadPath
        }
    }

    /// The panel of the officers' dossier page.
    struct StaffPanel: Encodable {
        let current: Summary?
        let canUpload: Bool
        let uploadPath: String
        let checkPath: String
    }

    /// The panel of the citizen's dossier page, when the dossier has a signed result.
    struct CitizenPanel: Encodable {
        let current: Summary
        let checkPath: String
    }

    static func stored(for dossier: Dossier, on db: any Database) async throws -> SignedResult? {
        try await SignedResult.query(on: db).filter(\.$commune.$id == dossier.$commune.id).filter(\.$dossier.$id == dossier.requireID()).first()
    }

    static func staffPanel(for dossier: Dossier, staff: StaffIdentity, on req: Request) async throws -> StaffPanel {
        let path = SignedResultURL.staffResult(.value(dossier.code)).path
        return StaffPanel(
            current: try await stored(for: dossier, on: req.db).map { Summary($0, downloadPath: path) },
            canUpload: staff.hasAny(Set(uploaders)), uploadPath: path, checkPath: SignedResultURL.check.path
        )
    }

    static func citizenPanel(for dossier: Dossier, on req: Request) async throws -> CitizenPanel? {
        try await stored(for: dossier, on: req.db).map {
            CitizenPanel(current: Summary($0, downloadPath: SignedResultURL.citizenResult(.value(dossier.code)).path), checkPath: SignedResultURL.check.path)
        }
    }

    // MARK: upload

    /// `POST /mot-cua/ho-so/:dossierCode/ket-qua-dien-tu` (multipart `ketQua`): stored only when every check passes.
    static func upload(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        // Another commune's dossier is a 404 before the role says 403, as on every dossier route.
        let dossier = try await DossierPagesController.findDossier(req)
        guard staff.hasAny(Set(uploaders)) else { throw AppError.forbidden }
        let back = [ErrorPage.Link(label: "Về hồ sơ \(dossier.code)", href: SiteURL.dossier(.value(dossier.code)).path)]
        guard let file = try? req.content.get(File.self, at: "ketQua"), file.data.readableBytes > 0 else {
            var error = AppError.invalid("Chọn tệp PDF kết quả đã ký số để tải lên.")
            error.wayBack = back
            throw error
        }
        let bytes = Array(file.data.readableBytesView)
        let verified: VerifiedSignature
        switch await verify(bytes, on: req) {
        case .success(let signature): verified = signature
        case .failure(let problem):
            req.logger.info("signed result refused for \(dossier.code): \(problem.code)")
            var error = AppError(status: .unprocessableEntity, code: "signature_\(problem.code)", message: "Kết quả điện tử không được lưu. \(problem.message)")
            error.wayBack = back
            throw error
        }
        let key = try await req.application.fileStore.store(bytes, kind: .pdf, communeID: dossier.$commune.id)
        let dossierID = try dossier.requireID()
        let communeID = dossier.$commune.id
        let fileName = String(file.filename.prefix(200))
        let code = makeVerificationCode()
        let now = req.now
        try await req.writeTransaction { db in
            let result = try await SignedResult.query(on: db).filter(\.$commune.$id == communeID).filter(\.$dossier.$id == dossierID).first() ?? SignedResult()
            let replaced = result.id != nil
            result.$commune.id = communeID
            result.$dossier.id = dossierID
            result.fileKey = key
            result.fileName = fileName.isEmpty ? "\(dossier.code)-ket-qua.pdf" : fileName
            result.byteCount = bytes.count
            result.sha256 = verified.fileDigest
            result.verificationCode = code
            result.signerName = verified.signerName
            result.issuerName = verified.issuerName
            result.signedAt = verified.signingTime
            result.subFilter = verified.subFilter
            result.uploadedBy = staff.username
            result.uploadedAt = now
            try await result.save(on: db)
            try await req.audit(AuditEvent(
                action: replaced ? "dossier.signed_result.replace" : "dossier.signed_result.attach", objectType: "dossier", objectID: dossierID.uuidString,
                communeID: communeID,
                summary: "\(dossier.code): kết quả điện tử ký bởi \(verified.signerName) lúc \(VietnameseFormat.dateTime(verified.signingTime)), SHA-256 \(verified.fileDigest.prefix(16))…, mã xác thực \(code)"
            ), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: SiteURL.dossier(.value(dossier.code)).path))
    }

    /// Checks a file against the province's trust, or says that none is configured.
    static func verify(_ bytes: [UInt8], on req: Request) async -> Result<VerifiedSignature, SignedResultProblem> {
        guard let trust = req.application.settings.signingTrust else { return .failure(.noTrustConfigured) }
        if bytes.count > UploadRule.maximumBytes { return .failure(.tooLarge) }
        return await SignedResultVerifier.verify(bytes, trust: trust)
    }

    /// Twelve characters without look-alikes (no 0/O, 1/I/L), in groups of four.
    static func makeVerificationCode() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        let characters = (0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] }
        return stride(from: 0, to: 12, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    // MARK: downloads

    /// `GET /mot-cua/ho-so/:dossierCode/ket-qua-dien-tu` and `GET /api/v1/dossiers/:dossierCode/result`.
    static func staffDownload(req: Request) async throws -> Response {
        _ = try req.requireStaff()
        let dossier = try await DossierPagesController.findDossier(req)
        guard let result = try await stored(for: dossier, on: req.db) else {
            throw AppError(status: .notFound, code: "not_found", message: "Hồ sơ \(dossier.code) chưa có kết quả điện tử.")
        }
        try await DossierPagesController.recordPersonalDataAccess(dossier, purpose: "Tải kết quả điện tử", on: req)
        return try await pdfResponse(result, dossier: dossier, on: req)
    }

    /// `GET /cong-dan/ho-so/:dossierCode/ket-qua-dien-tu`: the applicant's own result, as any other dossier is a 404.
    static func citizenDownload(req: Request) async throws -> Response {
        let identity = try await CitizenAuth.require(req)
        let dossier = try await CitizenDossierController.ownDossier(req, identity)
        guard let result = try await stored(for: dossier, on: req.db) else { throw AppError.notFound }
        return try await pdfResponse(result, dossier: dossier, on: req)
    }

    private static func pdfResponse(_ result: SignedResult, dossier: Dossier, on req: Request) async throws -> Response {
        let bytes = try await req.application.fileStore.read(result.fileKey)
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        response.headers.setContentDisposition(.attachment, fileName: "\(dossier.code)-ket-qua-dien-tu.pdf")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    // MARK: public check

    struct Verdict: Encodable {
        let isGenuine: Bool
        let message: String
        let signerName: String?
        let issuerName: String?
        let signedAt: String?
        let dossierCode: String?
        let applicantName: String?
        let communeName: String?
        let procedureName: String?
        let verificationCode: String?
    }

    struct CheckPage: Encodable {
        let page: PageContext
        let checkPath: String
        let code: String
        let verdict: Verdict?
    }

    /// `GET /xac-thuc` (`?ma=` a verification code): the form, or the verdict on the stored result the code names.
    static func showCheck(req: Request) async throws -> Response {
        let code = ((try? req.query.get(String.self, at: "ma")) ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        guard !code.isEmpty else { return try await render(req, code: "", verdict: nil) }
        guard code.count <= 20, let result = try await SignedResult.query(on: req.db).filter(\.$verificationCode == code).first() else {
            return try await render(req, code: String(code.prefix(20)), verdict: Verdict(
                isGenuine: false, message: "Không có kết quả điện tử nào mang mã xác thực này.", signerName: nil, issuerName: nil, signedAt: nil,
                dossierCode: nil, applicantName: nil, communeName: nil, procedureName: nil, verificationCode: nil
            ), status: .notFound)
        }
        // The stored file is checked again, so that a certificate revoked since the upload shows here.
        let bytes = try await req.application.fileStore.read(result.fileKey)
        return try await verdictResponse(req, bytes: bytes, code: code)
    }

    /// `POST /xac-thuc` (multipart `tep`): anyone uploads a PDF and sees whether it is genuine.
    static func check(req: Request) async throws -> Response {
        guard let file = try? req.content.get(File.self, at: "tep"), file.data.readableBytes > 0 else {
            throw AppError.invalid("Chọn tệp PDF cần xác thực.")
        }
        return try await verdictResponse(req, bytes: Array(file.data.readableBytesView), code: "")
    }

    private static func verdictResponse(_ req: Request, bytes: [UInt8], code: String) async throws -> Response {
        switch await verify(bytes, on: req) {
        case .failure(let problem):
            return try await render(req, code: code, verdict: Verdict(
                isGenuine: false, message: problem.message, signerName: nil, issuerName: nil, signedAt: nil,
                dossierCode: nil, applicantName: nil, communeName: nil, procedureName: nil, verificationCode: nil
            ), status: .unprocessableEntity)
        case .success(let signature):
            // A copy of a result MotCua stored names its dossier; the applicant's name is masked on this public page.
            let stored = try await SignedResult.query(on: req.db).filter(\.$sha256 == signature.fileDigest).first()
            var dossier: Dossier?
            var commune: Commune?
            if let stored {
                dossier = try await stored.$dossier.get(on: req.db)
                commune = try await dossier?.$commune.get(on: req.db)
            }
            return try await render(req, code: code, verdict: Verdict(
                isGenuine: true,
                message: stored == nil
                    ? "Chữ ký số hợp lệ. Tệp này không phải kết quả do MotCua lưu, nên không gắn với hồ sơ nào."
                    : "Chữ ký số hợp lệ và tệp trùng khớp với kết quả điện tử của hồ sơ.",
                signerName: signature.signerName, issuerName: signature.issuerName, signedAt: VietnameseFormat.dateTime(signature.signingTime),
                dossierCode: dossier?.code, applicantName: dossier.map { PersonalDataMasking.maskName($0.applicantName) },
                communeName: commune?.fullName, procedureName: dossier?.procedureName, verificationCode: stored?.verificationCode
            ))
        }
    }

    private static func render(_ req: Request, code: String, verdict: Verdict?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let view = try await req.view.render("signed-results/check", CheckPage(
            page: try await PageContext.make(for: req, title: "Xác thực kết quả điện tử"), checkPath: SignedResultURL.check.path, code: code, verdict: verdict
        ))
        return try await view.encodeResponse(status: status, for: req)
    }
}

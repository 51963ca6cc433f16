import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The public lookup of a dossier by its code (or the QR code on the receipt), with personal data masked.
enum LookupController {
    struct Step: Content {
        let time: String
        let action: String
    }

    /// What the public sees of a dossier: never an ID number, a phone, an address or a full name.
    struct PublicDossier: Content {
        let code: String
        let procedureName: String
        let communeName: String
        let applicantName: String
        let status: String
        let statusDescription: String
        let nationalStatus: Int
        let receivedAt: String?
        let dueAt: String?
        /// While the clock is stopped for the applicant: the days left and from when they run again.
        let clockNote: String?
        /// A refused dossier: which refusal, when, and the written reason the applicant was given (form 03).
        let refusal: DossierPagesController.RefusalView?
        let returnedAt: String?
        let nextStep: String?
        let steps: [Step]
        /// Whether the applicant may rate the dossier now, and the rating when they did.
        let canRate: Bool
        let rating: String?
    }

    struct LookupPage: Encodable {
        let page: PageContext
        let query: String
        let dossier: PublicDossier?
        let notFound: Bool
        let actionPath: String
        let ratePath: String?
        let levels: [OrganisationController.Option]
    }

    /// `GET /tra-cuu?ma=…`: the form, and the result when a code is given.
    static func form(req: Request) async throws -> Response {
        let query = (req.query[String.self, at: "ma"] ?? "").trimmingCharacters(in: .whitespaces)
        if !query.isEmpty {
            return req.redirect(to: SiteURL.publicLookup(.value(query.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? query)).path)
        }
        let view = try await req.view.render("lookup/lookup", LookupPage(page: try await PageContext.make(for: req, title: "Tra cứu hồ sơ"), query: "", dossier: nil, notFound: false, actionPath: SiteURL.lookup.path, ratePath: nil, levels: []))
        return try await view.encodeResponse(for: req)
    }

    /// `GET /tra-cuu/:code`: the page the receipt's QR code opens.
    static func page(req: Request) async throws -> Response {
        try req.application.lookupRateLimiter.check(req)
        let code = req.parameters.get(SiteURL.Key.dossierCode) ?? ""
        let dossier = try await find(code, on: req)
        let view = try await req.view.render("lookup/lookup", LookupPage(
            page: try await PageContext.make(for: req, title: "Tra cứu hồ sơ"), query: code, dossier: dossier, notFound: dossier == nil, actionPath: SiteURL.lookup.path,
            ratePath: dossier.map { SiteURL.rateDossier(.value($0.code)).path },
            levels: SatisfactionLevel.allCases.reversed().map { .init(value: String($0.rawValue), label: $0.vietnameseName, isSelected: false) }
        ))
        return try await view.encodeResponse(status: dossier == nil ? .notFound : .ok, for: req)
    }

    /// `GET /api/v1/public/dossiers/:code`.
    static func api(req: Request) async throws -> PublicDossier {
        try req.application.lookupRateLimiter.check(req)
        guard let dossier = try await find(req.parameters.get(SiteURL.Key.dossierCode) ?? "", on: req) else {
            throw AppError(status: .notFound, code: "not_found", message: "Không tìm thấy hồ sơ với mã này. Kiểm tra lại mã trên giấy hẹn.")
        }
        return dossier
    }

    private static func find(_ raw: String, on req: Request) async throws -> PublicDossier? {
        guard let code = DossierCode.parse(raw.removingPercentEncoding ?? raw),
              let dossier = try await Dossier.query(on: req.readDB).filter(\.$code == code.description).first()
        else { return nil }
        let status = DossierStatus(rawValue: dossier.status) ?? .new
        let events = try await DossierEventRecord.query(on: req.readDB).filter(\.$dossier.$id == dossier.requireID()).sort(\.$sequence).all()
        let commune = try await dossier.$commune.get(on: req.readDB)
        let rating = try await DossierRating.query(on: req.readDB).filter(\.$dossier.$id == dossier.requireID()).first()
        return PublicDossier(
            code: dossier.code, procedureName: dossier.procedureName, communeName: commune.fullName,
            applicantName: PersonalDataMasking.maskName(dossier.applicantName), status: status.vietnameseName,
            statusDescription: status.publicDescription, nationalStatus: status.nationalStatus.rawValue,
            receivedAt: dossier.receivedAt.map(VietnameseFormat.dateTime), dueAt: dossier.dueAt.map(VietnameseFormat.dateTime),
            clockNote: dossier.state.stoppedClockNote,
            refusal: DossierPagesController.refusal(events, status: status),
            returnedAt: dossier.returnedAt.map(VietnameseFormat.dateTime), nextStep: status.nextStepForApplicant,
            // Steps name what was done and when; which officer did it and their notes stay inside.
            steps: events.map { Step(time: VietnameseFormat.dateTime($0.occurredAt), action: DossierAction(rawValue: $0.action)?.vietnameseName ?? $0.action) },
            canRate: status == .returned && rating == nil, rating: rating.flatMap { SatisfactionLevel(rawValue: $0.level)?.vietnameseName }
        )
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// `GET /cong-dan/truy-cap-du-lieu`: who among the officers saw the personal data of the citizen's own dossiers.
///
/// Only the dossiers linked to the account count (submitted through it): the account's ID number is not verified
/// against the national database, so matching dossiers by ID number could show someone else's.
enum CitizenAccessLogController {
    struct Page: Encodable {
        let page: PageContext
        let fullName: String
        let entries: [PersonalDataLog.CitizenView]
        let hasEntries: Bool
        let dossierCount: Int
        let accountPath: String
    }

    static func show(req: Request) async throws -> View {
        let identity = try await CitizenAuth.require(req)
        let dossierIDs = try await CitizenDossierLink.query(on: req.db).filter(\.$account.$id == identity.accountID).all(\.$dossier.$id)
        let dossiers = dossierIDs.isEmpty ? [] : try await Dossier.query(on: req.db).filter(\.$id ~~ dossierIDs).all()
        let entries = try await PersonalDataLog.accesses(toDossiers: dossiers, on: req.db)
        return try await req.view.render("privacy/citizen-access", Page(
            page: try await PageContext.make(for: req, title: "Ai đã xem dữ liệu của tôi"), fullName: identity.fullName,
            entries: entries, hasEntries: !entries.isEmpty, dossierCount: dossiers.count, accountPath: SiteURL.citizenAccount.path
        ))
    }
}

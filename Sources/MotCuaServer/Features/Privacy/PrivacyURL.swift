import Foundation
import Vapor

/// The pages of personal data protection: a citizen's view of who accessed their data, the export of the dossier
/// register with a reason, and each commune's retention period.
enum PrivacyURL: SitePath, Sendable {
    /// `GET /cong-dan/truy-cap-du-lieu`: the citizen's list of officers who saw their dossiers.
    case citizenAccessLog
    /// `GET` the form, `POST` the CSV: the dossier register with applicants' personal data, for a stated reason.
    case registerExport
    /// `GET`/`POST /quan-tri/luu-tru-du-lieu`: the commune's retention period for personal data of closed dossiers.
    case retention

    var segments: [String] {
        switch self {
        case .citizenAccessLog: ["cong-dan", "truy-cap-du-lieu"]
        case .registerExport: ["mot-cua", "so-theo-doi", "xuat-du-lieu"]
        case .retention: ["quan-tri", "luu-tru-du-lieu"]
        }
    }
}

/// Registers the personal data pages.
func privacyRoutes(_ app: Application) {
    app.get(PrivacyURL.citizenAccessLog.pathComponents, use: CitizenAccessLogController.show)
    app.get(PrivacyURL.registerExport.pathComponents, use: RegisterExportController.showForm)
    app.post(PrivacyURL.registerExport.pathComponents, use: RegisterExportController.export)
    app.get(PrivacyURL.retention.pathComponents, use: RetentionController.show)
    app.post(PrivacyURL.retention.pathComponents, use: RetentionController.save)
}

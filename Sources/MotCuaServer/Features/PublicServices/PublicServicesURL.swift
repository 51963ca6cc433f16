import Foundation
import Vapor

/// The pages and endpoints of fault reports, collection schedules and public lighting, in one place like `SiteURL`.
enum PublicServicesURL: SitePath, Sendable {
    // public pages of a commune
    case reports(Parameter<String>)
    case newReport(Parameter<String>)
    case report(Parameter<String>, Parameter<String>)
    case citizenResponse(Parameter<String>, Parameter<String>)
    case reportPhoto(Parameter<UUID>, Parameter<UUID>)
    case collectionSchedule(Parameter<String>)
    // staff pages
    case queue
    case staffReport(Parameter<UUID>)
    case changeStatus(Parameter<UUID>)
    case linkLightPoint(Parameter<UUID>)
    case serviceTypes
    case serviceType(Parameter<UUID>)
    case apiClients
    case revokeAPIClient(Parameter<UUID>)
    case collectionRoutes
    case collectionRoute(Parameter<UUID>)
    case lightPoints
    case lightPoint(Parameter<UUID>)
    case statistics
    case statisticsCSV
    // Open311 GeoReport v2
    case open311Document(Parameter<String>)
    case open311Service(Parameter<String>)
    case open311Request(Parameter<String>)
    case open311Token(Parameter<String>)

    enum Key {
        static let reportCode = "reportCode"
        static let reportID = "reportID"
        static let serviceTypeID = "serviceTypeID"
        static let photoID = "photoID"
        static let serviceCode = "serviceCode"
        static let clientID = "clientID"
        static let routeID = "routeID"
        static let lightPointID = "lightPointID"
        /// "services.json", "requests.xml": a GeoReport document with its format suffix.
        static let open311Document = "open311Document"
        static let open311File = "open311File"
    }

    var segments: [String] {
        switch self {
        case .reports(let slug): ["xa", Self.text(slug, SiteURL.Key.communeSlug), "su-co"]
        case .newReport(let slug): ["xa", Self.text(slug, SiteURL.Key.communeSlug), "su-co", "bao-moi"]
        case .report(let slug, let code): ["xa", Self.text(slug, SiteURL.Key.communeSlug), "su-co", Self.text(code, Key.reportCode)]
        case .citizenResponse(let slug, let code):
            ["xa", Self.text(slug, SiteURL.Key.communeSlug), "su-co", Self.text(code, Key.reportCode), "phan-hoi"]
        case .collectionSchedule(let slug): ["xa", Self.text(slug, SiteURL.Key.communeSlug), "lich-thu-gom-rac"]
        case .queue: ["dich-vu-cong-cong", "su-co"]
        case .staffReport(let id): ["dich-vu-cong-cong", "su-co", id.segment(named: Key.reportID)]
        case .changeStatus(let id): ["dich-vu-cong-cong", "su-co", id.segment(named: Key.reportID), "trang-thai"]
        case .reportPhoto(let report, let id): ["dich-vu-cong-cong", "su-co", report.segment(named: Key.reportID), "anh", id.segment(named: Key.photoID)]
        case .linkLightPoint(let id): ["dich-vu-cong-cong", "su-co", id.segment(named: Key.reportID), "cot-den"]
        case .serviceTypes: ["dich-vu-cong-cong", "loai-su-co"]
        case .serviceType(let id): ["dich-vu-cong-cong", "loai-su-co", id.segment(named: Key.serviceTypeID)]
        case .apiClients: ["dich-vu-cong-cong", "khoa-open311"]
        case .revokeAPIClient(let id): ["dich-vu-cong-cong", "khoa-open311", id.segment(named: Key.clientID), "thu-hoi"]
        case .collectionRoutes: ["dich-vu-cong-cong", "thu-gom-rac"]
        case .collectionRoute(let id): ["dich-vu-cong-cong", "thu-gom-rac", id.segment(named: Key.routeID)]
        case .lightPoints: ["dich-vu-cong-cong", "chieu-sang"]
        case .lightPoint(let id): ["dich-vu-cong-cong", "chieu-sang", id.segment(named: Key.lightPointID)]
        case .statistics: ["dich-vu-cong-cong", "bao-cao"]
        case .statisticsCSV: ["dich-vu-cong-cong", "bao-cao", "su-co.csv"]
        case .open311Document(let name): ["open311", "v2", Self.text(name, Key.open311Document)]
        case .open311Service(let file): ["open311", "v2", "services", Self.text(file, Key.open311File)]
        case .open311Request(let file): ["open311", "v2", "requests", Self.text(file, Key.open311File)]
        case .open311Token(let file): ["open311", "v2", "tokens", Self.text(file, Key.open311File)]
        }
    }

    /// Like `Parameter.segment(named:)`, but a value is percent-encoded: service codes and Open311 file names are typed
    /// by each commune and may hold any character.
    private static func text(_ parameter: Parameter<String>, _ key: String) -> String {
        switch parameter {
        case .key: parameter.segment(named: key)
        case .value(let value): value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? value
        }
    }
}

import Foundation
import Vapor

/// A path parameter: `.key` when a route is registered, `.value` when a link is printed.
enum Parameter<Value: Sendable>: Sendable {
    case key
    case value(Value)
}

extension Parameter where Value == UUID {
    /// The path segment: `:name` for the route, the id in lower case for a link.
    func segment(named name: String) -> String {
        switch self {
        case .key: ":" + name
        case .value(let id): id.uuidString.lowercased()
        }
    }
}

extension Parameter where Value == String {
    /// The path segment: `:name` for the route, the text as it is for a link.
    func segment(named name: String) -> String {
        switch self {
        case .key: ":" + name
        case .value(let text): text
        }
    }
}

/// A typed path of the site: the link it prints and the route it registers come from the same segments, so that
/// they cannot drift apart.
protocol SitePath {
    var segments: [String] { get }
}

extension SitePath {
    /// The path a link prints, e.g. `/quan-tri/can-bo/…`.
    var path: String { "/" + segments.joined(separator: "/") }

    /// The components a route registers.
    var pathComponents: [PathComponent] { segments.map { PathComponent(stringLiteral: $0) } }
}

/// Every page and endpoint of the site, so that routes and links come from one place and cannot drift apart.
enum SiteURL: SitePath, Sendable {
    case home
    case health
    case metrics
    case signIn
    /// The page where an officer unlocks sign-in from their address with a one-time code.
    case signInUnlock
    case signInUnlockCode
    case signOut
    case workspace
    case changePassword
    case communes
    case newCommune
    case commune(Parameter<UUID>)
    case departments
    case newDepartment
    case department(Parameter<UUID>)
    case officers
    case newOfficer
    case officer(Parameter<UUID>)
    case unlockOfficer(Parameter<UUID>)
    case resetOfficerPassword(Parameter<UUID>)
    case auditJournal
    case calendarMonth
    case schedules
    case hotline(Parameter<String>)
    case dutyRoster
    case dutyShifts
    case deleteDutyShift(Parameter<UUID>)
    case dutyCalls
    case procedures
    case procedure(Parameter<String>)
    case catalogAdmin
    case catalogExport
    case catalogImport
    case communeHome(Parameter<String>)
    case publicProcedures(Parameter<String>)
    case publicProcedure(Parameter<String>, Parameter<String>)
    case intake
    // the counter when the network drops (issue #25)
    case offlineCounter
    case offlineCounterCalendar
    case offlineCounterSend
    case offlineCounterWorker
    case workQueue
    case dossier(Parameter<String>)
    case dossierActions(Parameter<String>)
    case dossierForm(Parameter<String>, Parameter<String>)
    case dossierScan(Parameter<String>, Parameter<UUID>)
    case lookup
    case publicLookup(Parameter<String>)
    case dossierRegister
    case rateDossier(Parameter<String>)
    case outbox
    case feedbackForm(Parameter<String>)
    case feedbackItem(Parameter<String>)
    case feedbackList
    case answerFeedback(Parameter<String>)
    case announcements
    /// A page of the public services feature, whose paths live in `PublicServicesURL`.
    case publicServices(PublicServicesURL)
    /// A page of the commune's own work, whose paths live in `CommuneWorkURL`.
    case communeWork(CommuneWorkURL)
    /// A page of commune resources and economy, whose paths live in `ResourcesURL`.
    case communeResources(ResourcesURL)
    // citizens' accounts and online submission
    case citizenRegister
    case citizenConfirm
    case citizenResendCode
    case citizenSignIn
    case citizenSignOut
    case citizenForgotPassword
    case citizenResetPassword
    case citizenVNeIDSignIn
    case citizenVNeIDCallback
    case citizenVNeIDComplete
    case citizenAccount
    case onlineProcedures
    case onlineSubmission(Parameter<String>, Parameter<String>)
    case citizenDossier(Parameter<String>)
    case citizenSupplement(Parameter<String>)
    case citizenStopRequest(Parameter<String>)
    case citizenReceipt(Parameter<String>)
    case citizenDocument(Parameter<UUID>)
    case procedureTemplate(Parameter<String>, Parameter<String>, Parameter<String>)
    // the center floor: queue tickets, counters and screens
    case floorKiosk(Parameter<String>)
    case floorEntrance(Parameter<String>)
    case floorDisplay(Parameter<String>)
    case floorDisplayEvents(Parameter<String>)
    case floorDisplayState(Parameter<String>)
    case floorRating(Parameter<String>, Parameter<UUID>)
    case queueTicket(Parameter<UUID>)
    case queueTicketPrint(Parameter<UUID>)
    case floorCounters
    case floorCounter(Parameter<UUID>)
    case floorDesk(Parameter<UUID>)
    case floorDeskCall(Parameter<UUID>)
    case floorDeskAction(Parameter<UUID>)
    case floorStatistics
    // reports
    case reports
    case operationReport
    case indicatorReport
    case satisfactionReport
    case reportDossiers
    case reportExport(Parameter<String>)
    // the national portal's synchronisation (issue #18)
    case portalSync
    case portalSyncResend(Parameter<UUID>)
    // performance (issue #11): only in bench mode
    case benchBaseline

    /// Parameter names, shared by registration and by handlers that read them.
    enum Key {
        static let communeID = "communeID"
        static let departmentID = "departmentID"
        static let officerID = "officerID"
        static let communeSlug = "communeSlug"
        static let shiftID = "shiftID"
        static let procedureCode = "procedureCode"
        static let dossierCode = "dossierCode"
        static let formName = "formName"
        static let documentID = "documentID"
        static let feedbackCode = "feedbackCode"
        static let templateName = "templateName"
        static let counterID = "counterID"
        static let ticketID = "ticketID"
        static let exportName = "exportName"
        static let stepID = "stepID"
    }

    var segments: [String] {
        switch self {
        case .home: []
        case .health: ["health"]
        case .metrics: ["metrics"]
        case .signIn: ["dang-nhap"]
        case .signInUnlock: ["dang-nhap", "mo-khoa"]
        case .signInUnlockCode: ["dang-nhap", "mo-khoa", "gui-ma"]
        case .signOut: ["dang-xuat"]
        case .workspace: ["lam-viec"]
        case .changePassword: ["tai-khoan", "mat-khau"]
        case .communes: ["quan-tri", "xa"]
        case .newCommune: ["quan-tri", "xa", "them"]
        case .commune(let id): ["quan-tri", "xa", id.segment(named: Key.communeID)]
        case .departments: ["quan-tri", "phong-ban"]
        case .newDepartment: ["quan-tri", "phong-ban", "them"]
        case .department(let id): ["quan-tri", "phong-ban", id.segment(named: Key.departmentID)]
        case .officers: ["quan-tri", "can-bo"]
        case .newOfficer: ["quan-tri", "can-bo", "them"]
        case .officer(let id): ["quan-tri", "can-bo", id.segment(named: Key.officerID)]
        case .unlockOfficer(let id): ["quan-tri", "can-bo", id.segment(named: Key.officerID), "mo-khoa"]
        case .resetOfficerPassword(let id): ["quan-tri", "can-bo", id.segment(named: Key.officerID), "dat-lai-mat-khau"]
        case .auditJournal: ["quan-tri", "nhat-ky"]
        case .calendarMonth: ["lich"]
        case .publicServices(let url): url.segments
        case .communeWork(let url): url.segments
        case .communeResources(let url): url.segments
        case .schedules: ["quan-tri", "lich-nghi"]
        case .hotline(let slug): ["xa", slug.segment(named: Key.communeSlug), "truc-ban"]
        case .dutyRoster: ["cong-an", "truc-ban"]
        case .dutyShifts: ["cong-an", "truc-ban", "ca"]
        case .deleteDutyShift(let id): ["cong-an", "truc-ban", "ca", id.segment(named: Key.shiftID), "xoa"]
        case .dutyCalls: ["cong-an", "truc-ban", "cuoc-goi"]
        case .procedures: ["mot-cua", "thu-tuc"]
        case .procedure(let code): ["mot-cua", "thu-tuc", code.segment(named: Key.procedureCode)]
        case .catalogAdmin: ["quan-tri", "danh-muc-thu-tuc"]
        case .catalogExport: ["quan-tri", "danh-muc-thu-tuc", "danh-muc-thu-tuc.csv"]
        case .catalogImport: ["quan-tri", "danh-muc-thu-tuc", "nhap"]
        case .communeHome(let slug): ["xa", slug.segment(named: Key.communeSlug)]
        case .publicProcedures(let slug): ["xa", slug.segment(named: Key.communeSlug), "thu-tuc"]
        case .publicProcedure(let slug, let code): ["xa", slug.segment(named: Key.communeSlug), "thu-tuc", code.segment(named: Key.procedureCode)]
        case .intake: ["mot-cua", "tiep-nhan"]
        case .offlineCounter: ["mot-cua", "tiep-nhan", "ngoai-tuyen"]
        case .offlineCounterCalendar: ["mot-cua", "tiep-nhan", "ngoai-tuyen", "lich"]
        case .offlineCounterSend: ["mot-cua", "tiep-nhan", "ngoai-tuyen", "gui"]
        // Served from /mot-cua/ so that its scope covers the counter page.
        case .offlineCounterWorker: ["mot-cua", "ngoai-tuyen.js"]
        case .workQueue: ["mot-cua", "viec-can-lam"]
        case .dossier(let code): ["mot-cua", "ho-so", code.segment(named: Key.dossierCode)]
        case .dossierActions(let code): ["mot-cua", "ho-so", code.segment(named: Key.dossierCode), "thao-tac"]
        case .dossierForm(let code, let form): ["mot-cua", "ho-so", code.segment(named: Key.dossierCode), "in", form.segment(named: Key.formName)]
        case .dossierScan(let code, let id): ["mot-cua", "ho-so", code.segment(named: Key.dossierCode), "ban-quet", id.segment(named: Key.documentID)]
        case .lookup: ["tra-cuu"]
        case .dossierRegister: ["mot-cua", "so-theo-doi"]
        case .rateDossier(let code): ["tra-cuu", code.segment(named: Key.dossierCode), "danh-gia"]
        case .outbox: ["mot-cua", "hop-thu"]
        case .feedbackForm(let slug): ["xa", slug.segment(named: Key.communeSlug), "phan-anh"]
        case .feedbackItem(let code): ["phan-anh", code.segment(named: Key.feedbackCode)]
        case .feedbackList: ["mot-cua", "phan-anh"]
        case .answerFeedback(let code): ["mot-cua", "phan-anh", code.segment(named: Key.feedbackCode), "tra-loi"]
        case .announcements: ["mot-cua", "thong-bao"]
        case .publicLookup(let code): ["tra-cuu", code.segment(named: Key.dossierCode)]
        case .citizenRegister: ["cong-dan", "dang-ky"]
        case .citizenConfirm: ["cong-dan", "xac-nhan"]
        case .citizenResendCode: ["cong-dan", "xac-nhan", "gui-lai"]
        case .citizenSignIn: ["cong-dan", "dang-nhap"]
        case .citizenSignOut: ["cong-dan", "dang-xuat"]
        case .citizenForgotPassword: ["cong-dan", "quen-mat-khau"]
        case .citizenResetPassword: ["cong-dan", "quen-mat-khau", "dat-lai"]
        case .citizenVNeIDSignIn: ["cong-dan", "dang-nhap", "vneid"]
        case .citizenVNeIDCallback: ["cong-dan", "dang-nhap", "vneid", "ve"]
        case .citizenVNeIDComplete: ["cong-dan", "dang-nhap", "vneid", "hoan-tat"]
        case .citizenAccount: ["cong-dan"]
        case .onlineProcedures: ["cong-dan", "nop-ho-so"]
        case .onlineSubmission(let slug, let code): ["cong-dan", "nop-ho-so", slug.segment(named: Key.communeSlug), code.segment(named: Key.procedureCode)]
        case .citizenDossier(let code): ["cong-dan", "ho-so", code.segment(named: Key.dossierCode)]
        case .citizenSupplement(let code): ["cong-dan", "ho-so", code.segment(named: Key.dossierCode), "bo-sung"]
        case .citizenStopRequest(let code): ["cong-dan", "ho-so", code.segment(named: Key.dossierCode), "de-nghi-dung"]
        case .citizenReceipt(let code): ["cong-dan", "ho-so", code.segment(named: Key.dossierCode), "mau-01"]
        case .citizenDocument(let id): ["cong-dan", "giay-to", id.segment(named: Key.documentID)]
        case .procedureTemplate(let slug, let code, let name): ["xa", slug.segment(named: Key.communeSlug), "thu-tuc", code.segment(named: Key.procedureCode), "mau", name.segment(named: Key.templateName)]
        case .floorKiosk(let slug): ["xa", slug.segment(named: Key.communeSlug), "lay-so"]
        case .floorEntrance(let slug): ["xa", slug.segment(named: Key.communeSlug), "lay-so", "ma-qr"]
        case .floorDisplay(let slug): ["xa", slug.segment(named: Key.communeSlug), "man-hinh"]
        case .floorDisplayEvents(let slug): ["xa", slug.segment(named: Key.communeSlug), "man-hinh", "su-kien"]
        case .floorDisplayState(let slug): ["xa", slug.segment(named: Key.communeSlug), "man-hinh", "trang-thai"]
        case .floorRating(let slug, let id): ["xa", slug.segment(named: Key.communeSlug), "quay", id.segment(named: Key.counterID), "danh-gia"]
        case .queueTicket(let id): ["so-thu-tu", id.segment(named: Key.ticketID)]
        case .queueTicketPrint(let id): ["so-thu-tu", id.segment(named: Key.ticketID), "in"]
        case .floorCounters: ["mot-cua", "quay"]
        case .floorCounter(let id): ["mot-cua", "quay", id.segment(named: Key.counterID)]
        case .floorDesk(let id): ["mot-cua", "quay", id.segment(named: Key.counterID), "lam-viec"]
        case .floorDeskCall(let id): ["mot-cua", "quay", id.segment(named: Key.counterID), "goi-tiep"]
        case .floorDeskAction(let id): ["mot-cua", "quay", id.segment(named: Key.counterID), "thao-tac"]
        case .floorStatistics: ["mot-cua", "thong-ke-quay"]
        case .reports: ["bao-cao"]
        case .operationReport: ["bao-cao", "hoat-dong"]
        case .indicatorReport: ["bao-cao", "chi-so-766"]
        case .satisfactionReport: ["bao-cao", "hai-long"]
        case .reportDossiers: ["bao-cao", "ho-so"]
        case .reportExport(let name): ["bao-cao", "tai-ve", name.segment(named: Key.exportName)]
        case .portalSync: ["tinh", "dong-bo-dvcqg"]
        case .portalSyncResend(let id): ["tinh", "dong-bo-dvcqg", "gui-lai", id.segment(named: Key.stepID)]
        case .benchBaseline: ["bench", "baseline"]
        }
    }
}

/// The JSON API's paths, under `/api/v1`.
enum APIURL: Sendable {
    case token
    case me
    case communes
    case departments
    case department(Parameter<UUID>)
    case officers
    case officer(Parameter<UUID>)
    case openAPIDocument
    case procedures
    case dossiers
    case dossier(Parameter<String>)
    case dossierActions(Parameter<String>)
    case publicDossier(Parameter<String>)
    case reportOperations
    case reportIndicators

    private var segments: [String] {
        switch self {
        case .token: ["auth", "token"]
        case .me: ["me"]
        case .communes: ["communes"]
        case .departments: ["departments"]
        case .department(let id): ["departments", id.segment(named: SiteURL.Key.departmentID)]
        case .officers: ["officers"]
        case .officer(let id): ["officers", id.segment(named: SiteURL.Key.officerID)]
        case .openAPIDocument: ["openapi.json"]
        case .procedures: ["procedures"]
        case .dossiers: ["dossiers"]
        case .dossier(let code): ["dossiers", code.segment(named: SiteURL.Key.dossierCode)]
        case .dossierActions(let code): ["dossiers", code.segment(named: SiteURL.Key.dossierCode), "actions"]
        case .publicDossier(let code): ["public", "dossiers", code.segment(named: SiteURL.Key.dossierCode)]
        case .reportOperations: ["reports", "operations"]
        case .reportIndicators: ["reports", "indicators"]
        }
    }

    var path: String { "/api/v1/" + segments.joined(separator: "/") }
    var pathComponents: [PathComponent] { (["api", "v1"] + segments).map { PathComponent(stringLiteral: $0) } }
}

extension Request {
    /// The public address of the site: `MOTCUA_PUBLIC_URL`, or the scheme and host this request came to.
    var publicBaseURL: String {
        if let base = application.settings.publicBaseURL { return base }
        let host = headers.first(name: .host) ?? "localhost:8080"
        return (application.settings.secureCookies ? "https://" : "http://") + host
    }

    /// An absolute address for a path, for QR codes and messages that a phone opens.
    func publicURL(path: String) -> String { publicBaseURL + path }

    /// The UUID in the named path parameter, or a 404 when it is not one.
    func uuidParameter(_ key: String) throws -> UUID {
        guard let raw = parameters.get(key), let id = UUID(uuidString: raw) else { throw AppError.notFound }
        return id
    }
}

import Foundation

/// What each kind of user gets from each route, keyed like `RouteAccessTests.rules` ("METHOD /path").
///
/// Every route needs an entry (the matrix test fails otherwise). `.byAccess` takes the default of the route's
/// `RouteAccessTests.Access`: public pages let everybody through; staff pages and the API let every officer through and
/// send visitors and citizens to sign in; rows of another commune answer 404 to a commune's officers (the province
/// sees every commune); a citizen's pages are the citizen's alone. Other entries narrow that to some roles.
enum RouteRoleExpectations {
    /// Who asks: a visitor, the demo citizen, or a demo officer of xã Phụng Công or of the province.
    enum Principal: String, CaseIterable, Sendable, CustomStringConvertible {
        case visitor, citizen
        case counterOfficer, specialist, departmentHead, communeLeader, communeAdministrator
        case provinceOffice, provinceAdministrator

        /// The demo account of an officer.
        var username: String? {
            switch self {
            case .visitor, .citizen: nil
            case .counterOfficer: "tiepnhan"
            case .specialist: "chuyenvien"
            case .departmentHead: "truongphong"
            case .communeLeader: "lanhdao"
            case .communeAdministrator: "admin"
            case .provinceOffice: "tinh"
            case .provinceAdministrator: "quantritinh"
            }
        }

        var isStaff: Bool { username != nil }
        var worksForProvince: Bool { self == .provinceOffice || self == .provinceAdministrator }
        var description: String { rawValue }

        /// The officers of one commune.
        static let commune: Set<Principal> = [.counterOfficer, .specialist, .departmentHead, .communeLeader, .communeAdministrator]
        /// The officers of the province.
        static let province: Set<Principal> = [.provinceOffice, .provinceAdministrator]
        /// Every officer.
        static let staff: Set<Principal> = commune.union(province)
    }

    /// How a route answers: it lets the request through (a page, a redirect elsewhere, a validation error), asks to sign
    /// in (401 or a redirect to a sign-in page), refuses (403) or does not show the row (404).
    enum Answer: String, Sendable, CustomStringConvertible {
        case allowed, signIn, forbidden, notFound
        var description: String { rawValue }
    }

    /// Whose row a path names: one of the user's commune (or the citizen's own), or one of another commune (or citizen).
    enum RowCommune: String, Sendable, CustomStringConvertible {
        case own, other
        var description: String { rawValue }
    }

    /// The expectation of one route.
    struct Expectation: Sendable {
        /// The officers that get through; `nil` for every officer.
        var staff: Set<Principal>?
        /// The answer to the officers outside `staff`.
        var refusal: Answer = .forbidden
        /// Answers that differ from the above for a row of the user's own commune (or for a route without a row).
        var own: [Principal: Answer] = [:]
        /// Answers that differ for a row of another commune.
        var other: [Principal: Answer] = [:]

        /// The default of the route's access kind.
        static let byAccess = Expectation()
        /// A route that answers 404 to everybody (a feature the application has not configured).
        static let nowhere = Expectation(own: Dictionary(uniqueKeysWithValues: Principal.allCases.map { ($0, Answer.notFound) }))

        /// Only these officers get through; the others are refused with 403.
        static func only(_ principals: Set<Principal>, refusal: Answer = .forbidden, own: [Principal: Answer] = [:], other: [Principal: Answer] = [:]) -> Expectation {
            Expectation(staff: principals, refusal: refusal, own: own, other: other)
        }
    }

    /// Whether a route's path names a row whose commune matters.
    static func namesARow(_ access: RouteAccessTests.Access) -> Bool {
        [.staffRow, .apiRow, .citizenRow].contains(access)
    }

    /// The answer a principal should get.
    static func expected(_ key: String, access: RouteAccessTests.Access, principal: Principal, rowCommune: RowCommune) -> Answer {
        let expectation = table[key] ?? .byAccess
        if rowCommune == .other, let answer = expectation.other[principal] { return answer }
        if let answer = expectation.own[principal] {
            if rowCommune == .own || !namesARow(access) || principal.worksForProvince { return answer }
        }
        switch access {
        case .publicPage:
            return .allowed
        case .citizen, .citizenRow:
            guard principal == .citizen else { return .signIn }
            return rowCommune == .other && access == .citizenRow ? .notFound : .allowed
        case .staff, .staffRow, .api, .apiRow:
            guard principal.isStaff else { return .signIn }
            // A commune's officer does not see that another commune's row exists; the province sees every commune.
            if rowCommune == .other, namesARow(access), !principal.worksForProvince { return .notFound }
            if let staff = expectation.staff, !staff.contains(principal) { return expectation.refusal }
            return .allowed
        }
    }

    /// The expectation of every route.
    static let table: [String: Expectation] = [
        // commune resources (#10): the office and leader keep assets and budget, the economy department clearance and
        // investment, the province approves transfers between communes; counter officers have no business here.
        "GET /cong-viec/dao-tao": .byAccess,
        "POST /cong-viec/dao-tao": .only([.communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "GET /cong-viec/dao-tao/cua-toi": .byAccess,
        "GET /cong-viec/dao-tao/do-phu": .byAccess,
        "GET /cong-viec/dao-tao/can-bo/:officerID": .only([.departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "GET /cong-viec/dao-tao/:courseID": .byAccess,
        "POST /cong-viec/dao-tao/:courseID/hoc-vien": .only([.communeLeader, .communeAdministrator]),
        "POST /cong-viec/dao-tao/:courseID/ket-qua": .byAccess,
        "GET /cong-viec/bao-cao": .byAccess,
        "GET /cong-viec/bao-cao/:exportName": .byAccess,
        "GET /kinh-te-tai-chinh": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "GET /kinh-te-tai-chinh/tai-san": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "POST /kinh-te-tai-chinh/tai-san": .only([.specialist, .departmentHead, .communeLeader]),
        "POST /kinh-te-tai-chinh/tai-san/nhap-csv": .only([.specialist, .departmentHead, .communeLeader]),
        "GET /kinh-te-tai-chinh/tai-san/:assetID": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator], other: [.counterOfficer: .forbidden]),
        "POST /kinh-te-tai-chinh/tai-san/:assetID": .only([.specialist, .departmentHead, .communeLeader], other: [.counterOfficer: .forbidden]),
        "POST /kinh-te-tai-chinh/tai-san/:assetID/dieu-chuyen": .only([.specialist, .departmentHead, .communeLeader], other: [.counterOfficer: .forbidden]),
        "GET /kinh-te-tai-chinh/dieu-chuyen": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "POST /kinh-te-tai-chinh/dieu-chuyen/:transferID": .only([.provinceOffice, .provinceAdministrator], other: [.counterOfficer: .forbidden]),
        "GET /kinh-te-tai-chinh/ra-soat": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "POST /kinh-te-tai-chinh/ra-soat": .only([.specialist, .departmentHead, .communeLeader]),
        "GET /kinh-te-tai-chinh/ra-soat/:reviewID": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator], other: [.counterOfficer: .forbidden]),
        "POST /kinh-te-tai-chinh/ra-soat/:reviewID/tai-san/:assetID": .only([.specialist, .departmentHead, .communeLeader], other: [.counterOfficer: .forbidden]),
        "POST /kinh-te-tai-chinh/ra-soat/:reviewID/ket-thuc": .only([.specialist, .departmentHead, .communeLeader], other: [.counterOfficer: .forbidden]),
        "GET /kinh-te-tai-chinh/ngan-sach": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "POST /kinh-te-tai-chinh/ngan-sach": .only([.specialist, .departmentHead]),
        "GET /kinh-te-tai-chinh/ngan-sach/:estimateID": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator], other: [.counterOfficer: .forbidden]),
        "POST /kinh-te-tai-chinh/ngan-sach/:estimateID/dong": .only([.specialist, .departmentHead], other: [.counterOfficer: .forbidden]),
        "POST /kinh-te-tai-chinh/ngan-sach/:estimateID/thao-tac": .only([.specialist, .departmentHead, .communeLeader], other: [.counterOfficer: .forbidden]),
        // Only the leader approves; other rows: officers without the section's duties get 403 before the row is looked up.
        "POST /kinh-te-tai-chinh/ngan-sach/:estimateID/phe-duyet": .only([.communeLeader], other: [.counterOfficer: .forbidden]),
        "POST /kinh-te-tai-chinh/ngan-sach/:estimateID/thuc-hien": .only([.specialist, .departmentHead], other: [.counterOfficer: .forbidden]),
        "GET /kinh-te-tai-chinh/giai-phong-mat-bang": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "POST /kinh-te-tai-chinh/giai-phong-mat-bang": .only([.communeLeader]),
        "GET /kinh-te-tai-chinh/giai-phong-mat-bang/:projectID": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator], other: [.counterOfficer: .forbidden]),
        "POST /kinh-te-tai-chinh/giai-phong-mat-bang/:projectID/ho": .only([.communeLeader], other: [.counterOfficer: .forbidden]),
        "POST /kinh-te-tai-chinh/giai-phong-mat-bang/ho/:householdID": .only([.communeLeader], other: [.counterOfficer: .forbidden]),
        "GET /kinh-te-tai-chinh/dau-tu": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "POST /kinh-te-tai-chinh/dau-tu": .only([.communeLeader]),
        "POST /kinh-te-tai-chinh/dau-tu/:investmentID": .only([.communeLeader], other: [.counterOfficer: .forbidden]),
        "GET /kinh-te-tai-chinh/bao-cao": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "GET /kinh-te-tai-chinh/bao-cao/:exportName": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "GET /": .byAccess,
        "GET /health": .byAccess,
        // Test requests come from no address, neither loopback nor holding the metrics token: refused to everyone.
        "GET /metrics": Expectation(own: Dictionary(uniqueKeysWithValues: Principal.allCases.map { ($0, Answer.forbidden) })),
        "GET /lich": .byAccess,
        "GET /dang-nhap": .byAccess,
        "POST /dang-nhap": Expectation(own: [.visitor: .signIn, .citizen: .signIn, .counterOfficer: .signIn, .specialist: .signIn, .departmentHead: .signIn, .communeLeader: .signIn, .communeAdministrator: .signIn, .provinceOffice: .signIn, .provinceAdministrator: .signIn]),
        "POST /dang-xuat": .only([], refusal: .signIn),
        "GET /dang-nhap/mo-khoa": .byAccess,
        "POST /dang-nhap/mo-khoa": .byAccess,
        "POST /dang-nhap/mo-khoa/gui-ma": .byAccess,
        "GET /xa/:communeSlug": .byAccess,
        "GET /xa/:communeSlug/thu-tuc": .byAccess,
        "GET /xa/:communeSlug/thu-tuc/:procedureCode": .byAccess,
        "GET /xa/:communeSlug/truc-ban": .byAccess,
        "GET /lam-viec": .byAccess,
        "GET /tai-khoan/mat-khau": .byAccess,
        "POST /tai-khoan/mat-khau": .byAccess,
        "GET /quan-tri/xa": .only([.communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "GET /quan-tri/xa/them": .only([.provinceAdministrator]),
        "POST /quan-tri/xa/them": .only([.provinceAdministrator]),
        "GET /quan-tri/xa/:communeID": .only([.communeAdministrator, .provinceOffice, .provinceAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden, .communeLeader: .forbidden]),
        "POST /quan-tri/xa/:communeID": .only([.provinceAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden, .communeLeader: .forbidden, .communeAdministrator: .forbidden]),
        "GET /quan-tri/phong-ban": .only([.communeAdministrator, .provinceAdministrator]),
        "GET /quan-tri/phong-ban/them": .only([.communeAdministrator, .provinceAdministrator]),
        "POST /quan-tri/phong-ban/them": .only([.communeAdministrator, .provinceAdministrator]),
        "GET /quan-tri/phong-ban/:departmentID": .only([.communeAdministrator, .provinceAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden, .communeLeader: .forbidden]),
        "POST /quan-tri/phong-ban/:departmentID": .only([.communeAdministrator, .provinceAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden, .communeLeader: .forbidden]),
        "GET /quan-tri/can-bo": .only([.communeAdministrator, .provinceAdministrator]),
        "GET /quan-tri/can-bo/them": .only([.communeAdministrator, .provinceAdministrator]),
        "POST /quan-tri/can-bo/them": .only([.communeAdministrator, .provinceAdministrator]),
        "GET /quan-tri/can-bo/:officerID": .only([.communeAdministrator, .provinceAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden, .communeLeader: .forbidden]),
        "POST /quan-tri/can-bo/:officerID": .only([.communeAdministrator, .provinceAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden, .communeLeader: .forbidden]),
        "POST /quan-tri/can-bo/:officerID/mo-khoa": .only([.communeAdministrator, .provinceAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden, .communeLeader: .forbidden]),
        "POST /quan-tri/can-bo/:officerID/dat-lai-mat-khau": .only([.communeAdministrator, .provinceAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden, .communeLeader: .forbidden]),
        "GET /quan-tri/nhat-ky": .only([.communeAdministrator, .provinceAdministrator]),
        // the national portal's synchronisation (#18): the province's administrator alone
        "GET /tinh/dong-bo-dvcqg": .only([.provinceAdministrator]),
        "POST /tinh/dong-bo-dvcqg/gui-lai/:stepID": .only([.provinceAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden, .communeLeader: .forbidden, .communeAdministrator: .forbidden]),
        "GET /quan-tri/lich-nghi": .byAccess,
        "POST /quan-tri/lich-nghi": .only([.provinceAdministrator]),
        "GET /cong-an/truc-ban": .only([.communeLeader, .communeAdministrator]),
        "POST /cong-an/truc-ban/ca": .only([.communeLeader, .communeAdministrator]),
        "POST /cong-an/truc-ban/ca/:shiftID/xoa": .only([.communeLeader, .communeAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden]),
        "POST /cong-an/truc-ban/cuoc-goi": .only([.communeLeader, .communeAdministrator]),
        "GET /mot-cua/thu-tuc": .byAccess,
        "GET /mot-cua/thu-tuc/:procedureCode": .only([.communeLeader, .communeAdministrator]),
        "POST /mot-cua/thu-tuc/:procedureCode": .only([.communeLeader, .communeAdministrator]),
        "GET /quan-tri/danh-muc-thu-tuc": .only([.provinceAdministrator]),
        "GET /quan-tri/danh-muc-thu-tuc/danh-muc-thu-tuc.csv": .byAccess,
        "POST /quan-tri/danh-muc-thu-tuc/nhap": .only([.provinceAdministrator]),
        "POST /api/v1/auth/token": .byAccess,
        "GET /api/v1/openapi.json": .byAccess,
        "GET /api/v1/me": .byAccess,
        "GET /api/v1/communes": .byAccess,
        "GET /api/v1/departments": .byAccess,
        "GET /api/v1/officers": .byAccess,
        "GET /api/v1/procedures": .byAccess,
        "GET /api/v1/departments/:departmentID": .byAccess,
        "GET /api/v1/officers/:officerID": .byAccess,
        "GET /mot-cua/tiep-nhan": .only([.counterOfficer]),
        "POST /mot-cua/tiep-nhan": .only([.counterOfficer]),
        "GET /mot-cua/tiep-nhan/ngoai-tuyen": .only([.counterOfficer]),
        "GET /mot-cua/tiep-nhan/ngoai-tuyen/lich": .only([.counterOfficer]),
        "POST /mot-cua/tiep-nhan/ngoai-tuyen/gui": .only([.counterOfficer]),
        "GET /mot-cua/ngoai-tuyen.js": .byAccess,
        "GET /mot-cua/viec-can-lam": .byAccess,
        "GET /mot-cua/so-theo-doi": .only([.counterOfficer, .communeLeader, .communeAdministrator]),
        "GET /mot-cua/hop-thu": .only([.counterOfficer, .communeLeader, .communeAdministrator, .provinceAdministrator]),
        "POST /mot-cua/thong-bao": .only([.communeLeader, .communeAdministrator]),
        "GET /xa/:communeSlug/phan-anh": .byAccess,
        "POST /xa/:communeSlug/phan-anh": .byAccess,
        "GET /phan-anh/:feedbackCode": .byAccess,
        "GET /mot-cua/phan-anh": .only([.communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "POST /mot-cua/phan-anh/:feedbackCode/tra-loi": .only([.communeLeader], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden, .communeAdministrator: .forbidden]),
        "POST /tra-cuu/:dossierCode/danh-gia": .byAccess,
        "GET /mot-cua/ho-so/:dossierCode": .byAccess,
        "POST /mot-cua/ho-so/:dossierCode/thao-tac": .byAccess,
        "GET /mot-cua/ho-so/:dossierCode/in/:formName": .byAccess,
        "GET /mot-cua/ho-so/:dossierCode/ban-quet/:documentID": .byAccess,
        "GET /tra-cuu": .byAccess,
        "GET /tra-cuu/:dossierCode": .byAccess,
        "GET /api/v1/public/dossiers/:dossierCode": .byAccess,
        "POST /api/v1/dossiers": .only([.counterOfficer]),
        "GET /api/v1/dossiers": .byAccess,
        "GET /api/v1/dossiers/:dossierCode": .byAccess,
        "POST /api/v1/dossiers/:dossierCode/actions": .byAccess,
        "GET /xa/:communeSlug/su-co": .byAccess,
        "GET /xa/:communeSlug/su-co/bao-moi": .byAccess,
        "POST /xa/:communeSlug/su-co/bao-moi": .byAccess,
        "GET /xa/:communeSlug/su-co/:reportCode": .byAccess,
        "POST /xa/:communeSlug/su-co/:reportCode/phan-hoi": .byAccess,
        "GET /xa/:communeSlug/lich-thu-gom-rac": .byAccess,
        "GET /open311/v2/:open311Document": .byAccess,
        // Without a body the request reaches validation: 400 for the missing jurisdiction_id, before the api_key check.
        "POST /open311/v2/:open311Document": .byAccess,
        "GET /open311/v2/services/:open311File": .byAccess,
        "GET /open311/v2/requests/:open311File": .byAccess,
        "GET /open311/v2/tokens/:open311File": Expectation(own: [.visitor: .notFound, .citizen: .notFound, .counterOfficer: .notFound, .specialist: .notFound, .departmentHead: .notFound, .communeLeader: .notFound, .communeAdministrator: .notFound, .provinceOffice: .notFound, .provinceAdministrator: .notFound]),
        "GET /dich-vu-cong-cong/su-co": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "GET /dich-vu-cong-cong/su-co/:reportID": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator], other: [.counterOfficer: .forbidden]),
        "POST /dich-vu-cong-cong/su-co/:reportID/trang-thai": .only([.communeLeader]),
        "POST /dich-vu-cong-cong/su-co/:reportID/cot-den": .only([]),
        "GET /dich-vu-cong-cong/su-co/:reportID/anh/:photoID": .only([], refusal: .notFound, own: [.visitor: .notFound, .citizen: .notFound], other: [.counterOfficer: .forbidden]),
        "GET /dich-vu-cong-cong/loai-su-co": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "POST /dich-vu-cong-cong/loai-su-co": .only([.communeLeader, .communeAdministrator]),
        "GET /dich-vu-cong-cong/loai-su-co/:serviceTypeID": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator], other: [.counterOfficer: .forbidden]),
        "POST /dich-vu-cong-cong/loai-su-co/:serviceTypeID": .only([.communeLeader, .communeAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden]),
        "GET /dich-vu-cong-cong/khoa-open311": .only([.communeLeader, .communeAdministrator]),
        "POST /dich-vu-cong-cong/khoa-open311": .only([.communeLeader, .communeAdministrator]),
        "POST /dich-vu-cong-cong/khoa-open311/:clientID/thu-hoi": .only([.communeLeader, .communeAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden]),
        "GET /dich-vu-cong-cong/thu-gom-rac": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        // The collection and lighting registers are kept by the departments' officers as well as the leader and administrator.
        "POST /dich-vu-cong-cong/thu-gom-rac": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator]),
        "POST /dich-vu-cong-cong/thu-gom-rac/:routeID": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator], other: [.counterOfficer: .forbidden]),
        "GET /dich-vu-cong-cong/chieu-sang": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "POST /dich-vu-cong-cong/chieu-sang": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator]),
        "POST /dich-vu-cong-cong/chieu-sang/:lightPointID": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator], other: [.counterOfficer: .forbidden]),
        "GET /dich-vu-cong-cong/bao-cao": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "GET /dich-vu-cong-cong/bao-cao/su-co.csv": .only([.specialist, .departmentHead, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "GET /cong-viec/ke-hoach": .byAccess,
        "POST /cong-viec/ke-hoach": .only([.departmentHead, .communeLeader]),
        "GET /cong-viec/ke-hoach/:planID": .byAccess,
        "POST /cong-viec/ke-hoach/:planID/nhiem-vu": .only([.communeLeader]),
        "POST /cong-viec/ke-hoach/:planID/trinh-duyet": .byAccess,
        "GET /cong-viec/nhiem-vu/:taskID": .byAccess,
        // Progress is reported by the task's assignee (no demo principal on this row) or the leader.
        "POST /cong-viec/nhiem-vu/:taskID/tien-do": .only([.communeLeader]),
        "GET /cong-viec/nhiem-vu/:taskID/minh-chung/:evidenceID": .only([], refusal: .notFound, own: [.visitor: .notFound, .citizen: .notFound]),
        "GET /cong-viec/kiem-tra": .byAccess,
        "POST /cong-viec/kiem-tra": .only([.provinceOffice]),
        "GET /cong-viec/chi-dao": .byAccess,
        "POST /cong-viec/chi-dao/:directiveID/giao": .only([.communeLeader], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden, .communeAdministrator: .forbidden]),
        "GET /cong-viec/su-kien": .byAccess,
        "POST /cong-viec/su-kien": .only([.departmentHead, .communeLeader]),
        "GET /cong-viec/su-kien.ics": .byAccess,
        "POST /cong-viec/su-kien/:eventID/viec-chuan-bi": .only([.departmentHead, .communeLeader]),
        // The item's assignee (the specialist on this row) or the editing roles tick it off.
        "POST /cong-viec/su-kien/viec-chuan-bi/:itemID/xong": .only([.specialist, .departmentHead, .communeLeader]),
        "GET /cong-dan/dang-ky": .byAccess,
        "POST /cong-dan/dang-ky": .byAccess,
        "GET /cong-dan/dang-nhap": .byAccess,
        "POST /cong-dan/dang-nhap": Expectation(own: [.visitor: .signIn, .citizen: .signIn, .counterOfficer: .signIn, .specialist: .signIn, .departmentHead: .signIn, .communeLeader: .signIn, .communeAdministrator: .signIn, .provinceOffice: .signIn, .provinceAdministrator: .signIn]),
        "POST /cong-dan/dang-xuat": Expectation(own: [.visitor: .signIn, .citizen: .signIn, .counterOfficer: .signIn, .specialist: .signIn, .departmentHead: .signIn, .communeLeader: .signIn, .communeAdministrator: .signIn, .provinceOffice: .signIn, .provinceAdministrator: .signIn]),
        // The matrix's application has no VNeID provider configured: the sign-in routes do not exist for anybody.
        "GET /cong-dan/dang-nhap/vneid": .nowhere,
        "GET /cong-dan/dang-nhap/vneid/ve": .nowhere,
        "GET /cong-dan/dang-nhap/vneid/hoan-tat": .nowhere,
        "POST /cong-dan/dang-nhap/vneid/hoan-tat": .nowhere,
        "GET /cong-dan/quen-mat-khau": .byAccess,
        "POST /cong-dan/quen-mat-khau": .byAccess,
        "POST /cong-dan/quen-mat-khau/dat-lai": .byAccess,
        "GET /cong-dan/xac-nhan": .byAccess,
        "POST /cong-dan/xac-nhan": .byAccess,
        "POST /cong-dan/xac-nhan/gui-lai": .byAccess,
        "GET /cong-dan": .byAccess,
        "GET /cong-dan/nop-ho-so": .byAccess,
        "GET /cong-dan/nop-ho-so/:communeSlug/:procedureCode": .byAccess,
        "POST /cong-dan/nop-ho-so/:communeSlug/:procedureCode": .byAccess,
        "GET /cong-dan/ho-so/:dossierCode": .byAccess,
        "POST /cong-dan/ho-so/:dossierCode/bo-sung": .byAccess,
        "POST /cong-dan/ho-so/:dossierCode/de-nghi-dung": .byAccess,
        "GET /cong-dan/ho-so/:dossierCode/mau-01": .byAccess,
        "GET /cong-dan/giay-to/:documentID": .byAccess,
        "GET /xa/:communeSlug/thu-tuc/:procedureCode/mau/:templateName": .byAccess,
        "GET /xa/:communeSlug/lay-so": .byAccess,
        "POST /xa/:communeSlug/lay-so": .byAccess,
        "GET /xa/:communeSlug/lay-so/ma-qr": .byAccess,
        "GET /xa/:communeSlug/man-hinh": .byAccess,
        "GET /xa/:communeSlug/man-hinh/su-kien": .byAccess,
        "GET /xa/:communeSlug/man-hinh/trang-thai": .byAccess,
        "GET /xa/:communeSlug/quay/:counterID/danh-gia": .byAccess,
        "POST /xa/:communeSlug/quay/:counterID/danh-gia": .byAccess,
        "GET /so-thu-tu/:ticketID": .byAccess,
        "GET /so-thu-tu/:ticketID/in": .byAccess,
        "GET /mot-cua/quay": .only([.counterOfficer, .specialist, .departmentHead, .communeLeader, .communeAdministrator]),
        "POST /mot-cua/quay": .only([.communeLeader, .communeAdministrator]),
        "GET /mot-cua/thong-ke-quay": .only([.counterOfficer, .communeLeader, .communeAdministrator, .provinceOffice, .provinceAdministrator]),
        "GET /mot-cua/quay/:counterID": .only([.communeLeader, .communeAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden]),
        "POST /mot-cua/quay/:counterID": .only([.communeLeader, .communeAdministrator], other: [.counterOfficer: .forbidden, .specialist: .forbidden, .departmentHead: .forbidden]),
        "GET /mot-cua/quay/:counterID/lam-viec": .only([.counterOfficer], other: [.specialist: .forbidden, .departmentHead: .forbidden, .communeLeader: .forbidden, .communeAdministrator: .forbidden]),
        "POST /mot-cua/quay/:counterID/goi-tiep": .only([.counterOfficer], other: [.specialist: .forbidden, .departmentHead: .forbidden, .communeLeader: .forbidden, .communeAdministrator: .forbidden]),
        "POST /mot-cua/quay/:counterID/thao-tac": .only([.counterOfficer], other: [.specialist: .forbidden, .departmentHead: .forbidden, .communeLeader: .forbidden, .communeAdministrator: .forbidden]),
        "GET /bao-cao": .byAccess,
        "GET /bao-cao/hoat-dong": .byAccess,
        "GET /bao-cao/chi-so-766": .byAccess,
        "GET /bao-cao/hai-long": .byAccess,
        "GET /bao-cao/ho-so": .byAccess,
        "GET /bao-cao/tai-ve/:exportName": .byAccess,
        "GET /api/v1/reports/operations": .byAccess,
        "GET /api/v1/reports/indicators": .byAccess,
        "GET /cong-dan/truy-cap-du-lieu": .byAccess,
        "GET /mot-cua/so-theo-doi/xuat-du-lieu": .only([.counterOfficer, .communeLeader, .communeAdministrator]),
        "POST /mot-cua/so-theo-doi/xuat-du-lieu": .only([.counterOfficer, .communeLeader, .communeAdministrator]),
        "GET /quan-tri/luu-tru-du-lieu": .only([.communeLeader, .communeAdministrator]),
        "POST /quan-tri/luu-tru-du-lieu": .only([.communeLeader, .communeAdministrator]),
        "GET /cong-dan/ho-so/:dossierCode/thanh-toan": .byAccess,
        "POST /cong-dan/ho-so/:dossierCode/thanh-toan": .byAccess,
        // The matrix's dossier was never paid online, so its own citizen finds no receipt.
        "GET /cong-dan/ho-so/:dossierCode/bien-lai": Expectation(own: [.citizen: .notFound]),
        "GET /thanh-toan/vnpay/ipn": .byAccess,
        "GET /thanh-toan/vnpay/tra-ve": .byAccess,
        "GET /mot-cua/thanh-toan": .only([.counterOfficer, .communeLeader]),
        "POST /mot-cua/thanh-toan/doi-soat": .only([.counterOfficer, .communeLeader]),
        "GET /mot-cua/thanh-toan/thanh-toan.csv": .only([.counterOfficer, .communeLeader]),
        "GET /mot-cua/thanh-toan/thanh-toan.xlsx": .only([.counterOfficer, .communeLeader]),
        // The department and the leader attach a signed result; the matrix's dossier has none to download.
        "POST /mot-cua/ho-so/:dossierCode/ket-qua-dien-tu": .only([.specialist, .departmentHead, .communeLeader]),
        "GET /mot-cua/ho-so/:dossierCode/ket-qua-dien-tu": .only([], refusal: .notFound),
        "GET /api/v1/dossiers/:dossierCode/result": .only([], refusal: .notFound),
        "GET /cong-dan/ho-so/:dossierCode/ket-qua-dien-tu": Expectation(own: [.citizen: .notFound]),
        "GET /xac-thuc": .byAccess,
        "POST /xac-thuc": .byAccess,
    ]
}

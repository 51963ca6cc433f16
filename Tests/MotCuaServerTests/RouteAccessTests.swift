import Fluent
import Foundation
import MotCuaCore
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// Every route of the application has an access rule here, so that a new route without one fails this test.
@Suite("Route access: every route has a rule, and no officer reaches another commune's rows")
struct RouteAccessTests {
    enum Access {
        /// Anyone, signed in or not.
        case publicPage
        /// Any signed-in officer; lists are narrowed by the tenant scope.
        case staff
        /// Signed-in officers, acting on one row named in the path: rows of another commune answer 403 or 404.
        case staffRow
        /// The JSON API, with a bearer token.
        case api
        /// The API's rows named in the path.
        case apiRow
        /// A signed-in citizen's own pages (a citizen's session, never an officer's).
        case citizen
        /// A citizen's own rows named in the path: another citizen's answer 404.
        case citizenRow
    }

    /// The rule of each route, by method and path pattern.
    static let rules: [String: Access] = [
        "GET /": .publicPage, "GET /health": .publicPage, "GET /metrics": .publicPage, "GET /lich": .publicPage,
        "GET /dang-nhap": .publicPage, "POST /dang-nhap": .publicPage, "POST /dang-xuat": .staff,
        "GET /dang-nhap/mo-khoa": .publicPage, "POST /dang-nhap/mo-khoa": .publicPage, "POST /dang-nhap/mo-khoa/gui-ma": .publicPage,
        "GET /xa/:communeSlug": .publicPage, "GET /xa/:communeSlug/thu-tuc": .publicPage,
        "GET /xa/:communeSlug/thu-tuc/:procedureCode": .publicPage, "GET /xa/:communeSlug/truc-ban": .publicPage,
        "GET /lam-viec": .staff, "GET /tai-khoan/mat-khau": .staff, "POST /tai-khoan/mat-khau": .staff,
        "GET /quan-tri/xa": .staff, "GET /quan-tri/xa/them": .staff, "POST /quan-tri/xa/them": .staff,
        "GET /quan-tri/xa/:communeID": .staffRow, "POST /quan-tri/xa/:communeID": .staffRow,
        "GET /quan-tri/phong-ban": .staff, "GET /quan-tri/phong-ban/them": .staff, "POST /quan-tri/phong-ban/them": .staff,
        "GET /quan-tri/phong-ban/:departmentID": .staffRow, "POST /quan-tri/phong-ban/:departmentID": .staffRow,
        "GET /quan-tri/can-bo": .staff, "GET /quan-tri/can-bo/them": .staff, "POST /quan-tri/can-bo/them": .staff,
        "GET /quan-tri/can-bo/:officerID": .staffRow, "POST /quan-tri/can-bo/:officerID": .staffRow,
        "POST /quan-tri/can-bo/:officerID/mo-khoa": .staffRow, "POST /quan-tri/can-bo/:officerID/dat-lai-mat-khau": .staffRow,
        "GET /quan-tri/nhat-ky": .staff, "GET /tinh/dong-bo-dvcqg": .staff, "POST /tinh/dong-bo-dvcqg/gui-lai/:stepID": .staffRow, "GET /quan-tri/lich-nghi": .staff, "POST /quan-tri/lich-nghi": .staff,
        "GET /cong-an/truc-ban": .staff, "POST /cong-an/truc-ban/ca": .staff, "POST /cong-an/truc-ban/ca/:shiftID/xoa": .staffRow,
        "POST /cong-an/truc-ban/cuoc-goi": .staff,
        "GET /mot-cua/thu-tuc": .staff, "GET /mot-cua/thu-tuc/:procedureCode": .staff, "POST /mot-cua/thu-tuc/:procedureCode": .staff,
        "GET /quan-tri/danh-muc-thu-tuc": .staff, "GET /quan-tri/danh-muc-thu-tuc/danh-muc-thu-tuc.csv": .staff,
        "POST /quan-tri/danh-muc-thu-tuc/nhap": .staff,
        "POST /api/v1/auth/token": .publicPage, "GET /api/v1/openapi.json": .publicPage,
        "GET /api/v1/me": .api, "GET /api/v1/communes": .api, "GET /api/v1/departments": .api, "GET /api/v1/officers": .api,
        "GET /api/v1/procedures": .api,
        "GET /api/v1/departments/:departmentID": .apiRow, "GET /api/v1/officers/:officerID": .apiRow,
        "GET /mot-cua/tiep-nhan": .staff, "POST /mot-cua/tiep-nhan": .staff, "GET /mot-cua/viec-can-lam": .staff, "GET /mot-cua/so-theo-doi": .staff, "GET /mot-cua/hop-thu": .staff, "POST /mot-cua/thong-bao": .staff, "GET /xa/:communeSlug/phan-anh": .publicPage, "POST /xa/:communeSlug/phan-anh": .publicPage,
        "GET /phan-anh/:feedbackCode": .publicPage, "GET /mot-cua/phan-anh": .staff, "POST /mot-cua/phan-anh/:feedbackCode/tra-loi": .staffRow, "POST /tra-cuu/:dossierCode/danh-gia": .publicPage,
        "GET /mot-cua/ho-so/:dossierCode": .staffRow, "POST /mot-cua/ho-so/:dossierCode/thao-tac": .staffRow,
        "GET /mot-cua/ho-so/:dossierCode/in/:formName": .staffRow, "GET /mot-cua/ho-so/:dossierCode/ban-quet/:documentID": .staffRow,
        "GET /tra-cuu": .publicPage, "GET /tra-cuu/:dossierCode": .publicPage, "GET /api/v1/public/dossiers/:dossierCode": .publicPage,
        "POST /api/v1/dossiers": .api, "GET /api/v1/dossiers": .api,
        "GET /api/v1/dossiers/:dossierCode": .apiRow, "POST /api/v1/dossiers/:dossierCode/actions": .apiRow,
        // public services
        "GET /xa/:communeSlug/su-co": .publicPage, "GET /xa/:communeSlug/su-co/bao-moi": .publicPage, "POST /xa/:communeSlug/su-co/bao-moi": .publicPage,
        "GET /xa/:communeSlug/su-co/:reportCode": .publicPage, "POST /xa/:communeSlug/su-co/:reportCode/phan-hoi": .publicPage,
        "GET /xa/:communeSlug/lich-thu-gom-rac": .publicPage,
        "GET /open311/v2/:open311Document": .publicPage, "POST /open311/v2/:open311Document": .publicPage,
        "GET /open311/v2/services/:open311File": .publicPage, "GET /open311/v2/requests/:open311File": .publicPage, "GET /open311/v2/tokens/:open311File": .publicPage,
        "GET /dich-vu-cong-cong/su-co": .staff, "GET /dich-vu-cong-cong/su-co/:reportID": .staffRow,
        "POST /dich-vu-cong-cong/su-co/:reportID/trang-thai": .staffRow, "POST /dich-vu-cong-cong/su-co/:reportID/cot-den": .staffRow,
        "GET /dich-vu-cong-cong/su-co/:reportID/anh/:photoID": .staffRow,
        "GET /dich-vu-cong-cong/loai-su-co": .staff, "POST /dich-vu-cong-cong/loai-su-co": .staff,
        "GET /dich-vu-cong-cong/loai-su-co/:serviceTypeID": .staffRow, "POST /dich-vu-cong-cong/loai-su-co/:serviceTypeID": .staffRow,
        "GET /dich-vu-cong-cong/khoa-open311": .staff, "POST /dich-vu-cong-cong/khoa-open311": .staff, "POST /dich-vu-cong-cong/khoa-open311/:clientID/thu-hoi": .staffRow,
        "GET /dich-vu-cong-cong/thu-gom-rac": .staff, "POST /dich-vu-cong-cong/thu-gom-rac": .staff, "POST /dich-vu-cong-cong/thu-gom-rac/:routeID": .staffRow,
        "GET /dich-vu-cong-cong/chieu-sang": .staff, "POST /dich-vu-cong-cong/chieu-sang": .staff, "POST /dich-vu-cong-cong/chieu-sang/:lightPointID": .staffRow,
        "GET /dich-vu-cong-cong/bao-cao": .staff, "GET /dich-vu-cong-cong/bao-cao/su-co.csv": .staff,
        // commune work
        "GET /cong-viec/ke-hoach": .staff, "POST /cong-viec/ke-hoach": .staff, "GET /cong-viec/ke-hoach/:planID": .staffRow,
        "POST /cong-viec/ke-hoach/:planID/nhiem-vu": .staffRow, "POST /cong-viec/ke-hoach/:planID/trinh-duyet": .staffRow,
        "GET /cong-viec/nhiem-vu/:taskID": .staffRow, "POST /cong-viec/nhiem-vu/:taskID/tien-do": .staffRow,
        "GET /cong-viec/nhiem-vu/:taskID/minh-chung/:evidenceID": .staffRow,
        "GET /cong-viec/kiem-tra": .staff, "POST /cong-viec/kiem-tra": .staff, "GET /cong-viec/chi-dao": .staff,
        "POST /cong-viec/chi-dao/:directiveID/giao": .staffRow,
        "GET /cong-viec/su-kien": .staff, "POST /cong-viec/su-kien": .staff, "GET /cong-viec/su-kien.ics": .staff,
        "POST /cong-viec/su-kien/:eventID/viec-chuan-bi": .staffRow, "POST /cong-viec/su-kien/viec-chuan-bi/:itemID/xong": .staffRow,
        // commune work: training (a commune sees courses it organises or that require its officers), reports of the
        // commune's work (narrowed by the tenant scope, tested in WorkReportsTests)
        "GET /cong-viec/dao-tao": .staff, "POST /cong-viec/dao-tao": .staff, "GET /cong-viec/dao-tao/cua-toi": .staff,
        "GET /cong-viec/dao-tao/do-phu": .staff, "GET /cong-viec/dao-tao/can-bo/:officerID": .staffRow,
        "GET /cong-viec/dao-tao/:courseID": .staffRow, "POST /cong-viec/dao-tao/:courseID/hoc-vien": .staffRow,
        "POST /cong-viec/dao-tao/:courseID/ket-qua": .staffRow,
        "GET /cong-viec/bao-cao": .staff, "GET /cong-viec/bao-cao/:exportName": .staff,
        // citizens' accounts and online submission
        "GET /cong-dan/dang-ky": .publicPage, "POST /cong-dan/dang-ky": .publicPage, "GET /cong-dan/dang-nhap": .publicPage,
        "POST /cong-dan/dang-nhap": .publicPage, "POST /cong-dan/dang-xuat": .publicPage,
        "GET /cong-dan/quen-mat-khau": .publicPage, "POST /cong-dan/quen-mat-khau": .publicPage, "POST /cong-dan/quen-mat-khau/dat-lai": .publicPage,
        // signing in with VNeID (issue #19): the start, the provider's return, and linking or creating the account
        "GET /cong-dan/dang-nhap/vneid": .publicPage, "GET /cong-dan/dang-nhap/vneid/ve": .publicPage,
        "GET /cong-dan/dang-nhap/vneid/hoan-tat": .publicPage, "POST /cong-dan/dang-nhap/vneid/hoan-tat": .publicPage,
        "GET /cong-dan/xac-nhan": .citizen, "POST /cong-dan/xac-nhan": .citizen, "POST /cong-dan/xac-nhan/gui-lai": .citizen,
        "GET /cong-dan": .citizen, "GET /cong-dan/nop-ho-so": .citizen,
        "GET /cong-dan/nop-ho-so/:communeSlug/:procedureCode": .citizen, "POST /cong-dan/nop-ho-so/:communeSlug/:procedureCode": .citizen,
        "GET /cong-dan/ho-so/:dossierCode": .citizenRow, "POST /cong-dan/ho-so/:dossierCode/bo-sung": .citizenRow,
        "POST /cong-dan/ho-so/:dossierCode/de-nghi-dung": .citizenRow, "GET /cong-dan/ho-so/:dossierCode/mau-01": .citizenRow,
        "GET /cong-dan/giay-to/:documentID": .citizenRow,
        "GET /xa/:communeSlug/thu-tuc/:procedureCode/mau/:templateName": .publicPage,
        // the center floor: visitors' pages carry numbers only; counters are rows of one commune
        "GET /xa/:communeSlug/lay-so": .publicPage, "POST /xa/:communeSlug/lay-so": .publicPage, "GET /xa/:communeSlug/lay-so/ma-qr": .publicPage,
        "GET /xa/:communeSlug/man-hinh": .publicPage, "GET /xa/:communeSlug/man-hinh/su-kien": .publicPage, "GET /xa/:communeSlug/man-hinh/trang-thai": .publicPage,
        "GET /xa/:communeSlug/quay/:counterID/danh-gia": .publicPage, "POST /xa/:communeSlug/quay/:counterID/danh-gia": .publicPage,
        "GET /so-thu-tu/:ticketID": .publicPage, "GET /so-thu-tu/:ticketID/in": .publicPage,
        "GET /mot-cua/quay": .staff, "POST /mot-cua/quay": .staff, "GET /mot-cua/thong-ke-quay": .staff,
        "GET /mot-cua/quay/:counterID": .staffRow, "POST /mot-cua/quay/:counterID": .staffRow, "GET /mot-cua/quay/:counterID/lam-viec": .staffRow,
        "POST /mot-cua/quay/:counterID/goi-tiep": .staffRow, "POST /mot-cua/quay/:counterID/thao-tac": .staffRow,
        // reports (issue #7): the commune is a query parameter, narrowed by the tenant scope (tested in ReportsTests)
        "GET /bao-cao": .staff, "GET /bao-cao/hoat-dong": .staff, "GET /bao-cao/chi-so-766": .staff, "GET /bao-cao/hai-long": .staff,
        "GET /bao-cao/ho-so": .staff, "GET /bao-cao/tai-ve/:exportName": .staff,
        "GET /api/v1/reports/operations": .api, "GET /api/v1/reports/indicators": .api,
        // commune resources and economy (issue #10)
        "GET /kinh-te-tai-chinh": .staff, "GET /kinh-te-tai-chinh/tai-san": .staff, "POST /kinh-te-tai-chinh/tai-san": .staff,
        "POST /kinh-te-tai-chinh/tai-san/nhap-csv": .staff, "GET /kinh-te-tai-chinh/tai-san/:assetID": .staffRow, "POST /kinh-te-tai-chinh/tai-san/:assetID": .staffRow,
        "POST /kinh-te-tai-chinh/tai-san/:assetID/dieu-chuyen": .staffRow, "GET /kinh-te-tai-chinh/dieu-chuyen": .staff,
        "POST /kinh-te-tai-chinh/dieu-chuyen/:transferID": .staffRow, "GET /kinh-te-tai-chinh/ra-soat": .staff, "POST /kinh-te-tai-chinh/ra-soat": .staff,
        "GET /kinh-te-tai-chinh/ra-soat/:reviewID": .staffRow, "POST /kinh-te-tai-chinh/ra-soat/:reviewID/tai-san/:assetID": .staffRow,
        "POST /kinh-te-tai-chinh/ra-soat/:reviewID/ket-thuc": .staffRow, "GET /kinh-te-tai-chinh/ngan-sach": .staff, "POST /kinh-te-tai-chinh/ngan-sach": .staff,
        "GET /kinh-te-tai-chinh/ngan-sach/:estimateID": .staffRow, "POST /kinh-te-tai-chinh/ngan-sach/:estimateID/dong": .staffRow,
        "POST /kinh-te-tai-chinh/ngan-sach/:estimateID/thao-tac": .staffRow, "POST /kinh-te-tai-chinh/ngan-sach/:estimateID/phe-duyet": .staffRow,
        "POST /kinh-te-tai-chinh/ngan-sach/:estimateID/thuc-hien": .staffRow, "GET /kinh-te-tai-chinh/giai-phong-mat-bang": .staff,
        "POST /kinh-te-tai-chinh/giai-phong-mat-bang": .staff, "GET /kinh-te-tai-chinh/giai-phong-mat-bang/:projectID": .staffRow,
        "POST /kinh-te-tai-chinh/giai-phong-mat-bang/:projectID/ho": .staffRow, "POST /kinh-te-tai-chinh/giai-phong-mat-bang/ho/:householdID": .staffRow,
        "GET /kinh-te-tai-chinh/dau-tu": .staff, "POST /kinh-te-tai-chinh/dau-tu": .staff, "POST /kinh-te-tai-chinh/dau-tu/:investmentID": .staffRow,
        "GET /kinh-te-tai-chinh/bao-cao": .staff, "GET /kinh-te-tai-chinh/bao-cao/:exportName": .staff,
        // personal data (issue #12): the citizen's access log, the register export with a reason, retention
        "GET /cong-dan/truy-cap-du-lieu": .citizen, "GET /mot-cua/so-theo-doi/xuat-du-lieu": .staff, "POST /mot-cua/so-theo-doi/xuat-du-lieu": .staff,
        "GET /quan-tri/luu-tru-du-lieu": .staff, "POST /quan-tri/luu-tru-du-lieu": .staff,
        // online payment (issue #21): the citizen's order and receipt, VNPay's notice and return address
        "GET /cong-dan/ho-so/:dossierCode/thanh-toan": .citizenRow, "POST /cong-dan/ho-so/:dossierCode/thanh-toan": .citizenRow,
        "GET /cong-dan/ho-so/:dossierCode/bien-lai": .citizenRow,
        "GET /thanh-toan/vnpay/ipn": .publicPage, "GET /thanh-toan/vnpay/tra-ve": .publicPage,
        // the counter when the network drops (issue #25): the service worker is a static script
        "GET /mot-cua/tiep-nhan/ngoai-tuyen": .staff, "GET /mot-cua/tiep-nhan/ngoai-tuyen/lich": .staff,
        "POST /mot-cua/tiep-nhan/ngoai-tuyen/gui": .staff, "GET /mot-cua/ngoai-tuyen.js": .publicPage,
        // fee reconciliation (issue #21): the commune's own payments only
        "GET /mot-cua/thanh-toan": .staff, "POST /mot-cua/thanh-toan/doi-soat": .staff,
        "GET /mot-cua/thanh-toan/thanh-toan.csv": .staff, "GET /mot-cua/thanh-toan/thanh-toan.xlsx": .staff,
        // electronic results (issue #20): the department's upload, the downloads, the public check
        "POST /mot-cua/ho-so/:dossierCode/ket-qua-dien-tu": .staffRow, "GET /mot-cua/ho-so/:dossierCode/ket-qua-dien-tu": .staffRow,
        "GET /api/v1/dossiers/:dossierCode/result": .apiRow, "GET /cong-dan/ho-so/:dossierCode/ket-qua-dien-tu": .citizenRow,
        "GET /xac-thuc": .publicPage, "POST /xac-thuc": .publicPage,
    ]

    static func key(of route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map { component -> String in
            if case .parameter(let name) = component { return ":" + name }
            return component.description
        }.joined(separator: "/")
    }

    @Test("every registered route has an access rule, and every rule names a route")
    func everyRouteHasARule() async throws {
        try await withTestApp(seeded: false) { app in
            let registered = Set(app.routes.all.map(Self.key))
            #expect(registered.subtracting(Self.rules.keys).sorted() == [], "routes without a rule")
            #expect(Set(Self.rules.keys).subtracting(registered).sorted() == [], "rules without a route")
        }
    }

    @Test("staff routes refuse visitors who are not signed in, and nothing changes")
    func staffRoutesNeedSignIn() async throws {
        try await withTestApp { app in
            // Filling the paths creates the rows they name (and journals that) before anything is counted.
            for route in app.routes.all { _ = try await Self.concretePath(route, on: app) }
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            var visitor = BrowserSession(app: app)
            for route in app.routes.all {
                let key = Self.key(of: route)
                guard let rule = Self.rules[key], rule == .staff || rule == .staffRow || rule == .api || rule == .apiRow else { continue }
                let path = try await Self.concretePath(route, on: app)
                let response = route.method == .GET ? try await visitor.get(path) : try await visitor.submit(form: ["name": "x"], to: path)
                let refused: Set<HTTPResponseStatus> = route.method == .GET && rule != .api && rule != .apiRow ? [.seeOther] : [.unauthorized, .seeOther]
                #expect(refused.contains(response.status), "\(key) answered \(response.status) to a visitor")
            }
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore)
        }
    }

    @Test("rows of another commune answer 403 or 404 to every role of Phụng Công, and nothing changes")
    func rowsOfAnotherCommuneAreOutOfReach() async throws {
        try await withTestApp { app in
            for route in app.routes.all { _ = try await Self.concretePath(route, on: app) }
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            for account in DemoData.accounts where !account.worksForProvince {
                var session = try await BrowserSession.signedIn(account.username, on: app)
                let token = try await APIClient.token(account.username, on: app)
                let auditAfterSignIn = try await AuditEntry.query(on: app.db).filter(\.$action !~ ["auth.sign_in", "auth.token_issued"]).count()
                for route in app.routes.all {
                    let key = Self.key(of: route)
                    guard let rule = Self.rules[key], rule == .staffRow || rule == .apiRow else { continue }
                    let path = try await Self.concretePath(route, on: app)
                    let response: TestingHTTPResponse
                    if rule == .apiRow, route.method == .POST {
                        response = try await app.testing().sendRequest(.POST, path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: .init(string: #"{"action":"forward","version":1}"#))
                    } else if rule == .apiRow {
                        response = try await APIClient.get(path, token: token, on: app)
                    } else if route.method == .GET {
                        response = try await session.get(path)
                    } else {
                        response = try await session.submit(form: ["version": "1", "action": "forward", "name": "Đã bị đổi", "fullName": "Đã bị đổi", "password": "mat-khau-moi-12345", "kind": "other", "roles[]": "specialist", "isActive": "on"], to: path)
                    }
                    #expect([.forbidden, .notFound].contains(response.status), "\(account.username): \(key) answered \(response.status)")
                }
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action !~ ["auth.sign_in", "auth.token_issued"]).count() == auditAfterSignIn)
            }
            #expect(try await Department.query(on: app.db).filter(\.$name == "Đã bị đổi").count() == 0)
            #expect(try await Officer.query(on: app.db).filter(\.$fullName == "Đã bị đổi").count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action !~ ["auth.sign_in", "auth.token_issued"]).count() == auditBefore)
        }
    }

    /// The commune's demo resources (issue #10), with a pending transfer request, by path parameter.
    static func communeResourceRows(of communeID: UUID, on app: Application) async throws -> [String: String] {
        let asset = try #require(try await PublicAsset.query(on: app.db).filter(\.$commune.$id == communeID).first())
        var transfer = try await AssetTransfer.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$status == .pending).first()
        if transfer == nil {
            let created = AssetTransfer()
            created.$commune.id = communeID
            created.$asset.id = try asset.requireID()
            created.assetCode = asset.code
            created.assetName = asset.name
            created.toCommuneID = communeID
            created.status = .pending
            created.reason = "Kiểm thử"
            created.requestedBy = "test"
            created.requestedAt = Date()
            try await created.create(on: app.db)
            transfer = created
        }
        var review = try await AssetReview.query(on: app.db).filter(\.$commune.$id == communeID).first()
        if review == nil {
            let created = AssetReview()
            created.$commune.id = communeID
            created.title = "Rà soát Văn Giang"
            created.startedOn = "2026-01-05"
            created.startedBy = "test"
            try await created.create(on: app.db)
            review = created
        }
        return [
            ResourcesURL.Key.assetID: try asset.requireID().uuidString,
            ResourcesURL.Key.transferID: try #require(transfer).requireID().uuidString,
            ResourcesURL.Key.reviewID: try #require(review).requireID().uuidString,
            ResourcesURL.Key.estimateID: try #require(try await BudgetEstimate.query(on: app.db).filter(\.$commune.$id == communeID).first()).requireID().uuidString,
            ResourcesURL.Key.projectID: try #require(try await ClearanceProject.query(on: app.db).filter(\.$commune.$id == communeID).first()).requireID().uuidString,
            ResourcesURL.Key.householdID: try #require(try await ClearanceHousehold.query(on: app.db).filter(\.$commune.$id == communeID).first()).requireID().uuidString,
            ResourcesURL.Key.investmentID: try #require(try await InvestmentProject.query(on: app.db).filter(\.$commune.$id == communeID).first()).requireID().uuidString,
        ]
    }

    /// An inspection with a directive, a plan with a task and its evidence, in the commune.
    static func communeWorkRows(of communeID: UUID, on app: Application) async throws -> [String: String] {
        // The same task every run, so that the matrix's answers for it do not depend on the order rows come back in.
        var task = try await WorkTask.query(on: app.db).filter(\.$commune.$id == communeID).sort(\.$title).sort(\.$dueDate).first()
        if task == nil {
            let inspection = Inspection()
            inspection.$commune.id = communeID
            inspection.visitedOn = "2025-07-20"
            inspection.inspector = "Đoàn tỉnh"
            inspection.scope = "Văn Giang"
            inspection.findings = ""
            inspection.recordedBy = "tinh"
            try await inspection.create(on: app.db)
            let directive = Directive()
            directive.$commune.id = communeID
            directive.$inspection.id = try inspection.requireID()
            directive.content = "Chỉ đạo cho Văn Giang"
            directive.dueDate = "2025-09-30"
            try await directive.create(on: app.db)
            let plan = WorkPlan()
            plan.$commune.id = communeID
            plan.title = "Kế hoạch Văn Giang"
            plan.periodStart = "2025-07-01"
            plan.periodEnd = "2025-12-31"
            plan.status = .submitted
            plan.createdBy = "test"
            try await plan.create(on: app.db)
            let created = WorkTask()
            created.$commune.id = communeID
            created.$plan.id = try plan.requireID()
            created.$assignee.id = try #require(try await Officer.query(on: app.db).filter(\.$commune.$id == communeID).first()?.requireID())
            created.$leadDepartment.id = try #require(try await Department.query(on: app.db).filter(\.$commune.$id == communeID).first()?.requireID())
            created.$directive.id = try directive.requireID()
            created.title = "Việc của Văn Giang"
            created.dueDate = "2025-09-30"
            created.coordinatingUnits = ""
            created.deliverable = "Báo cáo"
            created.evidenceRequired = "Báo cáo"
            created.approvingAuthority = "Chủ tịch"
            created.progressPercent = 0
            created.progressNote = ""
            created.version = 1
            try await created.create(on: app.db)
            let evidence = WorkTaskEvidence()
            evidence.$commune.id = communeID
            evidence.$task.id = try created.requireID()
            evidence.fileKey = "khong-co"
            evidence.fileName = "a.pdf"
            evidence.mediaType = "application/pdf"
            evidence.uploadedBy = "test"
            evidence.uploadedAt = Date()
            try await evidence.create(on: app.db)
            task = created
        }
        let evidence = try await WorkTaskEvidence.query(on: app.db).filter(\.$task.$id == task?.id ?? UUID()).first()
        return [
            CommuneWorkURL.Key.taskID: try task?.requireID().uuidString ?? "",
            CommuneWorkURL.Key.planID: task?.$plan.id.uuidString ?? "",
            CommuneWorkURL.Key.directiveID: task?.$directive.id?.uuidString ?? "",
            CommuneWorkURL.Key.evidenceID: try evidence?.requireID().uuidString ?? "",
            CommuneWorkURL.Key.eventID: try await eventRow(of: communeID, on: app).event,
            CommuneWorkURL.Key.itemID: try await eventRow(of: communeID, on: app).item,
            CommuneWorkURL.Key.courseID: try await trainingRow(of: communeID, on: app),
            CommuneWorkURL.Key.exportName: "dao-tao.csv",
        ]
    }

    /// A course the commune organises for one of its officers.
    static func trainingRow(of communeID: UUID, on app: Application) async throws -> String {
        if let course = try await TrainingCourse.query(on: app.db).filter(\.$organiserCommune.$id == communeID).first() {
            return try course.requireID().uuidString
        }
        let commune = try #require(try await Commune.find(communeID, on: app.db))
        let course = TrainingCourse()
        course.$province.id = commune.$province.id
        course.$organiserCommune.id = communeID
        course.title = "Tập huấn của Văn Giang"
        course.organiser = "UBND xã Văn Giang"
        course.topic = "x"
        course.place = "x"
        course.startsOn = "2026-01-05"
        course.endsOn = "2026-01-05"
        course.createdBy = "test"
        try await course.create(on: app.db)
        let officer = try #require(try await Officer.query(on: app.db).filter(\.$commune.$id == communeID).first())
        try await TrainingController.makeAttendee(courseID: try course.requireID(), officerID: try officer.requireID(), communeID: communeID, reason: "x").create(on: app.db)
        return try course.requireID().uuidString
    }

    /// An event of the commune with one checklist item.
    static func eventRow(of communeID: UUID, on app: Application) async throws -> (event: String, item: String) {
        if let item = try await EventChecklistItem.query(on: app.db).filter(\.$commune.$id == communeID).first() {
            return (item.$event.id.uuidString, try item.requireID().uuidString)
        }
        let event = CommuneEvent()
        event.$commune.id = communeID
        event.$department.id = try #require(try await Department.query(on: app.db).filter(\.$commune.$id == communeID).first()?.requireID())
        event.title = "Lễ hội Văn Giang"
        event.place = ""
        event.ruleKind = .solar
        event.month = 3
        event.day = 10
        event.createdBy = "test"
        try await event.create(on: app.db)
        let item = EventChecklistItem()
        item.$commune.id = communeID
        item.$event.id = try event.requireID()
        item.$assignee.id = try #require(try await Officer.query(on: app.db).filter(\.$commune.$id == communeID).first()?.requireID())
        item.title = "Chuẩn bị"
        item.workingDaysBefore = 2
        item.deliverable = "x"
        item.evidenceRequired = "x"
        item.approvingAuthority = "x"
        try await item.create(on: app.db)
        return (try event.requireID().uuidString, try item.requireID().uuidString)
    }

    /// A report with a photo, a kind, an Open311 client, a route and a light of the commune, for the paths that name them.
    static func publicServiceRows(of communeID: UUID, on app: Application) async throws -> [String: String] {
        let type = try #require(try await ServiceType.query(on: app.db).filter(\.$commune.$id == communeID).first())
        var request = try await ServiceRequest.query(on: app.db).filter(\.$commune.$id == communeID).first()
        if request == nil {
            let created = ServiceRequest()
            created.$commune.id = communeID
            created.$serviceType.id = try type.requireID()
            created.code = "SC-2026-900001"
            created.tokenHash = AccessToken.hash("van-giang")
            created.status = .open
            created.description = "Đèn hỏng ở Văn Giang"
            created.address = "Văn Giang"
            created.answersJSON = "{}"
            created.channel = .web
            created.requestedAt = Date()
            created.updatedAt = Date()
            created.expectedAt = Date().addingTimeInterval(86_400)
            created.version = 1
            try await created.create(on: app.db)
            let photo = ServiceRequestPhoto()
            photo.$commune.id = communeID
            photo.$request.id = try created.requireID()
            photo.fileKey = "khong-co"
            photo.mediaType = "image/png"
            photo.byteCount = 1
            try await photo.create(on: app.db)
            request = created
        }
        var client = try await Open311Client.query(on: app.db).filter(\.$commune.$id == communeID).first()
        if client == nil {
            let created = Open311Client()
            created.$commune.id = communeID
            created.name = "Văn Giang"
            created.contact = ""
            created.keyHash = AccessToken.hash("van-giang-key")
            created.keyPrefix = "van-gi"
            created.issuedBy = "test"
            try await created.create(on: app.db)
            client = created
        }
        var route = try await CollectionRouteRecord.query(on: app.db).filter(\.$commune.$id == communeID).first()
        if route == nil {
            let created = CollectionRouteRecord()
            created.$commune.id = communeID
            created.name = "Tuyến Văn Giang"
            created.areas = "Thôn Văn Giang"
            created.weekdays = "2"
            created.startMinute = 360
            created.endMinute = 420
            created.collector = ""
            created.collectorPhone = ""
            created.isActive = true
            try await created.create(on: app.db)
            route = created
        }
        var light = try await LightPoint.query(on: app.db).filter(\.$commune.$id == communeID).first()
        if light == nil {
            let created = LightPoint()
            created.$commune.id = communeID
            created.code = "VG-001"
            created.location = "Văn Giang"
            created.circuit = ""
            created.onTime = "18:00"
            created.offTime = "05:00"
            created.lampCount = 1
            created.isActive = true
            try await created.create(on: app.db)
            light = created
        }
        let photo = try await ServiceRequestPhoto.query(on: app.db).filter(\.$request.$id == request?.id ?? UUID()).first()
        return [
            PublicServicesURL.Key.reportCode: request?.code ?? "",
            PublicServicesURL.Key.reportID: try request?.requireID().uuidString ?? "",
            PublicServicesURL.Key.photoID: try photo?.requireID().uuidString ?? "",
            PublicServicesURL.Key.serviceTypeID: try type.requireID().uuidString,
            PublicServicesURL.Key.clientID: try client?.requireID().uuidString ?? "",
            PublicServicesURL.Key.routeID: try route?.requireID().uuidString ?? "",
            PublicServicesURL.Key.lightPointID: try light?.requireID().uuidString ?? "",
            PublicServicesURL.Key.open311Document: "services.json",
            PublicServicesURL.Key.open311File: "den-duong-hong.json",
        ]
    }

    /// The route's path with every parameter filled by a row of xã Văn Giang, the commune the test officers do not belong to
    /// (or of the commune `communeSlug` names, for the authorization matrix).
    static func concretePath(_ route: Route, on app: Application, communeSlug: String = DemoCommune.vanGiang) async throws -> String {
        let vanGiang = try #require(try await Commune.query(on: app.db).filter(\.$slug == communeSlug).first())
        let communeID = try vanGiang.requireID()
        var values: [String: String] = [
            SiteURL.Key.communeID: communeID.uuidString,
            SiteURL.Key.communeSlug: vanGiang.slug,
            SiteURL.Key.procedureCode: "1.001193",
        ]
        if let department = try await Department.query(on: app.db).filter(\.$commune.$id == communeID).first() {
            values[SiteURL.Key.departmentID] = try department.requireID().uuidString
        }
        // The same officer every run (the commune's administrator, first by username), so that the matrix's answers do not depend on row order.
        if let officer = try await Officer.query(on: app.db).filter(\.$commune.$id == communeID).sort(\.$username).first() {
            values[SiteURL.Key.officerID] = try officer.requireID().uuidString
        }
        var shift = try await DutyShift.query(on: app.db).filter(\.$commune.$id == communeID).first()
        if shift == nil {
            let future = Date().addingTimeInterval(86_400 * 60)
            let created = DutyShift(communeID: communeID, officerName: "Trung úy Văn Giang", dutyPhone: "0912 000 111", startsAt: future, endsAt: future.addingTimeInterval(3600), note: nil, recordedBy: "test")
            try await created.create(on: app.db)
            shift = created
        }
        values[SiteURL.Key.shiftID] = try shift?.requireID().uuidString
        values[SiteURL.Key.formName] = LegalForm.controlSheet.rawValue
        var feedback = try await FeedbackItem.query(on: app.db).filter(\.$commune.$id == communeID).first()
        if feedback == nil {
            let created = FeedbackItem()
            created.$commune.id = communeID
            created.code = "PA-" + communeSlug.uppercased()
            created.topic = .center
            created.content = "Phòng chờ thiếu ghế ngồi."
            created.dueAt = Date().addingTimeInterval(86_400 * 14)
            try await created.create(on: app.db)
            feedback = created
        }
        values[SiteURL.Key.feedbackCode] = feedback?.code
        var dossier = try await Dossier.query(on: app.db).filter(\.$commune.$id == communeID).first()
        if dossier == nil {
            let procedure = try #require(try await app.catalogStore.catalog(on: app.db).procedure(code: "1.004837"))
            let scan: [UInt8] = Array("%PDF-1.4 giay to".utf8)
            dossier = try await DossierService.intake(
                .init(procedure: procedure, applicant: Applicant(kind: .person, fullName: "Hoàng Văn Giang", idNumber: "001203009999", phone: nil, email: nil, address: "Văn Giang"),
                      receivedDocuments: Set(procedure.requiredDocuments.indices), scans: [.init(documentIndex: 0, fileName: "a.pdf", bytes: scan)], copies: 1, pages: 1, note: "", decision: .receive, channel: .counter),
                communeID: communeID, by: .init(actor: DossierActor(username: "tiepnhan.vangiang", roles: [.counterOfficer]), audit: .commandLine, officerID: nil, unitName: "Một cửa"),
                at: Date(), on: app, calendar: app.calendarStore.calendar(on: app.db), provinceFees: nil
            )
        }
        values[SiteURL.Key.dossierCode] = dossier?.code
        for (key, value) in try await publicServiceRows(of: communeID, on: app) { values[key] = value }
        for (key, value) in try await communeWorkRows(of: communeID, on: app) { values[key] = value }
        for (key, value) in try await communeResourceRows(of: communeID, on: app) { values[key] = value }
        values[SiteURL.Key.counterID] = try await FloorCounter.query(on: app.db).filter(\.$commune.$id == communeID).first()?.id?.uuidString
        values[SiteURL.Key.ticketID] = try await QueueTicket.query(on: app.db).filter(\.$commune.$id == communeID).first()?.id?.uuidString
        values[SiteURL.Key.stepID] = try await PortalSyncEvent.query(on: app.db).filter(\.$commune.$id == communeID).first()?.id?.uuidString
        values[SiteURL.Key.documentID] = try await DossierDocument.query(on: app.db).filter(\.$dossier.$id == dossier?.id ?? UUID()).filter(\.$fileKey != nil).first()?.id?.uuidString
        // Export and template names are checked against each route's own list, so each route gets a name it serves.
        values[SiteURL.Key.templateName] = "1"
        switch key(of: route) {
        case "GET /kinh-te-tai-chinh/bao-cao/:exportName": values[SiteURL.Key.exportName] = "tai-chinh-kinh-te.csv"
        case "GET /bao-cao/tai-ve/:exportName": values[SiteURL.Key.exportName] = "hoat-dong.csv"
        case "POST /open311/v2/:open311Document": values[PublicServicesURL.Key.open311Document] = "requests.json"
        default: break
        }
        return "/" + route.path.map { component -> String in
            if case .parameter(let name) = component { return values[name] ?? "khong-co" }
            return component.description
        }.joined(separator: "/")
    }
}

import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Fault reports: the citizen's page, the unit's queue, statuses that tell the truth, schedules and lights")
struct FaultReportTests {
    /// 10:00 on Monday 23/11/2026, Vietnam time.
    static let morning = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 23)!, hour: 10)!.instant
    static let slug = DemoCommune.phungCong
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64)

    func formPath(_ kind: String) -> String { PublicServicesURL.newReport(.value(Self.slug)).path + "?loai=" + kind }

    /// Submits a report as an anonymous visitor and returns its code and secret token from the redirect.
    func report(_ visitor: inout BrowserSession, kind: String = "den-duong-hong", fields: [(String, String)], files: [(field: String, name: String, type: String, bytes: [UInt8])] = []) async throws -> (code: String, token: String) {
        let response = try await visitor.submitMultipart(fields: fields, files: files, to: formPath(kind))
        #expect(response.status == .seeOther, "\(response.body.string.prefix(500))")
        let location = try #require(response.headers.first(name: .location))
        let code = try #require(location.split(separator: "/").last?.split(separator: "?").first.map(String.init))
        let token = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "ma" }?.value)
        return (code, token)
    }

    @Test("an anonymous report with a photo is stored with its due time; the public pages never show the reporter")
    func anonymousReport() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var visitor = BrowserSession(app: app)
            let (code, token) = try await report(&visitor, fields: [("description", "Đèn trước cổng trường không sáng."), ("address", "Thôn Đông Cầu, cổng trường tiểu học"),
                                                                   ("attribute_ma_cot", "pc-cs-002"), ("name", "Đào Thị Thu"), ("phone", "0978 123 456")],
                                                  files: [(field: "photo0", name: "den.png", type: "image/png", bytes: Self.png)])
            let stored = try #require(try await ServiceRequest.query(on: app.db).filter(\.$code == code).first())
            #expect(stored.status == .open)
            #expect(stored.reporterPhone == "0978 123 456")
            // Two working days, 24/11 (Vietnamese Culture Day) being a day off in 2026.
            #expect(stored.expectedAt == LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 26)!, hour: 17)!.instant)
            #expect(try await ServiceRequestPhoto.query(on: app.db).filter(\.$request.$id == stored.requireID()).count() == 1)
            #expect(try await stored.$lightPoint.get(on: app.db)?.code == "PC-CS-002", "the pole's number links the light")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "service_request.submit").count() == 1)

            let page = try await visitor.get(PublicServicesURL.report(.value(Self.slug), .value(code)).path + "?ma=\(token)&moi=1")
            #expect(page.body.string.contains(token), "the reporter sees the secret once")
            let withoutToken = try await visitor.get(PublicServicesURL.report(.value(Self.slug), .value(code)).path).body.string
            let list = try await visitor.get(PublicServicesURL.reports(.value(Self.slug)).path).body.string
            #expect(withoutToken.contains("Đèn trước cổng trường không sáng."))
            #expect(list.contains(code))
            for body in [withoutToken, list] {
                for secret in ["Đào Thị Thu", "0978 123 456", token] { #expect(!body.contains(secret), "a public page shows \(secret)") }
            }
            let photo = try #require(try await ServiceRequestPhoto.query(on: app.db).filter(\.$request.$id == stored.requireID()).first())
            let photoPath = PublicServicesURL.reportPhoto(.value(try stored.requireID()), .value(try photo.requireID())).path
            #expect(try await visitor.get(photoPath).status == .seeOther, "photos are for staff")
            var lighting = try await BrowserSession.signedIn("kinhte", on: app)
            let seen = try await lighting.get(photoPath)
            #expect(seen.status == .ok)
            #expect(Array(seen.body.readableBytesView) == Self.png)
            _ = try await lighting.get(PublicServicesURL.staffReport(.value(try stored.requireID())).path)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "service_request.view_personal_data").count() == 1, "the reporter's data seen is journalled")
        }
    }

    @Test("bad input is refused with Vietnamese messages and nothing is stored")
    func badInput() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var visitor = BrowserSession(app: app)
            let before = try await ServiceRequest.query(on: app.db).count()
            let cases: [([(String, String)], [(field: String, name: String, type: String, bytes: [UInt8])], String)] = [
                ([("description", ""), ("address", "Thôn Đông Cầu")], [], "Cần mô tả sự cố"),
                ([("description", "Đèn không sáng"), ("address", "")], [], "Cần cho biết vị trí"),
                ([("description", String(repeating: "a", count: 4001)), ("address", "Thôn Đông Cầu")], [], "Mô tả tối đa"),
                ([("description", "Đèn không sáng"), ("address", "Thôn Đông Cầu")], [(field: "photo0", name: "a.png", type: "image/png", bytes: Array("<script>alert(1)</script>".utf8))], "không phải ảnh"),
                ([("description", "Đèn không sáng"), ("address", "Thôn Đông Cầu"), ("phone", "gọi tôi")], [], "Số điện thoại không hợp lệ"),
            ]
            for (fields, files, message) in cases {
                let response = try await visitor.submitMultipart(fields: fields, files: files, to: formPath("den-duong-hong"))
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains(message), "expected “\(message)”")
            }
            let unknownKind = try await visitor.submitMultipart(fields: [("description", "Đèn không sáng"), ("address", "Thôn Đông Cầu")], to: formPath("khong-co"))
            #expect(unknownKind.status == .unprocessableEntity)
            #expect(try await ServiceRequest.query(on: app.db).count() == before)
            #expect(try await visitor.get(PublicServicesURL.report(.value(Self.slug), .value("SC-1999-000001")).path).status == .notFound)
            #expect(try await visitor.get(PublicServicesURL.reports(.value("khong-co")).path).status == .notFound)
        }
    }

    @Test("the lighting unit fixes the report; the reporter reopens it within the week with the secret, never without it or after")
    func fixAndReopen() async throws {
        let clock = MutableClock(Self.morning)
        try await withTestApp(clock: clock.wallClock) { app in
            var visitor = BrowserSession(app: app)
            let (code, token) = try await report(&visitor, fields: [("description", "Cả đoạn đê tối om."), ("address", "Đường đê tả sông Hồng, tổ dân phố 1")])
            let responsePath = PublicServicesURL.citizenResponse(.value(Self.slug), .value(code)).path

            var office = try await BrowserSession.signedIn("chuyenvien", on: app)
            let refused = try await office.submit(form: ["status": "fixed", "note": "", "version": "1"], to: PublicServicesURL.changeStatus(.value(try await reportID(code, on: app))).path)
            #expect(refused.status == .forbidden, "another unit does not change the lighting unit's reports")

            var lighting = try await BrowserSession.signedIn("kinhte", on: app)
            let queue = try await lighting.get(PublicServicesURL.queue.path).body.string
            #expect(queue.contains(code))
            let staffPage = try await lighting.get(PublicServicesURL.staffReport(.value(try await reportID(code, on: app))).path)
            #expect(staffPage.status == .ok)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "service_request.view_personal_data").count() == 0, "anonymous: no personal data seen")
            let noReason = try await lighting.submit(form: ["status": "not_our_responsibility", "note": " ", "version": "1"], to: PublicServicesURL.changeStatus(.value(try await reportID(code, on: app))).path)
            #expect(noReason.status == .unprocessableEntity)
            clock.advance(by: 3600)
            #expect(try await lighting.submit(form: ["status": "fixed", "note": "Đã thay 3 bóng.", "version": "1"], to: PublicServicesURL.changeStatus(.value(try await reportID(code, on: app))).path).status == .seeOther)
            let stale = try await lighting.submit(form: ["status": "closed", "note": "", "version": "1"], to: PublicServicesURL.changeStatus(.value(try await reportID(code, on: app))).path)
            #expect(stale.status == .conflict, "a second change from a stale page is refused")

            let publicPage = try await visitor.get(PublicServicesURL.report(.value(Self.slug), .value(code)).path).body.string
            #expect(publicPage.contains("Đã khắc phục") && publicPage.contains("Đã thay 3 bóng."))

            let forged = try await visitor.submit(form: ["token": "sai-ma", "decision": "mo-lai", "note": "Vẫn tối."], to: responsePath)
            #expect(forged.status == .forbidden)
            clock.advance(by: 3 * 86_400)
            // The code is read from paper or a text message: one case, no 0/O/1/I/l, and it may come back typed loosely.
            #expect(token.wholeMatch(of: /[2-9B-DF-HJKMNP-TV-Z]{4}(-[2-9B-DF-HJKMNP-TV-Z]{4}){3}/) != nil, "\(token)")
            let typed = token.lowercased().replacingOccurrences(of: "-", with: " ")
            let reopened = try await visitor.submit(form: ["token": typed, "decision": "mo-lai", "note": "Tối qua lại tắt."], to: responsePath)
            #expect(reopened.status == .seeOther)
            let stored = try #require(try await ServiceRequest.query(on: app.db).filter(\.$code == code).first())
            #expect(stored.status == .reopened)
            #expect(stored.fixedAt != nil, "the first fix is kept for the figures")
            #expect(stored.expectedAt > clock.wallClock.now(), "a new response time runs from the reopening")

            clock.advance(by: 3600)
            lighting = try await BrowserSession.signedIn("kinhte", on: app)
            #expect(try await lighting.submit(form: ["status": "fixed", "note": "Thay dây dẫn.", "version": "3"], to: PublicServicesURL.changeStatus(.value(try await reportID(code, on: app))).path).status == .seeOther)
            clock.advance(by: 8 * 86_400)
            let late = try await visitor.submit(form: ["token": token, "decision": "mo-lai", "note": "Lại tắt."], to: responsePath)
            #expect(late.status == .unprocessableEntity)
            #expect(late.body.string.contains("7 ngày"))
            #expect(try await ServiceRequestUpdate.query(on: app.db).filter(\.$request.$id == stored.requireID()).count() == 4)
        }
    }

    @Test("the reporter's confirmation closes a fixed report; a report not yet fixed cannot be confirmed")
    func confirmation() async throws {
        let clock = MutableClock(Self.morning)
        try await withTestApp(clock: clock.wallClock) { app in
            var visitor = BrowserSession(app: app)
            let (code, token) = try await report(&visitor, kind: "duong-hu-hong", fields: [("description", "Ổ gà trước chợ."), ("address", "Thôn Phụng Công, cổng chợ")])
            let responsePath = PublicServicesURL.citizenResponse(.value(Self.slug), .value(code)).path
            let early = try await visitor.submit(form: ["token": token, "decision": "xac-nhan"], to: responsePath)
            #expect(early.status == .unprocessableEntity)
            var unit = try await BrowserSession.signedIn("kinhte", on: app)
            #expect(try await unit.submit(form: ["status": "fixed", "note": "Đã vá.", "version": "1"], to: PublicServicesURL.changeStatus(.value(try await reportID(code, on: app))).path).status == .seeOther)
            #expect(try await visitor.submit(form: ["token": token, "decision": "xac-nhan"], to: responsePath).status == .seeOther)
            let stored = try #require(try await ServiceRequest.query(on: app.db).filter(\.$code == code).first())
            #expect(stored.status == .closed)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "service_request.confirm").count() == 1)
        }
    }

    @Test("a duplicate points at its original; a missed collection is matched to its route; hours count office hours")
    func duplicatesRoutesAndHours() async throws {
        // Friday 27/11/2026 at 15:00.
        let friday = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 27)!, hour: 15)!.instant
        try await withTestApp(clock: .fixed(friday)) { app in
            var visitor = BrowserSession(app: app)
            let missed = try await report(&visitor, kind: "rac-chua-thu-gom", fields: [("description", "Xe rác không đến."), ("address", "Nhà văn hoá thôn Đa Ngưu")])
            let stored = try #require(try await ServiceRequest.query(on: app.db).filter(\.$code == missed.code).first())
            #expect(try await stored.$collectionRoute.get(on: app.db)?.name.contains("Đa Ngưu") == true)
            // 8 office hours from Friday 15:00: 2 on Friday, 6 on Monday from 08:00.
            #expect(stored.expectedAt == LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 30)!, hour: 14)!.instant)

            let again = try await report(&visitor, kind: "rac-chua-thu-gom", fields: [("description", "Rác ở Đa Ngưu chưa thu."), ("address", "Thôn Đa Ngưu")])
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let merge = try await leader.submit(form: ["status": "duplicate", "duplicateOf": missed.code.lowercased(), "version": "1"], to: PublicServicesURL.changeStatus(.value(try await reportID(again.code, on: app))).path)
            #expect(merge.status == .seeOther)
            let duplicate = try #require(try await ServiceRequest.query(on: app.db).filter(\.$code == again.code).first())
            #expect(duplicate.status == .duplicate)
            #expect(duplicate.$duplicateOf.id == stored.id)
            // An officer reopening a finished report gives it a new response time from now.
            var unit = try await BrowserSession.signedIn("kinhte", on: app)
            #expect(try await unit.submit(form: ["status": "fixed", "note": "Đã thu gom.", "version": "1"], to: PublicServicesURL.changeStatus(.value(try await reportID(missed.code, on: app))).path).status == .seeOther)
            #expect(try await leader.submit(form: ["status": "reopened", "note": "Dân báo còn rác.", "version": "2"], to: PublicServicesURL.changeStatus(.value(try await reportID(missed.code, on: app))).path).status == .seeOther)
            let reopened = try #require(try await ServiceRequest.query(on: app.db).filter(\.$code == missed.code).first())
            #expect(reopened.status == .reopened)
            #expect(reopened.expectedAt == LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 30)!, hour: 14)!.instant, "8 office hours from Friday 15:00 again")
            let selfMerge = try await leader.submit(form: ["status": "duplicate", "duplicateOf": missed.code, "version": "3"], to: PublicServicesURL.changeStatus(.value(try await reportID(missed.code, on: app))).path)
            #expect(selfMerge.status == .unprocessableEntity)
        }
    }

    @Test("kinds of report, routes and lights are kept by the commune; bad entries are refused with reasons")
    func registers() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var admin = try await BrowserSession.signedIn("admin", on: app)
            let economy = try #require(try await Department.query(on: app.db).filter(\.$kind == .economy).join(Commune.self, on: \Department.$commune.$id == \Commune.$id).filter(Commune.self, \.$slug == Self.slug).first())
            let badQuestions = try await admin.submit(form: ["code": "cay-do", "name": "Cây đổ", "topic": "road", "departmentID": try economy.requireID().uuidString,
                                                             "responseUnit": "hours", "responseAmount": "4", "questions": "vi_tri | list | co | Ở đâu", "isActive": "on"], to: PublicServicesURL.serviceTypes.path)
            #expect(badQuestions.status == .unprocessableEntity)
            #expect(badQuestions.body.string.contains("Câu hỏi dòng 1"))
            let created = try await admin.submit(form: ["code": "cay-do", "name": "Cây đổ, cành gãy", "topic": "road", "departmentID": try economy.requireID().uuidString,
                                                        "responseUnit": "hours", "responseAmount": "4", "questions": "loai_cay | singlevaluelist | khong | Loại cây | bang=Cây bàng; xa_cu=Cây xà cừ", "isActive": "on"], to: PublicServicesURL.serviceTypes.path)
            #expect(created.status == .seeOther)
            let services = try await app.testing().sendRequest(.GET, "/open311/v2/services/cay-do.json?jurisdiction_id=phungcong.hungyen.gov.vn").body.string
            #expect(services.contains("xa_cu"))

            let badRoute = try await admin.submit(form: ["name": "Tuyến 4", "areas": "Thôn Mới", "weekdays": "1, 9", "start": "17:00", "end": "16:00"], to: PublicServicesURL.collectionRoutes.path)
            #expect(badRoute.status == .unprocessableEntity)
            #expect(badRoute.body.string.contains("số thứ"))
            #expect(try await admin.submit(form: ["name": "Tuyến 4", "areas": "Thôn Mới\nXóm Trại", "weekdays": "2, 5", "start": "16:00", "end": "17:30", "collector": "HTX", "isActive": "on"],
                                           to: PublicServicesURL.collectionRoutes.path).status == .seeOther)
            let schedule = try await app.testing().sendRequest(.GET, PublicServicesURL.collectionSchedule(.value(Self.slug)).path).body.string
            #expect(schedule.contains("Xóm Trại") && schedule.contains("thứ Hai, thứ Năm") && schedule.contains("16:00–17:30"))

            let duplicateLight = try await admin.submit(form: ["code": "pc-cs-001", "location": "Đầu thôn", "onTime": "18:00", "offTime": "05:00", "lampCount": "1"], to: PublicServicesURL.lightPoints.path)
            #expect(duplicateLight.status == .unprocessableEntity)
            #expect(try await admin.submit(form: ["code": "PC-CS-100", "location": "Cổng UBND xã", "circuit": "Tủ UBND", "onTime": "18:00", "offTime": "05:00", "lampCount": "2", "isActive": "on"],
                                           to: PublicServicesURL.lightPoints.path).status == .seeOther)
            let lights = try await admin.get(PublicServicesURL.lightPoints.path).body.string
            #expect(lights.contains("PC-CS-100") && lights.contains("Cổng UBND xã"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["service_type.create", "collection_route.create", "light_point.create"]).count() == 3)

            var tinh = try await BrowserSession.signedIn("tinh", on: app)
            #expect(try await tinh.submit(form: ["name": "Tuyến tỉnh", "areas": "A", "weekdays": "2", "start": "06:00", "end": "07:00"], to: PublicServicesURL.collectionRoutes.path).status == .forbidden)
        }
    }

    @Test("the figures count by kind, village and status, and the CSV carries no personal data")
    func statistics() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let page = try await leader.get(PublicServicesURL.statistics.path + "?tu=2026-10-01&den=2026-11-23")
            #expect(page.status == .ok)
            let body = page.body.string
            #expect(body.contains("Đèn đường hỏng") && body.contains("Thôn Đông Cầu") && body.contains("Đã khắc phục"))
            let total = try await ServiceRequest.query(on: app.db).join(Commune.self, on: \ServiceRequest.$commune.$id == \Commune.$id).filter(Commune.self, \.$slug == Self.slug).count()
            #expect(body.contains("<th scope=\"row\">Tổng cộng</th><td class=\"num\">\(total)</td>"))

            let csv = try await leader.get(PublicServicesURL.statisticsCSV.path + "?tu=2026-10-01&den=2026-11-23")
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.count == total + 1)
            for secret in ["Nguyễn Văn Toàn", "0912 345 678", "minh@example.vn"] { #expect(!csv.body.string.contains(secret)) }

            #expect(try await leader.get(PublicServicesURL.statistics.path + "?tu=2026-11-23&den=2026-10-01").status == .unprocessableEntity)
            #expect(try await leader.get(PublicServicesURL.statistics.path + "?tu=ngay-mai").status == .unprocessableEntity)
        }
    }
}

/// The id of the report with this code in xã Phụng Công, for the staff pages' paths.
func reportID(_ code: String, on app: Application) async throws -> UUID {
    let commune = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first())
    return try #require(try await ServiceRequest.query(on: app.db).filter(\.$commune.$id == commune.requireID()).filter(\.$code == code).first()?.id)
}

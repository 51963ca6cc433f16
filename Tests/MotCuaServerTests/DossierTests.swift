import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("The one-stop desk: intake, the life of a dossier, forms, lookup and API")
struct DossierTests {
    /// Monday 2/3/2026 at 09:00, Vietnam time.
    static let monday = LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 2)!, hour: 9)!.instant

    static func applicantFields(_ extra: [(String, String)] = []) -> [(String, String)] {
        [("applicantKind", "person"), ("fullName", "Nguyễn Văn An"), ("idNumber", "001203004567"), ("phone", "0912 345 678"),
         ("address", "Thôn Đông Cầu, xã Phụng Công"), ("copies", "1"), ("pages", "1")] + extra
    }

    /// Receives a dossier of `code` with all documents at the counter as `tiepnhan`; returns the session and the dossier.
    static func receive(_ code: String, on app: Application, extra: [(String, String)] = []) async throws -> (BrowserSession, Dossier) {
        var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
        let procedure = try #require(try await app.catalogStore.catalog(on: app.db).procedure(code: code))
        let received = procedure.requiredDocuments.indices.map { ("received[]", String($0)) }
        let response = try await desk.submitMultipart(fields: applicantFields([("procedureCode", code), ("decision", "receive")] + received + extra), to: SiteURL.intake.path)
        #expect(response.status == .seeOther, "intake answered \(response.status): \(response.body.string.prefix(500))")
        let dossier = try #require(try await Dossier.query(on: app.db).sort(\.$createdAt, .descending).first())
        return (desk, dossier)
    }

    @Test("intake at the counter gives a code, the appointed date across the 15:00 cut-off and Tết, and a receipt with its QR code")
    func intakeAndReceipt() async throws {
        // Friday 13/2/2026 at 15:30: after the cut-off of a same-day procedure, and Tết (16–20/2) follows.
        let afterCutOff = LocalDateTime(date: CivilDate(year: 2026, month: 2, day: 13)!, hour: 15, minute: 30)!.instant
        try await withTestApp(clock: .fixed(afterCutOff)) { app in
            let (desk, dossier) = try await Self.receive("1.001193", on: app)
            var session = desk
            #expect(dossier.code == "H33.55.01-260213-0001")
            #expect(dossier.status == DossierStatus.received.rawValue)
            #expect(dossier.dueAt == LocalDateTime(date: CivilDate(year: 2026, month: 2, day: 23)!, hour: 17)!.instant)
            let receipt = try await session.get(SiteURL.dossierForm(.value(dossier.code), .value(LegalForm.receipt.rawValue)).path)
            #expect(receipt.status == .ok)
            let html = receipt.body.string
            #expect(html.contains("H33.55.01-260213-0001"))
            #expect(html.contains("17 giờ 00 phút, ngày 23/02/2026"))
            #expect(html.contains("<svg"))
            #expect(html.contains("Giấy tiếp nhận hồ sơ và hẹn trả kết quả".uppercased()) || html.contains("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "dossier.receive").count() == 1)
            #expect(try await DossierDocument.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count() >= 1)
            let second = try await Self.receive("2.000815", on: app).1
            #expect(second.code == "H33.55.01-260213-0002")
        }
    }

    @Test("the receipt is dated the day of receipt whenever it is printed; a province fee no resolution sets is neither charged nor printed")
    func receiptDayAndUnsetProvinceFee() async throws {
        let clock = MutableClock(Self.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            // Đăng ký nhận cha, mẹ, con: a fee the province sets, shipped as an unverified placeholder.
            let (_, dossier) = try await Self.receive("1.001022", on: app)
            #expect(dossier.feeAmount == 0)
            clock.advance(by: 2 * 86_400)
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let receipt = try await desk.get(SiteURL.dossierForm(.value(dossier.code), .value(LegalForm.receipt.rawValue)).path).body.string
            #expect(receipt.contains("ngày 2 tháng 3 năm 2026"), "Thông tư 01/2018/TT-VPCP, Mẫu số 01: the day of receipt")
            #expect(!receipt.contains("ngày 4 tháng 3 năm 2026"))
            #expect(receipt.contains(FeeRule.notYetSetByProvince))
            #expect(!receipt.contains("10.000 ₫"))
        }
    }

    @Test("form 04 is signed by the name and title of whoever apologised; form 06 names the officers and the agency asked to verify")
    func apologyAndControlSheetName() async throws {
        let clock = MutableClock(Self.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            var (desk, dossier) = try await Self.receive("1.004837", on: app)
            func act(_ session: inout BrowserSession, _ fields: [String: String]) async throws {
                clock.advance(by: 600)
                let current = try #require(try await Dossier.find(dossier.id, on: app.db))
                var form = fields
                form["version"] = String(current.version)
                let response = try await session.submit(form: form, to: SiteURL.dossierActions(.value(current.code)).path)
                #expect(response.status == .seeOther, "\(fields["action"] ?? "") answered \(response.status): \(response.body.string.prefix(300))")
            }
            try await act(&desk, ["action": "forward"])
            var head = try await BrowserSession.signedIn("truongphong", on: app)
            try await act(&head, ["action": "assign", "assignee": "chuyenvien"])
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            try await act(&specialist, ["action": "start_review"])
            try await act(&specialist, ["action": "pause_for_verification", "reason": "Công an xã Phụng Công"])
            try await act(&head, ["action": "issue_apology", "reason": "Chờ kết quả xác minh", "newDueDate": "2026-03-20"])
            dossier = try #require(try await Dossier.find(dossier.id, on: app.db))

            let apology = try await head.get(SiteURL.dossierForm(.value(dossier.code), .value(LegalForm.apology.rawValue)).path).body.string
            #expect(apology.contains("CHÁNH VĂN PHÒNG HĐND–UBND"), "the signer's title")
            #expect(apology.contains("Lê Văn Hùng"), "the signer's name")
            #expect(!apology.contains(">truongphong<"), "never a username")
            let sheet = try await head.get(SiteURL.dossierForm(.value(dossier.code), .value(LegalForm.controlSheet.rawValue)).path).body.string
            #expect(sheet.contains("Cơ quan phối hợp giải quyết hồ sơ: Công an xã Phụng Công"))
            #expect(sheet.contains("Trưởng phòng (Lê Văn Hùng, Chánh Văn phòng HĐND–UBND)"))
            #expect(!sheet.contains("(truongphong)"))
        }
    }

    @Test("an incomplete intake marked as received, or a file that is not a PDF or image, is refused and nothing is stored")
    func badIntake() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let incomplete = try await desk.submitMultipart(fields: Self.applicantFields([("procedureCode", "1.001193"), ("decision", "receive")]), to: SiteURL.intake.path)
            #expect(incomplete.status == .unprocessableEntity)
            #expect(incomplete.body.string.contains("chưa đủ thành phần"))
            let badID = try await desk.submitMultipart(fields: [("applicantKind", "person"), ("fullName", "Nguyễn Văn An"), ("idNumber", "12345"), ("address", "x"), ("copies", "1"), ("pages", "1"), ("procedureCode", "1.001193"), ("decision", "receive"), ("received[]", "0"), ("received[]", "1")], to: SiteURL.intake.path)
            #expect(badID.status == .unprocessableEntity)
            #expect(badID.body.string.contains("12 chữ số"))
            let script = Array("<script>alert(1)</script>".utf8)
            let badFile = try await desk.submitMultipart(
                fields: Self.applicantFields([("procedureCode", "1.001193"), ("decision", "receive"), ("received[]", "0"), ("received[]", "1")]),
                files: [(field: "file0", name: "giay-chung-sinh.pdf", type: "application/pdf", bytes: script)], to: SiteURL.intake.path
            )
            #expect(badFile.status == .unprocessableEntity)
            #expect(badFile.body.string.contains("không phải PDF, JPEG hoặc PNG"))
            #expect(try await Dossier.query(on: app.db).count() == 0)
            #expect(try await DossierSequence.query(on: app.db).count() == 0)
        }
    }

    @Test("a dossier goes from intake to returned result through every role, and its stored state equals the replay of its history")
    func fullJourney() async throws {
        let clock = MutableClock(Self.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            var (desk, dossier) = try await Self.receive("1.004837", on: app)
            func act(_ session: inout BrowserSession, _ fields: [String: String]) async throws {
                clock.advance(by: 1800)
                let current = try #require(try await Dossier.find(dossier.id, on: app.db))
                var form = fields
                form["version"] = String(current.version)
                let response = try await session.submit(form: form, to: SiteURL.dossierActions(.value(current.code)).path)
                #expect(response.status == .seeOther, "\(fields["action"] ?? "") answered \(response.status): \(response.body.string.prefix(300))")
            }
            try await act(&desk, ["action": "forward"])
            var head = try await BrowserSession.signedIn("truongphong", on: app)
            try await act(&head, ["action": "assign", "assignee": "chuyenvien"])
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            let queue = try await specialist.get(SiteURL.workQueue.path).body.string
            #expect(queue.contains(dossier.code))
            try await act(&specialist, ["action": "start_review"])
            try await act(&specialist, ["action": "propose", "note": "Đủ điều kiện"])
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            try await act(&leader, ["action": "approve"])
            // Three hours have passed: the desk's first session has been idle too long and signs in again.
            desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            try await act(&desk, ["action": "return_result", "method": "in_person"])

            dossier = try #require(try await Dossier.find(dossier.id, on: app.db))
            #expect(dossier.status == DossierStatus.returned.rawValue)
            #expect(dossier.nationalStatus == 10)
            #expect(dossier.timeliness == Timeliness.beforeTime.rawValue)
            let replayed = try await DossierService.replayedState(of: dossier, on: app.db, calendar: app.calendarStore.calendar(on: app.db))
            #expect(replayed == dossier.state)
            let sheet = try await desk.get(SiteURL.dossierForm(.value(dossier.code), .value(LegalForm.controlSheet.rawValue)).path).body.string
            #expect(sheet.contains("Trước hạn"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectID == dossier.code).count() == 7)
            #expect(try await AuditJournal.verify(on: app.db) == nil)
        }
    }

    @Test("an action not allowed now or for the role is refused with a reason; a stale version is a conflict; nothing changes")
    func refusedActions() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            var (desk, dossier) = try await Self.receive("1.004837", on: app)
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let wrongRole = try await leader.submit(form: ["action": "forward", "version": String(dossier.version)], to: SiteURL.dossierActions(.value(dossier.code)).path)
            #expect(wrongRole.status == .unprocessableEntity)
            #expect(wrongRole.body.string.contains("Chỉ Cán bộ tiếp nhận"))
            let wrongStatus = try await desk.submit(form: ["action": "return_result", "method": "in_person", "version": String(dossier.version)], to: SiteURL.dossierActions(.value(dossier.code)).path)
            #expect(wrongStatus.status == .unprocessableEntity)
            let stale = try await desk.submit(form: ["action": "forward", "version": String(dossier.version - 1)], to: SiteURL.dossierActions(.value(dossier.code)).path)
            #expect(stale.status == .conflict)
            dossier = try #require(try await Dossier.find(dossier.id, on: app.db))
            #expect(dossier.status == DossierStatus.received.rawValue)
            #expect(try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count() == 1)
        }
    }

    @Test("two officers acting on the same version at once: one succeeds, the other is told the dossier changed")
    func concurrentActions() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            let (_, dossier) = try await Self.receive("1.004837", on: app)
            let dossierID = try dossier.requireID()
            let acting = DossierService.Acting(actor: DossierActor(username: "tiepnhan", roles: [.counterOfficer]), audit: .commandLine, officerID: nil, unitName: "Một cửa")
            let calendar = try await app.calendarStore.calendar(on: app.db)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        (try? await DossierService.perform(.forward, on: dossierID, expectedVersion: dossier.version, by: acting, at: Self.monday, on: app, calendar: calendar)) != nil
                    }
                }
                var results: [Bool] = []
                for await outcome in group { results.append(outcome) }
                return results
            }
            #expect(outcomes.filter { $0 }.count == 1)
            let stored = try #require(try await Dossier.find(dossierID, on: app.db))
            #expect(stored.version == dossier.version + 1)
            #expect(try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossierID).count() == 2)
        }
    }

    @Test("the public lookup shows the status with the name masked and no ID, phone or address; unknown codes are 404")
    func publicLookup() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            let (_, dossier) = try await Self.receive("1.001193", on: app)
            let page = try await app.testing().sendRequest(.GET, SiteURL.publicLookup(.value(dossier.code)).path)
            #expect(page.status == .ok)
            let api = try await app.testing().sendRequest(.GET, APIURL.publicDossier(.value(dossier.code)).path)
            #expect(api.status == .ok)
            for body in [page.body.string, api.body.string] {
                #expect(body.contains("Nguyễn V*** A*"))
                #expect(!body.contains("Nguyễn Văn An"))
                #expect(!body.contains("001203004567"))
                #expect(!body.contains("0912 345 678"))
                #expect(!body.contains("Thôn Đông Cầu"))
            }
            #expect(try await app.testing().sendRequest(.GET, SiteURL.publicLookup(.value("H33.55.01-260302-9999")).path).status == .notFound)
            #expect(try await app.testing().sendRequest(.GET, APIURL.publicDossier(.value("khong-phai-ma")).path).status == .notFound)
        }
    }

    @Test("the API receives a dossier (201), shows it, lists it, acts with versions, and keeps other communes out")
    func api() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            let token = try await APIClient.token("tiepnhan", on: app)
            let body = #"{"procedureCode":"1.004837","applicant":{"fullName":"Trần Thị Bình","idNumber":"001203004568","phone":"0912345679","address":"Thôn Phú Thị"},"channel":"counter"}"#
            let created = try await app.testing().sendRequest(.POST, APIURL.dossiers.path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: .init(string: body))
            #expect(created.status == .created)
            let createdBody = try JSONSerialization.jsonObject(with: Data(buffer: created.body)) as? [String: Any]
            let code = try #require(createdBody?["code"] as? String)
            #expect(createdBody?["status"] as? String == "received")
            #expect(createdBody?["dueAt"] as? String != nil)

            let unknown = try await app.testing().sendRequest(.POST, APIURL.dossiers.path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: .init(string: #"{"procedureCode":"9.999999","applicant":{"fullName":"A"}}"#))
            #expect(unknown.status == .unprocessableEntity)
            let malformed = try await app.testing().sendRequest(.POST, APIURL.dossiers.path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: .init(string: #"{"procedureCode":"1.004837","applicant":{"fullName":"Trần Thị Bình","idNumber":"12"}}"#))
            #expect(malformed.status == .unprocessableEntity)
            #expect(try await Dossier.query(on: app.db).count() == 1)

            let shown = try await APIClient.get(APIURL.dossier(.value(code)).path, token: token, on: app)
            #expect(shown.status == .ok)
            #expect(shown.body.string.contains("\"version\":1"))
            let listed = try await APIClient.get(APIURL.dossiers.path + "?status=received", token: token, on: app)
            #expect(listed.body.string.contains(code))

            func act(_ json: String, token: String) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(.POST, APIURL.dossierActions(.value(code)).path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: .init(string: json))
            }
            #expect(try await act(#"{"action":"forward","version":0}"#, token: token).status == .conflict)
            let leaderToken = try await APIClient.token("lanhdao", on: app)
            let forbidden = try await act(#"{"action":"forward","version":1}"#, token: leaderToken)
            #expect(forbidden.status == .unprocessableEntity)
            #expect(APIClient.errorCode(forbidden) == "not_allowed_for_role")
            #expect(try await act(#"{"action":"fly","version":1}"#, token: token).status == .badRequest)
            let forwarded = try await act(#"{"action":"forward","version":1}"#, token: token)
            #expect(forwarded.status == .ok)
            #expect(forwarded.body.string.contains("\"status\":\"forwarded\""))

            let otherToken = try await APIClient.token("tiepnhan.vangiang", on: app)
            #expect(try await APIClient.get(APIURL.dossier(.value(code)).path, token: otherToken, on: app).status == .notFound)
            #expect(try await act(#"{"action":"assign","version":2,"assignee":"chuyenvien"}"#, token: otherToken).status == .notFound)
            #expect(!(try await APIClient.get(APIURL.dossiers.path, token: otherToken, on: app).body.string.contains(code)))
        }
    }

    @Test("the demo dossiers replay to their stored states")
    func demoDataReplays() async throws {
        try await withTestApp(demoDossiersPerCommune: 6) { app in
            let dossiers = try await Dossier.query(on: app.db).all()
            #expect(dossiers.count > 20)
            let calendar = try await app.calendarStore.calendar(on: app.db)
            for dossier in dossiers {
                let replayed = try await DossierService.replayedState(of: dossier, on: app.db, calendar: calendar)
                #expect(replayed == dossier.state, "\(dossier.code)")
            }
            #expect(Set(dossiers.map(\.status)).count >= 4)
        }
    }

    @Test("the register (form 07) asks for a reason, then lists the period's dossiers of a field; a reversed or overlong period is a 400; only its keepers open it")
    func register() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            let (desk, dossier) = try await Self.receive("1.001193", on: app)
            var session = desk
            let reason = "&ly-do=" + "Đối chiếu sổ cuối tuần".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            // Without a reason the page asks for one and shows nobody's data; a too-short reason is a 422.
            let asked = try await session.get(SiteURL.dossierRegister.path + "?tu=2026-03-01&den=2026-03-02")
            #expect(asked.status == .ok)
            #expect(asked.body.string.contains("Lý do in sổ") && !asked.body.string.contains(dossier.code) && !asked.body.string.contains(dossier.applicantName))
            #expect(try await session.get(SiteURL.dossierRegister.path + "?tu=2026-03-01&den=2026-03-02&ly-do=xem").status == .unprocessableEntity)
            let page = try await session.get(SiteURL.dossierRegister.path + "?tu=2026-03-01&den=2026-03-02&linh-vuc=civil_status" + reason)
            #expect(page.status == .ok)
            #expect(page.body.string.contains(dossier.code))
            #expect(page.body.string.contains("Mẫu số 07"))
            let other = try await session.get(SiteURL.dossierRegister.path + "?tu=2026-03-01&den=2026-03-02&linh-vuc=certification" + reason)
            #expect(!other.body.string.contains(dossier.code))
            #expect(try await session.get(SiteURL.dossierRegister.path + "?tu=2026-03-05&den=2026-03-01" + reason).status == .badRequest)
            #expect(try await session.get(SiteURL.dossierRegister.path + "?tu=2024-01-01&den=2026-03-01" + reason).status == .badRequest)
            let logged = try await PersonalDataAccess.query(on: app.db).filter(\.$dossierID == dossier.requireID()).all()
            #expect(logged.contains { $0.reason == "Đối chiếu sổ cuối tuần" })
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            #expect(try await specialist.get(SiteURL.dossierRegister.path + "?tu=2026-03-01&den=2026-03-02" + reason).status == .forbidden)
        }
    }

    @Test("lookups are limited per client: the 31st in a minute is a 429 with a Vietnamese message")
    func lookupRateLimit() async throws {
        let clock = MutableClock(Self.monday)
        try await withTestApp(seeded: false, clock: clock.wallClock) { app in
            for attempt in 1...30 {
                let response = try await app.testing().sendRequest(.GET, APIURL.publicDossier(.value("H33.55.01-260302-\(String(format: "%04d", attempt))")).path)
                #expect(response.status == .notFound)
            }
            let limited = try await app.testing().sendRequest(.GET, APIURL.publicDossier(.value("H33.55.01-260302-0031")).path)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.body.string.contains("quá nhiều lần"))
            let page = try await app.testing().sendRequest(.GET, SiteURL.publicLookup(.value("H33.55.01-260302-0032")).path)
            #expect(page.status == .tooManyRequests)
            clock.advance(by: 61)
            #expect(try await app.testing().sendRequest(.GET, APIURL.publicDossier(.value("H33.55.01-260302-0033")).path).status == .notFound)
        }
    }
}

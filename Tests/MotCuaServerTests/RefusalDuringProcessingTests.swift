import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

/// Nghị định 61/2018/NĐ-CP, Điều 17 khoản 1 (sửa đổi bởi Nghị định 107/2021/NĐ-CP), kept by Nghị định 118/2025/NĐ-CP:
/// the handling unit refuses a dossier that does not qualify, with a written reason (form 03), within the time.
@Suite("Refusal during processing: the page, form 03, the applicant's message, the lookups and the API")
struct RefusalDuringProcessingHTTPTests {
    static let reason = "Giấy chứng tử của người được giám hộ không hợp lệ, không đủ điều kiện đăng ký giám hộ."

    /// Takes `fields` on the dossier as `session`, with the dossier's current version.
    static func act(_ session: inout BrowserSession, _ fields: [String: String], on dossierID: UUID?, app: Application) async throws -> TestingHTTPResponse {
        let current = try #require(try await Dossier.find(dossierID, on: app.db))
        var form = fields
        form["version"] = String(current.version)
        return try await session.submit(form: form, to: SiteURL.dossierActions(.value(current.code)).path)
    }

    @Test("the assigned specialist refuses with a reason from the dossier page: status 8, form 03 signed by them, the applicant told, the lookup shows the reason, the figures count it in time")
    func refusalFromTheDossierPage() async throws {
        let clock = MutableClock(DossierTests.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            var (desk, dossier) = try await DossierTests.receive("1.004837", on: app)
            #expect(try await Self.act(&desk, ["action": "forward"], on: dossier.id, app: app).status == .seeOther)
            var head = try await BrowserSession.signedIn("truongphong", on: app)
            #expect(try await Self.act(&head, ["action": "assign", "assignee": "chuyenvien"], on: dossier.id, app: app).status == .seeOther)
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            #expect(try await Self.act(&specialist, ["action": "start_review"], on: dossier.id, app: app).status == .seeOther)
            clock.advance(by: 3600)

            // The page offers the button with its reason field; the desk's page does not.
            let page = try await specialist.get(SiteURL.dossier(.value(dossier.code)).path).body.string
            #expect(page.contains("data-action=\"refuse_during_processing\""))
            #expect(page.contains("Từ chối giải quyết hồ sơ"))
            #expect(!(try await desk.get(SiteURL.dossier(.value(dossier.code)).path).body.string.contains("data-action=\"refuse_during_processing\"")))

            // Without a reason, or by the desk: refused with a Vietnamese reason, nothing written.
            let eventsBefore = try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count()
            let blank = try await Self.act(&specialist, ["action": "refuse_during_processing", "reason": "  "], on: dossier.id, app: app)
            #expect(blank.status == .unprocessableEntity)
            #expect(blank.body.string.contains("Cần ghi rõ lý do từ chối giải quyết"))
            let byDesk = try await Self.act(&desk, ["action": "refuse_during_processing", "reason": Self.reason], on: dossier.id, app: app)
            #expect(byDesk.status == .unprocessableEntity)
            #expect(try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count() == eventsBefore)
            #expect(try await Dossier.find(dossier.id, on: app.db)?.status == DossierStatus.underReview.rawValue)

            let refused = try await Self.act(&specialist, ["action": "refuse_during_processing", "reason": Self.reason], on: dossier.id, app: app)
            #expect(refused.status == .seeOther)
            #expect(refused.headers.first(name: .location) == SiteURL.dossierForm(.value(dossier.code), .value(LegalForm.refusal.rawValue)).path)

            dossier = try #require(try await Dossier.find(dossier.id, on: app.db))
            #expect(dossier.status == DossierStatus.refusedDuringProcessing.rawValue)
            #expect(dossier.nationalStatus == NationalSyncStatus.stopped.rawValue)
            #expect(dossier.timeliness == Timeliness.beforeTime.rawValue)
            let replayed = try await DossierService.replayedState(of: dossier, on: app.db, calendar: app.calendarStore.calendar(on: app.db))
            #expect(replayed == dossier.state)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "dossier.refuse_during_processing").filter(\.$objectID == dossier.code).count() == 1)
            #expect(try await AuditJournal.verify(on: app.db) == nil)

            // Form 03, as the handling unit's refusal, signed by the specialist who refused.
            let form = try await specialist.get(SiteURL.dossierForm(.value(dossier.code), .value(LegalForm.refusal.rawValue)).path)
            #expect(form.status == .ok)
            let specialistName = try #require(try await Officer.query(on: app.db).filter(\.$username == "chuyenvien").first()).fullName
            for text in [Self.reason, "không đủ điều kiện giải quyết", "NGƯỜI GIẢI QUYẾT HỒ SƠ", specialistName, dossier.code] {
                #expect(form.body.string.contains(text), "form 03 lacks \(text)")
            }

            // The applicant is told through the outbox.
            let message = try #require(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == dossier.code).all().first { $0.body.contains("không đủ điều kiện giải quyết") })
            #expect(message.body.contains("mẫu số 03"))

            // The dossier page and the public lookup (page and API) show the refusal and its reason.
            let after = try await specialist.get(SiteURL.dossier(.value(dossier.code)).path).body.string
            #expect(after.contains("id=\"tu-choi\"") && after.contains(Self.reason))
            let lookup = try await app.testing().sendRequest(.GET, SiteURL.publicLookup(.value(dossier.code)).path)
            #expect(lookup.body.string.contains(Self.reason))
            #expect(lookup.body.string.contains("Từ chối giải quyết"))
            #expect(!lookup.body.string.contains("Nguyễn Văn An"))
            let api = try await app.testing().sendRequest(.GET, APIURL.publicDossier(.value(dossier.code)).path)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: api.body)) as? [String: Any])
            #expect(body["nationalStatus"] as? Int == 8)
            #expect((body["refusal"] as? [String: Any])?["reason"] as? String == Self.reason)

            // The summaries agree with a recount of every dossier.
            #expect(try await ReportSummaries.verify(on: app.db).isEmpty)
        }
    }

    @Test("the leader refuses an online dossier through the API; a missing reason is a 422; the citizen's page shows the reason")
    func refusalThroughTheAPIShownToTheCitizen() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var citizen = try await CitizenTests.registered(on: app)
            #expect(try await CitizenTests.submitOnline(&citizen, on: app).status == .seeOther)
            let dossier = try await CitizenTests.onlineDossier(on: app)
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            #expect(try await Self.act(&desk, ["action": "receive"], on: dossier.id, app: app).status == .seeOther)
            #expect(try await Self.act(&desk, ["action": "forward"], on: dossier.id, app: app).status == .seeOther)

            let token = try await APIClient.token("lanhdao", on: app)
            func act(_ json: String) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(.POST, APIURL.dossierActions(.value(dossier.code)).path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: .init(string: json))
            }
            let version = try #require(try await Dossier.find(dossier.id, on: app.db)).version
            let missing = try await act(#"{"action":"refuse_during_processing","version":\#(version)}"#)
            #expect(missing.status == .unprocessableEntity)
            #expect(APIClient.errorCode(missing) == "invalid_input")
            let done = try await act(#"{"action":"refuse_during_processing","version":\#(version),"reason":"\#(Self.reason)"}"#)
            #expect(done.status == .ok, "\(done.body.string.prefix(300))")
            #expect(done.body.string.contains("\"status\":\"refused_during_processing\""))

            let page = try await citizen.get(SiteURL.citizenDossier(.value(dossier.code)).path).body.string
            #expect(page.contains("id=\"tu-choi\""))
            #expect(page.contains(Self.reason))
            #expect(page.contains("Hồ sơ không đủ điều kiện giải quyết"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == dossier.code).all().contains { $0.body.contains("không đủ điều kiện giải quyết") })
        }
    }
}

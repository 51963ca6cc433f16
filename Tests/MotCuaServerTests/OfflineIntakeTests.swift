import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Idempotent intake and dossiers taken in offline (issue #25)")
struct OfflineIntakeTests {
    /// Monday 2/3/2026 at 09:00, Vietnam time: the moment the counter's network is back.
    static let monday = LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 2)!, hour: 9)!.instant

    static func body(name: String = "Trần Thị Bình", receivedOfflineAt: String? = nil) -> String {
        let offline = receivedOfflineAt.map { #","receivedOfflineAt":"\#($0)""# } ?? ""
        return #"{"procedureCode":"1.004837","applicant":{"fullName":"\#(name)","idNumber":"001203004568","phone":"0912345679","address":"Thôn Phú Thị"},"channel":"counter"\#(offline)}"#
    }

    static func post(_ body: String, key: String?, token: String, on app: Application) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        return try await app.testing().sendRequest(.POST, APIURL.dossiers.path, headers: headers, body: .init(string: body))
    }

    @Test("the same key twice answers the first 201 and makes one dossier; another body under that key is a 422; a malformed key a 400")
    func repeatedKey() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            // setup
            let token = try await APIClient.token("tiepnhan", on: app)
            let key = "6f1c2a9e-8d4b-4c1e-9a7f-2b3c4d5e6f70"

            // MUT
            let first = try await Self.post(Self.body(), key: key, token: token, on: app)
            let repeated = try await Self.post(Self.body(), key: key, token: token, on: app)
            let otherBody = try await Self.post(Self.body(name: "Lê Văn Cường"), key: key, token: token, on: app)
            let malformed = try await Self.post(Self.body(), key: "có dấu", token: token, on: app)

            // validate
            #expect(first.status == .created)
            #expect(first.headers.first(name: "Idempotent-Replayed") == nil)
            #expect(repeated.status == .created)
            #expect(repeated.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(repeated.body.string == first.body.string)
            #expect(otherBody.status == .unprocessableEntity)
            #expect(APIClient.errorCode(otherBody) == "idempotency_key_reused")
            #expect(otherBody.body.string.contains("đã được dùng cho một hồ sơ khác"))
            #expect(malformed.status == .badRequest)
            #expect(try await Dossier.query(on: app.db).count() == 1)
            let stored = try #require(try await DossierIntakeKey.query(on: app.db).first())
            #expect(stored.idempotencyKey == key)
            #expect(stored.receivedOfflineAt == nil)
            #expect(try await Dossier.find(stored.$dossier.id, on: app.db)?.applicantName == "Trần Thị Bình")

            // A key is unique per commune: another commune's counter may use the same one for its own dossier.
            let otherCommune = try await Self.post(Self.body(), key: key, token: try await APIClient.token("tiepnhan.vangiang", on: app), on: app)
            #expect(otherCommune.status == .created)
            #expect(otherCommune.body.string != first.body.string)
            #expect(try await Dossier.query(on: app.db).count() == 2)
        }
    }

    @Test("two requests racing with one key make one dossier and both answer its code")
    func concurrentRepeat() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            // setup
            let token = try await APIClient.token("tiepnhan", on: app)
            let key = "race-0001-2026-03-02"

            // MUT
            async let one = Self.post(Self.body(), key: key, token: token, on: app)
            async let two = Self.post(Self.body(), key: key, token: token, on: app)
            let answers = try await [one, two]

            // validate
            #expect(answers.map(\.status) == [.created, .created])
            #expect(answers[0].body.string == answers[1].body.string)
            #expect(try await Dossier.query(on: app.db).count() == 1)
            #expect(try await DossierIntakeKey.query(on: app.db).count() == 1)
            #expect(try await DossierEventRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("an offline receipt time becomes the receipt time: deadline counted from it, journalled with the sync time, code sent through the outbox")
    func offlineReceiptTime() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            // setup: taken in on Friday 27/2/2026 at 14:30, sent on Monday at 09:00
            let token = try await APIClient.token("tiepnhan", on: app)
            let offlineAt = try #require(LocalDateTime(date: CivilDate(year: 2026, month: 2, day: 27)!, hour: 14, minute: 30)).instant

            // MUT
            let created = try await Self.post(Self.body(receivedOfflineAt: "2026-02-27T14:30:00+07:00"), key: "offline-batch-0001", token: token, on: app)

            // validate
            #expect(created.status == .created, "\(created.body.string)")
            let dossier = try #require(try await Dossier.query(on: app.db).first())
            #expect(dossier.receivedAt == offlineAt)
            #expect(dossier.code.contains("-260227-"))
            let expected = try DossierRules.apply(.receive, to: .initial, by: DossierActor(username: "tiepnhan", roles: [.counterOfficer]), at: offlineAt, terms: dossier.terms, calendar: try await app.calendarStore.calendar(on: app.db))
            #expect(dossier.dueAt == expected.dueAt)
            #expect(try await DossierService.replayedState(of: dossier, on: app.db, calendar: try await app.calendarStore.calendar(on: app.db)).dueAt == dossier.dueAt)
            let event = try #require(try await DossierEventRecord.query(on: app.db).first())
            #expect(event.occurredAt == offlineAt)
            let synced = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "dossier.offline_synced").first())
            #expect(synced.actorUsername == "tiepnhan")
            #expect(synced.summary.contains("tiếp nhận ngoại tuyến lúc 14:30 ngày 27/02/2026"))
            #expect(synced.summary.contains("đồng bộ lúc 09:00 ngày 02/03/2026"))
            let key = try #require(try await DossierIntakeKey.query(on: app.db).first())
            #expect(key.receivedOfflineAt == offlineAt)
            #expect(key.synchronisedAt == Self.monday)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == dossier.code).count() >= 1)
        }
    }

    @Test("an offline time in the future, older than seven days or unreadable is a 422, and only a counter officer may send one; nothing is written")
    func offlineReceiptRefusals() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            // setup
            let token = try await APIClient.token("tiepnhan", on: app)

            // MUT
            let future = try await Self.post(Self.body(receivedOfflineAt: "2026-03-02T09:10:00+07:00"), key: "offline-future-01", token: token, on: app)
            let tooOld = try await Self.post(Self.body(receivedOfflineAt: "2026-02-22T08:59:00+07:00"), key: "offline-too-old-01", token: token, on: app)
            let unreadable = try await Self.post(Self.body(receivedOfflineAt: "27/02/2026 14:30"), key: "offline-unreadable", token: token, on: app)
            let leader = try await Self.post(Self.body(receivedOfflineAt: "2026-02-27T14:30:00+07:00"), key: "offline-leader-01", token: try await APIClient.token("lanhdao", on: app), on: app)

            // validate
            #expect(future.status == .unprocessableEntity)
            #expect(future.body.string.contains("sau thời điểm hiện tại"))
            #expect(tooOld.status == .unprocessableEntity)
            #expect(tooOld.body.string.contains("quá 7 ngày"))
            #expect(unreadable.status == .unprocessableEntity)
            #expect(unreadable.body.string.contains("ISO 8601"))
            #expect(leader.status == .forbidden)
            #expect(try await Dossier.query(on: app.db).count() == 0)
            #expect(try await DossierIntakeKey.query(on: app.db).count() == 0)

            // A refused request did not use its key: corrected, it goes through under the same key.
            let corrected = try await Self.post(Self.body(receivedOfflineAt: "2026-03-02T08:50:00+07:00"), key: "offline-future-01", token: token, on: app)
            #expect(corrected.status == .created)
        }
    }

    /// Sends one queued dossier as the offline counter's script does: session cookie, CSRF header, idempotency key.
    static func sendQueued(_ intake: String, officerID: String, key: String, as desk: BrowserSession, csrf: String? = nil) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Idempotency-Key": key]
        headers.add(name: .cookie, value: desk.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.add(name: "X-CSRF-Token", value: csrf ?? desk.csrfToken ?? "")
        return try await desk.app.testing().sendRequest(.POST, SiteURL.offlineCounterSend.path, headers: headers, body: .init(string: #"{"officerID":"\#(officerID)","intake":\#(intake)}"#))
    }

    @Test("the offline counter: its page lists the commune's procedures, its calendar is the core's, its worker is served, and it sends once per key")
    func offlineCounter() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            // setup
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let officerID = try #require(try await Officer.query(on: app.db).filter(\.$username == "tiepnhan").first()?.requireID()).uuidString.lowercased()

            // MUT
            let page = try await desk.get(SiteURL.offlineCounter.path)
            let calendar = try await desk.get(SiteURL.offlineCounterCalendar.path)
            let worker = try await app.testing().sendRequest(.GET, SiteURL.offlineCounterWorker.path)
            let first = try await Self.sendQueued(Self.body(receivedOfflineAt: "2026-03-02T08:40:00+07:00"), officerID: officerID, key: "queue-item-0001", as: desk)
            let again = try await Self.sendQueued(Self.body(receivedOfflineAt: "2026-03-02T08:40:00+07:00"), officerID: officerID, key: "queue-item-0001", as: desk)
            let otherOfficer = try await Self.sendQueued(Self.body(), officerID: UUID().uuidString, key: "queue-item-0002", as: desk)
            let withdrawn = try await Self.sendQueued(#"{"procedureCode":"9.999999","applicant":{"fullName":"Lê Văn Cường"}}"#, officerID: officerID, key: "queue-item-0003", as: desk)
            let forged = try await Self.sendQueued(Self.body(), officerID: officerID, key: "queue-item-0004", as: desk, csrf: "khong-dung")
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            let notDesk = try await specialist.get(SiteURL.offlineCounter.path)

            // validate
            #expect(page.status == .ok)
            #expect(page.body.string.contains("data-officer=\"\(officerID)\""))
            #expect(page.body.string.contains("<option value=\"1.004837\""))
            #expect(page.body.string.contains("<script src=\"/js/offline-counter.js\" defer></script>"))
            #expect(page.headers.first(name: .cacheControl) == "private, no-store")
            struct Window: Decodable { let from: String; let workingDays: [String] }
            let window = try JSONDecoder().decode(Window.self, from: Data(buffer: calendar.body))
            #expect(window.from == "2026-02-23")
            let expected = OfflineIntake.workingDays(from: CivilDate(year: 2026, month: 2, day: 23)!, dayCount: OfflineCounterController.calendarDays, in: try await app.calendarStore.calendar(on: app.db))
            #expect(window.workingDays == expected.map(\.description))
            #expect(window.workingDays.contains("2026-03-02") && !window.workingDays.contains("2026-03-07"))
            #expect(worker.status == .ok)
            #expect(worker.headers.contentType?.subType == "javascript")
            #expect(worker.body.string.contains("caches.open"))

            #expect(first.status == .created, "\(first.body.string)")
            struct Sent: Decodable { let code: String; let receiptPath: String; let replayed: Bool }
            let sent = try JSONDecoder().decode(Sent.self, from: Data(buffer: first.body))
            #expect(sent.receiptPath == SiteURL.dossierForm(.value(sent.code), .value("mau-01")).path)
            #expect(!sent.replayed)
            #expect(again.status == .created)
            let repeated = try JSONDecoder().decode(Sent.self, from: Data(buffer: again.body))
            #expect(repeated.code == sent.code && repeated.replayed)
            #expect(otherOfficer.status == .forbidden)
            #expect(APIClient.errorCode(otherOfficer) == "other_officer")
            #expect(withdrawn.status == .unprocessableEntity)
            #expect(APIClient.errorCode(withdrawn) == "unknown_procedure")
            #expect(forged.status == .forbidden)
            #expect(notDesk.status == .forbidden)
            #expect(try await Dossier.query(on: app.db).count() == 1)
            #expect(try await Dossier.query(on: app.db).first()?.receivedAt == LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 2)!, hour: 8, minute: 40)!.instant)
        }
    }
}

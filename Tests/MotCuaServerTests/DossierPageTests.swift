import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

/// What an officer reads on the desk's pages (issue #24): names rather than usernames, the working days left, a way back after a conflict.
@Suite("The dossier pages as officers read them")
struct DossierPageTests {
    @Test("intake ticks every required document by default; the officer unticks what is missing")
    func intakeTicksDocuments() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            // setup
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let procedure = try #require(try await app.catalogStore.catalog(on: app.db).procedure(code: "1.004837"))
            // MUT
            let html = try await desk.get(SiteURL.intake.path + "?thu-tuc=1.004837").body.string
            // validate
            #expect(html.contains("href=\"\(SiteURL.offlineCounter.path)\""), "intake offers the counter that works offline")
            let boxes = html.components(separatedBy: "name=\"received[]\"").dropFirst()
            #expect(boxes.count == procedure.requiredDocuments.count)
            for box in boxes {
                #expect(box.prefix(while: { $0 != ">" }).contains("checked"), "a document box is not ticked: \(box.prefix(80))")
            }
        }
    }

    @Test("the history names officers with their titles, the assignee included, never by username")
    func historyNamesOfficers() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            // setup
            var (desk, dossier) = try await DossierTests.receive("1.004837", on: app)
            let path = SiteURL.dossierActions(.value(dossier.code)).path
            #expect(try await desk.submit(form: ["action": "forward", "version": String(dossier.version)], to: path).status == .seeOther)
            var head = try await BrowserSession.signedIn("truongphong", on: app)
            #expect(try await head.submit(form: ["action": "assign", "assignee": "chuyenvien", "version": String(dossier.version + 1)], to: path).status == .seeOther)
            // MUT
            let html = try await head.get(SiteURL.dossier(.value(dossier.code)).path).body.string
            // validate
            let history = try #require(html.components(separatedBy: "Quá trình giải quyết").last)
            #expect(history.contains("Nguyễn Thị Hoa, Công chức tiếp nhận và trả kết quả"))
            #expect(history.contains("Lê Văn Hùng, Chánh Văn phòng HĐND–UBND"))
            #expect(history.contains("Giao cho Phạm Thu Trang, Công chức Tư pháp – Hộ tịch"))
            #expect(!history.contains("chuyenvien"))
            #expect(!history.contains("tiepnhan ("))
            dossier = try #require(try await Dossier.find(dossier.id, on: app.db))
            #expect(dossier.assigneeUsername == "chuyenvien")
        }
    }

    @Test("the due date shows the working days left, then how many working days late")
    func workingDaysLeft() async throws {
        let clock = MutableClock(DossierTests.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            // setup: 3 working days from Monday 2/3/2026 at 09:00, due Thursday 5/3 at 17:00.
            var (desk, dossier) = try await DossierTests.receive("1.004837", on: app)
            let page = SiteURL.dossier(.value(dossier.code)).path
            // MUT, validate
            #expect(try await desk.get(page).body.string.contains("(còn 3 ngày làm việc)"))
            clock.advance(by: 3 * 86_400)
            desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            #expect(try await desk.get(page).body.string.contains("(đến hạn hôm nay)"))
            // Monday 9/3: Friday 6/3 and Monday 9/3 are late, the weekend not counted.
            clock.advance(by: 4 * 86_400)
            desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let late = try await desk.get(page).body.string
            #expect(late.contains("class=\"warn\">(quá hạn 2 ngày làm việc)"))
            dossier = try #require(try await Dossier.find(dossier.id, on: app.db))
            #expect(dossier.status == DossierStatus.received.rawValue)
        }
    }

    @Test("a stale step answers 409 with what happened and a link to the fresh dossier, and changes nothing")
    func conflictPageLinksBack() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            // setup: the desk forwards the dossier, then a second tab sends the same step on the old version.
            var (desk, dossier) = try await DossierTests.receive("1.004837", on: app)
            let path = SiteURL.dossierActions(.value(dossier.code)).path
            #expect(try await desk.submit(form: ["action": "forward", "version": String(dossier.version)], to: path).status == .seeOther)
            // MUT
            let stale = try await desk.submit(form: ["action": "forward", "version": String(dossier.version)], to: path)
            // validate
            #expect(stale.status == .conflict)
            let html = stale.body.string
            #expect(html.contains("Dữ liệu vừa được người khác thay đổi"))
            #expect(html.contains("Thao tác mới nhất: Chuyển phòng chuyên môn, do Nguyễn Thị Hoa"))
            #expect(html.contains("href=\"\(SiteURL.dossier(.value(dossier.code)).path)\">Mở lại hồ sơ \(dossier.code) với trạng thái mới</a>"))
            dossier = try #require(try await Dossier.find(dossier.id, on: app.db))
            #expect(try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count() == 2)
        }
    }
}

import Fluent
import Foundation
import MotCuaCore
import NIOHTTP1
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

@Suite("Center floor: kiosk, counters, screen, rating and statistics")
struct FloorTests {
    static let kiosk = SiteURL.floorKiosk(.value(DemoCommune.phungCong)).path
    static let statePath = SiteURL.floorDisplayState(.value(DemoCommune.phungCong)).path

    static func counter(_ number: Int, in slug: String = DemoCommune.phungCong, on app: Application) async throws -> FloorCounter {
        let commune = try #require(try await Commune.query(on: app.db).filter(\.$slug == slug).first())
        return try #require(try await FloorCounter.query(on: app.db).filter(\.$commune.$id == commune.requireID()).filter(\.$number == number).first())
    }

    /// Takes a ticket as a visitor and returns it.
    static func take(_ service: String, priority: String = "none", channel: String = "kiosk", visitor: inout BrowserSession, on app: Application) async throws -> QueueTicket {
        let response = try await visitor.submit(form: ["service": service, "priority": priority, "channel": channel], to: kiosk)
        #expect(response.status == .seeOther, "taking a ticket answered \(response.status): \(response.body.string.prefix(300))")
        let location = try #require(response.headers.first(name: .location))
        let id = try #require(UUID(uuidString: String(location.split(separator: "/")[1])))
        return try #require(try await QueueTicket.find(id, on: app.db))
    }

    static func state(on app: Application) async throws -> FloorQueue.DisplayState {
        let response = try await app.testing().sendRequest(.GET, statePath)
        #expect(response.status == .ok)
        return try JSONDecoder().decode(FloorQueue.DisplayState.self, from: Data(buffer: response.body))
    }

    @Test("a visitor takes tickets; the counter calls priority first, recalls, transfers, finishes; the screen and the phone page follow; the visitor rates once")
    func floorJourney() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var visitor = BrowserSession(app: app)
            // setup: the kiosk lists the lines of the open counters
            let kioskPage = try await visitor.get(Self.kiosk + "?kiosk=1")
            #expect(kioskPage.status == .ok)
            #expect(kioskPage.body.string.contains("Hộ tịch"))
            #expect(kioskPage.body.string.contains("Người cao tuổi"))
            let first = try await Self.take("field:civil_status", visitor: &visitor, on: app)
            let elderly = try await Self.take("field:civil_status", priority: "elderly", visitor: &visitor, on: app)
            let phone = try await Self.take("field:civil_status", channel: "phone", visitor: &visitor, on: app)
            let numbers: [Int] = [first.number, elderly.number, phone.number]
            #expect(numbers == [1001, 1002, 1003])
            #expect(phone.channel == "phone")
            let phonePath = SiteURL.queueTicket(.value(try phone.requireID())).path
            #expect(try await visitor.get(phonePath).body.string.contains(#"<dd id="phia-truoc">2</dd>"#))
            let slip = try await visitor.get(SiteURL.queueTicketPrint(.value(try elderly.requireID())).path + "?kiosk=1").body.string
            #expect(slip.contains("<svg"))
            #expect(slip.contains("Người cao tuổi"))
            #expect(slip.contains(#"data-autoprint="1""#))
            let waitingBefore = try await Self.state(on: app)
            #expect(waitingBefore.waiting.map(\.number) == [1002, 1001, 1003])

            // MUT: counter 1 (civil status) calls, recalls and transfers
            let counter1 = try await Self.counter(1, on: app)
            let counter2 = try await Self.counter(2, on: app)
            var officer = try await BrowserSession.signedIn("tiepnhan", on: app)
            let deskPath = SiteURL.floorDesk(.value(try counter1.requireID())).path
            let called = try await officer.submit(form: [:], to: SiteURL.floorDeskCall(.value(try counter1.requireID())).path)
            #expect(called.status == .seeOther)
            #expect(called.headers.first(name: .location) == deskPath + "?ketqua=da-goi")
            let desk = try await officer.get(deskPath).body.string
            #expect(desk.contains(#"<p class="desk-number" id="so-dang-phuc-vu">1002</p>"#))
            #expect(desk.contains("/mot-cua/tiep-nhan?ve=" + (try elderly.requireID()).uuidString.lowercased()))
            let screen = try await Self.state(on: app)
            #expect(screen.counters.first { $0.number == 1 }?.ticketNumber == 1002)
            #expect(screen.counters.first { $0.number == 1 }?.announcement == "Mời số 1002 đến quầy 1")
            #expect(screen.waiting.map(\.number) == [1001, 1003])
            #expect(try await visitor.get(phonePath).body.string.contains(#"<dd id="phia-truoc">1</dd>"#))
            #expect(try await visitor.get(SiteURL.queueTicket(.value(try elderly.requireID())).path).body.string.contains("Mời số 1002 đến quầy 1"))

            let action = SiteURL.floorDeskAction(.value(try counter1.requireID())).path
            let elderlyID = try elderly.requireID().uuidString
            #expect(try await officer.submit(form: ["action": "recall", "ticketID": elderlyID], to: action).status == .seeOther)
            let recalled = try await Self.state(on: app).counters.first { $0.number == 1 }?.callKey
            #expect(recalled != screen.counters.first { $0.number == 1 }?.callKey, "a recall changes the call key so that the screen announces again")
            #expect(try await officer.submit(form: ["action": "transfer", "ticketID": elderlyID, "targetCounterID": try counter1.requireID().uuidString], to: action).status == .unprocessableEntity)
            #expect(try await officer.submit(form: ["action": "transfer", "ticketID": elderlyID, "targetCounterID": try counter2.requireID().uuidString], to: action).status == .seeOther)
            // Counter 2 serves certification only, but takes the ticket transferred to it.
            #expect(try await officer.submit(form: [:], to: SiteURL.floorDeskCall(.value(try counter2.requireID())).path).status == .seeOther)
            let moved = try #require(try await QueueTicket.find(elderly.requireID(), on: app.db))
            #expect(moved.$counter.id == counter2.id)
            #expect(moved.transferCount == 1)
            #expect(moved.ticketStatus == .called)
            // A stale page acting on the transferred ticket at counter 1 changes nothing.
            #expect(try await officer.submit(form: ["action": "finish", "ticketID": elderlyID], to: action).status == .conflict)

            // Counter 1 calls the earliest civil-status ticket next, then marks it absent.
            #expect(try await officer.submit(form: [:], to: SiteURL.floorDeskCall(.value(try counter1.requireID())).path).status == .seeOther)
            #expect(try await QueueTicket.find(first.requireID(), on: app.db)?.ticketStatus == .called)
            #expect(try await officer.submit(form: ["action": "skip", "ticketID": try first.requireID().uuidString], to: action).status == .seeOther)
            #expect(try await officer.submit(form: ["action": "skip", "ticketID": try first.requireID().uuidString], to: action).status == .conflict)
            #expect(try await QueueTicket.find(first.requireID(), on: app.db)?.ticketStatus == .noShow)
            #expect(try await visitor.get(phonePath).body.string.contains(#"<dd id="phia-truoc">0</dd>"#))

            // The rating tablet of counter 2 offers the ticket it serves; one rating per ticket.
            let ratingPath = SiteURL.floorRating(.value(DemoCommune.phungCong), .value(try counter2.requireID())).path
            let tablet = try await visitor.get(ratingPath).body.string
            #expect(tablet.contains(#"<strong id="so-danh-gia">1002</strong>"#))
            #expect(try await visitor.submit(form: ["ticketID": elderlyID, "level": "9"], to: ratingPath).status == .unprocessableEntity)
            #expect(try await visitor.submit(form: ["ticketID": elderlyID, "level": "5"], to: ratingPath).status == .seeOther)
            #expect(try await visitor.submit(form: ["ticketID": elderlyID, "level": "1"], to: ratingPath).status == .unprocessableEntity)
            let ratings = try await CounterRating.query(on: app.db).filter(\.$ticket.$id == elderly.requireID()).all()
            #expect(ratings.map(\.level) == [5])

            // validate: each change is in the journal
            let actions = try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["floor.ticket_take", "floor.call", "floor.recall", "floor.transfer", "floor.skip", "floor.rate"]).all().map(\.action)
            #expect(actions.filter { $0 == "floor.ticket_take" }.count == 3)
            #expect(actions.filter { $0 == "floor.call" }.count == 3)
            #expect(Set(actions).count == 6)
        }
    }

    @Test("a dossier received from the counter page records its ticket")
    func intakeLinksTicket() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var visitor = BrowserSession(app: app)
            let ticket = try await Self.take("field:civil_status", visitor: &visitor, on: app)
            let counter1 = try await Self.counter(1, on: app)
            var officer = try await BrowserSession.signedIn("tiepnhan", on: app)
            _ = try await officer.submit(form: [:], to: SiteURL.floorDeskCall(.value(try counter1.requireID())).path)
            let ticketID = try ticket.requireID().uuidString.lowercased()
            let intakePage = try await officer.get(SiteURL.intake.path + "?thu-tuc=1.004837&ve=" + ticketID).body.string
            #expect(intakePage.contains(#"name="ticketID" value="\#(ticketID)""#))
            let procedure = try #require(try await app.catalogStore.catalog(on: app.db).procedure(code: "1.004837"))
            var fields = DossierTests.applicantFields([("procedureCode", "1.004837"), ("copies", "1"), ("pages", "1"), ("decision", "receive"), ("ticketID", ticketID)])
            fields += procedure.requiredDocuments.indices.map { ("received[]", String($0)) }
            let received = try await officer.submitMultipart(fields: fields, to: SiteURL.intake.path)
            #expect(received.status == .seeOther, "\(received.body.string.prefix(400))")
            let linked = try #require(try await QueueTicket.find(ticket.requireID(), on: app.db))
            let dossier = try #require(try await Dossier.query(on: app.db).filter(\.$id == linked.$dossier.id ?? UUID()).first())
            #expect(linked.dossierCode == dossier.code)
            #expect(try await officer.get(SiteURL.floorDesk(.value(try counter1.requireID())).path).body.string.contains(dossier.code))
            // The visitor's rating at the counter is tied to the ticket and its dossier.
            let ratingPath = SiteURL.floorRating(.value(DemoCommune.phungCong), .value(try counter1.requireID())).path
            #expect(try await visitor.submit(form: ["ticketID": ticketID, "level": "4"], to: ratingPath).status == .seeOther)
            let rating = try #require(try await CounterRating.query(on: app.db).filter(\.$ticket.$id == ticket.requireID()).first())
            #expect(rating.$dossier.id == dossier.id)
            #expect(rating.level == 4)
        }
    }

    @Test("bad input: nothing chosen, an unserved service, a counter with nothing waiting, a ticket of an earlier day, bad dates and counter forms")
    func badInput() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var visitor = BrowserSession(app: app)
            let nothing = try await visitor.submit(form: ["priority": "none"], to: Self.kiosk)
            #expect(nothing.status == .unprocessableEntity)
            #expect(nothing.body.string.contains("Vui lòng chọn dịch vụ"))
            let unserved = try await visitor.submit(form: ["service": "procedure:1.001193"], to: Self.kiosk)
            #expect(unserved.status == .unprocessableEntity)
            #expect(unserved.body.string.contains("không có quầy nào phục vụ"))
            #expect(try await visitor.submit(form: ["service": "field:civil_status", "priority": "vip"], to: Self.kiosk).status == .unprocessableEntity)
            #expect(try await visitor.get(SiteURL.floorKiosk(.value("khong-co")).path).status == .notFound)
            #expect(try await visitor.get("/so-thu-tu/khong-phai-uuid").status == .notFound)
            #expect(try await visitor.get(SiteURL.queueTicket(.value(UUID())).path).status == .notFound)
            #expect(try await QueueTicket.query(on: app.db).filter(\.$day == FloorQueue.dayKey(DossierTests.monday)).count() == 0)

            // A counter that serves nothing waiting: a calm message, nothing changes.
            var officer = try await BrowserSession.signedIn("tiepnhan", on: app)
            let counter4 = try await Self.counter(4, on: app)
            let empty = try await officer.submit(form: [:], to: SiteURL.floorDeskCall(.value(try counter4.requireID())).path)
            #expect(empty.headers.first(name: .location)?.hasSuffix("ketqua=khong-co-so") == true)
            #expect(try await officer.get(empty.headers.first(name: .location) ?? "").body.string.contains("Không có số nào đang chờ"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "floor.call").count() == 0)

            // A ticket of an earlier day: its page says so, no counter calls it, no action applies to it.
            let old = try await Self.take("field:certification", visitor: &visitor, on: app)
            let counter2 = try await Self.counter(2, on: app)
            _ = try await officer.submit(form: [:], to: SiteURL.floorDeskCall(.value(try counter2.requireID())).path)
            let leftover = try await Self.take("field:certification", visitor: &visitor, on: app)
            app.clock = .fixed(DossierTests.monday.addingTimeInterval(86_400))
            // A new day, a new session: the officer signs in again.
            officer = try await BrowserSession.signedIn("tiepnhan", on: app)
            let page = try await visitor.get(SiteURL.queueTicket(.value(try leftover.requireID())).path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("đã hết hiệu lực"))
            let nextDay = try await officer.submit(form: [:], to: SiteURL.floorDeskCall(.value(try counter2.requireID())).path)
            #expect(nextDay.headers.first(name: .location)?.hasSuffix("ketqua=khong-co-so") == true)
            #expect(try await officer.submit(form: ["action": "finish", "ticketID": try old.requireID().uuidString], to: SiteURL.floorDeskAction(.value(try counter2.requireID())).path).status == .conflict)
            #expect(try await QueueTicket.find(leftover.requireID(), on: app.db)?.ticketStatus == .waiting)
            // Numbers start again the next day.
            #expect(try await Self.take("field:certification", visitor: &visitor, on: app).number == 2001)
            #expect(try await officer.submit(form: ["action": "dance", "ticketID": try old.requireID().uuidString], to: SiteURL.floorDeskAction(.value(try counter2.requireID())).path).status == .unprocessableEntity)

            // Statistics with bad dates re-render with the reason.
            let badDates = try await officer.get(SiteURL.floorStatistics.path + "?tu=31/02/2026&den=2026-03-01")
            #expect(badDates.status == .unprocessableEntity)
            #expect(badDates.body.string.contains("Ngày bắt đầu không hợp lệ"))
            #expect(try await officer.get(SiteURL.floorStatistics.path + "?tu=2026-03-05&den=2026-03-01").status == .unprocessableEntity)

            // Counter forms: only the administrator and leaders; bad numbers, no services and duplicates are refused.
            #expect(try await officer.submit(form: ["number": "9", "name": "Quầy mới", "fields[]": "land"], to: SiteURL.floorCounters.path).status == .forbidden)
            var admin = try await BrowserSession.signedIn("admin", on: app)
            let invalid = try await admin.submit(form: ["number": "abc", "name": ""], to: SiteURL.floorCounters.path)
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.string.contains("Số quầy phải là số từ 1 đến 99"))
            #expect(invalid.body.string.contains("Cần chọn ít nhất một lĩnh vực"))
            let duplicate = try await admin.submit(form: ["number": "1", "name": "Trùng", "fields[]": "land"], to: SiteURL.floorCounters.path)
            #expect(duplicate.body.string.contains("Quầy số 1 đã có"))
            #expect(try await admin.submit(form: ["number": "7", "name": "Thủ tục lạ", "procedureCodes": "9.999999"], to: SiteURL.floorCounters.path).status == .unprocessableEntity)
            let created = try await admin.submit(form: ["number": "5", "name": "Khai sinh", "procedureCodes": "1.001193", "isActive": "on"], to: SiteURL.floorCounters.path)
            #expect(created.status == .seeOther)
            #expect(try await FloorCounter.query(on: app.db).filter(\.$number == 5).first()?.servicesText == "procedure:1.001193")
            // The new procedure line gets the next free block and appears at the kiosk.
            #expect(try await visitor.get(Self.kiosk).body.string.contains("procedure:1.001193"))
        }
    }

    @Test("the administrator edits a counter; desk officers see the list but not the form; province staff have no counter page; an idle tablet waits")
    func counterPages() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            let counter3 = try await Self.counter(3, on: app)
            let editPath = SiteURL.floorCounter(.value(try counter3.requireID())).path
            var admin = try await BrowserSession.signedIn("admin", on: app)
            let list = try await admin.get(SiteURL.floorCounters.path)
            #expect(list.status == .ok)
            #expect(list.body.string.contains("Thêm quầy"))
            let form = try await admin.get(editPath)
            #expect(form.status == .ok)
            #expect(form.body.string.contains("Sửa Quầy 3"))
            #expect(form.body.string.contains(#"value="land" checked"#))
            let officer = try #require(try await Officer.query(on: app.db).filter(\.$username == "tiepnhan").first())
            let saved = try await admin.submit(form: ["number": "3", "name": "Đất đai", "fields[]": "land", "officerID": try officer.requireID().uuidString, "isActive": "on"], to: editPath)
            #expect(saved.status == .seeOther)
            let updated = try await Self.counter(3, on: app)
            #expect(updated.name == "Đất đai")
            #expect(updated.servicesText == "field:land")
            #expect(updated.$officer.id == officer.id)
            #expect(updated.dutyDay == "2026-03-02")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "floor.counter_update").count() == 1)
            // A specialist is no counter officer: not on duty.
            let specialist = try #require(try await Officer.query(on: app.db).filter(\.$username == "chuyenvien").first())
            #expect(try await admin.submit(form: ["number": "3", "name": "Đất đai", "fields[]": "land", "officerID": try specialist.requireID().uuidString], to: editPath).status == .unprocessableEntity)

            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let deskList = try await desk.get(SiteURL.floorCounters.path).body.string
            #expect(deskList.contains("Làm việc tại quầy"))
            #expect(!deskList.contains("Thêm quầy"))
            #expect(try await desk.get(editPath).status == .forbidden)
            var province = try await BrowserSession.signedIn("tinh", on: app)
            #expect(try await province.get(SiteURL.floorDesk(.value(try counter3.requireID())).path).status == .forbidden)

            var visitor = BrowserSession(app: app)
            let tablet = try await visitor.get(SiteURL.floorRating(.value(DemoCommune.phungCong), .value(try counter3.requireID())).path).body.string
            #expect(tablet.contains("Chưa có lượt phục vụ nào để đánh giá"))
            #expect(tablet.contains(#"http-equiv="refresh""#))
            // A counter of another commune is not found under this commune's address.
            let vanGiangCounter = try await Self.counter(1, in: DemoCommune.vanGiang, on: app)
            #expect(try await visitor.get(SiteURL.floorRating(.value(DemoCommune.phungCong), .value(try vanGiangCounter.requireID())).path).status == .notFound)
        }
    }

    @Test("the screen's live connection sends the state, and the page renders counters and waiting numbers without script")
    func displayAndEvents() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            app.floorStreamLifetime = 0.7
            var visitor = BrowserSession(app: app)
            let ticket = try await Self.take("field:land", visitor: &visitor, on: app)
            let page = try await visitor.get(SiteURL.floorDisplay(.value(DemoCommune.phungCong)).path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains(#"<script src="/js/floor.js" defer></script>"#))
            #expect(page.body.string.contains(#"<span class="waiting-number">\#(ticket.number)</span>"#))
            #expect(page.body.string.contains("Quầy 3"))
            // The screen gives visitors the whole address of ticket-taking on a phone, and its QR code.
            let kioskPath = SiteURL.floorKiosk(.value(DemoCommune.phungCong)).path
            #expect(page.body.string.contains("://") && page.body.string.contains("\(kioskPath)</strong>"))
            #expect(page.body.string.contains(#"<div class="display-qr"><svg"#))
            let events = try await app.testing().sendRequest(.GET, SiteURL.floorDisplayEvents(.value(DemoCommune.phungCong)).path)
            #expect(events.status == .ok)
            #expect(events.headers.first(name: .contentType)?.hasPrefix("text/event-stream") == true)
            #expect(events.body.string.contains("event: state\ndata: {"))
            #expect(events.body.string.contains("\"number\":\(ticket.number)"))
            let script = try await app.testing().sendRequest(.GET, "/js/floor.js")
            #expect(script.status == .ok)
            #expect(script.body.string.contains("EventSource"))
            let entrance = try await visitor.get(SiteURL.floorEntrance(.value(DemoCommune.phungCong)).path)
            #expect(entrance.body.string.contains("<svg"))
        }
    }

    @Test("the demo has a day of history in Phụng Công; statistics give medians, 90th percentiles and no-shows per counter and service")
    func statistics() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            let phungCong = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first())
            // Friday 27/2/2026 is the last working day before Monday 2/3/2026.
            let friday = CivilDate(year: 2026, month: 2, day: 27)!
            let report = try await FloorQueue.statistics(on: app.db, communeID: phungCong.requireID(), from: friday, to: friday)
            #expect(report.total.tickets > 60)
            #expect(report.total.served > 50)
            #expect(report.total.noShows > 0)
            #expect(report.total.ratings > 0)
            #expect(report.byCounter.count == 4)
            #expect(report.byService.count >= 4)
            let waitMedian = try #require(report.total.waitingMedian)
            let waitP90 = try #require(report.total.waitingP90)
            #expect(waitMedian <= waitP90)
            #expect(report.hours.filter { $0.tickets > 0 }.allSatisfy { (7...16).contains($0.hour) })
            // Other communes have counters but no history.
            let vanGiang = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.vanGiang).first())
            #expect(try await FloorCounter.query(on: app.db).filter(\.$commune.$id == vanGiang.requireID()).count() == 2)
            #expect(try await FloorQueue.statistics(on: app.db, communeID: vanGiang.requireID(), from: friday, to: friday).total.tickets == 0)

            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let page = try await leader.get(SiteURL.floorStatistics.path + "?tu=27/02/2026&den=27/02/2026")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Quầy 1 — Hộ tịch"))
            #expect(page.body.string.contains("<svg class=\"chart\""))
            var province = try await BrowserSession.signedIn("tinh", on: app)
            let provincePage = try await province.get(SiteURL.floorStatistics.path + "?xa=van-giang&tu=2026-02-27&den=2026-02-27")
            #expect(provincePage.status == .ok)
            #expect(provincePage.body.string.contains("Xã Văn Giang"))
        }
    }

    // The limit catches a deadlock; it is generous because the whole suite runs in parallel on two cores, and the time
    // counts from the start of the test, waiting for a PostgreSQL slot (`PostgresTestSlots`) included.
    @Test("concurrent calls from two counters never give one ticket to both", .timeLimit(.minutes(20)))
    func concurrentCalls() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            // setup: both counters serve both lines; 24 tickets wait
            let counter1 = try await Self.counter(1, on: app)
            let counter2 = try await Self.counter(2, on: app)
            for counter in [counter1, counter2] {
                counter.servicesText = "field:certification,field:civil_status"
                try await counter.save(on: app.db)
            }
            var visitor = BrowserSession(app: app)
            for index in 0..<24 {
                _ = try await Self.take(index % 2 == 0 ? "field:civil_status" : "field:certification", priority: index % 5 == 0 ? "pregnant" : "none", visitor: &visitor, on: app)
            }
            let officer = try await BrowserSession.signedIn("tiepnhan", on: app)
            let cookieHeader = officer.cookieHeader
            let csrf = try #require(officer.csrfToken)
            let paths = [SiteURL.floorDeskCall(.value(try counter1.requireID())).path, SiteURL.floorDeskCall(.value(try counter2.requireID())).path]

            // MUT: 32 calls at once, half from each counter
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<32 {
                    let path = paths[index % 2]
                    group.addTask {
                        var headers = HTTPHeaders()
                        headers.add(name: .cookie, value: cookieHeader)
                        headers.contentType = .urlEncodedForm
                        return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: "_csrf=" + csrf)).status
                    }
                }
                var all: [HTTPResponseStatus] = []
                for try await status in group { all.append(status) }
                return all
            }

            // validate: every call answered; every ticket called exactly once
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            let calls = try await AuditEntry.query(on: app.db).filter(\.$action == "floor.call").all()
            #expect(calls.count == 24)
            #expect(Set(calls.map(\.objectID)).count == calls.count, "a ticket was called twice")
            let today = FloorQueue.dayKey(DossierTests.monday)
            #expect(try await QueueTicket.query(on: app.db).filter(\.$day == today).filter(\.$status == QueueTicketStatus.waiting.rawValue).count() == 0)
            #expect(try await QueueTicket.query(on: app.db).filter(\.$day == today).filter(\.$firstCalledAt == nil).count() == 0)
            // Each counter serves at most one ticket at a time.
            for counter in [counter1, counter2] {
                #expect(try await QueueTicket.query(on: app.db).filter(\.$counter.$id == counter.requireID()).filter(\.$status == QueueTicketStatus.called.rawValue).count() <= 1)
            }
        }
    }
}

extension BrowserSession {
    /// The session's cookies as one `Cookie` header, for requests sent outside the session (concurrently).
    var cookieHeader: String {
        cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    }
}

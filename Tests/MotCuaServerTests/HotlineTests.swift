import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Police duty hotline")
struct HotlineTests {
    /// 09:00 on 10/3/2026, Vietnam time.
    static let morning = LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 10)!, hour: 9)!.instant

    private func hotlinePath() -> String { SiteURL.hotline(.value(DemoCommune.phungCong)).path }

    @Test("the public page shows the shift's number inside a shift and the police unit's own number outside every shift")
    func numberValidNow() async throws {
        let clock = MutableClock(Self.morning)
        try await withTestApp(clock: clock.wallClock) { app in
            let communeID = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first()?.id)
            // The seeded roster starts at 07:00 on the day of seeding, which here is the fixed clock's day.
            try await DutyShift.query(on: app.db).delete()
            let start = Self.morning.addingTimeInterval(-3600)
            try await DutyShift(communeID: communeID, officerName: "Thượng úy Lê Văn Tâm", dutyPhone: "0912 111 113", startsAt: start, endsAt: start.addingTimeInterval(4 * 3600), note: nil, recordedBy: "test").create(on: app.db)
            let police = try #require(try await Department.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$kind == .police).first())

            let during = try await app.testing().sendRequest(.GET, hotlinePath()).body.string
            #expect(during.contains("0912 111 113"))
            #expect(during.contains("Thượng úy Lê Văn Tâm"))

            clock.advance(by: 5 * 3600)
            let after = try await app.testing().sendRequest(.GET, hotlinePath()).body.string
            #expect(!after.contains("0912 111 113"))
            #expect(after.contains(try #require(police.phone)))
            #expect(after.contains("113") && after.contains("114") && after.contains("115"))
        }
    }

    @Test("tel: links carry the digits only, while the page shows the number as typed (no spaces in a URL)")
    func telephoneLinksAreValidURLs() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            // setup
            let communeID = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first()?.id)
            try await DutyShift.query(on: app.db).delete()
            let start = Self.morning.addingTimeInterval(-3600)
            try await DutyShift(communeID: communeID, officerName: "Thượng úy Lê Văn Tâm", dutyPhone: "0912 345 113", startsAt: start, endsAt: start.addingTimeInterval(4 * 3600), note: nil, recordedBy: "test").create(on: app.db)

            for path in [hotlinePath(), SiteURL.communeHome(.value(DemoCommune.phungCong)).path] {
                // MUT
                let page = try await app.testing().sendRequest(.GET, path).body.string

                // validate
                #expect(page.contains(#"<a href="tel:0912345113""#), "\(path)")
                #expect(page.contains(">0912 345 113</a>"), "\(path)")
                let links = page.ranges(of: /href="tel:[^"]*"/).map { page[$0] }
                #expect(!links.isEmpty, "\(path)")
                #expect(links.allSatisfy { $0.wholeMatch(of: /href="tel:\+?[0-9]+"/) != nil }, "\(path): \(links)")
            }
        }
    }

    @Test("an unknown commune's hotline is a 404")
    func unknownCommune() async throws {
        try await withTestApp { app in
            let response = try await app.testing().sendRequest(.GET, SiteURL.hotline(.value("khong-co")).path)
            #expect(response.status == .notFound)
        }
    }

    @Test("the police officer adds a shift; an overlapping one is refused with a reason and nothing is stored")
    func addShift() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var police = try await BrowserSession.signedIn("congan", on: app)
            let before = try await DutyShift.query(on: app.db).count()
            let clash = try await police.submit(form: ["officerName": "Hạ sĩ Phạm Văn Bình", "dutyPhone": "0912 222 113", "startsAt": "2026-03-10T10:00", "endsAt": "2026-03-10T12:00"], to: SiteURL.dutyShifts.path)
            #expect(clash.status == .unprocessableEntity)
            #expect(clash.body.string.contains("trùng thời gian"))
            #expect(try await DutyShift.query(on: app.db).count() == before)

            try await DutyShift.query(on: app.db).filter(\.$startsAt > Self.morning.addingTimeInterval(20 * 86_400)).delete()
            let late = try await police.submit(form: ["officerName": "Hạ sĩ Phạm Văn Bình", "dutyPhone": "0912 222 113", "startsAt": "2026-04-20T07:00", "endsAt": "2026-04-20T19:00"], to: SiteURL.dutyShifts.path)
            #expect(late.status == .seeOther)
            #expect(try await DutyShift.query(on: app.db).filter(\.$dutyPhone == "0912 222 113").count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "duty_shift.create").count() == 1)
        }
    }

    @Test("a call is logged for staff; the public page never shows the caller")
    func logCall() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var police = try await BrowserSession.signedIn("congan", on: app)
            let response = try await police.submit(form: ["receivedAt": "2026-03-10T08:15", "callerName": "Trần Văn Khách", "callerPhone": "0912 999 888", "matter": "Va chạm giao thông ở ngã ba chợ.", "actionTaken": "Cử tổ tuần tra đến hiện trường."], to: SiteURL.dutyCalls.path)
            #expect(response.status == .seeOther)
            let roster = try await police.get(SiteURL.dutyRoster.path).body.string
            #expect(roster.contains("Trần Văn Khách"))
            let publicPage = try await app.testing().sendRequest(.GET, hotlinePath()).body.string
            #expect(!publicPage.contains("Trần Văn Khách"))
            #expect(!publicPage.contains("0912 999 888"))
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "duty_call.create").first())
            #expect(!entry.summary.contains("Trần Văn Khách"))

            let empty = try await police.submit(form: ["receivedAt": "2026-03-10T08:15", "matter": "", "actionTaken": ""], to: SiteURL.dutyCalls.path)
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Cần ghi nội dung sự việc"))
        }
    }

    @Test("only the commune police, leaders and the administrator keep the roster; a started shift cannot be deleted")
    func access() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            #expect(try await specialist.get(SiteURL.dutyRoster.path).status == .forbidden)
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            #expect(try await leader.get(SiteURL.dutyRoster.path).status == .ok)

            let current = try #require(try await DutyShift.query(on: app.db).filter(\.$startsAt <= Self.morning).filter(\.$endsAt > Self.morning).first())
            let started = try await leader.submit(form: [:], to: SiteURL.deleteDutyShift(.value(try current.requireID())).path)
            #expect(started.status == .conflict)

            let vanGiang = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.vanGiang).first()?.id)
            let foreign = DutyShift(communeID: vanGiang, officerName: "X", dutyPhone: "0912 000 000", startsAt: Self.morning.addingTimeInterval(86_400 * 30), endsAt: Self.morning.addingTimeInterval(86_400 * 30 + 3600), note: nil, recordedBy: "test")
            try await foreign.create(on: app.db)
            let cross = try await leader.submit(form: [:], to: SiteURL.deleteDutyShift(.value(try foreign.requireID())).path)
            #expect(cross.status == .notFound)
            #expect(try await DutyShift.find(foreign.id, on: app.db) != nil)
        }
    }
}

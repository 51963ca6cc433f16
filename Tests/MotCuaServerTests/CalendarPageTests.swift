import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Calendar pages and recorded schedules")
struct CalendarPageTests {
    @Test("the month page shows lunar dates and the official days off of February 2026")
    func februaryMonthPage() async throws {
        try await withTestApp(seeded: false) { app in
            let response = try await app.testing().sendRequest(.GET, CalendarController.monthPath(2026, 2))
            #expect(response.status == .ok)
            let html = response.body.string
            #expect(html.contains("Lịch tháng 2/2026"))
            // 17/2/2026 is Tết: the first day of the lunar month Giêng, and an official day off.
            #expect(html.contains("data-date=\"2026-02-17\""))
            #expect(html.contains("1/1 (Giêng)"))
            #expect(html.contains("Tết Nguyên Đán (mùng 1 tháng Giêng)"))
            #expect(!html.contains("(dự kiến)"))
        }
    }

    @Test("a year without an official schedule is shown as projected")
    func projectedYearIsMarked() async throws {
        try await withTestApp(seeded: false) { app in
            let html = try await app.testing().sendRequest(.GET, CalendarController.monthPath(2027, 2)).body.string
            #expect(html.contains("(dự kiến)"))
            #expect(html.contains("Bộ luật Lao động 2019"))
        }
    }

    @Test("a malformed month is a 400, not a crash")
    func badMonth() async throws {
        try await withTestApp(seeded: false) { app in
            for query in ["2026-13", "abc", "1800-01"] {
                let response = try await app.testing().sendRequest(.GET, SiteURL.calendarMonth.path + "?thang=\(query)")
                #expect(response.status == .badRequest, "thang=\(query)")
            }
        }
    }

    @Test("the province administrator records 2027; deadlines and pages use it at once, and it is journalled")
    func recordSchedule() async throws {
        try await withTestApp { app in
            var admin = try await BrowserSession.signedIn("quantritinh", on: app)
            let before = try await app.calendarStore.calendar(on: app.db)
            let tetEve = try #require(CivilDate(year: 2027, month: 2, day: 5))
            #expect(before.dayOff(on: tetEve)?.isProjected == true)

            let form = [
                "year": "2027", "sourceTitle": "Lịch nghỉ Tết 2027 (thử)", "sourceReference": "Thông báo số 1/TB-BNV (thử)",
                "daysOff": "2027-01-01 Tết Dương lịch\n2027-02-08 Tết Nguyên Đán\n2027-02-09 Tết Nguyên Đán\n2027-02-10 Tết Nguyên Đán\n2027-02-11 Tết Nguyên Đán\n2027-02-12 Tết Nguyên Đán",
                "makeUpWorkingDays": "",
            ]
            let response = try await admin.submit(form: form, to: SiteURL.schedules.path)
            #expect(response.status == .seeOther)

            let after = try await app.calendarStore.calendar(on: app.db)
            #expect(after.isWorkingDay(tetEve))
            #expect(after.dayOff(on: try #require(CivilDate(year: 2027, month: 2, day: 8)))?.isProjected == false)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "calendar.record_schedule").count() == 1)
            let html = try await admin.get(CalendarController.monthPath(2027, 2)).body.string
            #expect(!html.contains("(dự kiến)"))
        }
    }

    @Test("bad schedule lines are reported with their line, and nothing is recorded")
    func badSchedule() async throws {
        try await withTestApp { app in
            var admin = try await BrowserSession.signedIn("quantritinh", on: app)
            let form = ["year": "2027", "sourceTitle": "Thử", "sourceReference": "Số 2 (thử)", "daysOff": "2027-01-01 Tết Dương lịch\n2027-02-30 Ngày không có\n2027-02-08", "makeUpWorkingDays": ""]
            let response = try await admin.submit(form: form, to: SiteURL.schedules.path)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Ngày nghỉ, dòng 2"))
            #expect(response.body.string.contains("Ngày nghỉ, dòng 3"))
            #expect(try await RecordedSchedule.query(on: app.db).count() == 0)
        }
    }

    @Test("only a province administrator records schedules")
    func onlyProvinceAdministratorRecords() async throws {
        try await withTestApp { app in
            var communeAdmin = try await BrowserSession.signedIn("admin", on: app)
            let page = try await communeAdmin.get(SiteURL.schedules.path)
            #expect(page.status == .ok)
            #expect(!page.body.string.contains("Ghi lịch nghỉ chính thức của một năm"))
            let response = try await communeAdmin.submit(form: ["year": "2027", "sourceTitle": "x", "sourceReference": "y", "daysOff": "2027-01-01 Tết"], to: SiteURL.schedules.path)
            #expect(response.status == .forbidden)
            #expect(try await RecordedSchedule.query(on: app.db).count() == 0)
        }
    }
}

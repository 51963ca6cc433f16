import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Public pages of a commune")
struct PublicSiteTests {
    @Test("the commune home page shows the service center, its hours, the duty number and the procedures")
    func communeHome() async throws {
        try await withTestApp { app in
            let response = try await app.testing().sendRequest(.GET, SiteURL.communeHome(.value(DemoCommune.phungCong)).path)
            #expect(response.status == .ok)
            let html = response.body.string
            #expect(html.contains("Xã Phụng Công"))
            #expect(html.contains(Commune.defaultServiceHours))
            #expect(html.contains("Trực ban Công an xã"))
            #expect(html.contains("Đăng ký khai sinh"))
            #expect(html.contains("href=\"\(SiteURL.floorKiosk(.value(DemoCommune.phungCong)).path)\""), "the home page leads to ticket-taking")
        }
    }

    @Test("the procedure list is searchable without diacritics, and a procedure page says what to bring, the fee, the time and when it was updated")
    func procedurePages() async throws {
        try await withTestApp { app in
            let question = try await app.testing().sendRequest(.GET, SiteURL.publicProcedures(.value(DemoCommune.phungCong)).path + "?q=\("đăng ký khai sinh cho trẻ".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)").body.string
            #expect(question.contains("Có thể bạn cần") && question.contains("data-code=\"1.001193\""), "a question finds the nearest names")
            let nothing = try await app.testing().sendRequest(.GET, SiteURL.publicProcedures(.value(DemoCommune.phungCong)).path + "?q=zzzz").body.string
            #expect(nothing.contains("Không tìm thấy thủ tục nào") && !nothing.contains("data-code="))
            let list = try await app.testing().sendRequest(.GET, SiteURL.publicProcedures(.value(DemoCommune.phungCong)).path + "?q=chung%20thuc%20ban%20sao").body.string
            #expect(list.contains("data-code=\"2.000815\""))
            #expect(!list.contains("data-code=\"1.001193\""))

            let page = try await app.testing().sendRequest(.GET, SiteURL.publicProcedure(.value(DemoCommune.phungCong), .value("2.000815")).path)
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Chứng thực bản sao từ bản chính"))
            #expect(html.contains("tối đa 200.000 ₫/bản"))
            #expect(html.contains("Hồ sơ cần mang"))
            #expect(html.contains("Cập nhật lần cuối"))
            #expect(!html.contains("Cập nhật lần cuối: —"))
        }
    }

    /// Public pages speak to citizens: unverified markers and English abbreviations of citations stay on staff pages.
    @Test("no public page shows a [check] marker, a DOMAIN.md reference or an English abbreviation such as art. or cl.")
    func publicPagesCarryNoStaffMarkers() async throws {
        try await withTestApp { app in
            // setup
            let markers = ["[check]", "[law]", "[practice]", "DOMAIN.md", " art.", " arts.", " cl."]
            var paths = [
                SiteURL.home.path, SiteURL.lookup.path, SiteURL.communeHome(.value(DemoCommune.phungCong)).path,
                SiteURL.publicProcedures(.value(DemoCommune.phungCong)).path,
                CalendarController.monthPath(2026, 1), CalendarController.monthPath(2026, 11), CalendarController.monthPath(2027, 2),
            ]
            paths += try ProcedureCatalog.loadBundled().procedures.map { SiteURL.publicProcedure(.value(DemoCommune.phungCong), .value($0.code)).path }

            // MUT
            var walked = 0
            for path in paths {
                let response = try await app.testing().sendRequest(.GET, path)
                guard response.status == .ok else { continue }
                walked += 1

                // validate
                let html = response.body.string
                for marker in markers { #expect(!html.contains(marker), "GET \(path) shows \(marker)") }
            }
            #expect(walked >= 30, "the procedure pages were walked")
        }
    }

    @Test("unknown communes and procedures, and procedures the commune does not handle, are 404")
    func notFound() async throws {
        try await withTestApp { app in
            let phungCong = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first()?.id)
            let choice = CommuneProcedure()
            choice.$commune.id = phungCong
            choice.procedureCode = "1.004837"
            choice.isOffered = false
            try await choice.create(on: app.db)
            for path in [
                SiteURL.communeHome(.value("khong-co")).path,
                SiteURL.publicProcedure(.value(DemoCommune.phungCong), .value("9.999999")).path,
                SiteURL.publicProcedure(.value(DemoCommune.phungCong), .value("1.004837")).path,
            ] {
                let response = try await app.testing().sendRequest(.GET, path)
                #expect(response.status == .notFound, "GET \(path)")
            }
            let elsewhere = try await app.testing().sendRequest(.GET, SiteURL.publicProcedure(.value(DemoCommune.vanGiang), .value("1.004837")).path)
            #expect(elsewhere.status == .ok)
        }
    }

    @Test("the leader publishes an announcement on the commune's home page; others cannot")
    func announcements() async throws {
        try await withTestApp { app in
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            #expect(try await specialist.submit(form: ["title": "Thử", "body": "Nội dung thử"], to: SiteURL.announcements.path).status == .forbidden)
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let bad = try await leader.submit(form: ["title": "", "body": "x"], to: SiteURL.announcements.path)
            #expect(bad.status == .unprocessableEntity)
            let published = try await leader.submit(form: ["title": "Lịch làm việc dịp Quốc khánh", "body": "Trung tâm nghỉ từ 31/8 đến 2/9/2026, làm việc bù thứ Bảy 22/8."], to: SiteURL.announcements.path)
            #expect(published.status == .seeOther)
            let home = try await app.testing().sendRequest(.GET, SiteURL.communeHome(.value(DemoCommune.phungCong)).path).body.string
            #expect(home.contains("Lịch làm việc dịp Quốc khánh"))
            let elsewhere = try await app.testing().sendRequest(.GET, SiteURL.communeHome(.value(DemoCommune.vanGiang)).path).body.string
            #expect(!elsewhere.contains("Lịch làm việc dịp Quốc khánh"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "announcement.publish").count() == 1)
        }
    }
}

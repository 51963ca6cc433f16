import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Work reports with CSV, and the commune's public events on the month page")
struct WorkReportsTests {
    /// Thursday 27/8/2026, 09:00: 2/9 and 5/9 lie within the readiness report's window.
    static let morning = LocalDateTime(date: CivilDate(year: 2026, month: 8, day: 27)!, hour: 9)!.instant

    @Test("the province's reports cover every commune; CSV files hold the same rows, with formulas written as text")
    func provinceReports() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var tinh = try await BrowserSession.signedIn("tinh", on: app)
            let page = try await tinh.get(CommuneWorkURL.workReports.path)
            #expect(page.status == .ok)
            for title in ["Tiến độ kế hoạch theo đơn vị chủ trì", "Chỉ đạo của tỉnh theo tình trạng", "Sự kiện trong 12 tháng tới", "Mức độ bao phủ bồi dưỡng"] {
                #expect(page.body.string.contains(title), "\(title)")
            }
            // Phụng Công's seven demo directives: three done, one done late, one late, two in progress.
            let directives = try await tinh.get(CommuneWorkURL.workReportExport(.value("chi-dao.csv")).path)
            #expect(directives.status == .ok)
            #expect(directives.headers.contentType?.subType == "csv")
            #expect(directives.headers.first(name: .contentDisposition)?.contains("chi-dao.csv") == true)
            #expect(directives.body.string.hasPrefix("\u{FEFF}"))
            #expect(directives.body.string.contains("Xã Phụng Công,0,2,3,1,1,7"))
            let plans = try await tinh.get(CommuneWorkURL.workReportExport(.value("tien-do-ke-hoach.csv")).path).body.string
            #expect(plans.contains("Xã Phụng Công,Phòng Kinh tế,0,2,0,0,1,0,3,0 %"))
            let events = try await tinh.get(CommuneWorkURL.workReportExport(.value("su-kien.csv")).path).body.string
            #expect(events.contains("02/09/2026,Lễ kỷ niệm Quốc khánh 2/9,Xã Phụng Công,Phòng Văn hoá – Xã hội,0,1,0 %"))

            // A course title that a spreadsheet would run as a formula is written as text.
            let phungCong = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first()?.requireID())
            _ = try await tinh.submit(form: ["title": "=HYPERLINK(\"http://x\")", "organiser": "Văn phòng UBND tỉnh", "topic": "x", "place": "y", "startsOn": "2026-09-10", "endsOn": "2026-09-10"],
                                      to: CommuneWorkURL.trainings.path, extraBody: "&communeIDs%5B%5D=\(phungCong.uuidString)&roles%5B%5D=commune_leader")
            let training = try await tinh.get(CommuneWorkURL.workReportExport(.value("dao-tao.csv")).path).body.string
            #expect(training.contains("\"'=HYPERLINK(\"\"http://x\"\")\",Xã Phụng Công,1,0,0"))
            #expect(try await tinh.get(CommuneWorkURL.workReportExport(.value("khong-co.csv")).path).status == .notFound)
        }
    }

    @Test("a commune's reports hold its own rows only")
    func communeReports() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var leader = try await BrowserSession.signedIn("lanhdao.vangiang", on: app)
            for file in ["chi-dao.csv", "tien-do-ke-hoach.csv", "su-kien.csv", "dao-tao.csv"] {
                let csv = try await leader.get(CommuneWorkURL.workReportExport(.value(file)).path)
                #expect(csv.status == .ok)
                #expect(!csv.body.string.contains("Phụng Công"), "\(file)")
            }
            #expect(try await leader.get(CommuneWorkURL.workReportExport(.value("dao-tao.csv")).path).body.string.contains("Xã Văn Giang"))
        }
    }

    @Test("/lich?xa= shows the commune's public events on their day; unpublished events stay inside; an unknown commune is a 404")
    func publicEvents() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var head = try await BrowserSession.signedIn("truongphong", on: app)
            let unit = try #require(try await Department.query(on: app.db).filter(\.$name == "Văn phòng HĐND–UBND").first()?.requireID())
            let created = try await head.submit(form: ["title": "Họp giao ban nội bộ", "kind": "once", "onceOn": "2026-09-15", "departmentID": unit.uuidString], to: CommuneWorkURL.events.path)
            #expect(created.status == .seeOther)
            #expect(try await CommuneEvent.query(on: app.db).filter(\.$title == "Họp giao ban nội bộ").first()?.isPublic == false)
            _ = try await head.submit(form: ["title": "Ngày hội đại đoàn kết", "kind": "once", "onceOn": "2026-09-18", "departmentID": unit.uuidString, "isPublic": "1"], to: CommuneWorkURL.events.path)

            let page = try await app.testing().sendRequest(.GET, CalendarController.monthPath(2026, 9) + "&xa=phung-cong")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Sự kiện của Xã Phụng Công trong tháng"))
            #expect(html.contains("data-date=\"2026-09-02\">02/09/2026: <strong>Lễ kỷ niệm Quốc khánh 2/9</strong>"))
            #expect(html.contains("Khai giảng năm học mới") && html.contains("Ngày hội đại đoàn kết"))
            #expect(html.contains("Tết Trung thu cho trẻ em"), "15/8 lunar 2026 is 25/9")
            #expect(!html.contains("Họp giao ban nội bộ"))
            #expect(!html.contains("Kiểm tra cơ sở vật chất"), "checklists stay inside")
            #expect(html.contains("thang=2026-10&amp;xa=phung-cong") || html.contains("thang=2026-10&xa=phung-cong"))
            #expect(try await app.testing().sendRequest(.GET, CalendarController.monthPath(2026, 9) + "&xa=khong-co").status == .notFound)
            let plain = try await app.testing().sendRequest(.GET, CalendarController.monthPath(2026, 9)).body.string
            #expect(!plain.contains("Lễ kỷ niệm Quốc khánh 2/9"))
        }
    }
}

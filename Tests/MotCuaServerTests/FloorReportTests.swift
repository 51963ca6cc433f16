import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("The center floor's figures in the satisfaction report")
struct FloorReportTests {
    /// Thursday 3/9/2026, 10:00; the demo seeds the queue of the last working day before it (28/8, since 31/8–2/9 are off).
    static let morning = LocalDateTime(date: CivilDate(year: 2026, month: 9, day: 3)!, hour: 10)!.instant

    @Test("the satisfaction report lists the demo queue's tickets, waiting times and counter ratings")
    func queueFiguresInTheReport() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            let commune = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first())
            let tickets = try await QueueTicket.query(on: app.db).filter(\.$commune.$id == commune.requireID()).count()
            #expect(tickets > 0)
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let page = try await leader.get(SiteURL.satisfactionReport.path + "?commune=phung-cong&from=2026-08-01&to=2026-09-03")
            #expect(page.status == .ok)
            let body = page.body.string
            #expect(body.contains("Số phiếu xếp hàng"))
            #expect(body.contains("<td class=\"num\">\(tickets)</td>"))
            #expect(body.contains("Thời gian chờ (trung vị; 90 %)"))
            #expect(!body.contains("Chưa có số liệu xếp hàng"))
        }
    }
}

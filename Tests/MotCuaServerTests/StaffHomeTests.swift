import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

/// Each officer's home page leads with their own dossiers, and the work list puts first what must be done first (issue #24).
@Suite("Staff home pages and the work list")
struct StaffHomeTests {
    /// Monday 2/3/2026 at 09:00: the demo's online dossier waits for receipt, to be received by 17:00 today.
    static let monday = DossierTests.monday
    static let running = DossierStatus.allCases.filter(\.isClockRunning).map(\.rawValue)

    /// The part of the home page about the officer's dossiers, and where it stands on the page.
    static func dossierSection(_ html: String) throws -> (section: String, offset: Int) {
        let start = try #require(html.range(of: "id=\"ho-so-cua-toi\""))
        let end = try #require(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
        return (String(html[start.lowerBound..<end.lowerBound]), html.distance(from: html.startIndex, to: start.lowerBound))
    }

    @Test("the specialist's home page leads with their dossiers, counted, overdue ones first")
    func specialistHome() async throws {
        try await withTestApp(demoDossiersPerCommune: 20, clock: .fixed(Self.monday)) { app in
            // setup
            let mine = Dossier.query(on: app.db).filter(\.$assigneeUsername == "chuyenvien").filter(\.$status ~~ DossierQueue.departmentStatuses.map(\.rawValue))
            let count = try await mine.copy().count()
            let overdue = try await mine.copy().filter(\.$dueAt < Self.monday).filter(\.$status ~~ Self.running).count()
            #expect(count > 0, "the demo gives the specialist no dossier to work on")
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            // MUT
            let html = try await specialist.get(SiteURL.workspace.path).body.string
            // validate
            let (section, offset) = try Self.dossierSection(html)
            #expect(section.contains("Hồ sơ bạn đang giải quyết: \(count)"))
            if overdue > 0 { #expect(section.contains("\(overdue) quá hạn")) } else { #expect(!section.contains("id=\"so-qua-han\"")) }
            for other in ["Sắp đến hạn và quá hạn", "Việc thường dùng"] {
                if let later = html.range(of: other) { #expect(html.distance(from: html.startIndex, to: later.lowerBound) > offset, "\(other) comes before the dossiers") }
            }
            let rows = section.components(separatedBy: "<tr class=\"").dropFirst()
            #expect(rows.count == min(count, DossierHomeSummary.listed))
            let firstOrdinary = rows.firstIndex { !$0.hasPrefix("overdue") } ?? rows.endIndex
            #expect(rows[firstOrdinary...].allSatisfy { !$0.hasPrefix("overdue") }, "an overdue dossier is listed after one that is not")
        }
    }

    @Test("the leader sees the dossiers waiting for approval, the desk the new online dossiers waiting for receipt")
    func leaderAndDeskHome() async throws {
        try await withTestApp(demoDossiersPerCommune: 20, clock: .fixed(Self.monday)) { app in
            // setup
            let communeID = try #require(try await Officer.query(on: app.db).filter(\.$username == "lanhdao").first()?.$commune.id)
            let awaiting = try await Dossier.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$status == DossierStatus.awaitingApproval.rawValue).count()
            let newOnline = try await Dossier.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$status == DossierStatus.new.rawValue).count()
            #expect(newOnline >= 1, "the demo has no online dossier waiting for receipt")
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            // MUT
            let leaderHome = try await leader.get(SiteURL.workspace.path).body.string
            let deskHome = try await desk.get(SiteURL.workspace.path).body.string
            // validate
            #expect(try Self.dossierSection(leaderHome).section.contains("Hồ sơ chờ phê duyệt: \(awaiting)"))
            let deskSection = try Self.dossierSection(deskHome).section
            #expect(deskSection.contains("\(newOnline) hồ sơ trực tuyến chờ tiếp nhận"))
            #expect(deskSection.contains("Tiếp nhận trước 02/03/2026 17:00"))
        }
    }

    @Test("the work list puts overdue dossiers first, a new online dossier by its receipt deadline with its wait, and those waiting for the applicant last")
    func workListByUrgency() async throws {
        try await withTestApp(demoDossiersPerCommune: 20, clock: .fixed(Self.monday)) { app in
            // setup
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let online = try #require(try await Dossier.query(on: app.db).filter(\.$status == DossierStatus.new.rawValue).first())
            let calendar = try await app.calendarStore.calendar(on: app.db)
            let submittedAt = try #require(try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == online.requireID()).sort(\.$sequence).first()?.occurredAt)
            let receiptDeadline = try #require(WorkUrgency.receiptDeadline(submittedAt: submittedAt, calendar: calendar))
            // MUT
            let html = try await desk.get(SiteURL.workQueue.path).body.string
            // validate
            let rows = html.components(separatedBy: "<tr class=\"").dropFirst().map { row in
                (code: row.components(separatedBy: "data-code=\"").dropFirst().first?.prefix(while: { $0 != "\"" }).description ?? "", html: row)
            }
            let onlineRow = try #require(rows.firstIndex { $0.code == online.code })
            #expect(rows[onlineRow].html.contains("Tiếp nhận trước \(VietnameseFormat.dateTime(receiptDeadline.instant))"))
            #expect(rows[onlineRow].html.contains("tiếp nhận trong hôm nay"))
            #expect(rows[onlineRow].html.contains("chờ 0 phút"))
            let stored = try await Dictionary(Dossier.query(on: app.db).filter(\.$code ~~ rows.map(\.code)).all().map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            let waiting = Set(DossierQueue.applicantStatuses.map(\.rawValue))
            let firstWaiting = rows.firstIndex { stored[$0.code].map { waiting.contains($0.status) } == true } ?? rows.endIndex
            #expect(rows[firstWaiting...].allSatisfy { stored[$0.code].map { waiting.contains($0.status) } == true }, "a dossier to act on is listed after one waiting for the applicant")
            #expect(onlineRow < firstWaiting)
            for (index, row) in rows.enumerated() where index < firstWaiting {
                guard let due = stored[row.code]?.dueAt else { continue }
                if due < receiptDeadline.instant { #expect(index < onlineRow, "\(row.code), due before the online dossier's receipt deadline, is listed after it") }
                if due > receiptDeadline.instant { #expect(index > onlineRow, "\(row.code), due after the online dossier's receipt deadline, is listed before it") }
            }
            let firstOrdinary = rows.firstIndex { !$0.html.hasPrefix("overdue") } ?? rows.endIndex
            #expect(rows[firstOrdinary...].allSatisfy { !$0.html.hasPrefix("overdue") }, "an overdue dossier is listed after one that is not")
        }
    }
}

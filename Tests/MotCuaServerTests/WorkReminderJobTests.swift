import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Work reminders through the outbox: once per task or directive and state, to the officer responsible")
struct WorkReminderJobTests {
    static func at(_ day: Int, _ month: Int = 12) -> Date { LocalDateTime(date: CivilDate(year: 2026, month: month, day: day)!, hour: 9)!.instant }

    /// A task of Phụng Công's current plan for `username`, due on `due`.
    func task(for username: String, due: String, _ app: Application) async throws -> WorkTask {
        let commune = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first())
        let communeID = try commune.requireID()
        let plan = try #require(try await WorkPlan.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$periodStart == "2026-07-01").first())
        let task = WorkTask()
        task.$commune.id = communeID
        task.$plan.id = try plan.requireID()
        task.$assignee.id = try #require(try await Officer.query(on: app.db).filter(\.$username == username).first()?.requireID())
        task.$leadDepartment.id = try #require(try await Department.query(on: app.db).filter(\.$commune.$id == communeID).first()?.requireID())
        task.title = "Báo cáo sơ kết của \(username)"
        task.dueDate = due
        task.coordinatingUnits = ""
        task.deliverable = "Báo cáo"
        task.evidenceRequired = "Báo cáo có chữ ký"
        task.approvingAuthority = "Chủ tịch UBND xã"
        task.progressPercent = 0
        task.progressNote = ""
        task.version = 1
        try await task.create(on: app.db)
        return task
    }

    @Test("the demo's overdue task and late directive reach the economist and the leader once; a second run writes nothing")
    func idempotent() async throws {
        try await withTestApp(clock: .fixed(Self.at(3))) { app in
            // MUT
            let first = try await WorkReminderJob.run(app: app)
            let second = try await WorkReminderJob.run(app: app)
            // validate
            #expect(first == WorkReminderJob.Summary(reminders: 2, messages: 4, withoutContact: 0))
            #expect(second == WorkReminderJob.Summary())
            let messages = try await OutboxMessage.query(on: app.db).all()
            #expect(Set(messages.map(\.recipient)) == ["kinhte@phungcong.hungyen.gov.vn", "0912345604", "lanhdao@phungcong.hungyen.gov.vn", "0912345601"])
            #expect(messages.allSatisfy { $0.status == .pending && $0.dossierCode == nil })
            #expect(messages.contains { $0.subject == "Nhiệm vụ quá hạn" && $0.body.contains("Rà soát, lập danh mục tài sản công") && $0.body.contains("/cong-viec/nhiem-vu/") })
            #expect(messages.contains { $0.subject == "Chỉ đạo của tỉnh quá hạn" && $0.recipient == "0912345601" })
            #expect(try await WorkReminderNotice.query(on: app.db).count() == 2)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "work_reminder.send").count() == 2)
            // The leader sees it on the outbox page.
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let outbox = try await leader.get(SiteURL.outbox.path)
            #expect(outbox.status == .ok && outbox.body.string.contains("đã quá hạn 30/09/2025"))
        }
    }

    @Test("a task is reminded once when due soon and once more when overdue; a finished task is not; an officer without contact waits")
    func dueSoonThenOverdue() async throws {
        try await withTestApp(clock: .fixed(Self.at(3))) { app in
            _ = try await WorkReminderJob.run(app: app)
            let before = try await OutboxMessage.query(on: app.db).count()
            let soon = try await task(for: "chuyenvien", due: "2026-12-08", app)
            let later = try await task(for: "chuyenvien", due: "2026-12-31", app)
            let clerkTask = try await task(for: "tiepnhan", due: "2026-12-07", app)
            let done = try await task(for: "truongphong", due: "2026-12-04", app)
            done.completedOn = "2026-12-02"
            try await done.save(on: app.db)

            let dueSoon = try await WorkReminderJob.run(app: app)
            #expect(dueSoon == WorkReminderJob.Summary(reminders: 1, messages: 2, withoutContact: 1))
            #expect(try await WorkReminderNotice.query(on: app.db).filter(\.$subjectID == soon.requireID()).first()?.state == .dueSoon)
            #expect(try await WorkReminderJob.run(app: app) == WorkReminderJob.Summary(reminders: 0, messages: 0, withoutContact: 1))

            // Wednesday 9/12: the first task is overdue, the clerk now has a phone.
            app.clock = .fixed(Self.at(9))
            let clerk = try #require(try await Officer.query(on: app.db).filter(\.$username == "tiepnhan").first())
            clerk.phone = "0912345699"
            try await clerk.save(on: app.db)
            let overdue = try await WorkReminderJob.run(app: app)
            #expect(overdue == WorkReminderJob.Summary(reminders: 2, messages: 3, withoutContact: 0))
            #expect(try await WorkReminderJob.run(app: app) == WorkReminderJob.Summary())
            let states = try await WorkReminderNotice.query(on: app.db).filter(\.$subjectID ~~ [try soon.requireID(), try clerkTask.requireID(), try later.requireID(), try done.requireID()]).all()
            #expect(states.map { "\($0.subjectID == soon.id ? "soon" : "clerk")-\($0.state.rawValue)" }.sorted() == ["clerk-overdue", "soon-due_soon", "soon-overdue"])
            #expect(try await OutboxMessage.query(on: app.db).count() == before + 5)
        }
    }

    @Test("the timer's interval comes from MOTCUA_WORK_REMINDER_MINUTES: 60 by default, 0 turns it off, nonsense stops start-up")
    func interval() throws {
        #expect(try WorkReminderLifecycle.interval(from: [:]) == .minutes(60))
        #expect(try WorkReminderLifecycle.interval(from: ["MOTCUA_WORK_REMINDER_MINUTES": "15"]) == .minutes(15))
        #expect(try WorkReminderLifecycle.interval(from: ["MOTCUA_WORK_REMINDER_MINUTES": "0"]) == nil)
        #expect(throws: Settings.Problem.self) { try WorkReminderLifecycle.interval(from: ["MOTCUA_WORK_REMINDER_MINUTES": "mỗi giờ"]) }
    }
}

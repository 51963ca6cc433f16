import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Commune work: plans under the six clears, inspections and directives followed to done")
struct CommuneWorkPageTests {
    /// 09:00 on Tuesday 1/9/2026 is a holiday; use Thursday 3/9/2026.
    static let morning = LocalDateTime(date: CivilDate(year: 2026, month: 9, day: 3)!, hour: 9)!.instant
    static let pdf: [UInt8] = Array("%PDF-1.4 bien ban".utf8)

    func phungCong(_ app: Application) async throws -> Commune {
        try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first())
    }

    func officerID(_ username: String, _ app: Application) async throws -> String {
        try #require(try await Officer.query(on: app.db).filter(\.$username == username).first()?.requireID().uuidString)
    }

    func unitID(_ kind: DepartmentKind, _ app: Application) async throws -> String {
        let commune = try await phungCong(app)
        return try #require(try await Department.query(on: app.db).filter(\.$commune.$id == commune.requireID()).filter(\.$kind == kind).first()?.requireID().uuidString)
    }

    func newPlan(_ leader: inout BrowserSession, _ app: Application) async throws -> UUID {
        let created = try await leader.submit(form: ["title": "Kế hoạch quý IV năm 2026", "periodStart": "2026-10-01", "periodEnd": "2026-12-31"], to: CommuneWorkURL.plans.path)
        #expect(created.status == .seeOther)
        return try #require(try await WorkPlan.query(on: app.db).filter(\.$title == "Kế hoạch quý IV năm 2026").first()?.requireID())
    }

    func fullTask(_ app: Application, due: String = "2026-11-30") async throws -> [String: String] {
        ["title": "Tổng kết công tác năm", "assigneeID": try await officerID("chuyenvien", app), "dueDate": due,
         "leadDepartmentID": try await unitID(.officeOfCouncilAndCommittee, app), "coordinatingUnits": "Phòng Kinh tế",
         "deliverable": "Báo cáo tổng kết", "evidenceRequired": "Báo cáo có chữ ký", "approvingAuthority": "Chủ tịch UBND xã"]
    }

    @Test("a task lacking a clear, dated outside the plan or on a day off, or given to another commune's officer is refused; nothing is saved")
    func refusedTasks() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let planID = try await newPlan(&leader, app)
            let path = CommuneWorkURL.planTasks(.value(planID)).path
            var noAuthority = try await fullTask(app)
            noAuthority["approvingAuthority"] = ""
            noAuthority["deliverable"] = ""
            let missing = try await leader.submit(form: noAuthority, to: path)
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("Thiếu rõ sản phẩm") && missing.body.string.contains("Thiếu rõ thẩm quyền"))
            let outside = try await leader.submit(form: try await fullTask(app, due: "2027-01-15"), to: path)
            #expect(outside.body.string.contains("ngoài thời gian của kế hoạch"))
            let sunday = try await leader.submit(form: try await fullTask(app, due: "2026-11-29"), to: path)
            #expect(sunday.body.string.contains("là ngày nghỉ") && sunday.body.string.contains("27/11/2026"))
            var foreign = try await fullTask(app)
            foreign["assigneeID"] = try await officerID("chuyenvien.vangiang", app)
            let other = try await leader.submit(form: foreign, to: path)
            #expect(other.status == .unprocessableEntity)
            #expect(other.body.string.contains(Officer.notInCommuneMessage))
            #expect(try await WorkTask.query(on: app.db).filter(\.$plan.$id == planID).count() == 0)
        }
    }

    @Test("a plan is drafted, submitted and approved by the leader; after approval it no longer changes")
    func planLifecycle() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let planID = try await newPlan(&leader, app)
            let plans = try await leader.get(CommuneWorkURL.plans.path)
            #expect(plans.status == .ok && plans.body.string.contains("Kế hoạch quý IV năm 2026"))
            let decision = CommuneWorkURL.planDecision(.value(planID)).path
            let empty = try await leader.submit(form: ["decision": "submitted"], to: decision)
            #expect(empty.status == .unprocessableEntity)
            #expect(try await leader.submit(form: try await fullTask(app), to: CommuneWorkURL.planTasks(.value(planID)).path).status == .seeOther)
            #expect(try await leader.submit(form: ["decision": "approved"], to: decision).status == .unprocessableEntity, "a draft is submitted first")
            #expect(try await leader.submit(form: ["decision": "submitted"], to: decision).status == .seeOther)
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            #expect(try await specialist.submit(form: ["decision": "approved"], to: decision).status == .forbidden)
            #expect(try await leader.submit(form: ["decision": "returned", "reason": ""], to: decision).status == .unprocessableEntity)
            #expect(try await leader.submit(form: ["decision": "approved"], to: decision).status == .seeOther)
            #expect(try await WorkPlan.find(planID, on: app.db)?.status == .approved)
            #expect(try await leader.submit(form: try await fullTask(app), to: CommuneWorkURL.planTasks(.value(planID)).path).status == .conflict)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["work_plan.create", "work_task.create", "work_plan.submitted", "work_plan.approved"]).count() == 4)
        }
    }

    @Test("the province records an inspection with two directives; the leader assigns them; progress with evidence finishes one")
    func directivesFollowedToDone() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            let commune = try await phungCong(app)
            var tinh = try await BrowserSession.signedIn("tinh", on: app)
            let badInspection = try await tinh.submit(form: ["communeID": try commune.requireID().uuidString, "visitedOn": "2026-09-02", "inspector": "Đoàn tỉnh",
                                                             "scope": "Hoạt động một cửa", "directive1": "Niêm yết thủ tục", "due1": ""], to: CommuneWorkURL.inspections.path)
            #expect(badInspection.status == .unprocessableEntity)
            #expect(badInspection.body.string.contains("Chỉ đạo 1 cần hạn hoàn thành"))
            let recorded = try await tinh.submit(form: ["communeID": try commune.requireID().uuidString, "visitedOn": "2026-09-02", "inspector": "Đoàn kiểm tra của UBND tỉnh",
                                                        "scope": "Hoạt động một cửa", "findings": "Cơ bản đáp ứng.",
                                                        "directive1": "Niêm yết đầy đủ thủ tục hành chính tại Trung tâm", "due1": "2026-09-30",
                                                        "directive2": "Rà soát tài sản công sau hợp nhất", "due2": "2026-12-15"], to: CommuneWorkURL.inspections.path)
            #expect(recorded.status == .seeOther)
            let directives = try await Directive.query(on: app.db).filter(\.$content ~~ ["Niêm yết đầy đủ thủ tục hành chính tại Trung tâm", "Rà soát tài sản công sau hợp nhất"]).sort(\.$dueDate).all()
            #expect(directives.count == 2)

            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let planID = try await newPlan(&leader, app)
            var first = try await fullTask(app, due: "2026-09-29")
            first["planID"] = planID.uuidString
            first["title"] = "Niêm yết thủ tục tại Trung tâm"
            first["assigneeID"] = try await officerID("tiepnhan", app)
            let outsidePlan = try await leader.submit(form: first, to: CommuneWorkURL.assignDirective(.value(try directives[0].requireID())).path)
            #expect(outsidePlan.status == .unprocessableEntity, "29/9 is before the plan's 1/10")
            first["planID"] = try #require(try await WorkPlan.query(on: app.db).filter(\.$commune.$id == commune.requireID()).filter(\.$periodStart <= "2026-09-29").filter(\.$periodEnd >= "2026-09-29").first()?.requireID().uuidString)
            #expect(try await leader.submit(form: first, to: CommuneWorkURL.assignDirective(.value(try directives[0].requireID())).path).status == .seeOther)
            var second = try await fullTask(app, due: "2026-12-14")
            second["planID"] = planID.uuidString
            second["title"] = "Rà soát tài sản công"
            second["assigneeID"] = try await officerID("kinhte", app)
            #expect(try await leader.submit(form: second, to: CommuneWorkURL.assignDirective(.value(try directives[1].requireID())).path).status == .seeOther)

            let task = try #require(try await WorkTask.query(on: app.db).filter(\.$title == "Niêm yết thủ tục tại Trung tâm").first())
            var counter = try await BrowserSession.signedIn("tiepnhan", on: app)
            let taskPage = try await counter.get(CommuneWorkURL.task(.value(try task.requireID())).path)
            #expect(taskPage.status == .ok)
            #expect(taskPage.body.string.contains("Báo cáo tiến độ"), "the assignee reports progress")
            // The task, its directive and the inspection that gave it link to one another.
            let directiveHref = InspectionController.directiveHref(try directives[0].requireID())
            #expect(taskPage.body.string.contains("href=\"\(directiveHref)\""))
            let inspections = try await leader.get(CommuneWorkURL.inspections.path).body.string
            #expect(inspections.contains("href=\"\(directiveHref)\""))
            #expect(inspections.contains("href=\"\(CommuneWorkURL.task(.value(try task.requireID())).path)\""))
            let directivesPage = try await leader.get(CommuneWorkURL.directives.path).body.string
            #expect(directivesPage.contains("id=\"\(InspectionController.directiveAnchor(try directives[0].requireID()))\""))
            let inspectionID = directives[0].$inspection.id
            #expect(directivesPage.contains("href=\"\(CommuneWorkURL.inspections.path)#\(InspectionController.inspectionAnchor(inspectionID))\""))
            #expect(inspections.contains("id=\"\(InspectionController.inspectionAnchor(inspectionID))\""))
            #expect(try await leader.get(CommuneWorkURL.plan(.value(planID)).path).status == .ok)
            let progressPath = CommuneWorkURL.taskProgress(.value(try task.requireID())).path
            let noEvidence = try await counter.submitMultipart(fields: [("percent", "100"), ("done", "1"), ("version", "1")], to: progressPath)
            #expect(noEvidence.status == .unprocessableEntity)
            let badFile = try await counter.submitMultipart(fields: [("percent", "50"), ("version", "1")], files: [(field: "evidence", name: "a.pdf", type: "application/pdf", bytes: Array("<html>".utf8))], to: progressPath)
            #expect(badFile.status == .unprocessableEntity)
            var intruder = try await BrowserSession.signedIn("kinhte", on: app)
            #expect(try await intruder.submitMultipart(fields: [("percent", "10"), ("version", "1")], to: progressPath).status == .forbidden)
            let done = try await counter.submitMultipart(fields: [("percent", "100"), ("note", "Đã niêm yết 44 thủ tục."), ("done", "1"), ("version", "1")],
                                                         files: [(field: "evidence", name: "bien-ban.pdf", type: "application/pdf", bytes: Self.pdf)], to: progressPath)
            #expect(done.status == .seeOther)

            let page = try await tinh.get(CommuneWorkURL.directives.path).body.string
            let firstRow = try #require(page.range(of: "data-directive=\"\(try directives[0].requireID().uuidString)\"")).upperBound
            #expect(page[firstRow...].prefix(600).contains("Hoàn thành"))
            let secondRow = try #require(page.range(of: "data-directive=\"\(try directives[1].requireID().uuidString)\"")).upperBound
            #expect(page[secondRow...].prefix(600).contains("Đang thực hiện"))

            var otherLeader = try await BrowserSession.signedIn("lanhdao.vangiang", on: app)
            #expect(!(try await otherLeader.get(CommuneWorkURL.directives.path).body.string.contains("Niêm yết đầy đủ thủ tục")))
            let evidence = try #require(try await WorkTaskEvidence.query(on: app.db).filter(\.$task.$id == task.requireID()).first())
            #expect(try await leader.get(CommuneWorkURL.evidence(.value(try task.requireID()), .value(try evidence.requireID())).path).status == .ok)
        }
    }

    @Test("the demo holds the inspection of Phụng Công on 11/7/2025 with directives done, in progress and late")
    func demoInspection() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            let commune = try await phungCong(app)
            let inspection = try #require(try await Inspection.query(on: app.db).filter(\.$commune.$id == commune.requireID()).filter(\.$visitedOn == "2025-07-11").first())
            #expect(inspection.inspector.contains("Nguyễn Quang Hưng"))
            let directives = try await Directive.query(on: app.db).filter(\.$inspection.$id == inspection.requireID()).all()
            let tasks = try await WorkTask.query(on: app.db).filter(\.$commune.$id == commune.requireID()).all()
            let today = CivilDate(year: 2026, month: 9, day: 3)!
            let progress = Set(directives.map { directive in DirectiveProgress.of(directive, tasks: tasks.filter { $0.$directive.id == directive.id }, today: today) })
            #expect(progress.isSuperset(of: [.done, .inProgress, .late]))
        }
    }
}

@Suite("Commune events: solar and lunar dates, preparation under the six clears, iCalendar")
struct CommuneEventPageTests {
    static let morning = CommuneWorkPageTests.morning

    @Test("Mid-Autumn shows on its lunar date with its checklist due in working days; a lunar 30th in a short month moves and says so")
    func lunarEvents() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let page = try await leader.get(CommuneWorkURL.events.path).body.string
            // Mid-Autumn 2026 is 25/9 (15/8 Bính Ngọ); its gifts are due 5 working days before: 18/9.
            let midAutumn = try #require(page.range(of: "data-date=\"2026-09-25\"")).upperBound
            let card = page[midAutumn...].prefix(3000)
            #expect(card.contains("Tết Trung thu cho trẻ em") && card.contains("15/8 năm Bính Ngọ"))
            #expect(card.contains("18/09/2026"))
            #expect(page.contains("data-date=\"2026-09-05\""))

            let culture = try #require(try await Department.query(on: app.db).filter(\.$kind == .cultureAndSociety)
                .join(Commune.self, on: \Department.$commune.$id == \Commune.$id).filter(Commune.self, \.$slug == DemoCommune.phungCong).first())
            let year = try #require((2026...2060).first { LunarCalendar.daysInLunarMonth(12, ofLunarYear: $0) == 29 })
            let bad = try await leader.submit(form: ["title": "Tất niên", "kind": "lunar", "day": "31", "month": "12", "departmentID": try culture.requireID().uuidString], to: CommuneWorkURL.events.path)
            #expect(bad.status == .unprocessableEntity)
            #expect(try await leader.submit(form: ["title": "Tất niên", "kind": "lunar", "day": "30", "month": "12", "departmentID": try culture.requireID().uuidString], to: CommuneWorkURL.events.path).status == .seeOther)
            let later = CivilDate(year: year + 1, month: 1, day: 1)!
            let moved = try #require(EventDateRule.everyLunarYear(month: 12, day: 30).occurrences(from: later, through: CivilDate(year: year + 1, month: 12, day: 31)!).first)
            #expect(moved.note != nil)
            if year <= 2026 {
                #expect((try await leader.get(CommuneWorkURL.events.path).body.string).contains("chỉ có 29 ngày"))
            }
        }
    }

    @Test("a checklist item lacking a clear is refused; one done for an occurrence counts in the readiness; the iCalendar file reads back")
    func checklistAndCalendarFile() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let event = try #require(try await CommuneEvent.query(on: app.db).filter(\.$title == "Khai giảng năm học mới").first())
            let officer = try #require(try await Officer.query(on: app.db).filter(\.$username == "truongphong").first())
            let path = CommuneWorkURL.eventChecklist(.value(try event.requireID())).path
            let missing = try await leader.submit(form: ["title": "In giấy mời", "assigneeID": try officer.requireID().uuidString, "workingDaysBefore": "2", "deliverable": "", "evidenceRequired": "", "approvingAuthority": "Chủ tịch"], to: path)
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("rõ sản phẩm"))
            #expect(try await leader.submit(form: ["title": "In giấy mời", "assigneeID": try officer.requireID().uuidString, "workingDaysBefore": "2", "deliverable": "Giấy mời", "evidenceRequired": "Danh sách gửi", "approvingAuthority": "Chủ tịch UBND xã"], to: path).status == .seeOther)
            let item = try #require(try await EventChecklistItem.query(on: app.db).filter(\.$title == "In giấy mời").first())
            let done = CommuneWorkURL.checklistDone(.value(try item.requireID())).path
            #expect(try await leader.submit(form: [:], to: done + "?dip=2026-09-06").status == .unprocessableEntity, "not an occurrence")
            #expect(try await leader.submit(form: [:], to: done + "?dip=2026-09-05").status == .seeOther)
            #expect(try await leader.submit(form: [:], to: done + "?dip=2026-09-05").status == .conflict)
            let page = try await leader.get(CommuneWorkURL.events.path).body.string
            let card = page[try #require(page.range(of: "data-date=\"2026-09-05\"")).upperBound...].prefix(3000)
            #expect(card.contains("1/2 việc chuẩn bị xong"))

            let file = try await leader.get(CommuneWorkURL.eventsCalendarFile.path)
            #expect(file.headers.first(name: .contentType)?.hasPrefix("text/calendar") == true)
            let unfolded = file.body.string.replacingOccurrences(of: "\r\n ", with: "")
            let lines = unfolded.components(separatedBy: "\r\n")
            #expect(lines.first == "BEGIN:VCALENDAR")
            #expect(lines.contains("SUMMARY:Khai giảng năm học mới"))
            #expect(lines.contains("DTSTART;VALUE=DATE:20260905"))
            #expect(lines.contains("SUMMARY:Tết Trung thu cho trẻ em"))
            #expect(lines.contains("DTSTART;VALUE=DATE:20260925"))
            // "In giấy mời", due 2 working days before Saturday 5/9: Thursday 3/9 (Friday 4/9 and Thursday 3/9 are working days).
            #expect(lines.contains { $0.hasPrefix("SUMMARY:Hạn chuẩn bị: In giấy mời") })
            #expect(file.body.string.components(separatedBy: "BEGIN:VEVENT").count == file.body.string.components(separatedBy: "END:VEVENT").count)
        }
    }
}

@Suite("Reminders of tasks and directives on the officer's home page")
struct WorkReminderTests {
    @Test("the assignee sees an overdue task, the leader a late directive; other officers see neither")
    func reminders() async throws {
        try await withTestApp(clock: .fixed(CommuneWorkPageTests.morning)) { app in
            var economy = try await BrowserSession.signedIn("kinhte", on: app)
            let own = try await economy.get(SiteURL.workspace.path).body.string
            #expect(own.contains("Sắp đến hạn và quá hạn"))
            #expect(own.contains("Rà soát, lập danh mục tài sản công sau hợp nhất và giao đơn vị quản lý"))
            #expect(own.contains("Quá hạn"))
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let leaders = try await leader.get(SiteURL.workspace.path).body.string
            #expect(leaders.contains("Chỉ đạo của tỉnh") && leaders.contains("Rà soát trụ sở, trang thiết bị"))
            #expect(!leaders.contains("Công khai số điện thoại trực ban"), "a directive done is not a reminder")
            var counter = try await BrowserSession.signedIn("tiepnhan", on: app)
            // The counter officer has no task or directive; only the demo course they must attend next week.
            let counterHome = try await counter.get(SiteURL.workspace.path).body.string
            #expect(!counterHome.contains("Nhiệm vụ của tôi") && !counterHome.contains("Chỉ đạo của tỉnh") && counterHome.contains("Bồi dưỡng phải tham dự"))
        }
    }
}

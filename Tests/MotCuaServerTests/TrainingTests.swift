import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Training: courses of the province and of a commune, who must attend, attendance, results and coverage")
struct TrainingTests {
    /// Thursday 3/12/2026, 09:00 in Vietnam.
    static let morning = LocalDateTime(date: CivilDate(year: 2026, month: 12, day: 3)!, hour: 9)!.instant

    func communeID(_ slug: String, _ app: Application) async throws -> UUID {
        try #require(try await Commune.query(on: app.db).filter(\.$slug == slug).first()?.requireID())
    }

    func officer(_ username: String, _ app: Application) async throws -> Officer {
        try #require(try await Officer.query(on: app.db).filter(\.$username == username).first())
    }

    /// The urlencoded repetition of an array field, as a browser sends checked boxes.
    func array(_ name: String, _ values: [String]) -> String {
        values.map { "&" + name + "%5B%5D=" + $0 }.joined()
    }

    func courseFields(_ title: String, start: String = "2026-12-14", end: String = "2026-12-15") -> [String: String] {
        ["title": title, "organiser": "Văn phòng UBND tỉnh", "topic": "Vận hành Trung tâm Phục vụ hành chính công", "place": "Hội trường UBND tỉnh",
         "startsOn": start, "endsOn": end]
    }

    func course(_ title: String, _ app: Application) async throws -> TrainingCourse {
        try #require(try await TrainingCourse.query(on: app.db).filter(\.$title == title).first())
    }

    @Test("the province requires the specialists of two communes; each commune sees the course and only its own attendees; a third does not")
    func provinceCourseTenancy() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            // setup
            let phungCong = try await communeID(DemoCommune.phungCong, app)
            let vanGiang = try await communeID(DemoCommune.vanGiang, app)
            var tinh = try await BrowserSession.signedIn("tinh", on: app)
            // MUT
            let created = try await tinh.submit(form: courseFields("Tập huấn số hoá hồ sơ"), to: CommuneWorkURL.trainings.path,
                                                extraBody: array("communeIDs", [phungCong.uuidString, vanGiang.uuidString]) + array("roles", ["specialist"]))
            // validate
            #expect(created.status == .seeOther)
            let course = try await course("Tập huấn số hoá hồ sơ", app)
            #expect(course.$organiserCommune.id == nil)
            let attendees = try await TrainingAttendee.query(on: app.db).filter(\.$course.$id == course.requireID()).with(\.$officer).all()
            #expect(Set(attendees.map(\.officer.username)) == ["chuyenvien", "kinhte", "congan", "chuyenvien.vangiang"])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "training.create").count() == 1)

            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let page = try await leader.get(CommuneWorkURL.training(.value(try course.requireID())).path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Phạm Thu Trang") && page.body.string.contains("Vũ Văn Bình"))
            #expect(!page.body.string.contains("Ngô Thị Hạnh"), "another commune's attendee is not shown")
            #expect(try await leader.get(CommuneWorkURL.trainings.path).body.string.contains("Tập huấn số hoá hồ sơ"))

            var otherLeader = try await BrowserSession.signedIn("lanhdao.nghiatru", on: app)
            #expect(try await otherLeader.get(CommuneWorkURL.training(.value(try course.requireID())).path).status == .notFound)
            #expect(!(try await otherLeader.get(CommuneWorkURL.trainings.path).body.string.contains("Tập huấn số hoá hồ sơ")))

            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            let mine = try await specialist.get(CommuneWorkURL.officerTrainings(.value(try officer("chuyenvien", app).requireID())).path)
            #expect(mine.status == .ok)
            #expect(mine.body.string.contains("Tập huấn số hoá hồ sơ") && mine.body.string.contains("Phải tham dự"))
            #expect(try await specialist.get(CommuneWorkURL.myTrainings.path).status == .seeOther)
        }
    }

    @Test("bad input is refused with a Vietnamese message and nothing is saved")
    func refusedCourses() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            let phungCong = try await communeID(DemoCommune.phungCong, app)
            let before = try await TrainingCourse.query(on: app.db).count()
            var tinh = try await BrowserSession.signedIn("tinh", on: app)
            var noTitle = courseFields("", start: "2026-12-15", end: "2026-12-14")
            noTitle["place"] = ""
            let refused = try await tinh.submit(form: noTitle, to: CommuneWorkURL.trainings.path, extraBody: array("communeIDs", [phungCong.uuidString]) + array("roles", ["specialist"]))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Cần tên khoá bồi dưỡng") && refused.body.string.contains("trước ngày bắt đầu") && refused.body.string.contains("Cần ghi địa điểm"))
            let nobody = try await tinh.submit(form: courseFields("Không ai học"), to: CommuneWorkURL.trainings.path)
            #expect(nobody.status == .unprocessableEntity)
            #expect(nobody.body.string.contains("Cần chọn ít nhất một xã"))

            // A commune names only its own officers.
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let foreign = try await leader.submit(form: courseFields("Khoá của xã"), to: CommuneWorkURL.trainings.path,
                                                  extraBody: array("officerIDs", [try officer("chuyenvien.vangiang", app).requireID().uuidString]))
            #expect(foreign.status == .unprocessableEntity)
            #expect(foreign.body.string.contains(Officer.notInCommuneMessage))
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            #expect(try await specialist.submit(form: courseFields("Khoá của chuyên viên"), to: CommuneWorkURL.trainings.path, extraBody: array("roles", ["specialist"])).status == .forbidden)
            #expect(try await TrainingCourse.query(on: app.db).count() == before)
        }
    }

    @Test("a commune's own course; the leader records attendance and results; wrong combinations are refused whole; results show on the officer's pages")
    func communeCourseResults() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let created = try await leader.submit(form: courseFields("Kỹ năng giao tiếp tại quầy", start: "2026-12-01", end: "2026-12-02"), to: CommuneWorkURL.trainings.path,
                                                  extraBody: array("roles", ["counter_officer"]) + array("officerIDs", [try officer("chuyenvien", app).requireID().uuidString]))
            #expect(created.status == .seeOther)
            let course = try await course("Kỹ năng giao tiếp tại quầy", app)
            #expect(course.$organiserCommune.id == (try await communeID(DemoCommune.phungCong, app)))
            let attendees = try await TrainingAttendee.query(on: app.db).filter(\.$course.$id == course.requireID()).with(\.$officer).all()
            #expect(Set(attendees.map(\.officer.username)) == ["tiepnhan", "chuyenvien"])
            let clerk = try #require(attendees.first { $0.officer.username == "tiepnhan" })
            let specialist = try #require(attendees.first { $0.officer.username == "chuyenvien" })
            let path = CommuneWorkURL.trainingResults(.value(try course.requireID())).path
            let clerkID = try clerk.requireID().uuidString
            let specialistID = try specialist.requireID().uuidString

            // An absent officer cannot pass; a certificate needs a pass: nothing of the form is saved.
            let wrong = try await leader.submit(form: ["attendance_\(clerkID)": "present", "result_\(clerkID)": "passed", "certificate_\(clerkID)": "CC-01",
                                                       "attendance_\(specialistID)": "absent", "result_\(specialistID)": "passed"], to: path)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("chỉ ghi kết quả đạt hoặc không đạt cho người có mặt"))
            #expect(try await TrainingAttendee.find(clerk.id, on: app.db)?.attendance == .pending)

            let saved = try await leader.submit(form: ["attendance_\(clerkID)": "present", "result_\(clerkID)": "passed", "score_\(clerkID)": "8,5", "certificate_\(clerkID)": "CC-01",
                                                       "attendance_\(specialistID)": "excused", "result_\(specialistID)": "pending"], to: path)
            #expect(saved.status == .seeOther)
            let stored = try #require(try await TrainingAttendee.find(clerk.id, on: app.db))
            #expect(stored.attendance == .present && stored.result == .passed && stored.certificateNumber == "CC-01" && stored.recordedBy == "lanhdao")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "training.record").count() == 2)

            // A specialist may not record; another commune's leader does not even see the course.
            var clerkSession = try await BrowserSession.signedIn("tiepnhan", on: app)
            #expect(try await clerkSession.submit(form: ["attendance_\(clerkID)": "absent"], to: path).status == .forbidden)
            var otherLeader = try await BrowserSession.signedIn("lanhdao.vangiang", on: app)
            #expect(try await otherLeader.submit(form: ["attendance_\(clerkID)": "absent"], to: path).status == .notFound)
            #expect(try await TrainingAttendee.find(clerk.id, on: app.db)?.attendance == .present)

            // The officer's own page: done, with the certificate; the specialist's is still due (excused, course ended).
            let clerkPage = try await clerkSession.get(CommuneWorkURL.officerTrainings(.value(clerk.$officer.id)).path)
            #expect(clerkPage.body.string.contains("dao-tao-da-xong") && clerkPage.body.string.contains("CC-01"))
            #expect(try await clerkSession.get(CommuneWorkURL.officerTrainings(.value(specialist.$officer.id)).path).status == .forbidden)
            let specialistPage = try await leader.get(CommuneWorkURL.officerTrainings(.value(specialist.$officer.id)).path)
            #expect(specialistPage.body.string.contains("Còn nợ"))
            // And the officer's admin page.
            var admin = try await BrowserSession.signedIn("admin", on: app)
            let adminPage = try await admin.get(SiteURL.officer(.value(clerk.$officer.id)).path)
            #expect(adminPage.status == .ok && adminPage.body.string.contains("Kỹ năng giao tiếp tại quầy") && adminPage.body.string.contains("CC-01"))
            #expect(try await otherLeader.get(CommuneWorkURL.officerTrainings(.value(clerk.$officer.id)).path).status == .notFound)
        }
    }

    @Test("the organiser adds attendees later, without repeating those already named")
    func addAttendees() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            let phungCong = try await communeID(DemoCommune.phungCong, app)
            var tinh = try await BrowserSession.signedIn("tinh", on: app)
            _ = try await tinh.submit(form: courseFields("Bồi dưỡng lãnh đạo xã"), to: CommuneWorkURL.trainings.path,
                                      extraBody: array("communeIDs", [phungCong.uuidString]) + array("roles", ["commune_leader"]))
            let course = try await course("Bồi dưỡng lãnh đạo xã", app)
            let path = CommuneWorkURL.trainingAttendees(.value(try course.requireID())).path
            let again = try await tinh.submit(form: [:], to: path, extraBody: array("communeIDs", [phungCong.uuidString]) + array("roles", ["commune_leader"]))
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.string.contains("không được thêm lại"))
            let more = try await tinh.submit(form: [:], to: path, extraBody: array("communeIDs", [phungCong.uuidString]) + array("departmentKinds", ["police"]))
            #expect(more.status == .seeOther)
            #expect(try await TrainingAttendee.query(on: app.db).filter(\.$course.$id == course.requireID()).count() == 2)
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            #expect(try await leader.submit(form: [:], to: path, extraBody: array("roles", ["specialist"])).status == .forbidden, "only the organiser adds attendees")
        }
    }

    @Test("a course starting within five working days appears on the home page of those who must attend it, not of others")
    func homePageReminder() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            // The demo's course of Phụng Công starts a week after the seed, on Thursday 10/12/2026.
            var clerk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let home = try await clerk.get(SiteURL.workspace.path).body.string
            #expect(home.contains("Bồi dưỡng phải tham dự") && home.contains("Bồi dưỡng kỹ năng tiếp nhận hồ sơ và số hoá") && home.contains("Bắt đầu 10/12/2026"))
            var police = try await BrowserSession.signedIn("congan", on: app)
            #expect(!(try await police.get(SiteURL.workspace.path).body.string.contains("Bồi dưỡng kỹ năng tiếp nhận hồ sơ")))
        }
    }

    @Test("coverage: the province sees every commune, a commune only its own; the demo course covers Phụng Công and Văn Giang")
    func coverage() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var tinh = try await BrowserSession.signedIn("tinh", on: app)
            let province = try await tinh.get(CommuneWorkURL.trainingCoverage.path)
            #expect(province.status == .ok)
            let html = province.body.string
            #expect(html.contains("Tập huấn vận hành mô hình chính quyền địa phương hai cấp"))
            #expect(html.contains("Xã Phụng Công") && html.contains("Xã Văn Giang"))
            var leader = try await BrowserSession.signedIn("lanhdao.vangiang", on: app)
            let own = try await leader.get(CommuneWorkURL.trainingCoverage.path).body.string
            #expect(own.contains("Xã Văn Giang") && !own.contains("Xã Phụng Công"))
            // Phụng Công in the demo: 7 officers required, the police officer excused, the economist not passed.
            let csv = try await tinh.get(CommuneWorkURL.workReportExport(.value("dao-tao.csv")).path).body.string
            #expect(csv.contains("Tập huấn vận hành mô hình chính quyền địa phương hai cấp,Xã Phụng Công,7,6,5,\"85,7 %\",\"71,4 %\""))
        }
    }
}

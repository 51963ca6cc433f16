import Fluent
import Foundation
import MotCuaCore

/// The inspection of xã Phụng Công on 11/7/2025 (../shared/data/seed-article-phung-cong.txt) with its directives,
/// and the commune's plans that carry them out: some done, some in progress, some late.
enum CommuneWorkDemo {
    static let inspectionDay = CivilDate(year: 2025, month: 7, day: 11)!

    static func seed(phungCongSlug: String, now: Date, calendar: WorkingDayCalendar, on db: any Database) async throws {
        guard let commune = try await Commune.query(on: db).filter(\.$slug == phungCongSlug).first(), let today = LocalDateTime(now)?.date else { return }
        let communeID = try commune.requireID()
        let units = try await Department.query(on: db).filter(\.$commune.$id == communeID).all()
        let officers = try await Officer.query(on: db).filter(\.$commune.$id == communeID).all()
        func unit(_ kind: DepartmentKind) throws -> UUID { try (units.first { $0.kind == kind } ?? units[0]).requireID() }
        func officer(_ username: String) throws -> UUID { try (officers.first { $0.username == username } ?? officers[0]).requireID() }

        let inspection = Inspection()
        inspection.$commune.id = communeID
        inspection.visitedOn = inspectionDay.isoString
        inspection.inspector = "Đồng chí Nguyễn Quang Hưng, Uỷ viên Ban Thường vụ Tỉnh uỷ, Phó Chủ tịch Thường trực UBND tỉnh, và đoàn công tác"
        inspection.scope = "Tình hình vận hành mô hình chính quyền địa phương hai cấp; hoạt động của Trung tâm Phục vụ hành chính công; kết quả vận hành từ ngày 1/7"
        inspection.findings = "Cán bộ, công chức làm việc với tinh thần khẩn trương và trách nhiệm. Cơ sở vật chất của Trung tâm cơ bản đáp ứng để phục vụ người dân và doanh nghiệp."
        inspection.recordedBy = "tinh"
        try await inspection.create(on: db)

        // The current half-year, so that work still in progress is within its plan whenever the demo runs.
        let currentStart = CivilDate(year: today.year, month: today.month <= 6 ? 1 : 7, day: 1)!
        let currentEnd = CivilDate(year: today.year, month: today.month <= 6 ? 6 : 12, day: today.month <= 6 ? 30 : 31)!
        let laterDue = calendar.workingDay(0, workingDaysBefore: min(today.adding(days: 25) ?? currentEnd, currentEnd)) ?? currentEnd

        let pastPlan = try await plan("Kế hoạch công tác 6 tháng cuối năm 2025 theo phương châm “6 rõ”", start: CivilDate(year: 2025, month: 7, day: 1)!,
                                      end: CivilDate(year: 2025, month: 12, day: 31)!, communeID: communeID, on: db)
        let currentPlan = currentStart == pastPlan.start ? pastPlan
            : try await plan("Kế hoạch công tác \(today.month <= 6 ? "6 tháng đầu" : "6 tháng cuối") năm \(today.year)", start: currentStart, end: currentEnd, communeID: communeID, on: db)

        struct Story {
            let directive: String
            let due: CivilDate
            let task: String
            let assignee: String
            let unit: DepartmentKind
            let deliverable: String
            let evidence: String
            let progress: Int
            let completed: CivilDate?
            let isCurrent: Bool
        }
        let stories = [
            Story(directive: "Rà soát và xây dựng kế hoạch làm việc cụ thể cho 6 tháng cuối năm theo phương châm “6 rõ”.", due: CivilDate(year: 2025, month: 7, day: 31)!,
                  task: "Xây dựng, trình phê duyệt kế hoạch công tác 6 tháng cuối năm 2025", assignee: "truongphong", unit: .officeOfCouncilAndCommittee,
                  deliverable: "Kế hoạch được phê duyệt", evidence: "Quyết định phê duyệt kế hoạch", progress: 100, completed: CivilDate(year: 2025, month: 7, day: 25), isCurrent: false),
            Story(directive: "Phòng Văn hoá – Xã hội tổ chức tốt Ngày Thương binh – Liệt sỹ 27/7, Quốc khánh 2/9, khai giảng năm học mới và Trung thu cho trẻ em.", due: CivilDate(year: 2025, month: 10, day: 6)!,
                  task: "Tổ chức các hoạt động kỷ niệm 27/7, 2/9, khai giảng và Trung thu", assignee: "chuyenvien", unit: .cultureAndSociety,
                  deliverable: "Các sự kiện được tổ chức", evidence: "Báo cáo kết quả kèm ảnh", progress: 100, completed: CivilDate(year: 2025, month: 10, day: 3), isCurrent: false),
            Story(directive: "Công khai số điện thoại trực ban của Công an xã để người dân liên hệ khi cần.", due: CivilDate(year: 2025, month: 7, day: 18)!,
                  task: "Công khai số trực ban trên trang của xã và bảng tin các thôn", assignee: "congan", unit: .police,
                  deliverable: "Số trực ban được công khai", evidence: "Ảnh thông báo tại nhà văn hoá thôn", progress: 100, completed: CivilDate(year: 2025, month: 7, day: 15), isCurrent: false),
            Story(directive: "Sớm hoàn thiện các thủ tục dự toán ngân sách, bảo đảm kinh phí vận hành của địa phương.", due: CivilDate(year: 2025, month: 8, day: 29)!,
                  task: "Hoàn thiện, trình dự toán ngân sách xã năm 2025 sau sắp xếp", assignee: "truongphong", unit: .officeOfCouncilAndCommittee,
                  deliverable: "Dự toán được giao", evidence: "Nghị quyết HĐND xã về dự toán", progress: 100, completed: CivilDate(year: 2025, month: 9, day: 19), isCurrent: false),
            Story(directive: "Rà soát trụ sở, trang thiết bị để phân rõ đơn vị quản lý, khai thác hiệu quả tài sản công.", due: CivilDate(year: 2025, month: 9, day: 30)!,
                  task: "Rà soát, lập danh mục tài sản công sau hợp nhất và giao đơn vị quản lý", assignee: "kinhte", unit: .economy,
                  deliverable: "Danh mục tài sản có đơn vị quản lý", evidence: "Biên bản rà soát tài sản", progress: 40, completed: nil, isCurrent: false),
            Story(directive: "Phòng Kinh tế tập trung làm tốt công tác giải phóng mặt bằng, thu hút đầu tư và nguồn thu ngân sách.", due: laterDue,
                  task: "Đẩy nhanh giải phóng mặt bằng các dự án trọng điểm và tăng thu ngân sách", assignee: "kinhte", unit: .economy,
                  deliverable: "Mặt bằng bàn giao, số thu đạt dự toán", evidence: "Biên bản bàn giao đất, báo cáo thu ngân sách", progress: 60, completed: nil, isCurrent: true),
            Story(directive: "Bảo đảm cung cấp đầy đủ dịch vụ công ích: thu gom rác thải, chiếu sáng công cộng.", due: laterDue,
                  task: "Công bố lịch thu gom rác và xử lý phản ánh về chiếu sáng đúng hạn", assignee: "kinhte", unit: .economy,
                  deliverable: "Lịch thu gom công khai, phản ánh được xử lý", evidence: "Báo cáo phản ánh sự cố", progress: 50, completed: nil, isCurrent: true),
        ]
        try await seedEvents(communeID: communeID, culture: try unit(.cultureAndSociety), assignee: try officer("chuyenvien"), on: db)
        for story in stories {
            let directive = Directive()
            directive.$commune.id = communeID
            directive.$inspection.id = try inspection.requireID()
            directive.content = story.directive
            directive.dueDate = story.due.isoString
            try await directive.create(on: db)
            let task = WorkTask()
            task.$commune.id = communeID
            task.$plan.id = try (story.isCurrent ? currentPlan : pastPlan).requireID()
            task.$assignee.id = try officer(story.assignee)
            task.$leadDepartment.id = try unit(story.unit)
            task.$directive.id = try directive.requireID()
            task.title = story.task
            task.dueDate = story.due.isoString
            task.coordinatingUnits = story.unit == .officeOfCouncilAndCommittee ? "" : "Văn phòng HĐND–UBND"
            task.deliverable = story.deliverable
            task.evidenceRequired = story.evidence
            task.approvingAuthority = "Chủ tịch UBND xã"
            task.progressPercent = story.progress
            task.progressNote = story.completed == nil ? "Đang triển khai theo kế hoạch." : "Đã hoàn thành."
            task.completedOn = story.completed?.isoString
            task.version = 1
            try await task.create(on: db)
        }
    }

    /// The events the inspection named: 27/7, 2/9, the school-year opening on 5/9 and Mid-Autumn on 15/8 lunar.
    static func seedEvents(communeID: UUID, culture: UUID, assignee: UUID, on db: any Database) async throws {
        let events: [(String, String, CommuneEvent.RuleKind, Int, Int, [(String, Int, String)])] = [
            ("Ngày Thương binh – Liệt sỹ", "Nghĩa trang liệt sỹ xã", .solar, 7, 27, [("Thăm, tặng quà gia đình chính sách", 5, "Danh sách, biên bản trao quà"), ("Dọn dẹp nghĩa trang liệt sỹ", 2, "Ảnh hiện trường")]),
            ("Lễ kỷ niệm Quốc khánh 2/9", "Hội trường UBND xã", .solar, 9, 2, [("Treo cờ, băng rôn tuyên truyền", 3, "Ảnh các tuyến đường")]),
            ("Khai giảng năm học mới", "Các trường trên địa bàn xã", .solar, 9, 5, [("Kiểm tra cơ sở vật chất các trường", 10, "Biên bản kiểm tra")]),
            ("Tết Trung thu cho trẻ em", "Nhà văn hoá các thôn", .lunar, 8, 15, [("Chuẩn bị quà Trung thu cho trẻ em", 5, "Danh sách nhận quà")]),
        ]
        for (title, place, kind, month, day, checklist) in events {
            let event = CommuneEvent()
            event.$commune.id = communeID
            event.$department.id = culture
            event.title = title
            event.place = place
            event.ruleKind = kind
            event.month = month
            event.day = day
            event.createdBy = "truongphong"
            event.isPublic = true
            try await event.create(on: db)
            for (task, days, evidence) in checklist {
                let item = EventChecklistItem()
                item.$commune.id = communeID
                item.$event.id = try event.requireID()
                item.$assignee.id = assignee
                item.title = task
                item.workingDaysBefore = days
                item.deliverable = task
                item.evidenceRequired = evidence
                item.approvingAuthority = "Chủ tịch UBND xã"
                try await item.create(on: db)
            }
        }
    }

    private static func plan(_ title: String, start: CivilDate, end: CivilDate, communeID: UUID, on db: any Database) async throws -> WorkPlan {
        let plan = WorkPlan()
        plan.$commune.id = communeID
        plan.title = title
        plan.periodStart = start.isoString
        plan.periodEnd = end.isoString
        plan.status = .approved
        plan.createdBy = "truongphong"
        plan.decidedBy = "lanhdao"
        plan.decidedAt = LocalDateTime(date: start, hour: 9)?.instant
        try await plan.create(on: db)
        return plan
    }
}

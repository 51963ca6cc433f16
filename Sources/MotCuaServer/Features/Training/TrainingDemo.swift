import Fluent
import Foundation
import MotCuaCore

/// Demo training: the province's course on running the two-tier local government (Phụng Công and Văn Giang, with
/// attendance and results), an upcoming province course for land officers, and a course of Phụng Công itself; and the
/// contacts that let the reminder job write to the outbox for Phụng Công's officers.
enum TrainingDemo {
    static func seed(phungCongSlug: String, now: Date, on db: any Database) async throws {
        guard let phungCong = try await Commune.query(on: db).filter(\.$slug == phungCongSlug).first(),
              let vanGiang = try await Commune.query(on: db).filter(\.$slug == "van-giang").first(),
              let today = LocalDateTime(now)?.date else { return }
        let provinceID = phungCong.$province.id
        let phungCongID = try phungCong.requireID()
        let vanGiangID = try vanGiang.requireID()
        let officers = try await Officer.query(on: db).filter(\.$commune.$id ~~ [phungCongID, vanGiangID]).with(\.$department).all()

        // Contacts of Phụng Công's officers (demo values), so that reminders reach them through the outbox.
        let contacts: [String: (String, String)] = [
            "lanhdao": ("lanhdao@phungcong.hungyen.gov.vn", "0912345601"), "truongphong": ("truongphong@phungcong.hungyen.gov.vn", "0912345602"),
            "chuyenvien": ("chuyenvien@phungcong.hungyen.gov.vn", "0912345603"), "kinhte": ("kinhte@phungcong.hungyen.gov.vn", "0912345604"),
            "congan": ("congan@phungcong.hungyen.gov.vn", "0912345605"),
        ]
        for officer in officers where contacts[officer.username] != nil {
            officer.email = contacts[officer.username]?.0
            officer.phone = contacts[officer.username]?.1
            try await officer.save(on: db)
        }

        let twoTier = try await course(
            "Tập huấn vận hành mô hình chính quyền địa phương hai cấp", organiser: "Văn phòng UBND tỉnh",
            topic: "Chức năng, nhiệm vụ của chính quyền cấp xã sau sắp xếp; vận hành Trung tâm Phục vụ hành chính công xã theo Nghị định 118/2025/NĐ-CP; phối hợp giữa các phòng chuyên môn.",
            place: "Hội trường UBND tỉnh Hưng Yên", start: CivilDate(year: 2025, month: 7, day: 24)!, end: CivilDate(year: 2025, month: 7, day: 25)!,
            communeID: nil, provinceID: provinceID, on: db)
        // Results as the organiser reported them: most passed; in Phụng Công one absent with leave, one not passed.
        let outcomes: [String: (TrainingAttendance, TrainingResult, String)] = [
            "congan": (.excused, .pending, "Trực bảo vệ sự kiện của xã"),
            "kinhte": (.present, .notPassed, "Bài thu hoạch chưa đạt, học lại khoá sau"),
            "chuyenvien.vangiang": (.present, .notPassed, "Vắng buổi thứ hai"),
        ]
        var certificate = 1
        for officer in officers {
            guard let id = officer.id, let communeID = officer.$commune.id else { continue }
            let attendee = TrainingController.makeAttendee(courseID: try twoTier.requireID(), officerID: id, communeID: communeID, reason: "Theo chức danh: \(officer.roles.sorted().first?.vietnameseName ?? "")")
            let (attendance, result, remark) = outcomes[officer.username] ?? (.present, .passed, "Khá")
            attendee.attendance = attendance
            attendee.result = result
            attendee.score = remark
            if result == .passed {
                attendee.certificateNumber = String(format: "TH-2025/%03d", certificate)
                certificate += 1
            }
            attendee.recordedBy = "tinh"
            attendee.recordedAt = LocalDateTime(date: CivilDate(year: 2025, month: 7, day: 28)!, hour: 10)?.instant
            try await attendee.create(on: db)
        }

        let soon = today.adding(days: 14) ?? today
        let land = try await course(
            "Bồi dưỡng nghiệp vụ quản lý đất đai và giải phóng mặt bằng cấp xã", organiser: "Sở Nông nghiệp và Môi trường, Văn phòng UBND tỉnh",
            topic: "Giao đất, cho thuê đất, chuyển mục đích sử dụng đất ở cấp xã; bồi thường, hỗ trợ, tái định cư.",
            place: "Trường Chính trị tỉnh Hưng Yên", start: soon, end: soon.adding(days: 1) ?? soon, communeID: nil, provinceID: provinceID, on: db)
        for officer in officers where officer.department?.kind == .economy || officer.roles.contains(.communeLeader) {
            guard let id = officer.id, let communeID = officer.$commune.id else { continue }
            try await TrainingController.makeAttendee(courseID: try land.requireID(), officerID: id, communeID: communeID,
                                                      reason: officer.roles.contains(.communeLeader) ? "Theo chức danh: Lãnh đạo UBND xã" : "Theo đơn vị").create(on: db)
        }

        let own = today.adding(days: 7) ?? today
        let desk = try await course(
            "Bồi dưỡng kỹ năng tiếp nhận hồ sơ và số hoá tại Bộ phận một cửa", organiser: "UBND xã Phụng Công",
            topic: "Kiểm tra thành phần hồ sơ, số hoá giấy tờ, phiếu kiểm soát quá trình giải quyết; giao tiếp với người dân.",
            place: "Hội trường UBND xã Phụng Công", start: own, end: own, communeID: phungCongID, provinceID: provinceID, on: db)
        for officer in officers where officer.$commune.id == phungCongID && (officer.roles.contains(.counterOfficer) || officer.username == "chuyenvien") {
            guard let id = officer.id else { continue }
            try await TrainingController.makeAttendee(courseID: try desk.requireID(), officerID: id, communeID: phungCongID,
                                                      reason: officer.roles.contains(.counterOfficer) ? "Theo chức danh: Cán bộ tiếp nhận, trả kết quả" : "Được chỉ định").create(on: db)
        }
    }

    private static func course(_ title: String, organiser: String, topic: String, place: String, start: CivilDate, end: CivilDate,
                               communeID: UUID?, provinceID: UUID, on db: any Database) async throws -> TrainingCourse {
        let course = TrainingCourse()
        course.$province.id = provinceID
        course.$organiserCommune.id = communeID
        course.title = title
        course.organiser = organiser
        course.topic = topic
        course.place = place
        course.startsOn = start.isoString
        course.endsOn = end.isoString
        course.createdBy = communeID == nil ? "tinh" : "lanhdao"
        try await course.create(on: db)
        return course
    }
}

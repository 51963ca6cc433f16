import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The demo province: Hưng Yên with five communes, xã Phụng Công first, and one demo account per role there.
///
/// Agency identifiers and web domains here are demo values in the official shape, not the province's real registry.
enum DemoData {
    static let password = "motcua-demo"

    struct Account {
        let username: String
        let fullName: String
        let jobTitle: String
        let role: Role
        /// The kind of the department the account works in, if any.
        let departmentKind: DepartmentKind?
        let worksForProvince: Bool
    }

    /// The demo accounts of xã Phụng Công and of the province office, listed on the sign-in page in development.
    static let accounts: [Account] = [
        Account(username: "admin", fullName: "Trần Minh Quân", jobTitle: "Quản trị hệ thống", role: .systemAdministrator, departmentKind: .officeOfCouncilAndCommittee, worksForProvince: false),
        Account(username: "tiepnhan", fullName: "Nguyễn Thị Hoa", jobTitle: "Công chức tiếp nhận và trả kết quả", role: .counterOfficer, departmentKind: .serviceCenter, worksForProvince: false),
        Account(username: "truongphong", fullName: "Lê Văn Hùng", jobTitle: "Chánh Văn phòng HĐND–UBND", role: .departmentHead, departmentKind: .officeOfCouncilAndCommittee, worksForProvince: false),
        Account(username: "chuyenvien", fullName: "Phạm Thu Trang", jobTitle: "Công chức Tư pháp – Hộ tịch", role: .specialist, departmentKind: .officeOfCouncilAndCommittee, worksForProvince: false),
        Account(username: "lanhdao", fullName: "Đỗ Văn Thắng", jobTitle: "Phó Chủ tịch UBND xã", role: .communeLeader, departmentKind: nil, worksForProvince: false),
        Account(username: "kinhte", fullName: "Vũ Văn Bình", jobTitle: "Công chức Phòng Kinh tế (hạ tầng, môi trường)", role: .specialist, departmentKind: .economy, worksForProvince: false),
        Account(username: "congan", fullName: "Nguyễn Văn Hải", jobTitle: "Thượng úy, cán bộ Công an xã", role: .specialist, departmentKind: .police, worksForProvince: false),
        Account(username: "tinh", fullName: "Vũ Thị Lan", jobTitle: "Chuyên viên Văn phòng UBND tỉnh", role: .provinceOffice, departmentKind: nil, worksForProvince: true),
        Account(username: "quantritinh", fullName: "Phan Đức Long", jobTitle: "Quản trị hệ thống cấp tỉnh", role: .systemAdministrator, departmentKind: nil, worksForProvince: true),
    ]

    struct DemoCommune {
        let name: String
        let slug: String
        let agencyIdentifier: String
        let address: String
        /// Prefix of the other communes' officer usernames, e.g. `vangiang` gives `tiepnhan.vangiang`.
        let usernameSuffix: String
    }

    static let communes: [DemoCommune] = [
        DemoCommune(name: "Phụng Công", slug: "phung-cong", agencyIdentifier: "H33.55.01", address: "Thôn Đông Cầu, xã Phụng Công, tỉnh Hưng Yên", usernameSuffix: "phungcong"),
        DemoCommune(name: "Văn Giang", slug: "van-giang", agencyIdentifier: "H33.55.02", address: "Thị trấn cũ Văn Giang, xã Văn Giang, tỉnh Hưng Yên", usernameSuffix: "vangiang"),
        DemoCommune(name: "Nghĩa Trụ", slug: "nghia-tru", agencyIdentifier: "H33.55.03", address: "Xã Nghĩa Trụ, tỉnh Hưng Yên", usernameSuffix: "nghiatru"),
        DemoCommune(name: "Mễ Sở", slug: "me-so", agencyIdentifier: "H33.55.04", address: "Xã Mễ Sở, tỉnh Hưng Yên", usernameSuffix: "meso"),
        DemoCommune(name: "Long Hưng", slug: "long-hung", agencyIdentifier: "H33.55.05", address: "Xã Long Hưng, tỉnh Hưng Yên", usernameSuffix: "longhung"),
    ]

    /// The units every demo commune has, with a phone number for each.
    static let departmentKinds: [DepartmentKind] = [.officeOfCouncilAndCommittee, .economy, .cultureAndSociety, .serviceCenter, .police]

    /// Officers of the other demo communes: one per role, named after the commune.
    private static let otherCommuneStaff: [(username: String, fullName: String, role: Role, department: DepartmentKind?)] = [
        ("tiepnhan", "Hoàng Thị Mai", .counterOfficer, .serviceCenter),
        ("truongphong", "Bùi Văn Nam", .departmentHead, .officeOfCouncilAndCommittee),
        ("chuyenvien", "Ngô Thị Hạnh", .specialist, .officeOfCouncilAndCommittee),
        ("lanhdao", "Đặng Quốc Việt", .communeLeader, nil),
    ]

    /// Seeds the demo province when the database holds no province; returns whether it did.
    @discardableResult
    static func seedIfEmpty(_ app: Application, dossiersPerCommune: Int = 50) async throws -> Bool {
        guard try await Province.query(on: app.db).count() == 0 else { return false }
        // One hash serves every demo account: they share the password, and bcrypt is slow by design.
        let passwordHash = try await app.password.async.hash(password)
        let now = app.clock.now()
        try await app.writeTransaction { db in
            let province = Province(id: UUID(), code: "33", name: "Hưng Yên")
            try await province.create(on: db)
            let provinceID = try province.requireID()
            var officerCount = 0
            for (index, demo) in communes.enumerated() {
                let commune = Commune(
                    id: UUID(), provinceID: provinceID, name: demo.name, kind: .xa, slug: demo.slug,
                    agencyIdentifier: demo.agencyIdentifier, webDomain: "\(demo.usernameSuffix).hungyen.gov.vn", address: demo.address
                )
                try await commune.create(on: db)
                let communeID = try commune.requireID()
                var departments: [DepartmentKind: UUID] = [:]
                for (unitIndex, kind) in departmentKinds.enumerated() {
                    let department = Department(id: UUID(), communeID: communeID, name: kind.vietnameseName, kind: kind, phone: String(format: "0221.38%02d.%03d", index + 10, 100 + unitIndex))
                    try await department.create(on: db)
                    departments[kind] = try department.requireID()
                }
                if index == 0 {
                    for account in accounts where !account.worksForProvince {
                        try await Officer(
                            provinceID: provinceID, communeID: communeID, departmentID: account.departmentKind.flatMap { departments[$0] },
                            username: account.username, fullName: account.fullName, jobTitle: account.jobTitle,
                            roles: [account.role], passwordHash: passwordHash
                        ).create(on: db)
                        officerCount += 1
                    }
                } else {
                    for staff in otherCommuneStaff {
                        try await Officer(
                            provinceID: provinceID, communeID: communeID, departmentID: staff.department.flatMap { departments[$0] },
                            username: "\(staff.username).\(demo.usernameSuffix)", fullName: staff.fullName,
                            jobTitle: staff.role.vietnameseName, roles: [staff.role], passwordHash: passwordHash
                        ).create(on: db)
                        officerCount += 1
                    }
                }
            }
            for account in accounts where account.worksForProvince {
                try await Officer(
                    provinceID: provinceID, communeID: nil, departmentID: nil, username: account.username,
                    fullName: account.fullName, jobTitle: account.jobTitle, roles: [account.role], passwordHash: passwordHash
                ).create(on: db)
                officerCount += 1
            }
            let phungCong = try await Commune.query(on: db).filter(\.$slug == communes[0].slug).first()
            if let phungCongID = phungCong?.id {
                try await seedDutyRoster(communeID: phungCongID, from: now, on: db)
                let notice = Announcement()
                notice.$commune.id = phungCongID
                notice.title = "Tiếp nhận hồ sơ trực tuyến và tra cứu bằng mã QR"
                notice.body = "Từ nay, mỗi giấy hẹn trả kết quả đều có mã QR. Người dân quét mã bằng điện thoại để xem hồ sơ đang ở bước nào, không cần đến Trung tâm hỏi."
                notice.publishedBy = "lanhdao"
                try await notice.create(on: db)
            }
            try await PublicServicesDemo.seed(phungCongSlug: communes[0].slug, now: now, calendar: try await CalendarStore.load(on: db), on: db)
            try await CommuneWorkDemo.seed(phungCongSlug: communes[0].slug, now: now, calendar: try await CalendarStore.load(on: db), on: db)
            try await TrainingDemo.seed(phungCongSlug: communes[0].slug, now: now, on: db)
            try await ResourcesDemo.seed(phungCongSlug: communes[0].slug, otherSlug: communes[1].slug, now: now, on: db)
            let dossierCount = dossiersPerCommune > 0 ? try await DemoDossiers.seed(perCommune: dossiersPerCommune, now: now, app: app, on: db) : 0
            try await DemoFloor.seed(now: now, on: db)
            if dossiersPerCommune > 0 { try await DemoReports.seed(now: now, on: db) }
            try await AuditJournal.append(
                AuditEvent(action: "seed.demo", objectType: "province", objectID: provinceID.uuidString, summary: "Tạo dữ liệu mẫu: tỉnh Hưng Yên, \(communes.count) xã, \(officerCount) cán bộ, \(dossierCount) hồ sơ"),
                by: .commandLine, at: now, on: db
            )
        }
        try await CitizenDemoData.seed(app, withDossiers: dossiersPerCommune > 0)
        try await PrivacyDemo.seed(app)
        // online payment (issue #21): one dossier waiting for its fee online, one paid online with its receipt
        if dossiersPerCommune > 0 { try await PaymentDemo.seed(app) }
        try await PortalSyncDemo.seed(app)
        // electronic results (issue #20): a returned dossier of the demo citizen with a result signed by the TEST PKI
        if dossiersPerCommune > 0 { try await SignedResultDemo.seed(app) }
        return true
    }

    /// Two weeks of 12-hour police duty shifts from 07:00 today, two officers taking turns, and two logged calls.
    private static func seedDutyRoster(communeID: UUID, from now: Date, on db: any Database) async throws {
        guard let today = LocalDateTime(now)?.date, let firstStart = LocalDateTime(date: today, hour: 7)?.instant else { return }
        let officers = [("Thượng úy Nguyễn Văn Hải", "0912 345 113"), ("Trung úy Trần Đức Minh", "0983 456 113")]
        for index in 0..<28 {
            let start = firstStart.addingTimeInterval(Double(index) * 12 * 3600)
            let (name, phone) = officers[index % 2]
            try await DutyShift(communeID: communeID, officerName: name, dutyPhone: phone, startsAt: start, endsAt: start.addingTimeInterval(12 * 3600), note: index % 2 == 0 ? "Ca ngày" : "Ca đêm", recordedBy: "congan").create(on: db)
        }
        let calls = [
            (-30.0, "Người dân thôn Đông Cầu", "Báo có nhóm thanh niên tụ tập gây ồn ào sau 23 giờ gần nhà văn hoá thôn.", "Cử tổ tuần tra đến nhắc nhở, giải tán; lập biên bản ghi nhận."),
            (-6.0, nil, "Báo mất xe đạp điện trước cổng chợ.", "Hướng dẫn người báo đến trụ sở làm đơn trình báo; thông báo cho tổ tuần tra."),
        ]
        for (hoursAgo, caller, matter, action) in calls {
            let call = DutyCall()
            call.$commune.id = communeID
            call.receivedAt = now.addingTimeInterval(hoursAgo * 3600)
            call.callerName = caller
            call.matter = matter
            call.actionTaken = action
            call.recordedBy = "congan"
            try await call.create(on: db)
        }
    }
}

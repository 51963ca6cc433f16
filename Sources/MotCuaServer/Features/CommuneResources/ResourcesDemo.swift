import Fluent
import Foundation
import MotCuaCore

/// Demo resources: after the merger, xã Phụng Công's headquarters, cultural houses, vehicles and equipment under a
/// review "to assign a managing unit to each" (../shared/data/seed-article-phung-cong.txt), this year's approved budget
/// with months of execution, a land clearance project and an investment pipeline; a little for xã Văn Giang so that
/// the province dashboard compares two communes.
enum ResourcesDemo {
    struct AssetSeed {
        let code: String
        let name: String
        let kind: PublicAssetKind
        let location: String
        let value: Int64
        let year: Int
        let condition: PublicAssetCondition
        let unit: DepartmentKind?
        let responsible: String
        let documents: String
        let mark: AssetReviewMark?
    }

    static let phungCongAssets: [AssetSeed] = [
        AssetSeed(code: "PC-TS-01", name: "Trụ sở UBND xã (trụ sở chính sau sắp xếp)", kind: .headquarters, location: "Thôn Đông Cầu", value: 6_800_000_000, year: 2008, condition: .good,
                  unit: .officeOfCouncilAndCommittee, responsible: "Lê Văn Hùng", documents: "Giấy chứng nhận QSDĐ số BX 215 468", mark: .confirmed),
        AssetSeed(code: "PC-TS-02", name: "Trụ sở xã cũ — điểm làm việc số 2", kind: .headquarters, location: "Thôn Phú Thị", value: 4_200_000_000, year: 2011, condition: .usable,
                  unit: .serviceCenter, responsible: "Nguyễn Thị Hoa", documents: "Quyết định bàn giao tài sản khi sắp xếp đơn vị hành chính", mark: .confirmed),
        AssetSeed(code: "PC-TS-03", name: "Trụ sở xã cũ — điểm làm việc số 3", kind: .headquarters, location: "Thôn Cửu Cao", value: 3_900_000_000, year: 2004, condition: .damaged,
                  unit: nil, responsible: "", documents: "Biên bản bàn giao ngày 01/7/2025", mark: .unassigned),
        AssetSeed(code: "PC-NVH-01", name: "Nhà văn hoá thôn Đông Cầu", kind: .culturalHouse, location: "Thôn Đông Cầu", value: 1_250_000_000, year: 2015, condition: .good,
                  unit: .cultureAndSociety, responsible: "Trưởng thôn Đông Cầu", documents: "", mark: .confirmed),
        AssetSeed(code: "PC-NVH-02", name: "Nhà văn hoá thôn Phú Thị", kind: .culturalHouse, location: "Thôn Phú Thị", value: 980_000_000, year: 2012, condition: .damaged,
                  unit: .cultureAndSociety, responsible: "Trưởng thôn Phú Thị", documents: "", mark: .toRepair),
        AssetSeed(code: "PC-XE-01", name: "Xe ô tô 7 chỗ phục vụ công tác chung", kind: .vehicle, location: "Trụ sở chính", value: 820_000_000, year: 2018, condition: .usable,
                  unit: .officeOfCouncilAndCommittee, responsible: "Lê Văn Hùng", documents: "Đăng ký xe 89A-xxx.xx", mark: .confirmed),
        AssetSeed(code: "PC-XE-02", name: "Xe chuyên dùng thu gom rác", kind: .vehicle, location: "Điểm làm việc số 2", value: 650_000_000, year: 2016, condition: .damaged,
                  unit: .economy, responsible: "Vũ Văn Bình", documents: "", mark: .toTransfer),
        AssetSeed(code: "PC-TB-01", name: "Máy tính, máy quét, màn hình xếp hàng của Trung tâm PVHCC", kind: .equipment, location: "Trụ sở chính", value: 385_000_000, year: 2025, condition: .good,
                  unit: .serviceCenter, responsible: "Nguyễn Thị Hoa", documents: "", mark: nil),
        AssetSeed(code: "PC-TB-02", name: "Máy phát điện dự phòng 50 kVA", kind: .equipment, location: "Điểm làm việc số 3", value: 145_000_000, year: 2014, condition: .usable,
                  unit: nil, responsible: "", documents: "", mark: nil),
        AssetSeed(code: "PC-TB-03", name: "Hệ thống loa truyền thanh cơ sở", kind: .equipment, location: "Các thôn", value: 210_000_000, year: 2019, condition: .good,
                  unit: .officeOfCouncilAndCommittee, responsible: "Phạm Thu Trang", documents: "", mark: .confirmed),
    ]

    struct LineSeed {
        let kind: BudgetLineKind
        let item: String
        let title: String
        let amount: Int64
        /// Share of a twelfth executed each month, in percent: 100 keeps pace, 160 runs out early.
        let pace: Int64
    }

    static let phungCongBudget: [LineSeed] = [
        LineSeed(kind: .revenue, item: "2001", title: "Thu phí, lệ phí", amount: 120_000_000, pace: 105),
        LineSeed(kind: .revenue, item: "1401", title: "Thu tiền sử dụng đất (phần xã được hưởng)", amount: 2_500_000_000, pace: 45),
        LineSeed(kind: .revenue, item: "4651", title: "Thu bổ sung cân đối từ ngân sách tỉnh", amount: 3_200_000_000, pace: 100),
        LineSeed(kind: .expenditure, item: "6001", title: "Tiền lương, phụ cấp cán bộ, công chức", amount: 1_450_000_000, pace: 100),
        LineSeed(kind: .expenditure, item: "6501", title: "Chi hoạt động bộ máy: điện, nước, văn phòng phẩm", amount: 420_000_000, pace: 160),
        LineSeed(kind: .expenditure, item: "7001", title: "Chi sự nghiệp văn hoá, thông tin", amount: 180_000_000, pace: 90),
        LineSeed(kind: .expenditure, item: "6907", title: "Chi sửa chữa, cải tạo trụ sở sau sắp xếp", amount: 300_000_000, pace: 30),
    ]

    static func seed(phungCongSlug: String, otherSlug: String, now: Date, on db: any Database) async throws {
        guard let today = LocalDateTime(now)?.date else { return }
        if let commune = try await Commune.query(on: db).filter(\.$slug == phungCongSlug).first() {
            try await seedCommune(commune, assets: phungCongAssets, budget: phungCongBudget, review: true, today: today, now: now, on: db)
            try await seedClearance(commune, large: true, on: db)
            try await seedInvestment(commune, large: true, on: db)
        }
        if let commune = try await Commune.query(on: db).filter(\.$slug == otherSlug).first() {
            let assets = [
                AssetSeed(code: "VG-TS-01", name: "Trụ sở UBND xã", kind: .headquarters, location: "Trung tâm xã", value: 7_500_000_000, year: 2010, condition: .good,
                          unit: .officeOfCouncilAndCommittee, responsible: "Bùi Văn Nam", documents: "", mark: nil),
                AssetSeed(code: "VG-NVH-01", name: "Nhà văn hoá thôn 1", kind: .culturalHouse, location: "Thôn 1", value: 900_000_000, year: 2013, condition: .usable,
                          unit: nil, responsible: "", documents: "", mark: nil),
            ]
            let budget = [
                LineSeed(kind: .revenue, item: "2001", title: "Thu phí, lệ phí", amount: 150_000_000, pace: 95),
                LineSeed(kind: .expenditure, item: "6001", title: "Tiền lương, phụ cấp cán bộ, công chức", amount: 1_600_000_000, pace: 100),
            ]
            try await seedCommune(commune, assets: assets, budget: budget, review: false, today: today, now: now, on: db)
            try await seedClearance(commune, large: false, on: db)
            try await seedInvestment(commune, large: false, on: db)
        }
    }

    private static func seedCommune(_ commune: Commune, assets: [AssetSeed], budget: [LineSeed], review: Bool, today: CivilDate, now: Date, on db: any Database) async throws {
        let communeID = try commune.requireID()
        let units = try await Department.query(on: db).filter(\.$commune.$id == communeID).all()
        let mergerDay = LocalDateTime(date: CivilDate(year: 2025, month: 7, day: 1)!, hour: 8)?.instant ?? now
        var created: [(AssetSeed, PublicAsset)] = []
        for seed in assets {
            let unit = seed.unit.flatMap { kind in units.first { $0.kind == kind } }
            let asset = PublicAsset()
            asset.$commune.id = communeID
            asset.$managingUnit.id = unit?.id
            asset.code = seed.code
            asset.name = seed.name
            asset.kind = seed.kind
            asset.location = seed.location
            asset.originalValue = seed.value
            asset.yearInUse = seed.year
            asset.condition = seed.condition
            asset.responsiblePerson = seed.responsible
            asset.documents = seed.documents
            try await asset.create(on: db)
            if let unit {
                try await AssetController.history(asset, from: nil, to: unit.name, toCommune: communeID, reason: "Tiếp nhận khi sắp xếp đơn vị hành chính (1/7/2025)", by: "system", at: mergerDay, on: db)
            }
            created.append((seed, asset))
        }
        if review {
            let campaign = AssetReview()
            campaign.$commune.id = communeID
            campaign.title = "Rà soát trụ sở, trang thiết bị sau sắp xếp — phân rõ đơn vị quản lý"
            campaign.startedOn = (CivilDate(year: 2025, month: 7, day: 14) ?? today).isoString
            campaign.startedBy = "truongphong"
            try await campaign.create(on: db)
            for (seed, asset) in created {
                guard let mark = seed.mark else { continue }
                let entry = AssetReviewEntry()
                entry.$commune.id = communeID
                entry.$review.id = try campaign.requireID()
                entry.$asset.id = try asset.requireID()
                entry.mark = mark
                entry.note = mark == .unassigned ? "Chờ UBND xã quyết định giao đơn vị quản lý" : ""
                entry.reviewedBy = "truongphong"
                entry.reviewedAt = now
                try await entry.create(on: db)
            }
        }

        let estimate = BudgetEstimate()
        estimate.$commune.id = communeID
        estimate.year = today.year
        estimate.status = .approved
        estimate.revision = 0
        estimate.createdBy = "truongphong"
        estimate.approvedBy = "lanhdao"
        estimate.approvedAt = LocalDateTime(date: CivilDate(year: today.year, month: 1, day: 8)!, hour: 9)?.instant ?? now
        estimate.version = 3
        try await estimate.create(on: db)
        let monthsDone = max(today.month - 1, 0)
        for (index, seed) in budget.enumerated() {
            let line = BudgetLine()
            line.$commune.id = communeID
            line.$estimate.id = try estimate.requireID()
            line.kind = seed.kind
            line.chapter = "805"
            line.item = seed.item
            line.title = seed.title
            line.note = ""
            line.proposedAmount = seed.amount
            line.submittedAmount = seed.amount
            line.approvedAmount = seed.amount
            line.position = index + 1
            try await line.create(on: db)
            guard monthsDone > 0 else { continue }
            let monthly = seed.amount / 12 * seed.pace / 100 / 1000 * 1000
            for month in 1...monthsDone {
                let entry = BudgetExecution()
                entry.$commune.id = communeID
                entry.$estimate.id = try estimate.requireID()
                entry.$line.id = try line.requireID()
                entry.month = month
                entry.amount = monthly
                entry.recordedBy = seed.kind == .revenue ? "kinhte" : "truongphong"
                entry.recordedAt = LocalDateTime(date: CivilDate(year: today.year, month: month, day: 28)!, hour: 16)?.instant ?? now
                try await entry.create(on: db)
            }
        }
    }

    private static func seedClearance(_ commune: Commune, large: Bool, on db: any Database) async throws {
        let communeID = try commune.requireID()
        let project = ClearanceProject()
        project.$commune.id = communeID
        project.name = large ? "Đường trục kết nối vùng, đoạn qua địa bàn xã" : "Mở rộng chợ trung tâm xã"
        project.investor = large ? "Ban Quản lý dự án đầu tư xây dựng tỉnh" : "UBND xã"
        project.area = large ? 38_500 : 2_400
        project.parcelCount = large ? 46 : 3
        project.createdBy = "kinhte"
        try await project.create(on: db)
        let households: [(String, String, Int64, Int64, Int64, ClearanceHouseholdStatus, String)] = large ? [
            ("Nguyễn Văn Tuấn", "Thửa 112, tờ 7", 420, 1_260_000_000, 1_260_000_000, .handedOver, ""),
            ("Trần Thị Nga", "Thửa 113, tờ 7", 380, 1_140_000_000, 1_140_000_000, .handedOver, ""),
            ("Lê Văn Khải", "Thửa 118, tờ 7", 510, 1_530_000_000, 1_530_000_000, .handedOver, ""),
            ("Phạm Văn Đức", "Thửa 121, tờ 7", 300, 900_000_000, 900_000_000, .paid, "Hẹn bàn giao sau thu hoạch vụ mùa"),
            ("Đỗ Thị Hằng", "Thửa 124, tờ 8", 260, 780_000_000, 0, .agreed, "Chờ chủ đầu tư chuyển kinh phí"),
            ("Vũ Văn Sơn", "Thửa 130, tờ 8", 450, 1_350_000_000, 0, .planPublished, ""),
            ("Hoàng Văn Lâm", "Thửa 131, tờ 8", 200, 0, 0, .counted, ""),
            ("Bùi Thị Lan", "Thửa 135, tờ 8", 350, 1_050_000_000, 0, .complaint, "Khiếu nại về đơn giá bồi thường cây trồng"),
        ] : [
            ("Ngô Văn Hòa", "Thửa 21, tờ 3", 120, 240_000_000, 240_000_000, .handedOver, ""),
            ("Đặng Thị Mơ", "Thửa 22, tờ 3", 90, 180_000_000, 0, .agreed, ""),
        ]
        for (name, parcel, area, compensation, paid, status, note) in households {
            let household = ClearanceHousehold()
            household.$commune.id = communeID
            household.$project.id = try project.requireID()
            household.headName = name
            household.parcel = parcel
            household.area = area
            household.compensation = compensation
            household.paid = paid
            household.status = status
            household.note = note
            household.version = 1
            try await household.create(on: db)
        }
    }

    private static func seedInvestment(_ commune: Commune, large: Bool, on db: any Database) async throws {
        let communeID = try commune.requireID()
        let projects: [(String, String, String, Int64, Int, InvestmentStage, String)] = large ? [
            ("Khu sơ chế, bảo quản nông sản", "Chưa xác định", "Nông nghiệp", 45_000_000_000, 80, .idea, "Đề xuất từ Hội Nông dân"),
            ("Cụm dịch vụ làng nghề", "Công ty CP Làng nghề Văn Giang", "Thủ công mỹ nghệ", 120_000_000_000, 250, .contacted, "Đã làm việc lần 1 ngày 20/8/2025"),
            ("Trung tâm thương mại, dịch vụ xã", "Công ty TNHH Thương mại Phố Hiến", "Thương mại", 85_000_000_000, 150, .proposal, ""),
            ("Nhà máy may xuất khẩu", "Công ty CP May Hưng Yên", "Công nghiệp nhẹ", 210_000_000_000, 600, .underConstruction, "Dự kiến vận hành quý II"),
            ("Hợp tác xã dịch vụ nông nghiệp", "HTX Nông nghiệp Phụng Công", "Nông nghiệp", 6_500_000_000, 35, .operating, ""),
            ("Bãi tập kết vật liệu xây dựng", "Công ty TNHH Vật liệu Sông Hồng", "Xây dựng", 12_000_000_000, 20, .dropped, "Không phù hợp quy hoạch"),
        ] : [
            ("Khu dịch vụ ven sông", "Công ty CP Du lịch Văn Giang", "Du lịch", 60_000_000_000, 90, .proposal, ""),
        ]
        for (name, investor, sector, capital, jobs, stage, note) in projects {
            let project = InvestmentProject()
            project.$commune.id = communeID
            project.name = name
            project.investor = investor
            project.sector = sector
            project.capital = capital
            project.jobs = jobs
            project.stage = stage
            project.note = note
            project.updatedBy = "kinhte"
            try await project.create(on: db)
        }
    }
}

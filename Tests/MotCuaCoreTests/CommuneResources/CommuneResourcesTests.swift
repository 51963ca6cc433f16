import Foundation
import MotCuaCore
import Testing

@Suite("Commune resources: exact money, the budget workflow and execution, asset reviews and CSV import, land clearance, investment")
struct CommuneResourcesTests {
    // MARK: money

    @Test("sums of many lines are exact to the đồng, where floating point drifts")
    func exactSums() throws {
        let amounts = Array(repeating: Int64(1_000_000_001), count: 100_000) + [7]
        #expect(try Money.sum(amounts).get() == 100_000_000_100_007)
        // Amounts near the top of Double's exact range: Double loses the last đồng, Int64 keeps it.
        let large: [Int64] = [9_007_199_254_740_993, 1, 1]
        #expect(try Money.sum(large).get() == 9_007_199_254_740_995)
        #expect(Int64(large.reduce(0.0) { $0 + Double($1) }) != 9_007_199_254_740_995)
        #expect(Money.clampedSum([1, 2, 3]) == 6)
    }

    @Test("an overflowing sum is reported, not wrapped or trapped")
    func overflow() {
        #expect(Money.sum([Int64.max, 1]) == .failure(.overflow))
        #expect(Money.sum([Int64.max - 1, 1]) == .success(Int64.max))
        #expect(Money.scaled(Int64.max, by: 12, over: 1) == nil)
        #expect(Money.scaled(1_000, by: 12, over: 5) == 2_400)
        #expect(Money.scaled(101, by: 12, over: 1) == 1_212)
        #expect(Money.scaled(Int64.max / 2, by: 4, over: 4) == Int64.max / 2)
    }

    @Test("amounts typed by people: grouped digits accepted, negatives, decimals and words refused with Vietnamese messages")
    func parsing() {
        #expect(Money.parse("1.234.000") == .success(1_234_000))
        #expect(Money.parse(" 1 234 000 ₫") == .success(1_234_000))
        #expect(Money.parse("500000đ") == .success(500_000))
        #expect(Money.parse("0") == .success(0))
        #expect(Money.parse("-5000") == .failure(.negative))
        #expect(Money.parse("12,5") == .failure(.notANumber))
        #expect(Money.parse("12.5") == .failure(.notANumber))
        #expect(Money.parse("một triệu") == .failure(.notANumber))
        #expect(Money.parse("") == .failure(.empty))
        #expect(Money.parse("99999999999999999999") == .failure(.tooLarge))
        #expect(Money.Problem.negative.message(field: "Số tiền") == "Số tiền không được âm.")
    }

    @Test("percentages in tenths, rounded half up, exact on large amounts")
    func percentages() {
        #expect(Money.percentText(1, of: 3) == "33,3 %")
        #expect(Money.percentText(2, of: 3) == "66,7 %")
        #expect(Money.percentText(450_000_000, of: 1_200_000_000) == "37,5 %")
        #expect(Money.percentText(5, of: 0) == "—")
        #expect(Money.percentText(3_000_000_000_000_000, of: 9_000_000_000_000_001) == "33,3 %")
        #expect(Money.percentText(25, of: 2) == "1.250,0 %")
    }

    // MARK: budget workflow

    @Test("the office drafts and submits, the leader approves or returns, the office revises during the year")
    func workflow() {
        #expect(BudgetWorkflow.next(from: .draft, action: .submit, by: .communeOffice, lineCount: 3) == .success(.submitted))
        #expect(BudgetWorkflow.next(from: .submitted, action: .approve, by: .communeLeader, lineCount: 3) == .success(.approved))
        #expect(BudgetWorkflow.next(from: .submitted, action: .returnForChanges, by: .communeLeader, lineCount: 3) == .success(.returned))
        #expect(BudgetWorkflow.next(from: .returned, action: .submit, by: .communeOffice, lineCount: 3) == .success(.submitted))
        #expect(BudgetWorkflow.next(from: .approved, action: .startRevision, by: .communeOffice, lineCount: 3) == .success(.revising))
        #expect(BudgetWorkflow.next(from: .revising, action: .submit, by: .communeOffice, lineCount: 3) == .success(.submitted))
        // wrong actor, wrong moment, nothing to submit
        #expect(BudgetWorkflow.next(from: .draft, action: .submit, by: .communeLeader, lineCount: 3) == .failure(.init("Chỉ Văn phòng HĐND–UBND lập và trình dự toán.")))
        #expect(BudgetWorkflow.next(from: .submitted, action: .approve, by: .communeOffice, lineCount: 3) == .failure(.init("Chỉ lãnh đạo UBND xã phê duyệt dự toán.")))
        #expect((try? BudgetWorkflow.next(from: .draft, action: .approve, by: .communeLeader, lineCount: 3).get()) == nil)
        #expect((try? BudgetWorkflow.next(from: .approved, action: .approve, by: .communeLeader, lineCount: 3).get()) == nil)
        #expect((try? BudgetWorkflow.next(from: .draft, action: .submit, by: .communeOffice, lineCount: 0).get()) == nil)
        #expect(BudgetEstimateStatus.submitted.isEditable == false)
        #expect(BudgetEstimateStatus.revising.isEditable)
    }

    @Test("approval: every submitted line needs a valid approved amount; a line never submitted may not get one")
    func approval() {
        let lines = [BudgetLineState(id: "a", label: "Thu phí, lệ phí", submittedAmount: 100), BudgetLineState(id: "b", label: "Chi lương", submittedAmount: 900),
                     BudgetLineState(id: "c", label: "Dòng mới", submittedAmount: nil)]
        #expect(BudgetApproval.approvedAmounts(lines: lines, entries: ["a": "120", "b": "900.000"]) == .success(["a": 120, "b": 900_000]))
        guard case .failure(let failure) = BudgetApproval.approvedAmounts(lines: lines, entries: ["a": "-1", "b": "abc", "c": "5", "zz": "1"]) else {
            Issue.record("bad approval accepted"); return
        }
        let problems = failure.messages
        #expect(problems.contains("Dòng \"Dòng mới\" chưa được trình nên không thể ghi số phê duyệt."))
        #expect(problems.contains("Số phê duyệt của dòng \"Thu phí, lệ phí\" không được âm."))
        #expect(problems.contains { $0.hasPrefix("Số phê duyệt của dòng \"Chi lương\" phải là số tiền") })
        #expect(problems.contains("Có số duyệt cho một dòng không thuộc dự toán này."))
        if case .success = BudgetApproval.approvedAmounts(lines: lines, entries: ["a": "1"]) { Issue.record("a submitted line without an amount was accepted") }
    }

    @Test("budget codes: chapter of 3 digits, item of 4")
    func codes() {
        #expect((try? BudgetCode.validate(chapter: " 805", item: "6001").get()).map { [$0.chapter, $0.item] } == ["805", "6001"])
        if case .success = BudgetCode.validate(chapter: "85", item: "60a1") { Issue.record("bad codes accepted") }
    }

    // MARK: execution

    @Test("execution against the estimate: percentages, and the month an expenditure line runs out at the present pace")
    func execution() throws {
        // 1.200.000.000 ₫ for the year; 150.000.000 ₫ a month for 4 months → 600 M projected over 12 → runs out? 150×12 = 1.800 > 1.200.
        let fast = try BudgetLineExecution.make(kind: .expenditure, estimate: 1_200_000_000, monthly: [1: 150_000_000, 2: 150_000_000, 3: 150_000_000, 4: 150_000_000], monthsElapsed: 4).get()
        #expect(fast.executed == 600_000_000)
        #expect(fast.percentText == "50,0 %")
        #expect(fast.projectedYearTotal == 1_800_000_000)
        #expect(fast.outlook == .willRunOut)
        #expect(fast.runOutMonth == 8)
        let steady = try BudgetLineExecution.make(kind: .expenditure, estimate: 1_200_000_000, monthly: [1: 100_000_000, 2: 100_000_000], monthsElapsed: 2).get()
        #expect(steady.outlook == .onTrack)
        #expect(steady.runOutMonth == nil)
        let over = try BudgetLineExecution.make(kind: .expenditure, estimate: 100, monthly: [1: 101], monthsElapsed: 1).get()
        #expect(over.outlook == .exhausted)
        let revenue = try BudgetLineExecution.make(kind: .revenue, estimate: 1_000, monthly: [1: 50, 2: 50], monthsElapsed: 2).get()
        #expect(revenue.outlook == .revenueShortfall)
        #expect(revenue.percentText == "10,0 %")
        let reached = try BudgetLineExecution.make(kind: .revenue, estimate: 1_000, monthly: [1: 1_000], monthsElapsed: 1).get()
        #expect(reached.outlook == .targetReached)
        #expect(BudgetLineExecution.make(kind: .expenditure, estimate: 1, monthly: [1: Int64.max, 2: 1], monthsElapsed: 2) == .failure(.overflow))
        #expect(BudgetLineExecution.monthsElapsed(year: 2025, today: CivilDate(year: 2026, month: 11, day: 29)!, lastRecordedMonth: nil) == 12)
        #expect(BudgetLineExecution.monthsElapsed(year: 2026, today: CivilDate(year: 2026, month: 11, day: 29)!, lastRecordedMonth: 10) == 10)
        #expect(BudgetLineExecution.monthsElapsed(year: 2026, today: CivilDate(year: 2026, month: 11, day: 29)!, lastRecordedMonth: 11) == 11)
        #expect(BudgetLineExecution.monthsElapsed(year: 2026, today: CivilDate(year: 2026, month: 1, day: 20)!, lastRecordedMonth: nil) == 1)
        #expect(BudgetLineExecution.monthsElapsed(year: 2027, today: CivilDate(year: 2026, month: 11, day: 29)!, lastRecordedMonth: 1) == 1)
    }

    // MARK: assets

    @Test("a review marks an asset only as unassigned while it has no managing unit")
    func reviewMarks() {
        #expect(AssetReviewRule.mark(.confirmed, hasManagingUnit: true) == .success(.confirmed))
        #expect(AssetReviewRule.mark(.unassigned, hasManagingUnit: false) == .success(.unassigned))
        #expect((try? AssetReviewRule.mark(.confirmed, hasManagingUnit: false).get()) == nil)
        #expect((try? AssetReviewRule.mark(.unassigned, hasManagingUnit: true).get()) == nil)
        #expect(AssetTransferRule.needsProvinceApproval(fromCommune: UUID(), toCommune: UUID()))
    }

    static let units = ["Văn phòng HĐND–UBND", "Phòng Kinh tế"]

    @Test("a CSV import reads every row, or reports each bad row by its line number")
    func csvImport() throws {
        let good = """
        ma_tai_san,ten_tai_san,loai,dia_diem,nguyen_gia,nam_su_dung,tinh_trang,don_vi_quan_ly,nguoi_chiu_trach_nhiem,giay_to
        TS-01,Trụ sở UBND xã cũ,Trụ sở làm việc,Thôn Đông Cầu,"2.500.000.000",2005,Tốt,Văn phòng HĐND–UBND,Lê Văn Hùng,GCN QSDĐ số BK 123456
        TS-02,Máy phát điện,trang thiet bi,Trụ sở,45000000,2019,usable,,,
        """
        let drafts = try PublicAssetCSV.read(good, existingCodes: [], unitNames: Self.units, currentYear: 2026).get()
        #expect(drafts.count == 2)
        #expect(drafts[0].originalValue == 2_500_000_000)
        #expect(drafts[0].managingUnit == "Văn phòng HĐND–UBND")
        #expect(drafts[1].kind == .equipment)
        #expect(drafts[1].managingUnit == nil)

        let bad = """
        ma_tai_san,ten_tai_san,loai,dia_diem,nguyen_gia,nam_su_dung,tinh_trang,don_vi_quan_ly,nguoi_chiu_trach_nhiem,giay_to
        TS-01,Trụ sở,Trụ sở làm việc,Thôn,-5,2005,Tốt,,,
        TS-02,Xe ô tô,Phương tiện,Thôn,abc,2030,Tốt,Phòng Không Có,,
        TS-03,Bàn ghế,Trang thiết bị,Thôn,1000,2010,Tốt,,,

        TS-03,Bàn ghế,Trang thiết bị,Thôn,1000,2010,Tốt,,,
        TS-09,thiếu cột
        TS-10,Nhà văn hoá,Nhà văn hoá,Thôn,1000,2010,Tốt,,,
        """
        guard case .failure(let failure) = PublicAssetCSV.read(bad, existingCodes: ["TS-10"], unitNames: Self.units, currentYear: 2026) else {
            Issue.record("bad rows imported"); return
        }
        let texts = failure.problems.map(\.text)
        #expect(texts.contains("Dòng 2: Nguyên giá không được âm."))
        #expect(texts.contains { $0.hasPrefix("Dòng 3: Nguyên giá phải là số tiền") })
        #expect(texts.contains("Dòng 3: Năm đưa vào sử dụng phải là năm từ 1945 đến 2026."))
        #expect(texts.contains("Dòng 3: Đơn vị quản lý \"Phòng Không Có\" không phải đơn vị của xã; để trống nếu chưa giao."))
        #expect(texts.contains("Dòng 6: Mã tài sản TS-03 trùng với dòng 4."))
        #expect(texts.contains("Dòng 7: Có 2 cột, cần đúng 10 cột."))
        #expect(texts.contains("Dòng 8: Mã tài sản TS-10 đã có trong sổ tài sản của xã."))
        #expect(!texts.contains { $0.hasPrefix("Dòng 4") })
        guard case .failure(let header) = PublicAssetCSV.read("a,b\n1,2", existingCodes: [], unitNames: [], currentYear: 2026) else { Issue.record("bad header accepted"); return }
        #expect(header.problems.first?.line == 1)
    }

    // MARK: land clearance and investment

    @Test("a household hands over its land only after agreeing and being paid in full; complaints block it")
    func clearance() {
        #expect(ClearanceHouseholdStatus.counted.allowsMove(to: .planPublished, paidAmount: 0, compensation: 0) == .success(.planPublished))
        #expect((try? ClearanceHouseholdStatus.agreed.allowsMove(to: .paid, paidAmount: 50, compensation: 100).get()) == nil)
        #expect(ClearanceHouseholdStatus.agreed.allowsMove(to: .paid, paidAmount: 100, compensation: 100) == .success(.paid))
        #expect((try? ClearanceHouseholdStatus.planPublished.allowsMove(to: .handedOver, paidAmount: 100, compensation: 100).get()) == nil)
        #expect(ClearanceHouseholdStatus.paid.allowsMove(to: .complaint, paidAmount: 100, compensation: 100) == .success(.complaint))
        #expect((try? ClearanceHouseholdStatus.complaint.allowsMove(to: .handedOver, paidAmount: 100, compensation: 100).get()) == nil)
        #expect((try? ClearanceHouseholdStatus.handedOver.allowsMove(to: .complaint, paidAmount: 100, compensation: 100).get()) == nil)
        #expect((try? ClearanceHouseholdStatus.paid.allowsMove(to: .counted, paidAmount: 100, compensation: 100).get()) == nil)
        let progress = ClearanceProgress.make([(.handedOver, 100, 100, 300), (.complaint, 200, 0, 100), (.paid, 50, 50, 100)])
        #expect(progress?.handedOverText == "33,3 %")
        #expect(progress?.paidText == "42,9 %")
        #expect(progress?.areaText == "60,0 %")
        #expect(ClearanceHouseholdStatus.complaint.blocker != nil && ClearanceHouseholdStatus.handedOver.blocker == nil)
    }

    @Test("the investment pipeline moves forward, may drop a project before it operates, and restarts a dropped one")
    func pipeline() {
        #expect(InvestmentStage.idea.allowsMove(to: .proposal) == .success(.proposal))
        #expect((try? InvestmentStage.approved.allowsMove(to: .contacted).get()) == nil)
        #expect(InvestmentStage.proposal.allowsMove(to: .dropped) == .success(.dropped))
        #expect((try? InvestmentStage.operating.allowsMove(to: .dropped).get()) == nil)
        #expect(InvestmentStage.dropped.allowsMove(to: .idea) == .success(.idea))
        #expect((try? InvestmentStage.dropped.allowsMove(to: .operating).get()) == nil)
    }
}

import MotCuaCore
import Testing

/// Fees in whole đồng: per page with a cap (TT 226/2016/TT-BTC), fixed, per case, free, set by the province.
@Suite struct FeeRuleTests {
    let certifiedCopy = FeeRule.perPage(.certifiedCopy, condition: nil)

    @Test func certifiedCopyChargesPerPageWithCap() {
        // 2.000 ₫ for each of pages 1–2, 1.000 ₫ from page 3, at most 200.000 ₫ per copy.
        #expect(certifiedCopy.amount(pages: 1) == 2_000)
        #expect(certifiedCopy.amount(pages: 2) == 4_000)
        #expect(certifiedCopy.amount(pages: 3) == 5_000)
        #expect(certifiedCopy.amount(pages: 10) == 12_000)
        #expect(certifiedCopy.amount(pages: 198) == 200_000)
        #expect(certifiedCopy.amount(pages: 199) == 200_000)
        #expect(certifiedCopy.amount(pages: 1_000) == 200_000)
        #expect(certifiedCopy.amount(pages: 3, copies: 4) == 20_000)
        #expect(certifiedCopy.amount(pages: 500, copies: 3) == 600_000)
        #expect(certifiedCopy.amount(pages: Int.max) == 200_000)
    }

    @Test func perPageRefusesMissingCounts() {
        #expect(certifiedCopy.amount(pages: 0) == nil)
        #expect(certifiedCopy.amount(pages: -1) == nil)
        #expect(certifiedCopy.amount(pages: 2, copies: 0) == nil)
    }

    @Test func fixedFreeAndPerCase() {
        #expect(FeeRule.fixed(amount: 20_000, condition: nil).amount() == 20_000)
        #expect(FeeRule.fixed(amount: 20_000, condition: nil).amount(pages: 9, copies: 9) == 20_000)
        #expect(FeeRule.free(condition: "miễn phí nếu đăng ký đúng hạn").amount() == 0)
        let signature = FeeRule.perCase(amount: 10_000, unit: "trường hợp", condition: nil)
        #expect(signature.amount() == 10_000)
        #expect(signature.amount(cases: 3) == 30_000)
        #expect(signature.amount(cases: 0) == nil)
        #expect(FeeRule.perCase(amount: Int64.max, unit: "trường hợp", condition: nil).amount(cases: 2) == nil)
    }

    @Test func provinceFeeComesFromTheTable() throws {
        // setup
        let table = ProvinceFeeTable(provinceCode: "33", fees: [
            ProvinceFee(procedureCode: "1.001022", amount: 15_000, source: "Nghị quyết số 12/2025/NQ-HĐND"),
        ])
        let procedure = ProcedureDefinition(
            code: "1.001022", name: "Đăng ký nhận cha, mẹ, con", field: .civilStatus,
            processingTime: .workingDays(3), fee: .setByProvince(condition: nil),
            department: .officeOfCouncilAndCommittee, source: "test"
        )

        // MUT + validate
        #expect(procedure.feeAmount(provinceFees: table) == 15_000)
        #expect(procedure.feeAmount(cases: 2, provinceFees: table) == 30_000)
        #expect(procedure.feeAmount() == nil, "no table, no amount")
        var other = procedure
        other.code = "1.004873"
        #expect(other.feeAmount(provinceFees: table) == nil, "no entry, no amount")
    }

    /// Luật Phí và lệ phí 2015 Điều 21 khoản 2: the provincial People's Council sets these amounts, so a row
    /// whose resolution is not named (or is marked unverified) is never charged nor printed as an amount.
    @Test func provinceFeeWithoutAResolutionIsNeitherChargedNorPrinted() {
        let procedure = ProcedureDefinition(
            code: "1.001022", name: "Đăng ký nhận cha, mẹ, con", field: .civilStatus,
            processingTime: .workingDays(3), fee: .setByProvince(condition: nil),
            department: .officeOfCouncilAndCommittee, source: "test"
        )
        let sources = ["[check] Giá trị tạm, chưa đối chiếu nghị quyết", "Nghị quyết của HĐND tỉnh", "[check] Nghị quyết 12/2025/NQ-HĐND", ""]
        for source in sources {
            let placeholder = ProvinceFee(procedureCode: "1.001022", amount: 10_000, source: source)
            let table = ProvinceFeeTable(provinceCode: "33", fees: [placeholder])
            #expect(!placeholder.isInForce, "\(source)")
            #expect(table.fee(for: "1.001022") == nil, "\(source)")
            #expect(table.recordedFee(for: "1.001022") == placeholder, "staff still see the row")
            #expect(procedure.feeAmount(provinceFees: table) == nil, "\(source)")
            #expect(procedure.fee.amount(provinceFee: placeholder) == nil, "\(source)")
            #expect(procedure.fee.vietnameseDescription(provinceFee: placeholder) == FeeRule.notYetSetByProvince)
            #expect(procedure.fee.receiptText(chargedAmount: 0, provinceFee: placeholder) == FeeRule.notYetSetByProvince)
        }
        let inForce = ProvinceFee(procedureCode: "1.001022", amount: 10_000, source: "Nghị quyết số 85/2021/NQ-HĐND ngày 10/12/2021 của HĐND tỉnh")
        #expect(inForce.resolutionNumber == "85/2021/NQ-HĐND")
        #expect(procedure.feeAmount(provinceFees: ProvinceFeeTable(provinceCode: "33", fees: [inForce])) == 10_000)
        #expect(procedure.fee.receiptText(chargedAmount: 10_000, provinceFee: inForce) == "10.000 ₫")
        let waived = ProvinceFee(procedureCode: "1.001022", amount: 0, source: "Nghị quyết 85/2021/NQ-HĐND")
        #expect(procedure.fee.receiptText(chargedAmount: 0, provinceFee: waived) == "Không thu")
        #expect(FeeRule.free(condition: nil).receiptText(chargedAmount: 0, provinceFee: nil) == "Miễn phí")
    }

    /// A resolution may set a lower amount for a dossier submitted online; it applies by the dossier's channel.
    @Test func provinceOnlineRateAppliesToOnlineDossiersOnly() throws {
        let text = ProvinceFeeTable.headerWithOnlineAmount + "\n1.001022,10000,5000,,Nghị quyết 85/2021/NQ-HĐND\n1.004873,10000,,,Nghị quyết 85/2021/NQ-HĐND\n"
        let table = try ProvinceFeeTable.parse(text, provinceCode: "33").get()
        let recognition = ProcedureDefinition(
            code: "1.001022", name: "Đăng ký nhận cha, mẹ, con", field: .civilStatus,
            processingTime: .workingDays(3), fee: .setByProvince(condition: nil),
            department: .officeOfCouncilAndCommittee, source: "test"
        )
        #expect(recognition.feeAmount(provinceFees: table, channel: .counter) == 10_000)
        #expect(recognition.feeAmount(provinceFees: table, channel: .post) == 10_000)
        #expect(recognition.feeAmount(provinceFees: table, channel: .online) == 5_000)
        #expect(recognition.feeAmount(cases: 2, provinceFees: table, channel: .online) == 10_000)
        #expect(recognition.fee.vietnameseDescription(provinceFee: table.fee(for: "1.001022")) == "10.000 ₫ (mức của tỉnh; nộp trực tuyến 5.000 ₫)")
        var marital = recognition
        marital.code = "1.004873"
        #expect(marital.feeAmount(provinceFees: table, channel: .online) == 10_000, "no online rate, the one amount")

        let higher = ProvinceFeeTable.headerWithOnlineAmount + "\n1.001022,10000,15000,,Nghị quyết 85/2021/NQ-HĐND\n"
        guard case .failure(let error) = ProvinceFeeTable.parse(higher, provinceCode: "33") else {
            Issue.record("an online amount above the counter amount is refused")
            return
        }
        #expect(error.problems.map(\.line) == [2])
        #expect(error.problems.first?.column == "online_amount")
    }

    @Test func ruleProblems() {
        #expect(FeeRule.fixed(amount: 0, condition: nil).problems.count == 1)
        #expect(FeeRule.perCase(amount: 10_000, unit: " ", condition: nil).problems.count == 1)
        #expect(FeeRule.perPage(PerPageFee(firstPagesRate: 2_000, firstPageCount: 2, laterPagesRate: 1_000,
                                           maximumPerCopy: 1_000), condition: nil).problems.count == 1)
        #expect(certifiedCopy.problems.isEmpty)
    }
}

@Suite("Fee and time descriptions")
struct FeeDescriptionTests {
    @Test("fees read as the public expects")
    func descriptions() {
        #expect(FeeRule.fixed(amount: 50_000, condition: nil).vietnameseDescription() == "50.000 ₫")
        #expect(FeeRule.free(condition: "đăng ký đúng hạn").vietnameseDescription() == "Miễn phí (đăng ký đúng hạn)")
        #expect(FeeRule.perCase(amount: 10_000, unit: "trường hợp", condition: nil).vietnameseDescription() == "10.000 ₫/trường hợp")
        #expect(FeeRule.perPage(.certifiedCopy, condition: nil).vietnameseDescription().contains("tối đa 200.000 ₫/bản"))
        let provinceFee = ProvinceFee(procedureCode: "1.000894", amount: 30_000, source: "Nghị quyết 12/2025/NQ-HĐND")
        #expect(FeeRule.setByProvince(condition: nil).vietnameseDescription(provinceFee: provinceFee) == "30.000 ₫ (mức của tỉnh)")
        #expect(ProcessingTime.sameDay.vietnameseDescription == "Trong ngày")
        #expect(ProcessingTime.workingDays(3).vietnameseDescription == "3 ngày làm việc")
        #expect(ProcessingTime(workingDayCount: 0) == .sameDay)
        #expect(ProcessingTime(workingDayCount: 5) == .workingDays(5))
        #expect(ProcessingTime.sameDay.workingDayCount == 0)
        #expect(ProcessingTime.workingDays(12).workingDayCount == 12)
    }
}

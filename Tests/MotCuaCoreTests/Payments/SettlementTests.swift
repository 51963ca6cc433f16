import Foundation
import MotCuaCore
import Testing

/// The settlement file (VNPay's transaction fields, amounts × 100) and the rule that compares it with MotCua's payments.
@Suite("Payments: settlement file and reconciliation rule")
struct SettlementTests {
    static let heading = "vnp_TmnCode,vnp_TxnRef,vnp_TransactionNo,vnp_Amount,vnp_BankCode,vnp_PayDate,vnp_TransactionStatus"

    @Test("a file is read in any column order, with a BOM and CRLF; amounts are divided by 100; failed transactions are kept as such")
    func readsAFile() throws {
        let text = "\u{FEFF}vnp_TransactionStatus,vnp_PayDate,vnp_Amount,vnp_TransactionNo,vnp_TxnRef,Ghi chu\r\n00,20260302093015,5000000,14226112,MC1,x\r\n02,20260302100000,1000000,14226113,MC2,\r\n"
        let lines = try SettlementFile.parse(text).get()
        #expect(lines.count == 2)
        #expect(lines[0] == SettlementLine(line: 2, reference: "MC1", transactionNumber: "14226112", amount: 50_000, bankCode: "",
                                           paidAt: LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 2)!, hour: 9, minute: 30, second: 15)!, isSuccessful: true))
        #expect(lines[1].isSuccessful == false && lines[1].amount == 10_000)
    }

    @Test("bad files name every bad line: missing columns, fractions of a đồng, impossible dates, bad status, duplicates, wrong cell counts, empty")
    func refusesBadFiles() {
        func problems(_ text: String) -> [String] {
            if case .failure(let error) = SettlementFile.parse(text) { return error.problems }
            return []
        }
        #expect(problems("") == ["Tệp không có dữ liệu."])
        #expect(problems("vnp_TxnRef,vnp_Amount\nMC1,100\n").first?.hasPrefix("Dòng 1: thiếu cột vnp_TransactionNo, vnp_PayDate, vnp_TransactionStatus") == true)
        let found = problems("""
            \(Self.heading)
            T,MC1,1,5000050,NCB,20260302093000,00
            T,MC2,2,-500,NCB,20260302093000,00
            T,MC3,3,500000,NCB,20260229093000,00
            T,MC4,4,500000,NCB,20260302093000,0
            T,MC5,5,500000,NCB,20260302093000,00
            T,MC5,6,500000,NCB,20260302093000,00
            T,,7,500000,NCB,20260302093000,00
            T,MC8,8
            """)
        #expect(found.count == 7)
        #expect(found[0].hasPrefix("Dòng 2: số tiền \"5000050\" không hợp lệ"))
        #expect(found[1].hasPrefix("Dòng 3: số tiền \"-500\""))
        #expect(found[2].hasPrefix("Dòng 4: thời điểm \"20260229093000\" không hợp lệ"), "2026 is not a leap year")
        #expect(found[3].hasPrefix("Dòng 5: mã trạng thái \"0\""))
        #expect(found[4] == "Dòng 7: giao dịch MC5 đã có ở dòng 6.")
        #expect(found[5].hasPrefix("Dòng 8: thiếu mã giao dịch"))
        #expect(found[6] == "Dòng 9: có 3 ô, dòng tiêu đề có 7 cột.")
    }

    static func line(_ number: Int, _ reference: String, _ amount: Int64, paid: Bool = true) -> SettlementLine {
        SettlementLine(line: number, reference: reference, transactionNumber: "1", amount: amount, bankCode: "NCB",
                       paidAt: LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 2)!, hour: 9)!, isSuccessful: paid)
    }

    @Test("every kind of difference, and none when both sides agree to the đồng")
    func differences() {
        let recorded = [
            RecordedPayment(reference: "KHOP", amount: 50_000, status: .paid, isInPeriod: true),
            RecordedPayment(reference: "HOANTRA", amount: 7_000, status: .refundDue, isInPeriod: true),
            RecordedPayment(reference: "LECH", amount: 50_000, status: .paid, isInPeriod: true),
            RecordedPayment(reference: "THIEU", amount: 20_000, status: .paid, isInPeriod: true),
            RecordedPayment(reference: "KYTRUOC", amount: 20_000, status: .paid, isInPeriod: false),
            RecordedPayment(reference: "CHUABAO", amount: 30_000, status: .pending, isInPeriod: false),
        ]
        #expect(SettlementReconciliation.differences(file: [Self.line(2, "KHOP", 50_000), Self.line(3, "HOANTRA", 7_000), Self.line(4, "LECH", 50_000), Self.line(5, "THIEU", 20_000)], recorded: recorded).isEmpty)
        let found = SettlementReconciliation.differences(file: [
            Self.line(2, "KHOP", 50_000), Self.line(3, "HOANTRA", 7_000), Self.line(4, "LECH", 49_999), Self.line(5, "THIEU", 20_000, paid: false),
            Self.line(6, "LA", 1_000), Self.line(7, "CHUABAO", 30_000),
        ], recorded: recorded)
        #expect(found == [
            .amountDiffers(line: 4, reference: "LECH", recorded: 50_000, settled: 49_999),
            .unknownHere(line: 6, reference: "LA", amount: 1_000),
            .notConfirmedHere(line: 7, reference: "CHUABAO", amount: 30_000, status: .pending),
            .missingFromFile(reference: "THIEU", amount: 20_000),
        ])
        #expect(found[0].vietnameseDescription == "Dòng 4: giao dịch LECH lệch số tiền: MotCua ghi 50.000 ₫, tệp ghi 49.999 ₫.")
    }

    @Test("payments add up by day and method in whole đồng")
    func dayTotals() {
        let monday = CivilDate(year: 2026, month: 3, day: 2)!, tuesday = CivilDate(year: 2026, month: 3, day: 3)!
        let totals = PaymentDayTotal.totals([(tuesday, .counter, 30_000), (monday, .online, 50_000), (monday, .online, 7_000), (monday, .counter, 1)])
        #expect(totals == [
            PaymentDayTotal(day: monday, onlineCount: 2, onlineAmount: 57_000, counterCount: 1, counterAmount: 1),
            PaymentDayTotal(day: tuesday, onlineCount: 0, onlineAmount: 0, counterCount: 1, counterAmount: 30_000),
        ])
        #expect(totals[0].amount == 57_001)
    }
}

/// When a dossier's fee may be paid online.
@Suite("Payments: when a fee is paid online")
struct FeePaymentRulesTests {
    @Test("requested fees at any channel; at submission only for a new online dossier with a fee not yet paid; otherwise none")
    func stages() {
        #expect(FeePaymentRules.stage(status: .paymentRequested, channel: .counter, fee: 0, isAlreadyPaid: false) == .requested)
        #expect(FeePaymentRules.stage(status: .new, channel: .online, fee: 15_000, isAlreadyPaid: false) == .atSubmission)
        #expect(FeePaymentRules.stage(status: .new, channel: .online, fee: 15_000, isAlreadyPaid: true) == nil)
        #expect(FeePaymentRules.stage(status: .new, channel: .online, fee: 0, isAlreadyPaid: false) == nil)
        #expect(FeePaymentRules.stage(status: .new, channel: .counter, fee: 15_000, isAlreadyPaid: false) == nil)
        for status in DossierStatus.allCases where status != .new && status != .paymentRequested {
            #expect(FeePaymentRules.stage(status: status, channel: .online, fee: 15_000, isAlreadyPaid: false) == nil, "\(status)")
        }
    }
}

import Foundation
import MotCuaCore
import Testing

/// The VNPay adapter against a second, independent implementation: the expected signatures below were computed with
/// Python's `hmac` and `urllib` by `stand-ins/fake_vnpay.py` (`sign`), which follows VNPay's PHP sample code.
@Suite("VNPay gateway")
struct VNPayGatewayTests {
    let gateway = VNPayGateway(terminalCode: "MOTCUADEMO", hashSecret: "MOTCUA-DEMO-SECRET-NOT-FOR-PRODUCTION", paymentPageURL: "http://127.0.0.1:9500/paymentv2/vpcpay.html")

    func at(_ iso: String, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
        LocalDateTime(date: CivilDate(isoString: iso)!, hour: hour, minute: minute, second: second)!.instant
    }

    var order: PaymentOrder {
        PaymentOrder(reference: "PC20260310-0001", amount: 50_000, description: "Nop le phi ho so 000.00.12.H26-260310-0001",
                     createdAt: at("2026-03-10", 9, 30), expiresAt: at("2026-03-10", 9, 45))
    }

    /// A notice as VNPay sends it to the IPN, signed by the Python implementation.
    var paidNotice: [(String, String)] {
        [
            ("vnp_TmnCode", "MOTCUADEMO"), ("vnp_Amount", "5000000"), ("vnp_BankCode", "NCB"), ("vnp_BankTranNo", "VNP14226112"),
            ("vnp_CardType", "ATM"), ("vnp_OrderInfo", "Nop le phi ho so 000.00.12.H26-260310-0001"), ("vnp_PayDate", "20260310093512"),
            ("vnp_ResponseCode", "00"), ("vnp_TransactionNo", "14226112"), ("vnp_TransactionStatus", "00"), ("vnp_TxnRef", "PC20260310-0001"),
            ("vnp_SecureHashType", "HmacSHA512"),
            ("vnp_SecureHash", "3a9000d012524ec8c36702c65e66d51e6449970fc1903a37ae25a018e578ccc0fafee0a6ee21f72e99ee1e7236440e8025149cc42dd111ababfdc2734a31754a"),
        ]
    }

    @Test func paymentURLIsSortedEncodedAndSignedAsThePythonImplementation() {
        let url = gateway.paymentURL(for: order, returnURL: "http://127.0.0.1:8080/thanh-toan/vnpay/tra-ve", clientAddress: "127.0.0.1")
        #expect(url == "http://127.0.0.1:9500/paymentv2/vpcpay.html?vnp_Amount=5000000&vnp_Command=pay&vnp_CreateDate=20260310093000&vnp_CurrCode=VND&vnp_ExpireDate=20260310094500&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Nop+le+phi+ho+so+000.00.12.H26-260310-0001&vnp_OrderType=other&vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A8080%2Fthanh-toan%2Fvnpay%2Ftra-ve&vnp_TmnCode=MOTCUADEMO&vnp_TxnRef=PC20260310-0001&vnp_Version=2.1.0&vnp_SecureHash=53489088664fb19a4da6233835d1f9f57331129fbb953f60828c62aead595c68b4c7c4c52219bafcfa0e5ef75bf7e95ea7858a3591e1bae8d7e0cb332b2b3228")
    }

    @Test func amountIsSentInHundredthsOfADong() {
        let parameters = gateway.requestParameters(for: order, returnURL: "http://x", clientAddress: "127.0.0.1")
        #expect(parameters.first { $0.0 == "vnp_Amount" }?.1 == "5000000")
        #expect(parameters.first { $0.0 == "vnp_CreateDate" }?.1 == "20260310093000")
    }

    @Test func encodingFollowsPHPUrlencode() {
        #expect(VNPayGateway.formEncoded("Lệ phí ~ a b/c") == "L%E1%BB%87+ph%C3%AD+%7E+a+b%2Fc")
        #expect(VNPayGateway.formEncoded("A-z_0.9") == "A-z_0.9")
    }

    @Test func readsASignedNotice() throws {
        let notice = try gateway.readNotice(paidNotice).get()
        #expect(notice == PaymentNotice(reference: "PC20260310-0001", amount: 50_000, isSuccessful: true, transactionNumber: "14226112", bankCode: "NCB", resultCode: "00"))
    }

    @Test func signatureIsCheckedWhateverItsCase() throws {
        let upper = paidNotice.map { $0.0 == "vnp_SecureHash" ? ($0.0, $0.1.uppercased()) : $0 }
        #expect(throws: Never.self) { try gateway.readNotice(upper).get() }
    }

    @Test func anyChangedFieldBreaksTheSignature() {
        for index in paidNotice.indices where !paidNotice[index].0.hasPrefix("vnp_SecureHash") {
            var changed = paidNotice
            changed[index].1 += "1"
            #expect(gateway.readNotice(changed) == .failure(.badSignature), "\(changed[index].0)")
        }
        #expect(gateway.readNotice(paidNotice.filter { $0.0 != "vnp_SecureHash" }) == .failure(.badSignature))
        let otherSecret = VNPayGateway(terminalCode: "MOTCUADEMO", hashSecret: "another", paymentPageURL: "")
        #expect(otherSecret.readNotice(paidNotice) == .failure(.badSignature))
    }

    @Test func aSignedNoticeForAnotherMerchantIsRefused() {
        let other = VNPayGateway(terminalCode: "OTHER", hashSecret: "MOTCUA-DEMO-SECRET-NOT-FOR-PRODUCTION", paymentPageURL: "")
        #expect(other.readNotice(paidNotice) == .failure(.malformed("vnp_TmnCode")))
    }

    @Test func aNoticeItSignsItselfRoundTrips() throws {
        var fields: [(String, String)] = [("vnp_TmnCode", "MOTCUADEMO"), ("vnp_Amount", "1234500"), ("vnp_ResponseCode", "24"),
                                          ("vnp_TransactionStatus", "02"), ("vnp_TxnRef", "R-1"), ("vnp_OrderInfo", "Phí ~ có dấu")]
        fields.append(("vnp_SecureHash", gateway.signature(ofCanonicalQuery: VNPayGateway.canonicalQuery(fields))))
        let notice = try gateway.readNotice(fields).get()
        #expect(notice.amount == 12_345)
        #expect(!notice.isSuccessful)
    }
}

@Suite("Payment notice rules")
struct PaymentNoticeRulesTests {
    let notice = PaymentNotice(reference: "R", amount: 50_000, isSuccessful: true, transactionNumber: "1", bankCode: "NCB", resultCode: "00")

    @Test func everyAnswerCode() {
        #expect(PaymentNoticeRules.outcome(of: .success(notice), orderStatus: .pending, orderAmount: 50_000) == .confirmPayment)
        #expect(PaymentNoticeRules.outcome(of: .success(notice), orderStatus: nil, orderAmount: nil).answer == .orderNotFound)
        #expect(PaymentNoticeRules.outcome(of: .success(notice), orderStatus: .paid, orderAmount: 50_000).answer == .alreadyConfirmed)
        #expect(PaymentNoticeRules.outcome(of: .success(notice), orderStatus: .pending, orderAmount: 40_000).answer == .wrongAmount)
        #expect(PaymentNoticeRules.outcome(of: .failure(.badSignature), orderStatus: .pending, orderAmount: 50_000).answer == .badSignature)
        #expect(PaymentNoticeRules.outcome(of: .failure(.malformed("vnp_Amount")), orderStatus: .pending, orderAmount: 50_000).answer == .other)
        #expect(PaymentNoticeAnswer.allCases.map(\.rawValue) == ["00", "01", "02", "04", "97", "99"])
    }

    @Test func aFractionOfADongIsAWrongAmount() {
        var odd = notice
        odd.amount = nil
        #expect(PaymentNoticeRules.outcome(of: .success(odd), orderStatus: .pending, orderAmount: 50_000).answer == .wrongAmount)
    }

    @Test func aCancelledPaymentClosesTheOrderAndIsAcknowledged() {
        var cancelled = notice
        cancelled.isSuccessful = false
        let outcome = PaymentNoticeRules.outcome(of: .success(cancelled), orderStatus: .pending, orderAmount: 50_000)
        #expect(outcome == .recordFailure)
        #expect(outcome.answer == .confirmed)
    }

    @Test func aClosedOrderNeverChangesAgain() {
        for status in PaymentOrderStatus.allCases where status != .pending {
            #expect(PaymentNoticeRules.outcome(of: .success(notice), orderStatus: status, orderAmount: 50_000) == .refuse(.alreadyConfirmed))
        }
    }
}

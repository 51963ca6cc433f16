import Fluent
import Foundation
import MotCuaCore
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// Online payment through VNPay (issue #21): the citizen's order, the signed notice (IPN) with each answer code, the
/// return page that decides nothing, the receipt, replays, two notices at once, and a payment for a withdrawn dossier.
@Suite("Payments: VNPay orders, IPN, receipts")
struct PaymentTests {
    static let fee: Int64 = 50_000
    static let gateway = VNPayGateway(terminalCode: VNPaySettings.demo.terminalCode, hashSecret: VNPaySettings.demo.hashSecret, paymentPageURL: VNPaySettings.demo.paymentPageURL)

    /// A citizen's online dossier that the desk received and asked a fee for; returns the citizen and the dossier.
    static func dossierWaitingForPayment(on app: Application) async throws -> (BrowserSession, Dossier) {
        var citizen = try await CitizenTests.registered(on: app)
        let submitted = try await CitizenTests.submitOnline(&citizen, on: app)
        #expect(submitted.status == .seeOther)
        var dossier = try await CitizenTests.onlineDossier(on: app)
        var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
        let received = try await desk.submit(form: ["action": "receive", "version": String(dossier.version)], to: SiteURL.dossierActions(.value(dossier.code)).path)
        #expect(received.status == .seeOther)
        dossier = try #require(try await Dossier.find(dossier.id, on: app.db))
        let asked = try await desk.submit(form: ["action": "request_payment", "version": String(dossier.version), "amount": String(fee)], to: SiteURL.dossierActions(.value(dossier.code)).path)
        #expect(asked.status == .seeOther, "\(asked.body.string.prefix(400))")
        dossier = try #require(try await Dossier.find(dossier.id, on: app.db))
        #expect(dossier.status == DossierStatus.paymentRequested.rawValue)
        return (citizen, dossier)
    }

    /// Opens an order through the citizen's page and returns it.
    static func openOrder(_ citizen: inout BrowserSession, for dossier: Dossier, on app: Application) async throws -> PaymentOrderRecord {
        let opened = try await citizen.submit(form: [:], to: PaymentURL.citizenPayment(.value(dossier.code)).path)
        #expect(opened.status == .seeOther, "\(opened.body.string.prefix(400))")
        // The clock is fixed, so the open order is told apart by its status, not its time.
        return try #require(try await PaymentOrderRecord.query(on: app.db).filter(\.$dossierCode == dossier.code).filter(\.$status == PaymentOrderStatus.pending.rawValue).first())
    }

    /// A notice as VNPay sends it, signed with the demo secret unless `secret` says otherwise.
    static func notice(for reference: String, amount: Int64, paid: Bool = true, secret: String? = nil) -> String {
        var fields: [(String, String)] = [
            ("vnp_TmnCode", gateway.terminalCode), ("vnp_Amount", String(amount * 100)), ("vnp_BankCode", "NCB"), ("vnp_BankTranNo", "VNP1"),
            ("vnp_CardType", "ATM"), ("vnp_OrderInfo", "Nop phi"), ("vnp_PayDate", "20260302093000"), ("vnp_ResponseCode", paid ? "00" : "24"),
            ("vnp_TransactionNo", "14226112"), ("vnp_TransactionStatus", paid ? "00" : "02"), ("vnp_TxnRef", reference),
        ]
        let signer = VNPayGateway(terminalCode: gateway.terminalCode, hashSecret: secret ?? gateway.hashSecret, paymentPageURL: "")
        fields.append(("vnp_SecureHash", signer.signature(ofCanonicalQuery: VNPayGateway.canonicalQuery(fields))))
        return VNPayGateway.canonicalQuery(fields)
    }

    /// Calls the IPN with a query string and returns its answer code.
    static func ipn(_ query: String, on app: Application) async throws -> String {
        let response = try await app.testing().sendRequest(.GET, PaymentURL.vnpayNotice.path + "?" + query)
        #expect(response.status == .ok)
        let answer = try response.content.decode(PaymentController.NoticeAnswer.self)
        #expect(answer.Message == PaymentNoticeAnswer(rawValue: answer.RspCode)?.message)
        return answer.RspCode
    }

    /// Everything a notice may change, to compare before and after.
    static func footprint(of dossier: Dossier, on app: Application) async throws -> [String] {
        let current = try #require(try await Dossier.find(dossier.id, on: app.db))
        let orders = try await PaymentOrderRecord.query(on: app.db).filter(\.$dossierCode == dossier.code).sort(\.$reference).all()
        return [current.status, String(current.version),
                String(try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count()),
                String(try await AuditEntry.query(on: app.db).count()),
                String(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == dossier.code).count())]
            + orders.map { "\($0.reference) \($0.status) \($0.receiptNumber ?? "-") \($0.mismatchedAmount.map(String.init) ?? "-")" }
    }

    @Test("the citizen sees the fee with its legal basis, pays, and only the signed notice moves the dossier and issues the receipt")
    func citizenPaysOnline() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var (citizen, dossier) = try await Self.dossierWaitingForPayment(on: app)
            let page = try await citizen.get(SiteURL.citizenDossier(.value(dossier.code)).path).body.string
            #expect(page.contains("id=\"thanh-toan-truc-tuyen\"") && page.contains("Thanh toán trực tuyến"))
            #expect(page.contains("50.000"))
            #expect(page.contains("id=\"can-cu-thu\""))

            let order = try await Self.openOrder(&citizen, for: dossier, on: app)
            #expect(order.amount == Self.fee && order.orderStatus == .pending && order.payerName == "Trần Thị Mai")
            let orderPage = try await citizen.get(PaymentURL.citizenPayment(.value(dossier.code)).path)
            #expect(orderPage.status == .ok)
            #expect(orderPage.body.string.contains("vnp_Amount=5000000") && orderPage.body.string.contains("vnp_SecureHash="))
            #expect(orderPage.body.string.contains("vnp_TxnRef=\(order.reference)"))
            #expect(try await citizen.get(PaymentURL.citizenReceipt(.value(dossier.code)).path).status == .notFound, "no receipt before payment")

            #expect(try await Self.ipn(Self.notice(for: order.reference, amount: Self.fee), on: app) == "00")
            let paid = try #require(try await Dossier.find(dossier.id, on: app.db))
            #expect(paid.status == DossierStatus.received.rawValue, "back to processing")
            #expect(paid.dueAt != nil, "the clock runs again")
            let events = try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).sort(\.$sequence).all()
            #expect(events.last?.action == "record_payment" && events.last?.actorUsername == "vnpay")
            #expect(try await DossierService.replayedState(of: paid, on: app.db, calendar: app.calendarStore.calendar(on: app.db)) == paid.state)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "payment.paid").count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "dossier.record_payment").count() == 1)
            let stored = try #require(try await PaymentOrderRecord.find(order.id, on: app.db))
            #expect(stored.orderStatus == .paid && stored.receiptNumber == "BL-" + order.reference && stored.transactionNumber == "14226112")
            let message = try #require(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == dossier.code).all().first { $0.subject.contains("biên lai") })
            #expect(message.body.contains(PaymentURL.citizenReceipt(.value(dossier.code)).path) && message.body.contains("50.000"))

            let receipt = try await citizen.get(PaymentURL.citizenReceipt(.value(dossier.code)).path)
            #expect(receipt.status == .ok)
            let text = receipt.body.string
            #expect(text.contains("BIÊN LAI") && text.contains("BL-" + order.reference) && text.contains("Trần Thị Mai") && text.contains("50.000") && text.contains("Căn cứ thu"))
            let after = try await citizen.get(SiteURL.citizenDossier(.value(dossier.code)).path).body.string
            #expect(!after.contains("id=\"thanh-toan-truc-tuyen\"") && after.contains("id=\"bien-lai-dien-tu\""))
        }
    }

    @Test("every answer code: 97 bad signature, 01 unknown order, 04 wrong amount, 99 malformed change nothing; 00 confirms; a replay answers 02 and changes nothing")
    func everyAnswerCode() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var (citizen, dossier) = try await Self.dossierWaitingForPayment(on: app)
            let order = try await Self.openOrder(&citizen, for: dossier, on: app)
            let before = try await Self.footprint(of: dossier, on: app)

            #expect(try await Self.ipn(Self.notice(for: order.reference, amount: Self.fee, secret: "not-the-secret"), on: app) == "97")
            let tampered = Self.notice(for: order.reference, amount: Self.fee).replacingOccurrences(of: "vnp_Amount=5000000", with: "vnp_Amount=100")
            #expect(try await Self.ipn(tampered, on: app) == "97")
            #expect(try await Self.ipn("", on: app) == "97")
            #expect(try await Self.footprint(of: dossier, on: app) == before)
            #expect(try await Self.ipn(Self.notice(for: "MC20260302NOSUCHORDER", amount: Self.fee), on: app) == "01")
            #expect(try await Self.footprint(of: dossier, on: app) == before)

            #expect(try await Self.ipn(Self.notice(for: order.reference, amount: Self.fee + 1_000), on: app) == "04")
            let mismatch = try #require(try await PaymentOrderRecord.find(order.id, on: app.db))
            #expect(mismatch.orderStatus == .pending && mismatch.mismatchedAmount == Self.fee + 1_000, "kept for reconciliation, nothing paid")
            #expect(try await Dossier.find(dossier.id, on: app.db)?.status == DossierStatus.paymentRequested.rawValue)

            let otherMerchant = VNPayGateway(terminalCode: "KHAC", hashSecret: Self.gateway.hashSecret, paymentPageURL: "")
            var fields: [(String, String)] = [("vnp_TmnCode", "KHAC"), ("vnp_Amount", "5000000"), ("vnp_ResponseCode", "00"), ("vnp_TxnRef", order.reference)]
            fields.append(("vnp_SecureHash", otherMerchant.signature(ofCanonicalQuery: VNPayGateway.canonicalQuery(fields))))
            #expect(try await Self.ipn(VNPayGateway.canonicalQuery(fields), on: app) == "99")

            #expect(try await Self.ipn(Self.notice(for: order.reference, amount: Self.fee), on: app) == "00")
            let paid = try await Self.footprint(of: dossier, on: app)
            #expect(paid[0] == DossierStatus.received.rawValue)
            #expect(try await Self.ipn(Self.notice(for: order.reference, amount: Self.fee), on: app) == "02")
            #expect(try await Self.ipn(Self.notice(for: order.reference, amount: Self.fee, paid: false), on: app) == "02")
            #expect(try await Self.footprint(of: dossier, on: app) == paid, "a replay changes nothing")
        }
    }

    @Test("a cancelled payment closes the order, answers 00, and leaves the dossier waiting; a new order can be paid")
    func cancelledPayment() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var (citizen, dossier) = try await Self.dossierWaitingForPayment(on: app)
            let first = try await Self.openOrder(&citizen, for: dossier, on: app)
            #expect(try await Self.ipn(Self.notice(for: first.reference, amount: Self.fee, paid: false), on: app) == "00")
            #expect(try await PaymentOrderRecord.find(first.id, on: app.db)?.orderStatus == .failed)
            #expect(try await Dossier.find(dossier.id, on: app.db)?.status == DossierStatus.paymentRequested.rawValue)
            #expect(try await citizen.get(PaymentURL.citizenPayment(.value(dossier.code)).path).body.string.contains("Không có yêu cầu thanh toán đang mở"))
            let second = try await Self.openOrder(&citizen, for: dossier, on: app)
            #expect(second.reference != first.reference)
            #expect(try await Self.ipn(Self.notice(for: second.reference, amount: Self.fee), on: app) == "00")
            #expect(try await Dossier.find(dossier.id, on: app.db)?.status == DossierStatus.received.rawValue)
        }
    }

    @Test("the return page shows the outcome and decides nothing, before and after the IPN; an unsigned return is not believed")
    func returnPageBeforeAndAfterIPN() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var (citizen, dossier) = try await Self.dossierWaitingForPayment(on: app)
            let order = try await Self.openOrder(&citizen, for: dossier, on: app)
            let query = Self.notice(for: order.reference, amount: Self.fee)
            let before = try await Self.footprint(of: dossier, on: app)
            let early = try await citizen.get(PaymentURL.vnpayReturn.path + "?" + query)
            #expect(early.status == .ok)
            #expect(early.body.string.contains("id=\"cho-xac-nhan\"") && early.body.string.contains("Chờ thanh toán"))
            #expect(try await Self.footprint(of: dossier, on: app) == before, "the return page changed nothing")

            #expect(try await Self.ipn(query, on: app) == "00")
            let late = try await citizen.get(PaymentURL.vnpayReturn.path + "?" + query)
            #expect(late.body.string.contains("Đã thanh toán") && late.body.string.contains("id=\"bien-lai\""))
            let forged = try await citizen.get(PaymentURL.vnpayReturn.path + "?" + Self.notice(for: order.reference, amount: Self.fee, secret: "x"))
            #expect(forged.status == .ok && forged.body.string.contains("id=\"sai-chu-ky\""))
        }
    }

    @Test("two notices at once for the same order: one confirms, the other answers 02, and the dossier moves once")
    func concurrentNotices() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var (citizen, dossier) = try await Self.dossierWaitingForPayment(on: app)
            let order = try await Self.openOrder(&citizen, for: dossier, on: app)
            let query = Self.notice(for: order.reference, amount: Self.fee)
            async let first = Self.ipn(query, on: app)
            async let second = Self.ipn(query, on: app)
            let answers = try await [first, second].sorted()
            #expect(answers == ["00", "02"])
            #expect(try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).filter(\.$action == "record_payment").count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "payment.paid").count() == 1)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == dossier.code).all().filter { $0.subject.contains("biên lai") }.count >= 1)
            let receipts = try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == dossier.code).all().filter { $0.subject.contains("biên lai") }
            #expect(Set(receipts.map(\.channel)).count == receipts.count, "one receipt message per channel")
        }
    }

    @Test("a payment that arrives after the dossier was withdrawn is recorded for refund; the dossier stays withdrawn")
    func paymentForWithdrawnDossier() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var (citizen, dossier) = try await Self.dossierWaitingForPayment(on: app)
            let order = try await Self.openOrder(&citizen, for: dossier, on: app)
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let withdrawn = try await desk.submit(form: ["action": "withdraw", "version": String(dossier.version), "reason": "Người nộp xin rút hồ sơ"], to: SiteURL.dossierActions(.value(dossier.code)).path)
            #expect(withdrawn.status == .seeOther, "\(withdrawn.body.string.prefix(400))")
            #expect(try await Self.ipn(Self.notice(for: order.reference, amount: Self.fee), on: app) == "00")
            let stored = try #require(try await PaymentOrderRecord.find(order.id, on: app.db))
            #expect(stored.orderStatus == .refundDue && stored.receiptNumber != nil)
            #expect(try await Dossier.find(dossier.id, on: app.db)?.status == DossierStatus.withdrawn.rawValue)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "payment.refund_due").count() == 1)
            let receipt = try await citizen.get(PaymentURL.citizenReceipt(.value(dossier.code)).path)
            #expect(receipt.status == .ok && receipt.body.string.contains("id=\"hoan-tra\""))
            #expect(try await Self.ipn(Self.notice(for: order.reference, amount: Self.fee), on: app) == "02")
        }
    }

    @Test("a fee at online submission: the order opens with the submission, the notice records the payment without a step or a date, and reception then starts the clock")
    func feeAtOnlineSubmission() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var citizen = try await CitizenTests.registered(on: app)
            let procedure = try #require(try await app.catalogStore.catalog(on: app.db).procedure(code: "1.004194"))
            let files = procedure.requiredDocuments.indices.map { (field: "file\($0)", name: "ban-quet-\($0).pdf", type: "application/pdf", bytes: CitizenTests.pdf) }
            let submitted = try await citizen.submitMultipart(
                fields: [("applicantKind", "person"), ("fullName", "Trần Thị Mai"), ("idNumber", "034185001111"), ("phone", "0987 111 222"), ("address", "Xóm Chùa")],
                files: files, to: SiteURL.onlineSubmission(.value(DemoCommune.phungCong), .value("1.004194")).path
            )
            #expect(submitted.status == .seeOther, "\(submitted.body.string.prefix(400))")
            let dossier = try await CitizenTests.onlineDossier(on: app)
            #expect(dossier.status == DossierStatus.new.rawValue && dossier.feeAmount == 15_000 && dossier.dueAt == nil)
            let order = try #require(try await PaymentOrderRecord.query(on: app.db).filter(\.$dossierCode == dossier.code).first(), "opened with the submission")
            #expect(order.amount == 15_000 && order.orderStatus == .pending)
            let page = try await citizen.get(SiteURL.citizenDossier(.value(dossier.code)).path).body.string
            #expect(page.contains("id=\"thanh-toan-truc-tuyen\"") && page.contains("15.000"))
            let button = try await citizen.submit(form: [:], to: PaymentURL.citizenPayment(.value(dossier.code)).path)
            #expect(button.status == .seeOther)
            #expect(try await PaymentOrderRecord.query(on: app.db).filter(\.$dossierCode == dossier.code).count() == 1, "the button shows the open order")
            let events = try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count()

            #expect(try await Self.ipn(Self.notice(for: order.reference, amount: 15_000), on: app) == "00")
            let paid = try #require(try await Dossier.find(dossier.id, on: app.db))
            #expect(paid.status == DossierStatus.new.rawValue && paid.version == dossier.version && paid.dueAt == nil, "no step, no date")
            #expect(try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count() == events)
            #expect(try await PaymentOrderRecord.find(order.id, on: app.db)?.orderStatus == .paid)
            let after = try await citizen.get(SiteURL.citizenDossier(.value(dossier.code)).path).body.string
            #expect(!after.contains("id=\"thanh-toan-truc-tuyen\"") && after.contains("id=\"bien-lai-dien-tu\""), "nothing more is due")

            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let received = try await desk.submit(form: ["action": "receive", "version": String(paid.version)], to: SiteURL.dossierActions(.value(dossier.code)).path)
            #expect(received.status == .seeOther)
            #expect(try await Dossier.find(dossier.id, on: app.db)?.dueAt != nil, "the clock starts at reception, as for any dossier")
        }
    }

    @Test("nothing to pay: no button, and opening an order is refused with a reason")
    func nothingDue() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var citizen = try await CitizenTests.registered(on: app)
            _ = try await CitizenTests.submitOnline(&citizen, on: app)
            let dossier = try await CitizenTests.onlineDossier(on: app)
            #expect(!(try await citizen.get(SiteURL.citizenDossier(.value(dossier.code)).path).body.string.contains("thanh-toan-truc-tuyen")))
            let refused = try await citizen.submit(form: [:], to: PaymentURL.citizenPayment(.value(dossier.code)).path)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("không chờ nộp phí"))
            #expect(try await PaymentOrderRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("settings: the demo account outside production; production without an account has no online payment and refuses the demo one")
    func settings() throws {
        #expect(try Settings.fromEnvironment(.testing, variables: [:]).vnpay == .demo)
        #expect(try Settings.fromEnvironment(.production, variables: [:]).vnpay == nil)
        let real = try Settings.fromEnvironment(.production, variables: ["MOTCUA_VNPAY_TMN_CODE": "XAPHUNGC", "MOTCUA_VNPAY_HASH_SECRET": "bi-mat-that-cua-xa", "MOTCUA_VNPAY_URL": "https://pay.vnpay.vn/vpcpay.html"])
        #expect(real.vnpay?.terminalCode == "XAPHUNGC")
        #expect(throws: Settings.Problem.self) { try Settings.fromEnvironment(.production, variables: ["MOTCUA_VNPAY_TMN_CODE": "MOTCUADEMO", "MOTCUA_VNPAY_HASH_SECRET": "MOTCUA-DEMO-SECRET-NOT-FOR-PRODUCTION"]) }
        #expect(throws: Settings.Problem.self) { try Settings.fromEnvironment(.production, variables: ["MOTCUA_VNPAY_TMN_CODE": "XAPHUNGC", "MOTCUA_VNPAY_HASH_SECRET": "bi-mat", "MOTCUA_VNPAY_URL": "http://pay.vnpay.vn"]) }
        #expect(throws: Settings.Problem.self) { try Settings.fromEnvironment(.testing, variables: ["MOTCUA_VNPAY_TMN_CODE": "XAPHUNGC"]) }
    }
}

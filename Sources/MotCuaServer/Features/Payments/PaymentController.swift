import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The paths of online payment (issue #21).
enum PaymentURL: SitePath, Sendable {
    /// `GET` the order with its link to the intermediary, `POST` to open a new order: the citizen's own dossier.
    case citizenPayment(Parameter<String>)
    /// `GET /cong-dan/ho-so/:dossierCode/bien-lai`: the electronic receipt, printable.
    case citizenReceipt(Parameter<String>)
    /// `GET /thanh-toan/vnpay/ipn`: VNPay's signed notice; the only request that changes a payment's state.
    case vnpayNotice
    /// `GET /thanh-toan/vnpay/tra-ve`: where VNPay sends the citizen's browser back; it shows, it decides nothing.
    case vnpayReturn

    var segments: [String] {
        switch self {
        case .citizenPayment(let code): ["cong-dan", "ho-so", code.segment(named: SiteURL.Key.dossierCode), "thanh-toan"]
        case .citizenReceipt(let code): ["cong-dan", "ho-so", code.segment(named: SiteURL.Key.dossierCode), "bien-lai"]
        case .vnpayNotice: ["thanh-toan", "vnpay", "ipn"]
        case .vnpayReturn: ["thanh-toan", "vnpay", "tra-ve"]
        }
    }
}

/// Registers the online payment pages and the intermediary's notice.
func paymentRoutes(_ app: Application) {
    app.get(PaymentURL.citizenPayment(.key).pathComponents, use: PaymentController.showOrder)
    app.post(PaymentURL.citizenPayment(.key).pathComponents, use: PaymentController.openOrder)
    app.get(PaymentURL.citizenReceipt(.key).pathComponents, use: PaymentController.receipt)
    app.get(PaymentURL.vnpayNotice.pathComponents, use: PaymentController.vnpayNotice)
    app.get(PaymentURL.vnpayReturn.pathComponents, use: PaymentController.vnpayReturn)
}

enum PaymentController {
    /// The payment panel of the citizen's dossier page, when a fee is due online.
    struct Panel: Encodable {
        let amount: String
        let feeName: String
        let legalBasis: String
        let payPath: String
    }

    /// The panel for the citizen's dossier page: `nil` when nothing is due or online payment is not set up.
    static func panel(for dossier: Dossier, on req: Request) async throws -> Panel? {
        guard PaymentService.gateway(req.application) != nil, let due = try await PaymentService.due(for: dossier, on: req.application, db: req.db) else { return nil }
        return Panel(amount: VND.format(due.amount), feeName: due.feeName, legalBasis: due.legalBasis, payPath: PaymentURL.citizenPayment(.value(dossier.code)).path)
    }

    struct OrderPage: Encodable {
        let page: PageContext
        let code: String
        let reference: String
        let amount: String
        let feeName: String
        let legalBasis: String
        let expiresAt: String
        let gatewayURL: String
        let dossierPath: String
    }

    /// `POST /cong-dan/ho-so/:dossierCode/thanh-toan`: opens an order for the due fee and shows it.
    static func openOrder(req: Request) async throws -> Response {
        let identity = try await CitizenAuth.require(req)
        let dossier = try await CitizenDossierController.ownDossier(req, identity)
        guard PaymentService.gateway(req.application) != nil else { throw AppError.invalid("Xã chưa mở thanh toán trực tuyến; mời ông/bà nộp phí tại bộ phận một cửa.") }
        // The order opened at submission (or a moment ago) is still open at the intermediary: show it rather than open another.
        let open = try await PaymentOrderRecord.query(on: req.db).filter(\.$dossier.$id == dossier.requireID())
            .filter(\.$status == PaymentOrderStatus.pending.rawValue).filter(\.$expiresAt > req.now).count()
        if open > 0, try await PaymentService.due(for: dossier, on: req.application, db: req.db) != nil {
            return req.redirect(to: PaymentURL.citizenPayment(.value(dossier.code)).path, redirectType: .normal)
        }
        _ = try await PaymentService.openOrder(for: dossier, payerName: identity.fullName, at: req.now, on: req.application,
                                               audit: OnlineSubmissionController.acting(req, identity).audit)
        return req.redirect(to: PaymentURL.citizenPayment(.value(dossier.code)).path, redirectType: .normal)
    }

    /// `GET /cong-dan/ho-so/:dossierCode/thanh-toan`: the open order and the link to the intermediary's payment page.
    ///
    /// A link, not a redirect: the site's `form-action 'self'` policy rightly stops a form from leaving the site.
    static func showOrder(req: Request) async throws -> View {
        let identity = try await CitizenAuth.require(req)
        let dossier = try await CitizenDossierController.ownDossier(req, identity)
        guard let gateway = PaymentService.gateway(req.application),
              let order = try await PaymentOrderRecord.query(on: req.db).filter(\.$dossier.$id == dossier.requireID())
                .filter(\.$status == PaymentOrderStatus.pending.rawValue).filter(\.$expiresAt > req.now).sort(\.$createdAt, .descending).first()
        else { return try await req.view.render("payments/none", ["page": try await PageContext.make(for: req, title: "Thanh toán trực tuyến")]) }
        let returnURL = req.publicBaseURL + PaymentURL.vnpayReturn.path
        let url = gateway.paymentURL(
            for: PaymentOrder(reference: order.reference, amount: order.amount, description: "Nop phi le phi ho so \(order.dossierCode)", createdAt: order.createdAt, expiresAt: order.expiresAt),
            returnURL: returnURL, clientAddress: req.remoteAddress?.ipAddress ?? "127.0.0.1"
        )
        return try await req.view.render("payments/order", OrderPage(
            page: try await PageContext.make(for: req, title: "Thanh toán trực tuyến"), code: dossier.code, reference: order.reference,
            amount: VND.format(order.amount), feeName: order.feeName, legalBasis: order.legalBasis, expiresAt: VietnameseFormat.dateTime(order.expiresAt),
            gatewayURL: url, dossierPath: SiteURL.citizenDossier(.value(dossier.code)).path
        ))
    }

    struct ReceiptPage: Encodable {
        let page: PageContext
        let number: String
        let payerName: String
        let amount: String
        let feeName: String
        let legalBasis: String
        let paidAt: String
        let dossierCode: String
        let communeName: String
        let method: String
        let transactionNumber: String
        let refundDue: Bool
        let dossierPath: String
    }

    /// `GET /cong-dan/ho-so/:dossierCode/bien-lai`: the electronic receipt of the dossier's online payment.
    static func receipt(req: Request) async throws -> View {
        let identity = try await CitizenAuth.require(req)
        let dossier = try await CitizenDossierController.ownDossier(req, identity)
        guard let order = try await PaymentOrderRecord.query(on: req.db).filter(\.$dossier.$id == dossier.requireID())
            .filter(\.$receiptNumber != nil).sort(\.$notifiedAt, .descending).first(), let paidAt = order.notifiedAt
        else { throw AppError.notFound }
        let commune = try await dossier.$commune.get(on: req.db)
        return try await req.view.render("payments/receipt", ReceiptPage(
            page: try await PageContext.make(for: req, title: "Biên lai điện tử \(order.receiptNumber ?? "")"), number: order.receiptNumber ?? "",
            payerName: order.payerName, amount: VND.format(order.amount), feeName: order.feeName, legalBasis: order.legalBasis,
            paidAt: VietnameseFormat.dateTime(paidAt), dossierCode: order.dossierCode, communeName: commune.fullName, method: "VNPay",
            transactionNumber: order.transactionNumber ?? "", refundDue: order.orderStatus == .refundDue,
            dossierPath: SiteURL.citizenDossier(.value(dossier.code)).path
        ))
    }

    /// The answer VNPay expects from the IPN.
    struct NoticeAnswer: Content {
        let RspCode: String
        let Message: String
    }

    /// `GET /thanh-toan/vnpay/ipn`: VNPay's signed notice, answered with `{"RspCode", "Message"}` (always HTTP 200,
    /// as VNPay reads only the body); a failure of ours answers 99 so that VNPay tries again.
    static func vnpayNotice(req: Request) async throws -> Response {
        let parameters = queryPairs(req)
        let answer: PaymentNoticeAnswer
        do {
            answer = try await PaymentService.handleNotice(parameters, at: req.now, on: req.application, calendar: try await req.workingDayCalendar()).answer
        } catch {
            req.logger.error("VNPay IPN failed: \(String(reflecting: error))")
            answer = .other
        }
        let response = Response(status: .ok)
        try response.content.encode(NoticeAnswer(RspCode: answer.rawValue, Message: answer.message), as: .json)
        return response
    }

    struct ReturnPage: Encodable {
        let page: PageContext
        let isSignatureValid: Bool
        let saysPaid: Bool
        let reference: String
        let amount: String
        let orderStatus: String
        let isPaid: Bool
        let receiptPath: String?
        let dossierPath: String?
    }

    /// `GET /thanh-toan/vnpay/tra-ve`: what VNPay told the browser, and what MotCua has recorded; it changes nothing.
    static func vnpayReturn(req: Request) async throws -> View {
        let reading = PaymentService.gateway(req.application)?.readNotice(queryPairs(req)) ?? .failure(.badSignature)
        var notice: PaymentNotice?
        if case .success(let read) = reading { notice = read }
        let order = try await notice.asyncMap { try await PaymentOrderRecord.query(on: req.db).filter(\.$reference == $0.reference).first() } ?? nil
        let status = order?.orderStatus
        return try await req.view.render("payments/return", ReturnPage(
            page: try await PageContext.make(for: req, title: "Kết quả thanh toán"), isSignatureValid: notice != nil,
            saysPaid: notice?.isSuccessful ?? false, reference: notice?.reference ?? "", amount: order.map { VND.format($0.amount) } ?? "",
            orderStatus: status?.vietnameseName ?? "Không tìm thấy giao dịch", isPaid: status == .paid || status == .refundDue,
            receiptPath: order.flatMap { $0.receiptNumber == nil ? nil : PaymentURL.citizenReceipt(.value($0.dossierCode)).path },
            dossierPath: order.map { SiteURL.citizenDossier(.value($0.dossierCode)).path }
        ))
    }

    /// The query string's pairs in order, decoded (`+` as space), as VNPay's parameters arrive.
    static func queryPairs(_ req: Request) -> [(String, String)] {
        guard let query = req.url.query else { return [] }
        return query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String? { String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = parts.first.flatMap(decode) else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) ?? "" : "")
        }
    }
}

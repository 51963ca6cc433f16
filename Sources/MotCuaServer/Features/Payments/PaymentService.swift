import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// Online payment of a dossier's fee: orders sent to the intermediary, and the signed notice (IPN) that alone changes
/// state. The notice closes its order, moves the dossier on through `DossierService` (the clock rule stays there),
/// writes the receipt, journals and messages the applicant, all in one transaction.
enum PaymentService {
    /// Who records a payment confirmed by the intermediary: no officer, in the counter's role that the rules give
    /// `recordPayment` (an officer records a payment made at the desk the same way).
    static let vnpayActing = DossierService.Acting(
        actor: DossierActor(username: "vnpay", roles: [.counterOfficer]),
        audit: AuditActor(officerID: nil, username: "vnpay", role: "payment_intermediary", communeID: nil, clientAddress: "vnpay-ipn"),
        officerID: nil, unitName: "Cổng thanh toán VNPay"
    )

    /// An unpaid order is open for this long at the intermediary.
    static let orderLifetime: TimeInterval = 15 * 60

    /// What the applicant is asked to pay for a dossier now, or `nil` when nothing is due.
    struct Due: Sendable {
        let amount: Int64
        let feeName: String
        let legalBasis: String
    }

    /// The stage at which the dossier takes an online payment now (`FeePaymentRules`), or `nil`.
    static func stage(of dossier: Dossier, on db: any Database) async throws -> FeePaymentRules.Stage? {
        guard let status = DossierStatus(rawValue: dossier.status) else { return nil }
        var isAlreadyPaid = false
        if status == .new {
            // A dossier back at the desk after a supplement may have paid already, online or at the desk.
            let dossierID = try dossier.requireID()
            let paidOnline = try await PaymentOrderRecord.query(on: db).filter(\.$dossier.$id == dossierID).filter(\.$status == PaymentOrderStatus.paid.rawValue).count()
            let paidAtDesk = try await DossierEventRecord.query(on: db).filter(\.$dossier.$id == dossierID).filter(\.$action == DossierAction.recordPayment.rawValue).count()
            isAlreadyPaid = paidOnline + paidAtDesk > 0
        }
        return FeePaymentRules.stage(status: status, channel: IntakeChannel(rawValue: dossier.channel) ?? .counter, fee: dossier.feeAmount, isAlreadyPaid: isAlreadyPaid)
    }

    /// The amount due now, with the fee's name and legal basis: the catalog's fee right after online submission, or
    /// the amount of the desk's last payment request (its fee when the request named none).
    static func due(for dossier: Dossier, on app: Application, db: any Database) async throws -> Due? {
        guard let stage = try await stage(of: dossier, on: db) else { return nil }
        var amount = dossier.feeAmount
        if stage == .requested {
            let request = try await DossierEventRecord.query(on: db).filter(\.$dossier.$id == dossier.requireID())
                .filter(\.$action == DossierAction.requestPayment.rawValue).sort(\.$sequence, .descending).first()
            if let request, case .requestPayment(let asked)? = try? JSONDecoder().decode(DossierCommand.self, from: Data(request.payload.utf8)) {
                amount = asked
            }
        }
        guard amount > 0 else { return nil }
        let catalog = try await app.catalogStore.catalog(on: db)
        let definition = catalog.procedures.first { $0.code == dossier.procedureCode }
        var basis = definition?.legalBasis ?? ""
        if case .setByProvince? = definition?.fee, let fee = try await app.catalogStore.provinceFees(on: db)?.fee(for: dossier.procedureCode) {
            basis = fee.source
        }
        return Due(amount: amount, feeName: "Phí, lệ phí: \(dossier.procedureName)",
                   legalBasis: basis.isEmpty ? "Theo quy định về phí, lệ phí của thủ tục \(dossier.procedureCode)" : basis)
    }

    /// The VNPay adapter of this server, or `nil` when online payment is not set up (production without an account).
    static func gateway(_ app: Application) -> VNPayGateway? {
        app.settings.vnpay.map { VNPayGateway(terminalCode: $0.terminalCode, hashSecret: $0.hashSecret, paymentPageURL: $0.paymentPageURL) }
    }

    /// A new transaction reference: the day and 10 random characters, unique for ever by the table's constraint.
    static func newReference(at now: Date) -> String {
        let day = LocalDateTime(now).map { String(format: "%04d%02d%02d", $0.date.year, $0.date.month, $0.date.day) } ?? "00000000"
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return "MC\(day)" + String((0..<10).map { _ in alphabet.randomElement()! })
    }

    /// Opens an order for the dossier's due fee and journals it; throws a 422 when nothing is due.
    static func openOrder(for dossier: Dossier, payerName: String, at now: Date, on app: Application, audit: AuditActor) async throws -> PaymentOrderRecord {
        guard let due = try await due(for: dossier, on: app, db: app.db) else {
            throw AppError.invalid("Hồ sơ \(dossier.code) hiện không chờ nộp phí, lệ phí trực tuyến.")
        }
        let dossierID = try dossier.requireID()
        let communeID = dossier.$commune.id
        let code = dossier.code
        return try await app.writeTransaction { db in
            let order = PaymentOrderRecord()
            order.createdAt = now
            order.$commune.id = communeID
            order.$dossier.id = dossierID
            order.reference = newReference(at: now)
            order.method = "vnpay"
            order.dossierCode = code
            order.amount = due.amount
            order.feeName = due.feeName
            order.legalBasis = due.legalBasis
            order.payerName = payerName
            order.status = PaymentOrderStatus.pending.rawValue
            order.expiresAt = now.addingTimeInterval(orderLifetime)
            try await order.create(on: db)
            try await AuditJournal.append(
                AuditEvent(action: "payment.order", objectType: "payment_order", objectID: order.reference, communeID: communeID,
                           summary: "\(code): gửi yêu cầu thanh toán \(VND.format(due.amount)) qua VNPay"),
                by: audit, at: now, on: db
            )
            return order
        }
    }

    /// What a notice did, for the IPN's answer and for tests.
    struct NoticeResult: Sendable {
        let answer: PaymentNoticeAnswer
        let order: PaymentOrderRecord?
    }

    /// Handles a notice from VNPay (the IPN): checks it, and changes state only for a pending order, once.
    static func handleNotice(_ parameters: [(String, String)], at now: Date, on app: Application, calendar: WorkingDayCalendar) async throws -> NoticeResult {
        guard let gateway = gateway(app) else { return NoticeResult(answer: .other, order: nil) }
        let reading = gateway.readNotice(parameters)
        guard case .success(let notice) = reading else {
            return NoticeResult(answer: PaymentNoticeRules.outcome(of: reading, orderStatus: .pending, orderAmount: 0).answer, order: nil)
        }
        guard let found = try await PaymentOrderRecord.query(on: app.db).filter(\.$reference == notice.reference).first() else {
            return NoticeResult(answer: .orderNotFound, order: nil)
        }
        let orderID = try found.requireID()
        return try await app.writeTransaction { db in
            // The order's row lock makes a second notice for it wait, then see it closed (SQLite runs one writer at a time).
            guard let order = try await PaymentOrderRecord.lockedRow(orderID, on: db) else { return NoticeResult(answer: .orderNotFound, order: nil) }
            let outcome = PaymentNoticeRules.outcome(of: reading, orderStatus: order.orderStatus, orderAmount: order.amount)
            switch outcome {
            case .refuse(let answer):
                if answer == .wrongAmount {
                    order.mismatchedAmount = notice.amount ?? -1
                    try await order.save(on: db)
                    try await AuditJournal.append(
                        AuditEvent(action: "payment.amount_mismatch", objectType: "payment_order", objectID: order.reference, communeID: order.$commune.id,
                                   summary: "\(order.dossierCode): VNPay báo số tiền \(notice.amount.map(VND.format) ?? "không hợp lệ"), yêu cầu \(VND.format(order.amount)); không ghi nhận"),
                        by: vnpayActing.audit, at: now, on: db
                    )
                }
                return NoticeResult(answer: answer, order: order)
            case .recordFailure:
                close(order, as: .failed, notice: notice, at: now)
                try await order.save(on: db)
                try await AuditJournal.append(
                    AuditEvent(action: "payment.failed", objectType: "payment_order", objectID: order.reference, communeID: order.$commune.id,
                               summary: "\(order.dossierCode): thanh toán không thành công (mã \(notice.resultCode))"),
                    by: vnpayActing.audit, at: now, on: db
                )
                return NoticeResult(answer: .confirmed, order: order)
            case .confirmPayment:
                guard let dossier = try await Dossier.lockedRow(order.$dossier.id, on: db) else { return NoticeResult(answer: .other, order: nil) }
                order.receiptNumber = "BL-" + order.reference
                let stage = try await stage(of: dossier, on: db)
                if stage == .atSubmission {
                    // Paid before the desk received the dossier: no step and no date moves (see `FeePaymentRules.stage`).
                    close(order, as: .paid, notice: notice, at: now)
                    try await order.save(on: db)
                    try await AuditJournal.append(
                        AuditEvent(action: "payment.paid", objectType: "payment_order", objectID: order.reference, communeID: order.$commune.id,
                                   summary: "\(order.dossierCode): đã thu \(VND.format(order.amount)) qua VNPay khi nộp hồ sơ trực tuyến (giao dịch \(notice.transactionNumber)), biên lai \(order.receiptNumber ?? "")"),
                        by: vnpayActing.audit, at: now, on: db
                    )
                    try await enqueueReceipt(order, dossier: dossier, at: now, on: app, db: db)
                } else if stage == .requested {
                    close(order, as: .paid, notice: notice, at: now)
                    try await order.save(on: db)
                    _ = try await DossierService.perform(.recordPayment, on: try dossier.requireID(), expectedVersion: nil, by: vnpayActing, at: now, calendar: calendar, inTransaction: db)
                    try await AuditJournal.append(
                        AuditEvent(action: "payment.paid", objectType: "payment_order", objectID: order.reference, communeID: order.$commune.id,
                                   summary: "\(order.dossierCode): đã thu \(VND.format(order.amount)) qua VNPay (giao dịch \(notice.transactionNumber)), biên lai \(order.receiptNumber ?? "")"),
                        by: vnpayActing.audit, at: now, on: db
                    )
                    try await enqueueReceipt(order, dossier: dossier, at: now, on: app, db: db)
                } else {
                    // The money was taken but the dossier no longer waits for it (withdrawn, or paid at the desk).
                    close(order, as: .refundDue, notice: notice, at: now)
                    try await order.save(on: db)
                    try await AuditJournal.append(
                        AuditEvent(action: "payment.refund_due", objectType: "payment_order", objectID: order.reference, communeID: order.$commune.id,
                                   summary: "\(order.dossierCode): đã thu \(VND.format(order.amount)) qua VNPay nhưng hồ sơ \(DossierStatus(rawValue: dossier.status)?.vietnameseName ?? dossier.status); cần hoàn trả"),
                        by: vnpayActing.audit, at: now, on: db
                    )
                }
                return NoticeResult(answer: .confirmed, order: order)
            }
        }
    }

    private static func close(_ order: PaymentOrderRecord, as status: PaymentOrderStatus, notice: PaymentNotice, at now: Date) {
        order.status = status.rawValue
        order.notifiedAt = now
        order.transactionNumber = notice.transactionNumber
        order.bankCode = notice.bankCode
        order.resultCode = notice.resultCode
    }

    /// The applicant's message with the receipt's address, through the commune outbox.
    private static func enqueueReceipt(_ order: PaymentOrderRecord, dossier: Dossier, at now: Date, on app: Application, db: any Database) async throws {
        let link = (app.settings.publicBaseURL ?? "") + PaymentURL.citizenReceipt(.value(dossier.code)).path
        for (channel, recipient) in [("sms", dossier.applicantPhone), ("email", dossier.applicantEmail)] {
            guard let recipient else { continue }
            let message = OutboxMessage()
            message.$commune.id = dossier.$commune.id
            message.dossierCode = dossier.code
            message.channel = channel
            message.recipient = recipient
            message.subject = "MotCua: biên lai hồ sơ \(dossier.code)"
            message.body = "Đã nhận \(VND.format(order.amount)) phí, lệ phí của hồ sơ \(dossier.code). Biên lai điện tử số \(order.receiptNumber ?? ""): \(link)"
            message.status = .pending
            message.attempts = 0
            message.nextAttemptAt = now
            try await message.create(on: db)
        }
    }
}

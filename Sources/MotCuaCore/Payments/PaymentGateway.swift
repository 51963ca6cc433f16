import Foundation

/// What MotCua asks an applicant to pay online: one order per attempt, identified by its transaction reference.
public struct PaymentOrder: Sendable, Equatable {
    /// The merchant's transaction reference, unique for ever (VNPay `vnp_TxnRef`).
    public var reference: String
    /// The amount in whole đồng.
    public var amount: Int64
    /// What is paid for, as the intermediary shows it (ASCII: VNPay refuses diacritics in `vnp_OrderInfo`).
    public var description: String
    /// When the order was made.
    public var createdAt: Date
    /// After this instant the intermediary refuses to take the payment.
    public var expiresAt: Date

    /// Creates an order.
    public init(reference: String, amount: Int64, description: String, createdAt: Date, expiresAt: Date) {
        self.reference = reference
        self.amount = amount
        self.description = description
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Where an order stands in MotCua, as far as a notice is concerned.
public enum PaymentOrderStatus: String, Sendable, Codable, CaseIterable {
    /// Sent to the intermediary; no signed notice yet.
    case pending
    /// Paid, and the dossier moved on.
    case paid
    /// The intermediary told us the applicant cancelled or the payment failed.
    case failed
    /// Paid, but the dossier no longer waited for it (withdrawn, or paid at the desk meanwhile): money to give back.
    case refundDue = "refund_due"

    /// The status in Vietnamese.
    public var vietnameseName: String {
        switch self {
        case .pending: "Chờ thanh toán"
        case .paid: "Đã thanh toán"
        case .failed: "Không thành công"
        case .refundDue: "Đã thu, cần hoàn trả"
        }
    }
}

/// A notice from the intermediary, once its signature has been checked.
public struct PaymentNotice: Sendable, Equatable {
    /// The merchant's transaction reference the notice is about.
    public var reference: String
    /// The amount paid, in whole đồng, or `nil` when the intermediary's figure is not a whole number of đồng.
    public var amount: Int64?
    /// Whether the money was taken.
    public var isSuccessful: Bool
    /// The intermediary's own transaction number.
    public var transactionNumber: String
    /// The bank or wallet used, as the intermediary names it.
    public var bankCode: String
    /// The intermediary's result code, kept for the reconciliation page.
    public var resultCode: String

    /// Creates a notice.
    public init(reference: String, amount: Int64?, isSuccessful: Bool, transactionNumber: String, bankCode: String, resultCode: String) {
        self.reference = reference
        self.amount = amount
        self.isSuccessful = isSuccessful
        self.transactionNumber = transactionNumber
        self.bankCode = bankCode
        self.resultCode = resultCode
    }
}

/// Why a notice could not be read.
public enum PaymentNoticeProblem: Error, Sendable, Equatable {
    /// The signature is missing or does not match the parameters.
    case badSignature
    /// A field the protocol requires is missing or malformed.
    case malformed(String)
}

/// The port between MotCua and an online payment intermediary; each intermediary is one adapter behind it.
public protocol PaymentGateway: Sendable {
    /// The method name stored with each order and shown on the reconciliation page.
    var method: String { get }
    /// The address the applicant's browser is sent to, carrying the signed order.
    func paymentURL(for order: PaymentOrder, returnURL: String, clientAddress: String) -> String
    /// Reads a notice (the IPN, or the parameters of the return address) and checks its signature.
    func readNotice(_ parameters: [(String, String)]) -> Result<PaymentNotice, PaymentNoticeProblem>
}

/// What MotCua does with a notice, and what it answers the intermediary.
public enum PaymentNoticeOutcome: Sendable, Equatable {
    /// The payment is confirmed: the dossier moves on (or, if it no longer waits for payment, the money is owed back).
    case confirmPayment
    /// The intermediary reports a cancelled or failed payment: the order is closed, nothing else changes.
    case recordFailure
    /// Nothing changes; the answer says why.
    case refuse(PaymentNoticeAnswer)

    /// The answer to give the intermediary.
    public var answer: PaymentNoticeAnswer {
        switch self {
        case .confirmPayment, .recordFailure: .confirmed
        case .refuse(let answer): answer
        }
    }
}

/// The answer codes of VNPay's IPN (`RspCode`), which the generic platform answer follows too.
public enum PaymentNoticeAnswer: String, Sendable, CaseIterable {
    case confirmed = "00"
    case orderNotFound = "01"
    case alreadyConfirmed = "02"
    case wrongAmount = "04"
    case badSignature = "97"
    case other = "99"

    /// The message VNPay's integration guide pairs with the code.
    public var message: String {
        switch self {
        case .confirmed: "Confirm Success"
        case .orderNotFound: "Order not found"
        case .alreadyConfirmed: "Order already confirmed"
        case .wrongAmount: "Invalid amount"
        case .badSignature: "Invalid signature"
        case .other: "Unknown error"
        }
    }
}

/// The rule for a signed notice: which order it may change, and how.
public enum PaymentNoticeRules {
    /// The outcome of a notice read as `reading`, for the order it names (`nil` when no such order exists).
    ///
    /// Only a pending order changes, and only once: a replay of a notice already handled answers "already confirmed"
    /// and changes nothing, whatever it says. The amount is checked before success or failure is taken.
    public static func outcome(of reading: Result<PaymentNotice, PaymentNoticeProblem>, orderStatus: PaymentOrderStatus?, orderAmount: Int64?) -> PaymentNoticeOutcome {
        let notice: PaymentNotice
        switch reading {
        case .failure(.badSignature): return .refuse(.badSignature)
        case .failure(.malformed): return .refuse(.other)
        case .success(let read): notice = read
        }
        guard let orderStatus, let orderAmount else { return .refuse(.orderNotFound) }
        guard orderStatus == .pending else { return .refuse(.alreadyConfirmed) }
        guard notice.amount == orderAmount else { return .refuse(.wrongAmount) }
        return notice.isSuccessful ? .confirmPayment : .recordFailure
    }
}

/// When a dossier's fee is paid online, and what a confirmed payment then does to the dossier.
public enum FeePaymentRules {
    /// The moment of the dossier's life at which it takes an online payment.
    public enum Stage: Sendable, Equatable {
        /// Right after online submission, before the desk receives the dossier: the fee set by the catalog.
        case atSubmission
        /// After the desk asked for the fee ("Yêu cầu nộp phí, lệ phí"): the amount it asked.
        case requested
    }

    /// The stage at which the dossier takes an online payment now, or `nil` when it takes none (and money that arrives
    /// anyway is owed back).
    ///
    /// How this fits the clock of `recordPayment` (see `DossierRules`): a payment the desk requested stops the clock
    /// before the result and `recordPayment` resumes it with the days that were left, so a requested fee paid online goes
    /// through `recordPayment` like one paid at the desk. A fee paid at submission is paid while the dossier is still
    /// "new": its clock has not started (it starts when the desk receives it), so the payment takes no step and moves no
    /// date; the desk then receives the dossier as any other, and the clock starts from that reception.
    public static func stage(status: DossierStatus, channel: IntakeChannel, fee: Int64, isAlreadyPaid: Bool) -> Stage? {
        switch status {
        case .paymentRequested: .requested
        case .new where channel == .online && fee > 0 && !isAlreadyPaid: .atSubmission
        default: nil
        }
    }
}

import Crypto
import Foundation

/// The VNPay adapter (payment gateway API version 2.1.0).
///
/// Protocol source: VNPay's merchant integration guide, "Tài liệu kỹ thuật tích hợp cổng thanh toán VNPAY" (version 2.1.0,
/// sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html) and its PHP sample code: every `vnp_*` parameter except the
/// signature is sorted by name, each name and value URL-encoded as PHP's `urlencode` does (space as `+`, every byte
/// outside `A–Z a–z 0–9 - _ .` as `%XX`), joined with `&`, and signed with HMAC-SHA512 under the merchant's secret (hex).
/// The amount is sent in hundredths of a đồng (đồng × 100).
public struct VNPayGateway: PaymentGateway {
    /// The merchant (terminal) code VNPay assigned (`vnp_TmnCode`).
    public let terminalCode: String
    /// The merchant's secret for HMAC-SHA512 (`vnp_HashSecret`).
    public let hashSecret: String
    /// The address of VNPay's payment page (`…/paymentv2/vpcpay.html`).
    public let paymentPageURL: String

    public var method: String { "vnpay" }

    /// Creates the adapter for one merchant.
    public init(terminalCode: String, hashSecret: String, paymentPageURL: String) {
        self.terminalCode = terminalCode
        self.hashSecret = hashSecret
        self.paymentPageURL = paymentPageURL
    }

    /// The parameters of the payment request, unsigned.
    public func requestParameters(for order: PaymentOrder, returnURL: String, clientAddress: String) -> [(String, String)] {
        [
            ("vnp_Version", "2.1.0"),
            ("vnp_Command", "pay"),
            ("vnp_TmnCode", terminalCode),
            ("vnp_Amount", String(order.amount * 100)),
            ("vnp_CurrCode", "VND"),
            ("vnp_TxnRef", order.reference),
            ("vnp_OrderInfo", order.description),
            ("vnp_OrderType", "other"),
            ("vnp_Locale", "vn"),
            ("vnp_ReturnUrl", returnURL),
            ("vnp_IpAddr", clientAddress),
            ("vnp_CreateDate", Self.timestamp(order.createdAt)),
            ("vnp_ExpireDate", Self.timestamp(order.expiresAt)),
        ].filter { !$0.1.isEmpty }
    }

    public func paymentURL(for order: PaymentOrder, returnURL: String, clientAddress: String) -> String {
        let parameters = requestParameters(for: order, returnURL: returnURL, clientAddress: clientAddress)
        let query = Self.canonicalQuery(parameters)
        return "\(paymentPageURL)?\(query)&vnp_SecureHash=\(signature(ofCanonicalQuery: query))"
    }

    public func readNotice(_ parameters: [(String, String)]) -> Result<PaymentNotice, PaymentNoticeProblem> {
        var fields: [String: String] = [:]
        for (name, value) in parameters where name.hasPrefix("vnp_") { fields[name] = value }
        guard let given = fields["vnp_SecureHash"], isValidSignature(given, of: fields) else { return .failure(.badSignature) }
        guard fields["vnp_TmnCode"] == terminalCode else { return .failure(.malformed("vnp_TmnCode")) }
        guard let reference = fields["vnp_TxnRef"], !reference.isEmpty else { return .failure(.malformed("vnp_TxnRef")) }
        guard let hundredths = fields["vnp_Amount"].flatMap(Self.digits) else { return .failure(.malformed("vnp_Amount")) }
        guard let responseCode = fields["vnp_ResponseCode"] else { return .failure(.malformed("vnp_ResponseCode")) }
        // Older notices carry no transaction status; the response code alone then tells.
        let transactionStatus = fields["vnp_TransactionStatus"] ?? responseCode
        return .success(PaymentNotice(
            reference: reference,
            amount: hundredths % 100 == 0 ? hundredths / 100 : nil,
            isSuccessful: responseCode == "00" && transactionStatus == "00",
            transactionNumber: fields["vnp_TransactionNo"] ?? "",
            bankCode: fields["vnp_BankCode"] ?? "",
            resultCode: responseCode
        ))
    }

    /// Whether `given` is the signature of the `vnp_*` fields other than the signature itself.
    func isValidSignature(_ given: String, of fields: [String: String]) -> Bool {
        let signed = fields.filter { $0.key != "vnp_SecureHash" && $0.key != "vnp_SecureHashType" }.map { ($0.key, $0.value) }
        let expected = signature(ofCanonicalQuery: Self.canonicalQuery(signed))
        // Compared in constant time: the signature is a secret's output.
        let a = Array(expected.utf8), b = Array(given.lowercased().utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// HMAC-SHA512 of the canonical query under the merchant's secret, as lowercase hex.
    public func signature(ofCanonicalQuery query: String) -> String {
        let code = HMAC<SHA512>.authenticationCode(for: Data(query.utf8), using: SymmetricKey(data: Data(hashSecret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    /// The parameters sorted by name (empty values included, as VNPay's IPN check includes them) (byte order, as PHP's `ksort`), each encoded as PHP's `urlencode`, joined by `&`.
    public static func canonicalQuery(_ parameters: [(String, String)]) -> String {
        parameters
            .sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
            .map { "\(formEncoded($0.0))=\(formEncoded($0.1))" }
            .joined(separator: "&")
    }

    /// The text encoded as PHP's `urlencode`: letters, digits, `-`, `_` and `.` stay, space is `+`, every other byte `%XX`.
    public static func formEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// VNPay's time format: `yyyyMMddHHmmss` in Vietnam time (GMT+7).
    public static func timestamp(_ instant: Date) -> String {
        guard let local = LocalDateTime(instant) else { return "" }
        return String(format: "%04d%02d%02d%02d%02d%02d", local.date.year, local.date.month, local.date.day, local.hour, local.minute, local.second)
    }

    private static func digits(_ text: String) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int64(text)
    }
}

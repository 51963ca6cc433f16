import Foundation

/// Why a signed result is not accepted as genuine; each check of the verification has its own reason.
public enum SignedResultProblem: Error, Sendable, Equatable {
    case notPDF
    case tooLarge
    case noTrustConfigured
    case noSignature
    case malformedSignature
    case unsupportedSubFilter(String)
    case byteRangeNotWholeFile
    case truncated
    case changedAfterSigning
    case digestMismatch
    case signatureInvalid
    case certificateNotValidAtSigningTime
    case untrustedChain
    case revoked(Date)
    case revocationUnknown

    /// A short code for logs, the audit journal and the API.
    public var code: String {
        switch self {
        case .notPDF: "not_pdf"
        case .tooLarge: "too_large"
        case .noTrustConfigured: "no_trust_configured"
        case .noSignature: "no_signature"
        case .malformedSignature: "malformed_signature"
        case .unsupportedSubFilter: "unsupported_subfilter"
        case .byteRangeNotWholeFile: "byte_range_not_whole_file"
        case .truncated: "truncated"
        case .changedAfterSigning: "changed_after_signing"
        case .digestMismatch: "digest_mismatch"
        case .signatureInvalid: "signature_invalid"
        case .certificateNotValidAtSigningTime: "certificate_not_valid_at_signing_time"
        case .untrustedChain: "untrusted_chain"
        case .revoked: "revoked"
        case .revocationUnknown: "revocation_unknown"
        }
    }

    /// The Vietnamese sentence shown to the person who uploaded the file, naming the check that failed.
    public var message: String {
        switch self {
        case .notPDF:
            "Tệp không phải là PDF (kiểm tra theo nội dung tệp)."
        case .tooLarge:
            "Tệp quá lớn: kết quả điện tử tối đa 20 MB."
        case .noTrustConfigured:
            "Chưa cấu hình chứng thư số gốc tin cậy (MOTCUA_SIGNING_TRUST_ROOTS): không xác thực được chữ ký số."
        case .noSignature:
            "Tệp PDF không có chữ ký số."
        case .malformedSignature:
            "Chữ ký số trong tệp bị hỏng: không đọc được khối chữ ký (CMS) trong /Contents."
        case .unsupportedSubFilter(let name):
            "Kiểu chữ ký \(name) không được chấp nhận: chỉ nhận chữ ký PAdES (adbe.pkcs7.detached hoặc ETSI.CAdES.detached)."
        case .byteRangeNotWholeFile:
            "Vùng được ký (ByteRange) không bao trùm toàn bộ tệp trừ chữ ký: có phần của tệp không được ký."
        case .truncated:
            "Tệp đã bị cắt ngắn: vùng được ký vượt quá độ dài của tệp."
        case .changedAfterSigning:
            "Tệp đã bị thêm nội dung sau khi ký: vùng được ký không bao trùm phần cuối của tệp."
        case .digestMismatch:
            "Giá trị băm không khớp: nội dung tệp đã bị sửa đổi sau khi ký."
        case .signatureInvalid:
            "Chữ ký không hợp lệ: giá trị chữ ký không khớp với chứng thư số của người ký."
        case .certificateNotValidAtSigningTime:
            "Chứng thư số của người ký không còn hiệu lực (hết hạn hoặc chưa có hiệu lực) tại thời điểm ký."
        case .untrustedChain:
            "Chứng thư số của người ký không dẫn tới chứng thư gốc tin cậy mà tỉnh đã cấu hình."
        case .revoked(let date):
            "Chứng thư số của người ký đã bị thu hồi (từ \(Self.formatted(date)) UTC theo danh sách thu hồi CRL)."
        case .revocationUnknown:
            "Không kiểm tra được tình trạng thu hồi: không có danh sách thu hồi (CRL) hợp lệ của nơi cấp chứng thư số người ký."
        }
    }

    private static func formatted(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "dd/MM/yyyy HH:mm"
        return formatter.string(from: date)
    }
}

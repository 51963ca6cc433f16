import Foundation

/// When a failed delivery is tried again: soon at first, then less often, then never (the message is marked failed).
public enum DeliveryRetryPolicy {
    /// Waits after the 1st, 2nd, … failure.
    public static let delays: [TimeInterval] = [60, 300, 900, 3600, 6 * 3600, 24 * 3600]

    /// The time of the next attempt after `failures` failed ones, or `nil` when the message should be given up.
    public static func nextAttempt(afterFailures failures: Int, at now: Date) -> Date? {
        guard failures >= 1, failures <= delays.count else { return nil }
        return now.addingTimeInterval(delays[failures - 1])
    }
}

/// The messages an applicant receives about a dossier, in Vietnamese.
public enum ApplicantNotification {
    /// The message for a step of the dossier, or `nil` when the step does not concern the applicant.
    public static func message(for action: DossierAction, code: String, procedureName: String, dueAt: Date?, lookupURL: String) -> (subject: String, body: String)? {
        let due = dueAt.flatMap(LocalDateTime.init).map { String(format: "%02d:%02d ngày %@", $0.hour, $0.minute, $0.date.vietnameseString) }
        let text: String
        switch action {
        case .receive, .provideSupplement:
            text = "Hồ sơ \(code) (\(procedureName)) đã được tiếp nhận. Hẹn trả kết quả: \(due ?? "theo giấy hẹn"). Giấy tiếp nhận và hẹn trả kết quả (mẫu 01): \(lookupURL)"
        case .submitOnline:
            text = "Hồ sơ \(code) (\(procedureName)) đã được gửi trực tuyến, đang chờ bộ phận một cửa kiểm tra. Theo dõi tại \(lookupURL)"
        case .submitSupplement:
            text = "Đã nhận giấy tờ bổ sung của hồ sơ \(code); bộ phận một cửa sẽ kiểm tra lại. Theo dõi tại \(lookupURL)"
        case .requestSupplement:
            text = "Hồ sơ \(code) cần bổ sung giấy tờ. Xem nội dung cần bổ sung tại \(lookupURL)."
        case .issueApology:
            text = "Hồ sơ \(code) chậm so với hẹn. Chúng tôi xin lỗi và hẹn trả kết quả lúc \(due ?? "mới")."
        case .approve:
            text = "Hồ sơ \(code) đã có kết quả. Mời ông/bà nhận tại bộ phận một cửa, mang theo giấy hẹn."
        case .returnResult:
            text = "Hồ sơ \(code) đã trả kết quả. Mời ông/bà đánh giá mức độ hài lòng tại \(lookupURL)."
        case .refuse:
            text = "Hồ sơ \(code) không được tiếp nhận. Lý do ghi trong phiếu từ chối; xem tại \(lookupURL)."
        case .refuseDuringProcessing:
            text = "Hồ sơ \(code) (\(procedureName)) không đủ điều kiện giải quyết. Lý do ghi trong phiếu từ chối giải quyết hồ sơ (mẫu số 03); xem tại \(lookupURL)."
        case .requestPayment:
            text = "Hồ sơ \(code) chờ nộp phí, lệ phí. Xem tại \(lookupURL)."
        case .stop:
            text = "Hồ sơ \(code) đã dừng giải quyết theo yêu cầu của ông/bà."
        default:
            return nil
        }
        return ("MotCua: hồ sơ \(code)", text)
    }
}

/// The five levels of citizen satisfaction that the provinces' surveys use (practice, not a national text); assessing
/// satisfaction is a duty of the one-stop center under Thông tư 03/2025/TT-VPCP.
public enum SatisfactionLevel: Int, CaseIterable, Sendable, Codable {
    case veryDissatisfied = 1, dissatisfied, neutral, satisfied, verySatisfied

    /// The level as the form shows it.
    public var vietnameseName: String {
        switch self {
        case .verySatisfied: "Rất hài lòng"
        case .satisfied: "Hài lòng"
        case .neutral: "Bình thường"
        case .dissatisfied: "Không hài lòng"
        case .veryDissatisfied: "Rất không hài lòng"
        }
    }
}

/// The ten statuses of the National Public Service Portal's synchronisation, which every internal status maps to.
public enum NationalSyncStatus: Int, CaseIterable, Sendable, Codable {
    case new = 1, received, notReceived, inProcess, supplementRequested, paymentRequested, withdrawn, stopped, processed, resultReturned

    /// The portal's Vietnamese label.
    public var vietnameseName: String {
        switch self {
        case .new: "Mới"
        case .received: "Đã tiếp nhận"
        case .notReceived: "Không tiếp nhận"
        case .inProcess: "Đang xử lý"
        case .supplementRequested: "Yêu cầu bổ sung"
        case .paymentRequested: "Yêu cầu thực hiện nghĩa vụ tài chính"
        case .withdrawn: "Công dân yêu cầu rút hồ sơ"
        case .stopped: "Dừng xử lý"
        case .processed: "Đã xử lý xong"
        case .resultReturned: "Đã trả kết quả"
        }
    }
}

/// Where a dossier stands, finer than the national portal's statuses, each mapped to one of them; stored as its raw value.
public enum DossierStatus: String, CaseIterable, Sendable, Codable {
    /// Created online (or at the counter, for the instant before the desk's decision) and not yet received.
    case new
    /// Received complete at the desk; the legal clock runs.
    case received
    /// Refused at intake (form 03).
    case refused
    /// Handed to the handling department, waiting for its head to assign a specialist.
    case forwarded
    /// Assigned to a specialist, not yet opened.
    case assigned
    /// Under the specialist's review.
    case underReview = "under_review"
    /// Proposed by the specialist, waiting for the leader's decision.
    case awaitingApproval = "awaiting_approval"
    /// Sent back by the leader, with reasons, for the specialist to rework.
    case returnedForRework = "returned_for_rework"
    /// Waiting for another agency's verification.
    case pausedForVerification = "paused_for_verification"
    /// Incomplete: the applicant must add documents (form 02); the clock is stopped.
    case supplementRequested = "supplement_requested"
    /// Waiting for the applicant to pay a fee or financial obligation.
    case paymentRequested = "payment_requested"
    /// Withdrawn at the applicant's request before processing.
    case withdrawn
    /// Stopped at the applicant's request during processing (form 05).
    case stopped
    /// Refused by the handling department or the leader during processing, with a written reason (form 03): the dossier
    /// does not qualify. Nghị định 61/2018/NĐ-CP, Điều 17 khoản 1 (sửa đổi bởi Nghị định 107/2021/NĐ-CP), kept by
    /// Nghị định 118/2025/NĐ-CP: the agency returns the dossier with a written notice of the reasons, within the time.
    case refusedDuringProcessing = "refused_during_processing"
    /// Approved; the result is at the one-stop desk.
    case resultReady = "result_ready"
    /// The result was handed back to the applicant.
    case returned

    /// The national status this one synchronises as.
    public var nationalStatus: NationalSyncStatus {
        switch self {
        case .new: .new
        case .received: .received
        case .refused: .notReceived
        case .forwarded, .assigned, .underReview, .awaitingApproval, .returnedForRework, .pausedForVerification: .inProcess
        case .supplementRequested: .supplementRequested
        case .paymentRequested: .paymentRequested
        case .withdrawn: .withdrawn
        // Received, so not "không tiếp nhận" (3): the portal's "dừng xử lý" (8) is the status of a dossier whose
        // handling ended without a result.
        case .stopped, .refusedDuringProcessing: .stopped
        case .resultReady: .processed
        case .returned: .resultReturned
        }
    }

    /// The status as officers read it.
    public var vietnameseName: String {
        switch self {
        case .new: "Mới, chờ tiếp nhận"
        case .received: "Đã tiếp nhận"
        case .refused: "Từ chối tiếp nhận"
        case .forwarded: "Đã chuyển phòng chuyên môn"
        case .assigned: "Đã phân công chuyên viên"
        case .underReview: "Đang thẩm định"
        case .awaitingApproval: "Chờ lãnh đạo phê duyệt"
        case .returnedForRework: "Lãnh đạo trả lại để xử lý lại"
        case .pausedForVerification: "Chờ cơ quan khác xác minh"
        case .supplementRequested: "Yêu cầu bổ sung hồ sơ"
        case .paymentRequested: "Chờ nộp phí, lệ phí"
        case .withdrawn: "Người nộp đã rút hồ sơ"
        case .stopped: "Dừng giải quyết"
        case .refusedDuringProcessing: "Từ chối giải quyết"
        case .resultReady: "Có kết quả tại bộ phận một cửa"
        case .returned: "Đã trả kết quả"
        }
    }

    /// What the status means for the applicant, in plain Vietnamese, for the public lookup.
    public var publicDescription: String {
        switch self {
        case .new: "Hồ sơ đã được gửi, đang chờ bộ phận một cửa kiểm tra."
        case .received: "Hồ sơ đã được tiếp nhận và đang chờ chuyển giải quyết."
        case .refused: "Hồ sơ không được tiếp nhận; lý do ghi trong phiếu từ chối."
        case .forwarded, .assigned, .underReview, .awaitingApproval, .returnedForRework, .pausedForVerification:
            "Hồ sơ đang được giải quyết."
        case .supplementRequested: "Hồ sơ cần bổ sung giấy tờ."
        case .paymentRequested: "Hồ sơ đang chờ nộp phí, lệ phí."
        case .withdrawn: "Hồ sơ đã được rút theo yêu cầu của người nộp."
        case .stopped: "Hồ sơ đã dừng giải quyết theo yêu cầu của người nộp."
        case .refusedDuringProcessing: "Hồ sơ không đủ điều kiện giải quyết; lý do ghi trong phiếu từ chối giải quyết hồ sơ."
        case .resultReady: "Đã có kết quả, mời nhận tại bộ phận một cửa."
        case .returned: "Đã trả kết quả."
        }
    }

    /// What the applicant should do next, when something is expected of them.
    public var nextStepForApplicant: String? {
        switch self {
        case .supplementRequested: "Mang giấy tờ còn thiếu theo phiếu yêu cầu bổ sung đến bộ phận một cửa (hoặc nộp trực tuyến)."
        case .paymentRequested: "Nộp phí, lệ phí tại bộ phận một cửa hoặc trực tuyến."
        case .resultReady: "Mang phiếu hẹn (hoặc căn cước) đến bộ phận một cửa để nhận kết quả."
        default: nil
        }
    }

    /// Whether nothing more happens to the dossier.
    public var isClosed: Bool {
        [.refused, .withdrawn, .stopped, .refusedDuringProcessing, .returned].contains(self)
    }

    /// Whether the legal clock runs: not while the applicant must supplement or pay, nor before receipt or after the result.
    public var isClockRunning: Bool {
        [.received, .forwarded, .assigned, .underReview, .awaitingApproval, .returnedForRework, .pausedForVerification].contains(self)
    }

    /// Whether the dossier is with the handling department (the statuses form 05 may stop).
    public var isInProcess: Bool { nationalStatus == .inProcess }
}

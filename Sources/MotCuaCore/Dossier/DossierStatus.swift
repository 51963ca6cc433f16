/// The ten statuses of the National Public Service Portal's synchronisation; every internal status maps to one.
///
/// Source: the national portal's status list as used by two provincial one-stop systems (DOMAIN.md §2, [practice]).
public enum NationalSyncStatus: Int, CaseIterable, Sendable, Codable {
    case new = 1
    case received = 2
    case notReceived = 3
    case inProcess = 4
    case supplementRequested = 5
    case paymentRequested = 6
    case withdrawn = 7
    case stopped = 8
    case processed = 9
    case resultReturned = 10

    /// The code sent to the national portal, 1 through 10.
    public var code: Int { rawValue }

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

/// Where a dossier stands inside MotCua, finer than the national statuses; the raw value is what the database stores.
public enum DossierStatus: String, CaseIterable, Sendable, Codable {
    /// Submitted on the portal, not yet checked by the one-stop desk.
    case submittedOnline = "submitted_online"
    /// Received complete at the desk (form 01 issued); the legal clock runs.
    case received
    /// Incomplete: the applicant must supplement it (form 02); the clock is stopped.
    case supplementRequested = "supplement_requested"
    /// Refused at intake (form 03).
    case refused
    /// Forwarded by the desk to the handling department, waiting for its head to assign it.
    case assignedToDepartment = "assigned_to_department"
    /// Assigned to a specialist who has not opened it yet.
    case assignedToSpecialist = "assigned_to_specialist"
    /// Under the specialist's review (thẩm định).
    case underReview = "under_review"
    /// Waiting for another agency's verification; the clock runs.
    case pausedForVerification = "paused_for_verification"
    /// Proposed by the specialist, waiting for the leader's decision.
    case awaitingApproval = "awaiting_approval"
    /// Sent back by the leader, with a reason, for the specialist to rework.
    case returnedForRework = "returned_for_rework"
    /// Approved and signed; the result is on its way to the desk.
    case approved
    /// Waiting for the applicant to pay a fee or a financial obligation; the clock is stopped.
    case paymentRequested = "payment_requested"
    /// The result is at the one-stop desk, waiting for the applicant.
    case resultReadyAtDesk = "result_ready_at_desk"
    /// The result was handed back to the applicant.
    case returned
    /// Withdrawn at the applicant's request before processing began.
    case withdrawn
    /// Stopped at the applicant's request during processing (form 05, NĐ 118/2025 art. 21).
    case stopped

    /// The national status this one synchronises as.
    public var nationalStatus: NationalSyncStatus {
        switch self {
        case .submittedOnline: .new
        case .received: .received
        case .refused: .notReceived
        // An approved result still has to reach the desk: status 9 means "result at the desk" (DOMAIN.md §2).
        case .assignedToDepartment, .assignedToSpecialist, .underReview, .pausedForVerification,
             .awaitingApproval, .returnedForRework, .approved: .inProcess
        case .supplementRequested: .supplementRequested
        case .paymentRequested: .paymentRequested
        case .withdrawn: .withdrawn
        case .stopped: .stopped
        case .resultReadyAtDesk: .processed
        case .returned: .resultReturned
        }
    }

    /// The status as officers read it.
    public var vietnameseName: String {
        switch self {
        case .submittedOnline: "Mới nộp trực tuyến"
        case .received: "Đã tiếp nhận"
        case .supplementRequested: "Yêu cầu bổ sung hồ sơ"
        case .refused: "Từ chối tiếp nhận"
        case .assignedToDepartment: "Đã chuyển phòng chuyên môn"
        case .assignedToSpecialist: "Đã phân công chuyên viên"
        case .underReview: "Đang thẩm định"
        case .pausedForVerification: "Chờ cơ quan khác xác minh"
        case .awaitingApproval: "Chờ lãnh đạo phê duyệt"
        case .returnedForRework: "Lãnh đạo trả lại để xử lý lại"
        case .approved: "Đã phê duyệt, chờ chuyển bộ phận một cửa"
        case .paymentRequested: "Chờ nộp phí, lệ phí"
        case .resultReadyAtDesk: "Có kết quả tại bộ phận một cửa"
        case .returned: "Đã trả kết quả"
        case .withdrawn: "Người nộp đã rút hồ sơ"
        case .stopped: "Dừng giải quyết theo yêu cầu"
        }
    }

    /// What the status means for the applicant, in plain Vietnamese, for the public lookup page.
    ///
    /// Internal steps are not shown to citizens one by one: they all read as "being handled", so that a
    /// send-back by the leader does not alarm the applicant (the national portal also shows only "đang xử lý").
    public var publicDescription: String {
        switch self {
        case .submittedOnline: "Hồ sơ đã được gửi, đang chờ bộ phận một cửa kiểm tra"
        case .received: "Hồ sơ đã được tiếp nhận và đang chờ chuyển giải quyết"
        case .supplementRequested: "Hồ sơ chưa đầy đủ, cần bổ sung giấy tờ"
        case .refused: "Hồ sơ không được tiếp nhận; lý do ghi trong phiếu từ chối"
        case .assignedToDepartment, .assignedToSpecialist, .underReview, .awaitingApproval, .returnedForRework:
            "Hồ sơ đang được phòng chuyên môn giải quyết"
        case .pausedForVerification: "Hồ sơ đang được xác minh với cơ quan liên quan"
        case .approved: "Hồ sơ đã giải quyết xong, kết quả đang được chuyển đến bộ phận một cửa"
        case .paymentRequested: "Hồ sơ đang chờ nộp phí, lệ phí"
        case .resultReadyAtDesk: "Đã có kết quả tại bộ phận một cửa"
        case .returned: "Đã trả kết quả"
        case .withdrawn: "Hồ sơ đã được rút theo yêu cầu của người nộp"
        case .stopped: "Hồ sơ đã dừng giải quyết theo yêu cầu của người nộp"
        }
    }

    /// What the applicant should do next, or `nil` when nothing is expected of them.
    public var nextStepForApplicant: String? {
        switch self {
        case .supplementRequested: "Bổ sung giấy tờ theo phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
        case .paymentRequested: "Nộp phí, lệ phí theo thông báo, tại bộ phận một cửa hoặc trực tuyến"
        case .resultReadyAtDesk: "Mang giấy tiếp nhận hồ sơ và hẹn trả kết quả (hoặc thẻ căn cước) đến nhận kết quả"
        default: nil
        }
    }

    /// Whether nothing more can happen to the dossier.
    public var isClosed: Bool {
        switch self {
        case .refused, .returned, .withdrawn, .stopped: true
        default: false
        }
    }

    /// Whether the legal clock runs: from receipt of the complete dossier until the result is at the desk, except
    /// while the applicant must supplement (NĐ 118/2025 art. 11) or pay, and never once closed.
    public var isClockRunning: Bool {
        switch self {
        case .received, .assignedToDepartment, .assignedToSpecialist, .underReview, .pausedForVerification,
             .awaitingApproval, .returnedForRework, .approved: true
        case .submittedOnline, .supplementRequested, .refused, .paymentRequested, .resultReadyAtDesk,
             .returned, .withdrawn, .stopped: false
        }
    }

    /// Whether the dossier is with the handling department: the statuses in which an apology may be issued.
    public var isWithHandlingDepartment: Bool {
        switch self {
        case .assignedToDepartment, .assignedToSpecialist, .underReview, .pausedForVerification,
             .awaitingApproval, .returnedForRework: true
        default: false
        }
    }
}

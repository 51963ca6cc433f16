/// The kinds of step a dossier can take; the raw value is stored in its history and named in the API.
public enum DossierAction: String, CaseIterable, Sendable, Codable {
    /// The desk accepts a complete dossier submitted online (form 01). Counter and postal dossiers are created received.
    case receive
    /// Form 02: the dossier is incomplete; allowed only once per dossier (NĐ 118/2025 art. 11).
    case requestSupplement = "request_supplement"
    /// The desk records the applicant's supplement; the clock starts again.
    case supplementProvided = "supplement_provided"
    /// Form 03: the dossier is not accepted, with reasons.
    case refuse
    /// The desk hands the dossier to the handling department (first row of form 06).
    case forwardToDepartment = "forward_to_department"
    /// The department head assigns (or reassigns) a specialist.
    case assignSpecialist = "assign_specialist"
    /// The assigned specialist opens the review.
    case startReview = "start_review"
    /// The specialist proposes a result to the leader.
    case propose
    /// The leader approves and signs the result.
    case approve
    /// The leader sends the proposal back, with a reason, for rework.
    case sendBack = "send_back"
    /// The signed result reaches the one-stop desk (last row of form 06).
    case deliverResultToDesk = "deliver_result_to_desk"
    /// The desk hands the result back, recording how (form 07's last columns).
    case returnResult = "return_result"
    /// Form 04: apology with a new date, once, at least one working day before the deadline.
    case issueApology = "issue_apology"
    /// The applicant is asked to pay a fee or a financial obligation; the clock stops.
    case requestPayment = "request_payment"
    /// The desk records the payment; the clock resumes.
    case recordPayment = "record_payment"
    /// The dossier waits for another agency's verification.
    case pauseForVerification = "pause_for_verification"
    /// The verification came back; the review continues.
    case resumeAfterVerification = "resume_after_verification"
    /// The applicant withdraws the dossier before processing.
    case applicantWithdraws = "applicant_withdraws"
    /// Form 05: processing stops at the applicant's request, if no result was issued (NĐ 118/2025 art. 21).
    case stopAtApplicantRequest = "stop_at_applicant_request"

    /// The action as a button or a history line reads.
    public var vietnameseName: String {
        switch self {
        case .receive: "Tiếp nhận hồ sơ"
        case .requestSupplement: "Yêu cầu bổ sung, hoàn thiện hồ sơ"
        case .supplementProvided: "Nhận hồ sơ bổ sung"
        case .refuse: "Từ chối tiếp nhận"
        case .forwardToDepartment: "Chuyển phòng chuyên môn"
        case .assignSpecialist: "Phân công chuyên viên"
        case .startReview: "Bắt đầu thẩm định"
        case .propose: "Trình lãnh đạo"
        case .approve: "Phê duyệt, ký kết quả"
        case .sendBack: "Trả lại để xử lý lại"
        case .deliverResultToDesk: "Chuyển kết quả về bộ phận một cửa"
        case .returnResult: "Trả kết quả"
        case .issueApology: "Xin lỗi và hẹn lại ngày trả kết quả"
        case .requestPayment: "Yêu cầu nộp phí, lệ phí"
        case .recordPayment: "Ghi nhận đã nộp phí, lệ phí"
        case .pauseForVerification: "Chuyển xác minh"
        case .resumeAfterVerification: "Tiếp tục sau xác minh"
        case .applicantWithdraws: "Người nộp rút hồ sơ"
        case .stopAtApplicantRequest: "Dừng giải quyết theo yêu cầu"
        }
    }
}

/// How a result was handed back to the applicant (form 07, "hình thức trả").
public enum ResultDeliveryMethod: String, CaseIterable, Sendable, Codable {
    /// At the one-stop desk, to the applicant or an authorised person.
    case inPerson = "in_person"
    /// By the public postal service.
    case post
    /// Electronically (result in the citizen's data store or by the portal).
    case electronic

    /// The method as the register prints it.
    public var vietnameseName: String {
        switch self {
        case .inPerson: "Trực tiếp tại bộ phận một cửa"
        case .post: "Qua dịch vụ bưu chính công ích"
        case .electronic: "Trực tuyến"
        }
    }
}

/// The legal forms of Thông tư 03/2025/TT-VPCP that a step makes the desk issue.
public enum OneStopForm: String, CaseIterable, Sendable, Codable {
    /// Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
    case receipt = "01"
    /// Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    case supplementRequest = "02"
    /// Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    case refusal = "03"
    /// Mẫu 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả.
    case apology = "04"
    /// Mẫu 05: Thông báo dừng giải quyết hồ sơ.
    case stopNotice = "05"

    /// The form's title as printed.
    public var vietnameseName: String {
        switch self {
        case .receipt: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
        case .supplementRequest: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
        case .refusal: "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
        case .apology: "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
        case .stopNotice: "Thông báo dừng giải quyết hồ sơ"
        }
    }
}

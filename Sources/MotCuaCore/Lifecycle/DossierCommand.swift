import Foundation

/// How a result was handed back (form 07's last columns).
public enum ReturnMethod: String, CaseIterable, Sendable, Codable {
    case inPerson = "in_person"
    case post
    case electronic

    /// The method as the register prints it.
    public var vietnameseName: String {
        switch self {
        case .inPerson: "Trực tiếp"
        case .post: "Bưu chính công ích"
        case .electronic: "Trực tuyến"
        }
    }
}

/// The kinds of step a dossier can take; stored as the raw value in its history and named in the API.
public enum DossierAction: String, CaseIterable, Sendable, Codable {
    case receive
    case requestSupplement = "request_supplement"
    case provideSupplement = "provide_supplement"
    case refuse
    case forward
    case assign
    case startReview = "start_review"
    case propose
    case approve
    case sendBack = "send_back"
    case requestPayment = "request_payment"
    case recordPayment = "record_payment"
    case pauseForVerification = "pause_for_verification"
    case resumeAfterVerification = "resume_after_verification"
    case issueApology = "issue_apology"
    case returnResult = "return_result"
    case withdraw
    case stop
    case submitOnline = "submit_online"
    case submitSupplement = "submit_supplement"
    case requestStop = "request_stop"
    case refuseDuringProcessing = "refuse_during_processing"

    /// The action as a button or a history line reads.
    public var vietnameseName: String {
        switch self {
        case .receive: "Tiếp nhận hồ sơ"
        case .requestSupplement: "Yêu cầu bổ sung hồ sơ"
        case .provideSupplement: "Nhận hồ sơ bổ sung"
        case .refuse: "Từ chối tiếp nhận"
        case .forward: "Chuyển phòng chuyên môn"
        case .assign: "Phân công chuyên viên"
        case .startReview: "Bắt đầu thẩm định"
        case .propose: "Trình lãnh đạo"
        case .approve: "Phê duyệt, ký kết quả"
        case .sendBack: "Trả lại để xử lý lại"
        case .requestPayment: "Yêu cầu nộp phí, lệ phí"
        case .recordPayment: "Ghi nhận đã nộp phí"
        case .pauseForVerification: "Chờ cơ quan khác xác minh"
        case .resumeAfterVerification: "Tiếp tục sau xác minh"
        case .issueApology: "Xin lỗi và hẹn lại ngày trả"
        case .returnResult: "Trả kết quả"
        case .withdraw: "Người nộp rút hồ sơ"
        case .stop: "Dừng giải quyết theo yêu cầu"
        case .submitOnline: "Nộp hồ sơ trực tuyến"
        case .submitSupplement: "Người nộp gửi bổ sung trực tuyến"
        case .requestStop: "Người nộp đề nghị dừng, rút hồ sơ"
        case .refuseDuringProcessing: "Từ chối giải quyết hồ sơ"
        }
    }
}

/// One step with what it carries; this, with who did it and when, is what the history stores and replays.
public enum DossierCommand: Sendable, Codable, Equatable {
    case receive
    case requestSupplement(missing: [String], reason: String)
    case provideSupplement
    case refuse(reason: String)
    case forward
    case assign(assignee: String)
    case startReview
    case propose(note: String)
    case approve
    case sendBack(reason: String)
    case requestPayment(amount: Int64)
    case recordPayment
    case pauseForVerification(reason: String)
    case resumeAfterVerification
    case issueApology(reason: String, newDueDate: CivilDate)
    case returnResult(method: ReturnMethod)
    case withdraw(reason: String)
    case stop(reason: String)
    /// The applicant submits from their account.
    case submitOnline
    /// The applicant uploads what the supplement request asked for; `documents` names what was uploaded.
    case submitSupplement(documents: [String])
    /// The applicant asks the desk to stop or withdraw the dossier.
    case requestStop(reason: String)
    /// The department or the leader refuses a dossier that does not qualify, with the written reason form 03 prints.
    case refuseDuringProcessing(reason: String)

    /// The kind of step.
    public var action: DossierAction {
        switch self {
        case .receive: .receive
        case .requestSupplement: .requestSupplement
        case .provideSupplement: .provideSupplement
        case .refuse: .refuse
        case .forward: .forward
        case .assign: .assign
        case .startReview: .startReview
        case .propose: .propose
        case .approve: .approve
        case .sendBack: .sendBack
        case .requestPayment: .requestPayment
        case .recordPayment: .recordPayment
        case .pauseForVerification: .pauseForVerification
        case .resumeAfterVerification: .resumeAfterVerification
        case .issueApology: .issueApology
        case .returnResult: .returnResult
        case .withdraw: .withdraw
        case .stop: .stop
        case .submitOnline: .submitOnline
        case .submitSupplement: .submitSupplement
        case .requestStop: .requestStop
        case .refuseDuringProcessing: .refuseDuringProcessing
        }
    }

    /// The text a history line shows beside the action.
    public var note: String? {
        switch self {
        case .requestSupplement(let missing, let reason): (["Cần bổ sung: " + missing.joined(separator: "; ")] + (reason.isEmpty ? [] : [reason])).joined(separator: ". ")
        case .refuse(let reason), .sendBack(let reason), .pauseForVerification(let reason), .withdraw(let reason), .stop(let reason), .requestStop(let reason), .refuseDuringProcessing(let reason): reason
        case .submitSupplement(let documents): "Đã tải lên: " + documents.joined(separator: "; ")
        case .propose(let note): note.isEmpty ? nil : note
        case .assign(let assignee): "Giao cho \(assignee)"
        case .requestPayment(let amount): "Số tiền: \(amount) đồng"
        case .issueApology(let reason, let newDueDate): "\(reason) Hẹn lại ngày \(newDueDate.vietnameseString)."
        case .returnResult(let method): method.vietnameseName
        case .receive, .provideSupplement, .forward, .startReview, .approve, .recordPayment, .resumeAfterVerification, .submitOnline: nil
        }
    }
}

extension DossierCommand {
    /// The same step with the free text typed by people (reasons, notes, lists of missing papers) replaced by
    /// `placeholder`, for when a dossier's personal data outlives its retention period.
    ///
    /// What the rules need to replay the history is kept: the action, amounts, dates, the return method, the assignee
    /// (an officer's username) and the names of uploaded document types, which come from the procedure, not the applicant.
    /// Each list keeps its length, so a step that needed a non-empty list still has one.
    public func redactingFreeText(_ placeholder: String) -> DossierCommand {
        switch self {
        case .requestSupplement(let missing, let reason):
            .requestSupplement(missing: missing.map { _ in placeholder }, reason: reason.isEmpty ? "" : placeholder)
        case .refuse: .refuse(reason: placeholder)
        case .propose(let note): .propose(note: note.isEmpty ? "" : placeholder)
        case .sendBack: .sendBack(reason: placeholder)
        case .pauseForVerification: .pauseForVerification(reason: placeholder)
        case .issueApology(_, let newDueDate): .issueApology(reason: placeholder, newDueDate: newDueDate)
        case .withdraw: .withdraw(reason: placeholder)
        case .stop: .stop(reason: placeholder)
        case .requestStop: .requestStop(reason: placeholder)
        case .refuseDuringProcessing: .refuseDuringProcessing(reason: placeholder)
        case .receive, .provideSupplement, .forward, .assign, .startReview, .approve, .requestPayment, .recordPayment,
             .resumeAfterVerification, .returnResult, .submitOnline, .submitSupplement:
            self
        }
    }
}

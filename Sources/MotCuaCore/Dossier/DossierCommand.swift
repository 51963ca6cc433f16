/// One step with what it carries; with who took it and when, this is what the history stores and replays.
public enum DossierCommand: Sendable, Hashable {
    case receive
    /// Everything missing must be listed at once: there is no second request (NĐ 118/2025 art. 11).
    case requestSupplement(missingDocuments: [String], reason: String)
    case supplementProvided
    case refuse(reasons: String)
    /// `department` names the handling department (its name or identifier, as the server stores it).
    case forwardToDepartment(department: String)
    /// `assignee` is the username of the specialist.
    case assignSpecialist(assignee: String)
    case startReview
    case propose(summary: String)
    case approve
    case sendBack(reason: String)
    case deliverResultToDesk
    /// `receivedBy` is the person who collected the result, when not the applicant (an authorised person).
    case returnResult(method: ResultDeliveryMethod, receivedBy: String?)
    /// `newDueDate` is the new appointed day; the result is due at 17:00 of it.
    case issueApology(reason: String, newDueDate: CivilDate)
    /// `amount` in đồng.
    case requestPayment(amount: Int64, description: String)
    /// `reference` is the receipt or transaction number, when there is one.
    case recordPayment(reference: String?)
    case pauseForVerification(agency: String, reason: String)
    case resumeAfterVerification
    case applicantWithdraws(reason: String)
    case stopAtApplicantRequest(reason: String)

    /// The kind of step.
    public var action: DossierAction {
        switch self {
        case .receive: .receive
        case .requestSupplement: .requestSupplement
        case .supplementProvided: .supplementProvided
        case .refuse: .refuse
        case .forwardToDepartment: .forwardToDepartment
        case .assignSpecialist: .assignSpecialist
        case .startReview: .startReview
        case .propose: .propose
        case .approve: .approve
        case .sendBack: .sendBack
        case .deliverResultToDesk: .deliverResultToDesk
        case .returnResult: .returnResult
        case .issueApology: .issueApology
        case .requestPayment: .requestPayment
        case .recordPayment: .recordPayment
        case .pauseForVerification: .pauseForVerification
        case .resumeAfterVerification: .resumeAfterVerification
        case .applicantWithdraws: .applicantWithdraws
        case .stopAtApplicantRequest: .stopAtApplicantRequest
        }
    }

    /// The flat form of the payload, as the API receives it and the history stores it.
    public var input: ActionInput {
        var input = ActionInput()
        switch self {
        case .receive, .supplementProvided, .startReview, .approve, .deliverResultToDesk, .resumeAfterVerification:
            break
        case .requestSupplement(let missing, let reason):
            input.missingDocuments = missing
            input.reason = reason
        case .refuse(let reason), .sendBack(let reason), .applicantWithdraws(let reason), .stopAtApplicantRequest(let reason):
            input.reason = reason
        case .forwardToDepartment(let department): input.department = department
        case .assignSpecialist(let assignee): input.assignee = assignee
        case .propose(let summary): input.summary = summary
        case .returnResult(let method, let receivedBy):
            input.deliveryMethod = method
            input.receivedBy = receivedBy
        case .issueApology(let reason, let newDueDate):
            input.reason = reason
            input.newDueDate = newDueDate
        case .requestPayment(let amount, let description):
            input.amount = amount
            input.summary = description
        case .recordPayment(let reference): input.reference = reference
        case .pauseForVerification(let agency, let reason):
            input.agency = agency
            input.reason = reason
        }
        return input
    }

    /// A one-line Vietnamese account of the payload for a history line, or `nil` when there is nothing to add.
    public var summary: String? {
        switch self {
        case .requestSupplement(let missing, let reason):
            "Cần bổ sung: " + missing.joined(separator: "; ") + (reason.isEmpty ? "" : ". Lý do: " + reason)
        case .refuse(let reason), .sendBack(let reason), .applicantWithdraws(let reason), .stopAtApplicantRequest(let reason):
            "Lý do: " + reason
        case .forwardToDepartment(let department): "Chuyển " + department
        case .assignSpecialist(let assignee): "Giao cho " + assignee
        case .propose(let summary): summary.isEmpty ? nil : summary
        case .returnResult(let method, let receivedBy):
            method.vietnameseName + (receivedBy.map { ", người nhận: " + $0 } ?? "")
        case .issueApology(let reason, let newDueDate): "Lý do: \(reason). Hẹn lại ngày \(newDueDate.vietnameseString)"
        case .requestPayment(let amount, let description): "\(description): \(amount) đồng"
        case .recordPayment(let reference): reference.map { "Biên lai số " + $0 }
        case .pauseForVerification(let agency, let reason): "Xác minh tại \(agency): \(reason)"
        case .receive, .supplementProvided, .startReview, .approve, .deliverResultToDesk, .resumeAfterVerification: nil
        }
    }

    /// Builds a command from an action and the fields a form or a JSON body sent, or says in Vietnamese which field is missing.
    public static func make(action: DossierAction, input: ActionInput) throws(DossierRuleError) -> DossierCommand {
        func text(_ value: String?, _ message: String) throws(DossierRuleError) -> String {
            let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !trimmed.isEmpty else { throw DossierRuleError(.invalidInput, message) }
            return trimmed
        }
        func optional(_ value: String?) -> String? {
            let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return trimmed.isEmpty ? nil : trimmed
        }
        switch action {
        case .receive: return .receive
        case .requestSupplement:
            let missing = (input.missingDocuments ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard !missing.isEmpty else {
                throw DossierRuleError(.invalidInput, "Cần liệt kê đầy đủ, một lần, các giấy tờ và nội dung phải bổ sung.")
            }
            return .requestSupplement(missingDocuments: missing, reason: optional(input.reason) ?? "")
        case .supplementProvided: return .supplementProvided
        case .refuse: return .refuse(reasons: try text(input.reason, "Cần ghi rõ lý do từ chối tiếp nhận."))
        case .forwardToDepartment:
            return .forwardToDepartment(department: try text(input.department, "Cần chọn phòng chuyên môn giải quyết."))
        case .assignSpecialist:
            return .assignSpecialist(assignee: try text(input.assignee, "Cần chọn chuyên viên được phân công."))
        case .startReview: return .startReview
        case .propose: return .propose(summary: optional(input.summary) ?? "")
        case .approve: return .approve
        case .sendBack: return .sendBack(reason: try text(input.reason, "Cần ghi rõ lý do trả lại."))
        case .deliverResultToDesk: return .deliverResultToDesk
        case .returnResult:
            guard let method = input.deliveryMethod else {
                throw DossierRuleError(.invalidInput, "Cần chọn hình thức trả kết quả (trực tiếp, bưu chính hoặc trực tuyến).")
            }
            return .returnResult(method: method, receivedBy: optional(input.receivedBy))
        case .issueApology:
            let reason = try text(input.reason, "Cần ghi rõ lý do chậm trễ.")
            guard let day = input.newDueDate else { throw DossierRuleError(.invalidInput, "Cần chọn ngày hẹn trả kết quả mới.") }
            return .issueApology(reason: reason, newDueDate: day)
        case .requestPayment:
            guard let amount = input.amount, amount > 0 else {
                throw DossierRuleError(.invalidInput, "Số tiền phải nộp phải lớn hơn 0 đồng.")
            }
            return .requestPayment(amount: amount, description: optional(input.summary) ?? "Phí, lệ phí")
        case .recordPayment: return .recordPayment(reference: optional(input.reference))
        case .pauseForVerification:
            return .pauseForVerification(
                agency: try text(input.agency, "Cần ghi cơ quan được đề nghị xác minh."),
                reason: try text(input.reason, "Cần ghi nội dung cần xác minh."))
        case .resumeAfterVerification: return .resumeAfterVerification
        case .applicantWithdraws:
            return .applicantWithdraws(reason: try text(input.reason, "Cần ghi lý do (theo đơn rút hồ sơ của người nộp)."))
        case .stopAtApplicantRequest:
            return .stopAtApplicantRequest(reason: try text(input.reason, "Cần ghi lý do người nộp đề nghị dừng giải quyết."))
        }
    }
}

/// The fields a step may carry, all optional, as a form post or a JSON body sends them; `DossierCommand.make` checks them.
public struct ActionInput: Sendable, Hashable, Codable {
    /// A reason: refusal, send-back, delay, withdrawal, stop, supplement, verification.
    public var reason: String?
    /// The numbered list of what the applicant must supplement (form 02).
    public var missingDocuments: [String]?
    /// The handling department.
    public var department: String?
    /// The username of the assigned specialist.
    public var assignee: String?
    /// The specialist's proposal, or what a payment is for.
    public var summary: String?
    /// The new appointed day of an apology (form 04).
    public var newDueDate: CivilDate?
    /// How the result was handed back.
    public var deliveryMethod: ResultDeliveryMethod?
    /// Who collected the result, when not the applicant.
    public var receivedBy: String?
    /// An amount in đồng.
    public var amount: Int64?
    /// A payment receipt or transaction number.
    public var reference: String?
    /// The agency asked to verify.
    public var agency: String?

    /// Creates an input; every field defaults to absent.
    public init(
        reason: String? = nil, missingDocuments: [String]? = nil, department: String? = nil, assignee: String? = nil,
        summary: String? = nil, newDueDate: CivilDate? = nil, deliveryMethod: ResultDeliveryMethod? = nil,
        receivedBy: String? = nil, amount: Int64? = nil, reference: String? = nil, agency: String? = nil
    ) {
        self.reason = reason
        self.missingDocuments = missingDocuments
        self.department = department
        self.assignee = assignee
        self.summary = summary
        self.newDueDate = newDueDate
        self.deliveryMethod = deliveryMethod
        self.receivedBy = receivedBy
        self.amount = amount
        self.reference = reference
        self.agency = agency
    }
}

extension DossierCommand: Codable {
    private enum CodingKeys: String, CodingKey { case action, input }

    /// Decodes `{"action": "...", "input": {...}}`, checking the payload as `make(action:input:)` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let action = try container.decode(DossierAction.self, forKey: .action)
        let input = try container.decodeIfPresent(ActionInput.self, forKey: .input) ?? ActionInput()
        do {
            self = try DossierCommand.make(action: action, input: input)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .input, in: container, debugDescription: error.message)
        }
    }

    /// Encodes the action's raw value and the flat payload.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action, forKey: .action)
        try container.encode(input, forKey: .input)
    }
}

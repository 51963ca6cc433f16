import Foundation

/// Where a yearly budget estimate (dự toán ngân sách) stands in its approval.
///
/// The commune office drafts it, submits it to the leader, who approves it with the approved amount of each line or
/// returns it; during the year the office may open a revision, which is submitted and approved the same way.
public enum BudgetEstimateStatus: String, Codable, CaseIterable, Sendable {
    case draft
    case submitted
    case returned
    case approved
    case revising

    /// The status in Vietnamese.
    public var vietnameseName: String {
        switch self {
        case .draft: "Đang lập"
        case .submitted: "Đã trình, chờ phê duyệt"
        case .returned: "Trả lại để chỉnh sửa"
        case .approved: "Đã phê duyệt"
        case .revising: "Đang điều chỉnh trong năm"
        }
    }

    /// Whether lines may be added or their proposed amounts changed.
    public var isEditable: Bool { self == .draft || self == .returned || self == .revising }
}

/// A step of the approval workflow.
public enum BudgetAction: String, Codable, CaseIterable, Sendable {
    case submit
    case approve
    case returnForChanges = "return"
    case startRevision = "revise"

    /// The action in Vietnamese.
    public var vietnameseName: String {
        switch self {
        case .submit: "Trình phê duyệt"
        case .approve: "Phê duyệt"
        case .returnForChanges: "Trả lại"
        case .startRevision: "Điều chỉnh dự toán"
        }
    }
}

/// Who acts on a budget estimate: the commune office drafts and submits, the leader approves.
public enum BudgetActor: Sendable {
    case communeOffice
    case communeLeader
    case other
}

/// The approval workflow of a budget estimate as a state machine.
public enum BudgetWorkflow {
    /// The status after `action`, or a Vietnamese reason why it is not allowed now or not for this actor.
    public static func next(from status: BudgetEstimateStatus, action: BudgetAction, by actor: BudgetActor, lineCount: Int) -> Result<BudgetEstimateStatus, BudgetProblem> {
        switch (action, status) {
        case (.submit, .draft), (.submit, .returned), (.submit, .revising):
            guard actor == .communeOffice else { return .failure(.init("Chỉ Văn phòng HĐND–UBND lập và trình dự toán.")) }
            guard lineCount > 0 else { return .failure(.init("Dự toán chưa có dòng thu, chi nào; hãy thêm trước khi trình.")) }
            return .success(.submitted)
        case (.approve, .submitted):
            guard actor == .communeLeader else { return .failure(.init("Chỉ lãnh đạo UBND xã phê duyệt dự toán.")) }
            return .success(.approved)
        case (.returnForChanges, .submitted):
            guard actor == .communeLeader else { return .failure(.init("Chỉ lãnh đạo UBND xã trả lại dự toán.")) }
            return .success(.returned)
        case (.startRevision, .approved):
            guard actor == .communeOffice else { return .failure(.init("Chỉ Văn phòng HĐND–UBND lập dự toán điều chỉnh.")) }
            return .success(.revising)
        default:
            return .failure(.init("Không thể \(action.vietnameseName.lowercased()) khi dự toán đang ở trạng thái \"\(status.vietnameseName)\"."))
        }
    }
}

/// Several refusals found at once, each in Vietnamese.
public struct ResourceProblems: Error, Equatable, Sendable {
    public let messages: [String]
    public init(_ messages: [String]) { self.messages = messages }
}

/// A refusal of the budget rules, in Vietnamese.
public struct BudgetProblem: Error, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// Whether a budget line is revenue (thu) or expenditure (chi).
public enum BudgetLineKind: String, Codable, CaseIterable, Sendable {
    case revenue
    case expenditure

    /// The kind in Vietnamese.
    public var vietnameseName: String {
        switch self {
        case .revenue: "Thu"
        case .expenditure: "Chi"
        }
    }
}

/// The budget classification codes of a line: chapter (chương, 3 digits) and item (mục or tiểu mục, 4 digits),
/// as the State Budget Index (Thông tư 324/2016/TT-BTC) numbers them.
public struct BudgetCode: Equatable, Sendable {
    public let chapter: String
    public let item: String

    /// Checks the codes; returns the problems in Vietnamese.
    public static func validate(chapter: String, item: String) -> Result<BudgetCode, ResourceProblems> {
        var problems: [String] = []
        let chapter = chapter.trimmingCharacters(in: .whitespaces)
        let item = item.trimmingCharacters(in: .whitespaces)
        if chapter.count != 3 || !chapter.allSatisfy({ $0.isASCII && $0.isNumber }) {
            problems.append("Mã chương phải gồm 3 chữ số, ví dụ 805.")
        }
        if item.count != 4 || !item.allSatisfy({ $0.isASCII && $0.isNumber }) {
            problems.append("Mã mục, tiểu mục phải gồm 4 chữ số, ví dụ 6001.")
        }
        return problems.isEmpty ? .success(BudgetCode(chapter: chapter, item: item)) : .failure(ResourceProblems(problems))
    }
}

/// A line as the approval sees it.
public struct BudgetLineState: Sendable {
    public let id: String
    public let label: String
    /// The proposed amount at the last submission; `nil` when the line was never submitted.
    public let submittedAmount: Int64?

    public init(id: String, label: String, submittedAmount: Int64?) {
        self.id = id
        self.label = label
        self.submittedAmount = submittedAmount
    }
}

/// The approval of a submitted estimate: one approved amount for each submitted line, none for any other.
public enum BudgetApproval {
    /// The approved amounts by line id, or every problem found, in Vietnamese.
    ///
    /// `entries` are the amounts typed for each line id; a line that was submitted must have one, and a line that was
    /// never submitted (or is unknown) must not.
    public static func approvedAmounts(lines: [BudgetLineState], entries: [String: String]) -> Result<[String: Int64], ResourceProblems> {
        var problems: [String] = []
        var approved: [String: Int64] = [:]
        let known = Dictionary(uniqueKeysWithValues: lines.map { ($0.id, $0) })
        for (id, text) in entries.sorted(by: { $0.key < $1.key }) where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let line = known[id] else {
                problems.append("Có số duyệt cho một dòng không thuộc dự toán này.")
                continue
            }
            if line.submittedAmount == nil {
                problems.append("Dòng \"\(line.label)\" chưa được trình nên không thể ghi số phê duyệt.")
            }
        }
        for line in lines where line.submittedAmount != nil {
            switch Money.parse(entries[line.id]) {
            case .success(let amount): approved[line.id] = amount
            case .failure(let problem): problems.append(problem.message(field: "Số phê duyệt của dòng \"\(line.label)\""))
            }
        }
        if problems.isEmpty, case .failure(let problem) = Money.sum(approved.values) {
            problems.append(problem.message(field: "Tổng số phê duyệt"))
        }
        return problems.isEmpty ? .success(approved) : .failure(ResourceProblems(problems))
    }
}

import Foundation

/// Where an affected household of a land clearance project (giải phóng mặt bằng) stands.
public enum ClearanceHouseholdStatus: String, Codable, CaseIterable, Sendable {
    case counted
    case planPublished = "plan_published"
    case agreed
    case paid
    case handedOver = "handed_over"
    case complaint

    /// The status in Vietnamese.
    public var vietnameseName: String {
        switch self {
        case .counted: "Đã kiểm đếm"
        case .planPublished: "Đã công khai phương án bồi thường"
        case .agreed: "Đã đồng ý phương án"
        case .paid: "Đã chi trả tiền bồi thường"
        case .handedOver: "Đã bàn giao mặt bằng"
        case .complaint: "Có khiếu nại"
        }
    }

    /// What stands between the household and handing over its land, in Vietnamese; `nil` once handed over.
    public var blocker: String? {
        switch self {
        case .counted: "Chưa công khai phương án bồi thường"
        case .planPublished: "Chưa đồng ý phương án bồi thường"
        case .agreed: "Chưa nhận tiền bồi thường"
        case .paid: "Đã nhận tiền, chưa bàn giao mặt bằng"
        case .complaint: "Đang khiếu nại, cần giải quyết khiếu nại"
        case .handedOver: nil
        }
    }

    /// The order of the normal path; a complaint may arise at any step and is resolved back onto the path.
    private var step: Int {
        switch self {
        case .counted: 0
        case .planPublished: 1
        case .agreed: 2
        case .paid: 3
        case .handedOver: 4
        case .complaint: -1
        }
    }

    /// Whether a household may move from this status to `next`: forward along the path one step or more except that
    /// payment needs agreement first, into a complaint from any step before hand-over, and out of a complaint to any
    /// step before hand-over.
    public func allowsMove(to next: ClearanceHouseholdStatus, paidAmount: Int64, compensation: Int64) -> Result<ClearanceHouseholdStatus, BudgetProblem> {
        if next == self { return .success(next) }
        if self == .handedOver { return .failure(.init("Hộ đã bàn giao mặt bằng; không đổi trạng thái được nữa.")) }
        if next == .complaint { return .success(next) }
        if self == .complaint, next == .handedOver { return .failure(.init("Hộ đang khiếu nại: cần giải quyết khiếu nại và chi trả trước khi bàn giao mặt bằng.")) }
        if self != .complaint, next.step < step { return .failure(.init("Không thể lùi từ \"\(vietnameseName)\" về \"\(next.vietnameseName)\".")) }
        if next == .paid || next == .handedOver {
            if compensation <= 0 { return .failure(.init("Cần ghi số tiền bồi thường theo phương án trước khi ghi nhận chi trả.")) }
            if paidAmount < compensation { return .failure(.init("Hộ mới nhận \(VND.format(paidAmount)) trên \(VND.format(compensation)) tiền bồi thường; cần chi trả đủ trước khi ghi \"\(next.vietnameseName)\".")) }
        }
        if next == .handedOver, step < ClearanceHouseholdStatus.paid.step, self != .complaint {
            return .failure(.init("Cần chi trả tiền bồi thường trước khi bàn giao mặt bằng."))
        }
        return .success(next)
    }
}

/// The progress of one land clearance project from its households.
public struct ClearanceProgress: Equatable, Sendable {
    public let households: Int
    public let counts: [ClearanceHouseholdStatus: Int]
    public let compensation: Int64
    public let paid: Int64
    /// The area handed over and the total, in square metres.
    public let areaHandedOver: Int64
    public let areaTotal: Int64

    /// The share of households that handed over their land, "60,0 %".
    public var handedOverText: String { Money.percentText(Int64(counts[.handedOver] ?? 0), of: Int64(households)) }
    /// The share of compensation paid.
    public var paidText: String { Money.percentText(paid, of: compensation) }
    /// The share of the area handed over.
    public var areaText: String { Money.percentText(areaHandedOver, of: areaTotal) }

    /// Creates progress figures directly.
    public init(households: Int, counts: [ClearanceHouseholdStatus: Int], compensation: Int64, paid: Int64, areaHandedOver: Int64, areaTotal: Int64) {
        self.households = households
        self.counts = counts
        self.compensation = compensation
        self.paid = paid
        self.areaHandedOver = areaHandedOver
        self.areaTotal = areaTotal
    }

    /// Sums the households, exactly; `nil` on overflow.
    public static func make(_ households: [(status: ClearanceHouseholdStatus, compensation: Int64, paid: Int64, area: Int64)]) -> ClearanceProgress? {
        var counts: [ClearanceHouseholdStatus: Int] = [:]
        for household in households { counts[household.status, default: 0] += 1 }
        guard case .success(let compensation) = Money.sum(households.map(\.compensation)),
              case .success(let paid) = Money.sum(households.map(\.paid)),
              case .success(let area) = Money.sum(households.map(\.area)),
              case .success(let handed) = Money.sum(households.filter { $0.status == .handedOver }.map(\.area)) else { return nil }
        return ClearanceProgress(households: households.count, counts: counts, compensation: compensation, paid: paid, areaHandedOver: handed, areaTotal: area)
    }
}

/// The stages of an investment project in the commune's pipeline (thu hút đầu tư).
public enum InvestmentStage: String, Codable, CaseIterable, Sendable {
    case idea
    case contacted
    case proposal
    case approved
    case underConstruction = "under_construction"
    case operating
    case dropped

    /// The stage in Vietnamese.
    public var vietnameseName: String {
        switch self {
        case .idea: "Ý tưởng"
        case .contacted: "Đã tiếp xúc nhà đầu tư"
        case .proposal: "Đã có đề xuất dự án"
        case .approved: "Đã chấp thuận chủ trương"
        case .underConstruction: "Đang xây dựng"
        case .operating: "Đã đi vào hoạt động"
        case .dropped: "Dừng, không tiếp tục"
        }
    }

    /// Whether the project still counts in the live pipeline.
    public var isLive: Bool { self != .dropped }

    /// Whether a project may move from this stage to `next`: forward, or to dropped from any stage before operating;
    /// a dropped project may be taken up again from the idea stage.
    public func allowsMove(to next: InvestmentStage) -> Result<InvestmentStage, BudgetProblem> {
        if next == self { return .success(next) }
        let order = InvestmentStage.allCases
        if self == .dropped {
            return next == .idea || next == .contacted ? .success(next) : .failure(.init("Dự án đã dừng chỉ có thể bắt đầu lại từ bước \"\(InvestmentStage.idea.vietnameseName)\" hoặc \"\(InvestmentStage.contacted.vietnameseName)\"."))
        }
        if next == .dropped {
            return self == .operating ? .failure(.init("Dự án đã hoạt động, không thể chuyển sang dừng.")) : .success(next)
        }
        guard let from = order.firstIndex(of: self), let to = order.firstIndex(of: next), to > from else {
            return .failure(.init("Không thể lùi dự án từ \"\(vietnameseName)\" về \"\(next.vietnameseName)\"."))
        }
        return .success(next)
    }
}

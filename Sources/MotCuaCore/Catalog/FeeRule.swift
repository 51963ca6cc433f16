import Foundation

/// What an applicant pays for a procedure (phí, lệ phí). Amounts are whole đồng in `Int64`: money is never
/// floating point.
public enum FeeRule: Hashable, Sendable {
    /// Nothing to pay; `condition` says when, e.g. "miễn lệ phí nếu đăng ký đúng hạn".
    case free(condition: String?)
    /// One amount per dossier, e.g. 20.000 ₫ for registering permanent residence.
    case fixed(amount: Int64, condition: String?)
    /// An amount per case, contract or signature (`unit`), e.g. 10.000 ₫ per "trường hợp" of signature
    /// certification (TT 226/2016/TT-BTC art. 4).
    case perCase(amount: Int64, unit: String, condition: String?)
    /// An amount per page of each copy with a cap per copy, as for certified copies.
    case perPage(PerPageFee, condition: String?)
    /// Set by the provincial People's Council (civil status, household business: Luật Phí và lệ phí 2015
    /// art. 21; TT 85/2019/TT-BTC), looked up in the province's `ProvinceFeeTable`.
    case setByProvince(condition: String?)

    /// The condition or note attached to the rule, if any.
    public var condition: String? {
        switch self {
        case .free(let condition), .fixed(_, let condition), .perCase(_, _, let condition),
             .perPage(_, let condition), .setByProvince(let condition):
            condition
        }
    }

    /// The fee in đồng for a dossier, or `nil` when it cannot be computed: a province fee without an entry
    /// in `provinceFee`, a count below 1 where one is needed, or an overflow.
    ///
    /// - `pages` and `copies` count for `.perPage` (pages of the document, copies certified);
    /// - `cases` counts for `.perCase` and for a province amount (e.g. two extracts);
    /// - `.fixed` is per dossier whatever the counts;
    /// - `channel` picks a province's lower amount for online dossiers, where its resolution sets one.
    public func amount(pages: Int = 1, copies: Int = 1, cases: Int = 1, provinceFee: ProvinceFee? = nil,
                       channel: IntakeChannel = .counter) -> Int64? {
        switch self {
        case .free:
            return 0
        case .fixed(let amount, _):
            return amount
        case .perCase(let amount, _, _):
            guard cases >= 1 else { return nil }
            return Self.multiply(amount, cases)
        case .perPage(let rate, _):
            guard copies >= 1, let perCopy = rate.amountPerCopy(pages: pages) else { return nil }
            return Self.multiply(perCopy, copies)
        case .setByProvince:
            guard cases >= 1, let provinceFee, provinceFee.isInForce else { return nil }
            return Self.multiply(provinceFee.amount(for: channel), cases)
        }
    }

    /// Every way this rule is malformed, in Vietnamese; empty when it is valid.
    public var problems: [String] {
        switch self {
        case .free, .setByProvince:
            return []
        case .fixed(let amount, _):
            return amount > 0 ? [] : ["Mức phí cố định phải lớn hơn 0 đồng (dùng loại free nếu miễn phí)."]
        case .perCase(let amount, let unit, _):
            var problems: [String] = []
            if amount <= 0 { problems.append("Mức phí theo trường hợp phải lớn hơn 0 đồng.") }
            if unit.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append("Phí theo trường hợp cần đơn vị tính (fee_unit), ví dụ \"trường hợp\".")
            }
            return problems
        case .perPage(let rate, _):
            return rate.problems
        }
    }

    static func multiply(_ amount: Int64, _ count: Int) -> Int64? {
        let (product, overflow) = amount.multipliedReportingOverflow(by: Int64(count))
        return overflow ? nil : product
    }
}

/// A per-page fee with a cap per copy.
///
/// The certified-copy fee (TT 226/2016/TT-BTC art. 4 cl. 1): 2.000 ₫ per page for pages 1 and 2, 1.000 ₫
/// per page from page 3, at most 200.000 ₫ per copy (`certifiedCopy`).
public struct PerPageFee: Hashable, Sendable {
    /// The rate of each of the first `firstPageCount` pages.
    public var firstPagesRate: Int64
    /// How many pages are charged at `firstPagesRate`.
    public var firstPageCount: Int
    /// The rate of each later page.
    public var laterPagesRate: Int64
    /// The most one copy costs.
    public var maximumPerCopy: Int64

    /// A per-page fee.
    public init(firstPagesRate: Int64, firstPageCount: Int, laterPagesRate: Int64, maximumPerCopy: Int64) {
        self.firstPagesRate = firstPagesRate
        self.firstPageCount = firstPageCount
        self.laterPagesRate = laterPagesRate
        self.maximumPerCopy = maximumPerCopy
    }

    /// The fee for certifying copies (chứng thực bản sao từ bản chính), TT 226/2016/TT-BTC art. 4 cl. 1.
    public static let certifiedCopy = PerPageFee(
        firstPagesRate: 2_000, firstPageCount: 2, laterPagesRate: 1_000, maximumPerCopy: 200_000
    )

    /// The fee for one copy of a document of `pages` pages, or `nil` when `pages` is below 1.
    public func amountPerCopy(pages: Int) -> Int64? {
        guard pages >= 1 else { return nil }
        let firstPages = min(pages, firstPageCount)
        let laterPages = pages - firstPages
        guard let first = FeeRule.multiply(firstPagesRate, firstPages) else { return maximumPerCopy }
        guard let later = FeeRule.multiply(laterPagesRate, laterPages) else { return maximumPerCopy }
        let (sum, overflow) = first.addingReportingOverflow(later)
        return overflow ? maximumPerCopy : min(sum, maximumPerCopy)
    }

    /// Every way this fee is malformed, in Vietnamese; empty when it is valid.
    public var problems: [String] {
        var problems: [String] = []
        if firstPagesRate <= 0 || laterPagesRate < 0 || maximumPerCopy <= 0 {
            problems.append("Mức phí theo trang phải lớn hơn 0 đồng.")
        }
        if firstPageCount < 0 { problems.append("Số trang tính theo mức đầu không được âm.") }
        if maximumPerCopy < firstPagesRate { problems.append("Mức tối đa mỗi bản nhỏ hơn phí một trang.") }
        return problems
    }
}

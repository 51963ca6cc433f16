import Foundation

/// How one budget line is being executed against its estimate, and where the present pace leads by year end.
public struct BudgetLineExecution: Equatable, Sendable {
    /// What the pace of a line foretells.
    public enum Outlook: String, Equatable, Sendable {
        /// Nothing recorded yet, or no approved amount to compare with.
        case notStarted
        case onTrack
        /// An expenditure line that, at this pace, spends its whole estimate before the year ends.
        case willRunOut
        /// An expenditure line already spent beyond its estimate.
        case exhausted
        /// A revenue line that, at this pace, collects less than its target.
        case revenueShortfall
        /// A revenue line that reached its target.
        case targetReached

        /// Whether the page should draw attention to the line.
        public var isFlagged: Bool { self == .willRunOut || self == .exhausted || self == .revenueShortfall }

        /// The outlook in Vietnamese.
        public var vietnameseName: String {
            switch self {
            case .notStarted: "Chưa phát sinh"
            case .onTrack: "Bình thường"
            case .willRunOut: "Sẽ hết dự toán trước cuối năm"
            case .exhausted: "Đã chi vượt dự toán"
            case .revenueShortfall: "Thu không đạt dự toán nếu giữ nhịp này"
            case .targetReached: "Đã đạt dự toán thu"
            }
        }
    }

    public let kind: BudgetLineKind
    /// The approved amount (the estimate in force).
    public let estimate: Int64
    /// The sum of the recorded months.
    public let executed: Int64
    /// Tenths of a percent of the estimate executed; `nil` without an estimate.
    public let perMille: Int64?
    /// The year's total if the pace of the elapsed months holds.
    public let projectedYearTotal: Int64
    /// For an expenditure line that will run out: the month (1–12) in which the estimate is used up at this pace.
    public let runOutMonth: Int?
    public let outlook: Outlook

    /// The share executed, "45,3 %".
    public var percentText: String { Money.percentText(executed, of: estimate) }

    /// Computes the execution of a line from its monthly amounts, `monthsElapsed` (1–12) months into the year.
    ///
    /// The pace is the amount recorded so far divided by the months elapsed; all arithmetic is exact on integers.
    public static func make(kind: BudgetLineKind, estimate: Int64, monthly: [Int: Int64], monthsElapsed: Int) -> Result<BudgetLineExecution, Money.Problem> {
        let elapsed = min(max(monthsElapsed, 1), 12)
        let executed: Int64
        switch Money.sum(monthly.filter { (1...12).contains($0.key) }.values) {
        case .success(let total): executed = total
        case .failure(let problem): return .failure(problem)
        }
        guard let projected = Money.scaled(executed, by: 12, over: Int64(elapsed)) else { return .failure(.overflow) }
        var runOutMonth: Int?
        let outlook: Outlook
        if estimate <= 0 || executed == 0 {
            outlook = executed > 0 && kind == .expenditure ? .exhausted : .notStarted
        } else if kind == .expenditure {
            if executed > estimate {
                outlook = .exhausted
            } else if projected > estimate {
                // The estimate runs out in month ⌈estimate × elapsed ÷ executed⌉.
                let months = Money.scaled(estimate, by: Int64(elapsed), over: executed) ?? 12
                let exact = (Money.scaled(executed, by: months, over: Int64(elapsed)) ?? 0) >= estimate
                runOutMonth = Int(min(max(exact ? months : months + 1, 1), 12))
                outlook = .willRunOut
            } else {
                outlook = .onTrack
            }
        } else {
            outlook = executed >= estimate ? .targetReached : (projected < estimate ? .revenueShortfall : .onTrack)
        }
        return .success(BudgetLineExecution(kind: kind, estimate: estimate, executed: executed, perMille: Money.perMille(executed, of: estimate),
                                            projectedYearTotal: projected, runOutMonth: runOutMonth, outlook: outlook))
    }

    /// The months of `year` that have elapsed on `today` for the pace: all twelve for a past year; for this year the
    /// months already over (a month's figures come in at its end), or more if later months are already recorded; for a
    /// future year (an estimate recorded ahead) the last month that has figures.
    public static func monthsElapsed(year: Int, today: CivilDate, lastRecordedMonth: Int?) -> Int {
        if year < today.year { return 12 }
        if year == today.year { return min(max(today.month - 1, lastRecordedMonth ?? 0, 1), 12) }
        return min(max(lastRecordedMonth ?? 1, 1), 12)
    }
}

extension FeeRule {
    /// The fee as the public reads it, e.g. "50.000 ₫", "Miễn phí (…)", "2.000 ₫/trang (trang 1–2), …".
    public func vietnameseDescription(provinceFee: ProvinceFee? = nil) -> String {
        let text: String
        switch self {
        case .free:
            text = "Miễn phí"
        case .fixed(let amount, _):
            text = VND.format(amount)
        case .perCase(let amount, let unit, _):
            text = "\(VND.format(amount))/\(unit)"
        case .perPage(let rate, _):
            text = "\(VND.format(rate.firstPagesRate))/trang cho \(rate.firstPageCount) trang đầu, "
                + "\(VND.format(rate.laterPagesRate))/trang từ trang thứ \(rate.firstPageCount + 1), "
                + "tối đa \(VND.format(rate.maximumPerCopy))/bản"
        case .setByProvince:
            text = provinceFee.map { "\(VND.format($0.amount)) (mức của tỉnh)" } ?? "Theo mức Hội đồng nhân dân tỉnh quy định"
        }
        guard let condition, !condition.isEmpty else { return text }
        return "\(text) (\(condition))"
    }
}

extension ProcessingTime {
    /// The time limit as the public reads it: "Trong ngày" or "3 ngày làm việc".
    public var vietnameseDescription: String {
        switch self {
        case .sameDay: "Trong ngày"
        case .workingDays(let days): "\(days) ngày làm việc"
        }
    }
}

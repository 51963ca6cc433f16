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
            if let provinceFee, provinceFee.isInForce {
                let online = provinceFee.onlineAmount.map { "; nộp trực tuyến \(VND.format($0))" } ?? ""
                text = "\(VND.format(provinceFee.amount)) (mức của tỉnh\(online))"
            } else {
                text = Self.notYetSetByProvince
            }
        }
        guard let condition, !condition.isEmpty else { return text }
        return "\(text) (\(condition))"
    }
}

extension FeeRule {
    /// What the public and the receipt read for a province fee that no resolution sets yet: nothing is charged
    /// (Luật Phí và lệ phí 2015 Điều 21 khoản 2 leaves the amount to the provincial People's Council).
    public static let notYetSetByProvince = "Chưa thu: Hội đồng nhân dân tỉnh chưa quy định mức thu"

    /// The fee line of the receipt (Mẫu 01) for a dossier charged `chargedAmount`: the amount when there is
    /// one, otherwise why nothing is charged.
    public func receiptText(chargedAmount: Int64, provinceFee: ProvinceFee?) -> String {
        if chargedAmount > 0 { return VND.format(chargedAmount) }
        switch self {
        case .setByProvince where provinceFee?.isInForce != true: return Self.notYetSetByProvince
        case .free: return "Miễn phí"
        default: return "Không thu"
        }
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

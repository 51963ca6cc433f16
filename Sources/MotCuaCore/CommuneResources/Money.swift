import Foundation

/// Exact arithmetic on amounts of Vietnamese đồng: whole numbers in `Int64`, never floating point.
///
/// A commune's yearly budget is in the tens of billions of đồng and `Int64` holds about 9,2 × 10¹⁸, so an overflow
/// means bad data; it is reported, never wrapped or trapped.
public enum Money {
    /// Why an amount could not be read or computed.
    public enum Problem: Error, Equatable, Sendable {
        case empty
        case notANumber
        case negative
        case tooLarge
        case overflow

        /// The problem in Vietnamese, naming the field.
        public func message(field: String) -> String {
            switch self {
            case .empty: "Cần nhập \(field)."
            case .notANumber: "\(field) phải là số tiền bằng đồng, chỉ gồm chữ số (có thể có dấu chấm ngăn cách hàng nghìn), ví dụ 1.234.000."
            case .negative: "\(field) không được âm."
            case .tooLarge: "\(field) quá lớn (tối đa \(VND.format(Money.maximumEntry)))."
            case .overflow: "Tổng các số tiền vượt quá giới hạn tính toán; hãy kiểm tra lại số liệu."
            }
        }
    }

    /// The largest amount one entry may hold: 10 million billion đồng, far above any commune figure, so that sums of
    /// many entries stay inside `Int64`.
    public static let maximumEntry: Int64 = 10_000_000_000_000_000

    /// The exact sum of `amounts`, or `.overflow` when it leaves `Int64`.
    public static func sum<S: Sequence>(_ amounts: S) -> Result<Int64, Problem> where S.Element == Int64 {
        var total: Int64 = 0
        for amount in amounts {
            let (next, overflowed) = total.addingReportingOverflow(amount)
            if overflowed { return .failure(.overflow) }
            total = next
        }
        return .success(total)
    }

    /// The exact sum, saturating at the `Int64` limits; for display of figures already checked on entry.
    public static func clampedSum<S: Sequence>(_ amounts: S) -> Int64 where S.Element == Int64 {
        switch sum(amounts) {
        case .success(let total): return total
        case .failure: return Int64.max
        }
    }

    /// Reads an amount typed by a person: digits, optionally grouped by dots or spaces ("1.234.000", "1 234 000"),
    /// optionally followed by "đ", "₫" or "đồng". Commas and decimals are refused: đồng have no fraction.
    public static func parse(_ text: String?) -> Result<Int64, Problem> {
        var value = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        for suffix in ["đồng", "₫", "đ", "VND", "vnd"] where value.hasSuffix(suffix) {
            value = String(value.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
        }
        if value.isEmpty { return .failure(.empty) }
        var negative = false
        if value.hasPrefix("-") || value.hasPrefix("−") {
            negative = true
            value = String(value.dropFirst())
        }
        let digits = value.filter { $0 != "." && $0 != " " && $0 != "\u{00A0}" }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.notANumber) }
        if value.contains("."), !isGroupedByThousands(value) { return .failure(.notANumber) }
        if negative { return .failure(.negative) }
        guard digits.count <= 19, let amount = Int64(digits), amount <= maximumEntry else { return .failure(.tooLarge) }
        return .success(amount)
    }

    /// Whether dots stand between groups of three digits, as "1.234.000" and not "12.5".
    private static func isGroupedByThousands(_ text: String) -> Bool {
        let groups = text.replacingOccurrences(of: " ", with: "").split(separator: ".", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 }
    }

    /// `part` as a share of `whole` in tenths of a percent, rounded half up, computed exactly; `nil` when `whole` is
    /// not positive or `part` is negative.
    public static func perMille(_ part: Int64, of whole: Int64) -> Int64? {
        guard whole > 0, part >= 0 else { return nil }
        // Beyond a billion times the whole, the share is meaningless and the division would not fit.
        guard part / whole < 1_000_000_000 else { return Int64.max }
        let (quotient, remainder) = whole.dividingFullWidth(part.multipliedFullWidth(by: 1000))
        return remainder * 2 >= whole ? quotient + 1 : quotient
    }

    /// `part` of `whole` as Vietnamese text with one decimal: "45,3 %"; "—" when there is no whole.
    public static func percentText(_ part: Int64, of whole: Int64) -> String {
        guard let tenths = perMille(part, of: whole) else { return "—" }
        return "\(VND.grouped(tenths / 10)),\(tenths % 10) %"
    }

    /// `amount × numerator ÷ denominator`, exact and rounded down, or `nil` when the result leaves `Int64` or an
    /// input is negative.
    public static func scaled(_ amount: Int64, by numerator: Int64, over denominator: Int64) -> Int64? {
        guard denominator > 0, amount >= 0, numerator >= 0 else { return nil }
        let (product, overflowed) = amount.multipliedReportingOverflow(by: numerator)
        if !overflowed { return product / denominator }
        // The product needs two words: the quotient fits when the high word is below half the divisor (conservative).
        let wide = amount.multipliedFullWidth(by: numerator)
        guard wide.high < denominator / 2 else { return nil }
        return denominator.dividingFullWidth(wide).quotient
    }
}

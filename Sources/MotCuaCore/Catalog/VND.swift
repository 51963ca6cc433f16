import Foundation

/// Vietnamese đồng amounts as people read them.
public enum VND {
    /// `amount` with dots between groups of three digits and the đồng sign: `format(1234000) == "1.234.000 ₫"`,
    /// `format(0) == "0 ₫"`, `format(-5000) == "-5.000 ₫"`.
    ///
    /// Integer arithmetic only, so the result does not depend on the locale Foundation finds on the server
    /// (a `NumberFormatter` without `vi_VN` prints "1,234,000").
    public static func format(_ amount: Int64) -> String {
        grouped(amount) + " ₫"
    }

    /// `amount` with dots between groups of three digits and no sign: "1.234.000".
    public static func grouped(_ amount: Int64) -> String {
        let digits = Array(String(amount.magnitude))
        var result = amount < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(".") }
            result.append(digit)
        }
        return result
    }
}

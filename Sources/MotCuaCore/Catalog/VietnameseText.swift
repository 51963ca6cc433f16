import Foundation

/// Vietnamese text made comparable for search: people type "dang ky khai sinh" for "Đăng ký khai sinh".
public enum VietnameseText {
    /// `text` without diacritics, with đ/Đ as d, lowercased, whitespace collapsed to single spaces and
    /// trimmed: `folded("  Đăng  ký KHAI sinh ") == "dang ky khai sinh"`.
    ///
    /// Canonical decomposition (NFD) splits "ặ" into "a" + breve + dot below; the combining marks
    /// (general category Mn) are dropped. "đ" is a letter of its own, not "d" with a mark, so it does not
    /// decompose and is mapped by hand.
    public static func folded(_ text: String) -> String {
        var stripped = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "\u{0110}", "\u{0111}": stripped.append("d")
            default:
                if scalar.properties.generalCategory != .nonspacingMark { stripped.append(scalar) }
            }
        }
        return String(stripped).lowercased()
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }

    /// The folded words of `text`, split at anything that is not a letter or a digit:
    /// `searchWords("Thay đổi, cải chính") == ["thay", "doi", "cai", "chinh"]`.
    public static func searchWords(_ text: String) -> [String] {
        folded(text)
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map(String.init)
    }
}

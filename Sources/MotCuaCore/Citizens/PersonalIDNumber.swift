import Foundation

/// The personal identification number (số định danh cá nhân) of a citizen: 12 digits whose first three name the
/// province of birth registration, the fourth the century of birth and sex, the next two the year of birth
/// (Nghị định 137/2015/NĐ-CP art. 7; Thông tư 07/2016/TT-BCA art. 4; Luật Căn cước 2023 art. 12).
public enum PersonalIDNumber {
    /// The province codes of Thông tư 07/2016/TT-BCA (001 Hà Nội … 096 Cà Mau).
    public static let provinceCodes: Set<String> = [
        "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024", "025",
        "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045", "046", "048",
        "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
        "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
    ]

    /// The number with spaces and dots removed, as people often type it grouped ("034 185 001 234").
    public static func normalised(_ text: String) -> String {
        text.filter { !$0.isWhitespace && $0 != "." }
    }

    /// Why `text` is not a personal identification number, in Vietnamese, or `nil` when it is one.
    ///
    /// `today` lets the check refuse a year of birth in the future.
    public static func problem(with text: String, today: CivilDate? = nil) -> String? {
        let number = normalised(text)
        if number.isEmpty { return "Cần nhập số định danh cá nhân (12 chữ số, in trên thẻ căn cước)." }
        guard number.count == 12, number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "Số định danh cá nhân phải gồm đúng 12 chữ số."
        }
        let digits = Array(number)
        guard provinceCodes.contains(String(digits[0..<3])) else {
            return "Ba chữ số đầu của số định danh cá nhân (\(String(digits[0..<3]))) không phải mã tỉnh, thành phố nào."
        }
        // The fourth digit: 0/1 born 1900–1999 (male/female), 2/3 2000–2099, 4/5 2100–2199, …
        let centuryDigit = Int(String(digits[3])) ?? 0
        let year = 1900 + (centuryDigit / 2) * 100 + (Int(String(digits[4...5])) ?? 0)
        if let today, year > today.year {
            return "Năm sinh trong số định danh cá nhân (\(year)) ở tương lai; kiểm tra lại chữ số thứ 4 đến 6."
        }
        return nil
    }
}

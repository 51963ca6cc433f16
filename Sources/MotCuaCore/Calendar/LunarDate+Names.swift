import Foundation

extension LunarDate {
    /// The year's name in the sexagenary cycle (can chi), e.g. "Bính Ngọ" for 2026.
    public var yearName: String { LunarDate.sexagenaryName(ofYear: year) }

    /// The month's Vietnamese name, e.g. "Giêng", "Chạp", "Sáu nhuận".
    public var monthName: String {
        let names = ["Giêng", "Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Mười Một", "Chạp"]
        let name = (1...12).contains(month) ? names[month - 1] : String(month)
        return isLeapMonth ? name + " nhuận" : name
    }

    /// The can chi name of a lunar year: stem (can) cycles every 10 years, branch (chi) every 12; 1984 was Giáp Tý.
    public static func sexagenaryName(ofYear year: Int) -> String {
        let stems = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"]
        let branches = ["Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"]
        let stem = ((year - 1984) % 10 + 10) % 10
        let branch = ((year - 1984) % 12 + 12) % 12
        return stems[stem] + " " + branches[branch]
    }
}

extension LunarDate: CustomStringConvertible {
    /// "D/M/YYYY", with " (nhuận)" after a leap month, e.g. "10/3/2026".
    public var description: String {
        "\(day)/\(month)/\(year)" + (isLeapMonth ? " (nhuận)" : "")
    }
}

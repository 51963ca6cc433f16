import Foundation

/// One duty shift of the commune police: who answers the duty phone, on which number, from when to when.
public struct DutyShiftSpan: Sendable, Equatable {
    public let start: Date
    public let end: Date
    public let phone: String
    public let officerName: String

    /// Creates a shift span; `end` is exclusive.
    public init(start: Date, end: Date, phone: String, officerName: String) {
        self.start = start
        self.end = end
        self.phone = phone
        self.officerName = officerName
    }

    /// Whether the shift covers the instant.
    public func covers(_ instant: Date) -> Bool { start <= instant && instant < end }
}

/// The rules of the police duty roster: which number is valid now, and which shifts may be recorded.
public enum DutyRoster {
    /// The longest shift accepted: a week, so that a typing mistake in a year does not hide every later shift.
    public static let longestShift: TimeInterval = 7 * 86_400

    /// The national emergency numbers printed beside the commune's duty number.
    public static let emergencyNumbers: [(number: String, name: String)] = [
        ("113", "Công an (an ninh, trật tự)"),
        ("114", "Cứu hỏa, cứu nạn, cứu hộ"),
        ("115", "Cấp cứu y tế"),
    ]

    /// The shift on duty at the instant, if any; shifts never overlap, so there is at most one.
    public static func shift(at instant: Date, in shifts: [DutyShiftSpan]) -> DutyShiftSpan? {
        shifts.first { $0.covers(instant) }
    }

    /// The next shift that starts after the instant.
    public static func nextShift(after instant: Date, in shifts: [DutyShiftSpan]) -> DutyShiftSpan? {
        shifts.filter { $0.start > instant }.min { $0.start < $1.start }
    }

    /// Every reason (in Vietnamese) why a new shift cannot join the roster; empty when it can.
    public static func problems(with shift: DutyShiftSpan, existing: [DutyShiftSpan]) -> [String] {
        var problems: [String] = []
        if shift.officerName.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append("Cần ghi họ tên cán bộ trực.")
        }
        if !isValidPhone(shift.phone) {
            problems.append("Số điện thoại trực ban không hợp lệ (ví dụ 0221 3712 113 hoặc 0912 345 678).")
        }
        if shift.end <= shift.start {
            problems.append("Giờ kết thúc ca trực phải sau giờ bắt đầu.")
        } else if shift.end.timeIntervalSince(shift.start) > longestShift {
            problems.append("Một ca trực dài tối đa 7 ngày.")
        }
        if let clash = existing.first(where: { $0.start < shift.end && shift.start < $0.end }) {
            problems.append("Ca trực trùng thời gian với ca của \(clash.officerName); mỗi thời điểm chỉ có một số trực ban.")
        }
        return problems
    }

    /// Whether a text is a Vietnamese phone number: 0 and 9–10 digits, or +84, spaces and dots allowed.
    public static func isValidPhone(_ text: String) -> Bool {
        let digits = text.filter { !$0.isWhitespace && $0 != "." }
        if digits.hasPrefix("+84") {
            let rest = digits.dropFirst(3)
            return (9...10).contains(rest.count) && rest.allSatisfy(\.isASCIIDigit)
        }
        return digits.hasPrefix("0") && (10...11).contains(digits.count) && digits.allSatisfy(\.isASCIIDigit)
    }
}

fileprivate extension Character {
    /// Whether the character is one of 0–9 (not another script's digit).
    var isASCIIDigit: Bool { isASCII && isNumber }
}

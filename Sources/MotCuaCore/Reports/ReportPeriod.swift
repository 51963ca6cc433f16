import Foundation

/// The days a report covers, both ends included, in Vietnam's calendar.
///
/// By default a report runs from 1/7/2025, the start of the two-tier model (Nghị định 118/2025/NĐ-CP), to today.
public struct ReportPeriod: Sendable, Hashable, Codable {
    /// The first day of the two-tier model, where reports start by default.
    public static let twoTierStart = CivilDate(year: 2025, month: 7, day: 1)!
    /// The longest period a report may cover, in years.
    public static let maximumYears = 5

    public let from: CivilDate
    public let to: CivilDate

    /// Why a requested period cannot be reported; `message` is Vietnamese and says what to change.
    public enum Problem: Error, Sendable, Equatable {
        case unreadableDate(String)
        case fromAfterTo(from: CivilDate, to: CivilDate)
        case tooLong(from: CivilDate, to: CivilDate)

        /// The message a page or the API shows.
        public var message: String {
            switch self {
            case .unreadableDate(let text):
                "Ngày \"\(text.prefix(40))\" không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 01/07/2025."
            case .fromAfterTo(let from, let to):
                "Ngày bắt đầu (\(from.vietnameseString)) đang sau ngày kết thúc (\(to.vietnameseString)); hãy chọn lại kỳ báo cáo."
            case .tooLong(let from, let to):
                "Kỳ báo cáo từ \(from.vietnameseString) đến \(to.vietnameseString) dài hơn \(ReportPeriod.maximumYears) năm; hãy chọn kỳ ngắn hơn."
            }
        }
    }

    /// A period whose ends are already checked; fails when `from` is after `to` or the period exceeds five years.
    public init(from: CivilDate, to: CivilDate) throws(Problem) {
        guard from <= to else { throw .fromAfterTo(from: from, to: to) }
        // Five years from 1/1/2021 runs to 31/12/2025 inclusive; one day more is too long.
        guard let limit = CivilDate(year: from.year + Self.maximumYears, month: from.month, day: min(from.day, CivilDate.numberOfDays(inMonth: from.month, ofYear: from.year + Self.maximumYears))),
              to < limit else { throw .tooLong(from: from, to: to) }
        self.from = from
        self.to = to
    }

    /// Reads a period from the text of a form or a query (`yyyy-MM-dd` or `dd/MM/yyyy`); a missing `from` is 1/7/2025
    /// (or `to`, when `to` is earlier), a missing `to` is today.
    public static func parse(from fromText: String?, to toText: String?, today: CivilDate) throws(Problem) -> ReportPeriod {
        let to = try readDate(toText) ?? today
        var from = try readDate(fromText) ?? twoTierStart
        if fromText.isBlank, to < from { from = to }
        return try ReportPeriod(from: from, to: to)
    }

    /// The same reading as `parse`, as a result, for callers that keep the problem to show it.
    public static func result(from fromText: String?, to toText: String?, today: CivilDate) -> Result<ReportPeriod, Problem> {
        do {
            return .success(try parse(from: fromText, to: toText, today: today))
        } catch {
            return .failure(error)
        }
    }

    private static func readDate(_ text: String?) throws(Problem) -> CivilDate? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let date = CivilDate(isoString: text) ?? CivilDate(dayMonthYear: text) { return date }
        throw .unreadableDate(text)
    }

    /// The number of days in the period.
    public var dayCount: Int { from.days(to: to) + 1 }

    /// The period of equal length that ends the day before this one starts, for comparison.
    public var previous: ReportPeriod {
        let end = from.adding(days: -1) ?? from
        let start = end.adding(days: -(dayCount - 1)) ?? end
        // Equal length is always at most five years, so the initializer cannot refuse it.
        return (try? ReportPeriod(from: start, to: end)) ?? self
    }

    /// Whether the day lies in the period.
    public func contains(_ day: CivilDate) -> Bool { from <= day && day <= to }

    /// The first instant of the period (00:00 of `from`, Vietnam time).
    public var startInstant: Date { LocalDateTime(date: from, hour: 0)!.instant }

    /// The first instant after the period (00:00 of the day after `to`, Vietnam time).
    public var endInstant: Date { LocalDateTime(date: to.adding(days: 1) ?? to, hour: 0)!.instant }

    /// "01/07/2025 – 31/12/2025".
    public var vietnameseString: String { "\(from.vietnameseString) – \(to.vietnameseString)" }

    /// The months the period touches, as `yyyy-MM`, in order.
    public var months: [String] {
        var result: [String] = []
        var year = from.year, month = from.month
        while (year, month) <= (to.year, to.month) {
            result.append(String(format: "%04d-%02d", year, month))
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return result
    }
}

extension Optional where Wrapped == String {
    /// Whether the text is missing or only spaces.
    fileprivate var isBlank: Bool { self?.trimmingCharacters(in: .whitespaces).isEmpty ?? true }
}

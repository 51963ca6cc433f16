import Foundation

/// One year's days off and make-up working days for civil servants, as announced by the government.
///
/// The JSON form, shipped under `Resources/calendar/` and accepted by `motcua calendar import` and the
/// admin page, is:
/// ```json
/// {"year": 2026,
///  "source": {"title": "…", "reference": "Thông báo 9441/TB-BNV ngày 16/10/2025 …"},
///  "daysOff": [{"date": "2026-02-16", "name": "Tết Nguyên Đán"}],
///  "makeUpWorkingDays": [{"date": "2026-08-22", "name": "Làm bù cho thứ Hai 31/8"}]}
/// ```
/// `daysOff` lists only Monday–Friday dates (weekends are rest days anyway); `makeUpWorkingDays`
/// (optional) lists only Saturdays or Sundays that are worked. Every value is checked on creation.
public struct OfficialSchedule: Hashable, Sendable, Codable {
    /// Where the schedule comes from: the announcing document.
    public struct Source: Hashable, Sendable, Codable {
        /// What the document is about, e.g. "Lịch nghỉ Tết Âm lịch và Quốc khánh năm 2026".
        public let title: String
        /// The document number, date and issuer, e.g. "Thông báo số 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ".
        public let reference: String

        /// Creates a source citation.
        public init(title: String, reference: String) {
            self.title = title
            self.reference = reference
        }
    }

    /// One dated line of the schedule.
    public struct Entry: Hashable, Sendable, Codable {
        /// The day.
        public let date: CivilDate
        /// Why the day is off or worked, in Vietnamese.
        public let name: String

        /// Creates an entry.
        public init(date: CivilDate, name: String) {
            self.date = date
            self.name = name
        }
    }

    /// The Gregorian year the schedule covers.
    public let year: Int
    /// The announcing document.
    public let source: Source
    /// The weekdays on which civil servants do not work, in date order.
    public let daysOff: [Entry]
    /// The weekend days on which civil servants work in exchange for a weekday off, in date order.
    public let makeUpWorkingDays: [Entry]

    /// The years a schedule may cover, those of the lunar calendar.
    public static let supportedYears = 1900...2199

    /// Creates a schedule, or throws a `CalendarError` listing every problem found.
    public init(year: Int, source: Source, daysOff: [Entry], makeUpWorkingDays: [Entry] = []) throws {
        let raw = RawSchedule(
            year: year, source: source,
            daysOff: daysOff.map { RawEntry(date: $0.date.isoString, name: $0.name) },
            makeUpWorkingDays: makeUpWorkingDays.map { RawEntry(date: $0.date.isoString, name: $0.name) })
        self = try raw.validated()
    }

    /// Parses and checks a schedule in the JSON form above; throws a `CalendarError` naming each faulty field.
    public static func decode(from data: Data) throws -> OfficialSchedule {
        let raw: RawSchedule
        do {
            raw = try JSONDecoder().decode(RawSchedule.self, from: data)
        } catch let error as DecodingError {
            throw CalendarError(error.vietnameseDescription)
        }
        return try raw.validated()
    }

    /// The schedule in its JSON form, keys sorted, human-readable.
    public func encodedJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Decodes and checks a schedule, so that no unchecked schedule can be built from JSON.
    public init(from decoder: any Decoder) throws {
        self = try RawSchedule(from: decoder).validated()
    }

    fileprivate init(validYear year: Int, source: Source, daysOff: [Entry], makeUpWorkingDays: [Entry]) {
        self.year = year
        self.source = source
        self.daysOff = daysOff
        self.makeUpWorkingDays = makeUpWorkingDays
    }
}

/// The schedule as written, dates still text, so that each fault can be named with its entry.
private struct RawSchedule: Codable {
    let year: Int
    let source: OfficialSchedule.Source
    let daysOff: [RawEntry]
    let makeUpWorkingDays: [RawEntry]

    init(year: Int, source: OfficialSchedule.Source, daysOff: [RawEntry], makeUpWorkingDays: [RawEntry]) {
        self.year = year
        self.source = source
        self.daysOff = daysOff
        self.makeUpWorkingDays = makeUpWorkingDays
    }

    enum CodingKeys: String, CodingKey { case year, source, daysOff, makeUpWorkingDays }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        year = try container.decode(Int.self, forKey: .year)
        source = try container.decode(OfficialSchedule.Source.self, forKey: .source)
        daysOff = try container.decode([RawEntry].self, forKey: .daysOff)
        makeUpWorkingDays = try container.decodeIfPresent([RawEntry].self, forKey: .makeUpWorkingDays) ?? []
    }

    func validated() throws -> OfficialSchedule {
        var problems: [String] = []
        if !OfficialSchedule.supportedYears.contains(year) {
            problems.append("Trường \"year\": năm \(year) nằm ngoài khoảng được hỗ trợ "
                + "\(OfficialSchedule.supportedYears.lowerBound)–\(OfficialSchedule.supportedYears.upperBound).")
        }
        if source.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("Trường \"source.title\" không được để trống: hãy ghi tên văn bản công bố lịch nghỉ.")
        }
        if source.reference.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("Trường \"source.reference\" không được để trống: hãy ghi số, ngày và cơ quan ban hành văn bản.")
        }
        if daysOff.isEmpty {
            problems.append("Danh sách \"daysOff\" không được để trống: năm nào cũng có ngày nghỉ lễ, Tết.")
        }
        var seen: [CivilDate: String] = [:]
        func check(_ entries: [RawEntry], field: String, mustBeWeekend: Bool) -> [OfficialSchedule.Entry] {
            var valid: [OfficialSchedule.Entry] = []
            for (index, entry) in entries.enumerated() {
                let label = "\(field)[\(index)]"
                if entry.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    problems.append("\(label).name không được để trống.")
                }
                guard let date = CivilDate(isoString: entry.date) else {
                    problems.append("\(label).date: \"\(entry.date)\" không phải ngày có thật theo dạng YYYY-MM-DD.")
                    continue
                }
                if date.year != year {
                    problems.append("\(label).date: ngày \(date.isoString) không thuộc năm \(year) của lịch này.")
                }
                if let earlier = seen[date] {
                    problems.append("\(label).date: ngày \(date.isoString) đã có ở \(earlier).")
                } else {
                    seen[date] = label
                }
                let weekday = date.weekday
                if mustBeWeekend, !weekday.isWeekend {
                    problems.append("\(label).date: ngày \(date.isoString) là \(weekday.vietnameseName), "
                        + "vốn là ngày làm việc, nên không thể là ngày làm bù (chỉ thứ Bảy hoặc Chủ nhật).")
                }
                if !mustBeWeekend, weekday.isWeekend {
                    problems.append("\(label).date: ngày \(date.isoString) là \(weekday.vietnameseName), vốn đã là ngày "
                        + "nghỉ hằng tuần; chỉ ghi các ngày từ thứ Hai đến thứ Sáu được nghỉ (kể cả ngày nghỉ bù).")
                }
                valid.append(OfficialSchedule.Entry(date: date, name: entry.name))
            }
            return valid.sorted { $0.date < $1.date }
        }
        let daysOff = check(daysOff, field: "daysOff", mustBeWeekend: false)
        let makeUpWorkingDays = check(makeUpWorkingDays, field: "makeUpWorkingDays", mustBeWeekend: true)
        guard problems.isEmpty else { throw CalendarError(problems) }
        return OfficialSchedule(validYear: year, source: source, daysOff: daysOff, makeUpWorkingDays: makeUpWorkingDays)
    }
}

private struct RawEntry: Codable {
    let date: String
    let name: String
}

extension DecodingError {
    /// A Vietnamese sentence naming the JSON field at fault, e.g. "Thiếu trường \"daysOff[2].name\".".
    var vietnameseDescription: String {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            var text = ""
            for key in codingPath + (last.map { [$0] } ?? []) {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "(gốc)" : text
        }
        switch self {
        case .keyNotFound(let key, let context):
            return "Thiếu trường \"\(path(context.codingPath, key))\"."
        case .valueNotFound(_, let context):
            return "Trường \"\(path(context.codingPath))\" không được là null."
        case .typeMismatch(let type, let context):
            let typeName = String(describing: type)
            let expected: String
            if type == String.self {
                expected = "một chuỗi"
            } else if type == Int.self {
                expected = "một số nguyên"
            } else if typeName.hasPrefix("Array") || typeName.hasPrefix("[") && !typeName.contains(":") {
                expected = "một danh sách [...]"
            } else {
                expected = "một đối tượng {...}"
            }
            return "Trường \"\(path(context.codingPath))\" sai kiểu: cần \(expected)."
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "Nội dung không phải JSON hợp lệ."
        case .dataCorrupted(let context):
            return "Trường \"\(path(context.codingPath))\" có giá trị không hợp lệ."
        @unknown default:
            return "Nội dung không đúng định dạng lịch nghỉ."
        }
    }
}

import Foundation

/// An Open311 GeoReport v2 error: the spec's `{code, description}` pair, with the HTTP status to answer.
public struct Open311Error: Error, Equatable, Sendable {
    /// The HTTP status: 400, 403 or 404, as the spec lists.
    public let httpStatus: Int
    /// The error code, which the spec leaves to the server; MotCua repeats the HTTP status.
    public var code: Int { httpStatus }
    /// What went wrong, in Vietnamese, naming the field.
    public let description: String

    public init(httpStatus: Int, description: String) {
        self.httpStatus = httpStatus
        self.description = description
    }

    public static func badRequest(_ description: String) -> Open311Error { .init(httpStatus: 400, description: description) }
    public static func forbidden(_ description: String) -> Open311Error { .init(httpStatus: 403, description: description) }
    public static func notFound(_ description: String) -> Open311Error { .init(httpStatus: 404, description: description) }
}

/// The two representations GeoReport v2 offers, chosen by the suffix of the path.
public enum Open311Format: String, Sendable, CaseIterable {
    case json, xml

    /// Splits "services.json" into ("services", .json), or returns `nil` without a known suffix.
    public static func split(_ component: String) -> (name: String, format: Open311Format)? {
        guard let dot = component.lastIndex(of: ".") else { return nil }
        let name = String(component[..<dot])
        guard !name.isEmpty, let format = Open311Format(rawValue: String(component[component.index(after: dot)...]).lowercased())
        else { return nil }
        return (name, format)
    }
}

/// ISO 8601 date-times as GeoReport v2 writes them: "2026-11-29T09:30:00+07:00".
public enum Open311DateTime {
    /// The instant written in Vietnam time with its offset.
    public static func string(_ instant: Date) -> String {
        guard let local = LocalDateTime(instant) else { return "" }
        return local.date.isoString + "T" + CivilDate.padded(local.hour, 2) + ":" + CivilDate.padded(local.minute, 2)
            + ":" + CivilDate.padded(local.second, 2) + "+07:00"
    }

    /// Parses a date-time with a time zone ("Z" or ±hh:mm / ±hhmm), fractions of a second allowed, or a plain
    /// date "YYYY-MM-DD" taken as Vietnam midnight; `nil` for anything else.
    public static func parse(_ text: String) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.count == 10, let date = CivilDate(isoString: text) {
            return LocalDateTime(date: date, hour: 0)?.instant
        }
        let withFractions = ISO8601DateFormatter()
        withFractions.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text) ?? withFractions.date(from: text)
    }
}

/// The filters of `GET requests`, checked as the spec says.
public struct Open311RequestQuery: Equatable, Sendable {
    /// The longest span between `start_date` and `end_date`.
    public static let longestSpanDays = 90
    /// The most requests returned by one call.
    public static let resultLimit = 1_000

    /// When given, only these ids are returned and the other filters are ignored.
    public var requestIDs: [String]
    public var serviceCodes: [String]
    public var start: Date
    public var end: Date
    /// `nil` for both open and closed.
    public var finished: Bool?

    /// Reads the filters from the query parameters (`service_request_id`, `service_code`, `start_date`,
    /// `end_date`, `status`), defaulting to the last 90 days before `now`.
    public init(parameters: [String: String], now: Date) throws(Open311Error) {
        func list(_ key: String) -> [String] {
            (parameters[key] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        requestIDs = list("service_request_id")
        serviceCodes = list("service_code")
        let span = Double(Self.longestSpanDays) * 86_400
        var parsedStart: Date?
        var parsedEnd: Date?
        if let text = parameters["start_date"], !text.isEmpty {
            guard let date = Open311DateTime.parse(text) else {
                throw .badRequest("start_date không đúng định dạng ISO 8601 (ví dụ 2026-11-01T00:00:00+07:00).")
            }
            parsedStart = date
        }
        if let text = parameters["end_date"], !text.isEmpty {
            guard let date = Open311DateTime.parse(text) else {
                throw .badRequest("end_date không đúng định dạng ISO 8601 (ví dụ 2026-11-30T23:59:59+07:00).")
            }
            parsedEnd = date
        }
        end = parsedEnd ?? (parsedStart.map { min($0.addingTimeInterval(span), now) } ?? now)
        start = parsedStart ?? end.addingTimeInterval(-span)
        if start > end { throw .badRequest("start_date phải trước end_date.") }
        if end.timeIntervalSince(start) > span {
            throw .badRequest("Khoảng thời gian giữa start_date và end_date không được quá \(Self.longestSpanDays) ngày.")
        }
        let statuses = Set(list("status").map { $0.lowercased() })
        if statuses.isEmpty || statuses == ["open", "closed"] {
            finished = nil
        } else if statuses == ["open"] {
            finished = false
        } else if statuses == ["closed"] {
            finished = true
        } else {
            throw .badRequest("status chỉ nhận open hoặc closed.")
        }
    }
}

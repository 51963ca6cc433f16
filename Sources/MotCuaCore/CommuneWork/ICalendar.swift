import Foundation

/// Writes events as an iCalendar file (RFC 5545) that phones' calendars import.
public enum ICalendar {
    /// One all-day event.
    public struct Event: Sendable, Equatable {
        public let uid: String
        public let date: CivilDate
        public let summary: String
        public let description: String
        public let location: String

        public init(uid: String, date: CivilDate, summary: String, description: String, location: String) {
            self.uid = uid
            self.date = date
            self.summary = summary
            self.description = description
            self.location = location
        }
    }

    /// The calendar text, CRLF line endings, lines folded at 75 octets, text escaped.
    public static func document(name: String, events: [Event], stamp: Date) -> String {
        let stampText = utcStamp(stamp)
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//MotCua//Lich su kien xa//VI", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + escaped(name), "X-WR-TIMEZONE:Asia/Ho_Chi_Minh"]
        for event in events {
            let next = event.date.adding(days: 1) ?? event.date
            lines += [
                "BEGIN:VEVENT",
                "UID:" + escaped(event.uid),
                "DTSTAMP:" + stampText,
                "DTSTART;VALUE=DATE:" + compact(event.date),
                "DTEND;VALUE=DATE:" + compact(next),
                "SUMMARY:" + escaped(event.summary),
                "DESCRIPTION:" + escaped(event.description),
                "LOCATION:" + escaped(event.location),
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(folded).joined(separator: "\r\n") + "\r\n"
    }

    static func compact(_ date: CivilDate) -> String { date.isoString.replacingOccurrences(of: "-", with: "") }

    static func utcStamp(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970)
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        guard let date = CivilDate(julianDayNumber: LocalDateTime.unixEpochJulianDayNumber + days) else { return "19700101T000000Z" }
        return compact(date) + "T" + CivilDate.padded(secondOfDay / 3600, 2) + CivilDate.padded(secondOfDay % 3600 / 60, 2)
            + CivilDate.padded(secondOfDay % 60, 2) + "Z"
    }

    /// TEXT escaping of RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks.
    public static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Folds a content line into pieces of at most 75 octets, never inside a UTF-8 character (§3.1).
    static func folded(_ line: String) -> String {
        var pieces: [String] = []
        var current = ""
        var currentBytes = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = pieces.isEmpty ? 75 : 74
            if currentBytes + size > limit {
                pieces.append(current)
                current = ""
                currentBytes = 0
            }
            current.append(character)
            currentBytes += size
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }
}

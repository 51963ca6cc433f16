import Foundation

/// One garbage collection route: the areas it serves, on which days of the week, in which time window.
public struct CollectionRoute: Sendable, Equatable {
    public let name: String
    /// Villages, residential groups or streets, as residents name them ("Thôn Phụng Công", "Tổ dân phố 3").
    public let areas: [String]
    public let weekdays: Set<Weekday>
    /// Minutes after local midnight.
    public let startMinute: Int
    public let endMinute: Int

    public init(name: String, areas: [String], weekdays: Set<Weekday>, startMinute: Int, endMinute: Int) {
        self.name = name
        self.areas = areas
        self.weekdays = weekdays
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// "thứ Hai, thứ Tư, thứ Sáu", Monday first.
    public var weekdaysDescription: String {
        let order: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]
        let names = order.filter(weekdays.contains).map(\.vietnameseName)
        return names.count == 7 ? "hằng ngày" : names.joined(separator: ", ")
    }

    /// "05:30–07:00".
    public var timeWindowDescription: String {
        CollectionSchedule.clock(startMinute) + "–" + CollectionSchedule.clock(endMinute)
    }
}

/// The rules of the collection schedule: reading a weekday list, matching a missed collection to a route.
public enum CollectionSchedule {
    /// Weekdays from the numbers Vietnamese notices use: 2–7 for Monday–Saturday, "CN" or 8 for Sunday,
    /// separated by commas or spaces ("2, 4, 6"); `nil` when a token is not one of them or none is given.
    public static func weekdays(from text: String) -> Set<Weekday>? {
        let tokens = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map { $0.uppercased() }
        guard !tokens.isEmpty else { return nil }
        var days = Set<Weekday>()
        for token in tokens {
            switch token {
            case "CN", "8": days.insert(.sunday)
            default:
                guard let number = Int(token), (2...7).contains(number), let day = Weekday(rawValue: number) else { return nil }
                days.insert(day)
            }
        }
        return days
    }

    /// The notice's way of writing weekdays back: "2, 4, 6" or "2, 4, 6, CN".
    public static func weekdayNumbers(_ days: Set<Weekday>) -> String {
        let order: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]
        return order.filter(days.contains).map { $0 == .sunday ? "CN" : String($0.rawValue) }.joined(separator: ", ")
    }

    /// Minutes after midnight from "HH:mm", or `nil`.
    public static func minutes(from text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    /// "HH:mm" of minutes after midnight.
    public static func clock(_ minutes: Int) -> String {
        CivilDate.padded(minutes / 60, 2) + ":" + CivilDate.padded(minutes % 60, 2)
    }

    /// The index of the route that serves the place a resident wrote, or `nil` when none does.
    ///
    /// Matching ignores diacritics and case; the longest matching area name wins, so that "Tổ dân phố 12"
    /// is not taken for "Tổ dân phố 1". An area must appear as whole words in the place.
    public static func routeIndex(serving place: String, among routes: [CollectionRoute]) -> Int? {
        let placeWords = VietnameseText.searchWords(place)
        guard !placeWords.isEmpty else { return nil }
        var best: (index: Int, length: Int)?
        for (index, route) in routes.enumerated() {
            for area in route.areas {
                let areaWords = VietnameseText.searchWords(area)
                guard !areaWords.isEmpty, contains(placeWords, areaWords) else { continue }
                if best == nil || areaWords.count > best!.length { best = (index, areaWords.count) }
            }
        }
        return best?.index
    }

    /// The next collection day on or after `date` (at most a week ahead).
    public static func nextCollectionDay(of route: CollectionRoute, onOrAfter date: CivilDate) -> CivilDate? {
        for offset in 0..<7 {
            if let day = date.adding(days: offset), route.weekdays.contains(day.weekday) { return day }
        }
        return nil
    }

    private static func contains(_ words: [String], _ sequence: [String]) -> Bool {
        guard sequence.count <= words.count else { return false }
        for start in 0...(words.count - sequence.count) where Array(words[start..<start + sequence.count]) == sequence {
            return true
        }
        return false
    }
}

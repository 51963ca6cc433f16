import Foundation

/// One ticket of the day as statistics read it.
public struct QueueTicketRecord: Sendable {
    public let day: CivilDate
    public let takenAt: Date
    /// The first time the ticket was called; the wait ends here.
    public let firstCalledAt: Date?
    /// The last time it was called (at the counter that served it); the service starts here.
    public let calledAt: Date?
    public let finishedAt: Date?
    public let status: QueueTicketStatus
    /// The counter that last called it, as the report names it ("Quầy 2 — Hộ tịch").
    public let counter: String?
    /// The service line, as the report names it.
    public let service: String
    public let isPriority: Bool
    /// The visitor's rating at the counter (1–5), if any.
    public let rating: Int?

    /// Creates a record.
    public init(day: CivilDate, takenAt: Date, firstCalledAt: Date?, calledAt: Date?, finishedAt: Date?, status: QueueTicketStatus, counter: String?, service: String, isPriority: Bool, rating: Int? = nil) {
        self.day = day
        self.takenAt = takenAt
        self.firstCalledAt = firstCalledAt
        self.calledAt = calledAt
        self.finishedAt = finishedAt
        self.status = status
        self.counter = counter
        self.service = service
        self.isPriority = isPriority
        self.rating = rating
    }

    /// Seconds from taking the ticket to its first call.
    public var waitingTime: TimeInterval? { firstCalledAt.map { $0.timeIntervalSince(takenAt) } }

    /// Seconds from the call at the serving counter to the end of the service, for a ticket served to the end.
    public var serviceTime: TimeInterval? {
        guard status == .done, let calledAt, let finishedAt else { return nil }
        return finishedAt.timeIntervalSince(calledAt)
    }
}

/// The figures of a group of tickets: counts, and median and 90th percentile of waiting and service times in seconds.
public struct QueueFigures: Sendable, Equatable, Codable {
    public var tickets = 0
    public var served = 0
    public var noShows = 0
    /// Taken but never called before the day ended (the center closed with them waiting).
    public var unserved = 0
    public var priority = 0
    public var waitingMedian: TimeInterval?
    public var waitingP90: TimeInterval?
    public var serviceMedian: TimeInterval?
    public var serviceP90: TimeInterval?
    public var ratings = 0
    /// The mean rating, 1–5, when there are ratings.
    public var ratingMean: Double?

    /// Creates empty figures.
    public init() {}
}

/// The statistics of the floor for a period: per day, per hour of the day, per counter, per service and per
/// counter and service. They feed the reports.
public struct QueueStatisticsReport: Sendable, Equatable, Codable {
    public struct Day: Sendable, Equatable, Codable {
        public let day: CivilDate
        public let figures: QueueFigures
    }

    public struct Hour: Sendable, Equatable, Codable {
        /// Hour of the day in Vietnam time, 0–23.
        public let hour: Int
        public let tickets: Int
    }

    public struct Group: Sendable, Equatable, Codable {
        /// The counter's name, or "" in a per-service group.
        public let counter: String
        /// The service's name, or "" in a per-counter group.
        public let service: String
        public let figures: QueueFigures
    }

    public let total: QueueFigures
    public let days: [Day]
    public let hours: [Hour]
    public let byCounter: [Group]
    public let byService: [Group]
    public let byCounterAndService: [Group]
}

/// Computes floor statistics; every time is in seconds.
public enum QueueStatistics {
    /// The median (the mean of the two middle values for an even count), or `nil` for no values.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The nearest-rank percentile (the smallest value with at least `p` % of the values at or below it), or `nil`.
    public static func percentile(_ p: Double, of values: [Double]) -> Double? {
        guard !values.isEmpty, p > 0, p <= 100 else { return nil }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// The figures of a group of tickets.
    public static func figures(of records: [QueueTicketRecord]) -> QueueFigures {
        var figures = QueueFigures()
        figures.tickets = records.count
        figures.served = records.filter { $0.status == .done }.count
        figures.noShows = records.filter { $0.status == .noShow }.count
        figures.unserved = records.filter { $0.status == .waiting }.count
        figures.priority = records.filter(\.isPriority).count
        let waits = records.compactMap(\.waitingTime).filter { $0 >= 0 }
        let services = records.compactMap(\.serviceTime).filter { $0 >= 0 }
        figures.waitingMedian = median(waits)
        figures.waitingP90 = percentile(90, of: waits)
        figures.serviceMedian = median(services)
        figures.serviceP90 = percentile(90, of: services)
        let ratings = records.compactMap(\.rating).filter { (1...5).contains($0) }
        figures.ratings = ratings.count
        figures.ratingMean = ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count)
        return figures
    }

    /// The report of a period's tickets.
    public static func report(_ records: [QueueTicketRecord]) -> QueueStatisticsReport {
        let days = Dictionary(grouping: records, by: \.day).sorted { $0.key < $1.key }
            .map { QueueStatisticsReport.Day(day: $0.key, figures: figures(of: $0.value)) }
        var hourCounts = [Int](repeating: 0, count: 24)
        for record in records {
            if let local = LocalDateTime(record.takenAt) { hourCounts[local.hour] += 1 }
        }
        let hours = hourCounts.enumerated().map { QueueStatisticsReport.Hour(hour: $0.offset, tickets: $0.element) }
        let called = records.filter { $0.counter != nil }
        let byCounter = Dictionary(grouping: called) { $0.counter ?? "" }.sorted { $0.key < $1.key }
            .map { QueueStatisticsReport.Group(counter: $0.key, service: "", figures: figures(of: $0.value)) }
        let byService = Dictionary(grouping: records, by: \.service).sorted { $0.key < $1.key }
            .map { QueueStatisticsReport.Group(counter: "", service: $0.key, figures: figures(of: $0.value)) }
        struct Pair: Hashable { let counter: String; let service: String }
        let byPair = Dictionary(grouping: called) { Pair(counter: $0.counter ?? "", service: $0.service) }
            .sorted { ($0.key.counter, $0.key.service) < ($1.key.counter, $1.key.service) }
            .map { QueueStatisticsReport.Group(counter: $0.key.counter, service: $0.key.service, figures: figures(of: $0.value)) }
        return QueueStatisticsReport(total: figures(of: records), days: days, hours: hours, byCounter: byCounter, byService: byService, byCounterAndService: byPair)
    }

    /// A duration as the statistics page writes it: "4 phút 30 giây", "—" when there is none.
    public static func describe(_ seconds: TimeInterval?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "—" }
        let total = Int(seconds.rounded())
        let hours = total / 3600, minutes = (total % 3600) / 60, rest = total % 60
        if hours > 0 { return "\(hours) giờ \(minutes) phút" }
        if minutes > 0 { return rest == 0 ? "\(minutes) phút" : "\(minutes) phút \(rest) giây" }
        return "\(rest) giây"
    }
}

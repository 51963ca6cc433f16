import Foundation

/// One counted measure of the report summaries; the raw value is the summary table's column.
public enum Measure: String, CaseIterable, Sendable, Codable {
    // counted on the day the dossier entered the system
    case enteredCounter = "entered_counter"
    case enteredOnline = "entered_online"
    case enteredPost = "entered_post"
    case refused
    case withdrawn
    case stopped
    case supplementRequested = "supplement_requested"
    // counted on the day the result was approved
    case handledBeforeTime = "handled_before_time"
    case handledOnTime = "handled_on_time"
    case handledLate = "handled_late"
    case handledLateWithApology = "handled_late_apology"
    case processingSeconds = "processing_seconds"
    // counted on the day the result was handed back
    case returned
}

/// Counts of every measure, added up over dossiers or summary rows.
public struct FigureCounts: Sendable, Equatable, Codable {
    private var values: [Int64]

    /// All zero.
    public init() { values = Array(repeating: 0, count: Measure.allCases.count) }

    /// Reads or sets one measure.
    public subscript(_ measure: Measure) -> Int64 {
        get { values[Self.index(of: measure)] }
        set { values[Self.index(of: measure)] = newValue }
    }

    private static let indices: [Measure: Int] = Dictionary(uniqueKeysWithValues: Measure.allCases.enumerated().map { ($1, $0) })
    private static func index(of measure: Measure) -> Int { indices[measure]! }

    /// Whether every measure is zero (such a summary row carries nothing).
    public var isZero: Bool { values.allSatisfy { $0 == 0 } }

    /// The sum of two sets of counts.
    public static func + (lhs: FigureCounts, rhs: FigureCounts) -> FigureCounts {
        var sum = lhs
        for index in sum.values.indices { sum.values[index] += rhs.values[index] }
        return sum
    }

    /// The difference of two sets of counts.
    public static func - (lhs: FigureCounts, rhs: FigureCounts) -> FigureCounts {
        var difference = lhs
        for index in difference.values.indices { difference.values[index] -= rhs.values[index] }
        return difference
    }

    /// Adds another set of counts.
    public static func += (lhs: inout FigureCounts, rhs: FigureCounts) { lhs = lhs + rhs }

    /// Dossiers entered in all channels.
    public var entered: Int64 { self[.enteredCounter] + self[.enteredOnline] + self[.enteredPost] }
    /// Results approved before time, on time or late.
    public var handled: Int64 { self[.handledBeforeTime] + self[.handledOnTime] + self[.handledLate] }
}

/// Where a summary row counts: a commune's day, procedure, department and officer (the commune is the table's first column).
public struct FigureKey: Sendable, Hashable, Codable {
    public var day: CivilDate
    public var procedureCode: String
    public var field: String
    public var departmentKey: String
    public var officer: String

    /// Creates a key.
    public init(day: CivilDate, procedureCode: String, field: String, departmentKey: String, officer: String) {
        self.day = day
        self.procedureCode = procedureCode
        self.field = field
        self.departmentKey = departmentKey
        self.officer = officer
    }
}

/// A key of the processing-time histogram: the day a result was approved, its dimensions, and its whole hours.
public struct ProcessingHoursKey: Sendable, Hashable, Codable {
    public var figure: FigureKey
    public var hours: Int

    /// Creates a key.
    public init(figure: FigureKey, hours: Int) {
        self.figure = figure
        self.hours = hours
    }
}

/// What one dossier adds to the summaries; a change of the dossier adds `after − before`.
public struct FigureContribution: Sendable, Equatable {
    public var counts: [FigureKey: FigureCounts] = [:]
    public var hours: [ProcessingHoursKey: Int64] = [:]

    /// Nothing.
    public init() {}

    /// The contribution of one dossier as it stands.
    public init(_ fact: DossierFact) {
        func key(_ day: CivilDate) -> FigureKey {
            FigureKey(day: day, procedureCode: fact.procedureCode, field: fact.field, departmentKey: fact.departmentKey, officer: fact.officer)
        }
        var intake = FigureCounts()
        switch fact.channel {
        case .counter: intake[.enteredCounter] = 1
        case .online: intake[.enteredOnline] = 1
        case .post: intake[.enteredPost] = 1
        }
        switch fact.state.status {
        case .refused: intake[.refused] = 1
        case .withdrawn: intake[.withdrawn] = 1
        case .stopped: intake[.stopped] = 1
        default: break
        }
        if fact.state.supplementRequested { intake[.supplementRequested] = 1 }
        add(intake, at: key(fact.intakeDay))

        if let timeliness = fact.handledTimeliness, let completedAt = fact.state.completedAt, let day = LocalDateTime(completedAt)?.date {
            var handled = FigureCounts()
            switch timeliness {
            case .beforeTime: handled[.handledBeforeTime] = 1
            case .onTime: handled[.handledOnTime] = 1
            case .late: handled[.handledLate] = 1
            }
            if timeliness == .late, fact.state.apologyIssued { handled[.handledLateWithApology] = 1 }
            handled[.processingSeconds] = fact.processingSeconds ?? 0
            add(handled, at: key(day))
            if let hours = fact.processingHours {
                self.hours[ProcessingHoursKey(figure: key(day), hours: hours), default: 0] += 1
            }
        }
        if fact.state.status == .returned, let returnedAt = fact.state.returnedAt, let day = LocalDateTime(returnedAt)?.date {
            var returned = FigureCounts()
            returned[.returned] = 1
            add(returned, at: key(day))
        }
    }

    private mutating func add(_ counts: FigureCounts, at key: FigureKey) {
        self.counts[key, default: FigureCounts()] += counts
    }

    /// What changes when a dossier goes from `before` (nil: it did not exist) to `after`; rows left at zero are dropped.
    public static func change(from before: DossierFact?, to after: DossierFact?) -> FigureContribution {
        let old = before.map(FigureContribution.init) ?? FigureContribution()
        let new = after.map(FigureContribution.init) ?? FigureContribution()
        var delta = FigureContribution()
        for key in Set(old.counts.keys).union(new.counts.keys) {
            let difference = (new.counts[key] ?? FigureCounts()) - (old.counts[key] ?? FigureCounts())
            if !difference.isZero { delta.counts[key] = difference }
        }
        for key in Set(old.hours.keys).union(new.hours.keys) {
            let difference = (new.hours[key] ?? 0) - (old.hours[key] ?? 0)
            if difference != 0 { delta.hours[key] = difference }
        }
        return delta
    }

    /// The summaries of many dossiers, as `reports verify` recomputes them.
    public static func total(of facts: some Sequence<DossierFact>) -> FigureContribution {
        var total = FigureContribution()
        for fact in facts { total.merge(FigureContribution(fact)) }
        return total
    }

    /// Adds another contribution to this one.
    public mutating func merge(_ other: FigureContribution) {
        for (key, counts) in other.counts { self.counts[key, default: FigureCounts()] += counts }
        for (key, count) in other.hours { self.hours[key, default: 0] += count }
    }
}

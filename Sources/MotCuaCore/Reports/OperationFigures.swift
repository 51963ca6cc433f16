import Foundation

/// A share that a person can check: numerator over denominator; with nothing to divide by it has no value and shows "—".
public struct Ratio: Sendable, Equatable, Codable {
    public let numerator: Int64
    public let denominator: Int64

    /// Creates a ratio.
    public init(_ numerator: Int64, of denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The share between 0 and 1, or `nil` when the denominator is zero.
    public var value: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }

    /// "85,3 %", or "—" when there is nothing to divide by.
    public var percentText: String { value.map { ReportNumber.percent($0) } ?? "—" }
}

/// Numbers written the Vietnamese way: a comma for decimals, dots between thousands.
public enum ReportNumber {
    /// "1.234".
    public static func integer(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(".") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// "12,5" with one decimal.
    public static func decimal(_ value: Double, places: Int = 1) -> String {
        let scale = pow(10, Double(places))
        let rounded = (value * scale).rounded() / scale
        let whole = Int64(rounded.magnitude.rounded(.down))
        var text = (rounded < 0 ? "-" : "") + integer(whole)
        if places > 0 {
            let fraction = Int64(((rounded.magnitude - Double(whole)) * scale).rounded())
            text += "," + String(format: "%0\(places)lld", fraction)
        }
        return text
    }

    /// "85,3 %" for 0.853.
    public static func percent(_ share: Double) -> String { decimal(share * 100) + " %" }

    /// A processing time in hours as people say it: "5 giờ", or "2,5 ngày" from a day up.
    public static func duration(hours: Double) -> String {
        hours < 24 ? decimal(hours) + " giờ" : decimal(hours / 24) + " ngày"
    }
}

/// The figures of an operation report for one period: intake, results by timeliness, work in process, processing time.
public struct OperationFigures: Sendable, Equatable, Codable {
    /// The summed counts of the period.
    public var counts: FigureCounts
    /// Unfinished dossiers of the period, by standing at the moment of the report.
    public var inProcessWithinTime: Int64
    public var inProcessOverdue: Int64
    public var waitingForApplicant: Int64
    /// Approved results by whole hours of processing, for the 90th percentile.
    public var processingHours: [Int: Int64]

    /// Figures from summed counts, a processing-time histogram and the open dossiers' standings.
    public init(counts: FigureCounts, processingHours: [Int: Int64], open: [OpenStanding: Int64]) {
        self.counts = counts
        self.processingHours = processingHours.filter { $0.value != 0 }
        inProcessWithinTime = open[.withinTime] ?? 0
        inProcessOverdue = open[.overdue] ?? 0
        waitingForApplicant = open[.waitingForApplicant] ?? 0
    }

    /// The figures computed straight from dossiers: the reference that the summary tables must reproduce.
    ///
    /// Intake counts take the dossiers that entered in the period, results those approved in it, returns those
    /// handed back in it; work in process takes the dossiers received in the period still unfinished at `instant`.
    public static func make(from facts: [DossierFact], period: ReportPeriod, at instant: Date) -> OperationFigures {
        let total = FigureContribution.total(of: facts)
        var counts = FigureCounts()
        for (key, value) in total.counts where period.contains(key.day) { counts += value }
        var hours: [Int: Int64] = [:]
        for (key, value) in total.hours where period.contains(key.figure.day) { hours[key.hours, default: 0] += value }
        var open: [OpenStanding: Int64] = [:]
        for fact in facts where fact.isInOpenCohort(of: period) {
            if let standing = fact.openStanding(at: instant) { open[standing, default: 0] += 1 }
        }
        return OperationFigures(counts: counts, processingHours: hours, open: open)
    }

    /// Dossiers entered in all channels.
    public var entered: Int64 { counts.entered }
    /// Results approved in the period.
    public var handled: Int64 { counts.handled }
    /// Dossiers still with a department.
    public var inProcess: Int64 { inProcessWithinTime + inProcessOverdue }

    /// Results approved before or on time, of all approved.
    public var onTimeRate: Ratio { Ratio(counts[.handledBeforeTime] + counts[.handledOnTime], of: handled) }

    /// Hours from receipt to result, on average; `nil` without results.
    public var averageProcessingHours: Double? {
        handled == 0 ? nil : Double(counts[.processingSeconds]) / Double(handled) / 3600
    }

    /// The 90th percentile of processing hours by the nearest-rank method (the smallest value with at least 90 % of
    /// results at or below it); `nil` without results.
    public var percentile90ProcessingHours: Int? {
        let total = processingHours.values.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = Int64((Double(total) * 0.9).rounded(.up))
        var seen: Int64 = 0
        for hours in processingHours.keys.sorted() {
            seen += processingHours[hours] ?? 0
            if seen >= rank { return hours }
        }
        return processingHours.keys.max()
    }
}

extension DossierFact {
    /// Whether an unfinished dossier belongs to the period's work in process: received on or before the period's last
    /// day, in the period or carried over from an earlier one (or, while waiting for the applicant before receipt,
    /// entered by that day).
    ///
    /// Quyết định 766/QĐ-TTg (Phụ lục, chỉ số "tiến độ, kết quả giải quyết") divides by every dossier handled or in
    /// process in the period, "kỳ trước chuyển sang" included: a dossier received last month and still open is this
    /// month's work too, and leaving it out would flatter a commune that lets old dossiers lie.
    public func isInOpenCohort(of period: ReportPeriod) -> Bool {
        openCohortDay <= period.to
    }

    /// Whether the dossier came into the period unfinished from an earlier one.
    public func isCarriedOver(into period: ReportPeriod) -> Bool {
        openCohortDay < period.from
    }

    /// The month (`yyyy-MM`) of the period a dossier of its open cohort is counted in: the month it was received
    /// (or entered) in, or the period's first month for a dossier carried over from before.
    public func openCohortMonth(in period: ReportPeriod) -> String {
        let own = String(openCohortDay.isoString.prefix(7))
        guard let first = period.months.first else { return own }
        return max(own, first)
    }

    /// The day the dossier joined the work of the commune: the day of receipt, or of entry while not yet received.
    private var openCohortDay: CivilDate {
        state.receivedAt.flatMap { LocalDateTime($0)?.date } ?? intakeDay
    }
}

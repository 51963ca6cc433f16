import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// The queries behind the reports: sums of the summary tables, the open dossiers, ratings and feedback.
///
/// They take a database and the communes to cover, never a request, so that tests and the command line call them too.
enum ReportQueries {
    /// What figures are grouped by.
    enum Grouping: String, CaseIterable, Sendable {
        case commune, field, procedure, department, officer, month

        /// The summary column (or expression) that groups.
        var column: String {
            switch self {
            case .commune: "commune_id"
            case .field: "field"
            case .procedure: "procedure_code"
            case .department: "department_key"
            case .officer: "officer"
            case .month: "substr(day, 1, 7)"
            }
        }
    }

    /// A group's key: a commune id, field, procedure code, department id, username or `yyyy-MM`; "" for the whole.
    typealias GroupKey = String

    /// Summed counts of the communes over the period, by group (or one group "" when `grouping` is nil).
    static func counts(communeIDs: [UUID], period: ReportPeriod, grouping: Grouping?, on database: any Database) async throws -> [GroupKey: FigureCounts] {
        guard let sql = database as? any SQLDatabase, !communeIDs.isEmpty else { return [:] }
        let sums = Measure.allCases.map { "CAST(SUM(\($0.rawValue)) AS BIGINT) AS \($0.rawValue)" }.joined(separator: ", ")
        let group = grouping.map { "\($0.column) AS group_key, " } ?? ""
        let rows = try await sql.raw("""
            SELECT \(unsafeRaw: group)\(unsafeRaw: sums) FROM \(unsafeRaw: ReportSummaries.figuresTable)
            WHERE commune_id IN (\(binds: communeIDs)) AND day >= \(bind: period.from.isoString) AND day <= \(bind: period.to.isoString)
            \(unsafeRaw: grouping.map { "GROUP BY \($0.column)" } ?? "")
            """).all()
        var result: [GroupKey: FigureCounts] = [:]
        for row in rows {
            var counts = FigureCounts()
            for measure in Measure.allCases { counts[measure] = try row.decode(column: measure.rawValue, as: Int64?.self) ?? 0 }
            result[try groupKey(row, grouping)] = counts
        }
        return result
    }

    /// The first day on which any of the communes took in a dossier (the summaries count each dossier on its intake
    /// day); nil when none has.
    static func firstIntakeDay(communeIDs: [UUID], on database: any Database) async throws -> CivilDate? {
        guard let sql = database as? any SQLDatabase, !communeIDs.isEmpty else { return nil }
        let row = try await sql.raw("""
            SELECT MIN(day) AS first_day FROM \(unsafeRaw: ReportSummaries.figuresTable) WHERE commune_id IN (\(binds: communeIDs))
            """).first()
        return try row?.decode(column: "first_day", as: String?.self).flatMap { CivilDate(isoString: $0) }
    }

    /// Summed counts by commune and month: whole months from the monthly roll-up, the days of months the period cuts
    /// from the daily table; the province dashboard needs both groupings.
    static func countsByCommuneAndMonth(communeIDs: [UUID], period: ReportPeriod, on database: any Database) async throws -> [(communeID: UUID, month: String, counts: FigureCounts)] {
        guard let sql = database as? any SQLDatabase, !communeIDs.isEmpty else { return [] }
        let sums = Measure.allCases.map { "CAST(SUM(\($0.rawValue)) AS BIGINT) AS \($0.rawValue)" }.joined(separator: ", ")
        var whole: [String] = [], cut: [(from: String, to: String)] = []
        for month in period.months {
            let parts = month.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, let first = CivilDate(year: parts[0], month: parts[1], day: 1),
                  let last = CivilDate(year: parts[0], month: parts[1], day: CivilDate.numberOfDays(inMonth: parts[1], ofYear: parts[0])) else { continue }
            if period.from <= first && last <= period.to {
                whole.append(month)
            } else {
                cut.append((max(first, period.from).isoString, min(last, period.to).isoString))
            }
        }
        var rows: [any SQLRow] = []
        if !whole.isEmpty {
            rows += try await sql.raw("""
                SELECT commune_id, month, \(unsafeRaw: sums) FROM \(unsafeRaw: ReportSummaries.monthlyTable)
                WHERE commune_id IN (\(binds: communeIDs)) AND month IN (\(binds: whole)) GROUP BY commune_id, month
                """).all()
        }
        for range in cut {
            rows += try await sql.raw("""
                SELECT commune_id, substr(day, 1, 7) AS month, \(unsafeRaw: sums) FROM \(unsafeRaw: ReportSummaries.figuresTable)
                WHERE commune_id IN (\(binds: communeIDs)) AND day >= \(bind: range.from) AND day <= \(bind: range.to)
                GROUP BY commune_id, substr(day, 1, 7)
                """).all()
        }
        return try rows.map { row in
            var counts = FigureCounts()
            for measure in Measure.allCases { counts[measure] = try row.decode(column: measure.rawValue, as: Int64?.self) ?? 0 }
            return (try row.decode(column: "commune_id", as: UUID.self), try row.decode(column: "month", as: String.self), counts)
        }
    }

    /// Results by whole hours of processing, by group.
    static func processingHours(communeIDs: [UUID], period: ReportPeriod, grouping: Grouping?, on database: any Database) async throws -> [GroupKey: [Int: Int64]] {
        guard let sql = database as? any SQLDatabase, !communeIDs.isEmpty else { return [:] }
        let group = grouping.map { "\($0.column) AS group_key, " } ?? ""
        let rows = try await sql.raw("""
            SELECT \(unsafeRaw: group)hours, CAST(SUM(results) AS BIGINT) AS results FROM \(unsafeRaw: ReportSummaries.hoursTable)
            WHERE commune_id IN (\(binds: communeIDs)) AND day >= \(bind: period.from.isoString) AND day <= \(bind: period.to.isoString)
            GROUP BY \(unsafeRaw: grouping.map { "\($0.column), " } ?? "")hours
            """).all()
        var result: [GroupKey: [Int: Int64]] = [:]
        for row in rows {
            result[try groupKey(row, grouping), default: [:]][try row.decode(column: "hours", as: Int.self)] = try row.decode(column: "results", as: Int64.self)
        }
        return result
    }

    private static func groupKey(_ row: any SQLRow, _ grouping: Grouping?) throws -> GroupKey {
        switch grouping {
        case nil: ""
        case .commune: try row.decode(column: "group_key", as: UUID.self).uuidString.lowercased()
        default: try row.decode(column: "group_key", as: String.self)
        }
    }

    /// The statuses of dossiers that may still be in process (results at the desk are filtered out by their facts).
    static let openStatuses = DossierStatus.allCases.filter { !$0.isClosed && $0 != .resultReady }

    /// Work in process counted by the database: per commune, group and standing, the unfinished dossiers of the
    /// period's open cohort (`DossierFact.isInOpenCohort`: those carried over from earlier periods included) with
    /// their standing at `instant` (`DossierFact.openStanding`).
    ///
    /// A province holds tens of thousands of open dossiers; reading each one to count it made the province dashboard
    /// take seconds (issue #11), so the rules are written here as SQL that runs on SQLite and PostgreSQL alike, and
    /// `ReportOpenWorkTests` checks them against the core rules applied dossier by dossier.
    static func openWork(communeIDs: [UUID], period: ReportPeriod, grouping: Grouping?, at instant: Date, on database: any Database) async throws -> [(communeID: UUID, key: GroupKey, standing: OpenStanding, count: Int64)] {
        guard let sql = database as? any SQLDatabase, !communeIDs.isEmpty else { return [] }
        // The code's day, YYMMDD, follows the agency identifier and its dash; the dossier counts by it until received.
        let dash = sql.dialect.name == "sqlite" ? "instr(code, '-')" : "strpos(code, '-')"
        let codeDay = "substr(code, \(dash) + 1, 6)"
        let running = DossierStatus.allCases.filter(\.isClockRunning).map(\.rawValue)
        let months = period.months.compactMap { month -> (String, Date, Date)? in
            let parts = month.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, let first = CivilDate(year: parts[0], month: parts[1], day: 1),
                  let next = CivilDate(year: parts[1] == 12 ? parts[0] + 1 : parts[0], month: parts[1] == 12 ? 1 : parts[1] + 1, day: 1),
                  let start = LocalDateTime(date: first, hour: 0)?.instant, let end = LocalDateTime(date: next, hour: 0)?.instant else { return nil }
            return (month, start, end)
        }
        // A dossier carried over from before the period counts in its first month (`DossierFact.openCohortMonth`).
        var monthCase = SQLQueryString("CASE")
        if let (firstMonth, firstStart, _) = months.first, let firstDay = LocalDateTime(firstStart)?.date {
            monthCase = monthCase + SQLQueryString(" WHEN received_at IS NULL AND \(unsafeRaw: codeDay) < \(bind: DossierCode.dayKey(firstDay)) THEN \(bind: firstMonth)")
                + SQLQueryString(" WHEN received_at < \(bind: firstStart) THEN \(bind: firstMonth)")
        }
        monthCase = monthCase + SQLQueryString(" WHEN received_at IS NULL THEN '20' || substr(\(unsafeRaw: codeDay), 1, 2) || '-' || substr(\(unsafeRaw: codeDay), 3, 2)")
        for (month, start, end) in months {
            monthCase = monthCase + SQLQueryString(" WHEN received_at >= \(bind: start) AND received_at < \(bind: end) THEN \(bind: month)")
        }
        monthCase = monthCase + SQLQueryString(" END")
        let groupExpression: SQLQueryString = switch grouping {
        case nil, .commune: "commune_id"
        case .field: "field"
        case .procedure: "procedure_code"
        case .department: "department_id"
        case .officer: "assignee_username"
        case .month: monthCase
        }
        let rows = try await sql.raw("""
            SELECT commune_id, \(groupExpression) AS group_key,
                CASE WHEN status IN (\(binds: running)) AND due_at IS NOT NULL
                     THEN CASE WHEN due_at < \(bind: instant) THEN 'overdue' ELSE 'within_time' END
                     ELSE 'waiting_for_applicant' END AS standing,
                COUNT(*) AS dossiers
            FROM dossiers
            WHERE commune_id IN (\(binds: communeIDs)) AND status IN (\(binds: openStatuses.map(\.rawValue))) AND completed_at IS NULL
              AND (received_at < \(bind: period.endInstant)
                   OR (received_at IS NULL AND \(unsafeRaw: codeDay) <= \(bind: DossierCode.dayKey(period.to))))
            GROUP BY commune_id, group_key, standing
            """).all()
        return try rows.compactMap { row in
            let communeID = try row.decode(column: "commune_id", as: UUID.self)
            guard let standing = OpenStanding(rawValue: try row.decode(column: "standing", as: String.self)) else { return nil }
            let key: GroupKey = switch grouping {
            case nil: ""
            case .commune: communeID.uuidString.lowercased()
            case .department: try row.decode(column: "group_key", as: UUID?.self)?.uuidString.lowercased() ?? ""
            default: try row.decode(column: "group_key", as: String?.self) ?? ""
            }
            return (communeID, key, standing, try row.decode(column: "dossiers", as: Int64.self))
        }
    }

    /// The operation figures of the communes for the period, by group, at `instant`.
    static func figures(communeIDs: [UUID], period: ReportPeriod, grouping: Grouping?, at instant: Date, on database: any Database) async throws -> [GroupKey: OperationFigures] {
        let counts = try await self.counts(communeIDs: communeIDs, period: period, grouping: grouping, on: database)
        let hours = try await processingHours(communeIDs: communeIDs, period: period, grouping: grouping, on: database)
        var open: [GroupKey: [OpenStanding: Int64]] = [:]
        for row in try await openWork(communeIDs: communeIDs, period: period, grouping: grouping, at: instant, on: database) {
            open[row.key, default: [:]][row.standing, default: 0] += row.count
        }
        var result: [GroupKey: OperationFigures] = [:]
        for key in Set(counts.keys).union(hours.keys).union(open.keys) {
            result[key] = OperationFigures(counts: counts[key] ?? FigureCounts(), processingHours: hours[key] ?? [:], open: open[key] ?? [:])
        }
        if grouping == nil, result[""] == nil { result[""] = OperationFigures(counts: FigureCounts(), processingHours: [:], open: [:]) }
        return result
    }

    /// The inputs of the 766 indicators beyond the figures, per commune: procedures offered (online), complaints, dislikes.
    static func indicatorInputs(communeIDs: [UUID], period: ReportPeriod, at instant: Date, catalog: ProcedureCatalog, on database: any Database) async throws -> [UUID: IndicatorInputs] {
        var inputs = Dictionary(uniqueKeysWithValues: communeIDs.map { ($0, IndicatorInputs()) })
        guard !communeIDs.isEmpty else { return inputs }
        // Procedures: every catalog procedure is offered unless the commune said otherwise.
        let choices = try await CommuneProcedure.query(on: database).filter(\.$commune.$id ~~ communeIDs).filter(\.$isOffered == false).all()
        let notOffered = Dictionary(grouping: choices, by: { $0.$commune.id }).mapValues { Set($0.map(\.procedureCode)) }
        for communeID in communeIDs {
            let offered = catalog.procedures.filter { !(notOffered[communeID]?.contains($0.code) ?? false) }
            inputs[communeID]?.proceduresOffered = Int64(offered.count)
            inputs[communeID]?.proceduresOnline = Int64(offered.filter { $0.onlineServiceLevel != .counterOnly }.count)
        }
        // Complaints whose answer fell due in the period (by the time of the report) or that were answered in it.
        let start = period.startInstant, end = min(period.endInstant, instant)
        let feedback = try await FeedbackItem.query(on: database).filter(\.$commune.$id ~~ communeIDs)
            .group(.or) { $0.group(.and) { $0.filter(\.$dueAt >= start).filter(\.$dueAt < end) }.group(.and) { $0.filter(\.$answeredAt >= start).filter(\.$answeredAt < end) } }
            .all()
        for item in feedback {
            let communeID = item.$commune.id
            inputs[communeID]?.complaintsDue += 1
            if let answeredAt = item.answeredAt, answeredAt <= item.dueAt { inputs[communeID]?.complaintsAnsweredOnTime += 1 }
        }
        // Complaints about a dossier, received in the period.
        let aboutDossiers = try await FeedbackItem.query(on: database).filter(\.$commune.$id ~~ communeIDs).filter(\.$topic == .dossier)
            .filter(\.$createdAt >= start).filter(\.$createdAt < period.endInstant).all()
        for item in aboutDossiers { inputs[item.$commune.id]?.dossierComplaints += 1 }
        // Ratings of "dissatisfied" or worse given in the period.
        let dislikes = try await DossierRating.query(on: database).filter(\.$commune.$id ~~ communeIDs).filter(\.$level <= SatisfactionLevel.dissatisfied.rawValue)
            .filter(\.$createdAt >= start).filter(\.$createdAt < period.endInstant).all()
        for rating in dislikes { inputs[rating.$commune.id]?.dislikes += 1 }
        // The dossier counts below come from aggregate statements: a province's year is hundreds of thousands of
        // dossiers, which the dashboard must not load row by row.
        guard let sql = database as? any SQLDatabase else { return inputs }
        // Dossiers entered in the period that the national portal holds, from the synchronisation's own record.
        for (communeID, count) in try await countByCommune(sql, """
            SELECT s.commune_id AS commune_id, COUNT(*) AS dossiers FROM portal_dossier_states s JOIN dossiers d ON d.id = s.dossier_id
            WHERE s.commune_id IN (\(binds: communeIDs)) AND d.created_at >= \(bind: start) AND d.created_at < \(bind: period.endInstant)
            GROUP BY s.commune_id
            """) { inputs[communeID]?.dossiersSynchronised = count }
        // Indicator 3.6: dossiers received in the period with a fee, and of them those paid online (a confirmed order).
        for (communeID, count) in try await countByCommune(sql, """
            SELECT commune_id, COUNT(*) AS dossiers FROM dossiers
            WHERE commune_id IN (\(binds: communeIDs)) AND fee_amount > 0 AND received_at >= \(bind: start) AND received_at < \(bind: period.endInstant)
            GROUP BY commune_id
            """) { inputs[communeID]?.dossiersWithFee = count }
        for (communeID, count) in try await countByCommune(sql, """
            SELECT d.commune_id AS commune_id, COUNT(DISTINCT d.id) AS dossiers FROM payment_orders p JOIN dossiers d ON d.id = p.dossier_id
            WHERE p.commune_id IN (\(binds: communeIDs)) AND p.status = \(bind: PaymentOrderStatus.paid.rawValue) AND d.fee_amount > 0
              AND d.received_at >= \(bind: start) AND d.received_at < \(bind: period.endInstant)
            GROUP BY d.commune_id
            """) { inputs[communeID]?.dossiersPaidOnline = count }
        return inputs
    }

    /// Dossiers per commune from a statement that selects `commune_id` and a count named `dossiers`.
    private static func countByCommune(_ sql: any SQLDatabase, _ query: SQLQueryString) async throws -> [UUID: Int64] {
        var counts: [UUID: Int64] = [:]
        for row in try await sql.raw(query).all() {
            counts[try row.decode(column: "commune_id", as: UUID.self)] = try row.decode(column: "dossiers", as: Int64.self)
        }
        return counts
    }

    /// Satisfaction figures of the communes in the period: ratings by level, and feedback by topic and answer.
    struct Satisfaction: Sendable, Codable {
        var ratingsByLevel: [Int: Int64] = [:]
        var feedbackByTopic: [String: Int64] = [:]
        var feedbackReceived: Int64 = 0
        var feedbackAnsweredOnTime: Int64 = 0
        var feedbackAnsweredLate: Int64 = 0
        var feedbackOpenOverdue: Int64 = 0
        var feedbackOpenWithinTime: Int64 = 0

        var ratings: Int64 { ratingsByLevel.values.reduce(0, +) }
        /// Ratings of "satisfied" or "very satisfied".
        var satisfiedRate: Ratio { Ratio((ratingsByLevel[4] ?? 0) + (ratingsByLevel[5] ?? 0), of: ratings) }
    }

    static func satisfaction(communeIDs: [UUID], period: ReportPeriod, at instant: Date, on database: any Database) async throws -> Satisfaction {
        var result = Satisfaction()
        guard !communeIDs.isEmpty else { return result }
        let ratings = try await DossierRating.query(on: database).filter(\.$commune.$id ~~ communeIDs)
            .filter(\.$createdAt >= period.startInstant).filter(\.$createdAt < period.endInstant).all()
        for rating in ratings { result.ratingsByLevel[rating.level, default: 0] += 1 }
        let items = try await FeedbackItem.query(on: database).filter(\.$commune.$id ~~ communeIDs)
            .filter(\.$createdAt >= period.startInstant).filter(\.$createdAt < period.endInstant).all()
        for item in items {
            result.feedbackReceived += 1
            result.feedbackByTopic[item.topic.rawValue, default: 0] += 1
            if let answeredAt = item.answeredAt {
                if answeredAt <= item.dueAt { result.feedbackAnsweredOnTime += 1 } else { result.feedbackAnsweredLate += 1 }
            } else if instant > item.dueAt {
                result.feedbackOpenOverdue += 1
            } else {
                result.feedbackOpenWithinTime += 1
            }
        }
        return result
    }
}

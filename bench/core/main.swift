// Micro-benchmarks of the working-day calendar, the dossier rules and the indicators, each next to a Foundation baseline measured in the same run,
// printed as a Markdown table. Run in release: `bench/core.sh` (or `swift run -c release MotCuaCoreBench`).
import Foundation
import MotCuaCore

/// Keeps results alive so the optimiser cannot drop the measured work.
nonisolated(unsafe) var sink = 0

/// The best time per call, in nanoseconds, of `body` over `inputs`, taken over several rounds.
func nanosecondsPerCall<Input>(_ inputs: [Input], rounds: Int = 5, _ body: (Input) -> Int) -> Double {
    var best = Double.infinity
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        var accumulator = 0
        for input in inputs { accumulator &+= body(input) }
        let elapsed = ContinuousClock.now - start
        sink &+= accumulator
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        best = min(best, nanoseconds / Double(inputs.count))
    }
    return best
}

func formatted(_ value: Double) -> String {
    value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
}

var gregorian = Calendar(identifier: .gregorian)
gregorian.timeZone = TimeZone(secondsFromGMT: 7 * 3600) ?? .current
var chinese = Calendar(identifier: .chinese)
chinese.timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .current

let buildStart = ContinuousClock.now
let calendar = WorkingDayCalendar.bundled
let buildTime = ContinuousClock.now - buildStart

// 20 000 consecutive days from 2020 on, as civil dates, as Foundation dates (noon, UTC+7) and as lunar dates.
let firstDay = CivilDate(year: 2020, month: 1, day: 1)!
let civilDates = (0..<20_000).compactMap { firstDay.adding(days: $0) }
let instants = civilDates.compactMap { LocalDateTime(date: $0, hour: 10 + $0.day % 8, minute: $0.day)?.instant }
let lunarDates = civilDates.compactMap { LunarCalendar.lunarDate(for: $0) }
let chineseComponents = instants.map { chinese.dateComponents([.era, .year, .month, .day, .isLeapMonth], from: $0) }
let foundationSample = Array(instants.prefix(2_000))

var rows: [(String, Double, String, Double)] = []

rows.append((
    "`addingWorkingDays(5, to:)`",
    nanosecondsPerCall(civilDates) { calendar.addingWorkingDays(5, to: $0)?.day ?? 0 },
    "`Calendar.date(byAdding: .day, value: 5, to:)` (Gregorian)",
    nanosecondsPerCall(foundationSample) { gregorian.date(byAdding: .day, value: 5, to: $0) == nil ? 0 : 1 }
))
rows.append((
    "`isWorkingDay(_:)`",
    nanosecondsPerCall(civilDates) { calendar.isWorkingDay($0) ? 1 : 0 },
    "`Calendar.isDateInWeekend(_:)` (Gregorian)",
    nanosecondsPerCall(foundationSample) { gregorian.isDateInWeekend($0) ? 1 : 0 }
))
rows.append((
    "`LunarCalendar.lunarDate(for:)`",
    nanosecondsPerCall(civilDates) { LunarCalendar.lunarDate(for: $0)?.day ?? 0 },
    "`Calendar(identifier: .chinese).dateComponents(…, from:)`",
    nanosecondsPerCall(foundationSample) { chinese.dateComponents([.year, .month, .day, .isLeapMonth], from: $0).day ?? 0 }
))
rows.append((
    "`LunarCalendar.civilDate(for:)`",
    nanosecondsPerCall(lunarDates) { LunarCalendar.civilDate(for: $0)?.day ?? 0 },
    "`Calendar(identifier: .chinese).date(from:)`",
    nanosecondsPerCall(Array(chineseComponents.prefix(2_000))) { chinese.date(from: $0) == nil ? 0 : 1 }
))
rows.append((
    "`deadline(receivedAt:processingTime: .workingDays(5), channel: .online)`",
    nanosecondsPerCall(instants) {
        calendar.deadline(receivedAt: $0, processingTime: .workingDays(5), channel: .online)?.dueAt.hour ?? 0
    },
    "Gregorian `dateComponents` + `date(byAdding: .day, value: 5)` + `date(bySettingHour: 17…)`",
    nanosecondsPerCall(foundationSample) { instant in
        let day = gregorian.dateComponents([.year, .month, .day, .hour], from: instant)
        guard let due = gregorian.date(byAdding: .day, value: 5, to: instant),
              let end = gregorian.date(bySettingHour: 17, minute: 0, second: 0, of: due) else { return 0 }
        return (day.hour ?? 0) + (end > instant ? 1 : 0)
    }
))

// The dossier state machine: a whole history (intake to returned result, 7 steps) replayed through the rules, beside
// decoding the same 7 steps from their stored JSON, which every replay of a stored history does anyway.
let terms = DossierTerms(processingTime: .workingDays(5), cutOffHour: 15, verificationExtraWorkingDays: nil, channel: .counter)
let desk = DossierActor(username: "tiepnhan", roles: [.counterOfficer])
let head = DossierActor(username: "truongphong", roles: [.departmentHead])
let specialist = DossierActor(username: "chuyenvien", roles: [.specialist])
let leader = DossierActor(username: "lanhdao", roles: [.communeLeader])
let history: [(DossierCommand, DossierActor)] = [
    (.receive, desk), (.forward, desk), (.assign(assignee: "chuyenvien"), head), (.startReview, specialist),
    (.propose(note: ""), specialist), (.approve, leader), (.returnResult(method: .inPerson), desk),
]
let histories = Array(instants.prefix(2_000)).map { start in history.enumerated().map { ($0.element.0, $0.element.1, start.addingTimeInterval(Double($0.offset) * 7200)) } }
let storedHistory = history.map { try! JSONEncoder().encode($0.0) }
rows.append((
    "`DossierRules.replay` of a 7-step history",
    nanosecondsPerCall(histories) { steps in
        (try? DossierRules.replay(steps.map { (command: $0.0, actor: $0.1, at: $0.2) }, terms: terms, calendar: calendar))?.status == .returned ? 1 : 0
    },
    "`JSONDecoder` decoding the same 7 stored steps",
    nanosecondsPerCall(Array(histories.prefix(500))) { _ in
        storedHistory.reduce(0) { count, data in count + ((try? JSONDecoder().decode(DossierCommand.self, from: data)) == nil ? 0 : 1) }
    }
))

// Indicators: what one dossier adds to the summaries (FigureContribution), then the 766 score of a commune's year.
let facts = histories.compactMap { steps -> DossierFact? in
    guard let state = try? DossierRules.replay(steps.map { (command: $0.0, actor: $0.1, at: $0.2) }, terms: terms, calendar: calendar),
          let day = LocalDateTime(steps[0].2)?.date else { return nil }
    return DossierFact(intakeDay: day, channel: .counter, procedureCode: "1.001193", field: "civil_status", departmentKey: "office", officer: "chuyenvien", state: state)
}
rows.append((
    "`FigureContribution(fact)` of one returned dossier",
    nanosecondsPerCall(facts) { FigureContribution($0).counts.count },
    "a `[String: Int64]` dictionary counting 5 measures by hand",
    nanosecondsPerCall(facts) { fact in
        var counts: [String: Int64] = [:]
        for key in ["entered_counter", "handled_on_time", "returned", "processing_seconds", fact.procedureCode] { counts[key, default: 0] += 1 }
        return counts.count
    }
))
var year = FigureContribution()
for fact in facts { year.merge(FigureContribution(fact)) }
let yearFigures = OperationFigures(counts: year.counts.values.reduce(FigureCounts(), +), processingHours: [:], open: [:])
rows.append((
    "`Decision766Score.make` for a commune's figures",
    nanosecondsPerCall(Array(repeating: yearFigures, count: 2_000)) { Int(Decision766Score.make(figures: $0, inputs: IndicatorInputs(proceduresOffered: 44, proceduresOnline: 30)).points) },
    "`JSONEncoder` encoding the same figures' counts",
    nanosecondsPerCall(Array(repeating: yearFigures, count: 500)) { figures in (try? JSONEncoder().encode(Measure.allCases.map { figures.counts[$0] }))?.count ?? 0 }
))

print("# MotCuaCore benchmark: calendar, dossier rules, indicators")
print("")
print("Release build, best of 5 rounds over 20 000 consecutive days from 2020-01-01 (Foundation baselines over the")
print("first 2 000, Foundation being slower). Ratio = MotCua ns/op ÷ baseline ns/op: below 1 is faster.")
print("Building `WorkingDayCalendar.bundled` (300 years classified, lunar table included) took "
    + "\(formatted(Double(buildTime.components.attoseconds) / 1e15 + Double(buildTime.components.seconds) * 1e3)) ms, once.")
print("")
print("| operation | ns/op | baseline (same run) | baseline ns/op | ratio |")
print("|---|---:|---|---:|---:|")
for (name, nanoseconds, baseline, baselineNanoseconds) in rows {
    print("| \(name) | \(formatted(nanoseconds)) | \(baseline) | \(formatted(baselineNanoseconds)) | "
        + "\(String(format: "%.2g", nanoseconds / baselineNanoseconds)) |")
}
print("")
print("<!-- checksum \(sink % 1000) -->")

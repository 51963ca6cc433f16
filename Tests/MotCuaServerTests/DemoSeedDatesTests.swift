import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

/// The demo is seeded up to the moment the server starts, so its last days differ with the day it starts on. Whatever
/// that day, every demo dossier must hold the invariants of a real one: a whole history, one audit entry per step,
/// codes without gaps, summaries equal to a recount, and a journal whose chain verifies.
@Suite("Demo data seeded on any day")
struct DemoSeedDatesTests {
    /// Days that have broken date-dependent code before, or could: each with the reason it is here.
    static let days: [(String, CivilDate)] = [
        ("a working day", CivilDate(year: 2026, month: 3, day: 10)!),
        ("a Saturday", CivilDate(year: 2026, month: 3, day: 14)!),
        ("a Sunday", CivilDate(year: 2026, month: 3, day: 15)!),
        ("a public holiday (30/4)", CivilDate(year: 2026, month: 4, day: 30)!),
        ("a make-up Saturday (22/8/2026, worked for Monday 31/8)", CivilDate(year: 2026, month: 8, day: 22)!),
        ("the eve of Tết Bính Ngọ (16/2/2026)", CivilDate(year: 2026, month: 2, day: 16)!),
    ]

    static let moments: [(label: String, day: CivilDate, hour: Int)] = days.flatMap { label, day in
        // Mid-morning, when the desk is open, and the evening, after the online cut-off and outside office hours.
        [(label: "\(label), 10:00", day: day, hour: 10), (label: "\(label), 19:30", day: day, hour: 19)]
    }

    @Test("every demo dossier has a whole history, an audit entry per step and a code in sequence", arguments: moments.indices)
    func demoHoldsInvariants(momentIndex: Int) async throws {
        let moment = Self.moments[momentIndex]
        let now = try #require(LocalDateTime(date: moment.day, hour: moment.hour, minute: 30)?.instant)
        try await withTestApp(demoDossiersPerCommune: 8, clock: .fixed(now)) { app in
            let problems = try await DemoInvariants.problems(on: app)
            #expect(problems.isEmpty, "\(moment.label): \(problems.prefix(10).joined(separator: "; "))")
            let dossiers = try await Dossier.query(on: app.db).count()
            #expect(dossiers > 30, "\(moment.label): only \(dossiers) demo dossiers")
        }
    }
}

/// The checks `DemoSeedDatesTests` makes on a seeded database, each problem named by dossier code.
enum DemoInvariants {
    static func problems(on app: Application) async throws -> [String] {
        var problems: [String] = []
        let calendar = try await app.calendarStore.calendar(on: app.db)
        let dossiers = try await Dossier.query(on: app.db).all()
        let events = try await DossierEventRecord.query(on: app.db).all()
        let eventsByDossier = Dictionary(grouping: events, by: { $0.$dossier.id })
        let audits = try await AuditEntry.query(on: app.db).filter(\.$objectType == "dossier").all()
        let auditsByCode = Dictionary(grouping: audits.filter { $0.action.hasPrefix("dossier.") }, by: \.objectID)
        for dossier in dossiers {
            let history = (eventsByDossier[try dossier.requireID()] ?? []).sorted { $0.sequence < $1.sequence }
            if history.map(\.sequence) != Array(1...max(dossier.version, 1)) || history.count != dossier.version {
                problems.append("\(dossier.code): version \(dossier.version) but event sequences \(history.map(\.sequence))")
            }
            if history.last?.toStatus != dossier.status {
                problems.append("\(dossier.code): stored status \(dossier.status) but the history ends at \(history.last?.toStatus ?? "nothing")")
            }
            let audited = auditsByCode[dossier.code]?.count ?? 0
            if audited != history.count {
                problems.append("\(dossier.code): \(history.count) events but \(audited) audit entries")
            }
            if try await DossierService.replayedState(of: dossier, on: app.db, calendar: calendar) != dossier.state {
                problems.append("\(dossier.code): the stored state differs from the replay of its history")
            }
        }
        // Codes run 1…n within each commune and day, and the day's counter stands at n.
        var numbers: [String: [Int]] = [:]
        for dossier in dossiers {
            let parts = dossier.code.split(separator: "-")
            guard parts.count == 3, let number = Int(parts[2]) else {
                problems.append("\(dossier.code): not a dossier code")
                continue
            }
            numbers["\(dossier.$commune.id)|\(parts[1])", default: []].append(number)
        }
        let counters = try await DossierSequence.query(on: app.db).all()
        let counterValues = Dictionary(counters.map { ("\($0.communeID)|\($0.day)", $0.lastValue) }, uniquingKeysWith: max)
        for (key, values) in numbers {
            if values.sorted() != Array(1...values.count) { problems.append("day \(key): codes \(values.sorted())") }
            if counterValues[key] != values.count { problems.append("day \(key): counter at \(counterValues[key].map(String.init) ?? "none") for \(values.count) dossiers") }
        }
        if let broken = try await AuditJournal.verify(on: app.db) { problems.append("audit journal: \(broken)") }
        problems += try await ReportSummaries.verify(on: app.db).map { "reports: \($0)" }
        return problems
    }
}

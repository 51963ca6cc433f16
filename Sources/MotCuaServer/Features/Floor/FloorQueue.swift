import Fluent
import Foundation
import MotCuaCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The center floor's operations on the database: lines, tickets, calls at counters, the screen's state and the
/// statistics. Rules come from MotCuaCore's `QueueRules`; every change runs in one write transaction with its journal
/// entry, then wakes the screens.
enum FloorQueue {
    /// The working day of an instant (Vietnam time) as tickets store it.
    static func dayKey(_ instant: Date) -> String {
        LocalDateTime(instant)?.date.isoString ?? ""
    }

    /// The name of a service as the kiosk, the ticket and the screen print it.
    static func name(of service: FloorService, catalog: ProcedureCatalog) -> String {
        switch service {
        case .field(let field): field.vietnameseName
        case .procedure(let code): catalog.procedure(code: code)?.name ?? "Thủ tục \(code)"
        }
    }

    /// The field of a service: itself for a field, the procedure's field for a procedure.
    static func field(of service: FloorService, catalog: ProcedureCatalog) -> ProcedureDefinition.Field? {
        switch service {
        case .field(let field): field
        case .procedure(let code): catalog.procedure(code: code)?.field
        }
    }

    /// A line a visitor can take a ticket for now: a service that an active counter serves.
    struct OfferedLine: Sendable {
        let service: FloorService
        let name: String
        let block: Int
    }

    /// The lines of the commune that an active counter serves, in the order of their blocks.
    static func offeredLines(communeID: UUID, catalog: ProcedureCatalog, on database: any Database) async throws -> [OfferedLine] {
        let counters = try await FloorCounter.query(on: database).filter(\.$commune.$id == communeID).filter(\.$isActive == true).all()
        let served = Set(counters.flatMap(\.services))
        let lines = try await FloorServiceLine.query(on: database).filter(\.$commune.$id == communeID).sort(\.$block).all()
        return lines.compactMap { line in
            guard let service = FloorService(key: line.serviceKey), served.contains(service) else { return nil }
            return OfferedLine(service: service, name: name(of: service, catalog: catalog), block: line.block)
        }
    }

    /// Gives every service that has no line yet the lowest free block, inside the caller's transaction.
    static func ensureLines(for services: [FloorService], communeID: UUID, on database: any Database) async throws {
        let lines = try await FloorServiceLine.query(on: database).filter(\.$commune.$id == communeID).all()
        var used = Set(lines.map(\.block))
        let known = Set(lines.map(\.serviceKey))
        for service in services where !known.contains(service.key) {
            guard let block = TicketNumbering.freeBlock(used: used) else {
                throw AppError.invalid("Trung tâm đã có \(TicketNumbering.blocks.count) dòng số thứ tự (mỗi lĩnh vực hoặc thủ tục một dòng); hãy gộp bớt dịch vụ theo lĩnh vực.")
            }
            let line = FloorServiceLine()
            line.$commune.id = communeID
            line.serviceKey = service.key
            line.block = block
            try await line.create(on: database)
            used.insert(block)
        }
    }

    // MARK: taking a ticket

    /// Gives a visitor the next number of a line today; throws a 422 with a message for the visitor otherwise.
    static func takeTicket(communeID: UUID, service: FloorService, priority: PriorityReason?, channel: String, at now: Date, by actor: AuditActor, catalog: ProcedureCatalog, on app: Application) async throws -> QueueTicket {
        let offered = try await offeredLines(communeID: communeID, catalog: catalog, on: app.db)
        guard let line = offered.first(where: { $0.service == service }) else {
            throw AppError.invalid("Dịch vụ này hiện không có quầy nào phục vụ. Vui lòng chọn dịch vụ khác hoặc hỏi cán bộ hướng dẫn.")
        }
        let day = dayKey(now)
        let fieldKey = field(of: service, catalog: catalog)?.rawValue
        let ticket = try await app.writeTransaction { db in
            let sequence = try await nextSequence(communeID: communeID, day: day, block: line.block, on: db)
            guard let number = TicketNumbering.number(block: line.block, sequence: sequence) else {
                throw AppError.invalid("Hôm nay đã hết số thứ tự cho \(line.name) (tối đa \(TicketNumbering.perLine) số). Vui lòng hỏi cán bộ hướng dẫn.")
            }
            let ticket = QueueTicket()
            ticket.$commune.id = communeID
            ticket.day = day
            ticket.number = number
            ticket.serviceKey = service.key
            ticket.fieldKey = fieldKey
            ticket.serviceName = line.name
            ticket.priorityReason = priority?.rawValue
            ticket.channel = channel
            ticket.status = QueueTicketStatus.waiting.rawValue
            ticket.takenAt = now
            ticket.recallCount = 0
            ticket.transferCount = 0
            try await ticket.create(on: db)
            try await AuditJournal.append(AuditEvent(
                action: "floor.ticket_take", objectType: "queue_ticket", objectID: try ticket.requireID().uuidString, communeID: communeID,
                summary: "Lấy số \(number) (\(line.name))\(priority.map { ", ưu tiên: \($0.vietnameseName.lowercased())" } ?? ""), qua \(channel == "kiosk" ? "máy lấy số" : "điện thoại")"
            ), by: actor, at: now, on: db)
            return ticket
        }
        app.floorSignal.bump(communeID)
        return ticket
    }

    /// The next number of a line's block for the day, in one statement inside the caller's transaction, so that two
    /// visitors at once on PostgreSQL never get the same number (the row lock orders them).
    private static func nextSequence(communeID: UUID, day: String, block: Int, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw AppError(status: .internalServerError, code: "internal_error", message: "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let row = try await sql.raw("""
            INSERT INTO queue_ticket_sequences (id, commune_id, day, block, last_value) VALUES (\(bind: UUID()), \(bind: communeID), \(bind: day), \(bind: block), 1)
            ON CONFLICT (commune_id, day, block) DO UPDATE SET last_value = queue_ticket_sequences.last_value + 1
            RETURNING last_value
            """).first()
        guard let value = try row?.decode(column: "last_value", as: Int.self) else {
            throw AppError(status: .internalServerError, code: "internal_error", message: "Không cấp được số thứ tự.")
        }
        return value
    }

    // MARK: at the counter

    /// What happened when a counter called: the ticket it got (or none waiting), and the one it finished.
    struct CallOutcome: Sendable {
        let called: QueueTicket?
        let finishedNumber: Int?
    }

    /// Finishes the counter's current ticket and calls the next one it serves, inside the caller's transaction.
    ///
    /// Two counters calling at the same moment may pick the same ticket; the claim is one conditional UPDATE
    /// (`… WHERE status = 'waiting'`), so only one of them changes the row and the other picks again. On PostgreSQL
    /// the loser's UPDATE waits for the winner's row lock and then finds the ticket no longer waiting; on SQLite
    /// the write coordinator runs one writer at a time.
    static func callNext(counter: FloorCounter, by username: String, at now: Date, on database: any Database) async throws -> CallOutcome {
        let counterID = try counter.requireID()
        let communeID = counter.$commune.id
        let day = dayKey(now)
        guard let sql = database as? any SQLDatabase else { throw AppError(status: .internalServerError, code: "internal_error", message: "Cơ sở dữ liệu không hỗ trợ SQL.") }
        if sql.dialect.name == "postgresql" {
            // Calls from one counter queue behind each other, so that the counter serves one ticket at a time.
            try await sql.raw("SELECT id FROM floor_counters WHERE id = \(bind: counterID) FOR UPDATE").run()
        }
        let current = try await QueueTicket.query(on: database).filter(\.$counter.$id == counterID).filter(\.$day == day)
            .filter(\.$status == QueueTicketStatus.called.rawValue).all()
        for ticket in current {
            ticket.status = QueueTicketStatus.done.rawValue
            ticket.finishedAt = now
            try await ticket.save(on: database)
        }
        let rules = counter.rules
        for _ in 0..<20 {
            let waiting = try await QueueTicket.query(on: database).filter(\.$commune.$id == communeID).filter(\.$day == day)
                .filter(\.$status == QueueTicketStatus.waiting.rawValue).all()
            guard let next = QueueRules.nextTicket(for: rules, among: waiting.compactMap(\.entry)) else {
                return CallOutcome(called: nil, finishedNumber: current.last?.number)
            }
            let claimed = try await sql.raw("""
                UPDATE queue_tickets SET status = \(bind: QueueTicketStatus.called.rawValue), counter_id = \(bind: counterID), target_counter_id = NULL,
                called_at = \(bind: now), first_called_at = COALESCE(first_called_at, \(bind: now)), called_by = \(bind: username), recall_count = 0
                WHERE id = \(bind: next.id) AND commune_id = \(bind: communeID) AND status = \(bind: QueueTicketStatus.waiting.rawValue)
                RETURNING id
                """).all()
            if !claimed.isEmpty, let ticket = try await QueueTicket.find(next.id, on: database) {
                return CallOutcome(called: ticket, finishedNumber: current.last?.number)
            }
        }
        return CallOutcome(called: nil, finishedNumber: current.last?.number)
    }

    /// The ticket the counter is serving now, if any.
    static func currentTicket(counterID: UUID, at now: Date, on database: any Database) async throws -> QueueTicket? {
        try await QueueTicket.query(on: database).filter(\.$counter.$id == counterID).filter(\.$day == dayKey(now))
            .filter(\.$status == QueueTicketStatus.called.rawValue).sort(\.$calledAt, .descending).first()
    }

    /// Applies recall, skip, transfer or finish to the ticket the counter serves, inside the caller's transaction.
    ///
    /// The update is conditional on the ticket still being called at this counter, so that a double click or a
    /// stale page changes nothing; it then answers 409.
    static func act(_ action: QueueAction, ticketID: UUID, counter: FloorCounter, transferTo target: FloorCounter?, at now: Date, on database: any Database) async throws -> QueueTicket {
        let counterID = try counter.requireID()
        guard let ticket = try await QueueTicket.query(on: database).filter(\.$id == ticketID).filter(\.$commune.$id == counter.$commune.id).first() else {
            throw AppError.notFound
        }
        guard let today = LocalDateTime(now)?.date, let ticketDay = ticket.civilDay else { throw AppError.notFound }
        if let problem = QueueRules.check(action, status: ticket.ticketStatus, ticketDay: ticketDay, today: today, servingCounter: ticket.$counter.id, actingCounter: counterID, recallCount: ticket.recallCount, transferTarget: target?.id) {
            throw AppError.conflict(problem.message)
        }
        guard let sql = database as? any SQLDatabase else { throw AppError(status: .internalServerError, code: "internal_error", message: "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let change: SQLQueryString = switch action {
        case .recall: "recall_count = recall_count + 1, called_at = \(bind: now)"
        case .skip: "status = \(bind: QueueTicketStatus.noShow.rawValue), finished_at = \(bind: now)"
        case .finish: "status = \(bind: QueueTicketStatus.done.rawValue), finished_at = \(bind: now)"
        case .transfer: "status = \(bind: QueueTicketStatus.waiting.rawValue), counter_id = NULL, target_counter_id = \(bind: target?.id), transferred_at = \(bind: now), transfer_count = transfer_count + 1"
        }
        let changed = try await sql.raw("""
            UPDATE queue_tickets SET \(change)
            WHERE id = \(bind: ticketID) AND commune_id = \(bind: counter.$commune.id) AND status = \(bind: QueueTicketStatus.called.rawValue) AND counter_id = \(bind: counterID)
            RETURNING id
            """).all()
        guard !changed.isEmpty, let updated = try await QueueTicket.find(ticketID, on: database) else {
            throw AppError.conflict(QueueRuleError.notCalled.message)
        }
        return updated
    }

    // MARK: what a visitor and the screen see

    /// The active counters of a commune as the rules see them.
    static func activeCounters(communeID: UUID, on database: any Database) async throws -> [FloorCounter] {
        try await FloorCounter.query(on: database).filter(\.$commune.$id == communeID).filter(\.$isActive == true).sort(\.$number).all()
    }

    /// Where a ticket stands: tickets ahead and the likely wait, from the day's recent service times.
    struct Position: Sendable {
        let ahead: Int
        let estimatedWait: TimeInterval
    }

    /// The position of a waiting ticket in today's queue.
    static func position(of ticket: QueueTicket, on database: any Database) async throws -> Position? {
        guard ticket.ticketStatus == .waiting, let entry = ticket.entry else { return nil }
        let communeID = ticket.$commune.id
        let waiting = try await QueueTicket.query(on: database).filter(\.$commune.$id == communeID).filter(\.$day == ticket.day)
            .filter(\.$status == QueueTicketStatus.waiting.rawValue).all().compactMap(\.entry)
        let counters = try await activeCounters(communeID: communeID, on: database).map(\.rules)
        let ahead = QueueRules.ticketsAhead(of: entry, among: waiting, counters: counters)
        let recent = try await QueueTicket.query(on: database).filter(\.$commune.$id == communeID).filter(\.$day == ticket.day)
            .filter(\.$status == QueueTicketStatus.done.rawValue).sort(\.$finishedAt, .descending).limit(QueueRules.recentServiceWindow).all()
        let times = recent.compactMap { ticket -> TimeInterval? in
            guard let called = ticket.calledAt, let finished = ticket.finishedAt else { return nil }
            return finished.timeIntervalSince(called)
        }
        let wait = QueueRules.estimatedWait(ticketsAhead: ahead, recentServiceTimes: times, servingCounters: QueueRules.servingCounters(of: entry, among: counters))
        return Position(ahead: ahead, estimatedWait: wait)
    }

    /// The screen's state: what each counter serves now and who waits next. Encoded as JSON for live updates.
    struct DisplayState: Content, Equatable {
        struct CounterRow: Content, Equatable {
            let number: Int
            let name: String
            let ticketNumber: Int?
            /// Changes with each call and recall, so that the screen knows when to announce.
            let callKey: String?
            let announcement: String?
        }

        struct WaitingRow: Content, Equatable {
            let number: Int
            let service: String
            let isPriority: Bool
        }

        let communeName: String
        let counters: [CounterRow]
        let waiting: [WaitingRow]
        let waitingCount: Int
        let hasCounters: Bool
        let hasWaiting: Bool
    }

    /// How many waiting numbers the screen lists.
    static let screenWaitingRows = 8

    /// The screen's state for a commune now.
    static func displayState(commune: Commune, at now: Date, on database: any Database) async throws -> DisplayState {
        let communeID = try commune.requireID()
        let day = dayKey(now)
        let counters = try await activeCounters(communeID: communeID, on: database)
        let today = try await QueueTicket.query(on: database).filter(\.$commune.$id == communeID).filter(\.$day == day)
            .filter(\.$status ~~ [QueueTicketStatus.waiting.rawValue, QueueTicketStatus.called.rawValue]).all()
        let called = today.filter { $0.ticketStatus == .called }
        let waiting = today.filter { $0.ticketStatus == .waiting }
        let ordered = QueueRules.displayOrder(waiting.compactMap(\.entry))
        let byID = Dictionary(uniqueKeysWithValues: waiting.compactMap { ticket in ticket.id.map { ($0, ticket) } })
        let rows = counters.map { counter -> DisplayState.CounterRow in
            let serving = called.filter { $0.$counter.id == counter.id }.max { ($0.calledAt ?? .distantPast) < ($1.calledAt ?? .distantPast) }
            return DisplayState.CounterRow(
                number: counter.number, name: counter.name, ticketNumber: serving?.number,
                callKey: serving.map { "\($0.id?.uuidString ?? "")-\($0.recallCount)" },
                announcement: serving.map { TicketNumbering.announcement(number: $0.number, counterNumber: counter.number) }
            )
        }
        let waitingRows = ordered.prefix(screenWaitingRows).compactMap { entry -> DisplayState.WaitingRow? in
            guard let ticket = byID[entry.id] else { return nil }
            return DisplayState.WaitingRow(number: ticket.number, service: ticket.serviceName, isPriority: entry.isPriority)
        }
        return DisplayState(
            communeName: commune.fullName, counters: rows, waiting: waitingRows, waitingCount: waiting.count,
            hasCounters: !rows.isEmpty, hasWaiting: !waitingRows.isEmpty
        )
    }

    // MARK: statistics

    /// The floor statistics of a commune for the days `from` through `to` (Vietnam time), for pages and reports.
    static func statistics(on database: any Database, communeID: UUID, from: CivilDate, to: CivilDate) async throws -> QueueStatisticsReport {
        let tickets = try await QueueTicket.query(on: database).filter(\.$commune.$id == communeID)
            .filter(\.$day >= from.isoString).filter(\.$day <= to.isoString).all()
        let counters = try await FloorCounter.query(on: database).filter(\.$commune.$id == communeID).all()
        let labels = Dictionary(uniqueKeysWithValues: counters.compactMap { counter in counter.id.map { ($0, counter.label) } })
        var ratings: [UUID: Int] = [:]
        // Joined on the tickets of the period rather than listing their ids: a year holds tens of thousands.
        for rating in try await CounterRating.query(on: database).filter(\.$commune.$id == communeID)
            .join(QueueTicket.self, on: \CounterRating.$ticket.$id == \QueueTicket.$id)
            .filter(QueueTicket.self, \.$day >= from.isoString).filter(QueueTicket.self, \.$day <= to.isoString).all() {
            ratings[rating.$ticket.id] = rating.level
        }
        let records = tickets.compactMap { ticket -> QueueTicketRecord? in
            guard let day = ticket.civilDay, let id = ticket.id else { return nil }
            return QueueTicketRecord(
                day: day, takenAt: ticket.takenAt, firstCalledAt: ticket.firstCalledAt, calledAt: ticket.calledAt, finishedAt: ticket.finishedAt,
                status: ticket.ticketStatus, counter: ticket.$counter.id.flatMap { labels[$0] }, service: ticket.serviceName,
                isPriority: ticket.priorityReason != nil, rating: ratings[id]
            )
        }
        return QueueStatistics.report(records)
    }
}

/// Wakes the screens of a commune when its floor changes: a counter per commune that rises with each change.
///
/// Kept in memory, like the rate limiters: one server process serves a province. Screens also re-read the state every
/// few seconds, so a change made by another process still reaches them.
final class FloorSignal: Sendable {
    private let versions = NIOLockedValueBox<[UUID: Int]>([:])

    /// Records a change of the commune's floor.
    func bump(_ communeID: UUID) {
        versions.withLockedValue { $0[communeID, default: 0] += 1 }
    }

    /// The commune's change count.
    func version(_ communeID: UUID) -> Int {
        versions.withLockedValue { $0[communeID] ?? 0 }
    }
}

extension Application {
    private struct FloorSignalKey: StorageKey { typealias Value = FloorSignal }
    private struct FloorStreamLifetimeKey: StorageKey { typealias Value = TimeInterval }
    private struct FloorTicketLimiterKey: StorageKey { typealias Value = ClientRateLimiter }

    /// The change signal of the center floors; one per application, set when the routes are registered.
    var floorSignal: FloorSignal {
        get { storage[FloorSignalKey.self] ?? FloorSignal() }
        set { storage[FloorSignalKey.self] = newValue }
    }

    /// How long, in seconds, one live connection of a screen lasts before the browser opens a new one; shorter in tests.
    var floorStreamLifetime: TimeInterval {
        get { storage[FloorStreamLifetimeKey.self] ?? 300 }
        set { storage[FloorStreamLifetimeKey.self] = newValue }
    }

    /// The limiter of tickets taken per client address: generous for a kiosk, a wall against a script.
    var floorTicketLimiter: ClientRateLimiter {
        get { storage[FloorTicketLimiterKey.self] ?? ClientRateLimiter(limit: 100, window: 600) }
        set { storage[FloorTicketLimiterKey.self] = newValue }
    }
}

/// Links a dossier received at the counter to the ticket it was received for.
enum FloorIntakeLink {
    /// Records the dossier on its ticket, inside the intake's transaction; a ticket of another commune, or one that
    /// already has a dossier, is left alone (the dossier itself matters more than the link).
    static func attach(ticketID: UUID, to dossier: Dossier, on database: any Database) async throws {
        guard let ticket = try await QueueTicket.query(on: database).filter(\.$id == ticketID).filter(\.$commune.$id == dossier.$commune.id).first(),
              ticket.$dossier.id == nil
        else { return }
        ticket.$dossier.id = try dossier.requireID()
        ticket.dossierCode = dossier.code
        try await ticket.save(on: database)
    }
}

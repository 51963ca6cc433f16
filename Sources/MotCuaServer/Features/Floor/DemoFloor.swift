import Fluent
import Foundation
import MotCuaCore

/// Demo data of the center floor: counters in every demo commune, and in xã Phụng Công a full working day of queue
/// history (the last working day before today) with realistic arrivals, service times, no-shows and ratings.
/// Deterministic: the same day gives the same history.
enum DemoFloor {
    struct DemoCounter {
        let number: Int
        let name: String
        let services: [FloorService]
        /// Minutes a service usually takes at this counter, as a range.
        let serviceMinutes: ClosedRange<Int>
        let hasOfficer: Bool
    }

    static let phungCongCounters: [DemoCounter] = [
        DemoCounter(number: 1, name: "Hộ tịch", services: [.field(.civilStatus)], serviceMinutes: 5...14, hasOfficer: true),
        DemoCounter(number: 2, name: "Chứng thực", services: [.field(.certification)], serviceMinutes: 2...7, hasOfficer: false),
        DemoCounter(number: 3, name: "Đất đai, hộ kinh doanh, xây dựng", services: [.field(.land), .field(.householdBusiness), .field(.construction)], serviceMinutes: 10...25, hasOfficer: false),
        DemoCounter(number: 4, name: "Bảo trợ xã hội, người có công", services: [.field(.socialProtection), .field(.meritoriousPeople)], serviceMinutes: 6...18, hasOfficer: false),
    ]

    static let otherCounters: [DemoCounter] = [
        DemoCounter(number: 1, name: "Hộ tịch, chứng thực", services: [.field(.civilStatus), .field(.certification)], serviceMinutes: 4...12, hasOfficer: true),
        DemoCounter(number: 2, name: "Đất đai, kinh tế, xã hội", services: [.field(.land), .field(.householdBusiness), .field(.socialProtection)], serviceMinutes: 8...20, hasOfficer: false),
    ]

    /// Seeds counters everywhere and the day of history in the first commune (Phụng Công), inside the seed's transaction.
    static func seed(now: Date, on db: any Database) async throws {
        let calendar = try await CalendarStore.load(on: db)
        let catalog = try await CatalogStore.loadCatalog(on: db)
        guard let today = LocalDateTime(now)?.date else { return }
        var historyDay = today.adding(days: -1) ?? today
        while !calendar.isWorkingDay(historyDay), let earlier = historyDay.adding(days: -1) { historyDay = earlier }
        for (index, commune) in try await Commune.query(on: db).sort(\.$agencyIdentifier).all().enumerated() {
            let communeID = try commune.requireID()
            let officer = try await Officer.query(on: db).filter(\.$commune.$id == communeID).all().first { $0.roles.contains(.counterOfficer) }
            let plan = index == 0 ? phungCongCounters : otherCounters
            var counters: [(DemoCounter, FloorCounter)] = []
            for demo in plan {
                let counter = FloorCounter()
                counter.$commune.id = communeID
                counter.number = demo.number
                counter.name = demo.name
                counter.servicesText = FloorService.storedList(demo.services)
                counter.isActive = true
                if demo.hasOfficer, let officer {
                    counter.$officer.id = officer.id
                    counter.dutyDay = today.isoString
                }
                try await FloorQueue.ensureLines(for: demo.services, communeID: communeID, on: db)
                try await counter.create(on: db)
                counters.append((demo, counter))
            }
            if index == 0 {
                try await seedHistory(day: historyDay, communeID: communeID, counters: counters, username: officer?.username ?? "tiepnhan", catalog: catalog, on: db)
            }
        }
    }

    /// One working day at the center: visitors arrive through the morning and the afternoon, each counter calls its
    /// line in the order of the queue rules, some visitors are gone when called, some rate the service.
    private static func seedHistory(day: CivilDate, communeID: UUID, counters: [(DemoCounter, FloorCounter)], username: String, catalog: ProcedureCatalog, on db: any Database) async throws {
        var generator = SplitMix64(seed: UInt64(bitPattern: Int64(day.year * 10_000 + day.month * 100 + day.day)))
        let lines = try await FloorServiceLine.query(on: db).filter(\.$commune.$id == communeID).all()
        let blocks = Dictionary(uniqueKeysWithValues: lines.map { ($0.serviceKey, $0.block) })
        func at(_ hour: Int, _ minute: Int, _ second: Int = 0) -> Date { LocalDateTime(date: day, hour: hour, minute: minute, second: second)!.instant }
        let closing = at(17, 0)
        var sequences: [Int: Int] = [:]
        var tickets: [QueueTicket] = []
        for (demo, counter) in counters {
            // More visitors for civil status and certification, as at most commune centers.
            let visitors = demo.number <= 2 ? 26 : 11
            var arrivals: [Date] = []
            for _ in 0..<visitors {
                // Most visitors come early in the morning and just after the lunch break.
                let morning = Int.random(in: 0..<10, using: &generator) < 7
                let start = morning ? at(7, 30) : at(13, 30)
                let span = morning ? 150 * 60 : 120 * 60
                arrivals.append(start.addingTimeInterval(Double(Int.random(in: 0..<span, using: &generator))))
            }
            var waiting: [QueueTicket] = []
            for arrival in arrivals.sorted() {
                let service = demo.services[Int.random(in: 0..<demo.services.count, using: &generator)]
                guard let block = blocks[service.key] else { continue }
                let sequence = (sequences[block] ?? 0) + 1
                sequences[block] = sequence
                guard let number = TicketNumbering.number(block: block, sequence: sequence) else { continue }
                let ticket = QueueTicket()
                ticket.id = UUID()
                ticket.$commune.id = communeID
                ticket.day = day.isoString
                ticket.number = number
                ticket.serviceKey = service.key
                ticket.fieldKey = FloorQueue.field(of: service, catalog: catalog)?.rawValue
                ticket.serviceName = FloorQueue.name(of: service, catalog: catalog)
                ticket.priorityReason = Int.random(in: 0..<10, using: &generator) == 0 ? PriorityReason.allCases[Int.random(in: 0..<PriorityReason.allCases.count, using: &generator)].rawValue : nil
                ticket.channel = Int.random(in: 0..<4, using: &generator) == 0 ? "phone" : "kiosk"
                ticket.status = QueueTicketStatus.waiting.rawValue
                ticket.takenAt = arrival
                ticket.recallCount = 0
                ticket.transferCount = 0
                waiting.append(ticket)
            }
            // The counter works through its queue; the lunch break runs from 11:30 to 13:30.
            var clock = at(7, 30)
            let rules = counter.rules
            while !waiting.isEmpty {
                if clock >= at(11, 30) && clock < at(13, 30) { clock = at(13, 30) }
                guard clock < closing else { break }
                let arrived = waiting.filter { $0.takenAt <= clock }.compactMap(\.entry)
                guard let next = QueueRules.nextTicket(for: rules, among: arrived), let position = waiting.firstIndex(where: { $0.id == next.id }) else {
                    // An idle counter calls a moment after the visitor has taken the ticket and sat down.
                    clock = (waiting.map(\.takenAt).min() ?? closing).addingTimeInterval(Double(Int.random(in: 30...120, using: &generator)))
                    continue
                }
                let ticket = waiting.remove(at: position)
                ticket.status = QueueTicketStatus.called.rawValue
                ticket.firstCalledAt = clock
                ticket.calledAt = clock
                ticket.calledBy = username
                ticket.$counter.id = counter.id
                if Int.random(in: 0..<100, using: &generator) < 6 {
                    // Called three times, then marked absent.
                    ticket.recallCount = 2
                    ticket.status = QueueTicketStatus.noShow.rawValue
                    clock = clock.addingTimeInterval(Double(Int.random(in: 60...150, using: &generator)))
                } else {
                    ticket.status = QueueTicketStatus.done.rawValue
                    clock = clock.addingTimeInterval(Double(Int.random(in: demo.serviceMinutes, using: &generator) * 60 + Int.random(in: 0..<60, using: &generator)))
                }
                ticket.finishedAt = clock
                tickets.append(ticket)
                clock = clock.addingTimeInterval(Double(Int.random(in: 15...60, using: &generator)))
            }
            // Whoever still waits at closing time was never called that day.
            tickets += waiting
        }
        for ticket in tickets {
            try await ticket.create(on: db)
            if ticket.ticketStatus == .done, let counterID = ticket.$counter.id, Int.random(in: 0..<10, using: &generator) < 4 {
                let rating = CounterRating()
                rating.$commune.id = communeID
                rating.$ticket.id = try ticket.requireID()
                rating.$counter.id = counterID
                let roll = Int.random(in: 0..<20, using: &generator)
                rating.level = roll < 11 ? 5 : roll < 17 ? 4 : roll < 19 ? 3 : 2
                try await rating.create(on: db)
            }
        }
        for (block, last) in sequences {
            let sequence = QueueTicketSequence()
            sequence.communeID = communeID
            sequence.day = day.isoString
            sequence.block = block
            sequence.lastValue = last
            try await sequence.create(on: db)
        }
    }
}

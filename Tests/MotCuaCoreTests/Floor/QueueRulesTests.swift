import Foundation
import MotCuaCore
import Testing

@Suite("Center floor: queue rules")
struct QueueRulesTests {
    let opening = LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 2)!, hour: 7, minute: 30)!.instant
    let civilStatusCounter = CounterServices(counterID: UUID(), services: [.field(.civilStatus)])
    let certificationCounter = CounterServices(counterID: UUID(), services: [.field(.certification), .procedure(code: "1.001193")])

    func entry(_ number: Int, _ service: FloorService, field: ProcedureDefinition.Field? = nil, minutes: Double, priority: Bool = false, transferredTo: UUID? = nil, transferredAfter: Double? = nil) -> QueueEntry {
        let inferred: ProcedureDefinition.Field? = if case .field(let value) = service { value } else { field }
        return QueueEntry(
            id: UUID(), number: number, service: service, field: inferred, isPriority: priority,
            takenAt: opening.addingTimeInterval(minutes * 60), transferredTo: transferredTo,
            transferredAt: transferredAfter.map { opening.addingTimeInterval($0 * 60) }
        )
    }

    @Test("service keys round-trip; unknown keys and malformed procedure codes are refused")
    func serviceKeys() {
        for service in [FloorService.field(.civilStatus), .field(.certification), .procedure(code: "1.001193")] {
            #expect(FloorService(key: service.key) == service)
        }
        #expect(FloorService(key: "field:nothing") == nil)
        #expect(FloorService(key: "procedure:1.0'; DROP") == nil)
        #expect(FloorService(key: "other:1") == nil)
        #expect(FloorService.parseList("field:civil_status, procedure:2.000815,junk") == [.field(.civilStatus), .procedure(code: "2.000815")])
        #expect(FloorService.storedList([.procedure(code: "2.000815"), .field(.civilStatus), .field(.civilStatus)]) == "field:civil_status,procedure:2.000815")
    }

    @Test("numbers run in a block of a thousand per line, four digits, and stop at 999 a day")
    func numbering() {
        #expect(TicketNumbering.number(block: 1, sequence: 23) == 1023)
        #expect(TicketNumbering.number(block: 9, sequence: 999) == 9999)
        #expect(TicketNumbering.number(block: 1, sequence: 1000) == nil)
        #expect(TicketNumbering.number(block: 10, sequence: 1) == nil)
        #expect(TicketNumbering.number(block: 0, sequence: 1) == nil)
        #expect(TicketNumbering.freeBlock(used: [1, 2, 4]) == 3)
        #expect(TicketNumbering.freeBlock(used: Set(1...9)) == nil)
        #expect(TicketNumbering.announcement(number: 1023, counterNumber: 2) == "Mời số 1023 đến quầy 2")
    }

    @Test("the next ticket is a priority one first, then the earliest, and only among the counter's services")
    func nextTicket() {
        let early = entry(1001, .field(.civilStatus), minutes: 0)
        let later = entry(1002, .field(.civilStatus), minutes: 5)
        let priority = entry(1003, .field(.civilStatus), minutes: 9, priority: true)
        let certification = entry(2001, .field(.certification), minutes: -10)
        let waiting = [later, certification, early, priority]
        #expect(QueueRules.nextTicket(for: civilStatusCounter, among: waiting) == priority)
        #expect(QueueRules.queue(for: civilStatusCounter, among: waiting) == [priority, early, later])
        #expect(QueueRules.nextTicket(for: certificationCounter, among: waiting) == certification)
        #expect(QueueRules.nextTicket(for: civilStatusCounter, among: [certification]) == nil)
        #expect(QueueRules.nextTicket(for: civilStatusCounter, among: []) == nil)
    }

    @Test("a counter serving a whole field takes tickets for one procedure of it; a procedure counter takes only that procedure")
    func fieldsAndProcedures() {
        let birth = entry(3001, .procedure(code: "1.001193"), field: .civilStatus, minutes: 0)
        let marriage = entry(3002, .procedure(code: "1.000894"), field: .civilStatus, minutes: 1)
        #expect(civilStatusCounter.serves(birth))
        #expect(civilStatusCounter.serves(marriage))
        #expect(certificationCounter.serves(birth))
        #expect(!certificationCounter.serves(marriage))
    }

    @Test("a transferred ticket is called only by its new counter, before that counter's own queue")
    func transfers() {
        let priority = entry(2001, .field(.certification), minutes: 0, priority: true)
        let moved = entry(1001, .field(.civilStatus), minutes: 20, transferredTo: certificationCounter.counterID, transferredAfter: 30)
        #expect(!civilStatusCounter.serves(moved))
        #expect(QueueRules.nextTicket(for: certificationCounter, among: [priority, moved]) == moved)
        #expect(QueueRules.nextTicket(for: civilStatusCounter, among: [priority, moved]) == nil)
    }

    @Test("tickets ahead count those the same counters will call first; the position falls as tickets are called")
    func ticketsAhead() {
        let first = entry(1001, .field(.civilStatus), minutes: 0)
        let second = entry(1002, .field(.civilStatus), minutes: 1)
        let other = entry(2001, .field(.certification), minutes: 0)
        let mine = entry(1003, .field(.civilStatus), minutes: 2)
        let counters = [civilStatusCounter, certificationCounter]
        #expect(QueueRules.ticketsAhead(of: mine, among: [first, second, other, mine], counters: counters) == 2)
        #expect(QueueRules.ticketsAhead(of: mine, among: [second, other, mine], counters: counters) == 1)
        let jumper = entry(1004, .field(.civilStatus), minutes: 3, priority: true)
        #expect(QueueRules.ticketsAhead(of: mine, among: [second, jumper, mine], counters: counters) == 2)
        // With every counter of the line closed, tickets of the same service still count.
        #expect(QueueRules.ticketsAhead(of: mine, among: [first, other, mine], counters: []) == 1)
    }

    @Test("the estimated wait shares the median recent service time among the serving counters")
    func estimatedWait() {
        #expect(QueueRules.estimatedWait(ticketsAhead: 0, recentServiceTimes: [300], servingCounters: 1) == 0)
        #expect(QueueRules.estimatedWait(ticketsAhead: 4, recentServiceTimes: [240, 300, 900], servingCounters: 2) == 600)
        #expect(QueueRules.estimatedWait(ticketsAhead: 3, recentServiceTimes: [], servingCounters: 0) == 3 * QueueRules.defaultServiceTime)
        #expect(QueueRules.describeWait(0) == "sắp đến lượt")
        #expect(QueueRules.describeWait(61) == "khoảng 5 phút")
        #expect(QueueRules.describeWait(22 * 60) == "khoảng 25 phút")
        #expect(QueueRules.describeWait(90 * 60) == "khoảng 1 giờ 30 phút")
    }

    @Test("recall, skip, transfer and finish apply to a ticket called at this counter today only")
    func actions() {
        let today = CivilDate(year: 2026, month: 3, day: 2)!
        let here = UUID(), there = UUID()
        #expect(QueueRules.check(.finish, status: .called, ticketDay: today, today: today, servingCounter: here, actingCounter: here, recallCount: 0) == nil)
        #expect(QueueRules.check(.recall, status: .called, ticketDay: today, today: today, servingCounter: here, actingCounter: here, recallCount: 2) == nil)
        #expect(QueueRules.check(.recall, status: .called, ticketDay: today, today: today, servingCounter: here, actingCounter: here, recallCount: 3) == .tooManyRecalls)
        #expect(QueueRules.check(.skip, status: .called, ticketDay: today, today: today, servingCounter: there, actingCounter: here, recallCount: 0) == .notServedHere)
        #expect(QueueRules.check(.skip, status: .done, ticketDay: today, today: today, servingCounter: here, actingCounter: here, recallCount: 0) == .notCalled)
        #expect(QueueRules.check(.finish, status: .called, ticketDay: today.adding(days: -1)!, today: today, servingCounter: here, actingCounter: here, recallCount: 0) == .notToday)
        #expect(QueueRules.check(.transfer, status: .called, ticketDay: today, today: today, servingCounter: here, actingCounter: here, recallCount: 0, transferTarget: here) == .transferToSameCounter)
        #expect(QueueRules.check(.transfer, status: .called, ticketDay: today, today: today, servingCounter: here, actingCounter: here, recallCount: 0, transferTarget: there) == nil)
    }
}

@Suite("Center floor: statistics")
struct QueueStatisticsTests {
    let day = CivilDate(year: 2026, month: 3, day: 2)!

    func at(_ hour: Int, _ minute: Int) -> Date { LocalDateTime(date: day, hour: hour, minute: minute)!.instant }

    @Test("median and nearest-rank 90th percentile")
    func percentiles() {
        #expect(QueueStatistics.median([]) == nil)
        #expect(QueueStatistics.median([5, 1, 3]) == 3)
        #expect(QueueStatistics.median([4, 1, 3, 2]) == 2.5)
        #expect(QueueStatistics.percentile(90, of: Array(1...10).map(Double.init)) == 9)
        #expect(QueueStatistics.percentile(90, of: Array(1...20).map(Double.init)) == 18)
        #expect(QueueStatistics.percentile(90, of: [7]) == 7)
        #expect(QueueStatistics.percentile(90, of: []) == nil)
    }

    @Test("waiting runs from taking to the first call, service from the last call to the end; no-shows and unserved are counted apart")
    func report() {
        let records = [
            QueueTicketRecord(day: day, takenAt: at(7, 30), firstCalledAt: at(7, 40), calledAt: at(7, 40), finishedAt: at(7, 52), status: .done, counter: "Quầy 1", service: "Hộ tịch", isPriority: false, rating: 5),
            QueueTicketRecord(day: day, takenAt: at(7, 35), firstCalledAt: at(7, 55), calledAt: at(8, 0), finishedAt: at(8, 6), status: .done, counter: "Quầy 2", service: "Hộ tịch", isPriority: true, rating: 3),
            QueueTicketRecord(day: day, takenAt: at(8, 10), firstCalledAt: at(8, 40), calledAt: at(8, 40), finishedAt: at(8, 42), status: .noShow, counter: "Quầy 1", service: "Chứng thực", isPriority: false),
            QueueTicketRecord(day: day, takenAt: at(16, 50), firstCalledAt: nil, calledAt: nil, finishedAt: nil, status: .waiting, counter: nil, service: "Chứng thực", isPriority: false),
        ]
        let report = QueueStatistics.report(records)
        #expect(report.total.tickets == 4)
        #expect(report.total.served == 2)
        #expect(report.total.noShows == 1)
        #expect(report.total.unserved == 1)
        #expect(report.total.priority == 1)
        // Waits: 10, 20 and 30 minutes.
        #expect(report.total.waitingMedian == 1200)
        #expect(report.total.waitingP90 == 1800)
        // Services: 12 and 6 minutes (the second counted from the call at Quầy 2).
        #expect(report.total.serviceMedian == 540)
        #expect(report.total.ratingMean == 4)
        #expect(report.hours.first { $0.hour == 7 }?.tickets == 2)
        #expect(report.hours.first { $0.hour == 16 }?.tickets == 1)
        #expect(report.days.map(\.day) == [day])
        #expect(report.byCounter.map(\.counter) == ["Quầy 1", "Quầy 2"])
        #expect(report.byCounter.first?.figures.noShows == 1)
        #expect(report.byService.first { $0.service == "Chứng thực" }?.figures.unserved == 1)
        #expect(report.byCounterAndService.count == 3)
        #expect(QueueStatistics.describe(270) == "4 phút 30 giây")
        #expect(QueueStatistics.describe(nil) == "—")
    }
}

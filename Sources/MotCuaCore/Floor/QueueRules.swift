import Foundation

/// A waiting ticket as the queue rules see it.
public struct QueueEntry: Hashable, Sendable {
    public let id: UUID
    public let number: Int
    public let service: FloorService
    /// The field of the ticket's service (a procedure's field for a procedure ticket), so that a counter serving the
    /// whole field takes it too.
    public let field: ProcedureDefinition.Field?
    public let isPriority: Bool
    public let takenAt: Date
    /// The counter the ticket was transferred to: only that counter calls it, before its own queue.
    public let transferredTo: UUID?
    public let transferredAt: Date?

    /// Creates an entry.
    public init(id: UUID, number: Int, service: FloorService, field: ProcedureDefinition.Field?, isPriority: Bool, takenAt: Date, transferredTo: UUID? = nil, transferredAt: Date? = nil) {
        self.id = id
        self.number = number
        self.service = service
        self.field = field
        self.isPriority = isPriority
        self.takenAt = takenAt
        self.transferredTo = transferredTo
        self.transferredAt = transferredAt
    }
}

/// A counter as the queue rules see it: its id and the services it serves.
public struct CounterServices: Hashable, Sendable {
    public let counterID: UUID
    public let services: Set<FloorService>

    /// Creates the view of a counter.
    public init(counterID: UUID, services: Set<FloorService>) {
        self.counterID = counterID
        self.services = services
    }

    /// Whether this counter may call the ticket: one transferred here, or one of a service (or field) it serves.
    public func serves(_ entry: QueueEntry) -> Bool {
        if let target = entry.transferredTo { return target == counterID }
        if services.contains(entry.service) { return true }
        if let field = entry.field, services.contains(.field(field)) { return true }
        return false
    }
}

/// What an officer does with the ticket at the counter.
public enum QueueAction: String, CaseIterable, Sendable {
    case recall
    case skip
    case transfer
    case finish

    /// The action as the journal and the counter page name it.
    public var vietnameseName: String {
        switch self {
        case .recall: "Gọi lại"
        case .skip: "Vắng mặt"
        case .transfer: "Chuyển quầy"
        case .finish: "Xong"
        }
    }
}

/// Why an action on a ticket is refused; `message` is shown to the officer.
public enum QueueRuleError: Error, Equatable, Sendable {
    case notServedHere
    case notToday
    case notCalled
    case tooManyRecalls
    case transferToSameCounter

    /// The refusal in Vietnamese.
    public var message: String {
        switch self {
        case .notServedHere: "Số này không do quầy của bạn đang phục vụ."
        case .notToday: "Số này thuộc một ngày trước; số thứ tự được cấp lại từ đầu mỗi ngày làm việc."
        case .notCalled: "Số này không ở trạng thái đang được phục vụ; hãy tải lại trang."
        case .tooManyRecalls: "Đã gọi lại \(QueueRules.maxRecalls) lần; hãy đánh dấu vắng mặt."
        case .transferToSameCounter: "Cần chọn một quầy khác để chuyển."
        }
    }
}

/// The rules of the waiting room: who is called next, how many are ahead, how long the wait is likely to be.
public enum QueueRules {
    /// How often an officer may call a ticket again before marking the visitor absent.
    public static let maxRecalls = 3
    /// The service time assumed when no ticket was served recently: ten minutes, a typical civil-status or
    /// certification case at a commune desk [practice].
    public static let defaultServiceTime: TimeInterval = 600
    /// How many recent services the estimate looks at.
    public static let recentServiceWindow = 20

    /// Whether `lhs` is called before `rhs` at a counter that may call both: tickets transferred there first (in the
    /// order they were transferred), then priority tickets, then order of arrival.
    public static func precedes(_ lhs: QueueEntry, _ rhs: QueueEntry) -> Bool {
        let lhsTransferred = lhs.transferredTo != nil, rhsTransferred = rhs.transferredTo != nil
        if lhsTransferred != rhsTransferred { return lhsTransferred }
        if lhsTransferred, let left = lhs.transferredAt, let right = rhs.transferredAt, left != right { return left < right }
        if lhs.isPriority != rhs.isPriority { return lhs.isPriority }
        if lhs.takenAt != rhs.takenAt { return lhs.takenAt < rhs.takenAt }
        return lhs.number < rhs.number
    }

    /// The waiting tickets the counter may call, in the order it will call them.
    public static func queue(for counter: CounterServices, among waiting: [QueueEntry]) -> [QueueEntry] {
        waiting.filter(counter.serves).sorted(by: precedes)
    }

    /// The ticket the counter calls next, or `nil` when nothing it serves is waiting.
    public static func nextTicket(for counter: CounterServices, among waiting: [QueueEntry]) -> QueueEntry? {
        waiting.filter(counter.serves).min(by: precedes)
    }

    /// Every waiting ticket in the order the room will see them called: priority first, then arrival.
    public static func displayOrder(_ waiting: [QueueEntry]) -> [QueueEntry] {
        waiting.sorted(by: precedes)
    }

    /// How many waiting tickets will be called before `entry` by the counters that may call it.
    ///
    /// A ticket ahead is one that one of those counters may call too and would call first. When no counter serves
    /// the ticket (all closed), tickets of the same service ahead of it are counted.
    public static func ticketsAhead(of entry: QueueEntry, among waiting: [QueueEntry], counters: [CounterServices]) -> Int {
        let serving = counters.filter { $0.serves(entry) }
        return waiting.filter { other in
            guard other.id != entry.id, precedes(other, entry) else { return false }
            if serving.isEmpty { return other.service == entry.service }
            return serving.contains { $0.serves(other) }
        }.count
    }

    /// The counters that may call the ticket.
    public static func servingCounters(of entry: QueueEntry, among counters: [CounterServices]) -> Int {
        counters.filter { $0.serves(entry) }.count
    }

    /// The likely wait, in seconds, of a ticket with `ticketsAhead` before it, from the median of recent service times
    /// shared among the counters serving it; `defaultServiceTime` stands in when nothing was served recently.
    public static func estimatedWait(ticketsAhead: Int, recentServiceTimes: [TimeInterval], servingCounters: Int) -> TimeInterval {
        guard ticketsAhead > 0 else { return 0 }
        let recent = Array(recentServiceTimes.filter { $0 > 0 }.suffix(recentServiceWindow))
        let typical = QueueStatistics.median(recent) ?? defaultServiceTime
        return Double(ticketsAhead) * typical / Double(max(1, servingCounters))
    }

    /// The wait as a phone page says it: "khoảng 25 phút", rounded up to five minutes.
    public static func describeWait(_ seconds: TimeInterval) -> String {
        guard seconds > 0 else { return "sắp đến lượt" }
        let minutes = Int((seconds / 60).rounded(.up))
        let rounded = max(5, ((minutes + 4) / 5) * 5)
        if rounded < 60 { return "khoảng \(rounded) phút" }
        let hours = rounded / 60, rest = rounded % 60
        return rest == 0 ? "khoảng \(hours) giờ" : "khoảng \(hours) giờ \(rest) phút"
    }

    /// Checks an action on a ticket at a counter; `nil` when it is allowed.
    ///
    /// - Parameters:
    ///   - ticketDay: the working day the ticket was taken; tickets of another day are history, never acted on.
    ///   - servingCounter: the counter that called the ticket, if any.
    ///   - transferTarget: for a transfer, the counter the ticket goes to.
    public static func check(
        _ action: QueueAction, status: QueueTicketStatus, ticketDay: CivilDate, today: CivilDate,
        servingCounter: UUID?, actingCounter: UUID, recallCount: Int, transferTarget: UUID? = nil
    ) -> QueueRuleError? {
        if ticketDay != today { return .notToday }
        if status != .called { return .notCalled }
        if servingCounter != actingCounter { return .notServedHere }
        switch action {
        case .recall where recallCount >= maxRecalls: return .tooManyRecalls
        case .transfer where transferTarget == nil || transferTarget == actingCounter: return .transferToSameCounter
        default: return nil
        }
    }
}

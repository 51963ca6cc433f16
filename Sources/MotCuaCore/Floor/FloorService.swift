import Foundation

/// What a counter serves and what a visitor takes a ticket for: a whole field of the catalog, or one procedure.
public enum FloorService: Hashable, Sendable, Comparable {
    case field(ProcedureDefinition.Field)
    case procedure(code: String)

    /// Parses a stored key, `field:civil_status` or `procedure:1.001193`; `nil` for anything else.
    public init?(key: String) {
        if key.hasPrefix("field:"), let field = ProcedureDefinition.Field(rawValue: String(key.dropFirst(6))) {
            self = .field(field)
        } else if key.hasPrefix("procedure:") {
            let code = String(key.dropFirst(10))
            // National procedure codes are digits and dots (1.001193); anything else is not one.
            guard (3...20).contains(code.count), code.allSatisfy({ $0 == "." || ("0"..."9").contains($0) }) else { return nil }
            self = .procedure(code: code)
        } else {
            return nil
        }
    }

    /// The stored form of the service.
    public var key: String {
        switch self {
        case .field(let field): "field:" + field.rawValue
        case .procedure(let code): "procedure:" + code
        }
    }

    /// Parses a comma-separated list of keys, skipping any that are not services.
    public static func parseList(_ text: String) -> [FloorService] {
        text.split(separator: ",").compactMap { FloorService(key: String($0).trimmingCharacters(in: .whitespaces)) }
    }

    /// The comma-separated stored form of a list of services, sorted so that equal sets store equally.
    public static func storedList(_ services: some Sequence<FloorService>) -> String {
        Set(services).sorted().map(\.key).joined(separator: ",")
    }

    public static func < (lhs: FloorService, rhs: FloorService) -> Bool { lhs.key < rhs.key }
}

/// Why a visitor is called before others: practice at commune centers gives priority to these groups (the
/// provinces' queue rules; no national text sets the order).
public enum PriorityReason: String, CaseIterable, Sendable, Codable {
    case elderly
    case disability
    case pregnant
    case smallChildren = "small_children"

    /// The reason as the kiosk and the ticket print it.
    public var vietnameseName: String {
        switch self {
        case .elderly: "Người cao tuổi"
        case .disability: "Người khuyết tật"
        case .pregnant: "Phụ nữ mang thai"
        case .smallChildren: "Người đi cùng trẻ nhỏ"
        }
    }
}

/// Where a queue ticket is in its day.
public enum QueueTicketStatus: String, CaseIterable, Sendable, Codable {
    /// Taken and waiting to be called (again, after a transfer).
    case waiting
    /// Called to a counter and being served there.
    case called
    /// Served to the end.
    case done
    /// Called but the visitor did not come (skipped by the officer).
    case noShow = "no_show"

    /// The status as pages show it.
    public var vietnameseName: String {
        switch self {
        case .waiting: "Đang chờ"
        case .called: "Đang được phục vụ"
        case .done: "Đã phục vụ xong"
        case .noShow: "Vắng mặt khi được gọi"
        }
    }
}

/// Ticket numbers: each service line has its own block of a thousand numbers per day, so that a number tells the
/// visitor and the officer its line (1001, 1002, … for the first line; 2001, … for the second), and the voice reads
/// four digits.
public enum TicketNumbering {
    /// Tickets a line can give in one day.
    public static let perLine = 999
    /// Lines a commune can have: blocks 1 to 9 keep every number at four digits.
    public static let blocks = 1...9

    /// The number of the `sequence`-th ticket of the day in a line's block, or `nil` when the block or the day's
    /// numbers are used up.
    public static func number(block: Int, sequence: Int) -> Int? {
        guard blocks.contains(block), (1...perLine).contains(sequence) else { return nil }
        return block * 1000 + sequence
    }

    /// The lowest block not yet used by a line, or `nil` when all nine are taken.
    public static func freeBlock(used: Set<Int>) -> Int? {
        blocks.first { !used.contains($0) }
    }

    /// The call as the screen writes it and the voice speaks it: "Mời số 1023 đến quầy 2".
    public static func announcement(number: Int, counterNumber: Int) -> String {
        "Mời số \(number) đến quầy \(counterNumber)"
    }
}

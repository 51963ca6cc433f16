import Foundation

/// The fields of one audit journal entry that its hash covers.
public struct AuditRecord: Sendable, Equatable {
    public var sequence: Int64
    public var occurredAt: Date
    public var actorUsername: String
    public var actorRole: String
    public var communeID: UUID?
    public var action: String
    public var objectType: String
    public var objectID: String
    public var summary: String
    public var clientAddress: String
    public var previousHash: String
    public var hash: String

    /// Creates a record; `hash` is empty until the chain seals it.
    public init(
        sequence: Int64, occurredAt: Date, actorUsername: String, actorRole: String, communeID: UUID?,
        action: String, objectType: String, objectID: String, summary: String, clientAddress: String,
        previousHash: String, hash: String = ""
    ) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actorUsername = actorUsername
        self.actorRole = actorRole
        self.communeID = communeID
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.summary = summary
        self.clientAddress = clientAddress
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The exact text that is hashed: every covered field, length-prefixed so that no two records share a text.
    public var canonicalText: String {
        // Milliseconds since 1970 as an integer: databases round sub-millisecond time, and a rounded time must still verify.
        let milliseconds = Int64((occurredAt.timeIntervalSince1970 * 1000).rounded())
        let fields = [
            String(sequence), String(milliseconds), actorUsername, actorRole, communeID?.uuidString.lowercased() ?? "",
            action, objectType, objectID, summary, clientAddress, previousHash,
        ]
        return fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
    }
}

/// The rules of the tamper-evident audit chain: each entry's hash covers its fields and the previous entry's hash.
public enum AuditChain {
    /// The previous hash of the very first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Why a journal does not verify.
    public enum Break: Sendable, Equatable, CustomStringConvertible {
        /// An entry's fields no longer match its own hash: it was edited.
        case edited(sequence: Int64)
        /// A sequence number is missing: entries were deleted.
        case missing(afterSequence: Int64, found: Int64)
        /// The journal ends before the last entry the application recorded.
        case truncated(lastSequence: Int64, expected: Int64)

        public var description: String {
            switch self {
            case .edited(let sequence):
                "mục \(sequence) đã bị sửa (mã băm không khớp nội dung)"
            case .missing(let afterSequence, let found):
                "thiếu mục sau mục \(afterSequence) (mục kế tiếp là \(found)): có mục đã bị xoá"
            case .truncated(let lastSequence, let expected):
                "nhật ký dừng ở mục \(lastSequence) nhưng ứng dụng đã ghi đến mục \(expected): có mục cuối đã bị xoá"
            }
        }
    }

    /// Checks entries in sequence order and returns the first break, or `nil` when the chain is intact.
    ///
    /// - Parameters:
    ///   - records: the journal, sorted by sequence.
    ///   - expectedLastSequence: the last sequence number the application recorded, kept apart from the entries.
    ///   - hash: the hash function (SHA-256 as hex in the application).
    public static func firstBreak(
        in records: some Sequence<AuditRecord>, expectedLastSequence: Int64, hash: @escaping (String) -> String
    ) -> Break? {
        var verifier = Verifier(hash: hash)
        for record in records {
            if let broken = verifier.check(record) { return broken }
        }
        return verifier.finish(expectedLastSequence: expectedLastSequence)
    }

    /// Walks the chain one entry at a time, so that a long journal can be read in pages.
    public struct Verifier {
        private let hash: (String) -> String
        private var previousHash = AuditChain.genesisHash
        private var previousSequence: Int64 = 0

        /// Creates a verifier at the start of the chain.
        public init(hash: @escaping (String) -> String) {
            self.hash = hash
        }

        /// Checks the next entry and returns the break it shows, if any.
        public mutating func check(_ record: AuditRecord) -> Break? {
            if record.sequence != previousSequence + 1 {
                return .missing(afterSequence: previousSequence, found: record.sequence)
            }
            if hash(record.canonicalText) != record.hash {
                return .edited(sequence: record.sequence)
            }
            if record.previousHash != previousHash {
                // The entry itself is sealed correctly, so the one before it was edited and sealed again.
                return .edited(sequence: previousSequence == 0 ? record.sequence : previousSequence)
            }
            previousHash = record.hash
            previousSequence = record.sequence
            return nil
        }

        /// Returns a break when the chain ends before the last entry the application recorded.
        public func finish(expectedLastSequence: Int64) -> Break? {
            previousSequence == expectedLastSequence ? nil : .truncated(lastSequence: previousSequence, expected: expectedLastSequence)
        }
    }
}

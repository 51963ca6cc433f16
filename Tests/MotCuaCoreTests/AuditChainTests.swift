import Foundation
import MotCuaCore
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    /// A stand-in hash: any deterministic function shows the chain's logic; the server uses SHA-256.
    private static func hash(_ text: String) -> String {
        var value: UInt64 = 1469598103934665603
        for byte in text.utf8 {
            value = (value ^ UInt64(byte)) &* 1099511628211
        }
        return String(value, radix: 16)
    }

    private func makeChain(_ count: Int) -> [AuditRecord] {
        var records: [AuditRecord] = []
        var previous = AuditChain.genesisHash
        for sequence in 1...Int64(count) {
            var record = AuditRecord(
                sequence: sequence, occurredAt: Date(timeIntervalSince1970: 1_780_000_000 + Double(sequence)),
                actorUsername: "admin", actorRole: "system_administrator", communeID: UUID(),
                action: "officer.update", objectType: "officer", objectID: "\(sequence)", summary: "thay đổi \(sequence)",
                clientAddress: "127.0.0.1", previousHash: previous
            )
            record.hash = Self.hash(record.canonicalText)
            previous = record.hash
            records.append(record)
        }
        return records
    }

    @Test("an intact chain verifies")
    func intact() {
        #expect(AuditChain.firstBreak(in: makeChain(5), expectedLastSequence: 5, hash: Self.hash) == nil)
        #expect(AuditChain.firstBreak(in: [], expectedLastSequence: 0, hash: Self.hash) == nil)
    }

    @Test("an edited field is found at its entry")
    func edited() {
        var chain = makeChain(5)
        chain[2].summary = "sửa lén"
        #expect(AuditChain.firstBreak(in: chain, expectedLastSequence: 5, hash: Self.hash) == .edited(sequence: 3))
    }

    @Test("an entry edited and re-sealed is found through the next entry's link")
    func resealed() {
        var chain = makeChain(5)
        chain[1].actorUsername = "ke-gian"
        chain[1].hash = Self.hash(chain[1].canonicalText)
        #expect(AuditChain.firstBreak(in: chain, expectedLastSequence: 5, hash: Self.hash) == .edited(sequence: 2))
    }

    @Test("a deleted entry shows as a gap; deleted last entries show against the recorded end")
    func deleted() {
        var middle = makeChain(5)
        middle.remove(at: 2)
        #expect(AuditChain.firstBreak(in: middle, expectedLastSequence: 5, hash: Self.hash) == .missing(afterSequence: 2, found: 4))
        var first = makeChain(3)
        first.removeFirst()
        #expect(AuditChain.firstBreak(in: first, expectedLastSequence: 3, hash: Self.hash) == .missing(afterSequence: 0, found: 2))
        let truncated = Array(makeChain(5).prefix(3))
        #expect(AuditChain.firstBreak(in: truncated, expectedLastSequence: 5, hash: Self.hash) == .truncated(lastSequence: 3, expected: 5))
    }

    @Test("the canonical text separates fields unambiguously")
    func canonicalTextIsUnambiguous() {
        let date = Date(timeIntervalSince1970: 1_780_000_000)
        let left = AuditRecord(sequence: 1, occurredAt: date, actorUsername: "ab", actorRole: "c", communeID: nil, action: "x", objectType: "t", objectID: "1", summary: "s", clientAddress: "a", previousHash: "p")
        let right = AuditRecord(sequence: 1, occurredAt: date, actorUsername: "a", actorRole: "bc", communeID: nil, action: "x", objectType: "t", objectID: "1", summary: "s", clientAddress: "a", previousHash: "p")
        #expect(left.canonicalText != right.canonicalText)
    }

    @Test("time is hashed to the millisecond, so a database that rounds microseconds still verifies")
    func timeRounding() {
        let exact = AuditRecord(sequence: 1, occurredAt: Date(timeIntervalSince1970: 1_780_000_000.123_4), actorUsername: "a", actorRole: "r", communeID: nil, action: "x", objectType: "t", objectID: "1", summary: "s", clientAddress: "a", previousHash: "p")
        var rounded = exact
        rounded.occurredAt = Date(timeIntervalSince1970: 1_780_000_000.123)
        #expect(exact.canonicalText == rounded.canonicalText)
    }
}

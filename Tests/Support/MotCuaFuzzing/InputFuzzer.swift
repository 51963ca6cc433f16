import Foundation
import MotCuaCore

/// A small, seeded generator of hostile text, shared by the core and server test targets: it mutates valid samples (insert, delete, duplicate, splice, cut) with the
/// characters that break parsers (quotes, separators, line breaks, a BOM, NUL, combining marks, huge numbers), and
/// makes random text from the same alphabet. One seed gives the same inputs on every run, so a failure can be replayed.
public struct InputFuzzer {
    public var random: SplitMix64

    public init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// How many cases each fuzz target runs: `MOTCUA_FUZZ_CASES`, or a quick default for the ordinary test run.
    public static func cases(default quick: Int = 20_000) -> Int {
        ProcessInfo.processInfo.environment["MOTCUA_FUZZ_CASES"].flatMap(Int.init) ?? quick
    }

    /// How many requests each HTTP fuzz target sends: `MOTCUA_HTTP_FUZZ_CASES`, or a quick default.
    public static func httpCases(default quick: Int = 150) -> Int {
        ProcessInfo.processInfo.environment["MOTCUA_HTTP_FUZZ_CASES"].flatMap(Int.init) ?? quick
    }

    /// A valid form changed field by field: values mutated, fields dropped, fields repeated or invented.
    public mutating func mutateForm(_ fields: [(String, String)]) -> [(String, String)] {
        var result: [(String, String)] = []
        for (name, value) in fields {
            switch int(100) {
            case 0..<55: result.append((name, value))
            case 55..<85: result.append((name, mutate(value)))
            case 85..<92: continue
            case 92..<96: result.append((name, value)); result.append((name, mutate(value)))
            default: result.append((mutate(name), value))
            }
        }
        if chance(15) { result.append((text(maxPieces: 3), text(maxPieces: 8))) }
        return result
    }

    /// Pieces that parsers of CSV, JSON, dates and forms treat specially.
    public static let tokens: [String] = [
        "\"", "\"\"", ",", ";", "|", "\\", "\r\n", "\n", "\r", "\u{FEFF}", "\u{0}", "\t", " ", "-", "+", ".", "/", ":", "{", "}", "[", "]",
        "0", "1", "-1", "31", "32", "13", "29/2/2026", "2026-02-30", "9999999999999999999999", "1e309", "NaN", "0x1F",
        "ạ", "Đ", "ệ", "\u{0301}", "\u{200B}", "😀", "null", "true", "<script>", "%", "'", "=", "&", "#",
        "free", "fixed", "per_page", "province", "same_day", "original", "copy", "office", "police", "full", "commune",
    ]

    public mutating func int(_ bound: Int) -> Int {
        Int(random.next() % UInt64(max(bound, 1)))
    }

    public mutating func chance(_ percent: Int) -> Bool { int(100) < percent }

    public mutating func token() -> String { Self.tokens[int(Self.tokens.count)] }

    /// Random text of up to `length` pieces, from the tokens and from random Unicode scalars.
    public mutating func text(maxPieces length: Int = 12) -> String {
        var result = ""
        for _ in 0..<int(length + 1) {
            if chance(70) {
                result += token()
            } else if let scalar = Unicode.Scalar(UInt32(int(0x1_0000))) {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The sample changed by one to four random edits, working on Unicode scalars so that line breaks stay visible.
    public mutating func mutate(_ sample: String, with others: [String] = []) -> String {
        var scalars = Array(sample.unicodeScalars)
        for _ in 0..<(1 + int(4)) {
            let position = int(scalars.count + 1)
            switch int(7) {
            case 0: scalars.insert(contentsOf: token().unicodeScalars, at: position)
            case 1 where !scalars.isEmpty:
                let end = min(scalars.count, position + 1 + int(8))
                if position < end { scalars.removeSubrange(position..<end) }
            case 2 where !scalars.isEmpty:
                let start = int(scalars.count)
                let end = min(scalars.count, start + 1 + int(40))
                scalars.insert(contentsOf: scalars[start..<end], at: position)
            case 3 where !scalars.isEmpty:
                scalars.removeSubrange(min(position, scalars.count)...)
            case 4 where !others.isEmpty:
                let other = Array(others[int(others.count)].unicodeScalars)
                let start = int(other.count)
                scalars.insert(contentsOf: other[start..<min(other.count, start + int(200))], at: position)
            case 5: scalars.insert(contentsOf: text(maxPieces: 4).unicodeScalars, at: position)
            default:
                if position < scalars.count, let scalar = token().unicodeScalars.first { scalars[position] = scalar }
            }
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }
}

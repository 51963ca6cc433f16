import Foundation
import MotCuaCore
import Testing

/// A generator that repeats a fixed sequence, so that a code's shape is the same on every run.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Fault reporter's secret code")
struct ReporterCodeTests {
    @Test("codes use one case and no symbol people confuse (0 O 1 I l) and no vowels, in four groups of four")
    func unambiguousAlphabet() {
        var generator = SplitMix(state: 24)
        for _ in 0..<500 {
            let code = ReporterCode.make(using: &generator)
            #expect(code.wholeMatch(of: /[2-9B-DF-HJKMNP-TV-Z]{4}(-[2-9B-DF-HJKMNP-TV-Z]{4}){3}/) != nil, "\(code)")
            #expect(!code.contains { "0O1IlLAEUaeiou".contains($0) }, "\(code)")
        }
    }

    @Test("a code typed back in lower case, with spaces or without dashes reads as the same code")
    func typedBack() {
        #expect(ReporterCode.normalised("k7qm-2xbd-9rtz-hh4c") == "K7QM2XBD9RTZHH4C")
        #expect(ReporterCode.normalised(" K7QM 2XBD 9RTZ HH4C ") == "K7QM2XBD9RTZHH4C")
    }
}

import Foundation

/// The secret code a fault reporter keeps to follow and answer their report, written so that it can be read aloud
/// or copied from paper without doubt.
///
/// One case, no `0 O 1 I L` that people confuse, and no vowels, so that a random code never spells a word (the
/// mixed-case base64 code once spelled a profanity). Sixteen of these 28 symbols carry about 77 bits.
public enum ReporterCode {
    public static let alphabet = Array("23456789BCDFGHJKMNPQRSTVWXYZ")
    public static let length = 16

    /// A new code, printed in groups of four: `K7QM-2XBD-…`.
    public static func make<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        let symbols = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
        return stride(from: 0, to: length, by: 4).map { String(symbols[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// A new code from the system's secure generator.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    /// The code as typed back, in the form that is stored and compared: upper case, without spaces or dashes.
    public static func normalised(_ typed: String) -> String {
        typed.uppercased().filter { !$0.isWhitespace && $0 != "-" }
    }
}

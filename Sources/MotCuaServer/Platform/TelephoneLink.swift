import Foundation

/// A phone number as the page shows it, with the `tel:` address a phone dials.
///
/// Numbers are kept as officers typed them ("0912 345 113"), which reads well but is not a valid URL: spaces, dots
/// and dashes are dropped from the address, a leading `+` is kept.
struct TelephoneLink: Encodable, Sendable, Equatable {
    let display: String
    let href: String

    init(_ number: String) {
        let trimmed = number.trimmingCharacters(in: .whitespaces)
        display = trimmed
        href = "tel:" + (trimmed.hasPrefix("+") ? "+" : "") + trimmed.filter(\.isASCIIDigit)
    }

    /// The link of a number that may be missing or blank.
    static func make(_ number: String?) -> TelephoneLink? {
        guard let number, !number.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return TelephoneLink(number)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

import Foundation

/// The dossier code of Thông tư 03/2025/TT-VPCP art. 13 cl. 3 (as amended by TT 04/2025): agency identifier,
/// day of reception as YYMMDD, and the day's sequence with at least four digits, e.g. `H15.50.05.13-261008-0975`.
public struct DossierCode: Sendable, Hashable, CustomStringConvertible {
    public let agencyIdentifier: String
    public let receivedOn: CivilDate
    public let sequence: Int

    /// Builds a code; `nil` when the agency identifier is malformed or the sequence is below 1.
    public static func make(agencyIdentifier: String, receivedOn: CivilDate, sequence: Int) -> DossierCode? {
        guard isValidAgencyIdentifier(agencyIdentifier), sequence >= 1, (2000...2099).contains(receivedOn.year) else { return nil }
        return DossierCode(agencyIdentifier: agencyIdentifier, receivedOn: receivedOn, sequence: sequence)
    }

    /// Reads a code typed or scanned by a person: spaces around it and letter case do not matter.
    public static func parse(_ text: String) -> DossierCode? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[1].count == 6, parts[2].count >= 4, parts[2].count <= 9,
              parts[1].allSatisfy(\.isWholeNumber), parts[2].allSatisfy(\.isWholeNumber),
              let yy = Int(parts[1].prefix(2)), let mm = Int(parts[1].dropFirst(2).prefix(2)), let dd = Int(parts[1].suffix(2)),
              let day = CivilDate(year: 2000 + yy, month: mm, day: dd), let sequence = Int(parts[2])
        else { return nil }
        return make(agencyIdentifier: parts[0], receivedOn: day, sequence: sequence)
    }

    /// The day part, YYMMDD, also the key of the day's sequence counter.
    public static func dayKey(_ day: CivilDate) -> String {
        String(format: "%02d%02d%02d", day.year % 100, day.month, day.day)
    }

    /// Whether text is an agency identifier: letters and digits in dot-separated groups, e.g. `H33.55.01`.
    public static func isValidAgencyIdentifier(_ text: String) -> Bool {
        // The rule `^[A-Z0-9]{1,10}(\.[A-Z0-9]{1,10}){0,6}$`, checked by hand: reports parse the code of every open
        // dossier, and compiling a regular expression each time was most of the province dashboard's time (issue #11).
        let groups = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard (1...7).contains(groups.count) else { return false }
        return groups.allSatisfy { group in
            (1...10).contains(group.count) && group.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        }
    }

    public var description: String {
        "\(agencyIdentifier)-\(Self.dayKey(receivedOn))-\(String(format: "%04d", sequence))"
    }
}

import Foundation

/// A set of procedure definitions with lookup by code and search that ignores Vietnamese diacritics.
public struct ProcedureCatalog: Sendable {
    /// The procedures, in the order given.
    public let procedures: [ProcedureDefinition]
    private let indexByCode: [String: Int]
    private let nameWords: [[String]]
    private let foldedNames: [String]

    /// A catalog of `procedures`; for a repeated code the first one wins (the CSV importer refuses repeats).
    public init(_ procedures: [ProcedureDefinition]) {
        self.procedures = procedures
        var index: [String: Int] = [:]
        for (position, procedure) in procedures.enumerated() where index[procedure.code] == nil {
            index[procedure.code] = position
        }
        self.indexByCode = index
        self.nameWords = procedures.map { VietnameseText.searchWords($0.name) }
        self.foldedNames = nameWords.map { $0.joined(separator: " ") }
    }

    /// The procedure with this national code, if any.
    public func procedure(code: String) -> ProcedureDefinition? {
        indexByCode[code.trimmingCharacters(in: .whitespaces)].map { procedures[$0] }
    }

    /// The procedures that match `query`, best first; all of them for an empty query.
    ///
    /// A query of digits and dots matches codes that start with it ("1.0011" finds 1.001193). Otherwise
    /// every word of the query must begin a word of the name, ignoring case, diacritics and đ/d, so
    /// "chung thuc ban sao" finds "Chứng thực bản sao từ bản chính" and "kh sinh" finds "Đăng ký khai sinh".
    /// Names that begin with the query come first, then shorter names, then catalog order.
    public func search(_ query: String) -> [ProcedureDefinition] {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return procedures }
        if let first = trimmed.unicodeScalars.first, ("0"..."9").contains(first),
           trimmed.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "." }) {
            return procedures.filter { $0.code.hasPrefix(trimmed) }
        }
        let queryWords = VietnameseText.searchWords(trimmed)
        guard !queryWords.isEmpty else { return [] }
        let phrase = queryWords.joined(separator: " ")
        let matches = procedures.indices.filter { position in
            queryWords.allSatisfy { word in nameWords[position].contains { $0.hasPrefix(word) } }
        }
        return matches.sorted { left, right in
            let leftStarts = foldedNames[left].hasPrefix(phrase)
            let rightStarts = foldedNames[right].hasPrefix(phrase)
            if leftStarts != rightStarts { return leftStarts }
            if nameWords[left].count != nameWords[right].count {
                return nameWords[left].count < nameWords[right].count
            }
            return left < right
        }.map { procedures[$0] }
    }

    /// What a citizen's search found: the procedures holding every word of the query or, when none does, the nearest.
    public struct SearchResult: Sendable {
        public let procedures: [ProcedureDefinition]
        /// False when no procedure holds every word and `procedures` are the names that hold most of them.
        public let matchesEveryWord: Bool
    }

    /// Small words of a question ("thủ tục đăng ký khai sinh cho trẻ") that no procedure name needs, folded; only the
    /// nearest-names fallback skips them.
    static let questionWords: Set<String> = ["cho", "cua", "va", "la", "o", "tai", "ve", "voi", "toi", "muon", "nao", "gi", "de", "thu", "tuc"]

    /// Like `search`, but a query that matches no name word for word falls back to the names that hold the most of its
    /// words (at least half of those that matter, each beginning a word of the name), best first: people type
    /// questions and extra words ("đăng ký khai sinh cho trẻ") more often than the exact name.
    public func find(_ query: String) -> SearchResult {
        let exact = search(query)
        let queryWords = VietnameseText.searchWords(query).filter { !Self.questionWords.contains($0) }
        guard exact.isEmpty, !queryWords.isEmpty, !queryWords.allSatisfy({ $0.allSatisfy(\.isNumber) }) else {
            return SearchResult(procedures: exact, matchesEveryWord: true)
        }
        let needed = (queryWords.count + 1) / 2
        let scored = procedures.indices.compactMap { position -> (position: Int, matched: Int, adjacent: Int)? in
            let words = nameWords[position]
            let hits = queryWords.map { word in words.firstIndex { $0.hasPrefix(word) } }
            let matched = hits.compactMap { $0 }.count
            guard matched >= needed else { return nil }
            // Query words found side by side in the name ("khai sinh") say more than the same words apart.
            let adjacent = zip(hits, hits.dropFirst()).filter { pair in
                if let left = pair.0, let right = pair.1 { return right == left + 1 }
                return false
            }.count
            return (position, matched, adjacent)
        }
        let ranked = scored.sorted { left, right in
            if left.matched != right.matched { return left.matched > right.matched }
            if left.adjacent != right.adjacent { return left.adjacent > right.adjacent }
            if nameWords[left.position].count != nameWords[right.position].count {
                return nameWords[left.position].count < nameWords[right.position].count
            }
            return left.position < right.position
        }
        return SearchResult(procedures: ranked.prefix(10).map { procedures[$0.position] }, matchesEveryWord: false)
    }

    /// The fee of a dossier for the procedure `code` (see `FeeRule.amount`), taking a province-set amount
    /// from `provinceFees`; `nil` when the code is unknown or the fee cannot be computed.
    public func feeAmount(code: String, pages: Int = 1, copies: Int = 1, cases: Int = 1,
                    provinceFees: ProvinceFeeTable? = nil, channel: IntakeChannel = .counter) -> Int64? {
        procedure(code: code)?.feeAmount(pages: pages, copies: copies, cases: cases, provinceFees: provinceFees, channel: channel)
    }

    /// The catalog shipped in `Resources/catalog/procedures.csv`.
    public static func loadBundled() throws -> ProcedureCatalog {
        guard let text = try CatalogResources.text(ofFile: "procedures.csv") else {
            throw CatalogImportError([.init(line: 1, message: "Không tìm thấy tệp catalog/procedures.csv trong tài nguyên.")])
        }
        return ProcedureCatalog(try ProcedureCatalogCSV.parse(text).get())
    }
}

extension ProcedureDefinition {
    /// The fee of a dossier for this procedure (see `FeeRule.amount`), taking a province-set amount from
    /// `provinceFees`; `nil` when it cannot be computed.
    public func feeAmount(pages: Int = 1, copies: Int = 1, cases: Int = 1, provinceFees: ProvinceFeeTable? = nil,
                          channel: IntakeChannel = .counter) -> Int64? {
        fee.amount(pages: pages, copies: copies, cases: cases, provinceFee: provinceFees?.fee(for: code), channel: channel)
    }
}

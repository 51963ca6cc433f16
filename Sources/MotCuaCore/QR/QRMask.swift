/// One of the eight data mask patterns (ISO/IEC 18004:2015, 7.8.2, Table 10), with the penalty
/// rules that choose between them (7.8.3) and the BCH-coded information that names them (7.9, 7.10).
struct QRMask: Hashable, Sendable, CaseIterable {
    /// The pattern reference, 0–7, written in the format information.
    let reference: Int

    /// All eight patterns, in reference order.
    static let allCases = (0..<8).map(QRMask.init(reference:))

    /// Whether the pattern inverts the module at `row` i, `column` j (Table 10).
    func inverts(row i: Int, column j: Int) -> Bool {
        switch reference {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }

    // MARK: penalty (ISO/IEC 18004:2015, 7.8.3.1, Table 11)

    /// The penalty score N1 + N2 + N3 + N4 of a masked symbol; the lowest score wins.
    ///
    /// The symbol is scored as masked, before its format and version information are drawn
    /// (7.8 comes before 7.9 and 7.10): those areas and the dark module count as light. Segno
    /// reads the standard the same way; ZXing and Nayuki score with the format information in
    /// place and can pick another mask for the same text. Every choice reads back the same.
    static func penalty(of matrix: QRMatrix) -> Int {
        let size = matrix.size
        var score = 0
        var dark = 0
        for y in 0..<size {
            let row = (0..<size).map { matrix[$0, y] }
            let column = (0..<size).map { matrix[y, $0] }
            score += sameColourRunPenalty(row) + sameColourRunPenalty(column)
            score += finderLikePenalty(row) + finderLikePenalty(column)
            dark += row.lazy.filter { $0 }.count
        }
        // N2: every 2×2 block of one colour, overlapping blocks counted separately.
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = matrix[x, y]
                if matrix[x + 1, y] == colour && matrix[x, y + 1] == colour && matrix[x + 1, y + 1] == colour {
                    score += 3
                }
            }
        }
        // N4: 10 points for each full 5 % that the dark proportion departs from 50 %.
        let total = size * size
        score += 10 * (abs(20 * dark - 10 * total) / total)
        return score
    }

    /// N1: 3 points for a run of 5 modules of one colour in a line, 1 more for each module beyond.
    private static func sameColourRunPenalty(_ line: [Bool]) -> Int {
        var score = 0
        var runLength = 0
        var previous: Bool?
        for module in line {
            if module == previous {
                runLength += 1
            } else {
                if runLength >= 5 { score += runLength - 2 }
                runLength = 1
                previous = module
            }
        }
        if runLength >= 5 { score += runLength - 2 }
        return score
    }

    /// N3: 40 points for each dark–light–dark–light–dark pattern in the ratio 1:1:3:1:1 with four
    /// light modules before or after it; beyond the symbol's edge lies the light quiet zone.
    ///
    /// Table 11 leaves open whether two patterns may share modules, as in 10111011101. Scanning
    /// left to right, a pattern that scores is not reused by the next one, as segno counts them;
    /// ZXing scores both and Nayuki neither, and such a tie can change the chosen mask.
    private static func finderLikePenalty(_ line: [Bool]) -> Int {
        let pattern = [true, false, true, true, true, false, true]
        let count = line.count
        var score = 0
        var start = 0
        while start + 7 <= count {
            if line[start..<(start + 7)].elementsEqual(pattern) {
                let lightBefore = !line[max(0, start - 4)..<start].contains(true)
                let lightAfter = !line[(start + 7)..<min(count, start + 11)].contains(true)
                if lightBefore || lightAfter {
                    score += 40
                    start += 7
                    continue
                }
            }
            start += 1
        }
        return score
    }

    // MARK: BCH-coded information

    /// The 15-bit format information: level and mask reference, BCH(15,5) with generator
    /// x¹⁰+x⁸+x⁵+x⁴+x²+x+1 (0x537), XORed with 0x5412 (ISO/IEC 18004:2015, 7.9.1 and Annex C).
    static func formatInformation(errorCorrection: QRErrorCorrection, mask: QRMask) -> Int {
        let data = errorCorrection.formatBits << 3 | mask.reference
        return (data << 10 | bchRemainder(data << 10, generator: 0x537)) ^ 0x5412
    }

    /// The 18-bit version information: version number, BCH(18,6) with generator
    /// x¹²+x¹¹+x¹⁰+x⁹+x⁸+x⁵+x²+1 (0x1F25) (ISO/IEC 18004:2015, 7.10 and Annex D).
    static func versionInformation(version: Int) -> Int {
        version << 12 | bchRemainder(version << 12, generator: 0x1F25)
    }

    /// The remainder of the polynomial `value` divided by `generator` over GF(2).
    private static func bchRemainder(_ value: Int, generator: Int) -> Int {
        let generatorDegree = Int.bitWidth - generator.leadingZeroBitCount - 1
        var remainder = value
        while remainder != 0 {
            let degree = Int.bitWidth - remainder.leadingZeroBitCount - 1
            if degree < generatorDegree { break }
            remainder ^= generator << (degree - generatorDegree)
        }
        return remainder
    }
}

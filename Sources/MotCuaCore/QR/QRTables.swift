/// The per-version constants of QR Code symbols, versions 1–40 (ISO/IEC 18004:2015).
enum QRTables {
    /// The largest version defined by the standard.
    static let maximumVersion = 40

    /// Error correction codewords per block, by level (L, M, Q, H) and version
    /// (ISO/IEC 18004:2015, Table 9); index 0 is unused.
    static let errorCorrectionCodewordsPerBlock: [[Int]] = [
        [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
         28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
         26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
         28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
         30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ]

    /// Number of error correction blocks, by level (L, M, Q, H) and version
    /// (ISO/IEC 18004:2015, Table 9); index 0 is unused.
    static let errorCorrectionBlocks: [[Int]] = [
        [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
         8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
         17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
         23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
         25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]

    /// Row and column coordinates of the alignment pattern centres, by version
    /// (ISO/IEC 18004:2015, Annex E, Table E.1); version 1 has none.
    static let alignmentPatternCentres: [[Int]] = [
        [], [],
        [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82],
        [6, 30, 58, 86], [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],
        [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130],
        [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142],
        [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]

    /// Modules per side: 21 for version 1, four more for each version after (ISO/IEC 18004:2015, 5.3.1).
    static func size(version: Int) -> Int {
        17 + 4 * version
    }

    /// Modules left for data and error correction once the function patterns, format and version
    /// information are placed (ISO/IEC 18004:2015, Table 1, column "data modules except (C)").
    static func dataModules(version: Int) -> Int {
        let size = size(version: version)
        var modules = size * size
        modules -= 3 * 64                    // finder patterns with their separators
        modules -= 2 * (size - 16)           // timing patterns
        modules -= 31                        // format information and the dark module
        let alignments = alignmentPatternCentres[version].count
        if alignments > 0 {
            // A k×k grid less the three corners under finder patterns; the 2(k−2) patterns on the
            // timing rows each cover 5 timing modules already subtracted.
            modules -= 25 * (alignments * alignments - 3) - 10 * (alignments - 2)
        }
        if version >= 7 { modules -= 2 * 18 } // version information
        return modules
    }

    /// The block structure of a symbol (ISO/IEC 18004:2015, 7.5.2 and Table 9).
    static func blocks(version: Int, errorCorrection: QRErrorCorrection) -> BlockStructure {
        let level = errorCorrection.tableIndex
        let totalCodewords = dataModules(version: version) / 8
        let blockCount = errorCorrectionBlocks[level][version]
        let errorCodewords = errorCorrectionCodewordsPerBlock[level][version]
        let longBlocks = totalCodewords % blockCount
        return BlockStructure(
            shortBlocks: blockCount - longBlocks,
            longBlocks: longBlocks,
            shortBlockDataCodewords: totalCodewords / blockCount - errorCodewords,
            errorCorrectionCodewordsPerBlock: errorCodewords
        )
    }
}

/// How a symbol's codewords split into blocks: short blocks first, then blocks with one more
/// data codeword; every block has the same number of error correction codewords.
struct BlockStructure: Hashable, Sendable {
    /// Blocks with `shortBlockDataCodewords` data codewords (group 1 of Table 9).
    let shortBlocks: Int
    /// Blocks with one more data codeword (group 2 of Table 9).
    let longBlocks: Int
    /// Data codewords in each short block.
    let shortBlockDataCodewords: Int
    /// Error correction codewords in every block.
    let errorCorrectionCodewordsPerBlock: Int

    /// All data codewords of the symbol.
    var dataCodewords: Int {
        (shortBlocks + longBlocks) * shortBlockDataCodewords + longBlocks
    }

    /// Data codewords of each block, in order.
    var dataCodewordsPerBlock: [Int] {
        Array(repeating: shortBlockDataCodewords, count: shortBlocks)
            + Array(repeating: shortBlockDataCodewords + 1, count: longBlocks)
    }
}

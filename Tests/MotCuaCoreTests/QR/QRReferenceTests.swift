import Foundation
@testable import MotCuaCore
import Testing

/// Our symbols against those of an independent encoder, segno (Fixtures/make-fixtures.py).
@Suite struct QRReferenceTests {
    @Test(arguments: QRFixtures.symbolNames)
    func matchesSegnoModuleForModule(name: String) throws {
        // setup
        let reference = try QRFixtures.symbol(name)
        let level = try #require(QRErrorCorrection(rawValue: reference.level))

        // MUT
        let code = try QRCode.encode(reference.text, errorCorrection: level)

        // validate
        #expect(code.version == reference.version)
        #expect(code.errorCorrection == level)
        #expect(code.size == 17 + 4 * reference.version)
        #expect(code.maskReference == reference.mask, "mask chosen by the penalty rules")
        #expect(reference.rows.count == code.size)
        #expect(differences(code, reference).isEmpty, "modules differing from segno: \(differences(code, reference).prefix(20))")
    }

    @Test(arguments: QRFixtures.symbolNames)
    func matchesSegnoWithItsMaskForced(name: String) throws {
        // Independent of the penalty rules: placement, masking and format information alone.
        let reference = try QRFixtures.symbol(name)
        let level = try #require(QRErrorCorrection(rawValue: reference.level))

        let code = QRCode.make(bytes: Array(reference.text.utf8), version: reference.version,
                               errorCorrection: level, mask: QRMask(reference: reference.mask))

        #expect(reference.rows.count == code.size)
        #expect(differences(code, reference).isEmpty, "modules differing from segno: \(differences(code, reference).prefix(20))")
    }

    /// The (x, y) positions where the two symbols differ.
    func differences(_ code: QRCode, _ reference: QRReferenceSymbol) -> [String] {
        reference.rows.enumerated().flatMap { y, row in
            row.enumerated().compactMap { x, dark in code.isDark(x: x, y: y) == dark ? nil : "(\(x),\(y))" }
        }
    }

    @Test func blockStructuresMatchSegnoForAllVersions() throws {
        let rows = try QRFixtures.tableRows("ec")
        #expect(rows.count == 160)
        for row in rows {
            let numbers = row.compactMap(Int.init)
            let version = try #require(numbers.first)
            let level = try #require(QRErrorCorrection(rawValue: row[1]))
            // Groups of (blocks, total codewords, data codewords) after version and level.
            let groups = stride(from: 1, to: numbers.count, by: 3).map { Array(numbers[$0..<($0 + 3)]) }
            let blocks = QRTables.blocks(version: version, errorCorrection: level)
            var expected = [[blocks.shortBlocks,
                             blocks.shortBlockDataCodewords + blocks.errorCorrectionCodewordsPerBlock,
                             blocks.shortBlockDataCodewords]]
            if blocks.longBlocks > 0 {
                expected.append([blocks.longBlocks,
                                 blocks.shortBlockDataCodewords + 1 + blocks.errorCorrectionCodewordsPerBlock,
                                 blocks.shortBlockDataCodewords + 1])
            }
            #expect(groups == expected, "version \(version)-\(level.rawValue)")
        }
    }

    @Test func alignmentPatternCentresMatchSegno() throws {
        let rows = try QRFixtures.tableRows("align")
        #expect(rows.count == 39)
        for row in rows {
            let numbers = row.compactMap(Int.init)
            let version = try #require(numbers.first)
            #expect(QRTables.alignmentPatternCentres[version] == Array(numbers.dropFirst()), "version \(version)")
        }
        #expect(QRTables.alignmentPatternCentres[1].isEmpty)
    }
}

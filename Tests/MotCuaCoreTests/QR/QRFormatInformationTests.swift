@testable import MotCuaCore
import Testing

/// BCH-coded format and version information (ISO/IEC 18004:2015, 7.9, 7.10, Annexes C and D).
@Suite struct QRFormatInformationTests {
    /// The 32 format information sequences after masking with 0x5412, by level and mask 0–7
    /// (ISO/IEC 18004:2015, Annex C, Table C.1).
    static let tableC1: [QRErrorCorrection: [String]] = [
        .low: ["111011111000100", "111001011110011", "111110110101010", "111100010011101",
               "110011000101111", "110001100011000", "110110001000001", "110100101110110"],
        .medium: ["101010000010010", "101000100100101", "101111001111100", "101101101001011",
                  "100010111111001", "100000011001110", "100111110010111", "100101010100000"],
        .quartile: ["011010101011111", "011000001101000", "011111100110001", "011101000000110",
                    "010010010110100", "010000110000011", "010111011011010", "010101111101101"],
        .high: ["001011010001001", "001001110111110", "001110011100111", "001100111010000",
                "000011101100010", "000001001010101", "000110100001100", "000100000111011"],
    ]

    @Test(arguments: QRErrorCorrection.allCases)
    func formatInformationForEveryMask(level: QRErrorCorrection) throws {
        let expected = try #require(Self.tableC1[level])
        for mask in QRMask.allCases {
            let bits = QRMask.formatInformation(errorCorrection: level, mask: mask)
            #expect(bits == Int(expected[mask.reference], radix: 2), "\(level.rawValue), mask \(mask.reference)")
        }
    }

    @Test func versionInformation() {
        // ISO/IEC 18004:2015, Annex D, Table D.1.
        #expect(QRMask.versionInformation(version: 7) == 0x07C94)
        #expect(QRMask.versionInformation(version: 8) == 0x085BC)
        #expect(QRMask.versionInformation(version: 21) == 0x15683)
        #expect(QRMask.versionInformation(version: 40) == 0x28C69)
    }

    @Test func formatInformationIsDrawnTwice() throws {
        // setup
        let code = try QRCode.encode("https://phungcong.hungyen.gov.vn/tra-cuu/H33.55.01-261008-0975",
                                     errorCorrection: .quartile)
        let bits = QRMask.formatInformation(errorCorrection: .quartile, mask: QRMask(reference: code.maskReference))
        let size = code.size

        // validate: read both copies back in the order of Figure 25, bit 14 first.
        let topLeft = [(0, 8), (1, 8), (2, 8), (3, 8), (4, 8), (5, 8), (7, 8), (8, 8),
                       (8, 7), (8, 5), (8, 4), (8, 3), (8, 2), (8, 1), (8, 0)]
        let split = (0..<7).map { (8, size - 1 - $0) } + (0..<8).map { (size - 8 + $0, 8) }
        for copy in [topLeft, split] {
            let read = copy.reduce(0) { $0 << 1 | (code.isDark(x: $1.0, y: $1.1) ? 1 : 0) }
            #expect(read == bits)
        }
        #expect(code.isDark(x: 8, y: size - 8), "the dark module")
    }

    @Test func versionInformationIsDrawnTwiceFromVersion7() throws {
        let code = try QRCode.encode("https://phungcong.hungyen.gov.vn/tra-cuu/H33.55.01-261008-0975",
                                     errorCorrection: .high)
        #expect(code.version == 7)
        let size = code.size
        // Bit i sits at (size − 11 + i mod 3, i div 3) and its transpose (Figure 27).
        let upperRight = (0..<18).reduce(0) { $0 | (code.isDark(x: size - 11 + $1 % 3, y: $1 / 3) ? 1 << $1 : 0) }
        let lowerLeft = (0..<18).reduce(0) { $0 | (code.isDark(x: $1 / 3, y: size - 11 + $1 % 3) ? 1 << $1 : 0) }
        #expect(upperRight == 0x07C94)
        #expect(lowerLeft == 0x07C94)
    }
}

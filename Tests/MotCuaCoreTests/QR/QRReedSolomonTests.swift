@testable import MotCuaCore
import Testing

/// Reed–Solomon codewords over GF(256) against published examples.
@Suite struct QRReedSolomonTests {
    /// Exponents of α of a monic polynomial's coefficients after the leading 1.
    func exponents(degree: Int) -> [Int] {
        ReedSolomonEncoder.generatorPolynomial(degree: degree).dropFirst().map { GaloisField.logarithms[Int($0)] }
    }

    @Test func fieldTables() {
        #expect(GaloisField.power(0) == 1)
        #expect(GaloisField.power(8) == 0x1D)        // α⁸ = x⁴+x³+x²+1 under 0x11D
        #expect(GaloisField.power(255) == 1)
        #expect(Set(GaloisField.exponents.prefix(255)).count == 255)
        #expect(GaloisField.multiply(0x80, 0x02) == 0x1D)
        #expect(GaloisField.multiply(0, 0x53) == 0)
    }

    @Test func generatorPolynomialsOfAnnexA() {
        // ISO/IEC 18004:2015, Annex A, Table A.1, in exponent form.
        #expect(exponents(degree: 7) == [87, 229, 146, 149, 238, 102, 21])
        #expect(exponents(degree: 10) == [251, 67, 46, 61, 118, 70, 64, 94, 32, 45])
        #expect(exponents(degree: 13) == [74, 152, 176, 100, 86, 100, 106, 104, 130, 218, 206, 140, 78])
    }

    @Test func isoExample01234567Version1M() {
        // ISO/IEC 18004:2015, Annex I.2: "01234567" in numeric mode, version 1-M.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        #expect(ReedSolomonEncoder(degree: 10).remainder(of: data)
            == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test func thonkyHelloWorldVersion1Q() {
        // "HELLO WORLD" in alphanumeric mode, version 1-Q, from the Thonky QR Code tutorial.
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236]
        #expect(ReedSolomonEncoder(degree: 13).remainder(of: data)
            == [168, 72, 22, 82, 217, 54, 156, 0, 46, 15, 180, 122, 16])
    }

    @Test func helloWorldInByteModeVersion1Q() {
        // Data and error correction codewords as segno 1.6.6 makes them for b"HELLO WORLD", 1-Q.
        let blocks = QRTables.blocks(version: 1, errorCorrection: .quartile)
        let data = QRCode.dataCodewords(bytes: Array("HELLO WORLD".utf8), version: 1, capacity: blocks.dataCodewords)
        #expect(data == [64, 180, 132, 84, 196, 196, 242, 5, 116, 245, 36, 196, 64])
        #expect(QRCode.finalMessage(data: data, blocks: blocks)
            == data + [43, 245, 36, 39, 171, 198, 24, 185, 196, 41, 84, 197, 159])
    }

    @Test func interleavesShortBlocksBeforeLongOnes() {
        // Version 5-Q: 2 blocks of 15 and 2 of 16 data codewords, 18 error codewords each (Table 9).
        let blocks = QRTables.blocks(version: 5, errorCorrection: .quartile)
        #expect(blocks.dataCodewordsPerBlock == [15, 15, 16, 16])
        #expect(blocks.errorCorrectionCodewordsPerBlock == 18)
        let data = (0..<62).map { UInt8($0) }
        let message = QRCode.finalMessage(data: data, blocks: blocks)
        #expect(message.count == 134)
        #expect(Array(message.prefix(8)) == [0, 15, 30, 46, 1, 16, 31, 47])
        // The last data column holds only the long blocks' final codewords.
        #expect(Array(message[56..<62]) == [14, 29, 44, 60, 45, 61])
    }
}

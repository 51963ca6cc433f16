/// A QR Code symbol (ISO/IEC 18004:2015) holding text in byte mode, ready to be drawn.
public struct QRCode: Hashable, Sendable {
    /// Modules per side, without the quiet zone: 21 for version 1 up to 177 for version 40.
    public let size: Int
    /// The symbol version, 1–40, the smallest that holds the text at the chosen level.
    public let version: Int
    /// The error correction level the symbol was made with.
    public let errorCorrection: QRErrorCorrection
    /// The data mask pattern, 0–7, chosen by the lowest penalty (ISO/IEC 18004:2015, 7.8.3).
    let maskReference: Int
    /// Dark (`true`) or light, row by row from the top left.
    private let modules: [Bool]

    /// Whether the module in column `x`, row `y` (0-based from the top left) is dark;
    /// positions outside the symbol, such as the quiet zone, are light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// Encodes the UTF-8 bytes of `text` in byte mode into the smallest symbol that holds them,
    /// or throws ``QRCodeError/dataTooLong(byteCount:maximumByteCount:errorCorrection:)``.
    ///
    /// No ECI designator is written (ISO/IEC 18004:2015, 7.4.3): readers take non-ASCII bytes as
    /// UTF-8 by common practice, and the ASCII URLs printed on receipts need no designator at all.
    public static func encode(_ text: String, errorCorrection: QRErrorCorrection = .medium) throws -> QRCode {
        let bytes = Array(text.utf8)
        guard let version = smallestVersion(byteCount: bytes.count, errorCorrection: errorCorrection) else {
            throw QRCodeError.dataTooLong(
                byteCount: bytes.count,
                maximumByteCount: byteCapacity(version: QRTables.maximumVersion, errorCorrection: errorCorrection),
                errorCorrection: errorCorrection
            )
        }
        return make(bytes: bytes, version: version, errorCorrection: errorCorrection, mask: nil)
    }

    /// The symbol for `bytes` at a version known to hold them, with the given mask or the best one.
    static func make(bytes: [UInt8], version: Int, errorCorrection: QRErrorCorrection, mask: QRMask?) -> QRCode {
        let blocks = QRTables.blocks(version: version, errorCorrection: errorCorrection)
        let data = dataCodewords(bytes: bytes, version: version, capacity: blocks.dataCodewords)
        var matrix = QRMatrix(version: version)
        matrix.placeCodewords(finalMessage(data: data, blocks: blocks))
        let chosen = mask ?? bestMask(for: matrix)
        matrix.apply(chosen)
        matrix.drawFormatInformation(errorCorrection: errorCorrection, mask: chosen)
        matrix.drawVersionInformation(version: version)
        return QRCode(size: matrix.size, version: version, errorCorrection: errorCorrection,
                      maskReference: chosen.reference, modules: matrix.modules)
    }

    /// The mask with the lowest penalty (ISO/IEC 18004:2015, 7.8.3); ties go to the lower reference.
    static func bestMask(for matrix: QRMatrix) -> QRMask {
        var best = QRMask(reference: 0)
        var bestScore = Int.max
        for mask in QRMask.allCases {
            var masked = matrix
            masked.apply(mask)
            let score = QRMask.penalty(of: masked)
            if score < bestScore {
                best = mask
                bestScore = score
            }
        }
        return best
    }

    // MARK: capacity

    /// Bits of the character count indicator in byte mode (ISO/IEC 18004:2015, Table 3).
    static func characterCountBits(version: Int) -> Int {
        version <= 9 ? 8 : 16
    }

    /// The most bytes that `version` holds at the level in byte mode (ISO/IEC 18004:2015, Table 7).
    static func byteCapacity(version: Int, errorCorrection: QRErrorCorrection) -> Int {
        let dataBits = QRTables.blocks(version: version, errorCorrection: errorCorrection).dataCodewords * 8
        return (dataBits - 4 - characterCountBits(version: version)) / 8
    }

    /// The smallest version that holds `byteCount` bytes, or `nil` when none does.
    static func smallestVersion(byteCount: Int, errorCorrection: QRErrorCorrection) -> Int? {
        (1...QRTables.maximumVersion).first { byteCapacity(version: $0, errorCorrection: errorCorrection) >= byteCount }
    }

    // MARK: codewords

    /// Mode indicator, character count, the bytes, terminator, bit padding and the alternating pad
    /// codewords 0xEC 0x11 up to `capacity` (ISO/IEC 18004:2015, 7.4.1–7.4.5, 7.4.9, 7.4.10).
    static func dataCodewords(bytes: [UInt8], version: Int, capacity: Int) -> [UInt8] {
        var writer = BitWriter()
        writer.append(0b0100, bitCount: 4)
        writer.append(bytes.count, bitCount: characterCountBits(version: version))
        for byte in bytes { writer.append(Int(byte), bitCount: 8) }
        writer.append(0, bitCount: min(4, capacity * 8 - writer.bitCount))
        writer.append(0, bitCount: (8 - writer.bitCount % 8) % 8)
        var codewords = writer.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data into blocks, adds each block's Reed–Solomon codewords, and interleaves
    /// data codewords then error correction codewords column by column (ISO/IEC 18004:2015, 7.6).
    static func finalMessage(data: [UInt8], blocks: BlockStructure) -> [UInt8] {
        let encoder = ReedSolomonEncoder(degree: blocks.errorCorrectionCodewordsPerBlock)
        var dataBlocks: [[UInt8]] = []
        var start = 0
        for length in blocks.dataCodewordsPerBlock {
            dataBlocks.append(Array(data[start..<(start + length)]))
            start += length
        }
        let errorBlocks = dataBlocks.map(encoder.remainder(of:))
        var message: [UInt8] = []
        for column in 0...blocks.shortBlockDataCodewords {
            for block in dataBlocks where column < block.count { message.append(block[column]) }
        }
        for column in 0..<blocks.errorCorrectionCodewordsPerBlock {
            for block in errorBlocks { message.append(block[column]) }
        }
        return message
    }
}

/// A bit stream written most significant bit first and read back as whole bytes.
struct BitWriter {
    /// The bytes written so far, the last one padded with zero bits.
    private(set) var bytes: [UInt8] = []
    /// Bits written so far.
    private(set) var bitCount = 0

    /// Appends the low `bitCount` bits of `value`, most significant first.
    mutating func append(_ value: Int, bitCount count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) {
            if bitCount % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 {
                bytes[bytes.count - 1] |= UInt8(0x80 >> (bitCount % 8))
            }
            bitCount += 1
        }
    }
}

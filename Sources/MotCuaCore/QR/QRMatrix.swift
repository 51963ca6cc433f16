/// The module grid of a symbol while it is built: which modules are dark, and which belong to
/// function patterns that data placement and masking leave alone (ISO/IEC 18004:2015, 6.3).
struct QRMatrix: Hashable, Sendable {
    /// Modules per side.
    let size: Int
    /// Dark (`true`) or light, row by row.
    private(set) var modules: [Bool]
    /// Whether each module is a function pattern or reserved for format or version information.
    private(set) var isFunction: [Bool]

    /// A grid of the version's size with all function patterns drawn and the format and version
    /// areas reserved as light modules, ready for data placement.
    init(version: Int) {
        size = QRTables.size(version: version)
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
        drawFinderPatterns()
        drawTimingPatterns()
        drawAlignmentPatterns(version: version)
        reserveFormatAndVersionAreas(version: version)
    }

    /// Whether the module in column `x`, row `y` is dark.
    subscript(x: Int, y: Int) -> Bool {
        modules[y * size + x]
    }

    private mutating func setFunction(x: Int, y: Int, dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    // MARK: function patterns

    /// Three finder patterns with their light separators (ISO/IEC 18004:2015, 6.3.3 and 6.3.4).
    private mutating func drawFinderPatterns() {
        for (left, top) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            for dy in -1...7 {
                for dx in -1...7 {
                    let x = left + dx, y = top + dy
                    guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                    // Rings from the centre: 3×3 dark core, light ring, dark ring, light separator.
                    let ring = max(abs(dx - 3), abs(dy - 3))
                    setFunction(x: x, y: y, dark: ring != 2 && ring != 4)
                }
            }
        }
    }

    /// Alternating row 6 and column 6 between the finder patterns (ISO/IEC 18004:2015, 6.3.5).
    private mutating func drawTimingPatterns() {
        for i in 8..<(size - 8) {
            setFunction(x: i, y: 6, dark: i % 2 == 0)
            setFunction(x: 6, y: i, dark: i % 2 == 0)
        }
    }

    /// 5×5 alignment patterns at every pair of centres not under a finder pattern
    /// (ISO/IEC 18004:2015, 6.3.6 and Annex E).
    private mutating func drawAlignmentPatterns(version: Int) {
        let centres = QRTables.alignmentPatternCentres[version]
        guard let first = centres.first, let last = centres.last else { return }
        for cy in centres {
            for cx in centres {
                let underFinder = (cx == first && cy == first) || (cx == last && cy == first)
                    || (cx == first && cy == last)
                if underFinder { continue }
                for dy in -2...2 {
                    for dx in -2...2 {
                        setFunction(x: cx + dx, y: cy + dy, dark: max(abs(dx), abs(dy)) != 1)
                    }
                }
            }
        }
    }

    /// Marks the format information (ISO/IEC 18004:2015, 7.9.1), the dark module and, from
    /// version 7, the version information (7.10) as function modules, light until drawn.
    private mutating func reserveFormatAndVersionAreas(version: Int) {
        for i in 0...8 {
            setFunction(x: 8, y: i, dark: isDarkFunction(x: 8, y: i))
            setFunction(x: i, y: 8, dark: isDarkFunction(x: i, y: 8))
        }
        for i in 0..<8 {
            setFunction(x: size - 1 - i, y: 8, dark: false)
            setFunction(x: 8, y: size - 1 - i, dark: false)
        }
        if version >= 7 {
            for i in 0..<18 {
                setFunction(x: size - 11 + i % 3, y: i / 3, dark: false)
                setFunction(x: i / 3, y: size - 11 + i % 3, dark: false)
            }
        }
    }

    /// Keeps the timing modules at (8, 6) and (6, 8) that the format areas' loops pass over.
    private func isDarkFunction(x: Int, y: Int) -> Bool {
        isFunction[y * size + x] && modules[y * size + x]
    }

    // MARK: data

    /// Places the final bit stream, most significant bit of each codeword first, in two-module
    /// columns from the right, upwards and downwards in turn, skipping function modules and the
    /// vertical timing column; modules left over are remainder bits, light
    /// (ISO/IEC 18004:2015, 7.7.3).
    mutating func placeCodewords(_ codewords: [UInt8]) {
        var bitIndex = 0
        let bitCount = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upwards = ((right + 1) & 2) == 0
            for vertical in 0..<size {
                let y = upwards ? size - 1 - vertical : vertical
                for x in [right, right - 1] where !isFunction[y * size + x] {
                    if bitIndex < bitCount {
                        let byte = codewords[bitIndex >> 3]
                        modules[y * size + x] = (byte >> (7 - UInt8(bitIndex & 7))) & 1 == 1
                        bitIndex += 1
                    }
                }
            }
            right -= 2
        }
    }

    /// Inverts every data module where the mask's condition holds (ISO/IEC 18004:2015, 7.8.2).
    mutating func apply(_ mask: QRMask) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && mask.inverts(row: y, column: x) {
                modules[y * size + x].toggle()
            }
        }
    }

    // MARK: format and version information

    /// Draws both copies of the 15-bit format information and the dark module
    /// (ISO/IEC 18004:2015, 7.9.1, Figure 25).
    mutating func drawFormatInformation(errorCorrection: QRErrorCorrection, mask: QRMask) {
        let bits = QRMask.formatInformation(errorCorrection: errorCorrection, mask: mask)
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        // Around the top-left finder: bits 0–7 down column 8, bits 8–14 leftwards along row 8.
        for i in 0...5 { setFunction(x: 8, y: i, dark: bit(i)) }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for i in 9..<15 { setFunction(x: 14 - i, y: 8, dark: bit(i)) }
        // Second copy: bits 0–7 along row 8 from the right edge, bits 8–14 up column 8 to the bottom.
        for i in 0..<8 { setFunction(x: size - 1 - i, y: 8, dark: bit(i)) }
        for i in 8..<15 { setFunction(x: 8, y: size - 15 + i, dark: bit(i)) }
        setFunction(x: 8, y: size - 8, dark: true)
    }

    /// Draws both copies of the 18-bit version information from version 7 on
    /// (ISO/IEC 18004:2015, 7.10, Figure 27).
    mutating func drawVersionInformation(version: Int) {
        guard version >= 7 else { return }
        let bits = QRMask.versionInformation(version: version)
        for i in 0..<18 {
            let dark = (bits >> i) & 1 == 1
            setFunction(x: size - 11 + i % 3, y: i / 3, dark: dark)
            setFunction(x: i / 3, y: size - 11 + i % 3, dark: dark)
        }
    }
}

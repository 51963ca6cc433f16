/// Arithmetic in GF(2⁸) reduced by x⁸ + x⁴ + x³ + x² + 1 (0x11D), the field of QR Code
/// error correction (ISO/IEC 18004:2015, 7.5.2), with α = 2 as primitive element.
enum GaloisField {
    /// The field's reducing polynomial, ISO/IEC 18004:2015, 7.5.2.
    static let primitivePolynomial = 0x11D

    /// αⁱ for i in 0..<510, doubled so that a product of two logarithms needs no modulo.
    static let exponents: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for i in 0..<255 {
            table[i] = UInt8(value)
            table[i + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= primitivePolynomial }
        }
        return table
    }()

    /// logα(v) for v in 1...255; entry 0 is unused, as 0 has no logarithm.
    static let logarithms: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for i in 0..<255 { table[Int(exponents[i])] = i }
        return table
    }()

    /// αⁿ for any n ≥ 0.
    static func power(_ n: Int) -> UInt8 {
        exponents[n % 255]
    }

    /// The product of two field elements.
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exponents[logarithms[Int(a)] + logarithms[Int(b)]]
    }
}

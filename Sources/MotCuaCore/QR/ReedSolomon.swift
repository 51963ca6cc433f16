/// Reed–Solomon error correction codewords for one block (ISO/IEC 18004:2015, 7.5.2 and Annex A).
struct ReedSolomonEncoder: Sendable {
    /// Coefficients of the monic generator polynomial, highest degree first, leading 1 omitted.
    let generator: [UInt8]

    /// An encoder that appends `degree` error correction codewords to a block.
    init(degree: Int) {
        generator = Array(Self.generatorPolynomial(degree: degree).dropFirst())
    }

    /// The generator polynomial g(x) = (x − α⁰)(x − α¹)…(x − α^(degree−1)), highest degree first
    /// (ISO/IEC 18004:2015, Annex A lists them in exponent form).
    static func generatorPolynomial(degree: Int) -> [UInt8] {
        var polynomial: [UInt8] = [1]
        for i in 0..<degree {
            // Multiply by (x + αⁱ); in GF(2⁸) subtraction is addition.
            var product = [UInt8](repeating: 0, count: polynomial.count + 1)
            let root = GaloisField.power(i)
            for (j, coefficient) in polynomial.enumerated() {
                product[j] ^= coefficient
                product[j + 1] ^= GaloisField.multiply(coefficient, root)
            }
            polynomial = product
        }
        return polynomial
    }

    /// The remainder of data(x)·x^degree divided by g(x): the block's error correction codewords.
    func remainder(of data: [UInt8]) -> [UInt8] {
        var remainder = [UInt8](repeating: 0, count: generator.count)
        guard !remainder.isEmpty else { return [] }
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for (i, coefficient) in generator.enumerated() {
                remainder[i] ^= GaloisField.multiply(coefficient, factor)
            }
        }
        return remainder
    }
}

import Foundation
@testable import MotCuaCore
import Testing

/// Version choice, capacity and the function patterns of encoded symbols.
@Suite struct QRCodeTests {
    @Test func byteCapacitiesOfTable7() {
        // ISO/IEC 18004:2015, Table 7, byte mode.
        let version1 = QRErrorCorrection.allCases.map { QRCode.byteCapacity(version: 1, errorCorrection: $0) }
        #expect(version1 == [17, 14, 11, 7])
        let version10 = QRErrorCorrection.allCases.map { QRCode.byteCapacity(version: 10, errorCorrection: $0) }
        #expect(version10 == [271, 213, 151, 119])
        let version40 = QRErrorCorrection.allCases.map { QRCode.byteCapacity(version: 40, errorCorrection: $0) }
        #expect(version40 == [2953, 2331, 1663, 1273])
    }

    @Test func fourteenBytesFillVersion1M() throws {
        #expect(try QRCode.encode(String(repeating: "a", count: 14)).version == 1)
        #expect(try QRCode.encode(String(repeating: "a", count: 15)).version == 2)
        #expect(try QRCode.encode("").version == 1)
        // Characters count in UTF-8 bytes: 7 × "ư" (2 bytes each) fills 1-M, 8 do not.
        #expect(try QRCode.encode(String(repeating: "ư", count: 7)).version == 1)
        #expect(try QRCode.encode(String(repeating: "ư", count: 8)).version == 2)
    }

    @Test func exampleReceiptURL() throws {
        let code = try QRCode.encode("https://phungcong.hungyen.gov.vn/tra-cuu/H33.55.01-261008-0975")
        #expect(code.version == 4)
        #expect(code.size == 33)
        #expect(code.errorCorrection == .medium)
    }

    @Test func tooLongTextThrowsInVietnamese() throws {
        // setup
        let text = String(repeating: "x", count: 1664)

        // MUT / validate
        #expect(throws: QRCodeError.dataTooLong(byteCount: 1664, maximumByteCount: 1663, errorCorrection: .quartile)) {
            try QRCode.encode(text, errorCorrection: .quartile)
        }
        #expect(try QRCode.encode(String(repeating: "x", count: 1663), errorCorrection: .quartile).version == 40)
        let error = QRCodeError.dataTooLong(byteCount: 1664, maximumByteCount: 1663, errorCorrection: .quartile)
        #expect(error.message
            == "Nội dung quá dài để tạo mã QR: 1664 byte, mức sửa lỗi Q chỉ chứa được tối đa 1663 byte.")
        #expect(error.localizedDescription == error.message)
    }

    @Test(arguments: [1, 2, 7, 14, 40])
    func functionPatterns(version: Int) {
        // setup: the smallest text that needs this version at level L.
        let byteCount = version == 1 ? 0 : QRCode.byteCapacity(version: version - 1, errorCorrection: .low) + 1
        let code = QRCode.make(bytes: Array(repeating: 0x61, count: byteCount), version: version,
                               errorCorrection: .low, mask: nil)
        let size = code.size

        // validate
        #expect(code.version == version)
        #expect(size == 17 + 4 * version)
        for (left, top) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            for dy in -1...7 {
                for dx in -1...7 {
                    let ring = max(abs(dx - 3), abs(dy - 3))
                    let x = left + dx, y = top + dy
                    guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                    #expect(code.isDark(x: x, y: y) == (ring != 2 && ring != 4), "finder at (\(x),\(y))")
                }
            }
        }
        for i in 8..<(size - 8) {
            #expect(code.isDark(x: i, y: 6) == i.isMultiple(of: 2))
            #expect(code.isDark(x: 6, y: i) == i.isMultiple(of: 2))
        }
        for cy in QRTables.alignmentPatternCentres[version] {
            for cx in QRTables.alignmentPatternCentres[version] where cx > 6 || cy > 6 {
                guard cx < size - 7 || cy > 6, cy < size - 7 || cx > 6 else { continue }
                #expect(code.isDark(x: cx, y: cy) && !code.isDark(x: cx + 1, y: cy) && code.isDark(x: cx + 2, y: cy))
            }
        }
    }

    @Test func outsideTheSymbolIsLight() throws {
        let code = try QRCode.encode("MotCua")
        #expect(code.isDark(x: 0, y: 0))
        #expect(!code.isDark(x: -1, y: 0))
        #expect(!code.isDark(x: 0, y: code.size))
        #expect(!code.isDark(x: Int.max, y: Int.min))
    }

    @Test func encodingIsDeterministicAndSendable() async throws {
        let text = "https://phungcong.hungyen.gov.vn/tra-cuu/H33.55.01-261008-0975"
        let detached = try await Task.detached { try QRCode.encode(text, errorCorrection: .high) }.value
        #expect(detached == (try QRCode.encode(text, errorCorrection: .high)))
    }
}

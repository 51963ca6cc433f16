import MotCuaCore
import Testing

/// Money as people read it: dots between thousands and the đồng sign, whatever the server's locale.
@Suite struct VNDTests {
    @Test func formatsWithDotsAndSign() {
        #expect(VND.format(1_234_000) == "1.234.000 ₫")
        #expect(VND.format(0) == "0 ₫")
        #expect(VND.format(999) == "999 ₫")
        #expect(VND.format(1_000) == "1.000 ₫")
        #expect(VND.format(200_000) == "200.000 ₫")
        #expect(VND.format(-5_000) == "-5.000 ₫")
        #expect(VND.format(Int64.max) == "9.223.372.036.854.775.807 ₫")
        #expect(VND.format(Int64.min) == "-9.223.372.036.854.775.808 ₫")
    }
}

import Foundation
import MotCuaCore
import Testing

@Suite("Police duty roster")
struct DutyRosterTests {
    let base = Date(timeIntervalSince1970: 1_780_000_000)

    func shift(_ fromHours: Double, _ toHours: Double, _ phone: String = "0221 3712 113", _ name: String = "Trung úy Nguyễn Văn Hải") -> DutyShiftSpan {
        DutyShiftSpan(start: base.addingTimeInterval(fromHours * 3600), end: base.addingTimeInterval(toHours * 3600), phone: phone, officerName: name)
    }

    @Test("the number valid now is the shift covering now; the end of a shift belongs to the next one")
    func currentShift() {
        let day = shift(0, 12, "0912 000 001", "A")
        let night = shift(12, 24, "0912 000 002", "B")
        #expect(DutyRoster.shift(at: base.addingTimeInterval(3600), in: [day, night])?.phone == "0912 000 001")
        #expect(DutyRoster.shift(at: base.addingTimeInterval(12 * 3600), in: [day, night])?.phone == "0912 000 002")
        #expect(DutyRoster.shift(at: base.addingTimeInterval(24 * 3600), in: [day, night]) == nil)
        #expect(DutyRoster.nextShift(after: base.addingTimeInterval(-1), in: [night, day]) == day)
    }

    @Test("overlapping, reversed, overlong shifts and bad phones are refused with reasons")
    func problems() {
        let existing = [shift(0, 12)]
        #expect(DutyRoster.problems(with: shift(12, 24), existing: existing).isEmpty)
        #expect(DutyRoster.problems(with: shift(11, 20), existing: existing).first?.contains("trùng thời gian") == true)
        #expect(DutyRoster.problems(with: shift(30, 20), existing: []).first?.contains("sau giờ bắt đầu") == true)
        #expect(DutyRoster.problems(with: shift(0, 24 * 8), existing: []).first?.contains("7 ngày") == true)
        #expect(DutyRoster.problems(with: shift(0, 1, "113a"), existing: []).first?.contains("không hợp lệ") == true)
        #expect(DutyRoster.problems(with: shift(0, 1, "0912 345 678", " "), existing: []).first?.contains("họ tên") == true)
    }

    @Test("phone numbers", arguments: [("0221 3712 113", true), ("0912.345.678", true), ("+84 912 345 678", true), ("912345678", false), ("0912-345-678", false), ("113", false)])
    func phones(text: String, valid: Bool) {
        #expect(DutyRoster.isValidPhone(text) == valid)
    }
}

import MotCuaCore
import Testing

/// A commune may shorten a procedure's legal time limit, never lengthen it.
@Suite struct CommuneOverrideTests {
    func procedure(_ time: ProcessingTime) -> ProcedureDefinition {
        ProcedureDefinition(code: "1.004837", name: "Đăng ký giám hộ", field: .civilStatus, processingTime: time,
                            fee: .free(condition: nil), department: .officeOfCouncilAndCommittee, source: "test")
    }

    @Test func sameDayStaysSameDay() {
        let sameDay = procedure(.sameDay)
        #expect(sameDay.validateCommuneProcessingTime(.sameDay) == nil)
        #expect(sameDay.validateCommuneProcessingTime(.workingDays(0)) == nil)
        let message = sameDay.validateCommuneProcessingTime(.workingDays(2))
        #expect(message?.contains("trong ngày") == true)
        #expect(message?.contains("2 ngày làm việc") == true)
    }

    @Test func workingDaysMayOnlyShrink() {
        let threeDays = procedure(.workingDays(3))
        #expect(threeDays.validateCommuneProcessingTime(.workingDays(3)) == nil)
        #expect(threeDays.validateCommuneProcessingTime(.workingDays(1)) == nil)
        #expect(threeDays.validateCommuneProcessingTime(.sameDay) == nil)
        #expect(threeDays.validateCommuneProcessingTime(.workingDays(4))?.contains("tối đa 3 ngày làm việc") == true)
        #expect(threeDays.validateCommuneProcessingTime(.workingDays(-1)) != nil)
    }

    @Test func applyingMovesTheDefaultCutOff() throws {
        let threeDays = procedure(.workingDays(3))
        #expect(threeDays.cutOffHour == 17)

        let sameDay = try #require(threeDays.applyingCommuneProcessingTime(.workingDays(0)))
        #expect(sameDay.processingTime == .sameDay)
        #expect(sameDay.cutOffHour == 15)

        let twoDays = try #require(threeDays.applyingCommuneProcessingTime(.workingDays(2)))
        #expect(twoDays.processingTime == .workingDays(2))
        #expect(twoDays.cutOffHour == 17)

        #expect(threeDays.applyingCommuneProcessingTime(.workingDays(5)) == nil)
    }
}

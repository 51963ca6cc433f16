import MotCuaCore
import Testing

/// Codes, default cut-off hours and the validation of a definition made in code.
@Suite struct ProcedureDefinitionTests {
    @Test func nationalCodeShape() {
        for code in ["1.001193", "2.000815", "3.000323", "6.006710"] {
            #expect(ProcedureDefinition.isValidCode(code), "\(code)")
        }
        for code in ["", "1.0011", "1.0011930", "1001193", "1,001193", "a.001193", "1.00119a", " 1.001193",
                     "1.012753.H19", "١.٠٠١١٩٣"] {
            #expect(!ProcedureDefinition.isValidCode(code), "\(code)")
        }
    }

    @Test func defaultCutOffHours() {
        // Luật Hộ tịch art. 5 cl. 3: same-day matters received after 15:00 are done the next working day.
        #expect(ProcedureDefinition.defaultCutOffHour(for: .sameDay) == 15)
        #expect(ProcedureDefinition.defaultCutOffHour(for: .workingDays(3)) == 17)
    }

    @Test func problemsOfADefinitionMadeInCode() {
        let bad = ProcedureDefinition(
            code: "1.0011", name: " ", field: .civilStatus, processingTime: .workingDays(0),
            verificationExtraWorkingDays: 0, cutOffHour: 25, fee: .fixed(amount: -1, condition: nil),
            requiredDocuments: [RequiredDocument(name: "", form: .copy, copies: 0)],
            department: .officeOfCouncilAndCommittee, source: ""
        )
        #expect(bad.problems.count == 9)
    }

    @Test func vocabulariesReadRawValuesAndVietnameseNames() {
        #expect(ProcedureDefinition.Field.matching("Hộ tịch") == .civilStatus)
        #expect(ProcedureDefinition.Field.matching("bao tro xa hoi") == .socialProtection)
        #expect(ProcedureDefinition.Field.matching("civil_status") == .civilStatus)
        #expect(DocumentForm.matching("ban_chinh_hoac_ban_sao") == .originalOrCopy)
        #expect(DocumentForm.matching("Bản sao") == .copy)
        #expect(HandlingDepartmentKind.matching("culture_society") == .cultureAndSociety)
        #expect(HandlingDepartmentKind.matching("Phòng Văn hoá – Xã hội") == .cultureAndSociety)
        #expect(OnlineServiceLevel.matching("toàn trình") == .full)
        #expect(OnlineServiceLevel.matching("") == nil)
        #expect(HandlingDepartmentKind.matching("district") == nil)
    }
}

import Foundation
import MotCuaCore
import Testing

@Suite("Dossier code, applicant and masking")
struct DossierCodeAndApplicantTests {
    @Test("codes follow TT 03/2025: agency, YYMMDD, four-digit sequence; parsing ignores case and spaces")
    func codes() throws {
        let code = try #require(DossierCode.make(agencyIdentifier: "H15.50.05.13", receivedOn: CivilDate(year: 2026, month: 10, day: 8)!, sequence: 975))
        #expect(code.description == "H15.50.05.13-261008-0975")
        #expect(DossierCode.parse(" h15.50.05.13-261008-0975 ") == code)
        #expect(DossierCode.make(agencyIdentifier: "H33.55.01", receivedOn: CivilDate(year: 2026, month: 1, day: 2)!, sequence: 12345)?.description == "H33.55.01-260102-12345")
        for bad in ["", "H33.55.01-260230-0001", "H33.55.01-2601-0001", "H33.55.01-260101-01", "H33..55-260101-0001", "H33.55.01-260101-0000"] {
            #expect(DossierCode.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("applicant checks: 12-digit ID, phone, address at the counter, representative with authorisation")
    func applicant() {
        let good = Applicant(kind: .person, fullName: "Nguyễn Văn An", idNumber: "001203004567", phone: "0912 345 678", email: nil, address: "Thôn Đông Cầu")
        #expect(good.problems(channel: .counter).isEmpty)
        let bad = Applicant(kind: .person, fullName: "Nguyễn <b>An</b>", idNumber: "12345", phone: "12", email: "khong-phai-email", address: "",
                            representativeName: "Trần Thị Bình", representativeIDNumber: nil, authorisationDocument: nil)
        let fields = Set(bad.problems(channel: .counter).map(\.field))
        #expect(fields == ["fullName", "idNumber", "phone", "email", "address", "representativeIDNumber", "authorisationDocument"])
        let organisation = Applicant(kind: .organisation, fullName: "Công ty TNHH Phụng Công", idNumber: "0901234567-001", phone: nil, email: nil, address: nil)
        #expect(organisation.problems(channel: .online).isEmpty)
    }

    @Test("names are masked as the public lookup shows them", arguments: [
        ("Nguyễn Văn An", "Nguyễn V*** A*"), ("Trần Thị Bích Ngọc", "Trần T*** B*** N*"), ("  Lê   Hoa ", "Lê H*"), ("Mai", "M***"), ("", ""),
    ])
    func maskName(name: String, masked: String) {
        #expect(PersonalDataMasking.maskName(name) == masked)
    }

    @Test("phones and ID numbers show only their last digits")
    func maskNumbers() {
        #expect(PersonalDataMasking.maskPhone("0912 345 678") == "*******678")
        #expect(PersonalDataMasking.maskIDNumber("001203004567") == "**********67")
    }
}

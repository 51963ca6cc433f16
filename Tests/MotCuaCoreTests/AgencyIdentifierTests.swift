import Foundation
import Testing
@testable import MotCuaCore

/// The agency identifier check is written by hand for speed; it must say what the original pattern says.
@Suite("Agency identifier")
struct AgencyIdentifierTests {
    static let pattern = "^[A-Z0-9]{1,10}(\\.[A-Z0-9]{1,10}){0,6}$"

    @Test("agrees with the pattern on valid and invalid identifiers", arguments: [
        "H33.55.01", "H33", "A", "ABCDEFGHIJ", "ABCDEFGHIJK", "1.2.3.4.5.6.7", "1.2.3.4.5.6.7.8", "", ".", "H33.", ".H33", "H33..01",
        "h33.55.01", "H33-55-01", "H33.55.0Đ", "H33 .55", "000.000", "G01.02.03.04",
    ])
    func agreesWithThePattern(_ text: String) {
        let expected = text.range(of: Self.pattern, options: .regularExpression) != nil
        #expect(DossierCode.isValidAgencyIdentifier(text) == expected, "\(text)")
    }

    @Test("codes still parse and print as before")
    func codesRoundTrip() throws {
        let code = try #require(DossierCode.parse(" h33.55.01-260527-0042 "))
        #expect(code.description == "H33.55.01-260527-0042")
        #expect(DossierCode.parse("H33..01-260527-0042") == nil)
    }
}

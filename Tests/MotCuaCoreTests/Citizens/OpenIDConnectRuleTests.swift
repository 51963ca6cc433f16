import Foundation
import MotCuaCore
import Testing

@Suite("Citizens: the rules of a VNeID (OpenID Connect) sign-in")
struct OpenIDConnectRuleTests {
    let now = Date(timeIntervalSince1970: 1_772_416_800)

    func claims(issuer: String? = "https://sso.dancuquocgia.gov.vn", audience: [String] = ["motcua"], authorizedParty: String? = nil,
                expiresIn: TimeInterval? = 300, issuedAgo: TimeInterval? = 5, nonce: String? = "n-123", acr: String? = "LoA2") -> IDTokenClaims {
        IDTokenClaims(issuer: issuer, audience: audience, authorizedParty: authorizedParty, expiresAt: expiresIn.map { now.addingTimeInterval($0) },
                      issuedAt: issuedAgo.map { now.addingTimeInterval(-$0) }, nonce: nonce, acr: acr)
    }

    func refusal(_ claims: IDTokenClaims, required: String = "LoA2") -> IDTokenClaims.Refusal? {
        do {
            try claims.check(issuer: "https://sso.dancuquocgia.gov.vn", clientID: "motcua", nonce: "n-123", requiredLevel: AssuranceLevel(required)!, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test("the PKCE S256 challenge is the RFC 7636 example's, and verifiers are 43 unreserved characters")
    func pkce() {
        // RFC 7636 appendix B.
        #expect(OpenIDConnect.codeChallenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        var generator = SplitMix64(seed: 19)
        let first = OpenIDConnect.makeRandomValue(using: &generator)
        let second = OpenIDConnect.makeRandomValue(using: &generator)
        #expect(first.count == 43)
        #expect(first != second)
        #expect(OpenIDConnect.isValidCodeVerifier(first))
        #expect(!OpenIDConnect.isValidCodeVerifier("too-short"))
        #expect(!OpenIDConnect.isValidCodeVerifier(String(repeating: "a", count: 42) + "é"))
    }

    @Test("a returned state or nonce matches only the very value kept; a missing or empty one never does")
    func matching() {
        #expect(OpenIDConnect.matches("abc", expected: "abc"))
        #expect(!OpenIDConnect.matches("abd", expected: "abc"))
        #expect(!OpenIDConnect.matches("ab", expected: "abc"))
        #expect(!OpenIDConnect.matches(nil, expected: "abc"))
        #expect(!OpenIDConnect.matches("", expected: ""))
    }

    @Test("levels of assurance compare by their number; a token without acr reaches no level")
    func assuranceLevels() {
        let two = AssuranceLevel("LoA2")!
        #expect(AssuranceLevel.satisfies("LoA2", required: two))
        #expect(AssuranceLevel.satisfies("LoA3", required: two))
        #expect(!AssuranceLevel.satisfies("LoA1", required: two))
        #expect(!AssuranceLevel.satisfies(nil, required: two))
        #expect(!AssuranceLevel.satisfies("basic", required: two))
        #expect(AssuranceLevel("urn:vn:loa:3")! > two)
        #expect(AssuranceLevel("LoA") == nil)
    }

    @Test("a token passes when issuer, audience, time, nonce and acr all hold")
    func acceptedToken() {
        #expect(refusal(claims()) == nil)
        #expect(refusal(claims(issuer: "https://sso.dancuquocgia.gov.vn/")) == nil, "one trailing slash is the same issuer")
        #expect(refusal(claims(audience: ["motcua", "other"], authorizedParty: "motcua")) == nil)
        #expect(refusal(claims(expiresIn: -60)) == nil, "two minutes of clock difference are allowed")
    }

    @Test("each claim check refuses with its own reason")
    func refusals() {
        #expect(refusal(claims(issuer: "https://evil.example")) == .wrongIssuer)
        #expect(refusal(claims(issuer: nil)) == .wrongIssuer)
        #expect(refusal(claims(audience: ["other-app"])) == .wrongAudience)
        #expect(refusal(claims(audience: ["motcua", "other"])) == .wrongAudience, "several audiences need azp = our client")
        #expect(refusal(claims(audience: ["motcua"], authorizedParty: "other")) == .wrongAudience)
        #expect(refusal(claims(expiresIn: -300)) == .expired)
        #expect(refusal(claims(expiresIn: nil)) == .expired)
        #expect(refusal(claims(issuedAgo: -600)) == .issuedInFuture)
        #expect(refusal(claims(issuedAgo: 3600)) == .tooOld)
        #expect(refusal(claims(nonce: "n-999")) == .wrongNonce)
        #expect(refusal(claims(nonce: nil)) == .wrongNonce)
        #expect(refusal(claims(acr: "LoA1")) == .insufficientAssurance)
        #expect(refusal(claims(acr: nil)) == .insufficientAssurance)
        #expect(refusal(claims(acr: "LoA2"), required: "LoA3") == .insufficientAssurance)
        #expect(IDTokenClaims.Refusal.insufficientAssurance.message.contains("mức 2"))
    }

    @Test("the national claims come first, the standard ones stand in, and the ID number must be 12 digits")
    func claimMapping() throws {
        let mapping = IdentityClaimMapping.standard
        let national = try mapping.identity(from: ["sub": "abc", "SoDinhDanh": "034190012345", "HoVaTen": "Nguyễn Thị Hoa", "name": "Hoa", "NgayThangNamSinh": "19900215"])
        #expect(national == VerifiedIdentity(idNumber: "034190012345", fullName: "Nguyễn Thị Hoa", birthDate: CivilDate(year: 1990, month: 2, day: 15)))
        let standard = try mapping.identity(from: ["sub": "034190012345", "name": "Nguyễn Thị Hoa", "birthdate": "1990-02-15"])
        #expect(standard == national)
        #expect(throws: IdentityClaimMapping.Problem.missingIDNumber) { try mapping.identity(from: ["name": "A"]) }
        #expect(throws: IdentityClaimMapping.Problem.invalidIDNumber) { try mapping.identity(from: ["sub": "user-42", "name": "A"]) }
        #expect(throws: IdentityClaimMapping.Problem.missingName) { try mapping.identity(from: ["SoDinhDanh": "034190012345", "HoVaTen": "  "]) }
        #expect(IdentityClaimMapping.birthDate("19901315") == nil)
    }

    @Test("a claim mapping setting replaces only the names it gives and refuses what it cannot read")
    func mappingSetting() {
        let mapping = IdentityClaimMapping.parse("idNumber=cccd, sub;fullName=ho_ten")
        #expect(mapping?.idNumber == ["cccd", "sub"])
        #expect(mapping?.fullName == ["ho_ten"])
        #expect(mapping?.birthDate == IdentityClaimMapping.standard.birthDate)
        #expect(IdentityClaimMapping.parse("phone=sdt") == nil)
        #expect(IdentityClaimMapping.parse("idNumber=") == nil)
    }
}

import Crypto
import Foundation

/// The rules of signing a citizen in through an OpenID Connect provider (the national sign-in service, VNeID):
/// the secrets of one attempt, the level of assurance, the checks of an ID token's claims and the mapping of its
/// claims to a verified identity. The HTTP exchanges live in the server.
public enum OpenIDConnect {
    /// Base64url without padding (RFC 7636 appendix A).
    public static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A random value of 32 bytes in base64url (43 characters): a `state`, a `nonce` or a PKCE code verifier.
    public static func makeRandomValue(using generator: inout some RandomNumberGenerator) -> String {
        base64URL((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The PKCE S256 challenge of a verifier: base64url(SHA-256(verifier)) (RFC 7636 §4.2).
    public static func codeChallenge(for verifier: String) -> String {
        base64URL(SHA256.hash(data: Data(verifier.utf8)))
    }

    /// Whether a verifier has the form RFC 7636 §4.1 requires: 43 to 128 unreserved characters.
    public static func isValidCodeVerifier(_ verifier: String) -> Bool {
        (43...128).contains(verifier.count) && verifier.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-._~".unicodeScalars.contains($0)
        }
    }

    /// Compares a value returned by the provider with the one kept, in time that does not depend on where they differ.
    public static func matches(_ returned: String?, expected: String) -> Bool {
        guard let returned else { return false }
        let a = Array(returned.utf8), b = Array(expected.utf8)
        guard a.count == b.count, !a.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// A level of assurance named by the provider's `acr` value: `LoA1`, `LoA2` (the level of VNeID level-2 accounts),
/// `LoA3`…; the number at its end orders them.
public struct AssuranceLevel: Sendable, Equatable, Comparable, CustomStringConvertible {
    public let name: String
    public let rank: Int

    /// Reads an `acr` value ending in a number (`LoA2`, `urn:…:loa:2`); `nil` for a value without one.
    public init?(_ name: String) {
        let digits = String(name.reversed().prefix { $0.isNumber }.reversed())
        guard !digits.isEmpty, let rank = Int(digits) else { return nil }
        self.name = name
        self.rank = rank
    }

    public var description: String { name }

    public static func < (lhs: AssuranceLevel, rhs: AssuranceLevel) -> Bool { lhs.rank < rhs.rank }
    public static func == (lhs: AssuranceLevel, rhs: AssuranceLevel) -> Bool { lhs.rank == rhs.rank }

    /// Whether a token's `acr` reaches the required level; a missing or unreadable `acr` never does.
    public static func satisfies(_ acr: String?, required: AssuranceLevel) -> Bool {
        guard let acr, let level = AssuranceLevel(acr) else { return false }
        return level >= required
    }
}

/// The claims of an ID token that the relying party checks (OpenID Connect Core 1.0 §3.1.3.7).
public struct IDTokenClaims: Sendable, Equatable {
    public var issuer: String?
    public var audience: [String]
    public var authorizedParty: String?
    public var expiresAt: Date?
    public var issuedAt: Date?
    public var nonce: String?
    public var acr: String?

    public init(issuer: String?, audience: [String], authorizedParty: String? = nil, expiresAt: Date?, issuedAt: Date?, nonce: String?, acr: String?) {
        self.issuer = issuer
        self.audience = audience
        self.authorizedParty = authorizedParty
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.nonce = nonce
        self.acr = acr
    }

    /// Why a token is refused; each case has the Vietnamese sentence the citizen reads and a code for the journal.
    public enum Refusal: String, Error, Sendable, Equatable {
        case wrongIssuer = "wrong_issuer"
        case wrongAudience = "wrong_audience"
        case expired
        case issuedInFuture = "issued_in_future"
        case tooOld = "too_old"
        case wrongNonce = "wrong_nonce"
        case insufficientAssurance = "insufficient_acr"

        public var message: String {
            switch self {
            case .wrongIssuer: "Kết quả đăng nhập không do dịch vụ đăng nhập quốc gia đã cấu hình phát hành."
            case .wrongAudience: "Kết quả đăng nhập được cấp cho một ứng dụng khác, không phải MotCua."
            case .expired: "Kết quả đăng nhập VNeID đã hết hạn. Vui lòng đăng nhập lại."
            case .issuedInFuture, .tooOld: "Thời điểm cấp kết quả đăng nhập không hợp lệ. Vui lòng đăng nhập lại."
            case .wrongNonce: "Kết quả đăng nhập không khớp với lượt đăng nhập này. Vui lòng đăng nhập lại."
            case .insufficientAssurance: "Tài khoản định danh điện tử chưa đạt mức độ 2. Vui lòng nâng cấp tài khoản VNeID lên mức 2 rồi đăng nhập lại."
            }
        }
    }

    /// How far the clocks of the provider and of MotCua may differ.
    public static let clockLeeway: TimeInterval = 120
    /// How old a token may be when it arrives: it is fetched seconds after it was issued.
    public static let maximumAge: TimeInterval = 600

    /// Checks issuer, audience, authorised party, expiry, issue time, nonce and level of assurance, in that order.
    public func check(issuer expectedIssuer: String, clientID: String, nonce expectedNonce: String, requiredLevel: AssuranceLevel, now: Date) throws(Refusal) {
        guard let issuer, Self.sameIssuer(issuer, expectedIssuer) else { throw .wrongIssuer }
        guard audience.contains(clientID) else { throw .wrongAudience }
        if audience.count > 1 || authorizedParty != nil, authorizedParty != clientID { throw .wrongAudience }
        guard let expiresAt, now < expiresAt.addingTimeInterval(Self.clockLeeway) else { throw .expired }
        guard let issuedAt else { throw .tooOld }
        if issuedAt > now.addingTimeInterval(Self.clockLeeway) { throw .issuedInFuture }
        if now.timeIntervalSince(issuedAt) > Self.maximumAge { throw .tooOld }
        guard OpenIDConnect.matches(nonce, expected: expectedNonce) else { throw .wrongNonce }
        guard AssuranceLevel.satisfies(acr, required: requiredLevel) else { throw .insufficientAssurance }
    }

    /// Issuers compare exactly, except for one trailing slash that providers and settings write differently.
    static func sameIssuer(_ a: String, _ b: String) -> Bool {
        func trimmed(_ s: String) -> String { s.hasSuffix("/") ? String(s.dropLast()) : s }
        return trimmed(a) == trimmed(b)
    }
}

/// Which claims carry the personal ID number, the full name and the date of birth: the national names first, then the
/// standard OpenID Connect ones.
public struct IdentityClaimMapping: Sendable, Equatable {
    public var idNumber: [String]
    public var fullName: [String]
    public var birthDate: [String]

    public init(idNumber: [String], fullName: [String], birthDate: [String]) {
        self.idNumber = idNumber
        self.fullName = fullName
        self.birthDate = birthDate
    }

    /// VNeID's claims (`SoDinhDanh`, `HoVaTen`, `NgayThangNamSinh` as yyyyMMdd), then `sub`, `name`, `birthdate`.
    public static let standard = IdentityClaimMapping(idNumber: ["SoDinhDanh", "sub"], fullName: ["HoVaTen", "name"], birthDate: ["NgayThangNamSinh", "birthdate"])

    /// Reads a mapping from `idNumber=A,B;fullName=C;birthDate=D`; names left out keep their defaults.
    public static func parse(_ text: String) -> IdentityClaimMapping? {
        var mapping = standard
        for part in text.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return nil }
            let names = pair[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { return nil }
            switch pair[0] {
            case "idNumber": mapping.idNumber = names
            case "fullName": mapping.fullName = names
            case "birthDate": mapping.birthDate = names
            default: return nil
            }
        }
        return mapping
    }

    /// Why the claims do not make a verified identity.
    public enum Problem: Error, Sendable, Equatable {
        case missingIDNumber
        case invalidIDNumber
        case missingName

        public var message: String {
            switch self {
            case .missingIDNumber: "Dịch vụ đăng nhập không gửi số định danh cá nhân; không thể đăng nhập."
            case .invalidIDNumber: "Số định danh cá nhân do dịch vụ đăng nhập gửi không hợp lệ (cần 12 chữ số)."
            case .missingName: "Dịch vụ đăng nhập không gửi họ và tên; không thể đăng nhập."
            }
        }
    }

    /// The identity the claims verify: the first claim present of each list; the ID number must be 12 digits.
    public func identity(from claims: [String: String]) throws(Problem) -> VerifiedIdentity {
        func first(_ names: [String]) -> String? {
            names.lazy.compactMap { claims[$0]?.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty }
        }
        guard let rawID = first(idNumber) else { throw .missingIDNumber }
        guard rawID.count == 12, rawID.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .invalidIDNumber }
        guard let name = first(fullName) else { throw .missingName }
        return VerifiedIdentity(idNumber: rawID, fullName: name, birthDate: first(birthDate).flatMap(Self.birthDate))
    }

    /// A date of birth written `yyyyMMdd` (VNeID) or `yyyy-MM-dd` (OpenID Connect `birthdate`).
    public static func birthDate(_ text: String) -> CivilDate? {
        if text.count == 8, text.allSatisfy(\.isNumber), let year = Int(text.prefix(4)), let month = Int(text.dropFirst(4).prefix(2)), let day = Int(text.suffix(2)) {
            return CivilDate(year: year, month: month, day: day)
        }
        return CivilDate(isoString: text)
    }
}

/// The person a provider vouches for.
public struct VerifiedIdentity: Sendable, Equatable {
    public let idNumber: String
    public let fullName: String
    public let birthDate: CivilDate?

    public init(idNumber: String, fullName: String, birthDate: CivilDate?) {
        self.idNumber = idNumber
        self.fullName = fullName
        self.birthDate = birthDate
    }
}

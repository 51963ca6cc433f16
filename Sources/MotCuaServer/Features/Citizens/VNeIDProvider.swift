import Fluent
import Foundation
import JWTKit
import MotCuaCore
import NIOCore
import Vapor

/// The relying party's registration with the national sign-in service (VNeID), read from `MOTCUA_OIDC_*`.
struct VNeIDSettings: Sendable {
    /// The provider's issuer; its discovery document is at `<issuer>/.well-known/openid-configuration`.
    var issuer: String
    var clientID: String
    var clientSecret: String
    /// The level of assurance every VNeID sign-in must reach (`acr_values`, default `LoA2`).
    var requiredLevel: AssuranceLevel
    var claims: IdentityClaimMapping = .standard

    /// Reads the settings; `nil` (no VNeID sign-in) when `MOTCUA_OIDC_ISSUER` is unset.
    static func fromEnvironment(_ variables: [String: String] = ProcessInfo.processInfo.environment) throws -> VNeIDSettings? {
        func value(_ name: String) -> String? { variables[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let issuer = value("MOTCUA_OIDC_ISSUER") else { return nil }
        guard let url = URL(string: issuer), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw Settings.Problem(description: "MOTCUA_OIDC_ISSUER=\"\(issuer)\" không phải địa chỉ http(s) của dịch vụ đăng nhập.")
        }
        guard let clientID = value("MOTCUA_OIDC_CLIENT_ID"), let clientSecret = value("MOTCUA_OIDC_CLIENT_SECRET") else {
            throw Settings.Problem(description: "Có MOTCUA_OIDC_ISSUER thì cần cả MOTCUA_OIDC_CLIENT_ID và MOTCUA_OIDC_CLIENT_SECRET (do dịch vụ đăng nhập cấp khi đăng ký MotCua).")
        }
        let acr = value("MOTCUA_OIDC_ACR") ?? "LoA2"
        guard let level = AssuranceLevel(acr) else {
            throw Settings.Problem(description: "MOTCUA_OIDC_ACR=\"\(acr)\" không phải mức đảm bảo có số ở cuối, ví dụ LoA2.")
        }
        var claims = IdentityClaimMapping.standard
        if let raw = value("MOTCUA_OIDC_CLAIMS") {
            guard let parsed = IdentityClaimMapping.parse(raw) else {
                throw Settings.Problem(description: "MOTCUA_OIDC_CLAIMS=\"\(raw)\" không hợp lệ: dùng dạng idNumber=SoDinhDanh,sub;fullName=HoVaTen,name;birthDate=NgayThangNamSinh,birthdate.")
            }
            claims = parsed
        }
        return VNeIDSettings(issuer: issuer, clientID: clientID, clientSecret: clientSecret, requiredLevel: level, claims: claims)
    }
}

/// Why a VNeID sign-in was refused: the Vietnamese page the citizen reads, its status and a code for the journal.
struct VNeIDFailure: Error, Sendable {
    let code: String
    let status: HTTPResponseStatus
    let message: String

    static let unavailable = VNeIDFailure(code: "provider_unavailable", status: .serviceUnavailable,
                                          message: "Không kết nối được dịch vụ đăng nhập VNeID. Vui lòng thử lại sau ít phút hoặc đăng nhập bằng mật khẩu.")
    static let stateMismatch = VNeIDFailure(code: "state_mismatch", status: .badRequest,
                                            message: "Lượt đăng nhập VNeID không khớp với trình duyệt này, đã hết hạn hoặc đã được dùng. Vui lòng bấm \"Đăng nhập bằng VNeID\" lại.")
    static let codeRejected = VNeIDFailure(code: "code_rejected", status: .badRequest,
                                           message: "Mã đăng nhập VNeID đã hết hạn hoặc đã được dùng. Vui lòng bấm \"Đăng nhập bằng VNeID\" lại.")
    static let unknownKey = VNeIDFailure(code: "unknown_key", status: .forbidden,
                                         message: "Kết quả đăng nhập được ký bằng một khoá không thuộc dịch vụ đăng nhập VNeID; MotCua không chấp nhận.")
    static let badSignature = VNeIDFailure(code: "bad_signature", status: .forbidden,
                                           message: "Chữ ký của kết quả đăng nhập VNeID không hợp lệ; MotCua không chấp nhận.")
    static let cancelled = VNeIDFailure(code: "provider_refused", status: .forbidden,
                                        message: "Đăng nhập VNeID đã bị huỷ hoặc bị từ chối. Ông/bà có thể thử lại hoặc đăng nhập bằng mật khẩu.")

    static func refused(_ refusal: IDTokenClaims.Refusal) -> VNeIDFailure {
        // 403, not 401: the site answers a 401 on a page with a redirect to its sign-in page, which would hide the reason.
        VNeIDFailure(code: refusal.rawValue, status: .forbidden, message: refusal.message)
    }

    static func identity(_ problem: IdentityClaimMapping.Problem) -> VNeIDFailure {
        VNeIDFailure(code: "claims_unusable", status: .forbidden, message: problem.message)
    }

    var appError: AppError { AppError(status: status, code: "vneid_" + code, message: message) }
}

/// The provider's endpoints, from its discovery document (OpenID Connect Discovery 1.0).
struct VNeIDDiscovery: Codable, Sendable {
    let issuer: String
    let authorizationEndpoint: String
    let tokenEndpoint: String
    let jwksURI: String
    let endSessionEndpoint: String?
    let tokenEndpointAuthMethodsSupported: [String]?

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case endSessionEndpoint = "end_session_endpoint"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
    }
}

/// An ID token's payload: the claims the checks need, and every string claim for the identity mapping.
struct VNeIDTokenPayload: JWTPayload {
    var claims: IDTokenClaims
    var strings: [String: String]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var strings: [String: String] = [:]
        var numbers: [String: Double] = [:]
        for key in container.allKeys {
            if let text = try? container.decode(String.self, forKey: key) {
                strings[key.stringValue] = text
            } else if let number = try? container.decode(Double.self, forKey: key) {
                numbers[key.stringValue] = number
                // A number claim (an ID number sent as a number) is read as its digits.
                if number.rounded() == number, abs(number) < 1e15 { strings[key.stringValue] = String(Int64(number)) }
            }
        }
        let audienceKey = Key(stringValue: "aud")
        let audience = (try? container.decode([String].self, forKey: audienceKey)) ?? strings["aud"].map { [$0] } ?? []
        self.strings = strings
        self.claims = IDTokenClaims(
            issuer: strings["iss"], audience: audience, authorizedParty: strings["azp"],
            expiresAt: numbers["exp"].map(Date.init(timeIntervalSince1970:)), issuedAt: numbers["iat"].map(Date.init(timeIntervalSince1970:)),
            nonce: strings["nonce"], acr: strings["acr"]
        )
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in strings { try container.encode(value, forKey: Key(stringValue: name)) }
    }

    /// The claims are checked by `IDTokenClaims.check` after the signature, with the attempt's nonce.
    func verify(using algorithm: some JWTAlgorithm) throws {}
}

/// Talks to the provider: its discovery document and keys (cached), the token request, the ID token's signature.
actor VNeIDProvider {
    private var discovery: (document: VNeIDDiscovery, fetchedAt: Date)?
    private var keys: (collection: JWTKeyCollection, kids: Set<String>, fetchedAt: Date)?

    /// How long the discovery document is kept; how often an unknown key may make MotCua fetch the keys again.
    static let discoveryLifetime: TimeInterval = 3600
    static let keyRefreshInterval: TimeInterval = 60
    static let timeout: TimeAmount = .seconds(5)

    /// The discovery document, fetched once an hour; its issuer must be the configured one.
    func discovery(_ settings: VNeIDSettings, client: any Client, now: Date) async throws(VNeIDFailure) -> VNeIDDiscovery {
        if let discovery, now.timeIntervalSince(discovery.fetchedAt) < Self.discoveryLifetime {
            return discovery.document
        }
        let base = settings.issuer.hasSuffix("/") ? String(settings.issuer.dropLast()) : settings.issuer
        let document: VNeIDDiscovery
        do {
            let response = try await client.get(URI(string: base + "/.well-known/openid-configuration")) { $0.timeout = Self.timeout }
            guard response.status == .ok else { throw VNeIDFailure.unavailable }
            document = try response.content.decode(VNeIDDiscovery.self, using: JSONDecoder())
        } catch {
            throw .unavailable
        }
        guard IDTokenClaimsIssuer.same(document.issuer, settings.issuer) else { throw .unavailable }
        discovery = (document, now)
        return document
    }

    /// The keys to check a token signed with `kid`: fetched again for a key not seen, at most once a minute.
    private func keyCollection(for kid: String?, jwksURI: String, client: any Client, now: Date) async throws(VNeIDFailure) -> JWTKeyCollection {
        if let keys, kid.map(keys.kids.contains) ?? true { return keys.collection }
        if let keys, now.timeIntervalSince(keys.fetchedAt) < Self.keyRefreshInterval { throw .unknownKey }
        let jwks: JWKS
        do {
            let response = try await client.get(URI(string: jwksURI)) { $0.timeout = Self.timeout }
            guard response.status == .ok, let body = response.body else { throw VNeIDFailure.unavailable }
            jwks = try JSONDecoder().decode(JWKS.self, from: Data(buffer: body))
        } catch {
            throw .unavailable
        }
        let collection = JWTKeyCollection()
        var kids: Set<String> = []
        for jwk in jwks.keys {
            // Keys of other uses or types that jwt-kit cannot read are skipped, not fatal.
            guard let id = jwk.keyIdentifier?.string, (try? await collection.add(jwk: jwk)) != nil else { continue }
            kids.insert(id)
        }
        keys = (collection, kids, now)
        guard kid.map(kids.contains) ?? !kids.isEmpty else { throw .unknownKey }
        return collection
    }

    /// Exchanges the authorisation code (with the PKCE verifier and the client secret) for an ID token.
    func idToken(code: String, verifier: String, redirectURI: String, settings: VNeIDSettings, discovery: VNeIDDiscovery, client: any Client) async throws(VNeIDFailure) -> String {
        struct TokenResponse: Decodable {
            let idToken: String?
            let error: String?
            enum CodingKeys: String, CodingKey { case idToken = "id_token", error }
        }
        var form = ["grant_type": "authorization_code", "code": code, "redirect_uri": redirectURI, "code_verifier": verifier, "client_id": settings.clientID]
        var headers = HTTPHeaders()
        // client_secret_basic is the default method (OpenID Connect Core §9); post only when the provider offers no other.
        let methods = discovery.tokenEndpointAuthMethodsSupported ?? ["client_secret_basic"]
        if methods.contains("client_secret_basic") {
            let pair = Self.formEncoded(settings.clientID) + ":" + Self.formEncoded(settings.clientSecret)
            headers.replaceOrAdd(name: .authorization, value: "Basic " + Data(pair.utf8).base64EncodedString())
        } else {
            form["client_secret"] = settings.clientSecret
        }
        let body = form.sorted { $0.key < $1.key }.map { Self.formEncoded($0.key) + "=" + Self.formEncoded($0.value) }.joined(separator: "&")
        headers.contentType = .urlEncodedForm
        headers.replaceOrAdd(name: .accept, value: "application/json")
        let response: ClientResponse
        do {
            response = try await client.post(URI(string: discovery.tokenEndpoint), headers: headers) {
                $0.body = ByteBuffer(string: body)
                $0.timeout = Self.timeout
            }
        } catch {
            throw .unavailable
        }
        let answer = response.body.flatMap { try? JSONDecoder().decode(TokenResponse.self, from: Data(buffer: $0)) }
        if response.status == .badRequest || response.status == .unauthorized, answer?.error == "invalid_grant" { throw .codeRejected }
        guard response.status == .ok, let token = answer?.idToken else { throw .unavailable }
        return token
    }

    /// The verified payload of an ID token: signature against the provider's keys, then every claim check.
    ///
    /// `now` (the application's clock) times the key cache; `claimsTime` is the real time, which the provider's `exp`
    /// and `iat` are written in even when training runs the application under another day (`MOTCUA_TODAY`).
    func verifiedPayload(_ token: String, settings: VNeIDSettings, discovery: VNeIDDiscovery, nonce: String, client: any Client, now: Date, claimsTime: Date) async throws(VNeIDFailure) -> VNeIDTokenPayload {
        let kid = Self.headerKeyID(token)
        guard case .some(let header) = kid else { throw .badSignature }
        let collection = try await keyCollection(for: header, jwksURI: discovery.jwksURI, client: client, now: now)
        let payload: VNeIDTokenPayload
        do {
            payload = try await collection.verify(token, as: VNeIDTokenPayload.self)
        } catch {
            throw .badSignature
        }
        do {
            try payload.claims.check(issuer: settings.issuer, clientID: settings.clientID, nonce: nonce, requiredLevel: settings.requiredLevel, now: claimsTime)
        } catch {
            throw .refused(error)
        }
        return payload
    }

    /// The `kid` of a token's header: `.some(nil)` when the header has none, `nil` when the token is not a JWS.
    static func headerKeyID(_ token: String) -> String?? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var text = parts[0].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let header = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        return .some(header["kid"] as? String)
    }

    static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Issuers compare exactly but for one trailing slash.
enum IDTokenClaimsIssuer {
    static func same(_ a: String, _ b: String) -> Bool {
        func trimmed(_ s: String) -> String { s.hasSuffix("/") ? String(s.dropLast()) : s }
        return trimmed(a) == trimmed(b)
    }
}

extension Application {
    private struct VNeIDSettingsKey: StorageKey { typealias Value = VNeIDSettings }
    private struct VNeIDProviderKey: StorageKey { typealias Value = VNeIDProvider }

    /// The national sign-in service, when configured.
    var vneidSettings: VNeIDSettings? {
        get { storage[VNeIDSettingsKey.self] }
        set { storage[VNeIDSettingsKey.self] = newValue }
    }

    /// The provider's cached discovery document and keys; set up by `configure`.
    var vneidProvider: VNeIDProvider {
        get { storage[VNeIDProviderKey.self] ?? VNeIDProvider() }
        set { storage[VNeIDProviderKey.self] = newValue }
    }
}

import Crypto
import Fluent
import Foundation
import Vapor

/// A credential of a signed-in officer: a browser session (cookie) or an API token (bearer).
///
/// Only the SHA-256 of the secret is stored, so a copy of the database does not let anyone sign in.
final class AccessToken: Model, @unchecked Sendable {
    static let schema = "access_tokens"

    enum Kind: String, Codable, Sendable {
        case browserSession = "browser_session"
        case api
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "token_hash") var tokenHash: String
    @Enum(key: "kind") var kind: Kind
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "last_used_at") var lastUsedAt: Date

    // relationships
    @Parent(key: "officer_id") var officer: Officer

    init() {}

    init(officerID: UUID, tokenHash: String, kind: Kind, expiresAt: Date, lastUsedAt: Date) {
        self.$officer.id = officerID
        self.tokenHash = tokenHash
        self.kind = kind
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
    }

    /// How long a browser session lives at most, and how long it may sit unused.
    static let browserSessionLifetime: TimeInterval = 12 * 3600
    static let browserSessionIdleLimit: TimeInterval = 2 * 3600
    /// How long an API token lives.
    static let apiTokenLifetime: TimeInterval = 24 * 3600

    /// A new random secret, URL-safe.
    static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The stored form of a secret.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).hexEncoded
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal digits of the bytes.
    var hexEncoded: String {
        map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
    }
}

extension SHA256.Digest {
    var hexEncoded: String { Array(self).hexEncoded }
}

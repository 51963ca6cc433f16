import Foundation
import SwiftASN1
import X509

/// An X.509 certificate revocation list (RFC 5280 § 5), read far enough to tell whether a serial number is
/// revoked and whether the list was really issued by a given certificate. swift-certificates has no CRL type.
public struct CertificateRevocationList: Sendable {
    /// The issuer's distinguished name.
    public let issuer: DistinguishedName
    /// When the list was issued.
    public let thisUpdate: Date
    /// The revoked serial numbers and the date each was revoked.
    public let revoked: [(serialNumber: Certificate.SerialNumber, date: Date)]
    let tbsBytes: [UInt8]
    let signatureAlgorithm: ASN1ObjectIdentifier
    let signature: [UInt8]

    /// Reads a DER-encoded CRL.
    public init(derEncoded bytes: [UInt8]) throws {
        try self.init(node: try DER.parse(bytes))
    }

    /// Reads every CRL of a PEM text (`-----BEGIN X509 CRL-----`).
    public static func parse(pem: String) throws -> [CertificateRevocationList] {
        try PEMDocument.parseMultiple(pemString: pem).filter { $0.discriminator == "X509 CRL" }.map { try CertificateRevocationList(derEncoded: $0.derBytes) }
    }

    init(node: ASN1Node) throws {
        let parts = try CMSSignatureParts.children(node)
        guard parts.count == 3 else { throw ASN1Error.invalidASN1Object(reason: "CRL") }
        tbsBytes = Array(parts[0].encodedBytes)
        signatureAlgorithm = try ASN1ObjectIdentifier(berEncoded: try CMSSignatureParts.children(parts[1])[0])
        signature = Array(try ASN1BitString(berEncoded: parts[2]).bytes)
        var fields = try CMSSignatureParts.children(parts[0])
        if fields.first?.identifier == .integer { fields.removeFirst() } // version v2
        guard fields.count >= 3 else { throw ASN1Error.invalidASN1Object(reason: "TBSCertList") }
        issuer = try DistinguishedName(derEncoded: fields[1])
        thisUpdate = try CMSSignatureParts.date(fields[2])
        var entries: [(Certificate.SerialNumber, Date)] = []
        for field in fields.dropFirst(3) where field.identifier == .sequence {
            for entry in try CMSSignatureParts.children(field) {
                let entryFields = try CMSSignatureParts.children(entry)
                guard entryFields.count >= 2, case .primitive(let serial) = entryFields[0].content else { continue }
                entries.append((Certificate.SerialNumber(bytes: serial), try CMSSignatureParts.date(entryFields[1])))
            }
        }
        revoked = entries
    }

    /// Whether the list's signature verifies with the issuer's public key.
    public func isSigned(by issuerCertificate: Certificate) -> Bool {
        guard issuerCertificate.subject == issuer else { return false }
        let algorithm: Certificate.SignatureAlgorithm
        switch signatureAlgorithm {
        case [1, 2, 840, 113549, 1, 1, 11]: algorithm = .sha256WithRSAEncryption
        case [1, 2, 840, 113549, 1, 1, 12]: algorithm = .sha384WithRSAEncryption
        case [1, 2, 840, 113549, 1, 1, 13]: algorithm = .sha512WithRSAEncryption
        case [1, 2, 840, 10045, 4, 3, 2]: algorithm = .ecdsaWithSHA256
        case [1, 2, 840, 10045, 4, 3, 3]: algorithm = .ecdsaWithSHA384
        case [1, 2, 840, 10045, 4, 3, 4]: algorithm = .ecdsaWithSHA512
        case [1, 3, 101, 112]: algorithm = .ed25519
        default: return false
        }
        return issuerCertificate.publicKey.isValidSignature(signature, for: tbsBytes, signatureAlgorithm: algorithm)
    }

    /// The date a serial number was revoked, or nil when the list does not name it.
    public func revocationDate(of serialNumber: Certificate.SerialNumber) -> Date? {
        revoked.first { $0.serialNumber == serialNumber }?.date
    }
}

import Foundation
import SwiftASN1
import X509

/// The parts of a CMS SignedData (RFC 5652 § 5) that the checks read: the embedded certificates, the signer's
/// identifier, algorithms, signed attributes (message digest, signing time) and signature value, and the CRLs carried
/// with the signature (in SignedData's `crls` or in Adobe's `adbe-revocationInfoArchival` signed attribute).
///
/// swift-certificates has CMS (`@_spi(CMS)`), but its types are internal and its `CMS.isValidSignature` refuses a
/// SHA-2 digest AlgorithmIdentifier with NULL parameters, which pyHanko and most PDF signers write and RFC 5754 § 2
/// says implementations MUST accept. So the structure is read here with swift-asn1, and the signature value is checked
/// with swift-certificates' public `Certificate.PublicKey.isValidSignature`.
struct CMSSignatureParts {
    var certificates: [Certificate] = []
    var crls: [CertificateRevocationList] = []
    var digestAlgorithm: ASN1ObjectIdentifier?
    var messageDigest: [UInt8]?
    var signingTime: Date?
    /// The DER of the signed attributes as they are signed: the `[0] IMPLICIT` tag read as a SET OF (RFC 5652 § 5.4).
    var signedAttributesDER: [UInt8]?
    var signatureAlgorithm: ASN1ObjectIdentifier?
    var signature: [UInt8] = []
    var signerIssuer: DistinguishedName?
    var signerSerialNumber: Certificate.SerialNumber?
    var signerKeyIdentifier: [UInt8]?

    static let signedDataOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 2]
    static let messageDigestOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 4]
    static let signingTimeOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 5]
    static let adobeRevocationInfoOID: ASN1ObjectIdentifier = [1, 2, 840, 113583, 1, 1, 8]

    init(der: [UInt8]) throws {
        let contentInfo = try BER.parse(der)
        let outer = try Self.children(contentInfo)
        guard outer.count == 2, try ASN1ObjectIdentifier(berEncoded: outer[0]) == Self.signedDataOID,
              let signedData = try Self.children(outer[1]).first
        else { throw ASN1Error.invalidASN1Object(reason: "not a SignedData") }
        var fields = try Self.children(signedData)
        guard fields.count >= 4 else { throw ASN1Error.invalidASN1Object(reason: "short SignedData") }
        let signerInfos = fields.removeLast()
        for field in fields.dropFirst(3) where field.identifier.tagClass == .contextSpecific {
            if field.identifier.tagNumber == 0 {
                certificates = try Self.children(field).compactMap { try? Certificate(derEncoded: Array($0.encodedBytes)) }
            } else if field.identifier.tagNumber == 1 {
                crls += try Self.children(field).compactMap { try? CertificateRevocationList(node: $0) }
            }
        }
        guard let signer = try Self.children(signerInfos).first else { throw ASN1Error.invalidASN1Object(reason: "no signer") }
        let signerFields = try Self.children(signer)
        guard signerFields.count >= 5 else { throw ASN1Error.invalidASN1Object(reason: "short SignerInfo") }
        digestAlgorithm = try Self.children(signerFields[2]).first.map { try ASN1ObjectIdentifier(berEncoded: $0) }
        let sid = signerFields[1]
        if sid.identifier == .sequence {
            let parts = try Self.children(sid)
            guard parts.count == 2, case .primitive(let serial) = parts[1].content else { throw ASN1Error.invalidASN1Object(reason: "sid") }
            signerIssuer = try DistinguishedName(derEncoded: parts[0])
            signerSerialNumber = Certificate.SerialNumber(bytes: serial)
        } else if case .primitive(let keyIdentifier) = sid.content {
            signerKeyIdentifier = Array(keyIdentifier)
        }
        let rest = signerFields.dropFirst(3).filter { $0.identifier.tagClass != .contextSpecific }
        guard rest.count == 2 else { throw ASN1Error.invalidASN1Object(reason: "SignerInfo") }
        signatureAlgorithm = try Self.children(rest[rest.startIndex]).first.map { try ASN1ObjectIdentifier(berEncoded: $0) }
        signature = Array(try ASN1OctetString(berEncoded: rest[rest.startIndex + 1]).bytes)
        if let attributes = signerFields.first(where: { $0.identifier.tagClass == .contextSpecific && $0.identifier.tagNumber == 0 }) {
            var der = Array(attributes.encodedBytes)
            der[0] = 0x31
            signedAttributesDER = der
            for attribute in try Self.children(attributes) {
                let parts = try Self.children(attribute)
                guard parts.count == 2, let value = try Self.children(parts[1]).first else { continue }
                let type = try ASN1ObjectIdentifier(berEncoded: parts[0])
                if type == Self.messageDigestOID {
                    messageDigest = Array(try ASN1OctetString(berEncoded: value).bytes)
                } else if type == Self.signingTimeOID {
                    signingTime = try Self.date(value)
                } else if type == Self.adobeRevocationInfoOID {
                    // RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRL OPTIONAL, ... }
                    for entry in try Self.children(value) where entry.identifier.tagClass == .contextSpecific && entry.identifier.tagNumber == 0 {
                        for list in try Self.children(entry) {
                            crls += try Self.children(list).compactMap { try? CertificateRevocationList(node: $0) }
                        }
                    }
                }
            }
        }
    }

    static func children(_ node: ASN1Node) throws -> [ASN1Node] {
        guard case .constructed(let nodes) = node.content else { throw ASN1Error.invalidASN1Object(reason: "expected constructed") }
        return Array(nodes)
    }

    /// A UTCTime or GeneralizedTime, as RFC 5280 § 4.1.2.5 allows.
    static func date(_ node: ASN1Node) throws -> Date {
        var components = DateComponents()
        if node.identifier == .utcTime {
            let time = try UTCTime(berEncoded: node)
            components = DateComponents(year: time.year, month: time.month, day: time.day, hour: time.hours, minute: time.minutes, second: time.seconds)
        } else {
            let time = try GeneralizedTime(berEncoded: node)
            components = DateComponents(year: time.year, month: time.month, day: time.day, hour: time.hours, minute: time.minutes, second: time.seconds)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let date = calendar.date(from: components) else { throw ASN1Error.invalidASN1Object(reason: "bad time") }
        return date
    }
}

extension CMSSignatureParts {
    /// The signer's certificate among those embedded, by issuer and serial number or by subject key identifier.
    var signerCertificate: Certificate? {
        certificates.first { certificate in
            if let signerIssuer, let signerSerialNumber {
                return certificate.issuer == signerIssuer && certificate.serialNumber == signerSerialNumber
            }
            if let signerKeyIdentifier, let extensionValue = try? certificate.extensions.subjectKeyIdentifier {
                return Array(extensionValue.keyIdentifier) == signerKeyIdentifier
            }
            return false
        }
    }

    /// The signature algorithm, also when the signer wrote only the key's algorithm (rsaEncryption, ecPublicKey),
    /// as many signers do: the digest algorithm then completes it.
    var certificateSignatureAlgorithm: Certificate.SignatureAlgorithm? {
        let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
        let sha384: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 2]
        let sha512: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 3]
        switch signatureAlgorithm {
        case [1, 2, 840, 10045, 4, 3, 2]: return .ecdsaWithSHA256
        case [1, 2, 840, 10045, 4, 3, 3]: return .ecdsaWithSHA384
        case [1, 2, 840, 10045, 4, 3, 4]: return .ecdsaWithSHA512
        case [1, 2, 840, 113549, 1, 1, 11]: return .sha256WithRSAEncryption
        case [1, 2, 840, 113549, 1, 1, 12]: return .sha384WithRSAEncryption
        case [1, 2, 840, 113549, 1, 1, 13]: return .sha512WithRSAEncryption
        case [1, 3, 101, 112]: return .ed25519
        case [1, 2, 840, 113549, 1, 1, 1]:
            switch digestAlgorithm {
            case sha256: return .sha256WithRSAEncryption
            case sha384: return .sha384WithRSAEncryption
            case sha512: return .sha512WithRSAEncryption
            default: return nil
            }
        case [1, 2, 840, 10045, 2, 1]:
            switch digestAlgorithm {
            case sha256: return .ecdsaWithSHA256
            case sha384: return .ecdsaWithSHA384
            case sha512: return .ecdsaWithSHA512
            default: return nil
            }
        default: return nil
        }
    }
}

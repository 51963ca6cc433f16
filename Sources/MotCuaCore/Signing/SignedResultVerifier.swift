import Crypto
import Foundation
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

/// What a genuine signed result says about itself.
public struct VerifiedSignature: Sendable, Equatable {
    /// The signer's common name, as the certificate gives it.
    public let signerName: String
    /// The signer's whole distinguished name.
    public let signerSubject: String
    /// The name of the authority that issued the signer's certificate.
    public let issuerName: String
    /// The signing time the signature claims (the CMS signing-time attribute, else the dictionary's `/M`).
    public let signingTime: Date
    /// The PDF `/SubFilter` of the signature.
    public let subFilter: String
    /// The SHA-256 of the whole file, in hexadecimal.
    public let fileDigest: String
}

/// The trust a province configures: its roots, and CRLs it supplies beside those carried with signatures.
public struct SigningTrust: Sendable {
    public let roots: [Certificate]
    public let crls: [CertificateRevocationList]

    public init(roots: [Certificate], crls: [CertificateRevocationList] = []) {
        self.roots = roots
        self.crls = crls
    }

    /// Reads the roots (`CERTIFICATE` blocks) and any `X509 CRL` blocks of PEM text.
    public init(pem: String, crlPEM: String? = nil) throws {
        let documents = try PEMDocument.parseMultiple(pemString: pem)
        roots = try documents.filter { $0.discriminator == "CERTIFICATE" }.map { try Certificate(derEncoded: $0.derBytes) }
        crls = try CertificateRevocationList.parse(pem: pem) + (crlPEM.map { try CertificateRevocationList.parse(pem: $0) } ?? [])
    }
}

/// Checks a PDF signed outside MotCua (PAdES, ETSI EN 319 142-1): byte range, digest, CMS signature, chain to a
/// configured root, validity at signing time, revocation. Each failed check gives its own `SignedResultProblem`.
public enum SignedResultVerifier {
    /// Verifies the file's signature that covers the whole file, in the order the checks depend on each other.
    public static func verify(_ file: [UInt8], trust: SigningTrust) async -> Result<VerifiedSignature, SignedResultProblem> {
        let placement: PDFSignaturePlacement
        switch PDFSignaturePlacement.locate(in: file) {
        case .success(let found): placement = found
        case .failure(let problem): return .failure(problem)
        }
        guard let parts = try? CMSSignatureParts(der: placement.cms) else { return .failure(.malformedSignature) }
        let signedBytes = placement.signedBytes(of: file)

        // The message digest: does the hash of the signed bytes equal the one the signer signed?
        if let signedAttributes = parts.signedAttributesDER {
            guard let messageDigest = parts.messageDigest, !signedAttributes.isEmpty,
                  let digest = digest(of: signedBytes, algorithm: parts.digestAlgorithm)
            else { return .failure(.malformedSignature) }
            guard digest == messageDigest else { return .failure(.digestMismatch) }
        }

        // The signature value, with the public key of the signer's certificate embedded in the CMS.
        guard let signer = parts.signerCertificate, let algorithm = parts.certificateSignatureAlgorithm else {
            return .failure(.malformedSignature)
        }
        let isValid = signer.publicKey.isValidSignature(parts.signature, for: parts.signedAttributesDER ?? signedBytes, signatureAlgorithm: algorithm)
        guard isValid else { return .failure(.signatureInvalid) }

        // Validity at the signing time the signature claims.
        guard let signingTime = parts.signingTime ?? placement.claimedSigningTime else { return .failure(.malformedSignature) }
        guard signer.notValidBefore <= signingTime, signingTime <= signer.notValidAfter else {
            return .failure(.certificateNotValidAtSigningTime)
        }

        // The chain to a root the province trusts, every certificate valid at the signing time.
        var verifier = Verifier(rootCertificates: CertificateStore(trust.roots)) {
            RFC5280Policy(fixedExpiryValidationTime: signingTime)
        }
        let chain: [Certificate]
        switch await verifier.validate(leaf: signer, intermediates: CertificateStore(parts.certificates)) {
        case .validCertificate(let validated): chain = Array(validated)
        case .couldNotValidate: return .failure(.untrustedChain)
        }

        // Revocation: every certificate under the root is looked up in a CRL its issuer signed; the signer's
        // issuer must have one. Without a trusted timestamp (PAdES B-B) the claimed signing time cannot be
        // relied on, so a certificate revoked at any date before the check is refused.
        let crls = parts.crls + trust.crls
        for (index, certificate) in chain.dropLast().enumerated() {
            let issuer = chain[index + 1]
            let issuerLists = crls.filter { $0.isSigned(by: issuer) }
            if issuerLists.isEmpty {
                if index == 0 { return .failure(.revocationUnknown) }
                continue
            }
            if let date = issuerLists.compactMap({ $0.revocationDate(of: certificate.serialNumber) }).min() {
                return .failure(.revoked(date))
            }
        }

        return .success(VerifiedSignature(
            signerName: commonName(of: signer.subject) ?? signer.subject.description,
            signerSubject: signer.subject.description,
            issuerName: commonName(of: signer.issuer) ?? signer.issuer.description,
            signingTime: signingTime,
            subFilter: placement.subFilter ?? "",
            fileDigest: SHA256.hash(data: file).map { String(format: "%02x", $0) }.joined()
        ))
    }

    static func digest(of bytes: [UInt8], algorithm: ASN1ObjectIdentifier?) -> [UInt8]? {
        switch algorithm {
        case [2, 16, 840, 1, 101, 3, 4, 2, 1]: Array(SHA256.hash(data: bytes))
        case [2, 16, 840, 1, 101, 3, 4, 2, 2]: Array(SHA384.hash(data: bytes))
        case [2, 16, 840, 1, 101, 3, 4, 2, 3]: Array(SHA512.hash(data: bytes))
        default: nil
        }
    }

    static func commonName(of name: DistinguishedName) -> String? {
        for relativeName in name {
            for attribute in relativeName where attribute.type == .RDNAttributeType.commonName {
                if let text = String(attribute.value) { return text }
            }
        }
        return nil
    }
}

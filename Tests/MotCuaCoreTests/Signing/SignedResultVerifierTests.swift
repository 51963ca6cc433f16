import Foundation
import MotCuaCore
import Testing

/// The fixtures are signed by pyHanko with certificates from certomancer (`scripts/make-signing-fixtures`), so these
/// tests check MotCua against an independent signer, not against itself.
@Suite("Signed results: a PAdES signature is accepted only when every check passes")
struct SignedResultVerifierTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Signing")

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func verify(_ file: [UInt8], trust: SigningTrust? = nil) async throws -> Result<VerifiedSignature, SignedResultProblem> {
        await SignedResultVerifier.verify(file, trust: try trust ?? SigningTestPKI.trust())
    }

    @Test("a result signed with ETSI.CAdES.detached by the test leader verifies, naming the signer and the time")
    func genuineCAdES() async throws {
        let result = try await Self.verify(SigningTestPKI.demoSignedResult)
        let signature = try result.get()
        #expect(signature.signerName == "TEST Chu tich UBND xa Phung Cong")
        #expect(signature.issuerName == "MotCua TEST Intermediate CA")
        #expect(signature.subFilter == "ETSI.CAdES.detached")
        // The fixtures were signed on 3 December 2026 (pyHanko writes the time of signing into /M).
        #expect(signature.signingTime > Date(timeIntervalSince1970: 1_790_000_000))
        #expect(signature.fileDigest.count == 64)
    }

    @Test("adbe.pkcs7.detached with the CRLs carried in the signature verifies without a configured CRL")
    func genuinePKCS7WithEmbeddedCRL() async throws {
        let trust = try SigningTrust(pem: SigningTestPKI.rootPEM)
        let signature = try await Self.verify(try Self.fixture("genuine-pkcs7-embedded-crl.pdf"), trust: trust).get()
        #expect(signature.subFilter == "adbe.pkcs7.detached")
        #expect(signature.signerName == "TEST Chu tich UBND xa Phung Cong")
    }

    @Test("without any CRL of the signer's issuer the revocation status is unknown and the file is refused")
    func noCRL() async throws {
        let trust = try SigningTrust(pem: SigningTestPKI.rootPEM)
        #expect(try await Self.verify(SigningTestPKI.demoSignedResult, trust: trust) == .failure(.revocationUnknown))
    }

    @Test("one byte changed in the signed content: the digest no longer matches")
    func oneByteChanged() async throws {
        var file = SigningTestPKI.demoSignedResult
        let text = Array("KET QUA".utf8)
        let at = try #require(file.indices.first { file[$0...].starts(with: text) })
        file[at] = UInt8(ascii: "X")
        #expect(try await Self.verify(file) == .failure(.digestMismatch))
    }

    @Test("a byte changed in the signature value: the CMS signature does not verify")
    func signatureValueChanged() async throws {
        var file = SigningTestPKI.demoSignedResult
        let placement = try PDFSignaturePlacement.locate(in: file).get()
        // The ECDSA signature value is the last element of the CMS, just before its zero padding.
        let hexEnd = placement.byteRange[1] + 1 + placement.cms.count * 2
        let at = hexEnd - 10
        file[at] = file[at] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        let result = try await Self.verify(file)
        #expect(result == .failure(.signatureInvalid) || result == .failure(.malformedSignature))
    }

    @Test("a truncated file is refused: the byte range runs past its end")
    func truncated() async throws {
        let file = SigningTestPKI.demoSignedResult
        #expect(try await Self.verify(Array(file.dropLast(40))) == .failure(.truncated))
    }

    @Test("an incremental update appended after signing that replaces the page text is refused")
    func appendedUpdate() async throws {
        let result = try await Self.verify(try Self.fixture("appended-update.pdf"))
        #expect(result == .failure(.changedAfterSigning))
        #expect(result.failureMessage?.contains("thêm nội dung sau khi ký") == true)
    }

    @Test("a byte range that leaves out part of the file besides /Contents is refused")
    func byteRangeGap() async throws {
        let file = SigningTestPKI.demoSignedResult
        let placement = try PDFSignaturePlacement.locate(in: file).get()
        let original = "/ByteRange [\(placement.byteRange.map(String.init).joined(separator: " "))]"
        // Move the second span's start one byte later (same width), so one byte after /Contents is not covered.
        let shifted = "/ByteRange [0 \(placement.byteRange[1]) \(placement.byteRange[2] + 1) \(placement.byteRange[3] - 1)]"
        try #require(original.utf8.count == shifted.utf8.count)
        let at = try #require(file.indices.first { file[$0...].starts(with: Array(original.utf8)) })
        var forged = file
        forged.replaceSubrange(at ..< at + original.utf8.count, with: Array(shifted.utf8))
        #expect(try await Self.verify(forged) == .failure(.byteRangeNotWholeFile))
    }

    @Test("a signer whose chain leads to another root is refused, and so is a good file checked against that root")
    func wrongRoot() async throws {
        #expect(try await Self.verify(try Self.fixture("other-root.pdf")) == .failure(.untrustedChain))
        let otherRoot = String(decoding: try Self.fixture("other-root.pem"), as: UTF8.self)
        let trust = try SigningTrust(pem: otherRoot, crlPEM: SigningTestPKI.crlPEM)
        #expect(try await Self.verify(SigningTestPKI.demoSignedResult, trust: trust) == .failure(.untrustedChain))
    }

    @Test("a revoked signer is refused with the revocation date from the CRL")
    func revokedSigner() async throws {
        let result = try await Self.verify(try Self.fixture("revoked-signer.pdf"))
        guard case .failure(.revoked(let date)) = result else {
            Issue.record("expected a revoked signer, got \(result)")
            return
        }
        #expect(date == Date(timeIntervalSince1970: 1_577_836_800)) // 2020-01-01T00:00:00Z, as pki.yml says
        #expect(result.failureMessage?.contains("01/01/2020") == true)
    }

    @Test("a signer whose certificate had expired at the signing time is refused")
    func expiredSigner() async throws {
        #expect(try await Self.verify(try Self.fixture("expired-signer.pdf")) == .failure(.certificateNotValidAtSigningTime))
    }

    @Test("a file that is not a PDF, and a PDF without a signature, are refused with their own messages")
    func notPDFAndUnsigned() async throws {
        #expect(try await Self.verify(Array("PK\u{3}\u{4} not a pdf".utf8)) == .failure(.notPDF))
        #expect(try await Self.verify(Array("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".utf8)) == .failure(.noSignature))
        #expect(SignedResultProblem.notPDF.message.contains("không phải là PDF"))
    }

    @Test("PDF dates with a time zone, Z, or escaped in a literal string")
    func pdfDates() {
        #expect(PDFSignaturePlacement.parsePDFDate("D:20261203180321Z") == Date(timeIntervalSince1970: 1_796_321_001))
        #expect(PDFSignaturePlacement.parsePDFDate("D:20261204010321+07'00'") == Date(timeIntervalSince1970: 1_796_321_001))
        #expect(PDFSignaturePlacement.parsePDFDate("không phải ngày") == nil)
    }
}

extension Result where Failure == SignedResultProblem {
    var failureMessage: String? {
        if case .failure(let problem) = self { return problem.message }
        return nil
    }
}

import Foundation

/// TEST ONLY: the demo's test PKI, made by `scripts/make-signing-fixtures` (certomancer and pyHanko) and bundled so
/// that the demo and the tests can verify a signed result without any configuration. Its private keys are public in
/// the repository: nothing it signs is genuine, and production never falls back to it.
public enum SigningTestPKI {
    /// The test root certificate (PEM).
    public static var rootPEM: String { text("test-root.pem") }
    /// The test CRLs of the intermediate and root CAs (PEM).
    public static var crlPEM: String { text("test-crl.pem") }
    /// A result of the demo commune signed by the test leader's certificate (PAdES, `ETSI.CAdES.detached`).
    public static var demoSignedResult: [UInt8] { bytes("demo-result.pdf") }

    /// The trust of the demo: the test root and its CRLs.
    public static func trust() throws -> SigningTrust {
        try SigningTrust(pem: rootPEM, crlPEM: crlPEM)
    }

    /// As for the calendar: `Resources/` is part of the path on some platforms and the resource root on Linux.
    private static func url(_ name: String) -> URL? {
        guard let resources = Bundle.module.resourceURL else { return nil }
        return ["Resources/signing-test/\(name)", "signing-test/\(name)"]
            .map { resources.appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    private static func bytes(_ name: String) -> [UInt8] {
        url(name).flatMap { try? Data(contentsOf: $0) }.map(Array.init) ?? []
    }

    private static func text(_ name: String) -> String {
        String(decoding: bytes(name), as: UTF8.self)
    }
}

import Fluent
import Foundation
import MotCuaCore
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// The department attaches a PDF signed outside MotCua; it is stored only when its signature verifies, the applicant
/// downloads it, other systems fetch it through the API, and anyone checks a copy on `/xac-thuc`.
@Suite("Electronic results: verified on upload, delivered, and checked in public")
struct SignedResultTests {
    static let genuine = SigningTestPKI.demoSignedResult

    /// The genuine result with one letter of its page text changed after signing.
    static var tampered: [UInt8] {
        var file = genuine
        let text = Array("KET QUA".utf8)
        if let at = file.indices.first(where: { file[$0...].starts(with: text) }) { file[at] = UInt8(ascii: "X") }
        return file
    }

    /// A dossier of the demo citizen with no electronic result yet.
    static func citizenDossierWithoutResult(on app: Application) async throws -> Dossier {
        let account = try #require(try await CitizenAccount.query(on: app.db).filter(\.$idNumber == CitizenDemoData.idNumber).first())
        let links = try await CitizenDossierLink.query(on: app.db).filter(\.$account.$id == account.requireID()).all()
        for link in links {
            let dossier = try #require(try await Dossier.find(link.$dossier.id, on: app.db))
            if try await SignedResult.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count() == 0 { return dossier }
        }
        throw Abort(.notFound)
    }

    static func file(_ bytes: [UInt8]) -> [(field: String, name: String, type: String, bytes: [UInt8])] {
        [(field: "ketQua", name: "ket-qua.pdf", type: "application/pdf", bytes: bytes)]
    }

    @Test("a genuine upload is stored and journalled; a tampered one is refused naming the digest and stores nothing; the desk may not attach")
    func upload() async throws {
        try await withTestApp(demoDossiersPerCommune: 1) { app in
            // setup
            let dossier = try await Self.citizenDossierWithoutResult(on: app)
            let path = SignedResultURL.staffResult(.value(dossier.code)).path
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)

            // MUT: a tampered copy first
            let refused = try await specialist.submitMultipart(fields: [], files: Self.file(Self.tampered), to: path)
            // validate
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Giá trị băm không khớp"))
            #expect(try await SignedResult.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count() == 0)

            // MUT: a file that is no PDF
            let notPDF = try await specialist.submitMultipart(fields: [], files: Self.file(Array("không phải PDF".utf8)), to: path)
            #expect(notPDF.status == .unprocessableEntity)
            #expect(notPDF.body.string.contains("không phải là PDF"))

            // MUT: the counter officer may not attach a result
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let forbidden = try await desk.submitMultipart(fields: [], files: Self.file(Self.genuine), to: path)
            #expect(forbidden.status == .forbidden)

            // MUT: the genuine file
            let stored = try await specialist.submitMultipart(fields: [], files: Self.file(Self.genuine), to: path)
            // validate
            #expect(stored.status == .seeOther)
            let result = try #require(try await SignedResult.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).first())
            #expect(result.signerName == "TEST Chu tich UBND xa Phung Cong")
            #expect(result.uploadedBy == "chuyenvien")
            #expect(result.byteCount == Self.genuine.count)
            #expect(try await app.fileStore.read(result.fileKey) == Self.genuine)
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "dossier.signed_result.attach").filter(\.$objectID == dossier.requireID().uuidString).first())
            #expect(entry.summary.contains(result.verificationCode))
            let page = try await specialist.get(SiteURL.dossier(.value(dossier.code)).path)
            #expect(page.body.string.contains(result.verificationCode))
        }
    }

    @Test("the applicant and the API download the signed PDF; a dossier without one is a 404")
    func downloads() async throws {
        try await withTestApp(demoDossiersPerCommune: 1) { app in
            // setup: the demo's returned dossier carries the TEST PKI's signed result
            let demo = try #require(try await SignedResult.query(on: app.db).filter(\.$verificationCode == SignedResultDemo.verificationCode).first())
            let dossier = try #require(try await Dossier.find(demo.$dossier.id, on: app.db))
            #expect(dossier.status == DossierStatus.returned.rawValue)
            let without = try await Self.citizenDossierWithoutResult(on: app)

            // MUT: the citizen
            var citizen = BrowserSession(app: app)
            let signIn = try await citizen.submit(form: ["login": CitizenDemoData.phone, "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path)
            #expect(signIn.status == .seeOther)
            let page = try await citizen.get(SiteURL.citizenDossier(.value(dossier.code)).path)
            let download = try await citizen.get(SignedResultURL.citizenResult(.value(dossier.code)).path)
            let none = try await citizen.get(SignedResultURL.citizenResult(.value(without.code)).path)
            // validate
            #expect(page.body.string.contains(SignedResultDemo.verificationCode))
            #expect(download.status == .ok)
            #expect(download.headers.contentType == HTTPMediaType(type: "application", subType: "pdf"))
            #expect(Array(download.body.readableBytesView) == Self.genuine)
            #expect(none.status == .notFound)

            // MUT: another system through the API
            let token = try await APIClient.token("tiepnhan", on: app)
            let api = try await APIClient.get(SignedResultURL.apiResult(.value(dossier.code)).path, token: token, on: app)
            let apiNone = try await APIClient.get(SignedResultURL.apiResult(.value(without.code)).path, token: token, on: app)
            // validate
            #expect(api.status == .ok)
            #expect(Array(api.body.readableBytesView) == Self.genuine)
            #expect(apiNone.status == .notFound)
            #expect(APIClient.errorCode(apiNone) == "not_found")
        }
    }

    @Test("the public check confirms a genuine copy with the masked applicant, refuses a tampered one, and finds a result by its code")
    func publicCheck() async throws {
        try await withTestApp(demoDossiersPerCommune: 1) { app in
            // setup
            let demo = try #require(try await SignedResult.query(on: app.db).filter(\.$verificationCode == SignedResultDemo.verificationCode).first())
            let dossier = try #require(try await Dossier.find(demo.$dossier.id, on: app.db))
            var visitor = BrowserSession(app: app)
            let file = [(field: "tep", name: "ket-qua.pdf", type: "application/pdf", bytes: Self.genuine)]

            // MUT
            let genuine = try await visitor.submitMultipart(fields: [], files: file, to: SignedResultURL.check.path)
            let tampered = try await visitor.submitMultipart(fields: [], files: [(field: "tep", name: "sua.pdf", type: "application/pdf", bytes: Self.tampered)], to: SignedResultURL.check.path)
            let byCode = try await visitor.get(SignedResultURL.check.path + "?ma=" + SignedResultDemo.verificationCode.lowercased())
            let unknownCode = try await visitor.get(SignedResultURL.check.path + "?ma=ABCD-EFGH-JKMN")

            // validate
            #expect(genuine.status == .ok)
            let body = genuine.body.string
            #expect(body.contains("data-genuine=\"true\""))
            #expect(body.contains("TEST Chu tich UBND xa Phung Cong"))
            #expect(body.contains(dossier.code))
            #expect(body.contains(PersonalDataMasking.maskName(CitizenDemoData.fullName)))
            #expect(!body.contains(CitizenDemoData.fullName))
            #expect(!body.contains(CitizenDemoData.idNumber))
            #expect(tampered.status == .unprocessableEntity)
            #expect(tampered.body.string.contains("data-genuine=\"false\""))
            #expect(tampered.body.string.contains("Giá trị băm không khớp"))
            #expect(byCode.status == .ok)
            #expect(byCode.body.string.contains(dossier.code))
            #expect(unknownCode.status == .notFound)
        }
    }

    @Test("production without MOTCUA_SIGNING_TRUST_ROOTS trusts no root, and an unreadable trust file stops start-up")
    func trustSettings() throws {
        let production = try Settings.fromEnvironment(.production, variables: ["MOTCUA_SECURE_COOKIES": "1"])
        #expect(production.signingTrust == nil)
        let development = try Settings.fromEnvironment(.development, variables: [:])
        #expect(development.signingTrust?.roots.count == 1)
        #expect(throws: Settings.Problem.self) {
            try Settings.fromEnvironment(.development, variables: ["MOTCUA_SIGNING_TRUST_ROOTS": "/khong/co/tep.pem"])
        }
    }
}

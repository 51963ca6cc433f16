import Fluent
import Foundation
import MotCuaCore
import Vapor

/// A demo citizen of xã Phụng Công with online dossiers: one received (its scan is in her document store) and one
/// waiting at the desk.
enum CitizenDemoData {
    static let phone = "0912345678"
    static let password = DemoData.password
    static let fullName = "Nguyễn Thị Hoa"
    static let idNumber = "034190012345"

    /// A one-page PDF, small but real, standing in for a scanned document.
    static let samplePDF: [UInt8] = Array("""
    %PDF-1.4
    1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
    2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
    3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
    trailer << /Root 1 0 R >>
    %%EOF
    """.utf8)

    /// Seeds the account (always) and, when demo dossiers are wanted, two online dossiers.
    static func seed(_ app: Application, withDossiers: Bool) async throws {
        try await seedAccount(app)
        try await seedVerifiedIdentityProcedure(app)
        if withDossiers { try await seedDossiers(app) }
    }

    /// The procedure whose online submission needs an identity verified by VNeID in the demo: a copy of a civil
    /// status extract, which hands out another person's records to whoever asks in their name.
    static let verifiedIdentityProcedureCode = "2.000635"

    /// Marks the demo's verified-identity procedure in the catalog.
    static func seedVerifiedIdentityProcedure(_ app: Application) async throws {
        guard try await CatalogProcedure.query(on: app.db).filter(\.$code == verifiedIdentityProcedureCode).count() > 0,
              try await VerifiedIdentityProcedure.query(on: app.db).filter(\.$procedureCode == verifiedIdentityProcedureCode).count() == 0
        else { return }
        try await app.writeTransaction { db in try await VerifiedIdentityProcedure(procedureCode: verifiedIdentityProcedureCode).create(on: db) }
    }

    /// The confirmed demo account, unless it exists.
    static func seedAccount(_ app: Application) async throws {
        guard try await CitizenAccount.query(on: app.db).filter(\.$idNumber == idNumber).count() == 0,
              let commune = try await Commune.query(on: app.db).filter(\.$slug == DemoData.communes[0].slug).first()
        else { return }
        let now = app.clock.now()
        let account = CitizenAccount()
        account.$commune.id = try commune.requireID()
        account.fullName = fullName
        account.idNumber = idNumber
        account.phone = phone
        account.email = "hoa.nguyen@example.vn"
        account.address = "Thôn Phụng Công, xã Phụng Công"
        account.passwordHash = try await app.password.async.hash(password)
        account.confirmedAt = now
        account.codeFailedAttempts = 0
        account.codeSends = 1
        account.failedSignIns = 0
        try await app.writeTransaction { db in try await account.create(on: db) }
    }

    /// Two online dossiers of the demo account (one received, one waiting at the desk), unless it has some.
    static func seedDossiers(_ app: Application) async throws {
        guard let account = try await CitizenAccount.query(on: app.db).filter(\.$idNumber == idNumber).first(),
              let commune = try await Commune.query(on: app.db).filter(\.$id == account.$commune.id).first() else { return }
        let accountID = try account.requireID()
        guard try await CitizenDossierLink.query(on: app.db).filter(\.$account.$id == accountID).count() == 0 else { return }
        let now = app.clock.now()
        let catalog = try await app.catalogStore.catalog(on: app.db)
        let calendar = try await app.calendarStore.calendar(on: app.db)
        let citizen = DossierService.Acting(actor: .applicant("congdan-" + accountID.uuidString.prefix(8).lowercased()), audit: .commandLine, officerID: nil, unitName: "Người nộp hồ sơ trực tuyến")
        let desk = DossierService.Acting(actor: DossierActor(username: "tiepnhan", roles: [.counterOfficer]), audit: .commandLine, officerID: nil, unitName: "Bộ phận một cửa")
        let applicant = Applicant(kind: .person, fullName: fullName, idNumber: idNumber, phone: phone, email: account.email, address: account.address)
        for (code, receive) in [("1.004837", true), ("1.001193", false)] {
            guard let procedure = catalog.procedure(code: code) else { continue }
            let scans = procedure.requiredDocuments.indices.map { DossierService.Scan(documentIndex: $0, fileName: "ban-quet-\($0 + 1).pdf", bytes: samplePDF) }
            let dossier = try await DossierService.intake(
                .init(procedure: procedure, applicant: applicant, receivedDocuments: Set(procedure.requiredDocuments.indices), scans: scans, copies: 1, pages: 1,
                      note: "", decision: .submitOnline, channel: .online, applicantAccountID: accountID),
                communeID: try commune.requireID(), by: citizen, at: now, on: app, calendar: calendar, provinceFees: nil
            )
            if receive {
                _ = try await DossierService.perform(.receive, on: try dossier.requireID(), expectedVersion: dossier.version, by: desk, at: now, on: app, calendar: calendar)
            }
        }
    }
}

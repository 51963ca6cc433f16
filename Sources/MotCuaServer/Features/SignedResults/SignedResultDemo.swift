import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The demo of electronic results in xã Phụng Công: a dossier of the demo citizen settled and returned electronically,
/// whose result is a PDF signed with the TEST PKI's leader certificate (`scripts/make-signing-fixtures`). It goes
/// through the same verification as an upload; the public check page accepts it with the code below.
enum SignedResultDemo {
    /// The verification code of the demo result (typed on `/xac-thuc`).
    static let verificationCode = "DEMO-KQDT-2026"

    /// Seeds the dossier and its signed result, unless a result with the demo code exists.
    static func seed(_ app: Application) async throws {
        guard try await SignedResult.query(on: app.db).filter(\.$verificationCode == verificationCode).count() == 0,
              let trust = app.settings.signingTrust,
              let account = try await CitizenAccount.query(on: app.db).filter(\.$idNumber == CitizenDemoData.idNumber).first(),
              let procedure = try await app.catalogStore.catalog(on: app.db).procedure(code: "1.004837")
        else { return }
        // Refused by a configured trust that is not the test PKI's: the demo does not store what it could not verify.
        let bytes = SigningTestPKI.demoSignedResult
        guard case .success(let signature) = await SignedResultVerifier.verify(bytes, trust: trust) else { return }
        let accountID = try account.requireID()
        let now = app.clock.now()
        let calendar = try await app.calendarStore.calendar(on: app.db)
        func acting(_ username: String, _ role: Role, _ unit: String) -> DossierService.Acting {
            DossierService.Acting(actor: DossierActor(username: username, roles: [role]), audit: .commandLine, officerID: nil, unitName: unit)
        }
        let citizen = DossierService.Acting(actor: .applicant("congdan-" + accountID.uuidString.prefix(8).lowercased()), audit: .commandLine, officerID: nil, unitName: "Người nộp hồ sơ trực tuyến")
        let applicant = Applicant(kind: .person, fullName: account.fullName, idNumber: account.idNumber, phone: account.phone, email: account.email, address: account.address)
        let scans = procedure.requiredDocuments.indices.map { DossierService.Scan(documentIndex: $0, fileName: "ban-quet-\($0 + 1).pdf", bytes: CitizenDemoData.samplePDF) }
        var dossier = try await DossierService.intake(
            .init(procedure: procedure, applicant: applicant, receivedDocuments: Set(procedure.requiredDocuments.indices), scans: scans, copies: 1, pages: 1,
                  note: "", decision: .submitOnline, channel: .online, applicantAccountID: accountID),
            communeID: account.$commune.id, by: citizen, at: now, on: app, calendar: calendar, provinceFees: nil
        )
        let steps: [(DossierCommand, DossierService.Acting)] = [
            (.receive, acting("tiepnhan", .counterOfficer, "Bộ phận một cửa")),
            (.forward, acting("tiepnhan", .counterOfficer, "Bộ phận một cửa")),
            (.assign(assignee: "chuyenvien"), acting("truongphong", .departmentHead, "Phòng chuyên môn")),
            (.startReview, acting("chuyenvien", .specialist, "Phòng chuyên môn")),
            (.propose(note: "Đủ điều kiện giải quyết."), acting("chuyenvien", .specialist, "Phòng chuyên môn")),
            (.approve, acting("lanhdao", .communeLeader, "Lãnh đạo UBND xã")),
            (.returnResult(method: .electronic), acting("tiepnhan", .counterOfficer, "Bộ phận một cửa")),
        ]
        for (command, actor) in steps {
            dossier = try await DossierService.perform(command, on: try dossier.requireID(), expectedVersion: dossier.version, by: actor, at: now, on: app, calendar: calendar)
        }
        let key = try await app.fileStore.store(bytes, kind: .pdf, communeID: dossier.$commune.id)
        let result = SignedResult()
        result.$commune.id = dossier.$commune.id
        result.$dossier.id = try dossier.requireID()
        result.fileKey = key
        result.fileName = "ket-qua-dien-tu-TEST.pdf"
        result.byteCount = bytes.count
        result.sha256 = signature.fileDigest
        result.verificationCode = verificationCode
        result.signerName = signature.signerName
        result.issuerName = signature.issuerName
        result.signedAt = signature.signingTime
        result.subFilter = signature.subFilter
        result.uploadedBy = "chuyenvien"
        result.uploadedAt = now
        let dossierCode = dossier.code
        try await app.writeTransaction { db in
            try await result.create(on: db)
            try await AuditJournal.append(
                AuditEvent(action: "dossier.signed_result.attach", objectType: "dossier", objectID: result.$dossier.id.uuidString, communeID: result.$commune.id,
                           summary: "\(dossierCode): kết quả điện tử mẫu (PKI thử nghiệm), mã xác thực \(verificationCode)"),
                by: .commandLine, at: now, on: db
            )
        }
    }
}

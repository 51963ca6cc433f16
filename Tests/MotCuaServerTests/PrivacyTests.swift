import Fluent
import Foundation
import MotCuaCore
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// Personal data: officers' access is logged, citizens see who accessed their data, exports need a reason, and closed
/// dossiers' personal fields are anonymised after the commune's retention period.
@Suite("Personal data: access log, the citizen's view, exports with a reason, retention")
struct PrivacyTests {
    static func accesses(_ dossier: Dossier, on app: Application) async throws -> [PersonalDataAccess] {
        try await PersonalDataAccess.query(on: app.db).filter(\.$communeID == dossier.$commune.id).filter(\.$dossierID == dossier.requireID()).sort(\.$occurredAt).all()
    }

    @Test("the dossier page, a print, a scan, the API and the register each log the officer's access to the dossier's personal data")
    func staffAccessIsLogged() async throws {
        try await withTestApp { app in
            // setup: a dossier received with a scan, and another.
            var counter = try await BrowserSession.signedIn("tiepnhan", on: app)
            let received = try await counter.submitMultipart(
                fields: DossierTests.applicantFields([("procedureCode", "1.001193"), ("decision", "receive"), ("received[]", "0"), ("received[]", "1")]),
                files: [(field: "file0", name: "to-khai.pdf", type: "application/pdf", bytes: CitizenDemoData.samplePDF)], to: SiteURL.intake.path
            )
            #expect(received.status == .seeOther)
            let first = try #require(try await Dossier.query(on: app.db).first())
            let (_, second) = try await DossierTests.receive("1.004837", on: app)
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let before = try await Self.accesses(first, on: app).count
            let document = try #require(try await DossierDocument.query(on: app.db).filter(\.$dossier.$id == first.requireID()).filter(\.$fileKey != nil).first())

            // MUT
            #expect(try await desk.get(SiteURL.dossier(.value(first.code)).path).status == .ok)
            #expect(try await desk.get(SiteURL.dossierForm(.value(first.code), .value(LegalForm.controlSheet.rawValue)).path).status == .ok)
            #expect(try await desk.get(SiteURL.dossierScan(.value(first.code), .value(try document.requireID())).path).status == .ok)
            let token = try await APIClient.token("tiepnhan", on: app)
            #expect(try await APIClient.get(APIURL.dossier(.value(first.code)).path, token: token, on: app).status == .ok)
            #expect(try await desk.get(SiteURL.dossierRegister.path + "?ly-do=" + "Đối chiếu sổ theo dõi".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!).status == .ok)

            // validate
            let logged = try await Self.accesses(first, on: app)
            #expect(logged.count == before + 5)
            #expect(logged.suffix(5).allSatisfy { $0.officerUsername == "tiepnhan" && $0.officerID != nil && !$0.purpose.isEmpty })
            // The register shows both dossiers, so both are logged, not only the first.
            #expect(try await Self.accesses(second, on: app).contains { $0.purpose.hasPrefix("In sổ theo dõi") })
        }
    }

    @Test("exporting the register needs a reason; the CSV has the personal data, and every dossier in it is logged with the reason and journalled")
    func exportNeedsAReason() async throws {
        try await withTestApp { app in
            let (_, dossier) = try await DossierTests.receive("1.001193", on: app)
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            #expect(try await leader.get(PrivacyURL.registerExport.path).status == .ok)
            let today = try #require(LocalDateTime(Date())?.date)
            let period = ["from": today.adding(days: -1)!.isoString, "to": today.isoString]
            let auditBefore = try await AuditEntry.query(on: app.db).count()

            for reason in ["", "để xem"] {
                let refused = try await leader.submit(form: period.merging(["reason": reason]) { $1 }, to: PrivacyURL.registerExport.path)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains("Cần ghi rõ lý do"))
            }
            #expect(try await Self.accesses(dossier, on: app).filter { $0.purpose.hasPrefix("Xuất") }.isEmpty)
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore)

            let reason = "Đối chiếu danh sách hồ sơ với Phòng Tư pháp"
            let file = try await leader.submit(form: period.merging(["reason": reason]) { $1 }, to: PrivacyURL.registerExport.path)
            #expect(file.status == .ok)
            #expect(file.headers.contentType?.subType == "csv")
            #expect(file.body.string.contains(dossier.code) && file.body.string.contains("001203004567") && file.body.string.contains("Nguyễn Văn An"))
            let logged = try await Self.accesses(dossier, on: app).filter { $0.purpose.hasPrefix("Xuất") }
            #expect(logged.count == 1 && logged.first?.reason == reason && logged.first?.officerUsername == "lanhdao")
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "personal_data.export").first())
            #expect(entry.summary.contains(reason) && entry.actorUsername == "lanhdao")

            // Only the desk, leaders and the administrator of a commune export; a specialist and the province do not.
            for username in ["chuyenvien", "tinh"] {
                var other = try await BrowserSession.signedIn(username, on: app)
                #expect(try await other.submit(form: period.merging(["reason": reason]) { $1 }, to: PrivacyURL.registerExport.path).status == .forbidden)
            }
        }
    }

    @Test("the citizen sees who accessed her dossiers: officer's name and unit, date, what and why; no usernames or ids, nobody else's")
    func citizenSeesAccesses() async throws {
        try await withTestApp { app in
            // setup: the demo citizen's dossiers and the demo accesses, as `motcua seed` makes them.
            try await CitizenDemoData.seedDossiers(app)
            try await PrivacyDemo.seed(app)
            var citizen = BrowserSession(app: app)
            _ = try await citizen.submit(form: ["login": CitizenDemoData.phone, "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path)

            // MUT
            let account = try await citizen.get(SiteURL.citizenAccount.path)
            #expect(account.body.string.contains(PrivacyURL.citizenAccessLog.path))
            let page = try await citizen.get(PrivacyURL.citizenAccessLog.path)

            // validate
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Phạm Thu Trang") && html.contains("Đỗ Văn Thắng"))
            #expect(html.contains("UBND xã Phụng Công"))
            #expect(html.contains("Báo cáo tháng gửi UBND tỉnh"))
            #expect(html.range(of: #"\d{2}/\d{2}/\d{4} \d{2}:\d{2}"#, options: .regularExpression) != nil, "no dd/MM/yyyy HH:mm time")
            for hidden in ["chuyenvien", "lanhdao", "127.0.0.1"] { #expect(!html.contains(hidden), "\(hidden) shown to the citizen") }
            let officers = try await Officer.query(on: app.db).all()
            for officer in officers {
                let id = try officer.requireID().uuidString
                #expect(!html.contains(id.lowercased()) && !html.contains(id))
            }

            // An officer opens her dossier now: the page shows it at the top.
            let link = try #require(try await CitizenDossierLink.query(on: app.db).with(\.$dossier).first())
            var specialist = try await BrowserSession.signedIn("kinhte", on: app)
            _ = try await specialist.get(SiteURL.dossier(.value(link.dossier.code)).path)
            #expect(try await citizen.get(PrivacyURL.citizenAccessLog.path).body.string.contains("Vũ Văn Bình"))

            // Another dossier's accesses (not hers) never show.
            let (_, other) = try await DossierTests.receive("1.001193", on: app)
            var leader = try await BrowserSession.signedIn("truongphong", on: app)
            _ = try await leader.get(SiteURL.dossier(.value(other.code)).path)
            #expect(!(try await citizen.get(PrivacyURL.citizenAccessLog.path).body.string.contains("Lê Văn Hùng")))

            // Visitors and officers are sent to the citizens' sign-in.
            var visitor = BrowserSession(app: app)
            #expect(try await visitor.get(PrivacyURL.citizenAccessLog.path).headers.first(name: .location)?.hasPrefix(SiteURL.citizenSignIn.path) == true)
        }
    }

    @Test("retention: below the legal minimum is refused; the job anonymises only closed dossiers past the period, once, journalled; a dry run changes nothing")
    func retention() async throws {
        try await withTestApp { app in
            // setup: one returned dossier, one still in process.
            let (_, closed) = try await DossierTests.receive("1.001193", on: app)
            let (_, open) = try await DossierTests.receive("1.004837", on: app)
            try await Dossier.query(on: app.db).filter(\.$id == closed.requireID()).set(\.$status, to: DossierStatus.returned.rawValue).update()
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            #expect(try await leader.get(PrivacyURL.retention.path).status == .ok)

            for bad in ["3", "mười", "200"] {
                let refused = try await leader.submit(form: ["years": bad], to: PrivacyURL.retention.path)
                #expect(refused.status == .unprocessableEntity)
            }
            #expect(try await PersonalDataRetentionRule.query(on: app.db).count() == 0)
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            #expect(try await specialist.submit(form: ["years": "10"], to: PrivacyURL.retention.path).status == .forbidden)
            #expect(try await leader.submit(form: ["years": "10"], to: PrivacyURL.retention.path).status == .seeOther)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "privacy.retention_set").count() == 1)

            // MUT: nine years on nothing is due; eleven years on the closed dossier is.
            let nineYears = Date().addingTimeInterval(9 * 365.25 * 86_400)
            let elevenYears = Date().addingTimeInterval(11 * 365.25 * 86_400)
            #expect(try await PersonalDataAnonymiser.run(now: nineYears, dryRun: false, actor: .commandLine, on: app).map(\.count) == [0])
            #expect(try await PersonalDataAnonymiser.run(now: elevenYears, dryRun: true, actor: .commandLine, on: app).map(\.count) == [1])
            #expect(try await Dossier.find(closed.requireID(), on: app.db)?.applicantIDNumber == "001203004567")
            let done = try await PersonalDataAnonymiser.run(now: elevenYears, dryRun: false, actor: .commandLine, on: app)

            // validate
            #expect(done.map(\.count) == [1])
            let anonymised = try #require(try await Dossier.find(closed.requireID(), on: app.db))
            #expect(anonymised.applicantName == PersonalDataAnonymiser.placeholder)
            #expect([anonymised.applicantIDNumber, anonymised.applicantPhone, anonymised.applicantAddress].allSatisfy { $0 == nil })
            #expect(anonymised.code == closed.code && anonymised.procedureCode == closed.procedureCode)
            #expect(try await Dossier.find(open.requireID(), on: app.db)?.applicantIDNumber == "001203004567")
            #expect(try await PersonalDataAnonymiser.run(now: elevenYears, dryRun: false, actor: .commandLine, on: app).map(\.count) == [0])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "personal_data.anonymise").count() == 3)
            #expect(try await AuditJournal.verify(on: app.db) == nil)
            // The page shows the last run.
            #expect(try await leader.get(PrivacyURL.retention.path).body.string.contains("Lần chạy gần nhất"))
        }
    }

    @Test("anonymising also redacts the history's free text, detaches the scans and deletes the files nothing else uses, and empties the messages; the history still replays")
    func anonymisingClearsHistoryScansAndMessages() async throws {
        try await withTestApp { app in
            // setup: a dossier refused at the counter with a reason naming the applicant and two scans, one of them the
            // same file as a scan of a dossier still open; a retention period of ten years.
            let commune = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first())
            let communeID = try commune.requireID()
            let catalog = try await app.catalogStore.catalog(on: app.db)
            let procedure = try #require(catalog.procedure(code: "1.004837"))
            let shared: [UInt8] = Array("%PDF-1.4 to khai dung chung".utf8)
            let ownOnly: [UInt8] = Array("%PDF-1.4 giay to rieng cua ho so bi tu choi".utf8)
            let acting = DossierService.Acting(actor: DossierActor(username: "tiepnhan", roles: [.counterOfficer]), audit: .commandLine, officerID: nil, unitName: "Một cửa")
            func intake(_ decision: DossierService.IntakeDecision, note: String, scans: [DossierService.Scan]) async throws -> Dossier {
                try await DossierService.intake(
                    .init(procedure: procedure, applicant: Applicant(kind: .person, fullName: "Hoàng Văn Giang", idNumber: "001203009999", phone: "0912 345 678", email: nil, address: "Thôn Xuân Cầu"),
                          receivedDocuments: Set(procedure.requiredDocuments.indices), scans: scans, copies: 1, pages: 1, note: note, decision: decision, channel: .counter),
                    communeID: communeID, by: acting, at: Date(), on: app, calendar: app.calendarStore.calendar(on: app.db), provinceFees: nil)
            }
            let refused = try await intake(.refuse, note: "Ông Hoàng Văn Giang (0912 345 678) không phải người giám hộ", scans: [
                .init(documentIndex: 0, fileName: "to-khai.pdf", bytes: shared), .init(documentIndex: 1, fileName: "cu-nguoi-giam-ho.pdf", bytes: ownOnly),
            ])
            let open = try await intake(.receive, note: "", scans: [.init(documentIndex: 0, fileName: "to-khai.pdf", bytes: shared)])
            let keys = try await DossierDocument.query(on: app.db).filter(\.$dossier.$id == refused.requireID()).all().compactMap(\.fileKey)
            #expect(keys.count == 2)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == refused.code).count() > 0)
            let rule = PersonalDataRetentionRule()
            rule.$commune.id = communeID
            rule.years = 10
            rule.updatedBy = "lanhdao"
            rule.updatedAt = Date()
            rule.lastRunCount = 0
            try await rule.create(on: app.db)

            // MUT
            let outcomes = try await PersonalDataAnonymiser.run(now: Date().addingTimeInterval(11 * 365.25 * 86_400), dryRun: false, actor: .commandLine, on: app)

            // validate: one dossier, one file deleted; the shared scan stays for the open dossier.
            #expect(outcomes.map(\.count) == [1])
            #expect(outcomes.map(\.deletedFiles) == [1])
            let steps = try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == refused.requireID()).all()
            #expect(!steps.isEmpty)
            for step in steps {
                #expect(!step.payload.contains("Giang") && !step.payload.contains("0912"), "\(step.payload)")
                #expect(!(step.note ?? "").contains("Giang"))
            }
            #expect(steps.contains { $0.note == PersonalDataAnonymiser.redactedText })
            let stored = try #require(try await Dossier.find(refused.requireID(), on: app.db))
            let replayed = try await DossierService.replayedState(of: stored, on: app.db, calendar: app.calendarStore.calendar(on: app.db))
            #expect(replayed.status.rawValue == stored.status)
            #expect(try await DossierDocument.query(on: app.db).filter(\.$dossier.$id == refused.requireID()).filter(\.$fileKey != nil).count() == 0)
            let readable = await withTaskGroup(of: Bool.self) { group in
                for key in keys { group.addTask { (try? await app.fileStore.read(key)) != nil } }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(readable == 1)
            let openScan = try #require(try await DossierDocument.query(on: app.db).filter(\.$dossier.$id == open.requireID()).filter(\.$fileKey != nil).first()?.fileKey)
            #expect(try await app.fileStore.read(openScan) == shared)
            let messages = try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == refused.code).all()
            #expect(messages.allSatisfy { $0.recipient.isEmpty && $0.body == PersonalDataAnonymiser.redactedText })
            #expect(try await PendingFileDeletion.query(on: app.db).count() == 0)
            #expect(try await Dossier.find(open.requireID(), on: app.db)?.applicantPhone != nil)
            #expect(try await AuditJournal.verify(on: app.db) == nil)
        }
    }
}

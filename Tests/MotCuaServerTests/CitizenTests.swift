import Fluent
import Foundation
import MotCuaCore
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// Citizens' accounts, online submission, the applicant's answers, the document store and the form templates.
@Suite("Citizens: accounts, online submission, supplement, stop request, document store")
struct CitizenTests {
    static let pdf: [UInt8] = Array("%PDF-1.4 ban quet giay to".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 16)

    static func registration(name: String = "Trần Thị Mai", id: String = "034185001111", phone: String = "0987 111 222") -> [String: String] {
        ["fullName": name, "idNumber": id, "phone": phone, "communeSlug": DemoCommune.phungCong,
         "password": "mat-khau-cong-dan-1", "confirmPassword": "mat-khau-cong-dan-1"]
    }

    /// The six digits of the latest code message to `recipient`.
    static func latestCode(to recipient: String, on app: Application) async throws -> String {
        let message = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == recipient).sort(\.$createdAt, .descending).all()
            .first { $0.subject.contains("mã xác nhận") })
        let range = try #require(message.body.range(of: "[0-9]{6}", options: .regularExpression))
        return String(message.body[range])
    }

    /// Registers through the pages and confirms with the code from the outbox; returns the signed-in session.
    static func registered(on app: Application, name: String = "Trần Thị Mai", id: String = "034185001111", phone: String = "0987 111 222") async throws -> BrowserSession {
        var citizen = BrowserSession(app: app)
        let response = try await citizen.submit(form: registration(name: name, id: id, phone: phone), to: SiteURL.citizenRegister.path)
        #expect(response.status == .seeOther, "\(response.body.string.prefix(400))")
        let code = try await latestCode(to: CitizenAuth.normalisedPhone(phone), on: app)
        let confirmed = try await citizen.submit(form: ["code": code], to: SiteURL.citizenConfirm.path)
        #expect(confirmed.status == .seeOther)
        #expect(confirmed.headers.first(name: .location)?.hasPrefix(SiteURL.citizenAccount.path) == true)
        return citizen
    }

    /// Submits procedure 1.001193 (birth registration, fully online) with a scan of each document.
    static func submitOnline(_ citizen: inout BrowserSession, on app: Application, fields: [(String, String)] = [], files: [(field: String, name: String, type: String, bytes: [UInt8])]? = nil) async throws -> TestingHTTPResponse {
        let path = SiteURL.onlineSubmission(.value(DemoCommune.phungCong), .value("1.001193")).path
        let form = [("applicantKind", "person"), ("fullName", "Trần Thị Mai"), ("idNumber", "034185001111"), ("phone", "0987 111 222"), ("address", "Xóm Chùa")] + fields
        return try await citizen.submitMultipart(fields: form, files: files ?? [("file0", "to-khai.pdf", "application/pdf", pdf), ("file1", "giay-chung-sinh.png", "image/png", png)], to: path)
    }

    static func onlineDossier(on app: Application) async throws -> Dossier {
        try #require(try await Dossier.query(on: app.db).filter(\.$channel == IntakeChannel.online.rawValue).filter(\.$applicantName == "Trần Thị Mai").sort(\.$createdAt, .descending).first())
    }

    // MARK: accounts

    @Test("registration sends a hashed, expiring code; forged, expired and exhausted codes are refused; the right one confirms")
    func registrationAndCode() async throws {
        let clock = MutableClock(DossierTests.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            var citizen = BrowserSession(app: app)
            let response = try await citizen.submit(form: Self.registration(), to: SiteURL.citizenRegister.path)
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == SiteURL.citizenConfirm.path)
            let account = try #require(try await CitizenAccount.query(on: app.db).filter(\.$idNumber == "034185001111").first())
            #expect(account.phone == "0987111222")
            #expect(!account.isConfirmed)
            let code = try await Self.latestCode(to: "0987111222", on: app)
            #expect(account.codeHash != nil && account.codeHash?.contains(code) == false, "only a hash of the code is stored")
            #expect(account.passwordHash != "mat-khau-cong-dan-1")

            // An unconfirmed account reaches only the confirmation page.
            #expect(try await citizen.get(SiteURL.citizenAccount.path).headers.first(name: .location) == SiteURL.citizenConfirm.path)
            #expect(try await citizen.get(SiteURL.citizenConfirm.path).status == .ok)

            let forged = code == "000000" ? "111111" : "000000"
            let wrong = try await citizen.submit(form: ["code": forged], to: SiteURL.citizenConfirm.path)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("Mã xác nhận không đúng. Còn 4 lần thử."))
            let malformed = try await citizen.submit(form: ["code": "12ab"], to: SiteURL.citizenConfirm.path)
            #expect(malformed.status == .unprocessableEntity)
            #expect(malformed.body.string.contains("6 chữ số"))

            clock.advance(by: 601)
            let expired = try await citizen.submit(form: ["code": code], to: SiteURL.citizenConfirm.path)
            #expect(expired.status == .unprocessableEntity)
            #expect(expired.body.string.contains("hết hạn"))
            #expect(try await CitizenAccount.find(account.id, on: app.db)?.isConfirmed == false)

            // A new code; the old one no longer works, and five wrong entries exhaust the new one even for the right digits.
            let resent = try await citizen.submit(form: [:], to: SiteURL.citizenResendCode.path)
            #expect(resent.status == .seeOther)
            let tooSoon = try await citizen.submit(form: [:], to: SiteURL.citizenResendCode.path)
            #expect(tooSoon.status == .tooManyRequests)
            #expect(tooSoon.body.string.contains("Vui lòng chờ"))
            let second = try await Self.latestCode(to: "0987111222", on: app)
            if second != code {
                #expect(try await citizen.submit(form: ["code": code], to: SiteURL.citizenConfirm.path).status == .unprocessableEntity)
            }
            for _ in 0..<5 { _ = try await citizen.submit(form: ["code": second == "999999" ? "888888" : "999999"], to: SiteURL.citizenConfirm.path) }
            let exhausted = try await citizen.submit(form: ["code": second], to: SiteURL.citizenConfirm.path)
            #expect(exhausted.body.string.contains("Đã nhập sai quá 5 lần"))
            #expect(try await CitizenAccount.find(account.id, on: app.db)?.isConfirmed == false)

            clock.advance(by: 61)
            _ = try await citizen.submit(form: [:], to: SiteURL.citizenResendCode.path)
            let third = try await Self.latestCode(to: "0987111222", on: app)
            let confirmed = try await citizen.submit(form: ["code": third], to: SiteURL.citizenConfirm.path)
            #expect(confirmed.status == .seeOther)
            #expect(try await CitizenAccount.find(account.id, on: app.db)?.isConfirmed == true)
            // The code is erased from the outbox once used.
            let messages = try await OutboxMessage.query(on: app.db).filter(\.$recipient == "0987111222").all()
            #expect(messages.count == 3 && messages.allSatisfy { $0.body.range(of: "[0-9]{6}", options: .regularExpression) == nil })
            #expect(try await citizen.get(SiteURL.citizenAccount.path).status == .ok)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "citizen.confirm").count() == 1)
        }
    }

    @Test("bad registrations are refused with a reason and store nothing", arguments: [
        ("idNumber", "03418500111", "12 chữ số"),
        ("idNumber", "099185001111", "mã tỉnh"),
        ("phone", "12345", "Số điện thoại không hợp lệ"),
        ("password", "ngan", "ít nhất 10 ký tự"),
        ("confirmPassword", "khac-mat-khau-1", "không khớp"),
        ("communeSlug", "khong-co", "Cần chọn xã"),
        ("fullName", "<script>alert(1)</script>", "chỉ gồm chữ cái"),
    ])
    func badRegistrations(field: String, value: String, message: String) async throws {
        try await withTestApp { app in
            var visitor = BrowserSession(app: app)
            var form = Self.registration()
            form[field] = value
            let response = try await visitor.submit(form: form, to: SiteURL.citizenRegister.path)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains(message), "\(response.body.string.prefix(2000))")
            #expect(!response.body.string.contains("<script>alert(1)</script>"))
            #expect(try await CitizenAccount.query(on: app.db).filter(\.$idNumber == "034185001111").count() == 0)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == nil).count() == 0)
        }
    }

    @Test("the registration form is valid HTML: an input's autocomplete token fits an input, the required commune list starts empty")
    func registrationFormIsValidHTML() async throws {
        try await withTestApp { app in
            // MUT
            let page = try await app.testing().sendRequest(.GET, SiteURL.citizenRegister.path).body.string

            // validate
            // `street-address` is a multi-line token, allowed on a <textarea> only.
            #expect(!page.contains(#"autocomplete="street-address""#))
            #expect(page.contains(#"<input id="address" name="address" autocomplete="address-line1""#))
            // A required <select> without `multiple` or a size must open on an empty placeholder option.
            #expect(page.firstMatch(of: /<select id="communeSlug"[^>]*required[^>]*><option value="">/) != nil)
        }
    }

    @Test("an ID number, phone or email already registered is refused; no phone and no email is refused")
    func duplicates() async throws {
        try await withTestApp { app in
            _ = try await Self.registered(on: app)
            var other = BrowserSession(app: app)
            let sameID = try await other.submit(form: Self.registration(phone: "0987 333 444"), to: SiteURL.citizenRegister.path)
            #expect(sameID.status == .unprocessableEntity && sameID.body.string.contains("đã có tài khoản"))
            let samePhone = try await other.submit(form: Self.registration(id: "034185002222", phone: "+84 987 111 222"), to: SiteURL.citizenRegister.path)
            #expect(samePhone.status == .unprocessableEntity && samePhone.body.string.contains("Số điện thoại này đã dùng"))
            var noContact = Self.registration(id: "034185003333")
            noContact["phone"] = ""
            let none = try await other.submit(form: noContact, to: SiteURL.citizenRegister.path)
            #expect(none.status == .unprocessableEntity && none.body.string.contains("số điện thoại hoặc email"))
            #expect(try await CitizenAccount.query(on: app.db).count() == 2, "the demo citizen and the first registration")
        }
    }

    @Test("sign-in by phone or email, wrong password refused, sign-out ends the session")
    func signInAndOut() async throws {
        try await withTestApp { app in
            var visitor = BrowserSession(app: app)
            let wrong = try await visitor.submit(form: ["login": CitizenDemoData.phone, "password": "sai-mat-khau-1"], to: SiteURL.citizenSignIn.path)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains(CitizenAccountController.wrongCredentials))
            let right = try await visitor.submit(form: ["login": "0912 345 678", "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path)
            #expect(right.status == .seeOther)
            let page = try await visitor.get(SiteURL.citizenAccount.path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains(CitizenDemoData.fullName))
            #expect(!page.body.string.contains(CitizenDemoData.idNumber), "the account page masks the ID number")
            _ = try await visitor.submit(form: [:], to: SiteURL.citizenSignOut.path)
            #expect(try await visitor.get(SiteURL.citizenAccount.path).status == .seeOther)
            var byEmail = BrowserSession(app: app)
            #expect(try await byEmail.submit(form: ["login": "HOA.NGUYEN@example.vn", "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path).status == .seeOther)
        }
    }

    @Test("a citizen's session never passes for an officer's, and an officer is not a citizen")
    func sessionsAreSeparate() async throws {
        try await withTestApp { app in
            var citizen = try await Self.registered(on: app)
            for path in [SiteURL.workspace.path, SiteURL.workQueue.path, SiteURL.intake.path, SiteURL.outbox.path] {
                #expect(try await citizen.get(path).headers.first(name: .location)?.hasPrefix(SiteURL.signIn.path) == true, "\(path)")
            }
            // The citizen's secret presented as an officer's session cookie is worth nothing.
            let secret = try #require(citizen.cookies[CitizenAuth.cookieName])
            let forged = try await app.testing().sendRequest(.GET, SiteURL.workspace.path, headers: ["Cookie": "\(StaffAuthenticator.sessionCookieName)=\(secret)"])
            #expect(forged.status == .seeOther)
            let bearer = try await app.testing().sendRequest(.GET, APIURL.me.path, headers: ["Authorization": "Bearer \(secret)"])
            #expect(bearer.status == .unauthorized)
            var officer = try await BrowserSession.signedIn("tiepnhan", on: app)
            let asCitizen = try await officer.get(SiteURL.citizenAccount.path)
            #expect(asCitizen.headers.first(name: .location)?.hasPrefix(SiteURL.citizenSignIn.path) == true)
        }
    }

    // MARK: online submission and the desk

    @Test("online submission → new at the desk → supplement → citizen uploads → received, form 01 sent with its link")
    func onlineJourney() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var citizen = try await Self.registered(on: app)
            let list = try await citizen.get(SiteURL.onlineProcedures.path + "?xa=phung-cong")
            #expect(list.body.string.contains("Đăng ký khai sinh"))
            #expect(!list.body.string.contains("Chứng thực di chúc"), "counter-only procedures are not offered online")
            let search = try await citizen.get(SiteURL.onlineProcedures.path + "?xa=phung-cong&q=dang%20ky%20khai%20tu")
            #expect(search.body.string.contains("Đăng ký khai tử") && !search.body.string.contains("Đăng ký khai sinh<"))
            let form = try await citizen.get(SiteURL.onlineSubmission(.value(DemoCommune.phungCong), .value("1.001193")).path)
            #expect(form.status == .ok)
            #expect(form.body.string.contains("value=\"034185001111\""), "the e-form is prefilled from the account")

            let submitted = try await Self.submitOnline(&citizen, on: app)
            #expect(submitted.status == .seeOther, "\(submitted.body.string.prefix(800))")
            let dossier = try await Self.onlineDossier(on: app)
            #expect(dossier.status == DossierStatus.new.rawValue)
            #expect(dossier.receivedBy == nil && dossier.receivedAt == nil)
            let events = try await DossierEventRecord.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).all()
            #expect(events.map(\.action) == ["submit_online"] && events.first?.actorRole == "applicant")
            #expect(try await DossierDocument.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).filter(\.$fileKey != nil).count() == 2)

            // The desk sees it and asks for a supplement, as at the counter.
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let deskPage = try await desk.get(SiteURL.dossier(.value(dossier.code)).path)
            #expect(deskPage.body.string.contains("data-action=\"receive\""))
            let asked = try await desk.submit(form: ["action": "request_supplement", "version": String(dossier.version), "missing": "Giấy chứng sinh bản rõ nét"], to: SiteURL.dossierActions(.value(dossier.code)).path)
            #expect(asked.status == .seeOther)
            let page = try await citizen.get(SiteURL.citizenDossier(.value(dossier.code)).path)
            #expect(page.body.string.contains("Giấy chứng sinh bản rõ nét"))
            #expect(page.body.string.contains("id=\"bo-sung\""))
            let supplementMessage = try #require(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == dossier.code).all().first { $0.body.contains("cần bổ sung") })
            #expect(supplementMessage.body.contains(SiteURL.citizenDossier(.value(dossier.code)).path))

            // Wrong type and nothing at all are refused; nothing changes.
            let current = try #require(try await Dossier.find(dossier.id, on: app.db))
            let text = try await citizen.submitMultipart(fields: [("version", String(current.version))], files: [("file1", "ghi-chu.txt", "text/plain", Array("chỉ là chữ".utf8))], to: SiteURL.citizenSupplement(.value(dossier.code)).path)
            #expect(text.status == .unprocessableEntity)
            let empty = try await citizen.submitMultipart(fields: [("version", String(current.version))], to: SiteURL.citizenSupplement(.value(dossier.code)).path)
            #expect(empty.status == .unprocessableEntity)
            #expect(try await Dossier.find(dossier.id, on: app.db)?.status == DossierStatus.supplementRequested.rawValue)

            let sent = try await citizen.submitMultipart(fields: [("version", String(current.version))], files: [("file1", "giay-chung-sinh-ro.pdf", "application/pdf", Self.pdf + [0x20])], to: SiteURL.citizenSupplement(.value(dossier.code)).path)
            #expect(sent.status == .seeOther)
            let back = try #require(try await Dossier.find(dossier.id, on: app.db))
            #expect(back.status == DossierStatus.new.rawValue, "back at the desk")
            #expect(try await DossierDocument.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).filter(\.$fileName == "giay-chung-sinh-ro.pdf").count() == 1)

            let received = try await desk.submit(form: ["action": "receive", "version": String(back.version)], to: SiteURL.dossierActions(.value(dossier.code)).path)
            #expect(received.status == .seeOther)
            let after = try #require(try await Dossier.find(dossier.id, on: app.db))
            #expect(after.status == DossierStatus.received.rawValue && after.dueAt != nil)
            #expect(after.$receivedBy.id == (try await Officer.query(on: app.db).filter(\.$username == "tiepnhan").first()?.id))
            let receiptMessage = try #require(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == dossier.code).all().first { $0.body.contains("đã được tiếp nhận") })
            #expect(receiptMessage.body.contains(SiteURL.citizenReceipt(.value(dossier.code)).path), "form 01 sent electronically")
            let receipt = try await citizen.get(SiteURL.citizenReceipt(.value(dossier.code)).path)
            #expect(receipt.status == .ok && receipt.body.string.contains("Mẫu số 01") && receipt.body.string.contains(dossier.code))
            let replayed = try await DossierService.replayedState(of: after, on: app.db, calendar: app.calendarStore.calendar(on: app.db))
            #expect(replayed == after.state)

            // Now verified, the documents are in the store and attach to a new dossier without uploading.
            let store = try await CitizenDocumentStore.entries(accountID: try #require(try await CitizenAccount.query(on: app.db).filter(\.$idNumber == "034185001111").first()?.id), on: app.db)
            #expect(store.count == 2, "the supplement replaced the unclear scan")
            let account = try await citizen.get(SiteURL.citizenAccount.path)
            #expect(account.body.string.contains(dossier.code) && account.body.string.contains("id=\"kho-giay-to\""))
            let reuse = try #require(store.first { $0.file.name == "giay-chung-sinh-ro.pdf" })
            let second = try await Self.submitOnline(&citizen, on: app, fields: [("reuse1", reuse.documentID.uuidString)], files: [("file0", "to-khai-2.pdf", "application/pdf", Self.pdf + [0x21])])
            #expect(second.status == .seeOther, "\(second.body.string.prefix(600))")
            let newest = try await Self.onlineDossier(on: app)
            #expect(newest.code != dossier.code)
            #expect(try await DossierDocument.query(on: app.db).filter(\.$dossier.$id == newest.requireID()).filter(\.$fileKey == reuse.file.key).count() == 1)
            let download = try await citizen.get(SiteURL.citizenDocument(.value(reuse.documentID)).path)
            #expect(download.status == .ok && download.headers.contentType == .pdf)
        }
    }

    @Test("bad submissions: wrong file type, too large, missing document, another's stored document — nothing stored")
    func badSubmissions() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var citizen = try await Self.registered(on: app)
            let before = try await Dossier.query(on: app.db).count()
            let wrongType = try await Self.submitOnline(&citizen, on: app, files: [("file0", "to-khai.exe", "application/octet-stream", Array("MZ not a pdf".utf8)), ("file1", "b.png", "image/png", Self.png)])
            #expect(wrongType.status == .unprocessableEntity)
            #expect(wrongType.body.string.contains("PDF"))
            let large = [UInt8](Array("%PDF-1.4".utf8)) + [UInt8](repeating: 0x20, count: UploadRule.maximumBytes)
            let tooLarge = try await Self.submitOnline(&citizen, on: app, files: [("file0", "lon.pdf", "application/pdf", large), ("file1", "b.png", "image/png", Self.png)])
            #expect(tooLarge.status == .unprocessableEntity)
            #expect(tooLarge.body.string.contains("MB"))
            let missing = try await Self.submitOnline(&citizen, on: app, files: [("file0", "a.pdf", "application/pdf", Self.pdf)])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("Cần tải lên hoặc chọn từ kho giấy tờ"))
            // The demo citizen's verified document cannot be attached by someone else.
            try await CitizenDemoData.seedDossiers(app)
            let demoAccount = try #require(try await CitizenAccount.query(on: app.db).filter(\.$idNumber == CitizenDemoData.idNumber).first())
            let theirs = try #require(try await CitizenDocumentStore.entries(accountID: demoAccount.requireID(), on: app.db).first)
            let borrowed = try await Self.submitOnline(&citizen, on: app, fields: [("reuse1", theirs.documentID.uuidString)], files: [("file0", "a.pdf", "application/pdf", Self.pdf)])
            #expect(borrowed.status == .unprocessableEntity)
            #expect(borrowed.body.string.contains("không có trong kho"))
            #expect(try await citizen.get(SiteURL.citizenDocument(.value(theirs.documentID)).path).status == .notFound)
            #expect(try await Dossier.query(on: app.db).count() == before + 2, "only the demo citizen's two dossiers were added")
            // A counter-only procedure has no e-form.
            #expect(try await citizen.get(SiteURL.onlineSubmission(.value(DemoCommune.phungCong), .value("2.001019")).path).status == .notFound)
        }
    }

    @Test("another citizen's dossier is a 404; a stop request reaches the desk, which decides")
    func ownershipAndStopRequest() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var citizen = try await Self.registered(on: app)
            #expect(try await Self.submitOnline(&citizen, on: app).status == .seeOther)
            let dossier = try await Self.onlineDossier(on: app)
            var stranger = try await Self.registered(on: app, name: "Lê Văn Bình", id: "001090004444", phone: "0977 000 444")
            #expect(try await stranger.get(SiteURL.citizenDossier(.value(dossier.code)).path).status == .notFound)
            #expect(try await stranger.submit(form: ["version": "1", "reason": "x"], to: SiteURL.citizenStopRequest(.value(dossier.code)).path).status == .notFound)
            #expect(try await stranger.get(SiteURL.citizenReceipt(.value(dossier.code)).path).status == .notFound)

            let noReason = try await citizen.submit(form: ["version": String(dossier.version), "reason": " "], to: SiteURL.citizenStopRequest(.value(dossier.code)).path)
            #expect(noReason.status == .unprocessableEntity)
            let asked = try await citizen.submit(form: ["version": String(dossier.version), "reason": "Đã làm ở nơi khác"], to: SiteURL.citizenStopRequest(.value(dossier.code)).path)
            #expect(asked.status == .seeOther)
            let page = try await citizen.get(SiteURL.citizenDossier(.value(dossier.code)).path)
            #expect(page.body.string.contains("id=\"de-nghi-dung\""))
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let deskPage = try await desk.get(SiteURL.dossier(.value(dossier.code)).path)
            #expect(deskPage.body.string.contains("Đã làm ở nơi khác"))
            // The request stands out at the top of the desk's page until the dossier is closed.
            #expect(deskPage.body.string.contains("id=\"de-nghi-cua-nguoi-nop\""))
            let current = try #require(try await Dossier.find(dossier.id, on: app.db))
            #expect(current.status == DossierStatus.new.rawValue)
            let withdrawn = try await desk.submit(form: ["action": "withdraw", "version": String(current.version), "reason": "Theo đề nghị của người nộp"], to: SiteURL.dossierActions(.value(dossier.code)).path)
            #expect(withdrawn.status == .seeOther)
            #expect(try await Dossier.find(dossier.id, on: app.db)?.status == DossierStatus.withdrawn.rawValue)
            #expect(!(try await desk.get(SiteURL.dossier(.value(dossier.code)).path).body.string.contains("id=\"de-nghi-cua-nguoi-nop\"")))
            // An officer cannot take the applicant's step through the desk's form.
            let forgedStep = try await desk.submit(form: ["action": "submit_supplement", "version": "1"], to: SiteURL.dossierActions(.value(dossier.code)).path)
            #expect(forgedStep.status == .forbidden)
        }
    }

    // MARK: public pages

    @Test("no public page or public API response shows the online applicant's ID number, phone or full name")
    func publicPagesMask() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            try await CitizenDemoData.seedDossiers(app)
            let dossier = try #require(try await Dossier.query(on: app.db).filter(\.$applicantName == CitizenDemoData.fullName).first())
            var visitor = BrowserSession(app: app)
            let paths = [
                SiteURL.publicLookup(.value(dossier.code)).path, APIURL.publicDossier(.value(dossier.code)).path, SiteURL.home.path,
                SiteURL.communeHome(.value(DemoCommune.phungCong)).path, SiteURL.publicProcedures(.value(DemoCommune.phungCong)).path,
                SiteURL.publicProcedure(.value(DemoCommune.phungCong), .value("1.001193")).path,
                SiteURL.procedureTemplate(.value(DemoCommune.phungCong), .value("1.001193"), .value("1")).path,
                SiteURL.lookup.path, SiteURL.citizenSignIn.path, SiteURL.citizenRegister.path,
            ]
            for path in paths {
                let response = try await visitor.get(path)
                #expect(response.status == .ok, "\(path)")
                let body = response.body.string
                for secret in [CitizenDemoData.idNumber, CitizenDemoData.phone, "0912 345 678", CitizenDemoData.fullName, "hoa.nguyen@example.vn"] where path != SiteURL.citizenSignIn.path || secret != CitizenDemoData.phone {
                    #expect(!body.contains(secret), "\(path) shows \(secret)")
                }
            }
            #expect(try await visitor.get(SiteURL.publicLookup(.value(dossier.code)).path).body.string.contains("Nguyễn T*** H*"))
        }
    }

    @Test("form templates are printable blank forms named by the catalog, downloadable, and 404 without a template")
    func formTemplates() async throws {
        try await withTestApp { app in
            var visitor = BrowserSession(app: app)
            let procedurePage = try await visitor.get(SiteURL.publicProcedure(.value(DemoCommune.phungCong), .value("1.001193")).path)
            let templatePath = SiteURL.procedureTemplate(.value(DemoCommune.phungCong), .value("1.001193"), .value("1")).path
            #expect(procedurePage.body.string.contains(templatePath))
            let page = try await visitor.get(templatePath)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("TỜ KHAI ĐĂNG KÝ KHAI SINH"))
            #expect(page.body.string.contains("Kính gửi: Ủy ban nhân dân xã Phụng Công"))
            #expect(page.body.string.contains("Số định danh cá nhân"))
            let download = try await visitor.get(templatePath + "?tai-ve=1")
            #expect(download.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            #expect(try await visitor.get(SiteURL.procedureTemplate(.value(DemoCommune.phungCong), .value("1.001193"), .value("2")).path).status == .notFound)
            #expect(try await visitor.get(SiteURL.procedureTemplate(.value(DemoCommune.phungCong), .value("1.001193"), .value("9")).path).status == .notFound)
        }
    }

    @Test("every citizen route refuses a visitor: pages ask to sign in, forms answer 401")
    func citizenRoutesNeedSignIn() async throws {
        try await withTestApp { app in
            var visitor = BrowserSession(app: app)
            for route in app.routes.all {
                let key = RouteAccessTests.key(of: route)
                guard let rule = RouteAccessTests.rules[key], rule == .citizen || rule == .citizenRow else { continue }
                let path = try await RouteAccessTests.concretePath(route, on: app)
                if route.method == .GET {
                    let response = try await visitor.get(path)
                    #expect(response.status == .seeOther, "\(key)")
                    #expect(response.headers.first(name: .location)?.hasPrefix(SiteURL.citizenSignIn.path) == true, "\(key)")
                } else {
                    #expect(try await visitor.submit(form: ["version": "1", "reason": "x"], to: path).status == .unauthorized, "\(key)")
                }
            }
        }
    }
}

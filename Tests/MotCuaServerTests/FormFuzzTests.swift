import Fluent
import Foundation
import MotCuaCore
import MotCuaFuzzing
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// The main forms and the Open311 POST fed with mutated and random input over HTTP: no 500, and a refused request
/// leaves every counted table and the audit journal as they were (no partial write).
///
/// `MOTCUA_HTTP_FUZZ_CASES` sets the requests per form (default 150); the holiday schedule's line parser also runs
/// `MOTCUA_FUZZ_CASES` cases without HTTP.
@Suite("Fuzzing the forms and Open311 over HTTP: no 500, nothing half-written")
struct FormFuzzTests {
    /// The row counts a refused request must not change.
    static func counts(on app: Application) async throws -> [String: Int] {
        [
            "audit": try await AuditEntry.query(on: app.db).count(),
            "dossiers": try await Dossier.query(on: app.db).count(),
            "events": try await DossierEventRecord.query(on: app.db).count(),
            "documents": try await DossierDocument.query(on: app.db).count(),
            "feedback": try await FeedbackItem.query(on: app.db).count(),
            "reports": try await ServiceRequest.query(on: app.db).count(),
            "photos": try await ServiceRequestPhoto.query(on: app.db).count(),
            "procedures": try await CatalogProcedure.query(on: app.db).count(),
            "schedules": try await RecordedSchedule.query(on: app.db).count(),
        ]
    }

    /// A urlencoded body of the pairs (repeated names allowed) with the session's CSRF token.
    static func encoded(_ pairs: [(String, String)], csrf: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return ([("_csrf", csrf)] + pairs).map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    /// Sends `cases` fuzzed requests and checks each answer: never 5xx, and a refusal (4xx) changes no count.
    @discardableResult
    static func fuzz(_ label: String, on app: Application, cases: Int = InputFuzzer.httpCases(),
                     send: (Int) async throws -> TestingHTTPResponse) async throws -> (accepted: Int, refused: Int) {
        var accepted = 0, refused = 0
        for index in 0..<cases {
            let before = try await counts(on: app)
            let response = try await send(index)
            #expect(response.status.code < 500, "\(label) case \(index) answered \(response.status): \(response.body.string.prefix(300))")
            if response.status.code >= 400 {
                refused += 1
                let after = try await counts(on: app)
                #expect(after == before, "\(label) case \(index) was refused (\(response.status.code)) but changed \(after.filter { before[$0.key] != $0.value }.keys.sorted())")
            } else {
                accepted += 1
            }
        }
        return (accepted, refused)
    }

    @Test("counter intake: mutated applicant forms, urlencoded and raw")
    func intake() async throws {
        try await withTestApp { app in
            var fuzzer = InputFuzzer(seed: 0x1A7A_6E01)
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            _ = try await desk.get(SiteURL.intake.path)
            let valid = DossierTests.applicantFields([("procedureCode", "1.001193"), ("decision", "receive"), ("received[]", "0"), ("received[]", "1"), ("note", "Ghi chú"), ("email", "an@example.vn")])
            let result = try await Self.fuzz("intake", on: app) { index in
                let body = Self.encoded(fuzzer.mutateForm(valid), csrf: desk.csrfToken ?? "")
                return try await desk.post(urlEncoded: index % 5 == 4 ? fuzzer.mutate(body) : body, to: SiteURL.intake.path)
            }
            #expect(result.refused > 0)
        }
    }

    @Test("dossier actions: mutated action forms on a dossier of the commune")
    func dossierActions() async throws {
        try await withTestApp { app in
            var fuzzer = InputFuzzer(seed: 0x1A7A_6E02)
            let (_, dossier) = try await DossierTests.receive("1.001193", on: app)
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let path = SiteURL.dossierActions(.value(dossier.code)).path
            let actions = DossierAction.allCases.map(\.rawValue)
            try await Self.fuzz("dossier actions", on: app) { index in
                let current = try await Dossier.query(on: app.db).filter(\.$code == dossier.code).first()?.version ?? 1
                let valid = [("action", actions[fuzzer.int(actions.count)]), ("version", String(current)), ("note", "Ghi chú"), ("reason", "Lý do"),
                             ("missing", "Giấy tờ"), ("amount", "50000"), ("newDueDate", "2026-12-31"), ("method", "in_person"), ("assignee", UUID().uuidString)]
                if index % 2 == 0 {
                    return try await leader.post(urlEncoded: Self.encoded(fuzzer.mutateForm(valid), csrf: leader.csrfToken ?? ""), to: path)
                }
                return try await desk.post(urlEncoded: Self.encoded(fuzzer.mutateForm(valid), csrf: desk.csrfToken ?? ""), to: path)
            }
        }
    }

    @Test("public feedback: mutated forms from a visitor")
    func feedback() async throws {
        try await withTestApp { app in
            var fuzzer = InputFuzzer(seed: 0x1A7A_6E03)
            var visitor = BrowserSession(app: app)
            _ = try await visitor.get(SiteURL.feedbackForm(.value(DemoCommune.phungCong)).path)
            let valid = [("topic", "center"), ("content", "Phòng chờ thiếu ghế."), ("senderName", "Nguyễn Văn An"), ("senderContact", "0912345678"), ("dossierCode", "")]
            let result = try await Self.fuzz("feedback", on: app) { index in
                let body = Self.encoded(fuzzer.mutateForm(valid), csrf: visitor.csrfToken ?? "")
                return try await visitor.post(urlEncoded: index % 5 == 4 ? fuzzer.mutate(body) : body, to: SiteURL.feedbackForm(.value(DemoCommune.phungCong)).path)
            }
            #expect(result.accepted > 0 && result.refused > 0)
        }
    }

    @Test("fault reports on the web: mutated forms and photos that are not images")
    func faultReport() async throws {
        try await withTestApp { app in
            app.faultReportRateLimiter = ClientRateLimiter(limit: .max, window: 60)
            var fuzzer = InputFuzzer(seed: 0x1A7A_6E04)
            var visitor = BrowserSession(app: app)
            let valid = [("description", "Đèn không sáng"), ("address", "Thôn Đông Cầu"), ("lat", "20.95"), ("long", "105.90"),
                         ("name", "Ngô Văn Bảy"), ("phone", "0912765432"), ("email", "bay@example.vn"), ("attribute_ma_cot", "PC-CS-005")]
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64)
            try await Self.fuzz("fault report", on: app) { index in
                let kind = index % 7 == 6 ? fuzzer.mutate("den-duong-hong") : "den-duong-hong"
                let path = "/xa/phung-cong/su-co/bao-moi?loai=" + (kind.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                var photo = png
                if fuzzer.chance(50) { photo = Array(fuzzer.mutate(String(decoding: png, as: UTF8.self)).utf8) }
                var files: [(field: String, name: String, type: String, bytes: [UInt8])] = []
                if fuzzer.chance(40) { files.append((field: "photo0", name: "anh.png", type: "image/png", bytes: photo)) }
                // Field names go unfiltered: one with a line break writes its own part header lines, and a non-ASCII byte in
                // a header name used to trap the multipart parser; `MultipartPreflightMiddleware` now answers 400.
                let fields = fuzzer.mutateForm(valid)
                return try await visitor.submitMultipart(fields: fields, files: files, to: path)
            }
        }
    }

    @Test("Open311 POST requests and updates: mutated parameters")
    func open311() async throws {
        try await withTestApp { app in
            app.faultReportRateLimiter = ClientRateLimiter(limit: .max, window: 60)
            var fuzzer = InputFuzzer(seed: 0x1A7A_6E05)
            let valid = [("jurisdiction_id", "phungcong.hungyen.gov.vn"), ("api_key", PublicServicesDemo.open311Key), ("service_code", "den-duong-hong"),
                         ("lat", "20.9512"), ("long", "105.9043"), ("description", "Đèn cột PC-CS-005 không sáng."), ("attribute[ma_cot]", "PC-CS-005"),
                         ("first_name", "Ngô"), ("last_name", "Văn Bảy"), ("phone", "0912 765 432"), ("email", "bay@example.vn")]
            let result = try await Self.fuzz("open311", on: app) { index in
                let path = ["/open311/v2/requests.json", "/open311/v2/requests.xml", "/open311/v2/servicerequestupdates.json"][index % 3]
                var pairs = fuzzer.mutateForm(valid)
                if index % 3 == 2 { pairs += [("service_request_id", fuzzer.mutate("SC-2026-000001")), ("status", fuzzer.chance(50) ? "OPEN" : fuzzer.text(maxPieces: 2))] }
                var body = Self.encoded(pairs, csrf: "")
                if index % 4 == 3 { body = fuzzer.mutate(body) }
                let type = index % 11 == 10 ? "application/json" : "application/x-www-form-urlencoded"
                return try await app.testing().sendRequest(.POST, path, headers: ["Content-Type": type], body: ByteBuffer(string: body))
            }
            #expect(result.accepted > 0 && result.refused > 0)
        }
    }

    @Test("catalog import and holiday schedule: mutated CSV and schedule forms from the province administrator")
    func catalogAndSchedule() async throws {
        try await withTestApp { app in
            var fuzzer = InputFuzzer(seed: 0x1A7A_6E06)
            var admin = try await BrowserSession.signedIn("quantritinh", on: app)
            _ = try await admin.get(SiteURL.catalogAdmin.path)
            let procedures = try await app.catalogStore.catalog(on: app.db).procedures
            let csv = ProcedureCatalogCSV.serialize(Array(procedures.prefix(2)))
            try await Self.fuzz("catalog import", on: app) { _ in
                try await admin.post(urlEncoded: Self.encoded([("csvText", fuzzer.mutate(csv))], csrf: admin.csrfToken ?? ""), to: SiteURL.catalogImport.path)
            }
            let schedule = [("year", "2027"), ("sourceTitle", "Thông báo nghỉ lễ"), ("sourceReference", "Số 1/TB-BNV"),
                            ("daysOff", "2027-01-01 Tết Dương lịch\n2/9/2027 Quốc khánh"), ("makeUpWorkingDays", "")]
            try await Self.fuzz("holiday schedule", on: app) { _ in
                try await admin.post(urlEncoded: Self.encoded(fuzzer.mutateForm(schedule), csrf: admin.csrfToken ?? ""), to: SiteURL.schedules.path)
            }
        }
    }

    @Test("the holiday schedule's lines: mutated forms build a checked schedule or a list of Vietnamese problems")
    func scheduleLines() {
        var fuzzer = InputFuzzer(seed: 0x1A7A_6E07)
        let daysOff = "2027-01-01 Tết Dương lịch\n2/9/2027 Quốc khánh\n3/9/2027 Quốc khánh (nghỉ thêm)"
        for index in 0..<InputFuzzer.cases(default: 5_000) {
            let form = CalendarController.ScheduleForm(
                year: index % 3 == 0 ? fuzzer.mutate("2027") : "2027", sourceTitle: "Thông báo", sourceReference: fuzzer.chance(10) ? "" : "Số 1",
                daysOff: fuzzer.mutate(daysOff), makeUpWorkingDays: fuzzer.chance(30) ? fuzzer.mutate("2027-01-09 Làm bù") : nil
            )
            do {
                let schedule = try CalendarController.makeSchedule(from: form)
                #expect(schedule.daysOff.allSatisfy { $0.date.year == schedule.year }, "case \(index)")
            } catch let error as CalendarError {
                #expect(!error.problems.isEmpty, "case \(index)")
            } catch {
                Issue.record("case \(index): unexpected \(error)")
            }
        }
    }
}

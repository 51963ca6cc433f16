import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// Six dossiers of xã Phụng Công in March 2026, driven through the real rules; the right answers are worked out below.
enum MarchDossiers {
    static func at(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        LocalDateTime(date: CivilDate(year: 2026, month: 3, day: day)!, hour: hour, minute: minute)!.instant
    }

    /// Wednesday 11/3/2026 12:00: the moment the report is read.
    static let reportTime = at(11, 12)

    static func acting(_ username: String, _ role: Role) -> DossierService.Acting {
        .init(actor: DossierActor(username: username, roles: [role]), audit: .commandLine, officerID: nil, unitName: "Phụng Công")
    }

    static func intake(_ decision: DossierService.IntakeDecision, at instant: Date, on app: Application) async throws -> Dossier {
        let procedure = try #require(try await app.catalogStore.catalog(on: app.db).procedure(code: "1.004837"))
        let communeID = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first()?.requireID())
        return try await DossierService.intake(
            .init(procedure: procedure, applicant: Applicant(kind: .person, fullName: "Nguyễn Văn Bình", idNumber: "001203004567", phone: nil, email: nil, address: "Thôn Đông Cầu"),
                  receivedDocuments: Set(procedure.requiredDocuments.indices), scans: [], copies: 1, pages: 1,
                  note: decision == .refuse ? "Không thuộc thẩm quyền" : "", decision: decision, channel: .counter),
            communeID: communeID, by: acting("tiepnhan", .counterOfficer), at: instant, on: app,
            calendar: try await app.calendarStore.calendar(on: app.db), provinceFees: nil
        )
    }

    @discardableResult
    static func perform(_ command: DossierCommand, _ actor: (String, Role), on dossier: Dossier, at instant: Date, app: Application) async throws -> Dossier {
        let current = try #require(try await Dossier.find(dossier.id, on: app.db))
        return try await DossierService.perform(command, on: try current.requireID(), expectedVersion: current.version, by: acting(actor.0, actor.1), at: instant,
                                                on: app, calendar: try await app.calendarStore.calendar(on: app.db))
    }

    static let desk = ("tiepnhan", Role.counterOfficer), head = ("truongphong", Role.departmentHead), specialist = ("chuyenvien", Role.specialist), leader = ("lanhdao", Role.communeLeader)

    /// Takes a received dossier to the specialist's review.
    static func toReview(_ dossier: Dossier, from start: Date, app: Application) async throws {
        try await perform(.forward, desk, on: dossier, at: start.addingTimeInterval(600), app: app)
        try await perform(.assign(assignee: "chuyenvien"), head, on: dossier, at: start.addingTimeInterval(1200), app: app)
        try await perform(.startReview, specialist, on: dossier, at: start.addingTimeInterval(1800), app: app)
    }

    static func approve(_ dossier: Dossier, at instant: Date, app: Application) async throws {
        try await perform(.propose(note: "Đủ điều kiện"), specialist, on: dossier, at: instant.addingTimeInterval(-1800), app: app)
        try await perform(.approve, leader, on: dossier, at: instant, app: app)
    }

    /// Procedure 1.004837 (guardianship) takes 3 working days: received Monday 2/3, due Thursday 5/3 at 17:00.
    /// - D1 approved Tue 3/3 10:00 (before time, 25 h), returned 3/3 14:00;
    /// - D2 approved Thu 5/3 16:00 (on time, 78,5 h → 79 whole hours);
    /// - D3 apologised on Tue 3/3 with a new date Mon 9/3, approved Fri 6/3 10:00 (late all the same, 96 h), returned 6/3 11:00;
    /// - D4 still under review on 11/3: open past its date;
    /// - D5 received Tue 10/3, forwarded: open within its time (due 13/3);
    /// - D6 refused at the counter on 2/3.
    static func make(on app: Application) async throws -> [String: Dossier] {
        let d1 = try await intake(.receive, at: at(2, 9), on: app)
        try await toReview(d1, from: at(2, 9), app: app)
        try await approve(d1, at: at(3, 10), app: app)
        try await perform(.returnResult(method: .inPerson), desk, on: d1, at: at(3, 14), app: app)
        let d2 = try await intake(.receive, at: at(2, 9, 30), on: app)
        try await toReview(d2, from: at(2, 9, 30), app: app)
        try await approve(d2, at: at(5, 16), app: app)
        let d3 = try await intake(.receive, at: at(2, 10), on: app)
        try await toReview(d3, from: at(2, 10), app: app)
        try await perform(.issueApology(reason: "Chờ xác minh của công an xã", newDueDate: CivilDate(year: 2026, month: 3, day: 9)!), head, on: d3, at: at(3, 9), app: app)
        try await approve(d3, at: at(6, 10), app: app)
        try await perform(.returnResult(method: .inPerson), desk, on: d3, at: at(6, 11), app: app)
        let d4 = try await intake(.receive, at: at(2, 10, 30), on: app)
        try await toReview(d4, from: at(2, 10, 30), app: app)
        let d5 = try await intake(.receive, at: at(10, 9), on: app)
        try await perform(.forward, desk, on: d5, at: at(10, 9, 30), app: app)
        let d6 = try await intake(.refuse, at: at(2, 11), on: app)
        var all: [String: Dossier] = [:]
        for (name, dossier) in [("d1", d1), ("d2", d2), ("d3", d3), ("d4", d4), ("d5", d5), ("d6", d6)] {
            all[name] = try #require(try await Dossier.find(dossier.id, on: app.db))
        }
        return all
    }

    static let query = "?commune=phung-cong&from=2026-03-01&to=2026-03-11"
}

@Suite("Reports: figures from the summary tables, pages, exports, API, bad input, tenancy and verify")
struct ReportsTests {
    struct Figures: Decodable {
        let entered: Int64, enteredCounter: Int64, handled: Int64, handledBeforeTime: Int64, handledOnTime: Int64, handledLate: Int64, handledLateWithApology: Int64
        let inProcessWithinTime: Int64, inProcessOverdue: Int64, refused: Int64, returned: Int64
        let averageProcessingHours: Double?, percentile90ProcessingHours: Int?
        struct Rate: Decodable { let numerator: Int64; let denominator: Int64; let value: Double? }
        let onTimeRate: Rate
    }

    struct Operations: Decodable {
        struct Period: Decodable { let from: String; let to: String }
        let period: Period, previousPeriod: Period
        let current: Figures, previous: Figures
        struct Group: Decodable { let key: String; let label: String; let figures: Figures }
        let byOfficer: [Group]
    }

    @Test("the operation report of hand-made dossiers: intake, results before, on time and late (with an apology), work open past its date")
    func operationFigures() async throws {
        try await withTestApp(clock: .fixed(MarchDossiers.reportTime)) { app in
            let dossiers = try await MarchDossiers.make(on: app)
            #expect(dossiers["d3"]?.timeliness == Timeliness.late.rawValue)
            let token = try await APIClient.token("lanhdao", on: app)
            let response = try await APIClient.get(APIURL.reportOperations.path + MarchDossiers.query, token: token, on: app)
            #expect(response.status == .ok, "\(response.body.string.prefix(400))")
            let report = try JSONDecoder().decode(Operations.self, from: Data(response.body.readableBytesView))
            let c = report.current
            #expect(c.entered == 6 && c.enteredCounter == 6)
            #expect(c.handled == 3 && c.handledBeforeTime == 1 && c.handledOnTime == 1 && c.handledLate == 1 && c.handledLateWithApology == 1)
            #expect(c.onTimeRate.numerator == 2 && c.onTimeRate.denominator == 3)
            #expect(c.inProcessOverdue == 1 && c.inProcessWithinTime == 1)
            #expect(c.refused == 1 && c.returned == 2)
            // (25 + 78,5 + 96) ÷ 3 = 66,5 hours; the 90th percentile of 25, 79, 96 whole hours is the 3rd: 96.
            #expect(c.averageProcessingHours == 66.5)
            #expect(c.percentile90ProcessingHours == 96)
            // The previous period of 11 days, 18/2–28/2, holds nothing: zeros, and no rate.
            #expect(report.previousPeriod.from == "2026-02-18" && report.previousPeriod.to == "2026-02-28")
            #expect(report.previous.entered == 0 && report.previous.onTimeRate.value == nil && report.previous.averageProcessingHours == nil)
            #expect(report.byOfficer.first { $0.key == "chuyenvien" }?.figures.handled == 3)

            struct Indicators: Decodable {
                struct Indicator: Decodable { let id: String; let numerator: Int64?; let denominator: Int64?; let points: Double?; let available: Bool }
                let indicators: [Indicator]
            }
            let indicators = try JSONDecoder().decode(Indicators.self, from: Data(try await APIClient.get(APIURL.reportIndicators.path + MarchDossiers.query, token: token, on: app).body.readableBytesView))
            // Progress: (1 before + 1 on time + 1 within time) ÷ (3 handled + 2 in process) = 3/5 → 12 points.
            let progress = try #require(indicators.indicators.first { $0.id == "progress.on_time" })
            #expect(progress.numerator == 3 && progress.denominator == 5 && progress.points == 12)
            // Synchronisation is off in tests: none of the period's dossiers is on the national portal.
            let synchronised = try #require(indicators.indicators.first { $0.id == "transparency.synchronised" })
            #expect(synchronised.available && synchronised.numerator == 0 && synchronised.points == 0)
        }
    }

    @Test("the pages show the figures and link each to the dossiers behind it; exports are CSV and a real XLSX")
    func pagesAndExports() async throws {
        try await withTestApp(clock: .fixed(MarchDossiers.reportTime)) { app in
            let dossiers = try await MarchDossiers.make(on: app)
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let page = try await leader.get(SiteURL.operationReport.path + MarchDossiers.query)
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("66,7 %"))
            #expect(html.contains("<svg"))
            #expect(html.contains("role=\"img\""))
            let late = SiteURL.reportDossiers.path + "?commune=phung-cong&amp;from=2026-03-01&amp;to=2026-03-11&amp;figure=handled_late"
            #expect(html.contains(late))
            let list = try await leader.get(late.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(list.status == .ok)
            #expect(list.body.string.contains(try #require(dossiers["d3"]?.code)))
            #expect(!list.body.string.contains(try #require(dossiers["d1"]?.code)))
            let overdue = try await leader.get(SiteURL.reportDossiers.path + MarchDossiers.query + "&figure=in_process_overdue")
            #expect(overdue.body.string.contains(try #require(dossiers["d4"]?.code)))
            #expect(!overdue.body.string.contains(try #require(dossiers["d5"]?.code)))
            let entered = try await leader.get(SiteURL.reportDossiers.path + MarchDossiers.query + "&figure=entered")
            #expect(entered.body.string.contains("<strong id=\"so-ho-so\">6</strong>"))
            #expect(try await leader.get(SiteURL.reportDossiers.path + MarchDossiers.query + "&figure=khong-co").status == .badRequest)

            let indicators = try await leader.get(SiteURL.indicatorReport.path + MarchDossiers.query)
            #expect(indicators.status == .ok)
            #expect(indicators.body.string.contains("Không có trong MotCua"))
            #expect(try await leader.get(SiteURL.satisfactionReport.path + MarchDossiers.query).status == .ok)

            let csv = try await leader.get(SiteURL.reportExport(.value("hoat-dong.csv")).path + MarchDossiers.query)
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            // The previous period ended before the first of these dossiers: it has no figures, not zeros.
            #expect(csv.body.string.contains("Hồ sơ tiếp nhận,6,\(ReportLayout.noDataText)"))
            let xlsx = try await leader.get(SiteURL.reportExport(.value("hoat-dong.xlsx")).path + MarchDossiers.query)
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers.first(name: .contentDisposition)?.contains("bao-cao-hoat-dong-phung-cong-2026-03-01-2026-03-11.xlsx") == true)
            let bytes = Array(xlsx.body.readableBytesView)
            #expect(Array(bytes.prefix(4)) == [0x50, 0x4b, 0x03, 0x04])
            #expect(String(decoding: bytes, as: UTF8.self).contains("Xã Phụng Công"))
            for name in ["chi-so-766.xlsx", "hai-long.csv", "xep-hang.xlsx"] {
                #expect(try await leader.get(SiteURL.reportExport(.value(name)).path + MarchDossiers.query).status == .ok, "\(name)")
            }
            #expect(try await leader.get(SiteURL.reportExport(.value("hoat-dong.pdf")).path).status == .notFound)
        }
    }

    @Test("bad input: from after to, more than five years, unreadable dates, unknown commune; a period without data shows zeros and dashes")
    func badInput() async throws {
        try await withTestApp(clock: .fixed(MarchDossiers.reportTime)) { app in
            let token = try await APIClient.token("lanhdao", on: app)
            let reversed = try await APIClient.get(APIURL.reportOperations.path + "?from=2026-03-10&to=2026-03-01", token: token, on: app)
            #expect(reversed.status == .badRequest)
            #expect(APIClient.errorCode(reversed) == "invalid_period")
            #expect(reversed.body.string.contains("đang sau ngày kết thúc"))
            let long = try await APIClient.get(APIURL.reportIndicators.path + "?from=2020-01-01&to=2026-03-01", token: token, on: app)
            #expect(long.status == .badRequest)
            #expect(long.body.string.contains("dài hơn 5 năm"))
            #expect(try await APIClient.get(APIURL.reportOperations.path + "?from=31/02/2026", token: token, on: app).status == .badRequest)
            let unknown = try await APIClient.get(APIURL.reportOperations.path + "?commune=khong-co-xa-nay", token: token, on: app)
            #expect(unknown.status == .notFound)
            #expect(APIClient.errorCode(unknown) == "not_found")

            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let page = try await leader.get(SiteURL.operationReport.path + "?from=2026-03-10&to=2026-03-01")
            #expect(page.status == .badRequest)
            #expect(page.body.string.contains("Ngày bắt đầu (10/03/2026) đang sau ngày kết thúc (01/03/2026)"))
            #expect(page.body.string.contains("name=\"from\""))

            let empty = try await leader.get(SiteURL.operationReport.path + "?from=2026-01-01&to=2026-01-31")
            #expect(empty.status == .ok)
            #expect(empty.body.string.contains("Không có hồ sơ trong kỳ") || empty.body.string.contains("—"))
            let emptyIndicators = try await leader.get(SiteURL.indicatorReport.path + "?from=2026-01-01&to=2026-01-31")
            #expect(emptyIndicators.status == .ok)
            // Progress has nothing to divide: no points and a dash, never a division error.
            let emptyScore = try await APIClient.get(APIURL.reportIndicators.path + "?from=2026-01-01&to=2026-01-31", token: token, on: app)
            #expect(emptyScore.status == .ok)
            #expect(emptyScore.body.string.contains(#""id":"progress.on_time""#))
            struct Score: Decodable { struct Indicator: Decodable { let id: String; let points: Double?; let denominator: Int64? }; let indicators: [Indicator] }
            let progress = try JSONDecoder().decode(Score.self, from: Data(emptyScore.body.readableBytesView)).indicators.first { $0.id == "progress.on_time" }
            #expect(progress?.denominator == 0 && progress?.points == nil)
            let emptyAPI = try await APIClient.get(APIURL.reportOperations.path + "?from=2026-01-01&to=2026-01-31", token: token, on: app)
            #expect(emptyAPI.status == .ok)
            #expect(emptyAPI.body.string.contains("\"value\":null"))
        }
    }

    @Test("tenancy: a commune sees only itself and its rank; another commune answers 404; the province sees all and drills down")
    func tenancy() async throws {
        try await withTestApp(demoDossiersPerCommune: 3, clock: .fixed(MarchDossiers.reportTime)) { app in
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            #expect(try await leader.get(SiteURL.operationReport.path + "?commune=van-giang").status == .notFound)
            #expect(try await leader.get(SiteURL.reportDossiers.path + "?commune=van-giang&figure=entered").status == .notFound)
            #expect(try await leader.get(SiteURL.reportExport(.value("hoat-dong.xlsx")).path + "?commune=van-giang").status == .notFound)
            let own = try await leader.get(SiteURL.reports.path)
            #expect(own.status == .ok)
            #expect(own.body.string.contains("trên 5 xã, phường của tỉnh"))
            #expect(!own.body.string.contains("Văn Giang"))
            let otherToken = try await APIClient.token("tiepnhan.vangiang", on: app)
            #expect(try await APIClient.get(APIURL.reportOperations.path + "?commune=phung-cong", token: otherToken, on: app).status == .notFound)
            #expect(try await APIClient.get(APIURL.reportIndicators.path + "?commune=phung-cong", token: otherToken, on: app).status == .notFound)

            var province = try await BrowserSession.signedIn("tinh", on: app)
            let dashboard = try await province.get(SiteURL.reports.path)
            #expect(dashboard.status == .ok)
            for name in ["Phụng Công", "Văn Giang", "Nghĩa Trụ", "Mễ Sở", "Long Hưng"] { #expect(dashboard.body.string.contains(name)) }
            #expect(dashboard.body.string.contains("Tỷ lệ đúng hạn toàn tỉnh theo tháng"))
            let drill = try await province.get(SiteURL.operationReport.path + "?commune=van-giang")
            #expect(drill.status == .ok)
            #expect(drill.body.string.contains("Xã Văn Giang"))
            let provinceToken = try await APIClient.token("tinh", on: app)
            let whole = try await APIClient.get(APIURL.reportOperations.path, token: provinceToken, on: app)
            #expect(whole.status == .ok)
            #expect(whole.body.string.contains("Toàn tỉnh (5 xã, phường)"))
        }
    }

    @Test("the province's reports: departments named with their commune, communes ranked by their share of reachable points, no zeros before the first dossier")
    func provinceReadsItsCommunesApart() async throws {
        try await withTestApp(demoDossiersPerCommune: 3, clock: .fixed(MarchDossiers.reportTime)) { app in
            var province = try await BrowserSession.signedIn("tinh", on: app)
            // Every commune has its own "Văn phòng HĐND–UBND": over the whole province each row says whose it is.
            let whole = try await province.get(SiteURL.operationReport.path + "?from=2025-07-01&to=2026-03-11")
            #expect(whole.status == .ok)
            for commune in ["Xã Phụng Công", "Xã Văn Giang"] { #expect(whole.body.string.contains("Văn phòng HĐND–UBND — \(commune)")) }
            #expect(!whole.body.string.contains("Văn phòng HĐND–UBND</"), "a department row without its commune")

            // Ranked by points over the reachable maximum, which differs between communes.
            let csv = try await province.get(SiteURL.reportExport(.value("xep-hang.csv")).path + "?from=2025-07-01&to=2026-03-11")
            #expect(csv.status == .ok)
            let rows = csv.body.string.split(whereSeparator: \.isNewline).map { ReportsTests.csvFields(String($0)) }
            let header = try #require(rows.first { $0.first == "Hạng" })
            let shareColumn = try #require(header.firstIndex(of: "Tỷ lệ điểm đạt (%)"))
            let pointsColumn = try #require(header.firstIndex(of: "Điểm 766 (các chỉ tiêu tính được)"))
            let maximumColumn = try #require(header.firstIndex(of: "Điểm tối đa tính được"))
            let ranked = rows.drop { $0 != header }.dropFirst().filter { $0.count == header.count }
            #expect(ranked.count == 5)
            let shares = ranked.map { Double($0[shareColumn].replacingOccurrences(of: ",", with: ".")) ?? -1 }
            #expect(shares == shares.sorted(by: >), "ranked by share: \(shares)")
            for row in ranked {
                let points = Double(row[pointsColumn].replacingOccurrences(of: ",", with: ".")) ?? -1
                let maximum = Double(row[maximumColumn].replacingOccurrences(of: ",", with: ".")) ?? -1
                let share = Double(row[shareColumn].replacingOccurrences(of: ",", with: ".")) ?? -1
                #expect(maximum > 0 && abs(share - (points / maximum * 100)) < 0.1, "\(row)")
            }

            // The period before the commune's first dossier has no figures: it says so rather than showing zeros.
            let phungCong = try #require(try await Commune.query(on: app.db).filter(\.$slug == "phung-cong").first())
            let codes = try await Dossier.query(on: app.db).filter(\.$commune.$id == phungCong.requireID()).all().map(\.code)
            let intakeDays = codes.compactMap { code in DossierCode.parse(code).map(\.receivedOn) }
            let firstDay = try #require(intakeDays.min())
            let today = LocalDateTime(MarchDossiers.reportTime)!.date
            let fromFirst = try await province.get(SiteURL.operationReport.path + "?commune=phung-cong&from=\(firstDay.isoString)&to=\(today.isoString)")
            #expect(fromFirst.status == .ok)
            #expect(fromFirst.body.string.contains(ReportLayout.noDataText))
            let export = try await province.get(SiteURL.reportExport(.value("hoat-dong.csv")).path + "?commune=phung-cong&from=\(firstDay.isoString)&to=\(today.isoString)")
            let enteredLine = export.body.string.split(whereSeparator: \.isNewline).first { $0.hasPrefix("Hồ sơ tiếp nhận,") }
            #expect(enteredLine?.hasSuffix(",\(ReportLayout.noDataText)") == true, "\(enteredLine ?? "")")
            let afterFirst = try #require(firstDay.adding(days: 1))
            let later = try await province.get(SiteURL.operationReport.path + "?commune=phung-cong&from=\(afterFirst.isoString)&to=\(today.isoString)")
            #expect(later.status == .ok)
            #expect(!later.body.string.contains(ReportLayout.noDataText), "the previous period holds the first day")
        }
    }

    @Test("the 766 inputs counted by aggregate statements equal the rows: synchronised dossiers, dossiers with a fee, dossiers paid online")
    func indicatorInputsFromAggregates() async throws {
        try await withTestApp(demoDossiersPerCommune: 3) { app in
            let phungCong = try #require(try await Commune.query(on: app.db).filter(\.$slug == "phung-cong").first())
            let communeID = try phungCong.requireID()
            let now = app.clock.now()
            // The 30 days from the demo's latest receipt, with that dossier given a fee at intake and paid online twice
            // (a repeated order counts once).
            let paidDossier = try #require(try await Dossier.query(on: app.db).filter(\.$commune.$id == communeID)
                .filter(\.$receivedAt != nil).sort(\.$receivedAt, .descending).first())
            let firstDay = try #require(paidDossier.receivedAt.flatMap { LocalDateTime($0)?.date })
            let period = try ReportPeriod(from: firstDay, to: try #require(firstDay.adding(days: 30)))
            let catalog = try await app.catalogStore.catalog(on: app.db)
            paidDossier.feeAmount = 7_000
            try await paidDossier.save(on: app.db)
            for number in 1...2 {
                let order = PaymentOrderRecord()
                order.createdAt = now
                order.reference = "TEST766\(number)"
                order.method = "vnpay"
                order.dossierCode = paidDossier.code
                order.amount = 7_000
                order.feeName = "Lệ phí"
                order.legalBasis = "Thông tư 85/2019/TT-BTC"
                order.payerName = "Người nộp"
                order.status = PaymentOrderStatus.paid.rawValue
                order.expiresAt = now
                order.$commune.id = communeID
                order.$dossier.id = try paidDossier.requireID()
                try await order.create(on: app.db)
            }
            let inputs = try #require(try await ReportQueries.indicatorInputs(communeIDs: [communeID], period: period, at: now, catalog: catalog, on: app.db)[communeID])

            // The same counts from the rows, one by one.
            let dossiers = try await Dossier.query(on: app.db).filter(\.$commune.$id == communeID).all()
            let inPeriod = { (date: Date?) in date.map { $0 >= period.startInstant && $0 < period.endInstant } ?? false }
            let withFee = dossiers.filter { $0.feeAmount > 0 && inPeriod($0.receivedAt) }
            let paidOrders = try await PaymentOrderRecord.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$status == PaymentOrderStatus.paid.rawValue).all()
            let paidDossiers = Set(paidOrders.map(\.$dossier.id))
            let synchronised = Set(try await PortalDossierState.query(on: app.db).filter(\.$commune.$id == communeID).all().map(\.$dossier.id))
            #expect(inputs.dossiersWithFee == Int64(withFee.count))
            #expect(inputs.dossiersPaidOnline == Int64(withFee.filter { paidDossiers.contains($0.id ?? UUID()) }.count))
            #expect(inputs.dossiersSynchronised == Int64(dossiers.filter { synchronised.contains($0.id ?? UUID()) && inPeriod($0.createdAt) }.count))
            #expect(inputs.dossiersPaidOnline >= 1, "the dossier paid online counts")
        }
    }

    /// The fields of one CSV line, quotes removed.
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        for character in line {
            switch character {
            case "\"": quoted.toggle()
            case "," where !quoted: fields.append(field); field = ""
            default: field.append(character)
            }
        }
        return fields + [field]
    }

    @Test("the summaries equal the dossiers after demo data and every change; `reports verify` finds a row altered behind the app's back")
    func verify() async throws {
        try await withTestApp(demoDossiersPerCommune: 4, clock: .fixed(MarchDossiers.reportTime)) { app in
            #expect(try await ReportSummaries.verify(on: app.db) == [])
            _ = try await MarchDossiers.make(on: app)
            #expect(try await ReportSummaries.verify(on: app.db) == [])
            try await Self.runVerify(on: app)

            // Behind the app's back: one late result more on the row of D3's approval (6/3, procedure 1.004837, chuyenvien).
            let sql = try #require(app.db as? any SQLDatabase)
            let row = try #require(try await sql.raw("SELECT commune_id, department_key, field, handled_late FROM report_daily_figures WHERE day = '2026-03-06' AND procedure_code = '1.004837' AND officer = 'chuyenvien' AND handled_late > 0").first())
            let late = try row.decode(column: "handled_late", as: Int64.self)
            let communeID = try row.decode(column: "commune_id", as: UUID.self)
            let field = try row.decode(column: "field", as: String.self)
            let department = try row.decode(column: "department_key", as: String.self)
            try await sql.raw("""
                UPDATE report_daily_figures SET handled_late = handled_late + 1 WHERE commune_id = \(bind: communeID) AND day = '2026-03-06'
                AND procedure_code = '1.004837' AND officer = 'chuyenvien' AND field = \(bind: field) AND department_key = \(bind: department)
                """).run()
            let differences = try await ReportSummaries.verify(on: app.db)
            #expect(differences.count == 1)
            #expect(differences.first?.contains("handled_late trong bảng tổng hợp là \(late + 1), tính lại từ hồ sơ là \(late)") == true)
            await #expect(throws: CommandFailure.self) { try await Self.runVerify(on: app) }
            do {
                try await Self.runVerify(on: app)
            } catch let failure as CommandFailure {
                #expect(failure.exitCode == 1)
            }
            try await sql.raw("DELETE FROM report_processing_hours WHERE hours = 96").run()
            #expect(try await ReportSummaries.verify(on: app.db).count >= 2)
            try await ReportSummaries.rebuild(on: app.db)
            #expect(try await ReportSummaries.verify(on: app.db) == [])
        }
    }

    static func runVerify(on app: Application) async throws {
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["motcua", "verify"]))
        context.application = app
        try await ReportsCommand().run(using: &context)
    }
}

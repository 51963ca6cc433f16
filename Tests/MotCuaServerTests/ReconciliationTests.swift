import Fluent
import Foundation
import MotCuaCore
import Testing
import Vapor
import VaporTesting
@testable import MotCuaServer

/// Fee reconciliation (issue #21): the officer's page of payments by day and method, the settlement file import with
/// every kind of difference and bad files, the exports, and the tenant scope.
@Suite("Payments: reconciliation page, settlement import, export")
struct ReconciliationTests {
    /// A commune's payments: one paid online (50.000 ₫), one paid at the desk (30.000 ₫), and an order of another commune.
    /// Returns the paid order.
    static func payments(on app: Application) async throws -> PaymentOrderRecord {
        var (citizen, dossier) = try await PaymentTests.dossierWaitingForPayment(on: app)
        let order = try await PaymentTests.openOrder(&citizen, for: dossier, on: app)
        #expect(try await PaymentTests.ipn(PaymentTests.notice(for: order.reference, amount: PaymentTests.fee), on: app) == "00")

        var (desk, counter) = try await DossierTests.receive("1.004194", on: app)
        let asked = try await desk.submit(form: ["action": "request_payment", "version": String(counter.version), "amount": "30000"], to: SiteURL.dossierActions(.value(counter.code)).path)
        #expect(asked.status == .seeOther, "\(asked.body.string.prefix(300))")
        counter = try #require(try await Dossier.find(counter.id, on: app.db))
        let paid = try await desk.submit(form: ["action": "record_payment", "version": String(counter.version)], to: SiteURL.dossierActions(.value(counter.code)).path)
        #expect(paid.status == .seeOther, "\(paid.body.string.prefix(300))")

        // Another commune's paid order, which xã Phụng Công must neither see nor match.
        let other = try #require(try await Commune.query(on: app.db).filter(\.$id != dossier.$commune.id).first())
        let foreign = PaymentOrderRecord()
        foreign.createdAt = app.clock.now()
        foreign.$commune.id = try other.requireID()
        foreign.$dossier.id = try dossier.requireID()
        foreign.reference = "MCKHACXA000001"
        foreign.method = "vnpay"
        foreign.dossierCode = "KHAC-XA-0001"
        foreign.amount = 99_000
        foreign.feeName = "Phí xã khác"
        foreign.legalBasis = ""
        foreign.payerName = "Người xã khác"
        foreign.status = PaymentOrderStatus.paid.rawValue
        foreign.expiresAt = app.clock.now()
        foreign.notifiedAt = app.clock.now()
        foreign.receiptNumber = "BL-MCKHACXA000001"
        try await foreign.create(on: app.db)
        return try #require(try await PaymentOrderRecord.find(order.id, on: app.db))
    }

    /// A settlement file with a heading and the given rows (reference, amount in đồng, status).
    static func settlement(_ rows: [(String, Int64, String)]) -> [UInt8] {
        var lines = [SettlementFile.columns.joined(separator: ",")]
        for (index, row) in rows.enumerated() {
            lines.append("MOTCUADEMO,\(row.0),\(14_226_112 + index),\(row.1 * 100),NCB,20260302093000,\(row.2)")
        }
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    static func upload(_ bytes: [UInt8], as session: inout BrowserSession, name: String = "vnpay-20260302.csv") async throws -> TestingHTTPResponse {
        try await session.submitMultipart(fields: [("tu", "2026-03-01"), ("den", "2026-03-02")], files: [("file", name, "text/csv", bytes)], to: ReconciliationURL.settlementImport.path)
    }

    @Test("the page shows the commune's payments by day and method, pending orders over a day, mismatches and refunds due; never another commune's")
    func page() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            let order = try await Self.payments(on: app)
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let clean = try await desk.get(ReconciliationURL.page.path).body.string
            #expect(clean.contains("id=\"thu-theo-ngay\"") && clean.contains("02/03/2026"))
            #expect(clean.contains("id=\"tong-truc-tuyen\">50.000 ₫") && clean.contains("id=\"tong-tai-quay\">30.000 ₫") && clean.contains("id=\"tong-thu\">80.000 ₫"))
            #expect(clean.contains("id=\"khong-can-xu-ly\""))
            #expect(!clean.contains("MCKHACXA000001") && !clean.contains("99.000"), "another commune's payment stays out")

            // An order left without a notice for two days, and a notice with the wrong amount on another.
            let stale = PaymentOrderRecord()
            stale.createdAt = DossierTests.monday.addingTimeInterval(-2 * 24 * 3600)
            stale.$commune.id = order.$commune.id
            stale.$dossier.id = order.$dossier.id
            stale.reference = "MCCHOLAU00001"
            stale.method = "vnpay"
            stale.dossierCode = order.dossierCode
            stale.amount = 50_000
            stale.feeName = order.feeName
            stale.legalBasis = ""
            stale.payerName = "Trần Thị Mai"
            stale.status = PaymentOrderStatus.pending.rawValue
            stale.expiresAt = stale.createdAt.addingTimeInterval(900)
            stale.mismatchedAmount = 5_000
            try await stale.create(on: app.db)
            let attention = try await desk.get(ReconciliationURL.page.path + "?tu=2026-02-27&den=2026-03-02").body.string
            #expect(attention.contains("id=\"cho-qua-mot-ngay\"") && attention.contains("id=\"lech-so-tien\"") && attention.contains("VNPay báo 5.000 ₫"))
            #expect(!attention.contains("id=\"khong-can-xu-ly\""))

            let bad = try await desk.get(ReconciliationURL.page.path + "?tu=ngay-mai")
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("không phải ngày hợp lệ"))
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            #expect(try await specialist.get(ReconciliationURL.page.path).status == .forbidden)
        }
    }

    @Test("a matching settlement file shows no difference; every kind of difference is listed; the import is journalled")
    func settlementDifferences() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            let order = try await Self.payments(on: app)
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let matching = try await Self.upload(Self.settlement([(order.reference, 50_000, "00"), ("MCKHONGTHANHCONG", 10_000, "02")]), as: &desk)
            #expect(matching.status == .ok)
            #expect(matching.body.string.contains("id=\"doi-soat-khop\""))

            // A pending order that the intermediary settled although no notice reached MotCua.
            let pending = PaymentOrderRecord()
            pending.createdAt = DossierTests.monday
            pending.$commune.id = order.$commune.id
            pending.$dossier.id = order.$dossier.id
            pending.reference = "MCCHUABAO00001"
            pending.method = "vnpay"
            pending.dossierCode = order.dossierCode
            pending.amount = 20_000
            pending.feeName = order.feeName
            pending.legalBasis = ""
            pending.payerName = "Trần Thị Mai"
            pending.status = PaymentOrderStatus.pending.rawValue
            pending.expiresAt = DossierTests.monday.addingTimeInterval(900)
            try await pending.create(on: app.db)

            let differing = try await Self.upload(Self.settlement([
                (order.reference, 45_000, "00"),        // amounts differ
                ("MCKHONGCO000001", 12_000, "00"),      // unknown here
                ("MCKHACXA000001", 99_000, "00"),       // another commune's: unknown to this one
                ("MCCHUABAO00001", 20_000, "00"),       // settled, never confirmed here
            ]), as: &desk)
            #expect(differing.status == .ok)
            let html = differing.body.string
            #expect(html.contains("id=\"chenh-lech\""))
            #expect(html.contains("Dòng 2: giao dịch \(order.reference) lệch số tiền: MotCua ghi 50.000 ₫, tệp ghi 45.000 ₫."))
            #expect(html.contains("Dòng 3: giao dịch MCKHONGCO000001 (12.000 ₫) có trong tệp nhưng MotCua không có giao dịch này của xã."))
            #expect(html.contains("Dòng 4: giao dịch MCKHACXA000001"))
            #expect(html.contains("Dòng 5: giao dịch MCCHUABAO00001 (20.000 ₫) đã thu theo tệp nhưng tại MotCua ở trạng thái &quot;Chờ thanh toán&quot;.") || html.contains("Dòng 5: giao dịch MCCHUABAO00001 (20.000 ₫) đã thu theo tệp nhưng tại MotCua ở trạng thái \"Chờ thanh toán\"."))

            let missing = try await Self.upload(Self.settlement([("MCKHONGCO000001", 12_000, "02")]), as: &desk)
            #expect(missing.body.string.contains("Giao dịch \(order.reference) (50.000 ₫) đã ghi nhận thu tại MotCua nhưng không có trong tệp đối soát."))

            let journal = try await AuditEntry.query(on: app.db).filter(\.$action == "payment.settlement_import").sort(\.$id).all()
            #expect(journal.count == 3)
            #expect(journal.first?.summary.contains("khớp hoàn toàn") == true)
            #expect(journal[1].summary.contains("4 chênh lệch"))
        }
    }

    @Test("bad files are refused whole with a Vietnamese message naming the line, and nothing is journalled")
    func badFiles() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var desk = try await BrowserSession.signedIn("tiepnhan", on: app)
            let noColumns = try await Self.upload(Array("ma,so tien\nMC1,100\n".utf8), as: &desk)
            #expect(noColumns.status == .unprocessableEntity)
            #expect(noColumns.body.string.contains("Dòng 1: thiếu cột vnp_TxnRef, vnp_TransactionNo, vnp_Amount, vnp_PayDate, vnp_TransactionStatus"))
            let heading = SettlementFile.columns.joined(separator: ",")
            let badAmount = try await Self.upload(Array("\(heading)\nMOTCUADEMO,MC1,1,5000050,NCB,20260302093000,00\nMOTCUADEMO,MC2,2,500000,NCB,20260231093000,00\n".utf8), as: &desk)
            #expect(badAmount.status == .unprocessableEntity)
            #expect(badAmount.body.string.contains("Dòng 2: số tiền"))
            #expect(badAmount.body.string.contains("Dòng 3: thời điểm"))
            let duplicate = try await Self.upload(Array("\(heading)\nMOTCUADEMO,MC1,1,500000,NCB,20260302093000,00\nMOTCUADEMO,MC1,2,500000,NCB,20260302093000,00\nMOTCUADEMO,MC3,3\n".utf8), as: &desk)
            #expect(duplicate.body.string.contains("Dòng 3: giao dịch MC1 đã có ở dòng 2."))
            #expect(duplicate.body.string.contains("Dòng 4: có 3 ô, dòng tiêu đề có 7 cột."))
            let notText = try await Self.upload([0xFF, 0xFE, 0x00, 0xD8], as: &desk)
            #expect(notText.status == .unprocessableEntity && notText.body.string.contains("không phải văn bản UTF-8"))
            let none = try await desk.submitMultipart(fields: [("tu", "2026-03-01")], to: ReconciliationURL.settlementImport.path)
            #expect(none.status == .unprocessableEntity && none.body.string.contains("Chưa chọn tệp đối soát"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "payment.settlement_import").count() == 0)
        }
    }

    @Test("the export lists the period's payments of the commune, online and at the desk, in whole đồng, as CSV and XLSX")
    func export() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            let order = try await Self.payments(on: app)
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let csv = try await leader.get(ReconciliationURL.exportCSV.path + "?tu=2026-03-01&den=2026-03-02")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.headers.first(name: .contentDisposition)?.contains("thanh-toan-") == true)
            let lines = csv.body.string.split(separator: "\r\n").map(String.init)
            #expect(lines.count == 4, "title, heading and two payments: \(lines)")
            #expect(lines.contains { $0.contains(order.reference) && $0.contains(",50000,") && $0.contains("Trực tuyến") && $0.contains("BL-" + order.reference) })
            #expect(lines.contains { $0.contains("Tại bộ phận một cửa") && $0.contains(",30000,") })
            #expect(!csv.body.string.contains("MCKHACXA000001") && !csv.body.string.contains("Trần Thị Mai"), "no other commune, no payer's name")
            let xlsx = try await leader.get(ReconciliationURL.exportXLSX.path + "?tu=2026-03-01&den=2026-03-02")
            #expect(xlsx.status == .ok && xlsx.body.readableBytes > 200)
            #expect(Array(xlsx.body.readableBytesView.prefix(2)) == [0x50, 0x4B], "a zip (Office Open XML) file")
            let empty = try await leader.get(ReconciliationURL.exportCSV.path + "?tu=2026-02-01&den=2026-02-28")
            #expect(empty.body.string.split(separator: "\r\n").count == 2, "an earlier month has no payment")
        }
    }
}

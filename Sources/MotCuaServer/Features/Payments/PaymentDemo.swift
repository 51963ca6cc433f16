import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The demo of online payment in xã Phụng Công: two online dossiers of the demo citizen for temporary residence
/// (1.004194), one waiting for its fee to be paid online and one paid online through the fake intermediary's signed
/// notice, with its receipt. Everything goes through the same services as a real payment.
enum PaymentDemo {
    /// The fee the desk asks: 7.000 ₫, the online rate of the catalog's fee condition for 1.004194.
    static let amount: Int64 = 7_000
    /// The transaction reference of the demo's paid order, which the demo settlement file names too.
    static let paidReference = "MCDEMOPHUNGCONG01"

    /// Seeds both dossiers, unless the demo citizen already has a payment order.
    static func seed(_ app: Application) async throws {
        guard let account = try await CitizenAccount.query(on: app.db).filter(\.$idNumber == CitizenDemoData.idNumber).first(),
              let procedure = try await app.catalogStore.catalog(on: app.db).procedure(code: "1.004194"),
              try await PaymentOrderRecord.query(on: app.db).filter(\.$commune.$id == account.$commune.id).count() == 0
        else { return }
        let accountID = try account.requireID()
        let now = app.clock.now()
        let calendar = try await app.calendarStore.calendar(on: app.db)
        let citizen = DossierService.Acting(actor: .applicant("congdan-" + accountID.uuidString.prefix(8).lowercased()), audit: .commandLine, officerID: nil, unitName: "Người nộp hồ sơ trực tuyến")
        let desk = DossierService.Acting(actor: DossierActor(username: "tiepnhan", roles: [.counterOfficer]), audit: .commandLine, officerID: nil, unitName: "Bộ phận một cửa")
        let applicant = Applicant(kind: .person, fullName: account.fullName, idNumber: account.idNumber, phone: account.phone, email: account.email, address: account.address)
        var dossiers: [Dossier] = []
        for _ in 0..<2 {
            let scans = procedure.requiredDocuments.indices.map { DossierService.Scan(documentIndex: $0, fileName: "ban-quet-\($0 + 1).pdf", bytes: CitizenDemoData.samplePDF) }
            var dossier = try await DossierService.intake(
                .init(procedure: procedure, applicant: applicant, receivedDocuments: Set(procedure.requiredDocuments.indices), scans: scans, copies: 1, pages: 1,
                      note: "", decision: .submitOnline, channel: .online, applicantAccountID: accountID),
                communeID: account.$commune.id, by: citizen, at: now, on: app, calendar: calendar, provinceFees: nil
            )
            dossier = try await DossierService.perform(.receive, on: try dossier.requireID(), expectedVersion: dossier.version, by: desk, at: now, on: app, calendar: calendar)
            dossier = try await DossierService.perform(.requestPayment(amount: amount), on: try dossier.requireID(), expectedVersion: dossier.version, by: desk, at: now, on: app, calendar: calendar)
            dossiers.append(dossier)
        }
        // The second one is paid: an order, then the notice the fake intermediary would send, signed with the demo secret.
        guard let gateway = PaymentService.gateway(app) else { return }
        let order = try await PaymentService.openOrder(for: dossiers[1], payerName: account.fullName, at: now, on: app, audit: .commandLine)
        // A fixed reference, so that the demo settlement file (stand-ins/vnpay-settlement-demo.csv) names this payment.
        order.reference = paidReference
        try await order.save(on: app.db)
        var fields: [(String, String)] = [
            ("vnp_TmnCode", gateway.terminalCode), ("vnp_Amount", String(order.amount * 100)), ("vnp_BankCode", "NCB"), ("vnp_CardType", "ATM"),
            ("vnp_OrderInfo", "Nop phi le phi ho so \(order.dossierCode)"), ("vnp_PayDate", VNPayGateway.timestamp(now)), ("vnp_ResponseCode", "00"),
            ("vnp_TransactionNo", "10000001"), ("vnp_TransactionStatus", "00"), ("vnp_TxnRef", order.reference),
        ]
        fields.append(("vnp_SecureHash", gateway.signature(ofCanonicalQuery: VNPayGateway.canonicalQuery(fields))))
        _ = try await PaymentService.handleNotice(fields, at: now, on: app, calendar: calendar)
    }
}

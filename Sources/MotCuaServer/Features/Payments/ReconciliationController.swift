import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The paths of fee reconciliation (issue #21).
enum ReconciliationURL: SitePath, Sendable {
    /// `GET /mot-cua/thanh-toan?tu=&den=`: payments by day and method, pending orders, mismatches, refunds due.
    case page
    /// `POST /mot-cua/thanh-toan/doi-soat`: the intermediary's settlement file, compared with MotCua's payments.
    case settlementImport
    /// `GET /mot-cua/thanh-toan/thanh-toan.csv?tu=&den=`: the period's payments.
    case exportCSV
    /// `GET /mot-cua/thanh-toan/thanh-toan.xlsx?tu=&den=`: the same as a workbook.
    case exportXLSX

    var segments: [String] {
        switch self {
        case .page: ["mot-cua", "thanh-toan"]
        case .settlementImport: ["mot-cua", "thanh-toan", "doi-soat"]
        case .exportCSV: ["mot-cua", "thanh-toan", "thanh-toan.csv"]
        case .exportXLSX: ["mot-cua", "thanh-toan", "thanh-toan.xlsx"]
        }
    }
}

extension PageAccess {
    /// Fee reconciliation: the commune's officers who collect fees (the desk, which records payments at the counter) and
    /// its leaders, who answer for the money; each sees its own commune only.
    static let feeReconciliation = PageAccess { $0.hasAny([.counterOfficer, .communeLeader]) && $0.communeID != nil }
}

/// Registers the reconciliation page, the settlement import and the exports.
func reconciliationRoutes(_ app: Application) {
    app.get(ReconciliationURL.page.pathComponents, use: ReconciliationController.show)
    app.on(.POST, ReconciliationURL.settlementImport.pathComponents, body: .collect(maxSize: BodyLimit.standard), use: ReconciliationController.importSettlement)
    app.get(ReconciliationURL.exportCSV.pathComponents, use: ReconciliationController.exportCSV)
    app.get(ReconciliationURL.exportXLSX.pathComponents, use: ReconciliationController.exportXLSX)
}

enum ReconciliationController {
    /// An order left pending this long never got its notice: worth asking the intermediary about.
    static let stalePendingAge: TimeInterval = 24 * 3600
    /// The longest period one page or file covers.
    static let longestPeriodDays = 366

    /// One payment received in the period, online or at the desk.
    struct Payment: Sendable {
        let at: Date
        let method: PaymentMethod
        let dossierCode: String
        let feeName: String
        let amount: Int64
        let reference: String
        let transactionNumber: String
        let receiptNumber: String
        let status: String
    }

    /// What the page shows, computed without HTTP so that tests call it directly.
    struct Figures: Sendable {
        let payments: [Payment]
        let days: [PaymentDayTotal]
        let stalePending: [PaymentOrderRecord]
        let mismatches: [PaymentOrderRecord]
        let refundsDue: [PaymentOrderRecord]
    }

    /// The period as local days, from and to included.
    struct Period: Sendable {
        let from: CivilDate
        let to: CivilDate
        var start: Date { LocalDateTime(date: from, hour: 0)?.instant ?? .distantPast }
        var end: Date { to.adding(days: 1).flatMap { LocalDateTime(date: $0, hour: 0)?.instant } ?? .distantFuture }
    }

    /// The commune's payments in the period and what needs an officer's attention.
    static func figures(communeID: UUID, period: Period, now: Date, tenant: Tenant) async throws -> Figures {
        let orders = try await tenant.query(PaymentOrderRecord.self).filter(\.$commune.$id == communeID)
            .filter(\.$notifiedAt >= period.start).filter(\.$notifiedAt < period.end)
            .filter(\.$status ~~ [PaymentOrderStatus.paid.rawValue, PaymentOrderStatus.refundDue.rawValue]).sort(\.$notifiedAt).all()
        var payments = orders.map { order in
            Payment(at: order.notifiedAt ?? order.createdAt, method: .online, dossierCode: order.dossierCode, feeName: order.feeName, amount: order.amount,
                    reference: order.reference, transactionNumber: order.transactionNumber ?? "", receiptNumber: order.receiptNumber ?? "",
                    status: order.orderStatus.vietnameseName)
        }
        payments += try await counterPayments(communeID: communeID, period: period, tenant: tenant)
        payments.sort { $0.at < $1.at }
        let days = PaymentDayTotal.totals(payments.compactMap { payment in LocalDateTime(payment.at).map { ($0.date, payment.method, payment.amount) } })
        let stalePending = try await tenant.query(PaymentOrderRecord.self).filter(\.$commune.$id == communeID)
            .filter(\.$status == PaymentOrderStatus.pending.rawValue).filter(\.$createdAt < now.addingTimeInterval(-stalePendingAge)).sort(\.$createdAt).all()
        let mismatches = try await tenant.query(PaymentOrderRecord.self).filter(\.$commune.$id == communeID)
            .filter(\.$mismatchedAmount != nil).filter(\.$createdAt >= period.start).filter(\.$createdAt < period.end).sort(\.$createdAt).all()
        let refundsDue = try await tenant.query(PaymentOrderRecord.self).filter(\.$commune.$id == communeID)
            .filter(\.$status == PaymentOrderStatus.refundDue.rawValue).sort(\.$notifiedAt).all()
        return Figures(payments: payments, days: days, stalePending: stalePending, mismatches: mismatches, refundsDue: refundsDue)
    }

    /// Payments an officer recorded at the desk in the period, each for the amount of the dossier's payment request before it.
    private static func counterPayments(communeID: UUID, period: Period, tenant: Tenant) async throws -> [Payment] {
        try tenant.requireCommune(communeID)
        let recorded = try await DossierEventRecord.query(on: tenant.database).filter(\.$communeID == communeID)
            .filter(\.$action == DossierAction.recordPayment.rawValue).filter(\.$occurredAt >= period.start).filter(\.$occurredAt < period.end)
            .filter(\.$actorUsername != PaymentService.vnpayActing.actor.username).all()
        guard !recorded.isEmpty else { return [] }
        let dossierIDs = Array(Set(recorded.map { $0.$dossier.id }))
        let requests = try await DossierEventRecord.query(on: tenant.database).filter(\.$communeID == communeID)
            .filter(\.$dossier.$id ~~ dossierIDs).filter(\.$action == DossierAction.requestPayment.rawValue).sort(\.$sequence).all()
        let dossiers = try await tenant.query(Dossier.self).filter(\.$id ~~ dossierIDs).all()
        let byID = Dictionary(dossiers.compactMap { dossier in dossier.id.map { ($0, dossier) } }, uniquingKeysWith: { first, _ in first })
        return recorded.compactMap { event in
            guard let dossier = byID[event.$dossier.id] else { return nil }
            let request = requests.last { $0.$dossier.id == event.$dossier.id && $0.sequence < event.sequence }
            var amount = dossier.feeAmount
            if let request, case .requestPayment(let asked)? = try? JSONDecoder().decode(DossierCommand.self, from: Data(request.payload.utf8)) { amount = asked }
            return Payment(at: event.occurredAt, method: .counter, dossierCode: dossier.code, feeName: "Phí, lệ phí: \(dossier.procedureName)", amount: amount,
                           reference: "", transactionNumber: "", receiptNumber: "", status: PaymentOrderStatus.paid.vietnameseName)
        }
    }

    // MARK: page

    struct DayRow: Encodable {
        let day: String
        let onlineCount: Int
        let onlineAmount: String
        let counterCount: Int
        let counterAmount: String
        let amount: String
    }

    struct OrderRow: Encodable {
        let reference: String
        let dossierCode: String
        let amount: String
        let createdAt: String
        let notifiedAt: String
        let note: String
    }

    struct DifferenceRow: Encodable {
        let reference: String
        let text: String
    }

    struct Page: Encodable {
        let page: PageContext
        let communeName: String
        let from: String
        let to: String
        let periodText: String
        let days: [DayRow]
        let hasDays: Bool
        let totalOnline: String
        let totalCounter: String
        let total: String
        let stalePending: [OrderRow]
        let hasStalePending: Bool
        let mismatches: [OrderRow]
        let hasMismatches: Bool
        let refundsDue: [OrderRow]
        let hasRefundsDue: Bool
        let isClean: Bool
        let csvPath: String
        let xlsxPath: String
        let importPath: String
        let pagePath: String
        let columns: String
        let errors: FormErrors
        /// Whether a settlement file was just compared, and what it showed.
        let imported: Bool
        let importedName: String
        let importedCount: Int
        let differences: [DifferenceRow]
        let hasDifferences: Bool
    }

    /// The officer allowed to reconcile, with the commune; 401/403 otherwise.
    private static func reconciler(_ req: Request) async throws -> (StaffIdentity, Commune) {
        let staff = try req.requireAccess(.feeReconciliation)
        guard let communeID = staff.communeID, let commune = try await Commune.find(communeID, on: req.db) else { throw AppError.forbidden }
        return (staff, commune)
    }

    /// Reads `tu`/`den` (YYYY-MM-DD or D/M/YYYY); the default is the month so far.
    static func period(from: String?, to: String?, now: Date) -> Result<Period, AppError> {
        let today = LocalDateTime(now)?.date ?? CivilDate(year: 2026, month: 1, day: 1)!
        func day(_ text: String?, default fallback: CivilDate) -> CivilDate? {
            let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return fallback }
            return CivilDate(isoString: trimmed) ?? CivilDate(dayMonthYear: trimmed)
        }
        guard let first = day(from, default: CivilDate(year: today.year, month: today.month, day: 1) ?? today) else { return .failure(.invalid("\"Từ ngày\" không phải ngày hợp lệ.")) }
        guard let last = day(to, default: today) else { return .failure(.invalid("\"Đến ngày\" không phải ngày hợp lệ.")) }
        guard first <= last else { return .failure(.invalid("\"Từ ngày\" phải trước hoặc trùng \"Đến ngày\".")) }
        guard first.days(to: last) <= longestPeriodDays else { return .failure(.invalid("Mỗi lần xem tối đa một năm.")) }
        return .success(Period(from: first, to: last))
    }

    struct PeriodQuery: Content {
        var tu: String?
        var den: String?
    }

    private static func requestedPeriod(_ req: Request) throws -> Period {
        let query = (try? req.query.decode(PeriodQuery.self)) ?? PeriodQuery()
        return try period(from: query.tu, to: query.den, now: req.now).get()
    }

    /// `GET /mot-cua/thanh-toan`.
    static func show(req: Request) async throws -> View {
        let (_, commune) = try await reconciler(req)
        return try await render(req, commune: commune, period: try requestedPeriod(req))
    }

    private static func render(_ req: Request, commune: Commune, period: Period, errors: [String] = [], imported: (name: String, count: Int, differences: [SettlementDifference])? = nil) async throws -> View {
        let figures = try await figures(communeID: try commune.requireID(), period: period, now: req.now, tenant: try req.tenant)
        func row(_ order: PaymentOrderRecord, note: String) -> OrderRow {
            OrderRow(reference: order.reference, dossierCode: order.dossierCode, amount: VND.format(order.amount), createdAt: VietnameseFormat.dateTime(order.createdAt),
                     notifiedAt: order.notifiedAt.map(VietnameseFormat.dateTime) ?? "", note: note)
        }
        let query = "?tu=\(period.from.isoString)&den=\(period.to.isoString)"
        let online = figures.days.reduce(Int64(0)) { $0 + $1.onlineAmount }
        let counter = figures.days.reduce(Int64(0)) { $0 + $1.counterAmount }
        let differences = imported?.differences ?? []
        return try await req.view.render("payments/reconciliation", Page(
            page: try await PageContext.make(for: req, title: "Đối soát thu phí, lệ phí"), communeName: commune.fullName,
            from: period.from.isoString, to: period.to.isoString, periodText: "\(period.from.vietnameseString) – \(period.to.vietnameseString)",
            days: figures.days.map { DayRow(day: $0.day.vietnameseString, onlineCount: $0.onlineCount, onlineAmount: VND.format($0.onlineAmount),
                                            counterCount: $0.counterCount, counterAmount: VND.format($0.counterAmount), amount: VND.format($0.amount)) },
            hasDays: !figures.days.isEmpty, totalOnline: VND.format(online), totalCounter: VND.format(counter), total: VND.format(online + counter),
            stalePending: figures.stalePending.map { row($0, note: "Chưa nhận thông báo từ VNPay") }, hasStalePending: !figures.stalePending.isEmpty,
            mismatches: figures.mismatches.map { row($0, note: "VNPay báo \($0.mismatchedAmount.map { $0 < 0 ? "số tiền không hợp lệ" : VND.format($0) } ?? "")") },
            hasMismatches: !figures.mismatches.isEmpty,
            refundsDue: figures.refundsDue.map { row($0, note: "Biên lai \($0.receiptNumber ?? "")") }, hasRefundsDue: !figures.refundsDue.isEmpty,
            isClean: figures.stalePending.isEmpty && figures.mismatches.isEmpty && figures.refundsDue.isEmpty,
            csvPath: ReconciliationURL.exportCSV.path + query, xlsxPath: ReconciliationURL.exportXLSX.path + query,
            importPath: ReconciliationURL.settlementImport.path, pagePath: ReconciliationURL.page.path,
            columns: SettlementFile.columns.joined(separator: ","), errors: FormErrors(errors),
            imported: imported != nil, importedName: imported?.name ?? "", importedCount: imported?.count ?? 0,
            differences: differences.map { DifferenceRow(reference: $0.reference, text: $0.vietnameseDescription) }, hasDifferences: !differences.isEmpty
        ))
    }

    // MARK: settlement import

    struct ImportForm: Content {
        var file: File?
        var tu: String?
        var den: String?
    }

    /// `POST /mot-cua/thanh-toan/doi-soat`: compares the file with the commune's payments, lists every difference and journals it.
    static func importSettlement(req: Request) async throws -> Response {
        let (_, commune) = try await reconciler(req)
        let communeID = try commune.requireID()
        let form = try? req.content.decode(ImportForm.self)
        let period: Period
        switch Self.period(from: form?.tu, to: form?.den, now: req.now) {
        case .success(let read): period = read
        case .failure(let error):
            return try await render(req, commune: commune, period: try Self.period(from: nil, to: nil, now: req.now).get(), errors: [error.reason])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        func refuse(_ problems: [String]) async throws -> Response {
            try await render(req, commune: commune, period: period, errors: problems).encodeResponse(status: .unprocessableEntity, for: req)
        }
        guard let file = form?.file, file.data.readableBytes > 0 else { return try await refuse(["Chưa chọn tệp đối soát (CSV)."]) }
        guard let text = file.data.getString(at: file.data.readerIndex, length: file.data.readableBytes, encoding: .utf8) else {
            return try await refuse(["Tệp \(file.filename) không phải văn bản UTF-8."])
        }
        let lines: [SettlementLine]
        switch SettlementFile.parse(text) {
        case .failure(let error): return try await refuse(["Tệp \(file.filename) không đọc được; không đối soát:"] + error.problems)
        case .success(let read): lines = read
        }
        let tenant = try req.tenant
        let named = Array(Set(lines.map(\.reference)))
        var orders: [PaymentOrderRecord] = []
        for chunk in stride(from: 0, to: named.count, by: 500).map({ Array(named[$0..<min($0 + 500, named.count)]) }) {
            orders += try await tenant.query(PaymentOrderRecord.self).filter(\.$commune.$id == communeID).filter(\.$reference ~~ chunk).all()
        }
        orders += try await tenant.query(PaymentOrderRecord.self).filter(\.$commune.$id == communeID)
            .filter(\.$notifiedAt >= period.start).filter(\.$notifiedAt < period.end).all()
        let recorded = orders.map { order in
            RecordedPayment(reference: order.reference, amount: order.amount, status: order.orderStatus,
                            isInPeriod: order.notifiedAt.map { $0 >= period.start && $0 < period.end } ?? false)
        }
        let differences = SettlementReconciliation.differences(file: lines, recorded: recorded)
        let summary = "Đối soát tệp \(file.filename) (\(lines.count) giao dịch) với thanh toán \(period.from.vietnameseString)–\(period.to.vietnameseString): "
            + (differences.isEmpty ? "khớp hoàn toàn" : "\(differences.count) chênh lệch: " + differences.prefix(20).map(\.reference).joined(separator: ", "))
        try await req.writeTransaction { db in
            try await req.audit(AuditEvent(action: "payment.settlement_import", objectType: "payment_settlement", objectID: file.filename, communeID: communeID, summary: summary), on: db)
        }
        return try await render(req, commune: commune, period: period, imported: (file.filename, lines.count, differences)).encodeResponse(for: req)
    }

    // MARK: export

    /// The period's payments as one table, every amount a whole number of đồng; no personal data.
    static func table(_ figures: Figures, commune: Commune, period: Period) -> ReportTable {
        ReportTable(
            name: "Thanh toán", title: "Thu phí, lệ phí \(commune.fullName), \(period.from.vietnameseString) – \(period.to.vietnameseString)",
            columns: ["Thời điểm", "Hình thức", "Mã hồ sơ", "Khoản thu", "Số tiền (đồng)", "Mã giao dịch MotCua", "Số giao dịch VNPay", "Số biên lai", "Trạng thái"],
            rows: figures.payments.map { payment in
                [.text(VietnameseFormat.dateTime(payment.at)), .text(payment.method.vietnameseName), .text(payment.dossierCode), .text(payment.feeName),
                 .number(Double(payment.amount)), .text(payment.reference), .text(payment.transactionNumber), .text(payment.receiptNumber), .text(payment.status)]
            }
        )
    }

    static func exportCSV(req: Request) async throws -> Response { try await export(req, xlsx: false) }
    static func exportXLSX(req: Request) async throws -> Response { try await export(req, xlsx: true) }

    private static func export(_ req: Request, xlsx: Bool) async throws -> Response {
        let (_, commune) = try await reconciler(req)
        let period = try requestedPeriod(req)
        let figures = try await figures(communeID: try commune.requireID(), period: period, now: req.now, tenant: try req.tenant)
        let table = table(figures, commune: commune, period: period)
        let response: Response
        if xlsx {
            response = Response(status: .ok, body: .init(data: Data(ReportXLSX.make([table]))))
            response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        } else {
            response = Response(status: .ok, body: .init(string: ReportCSV.make([table])))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        }
        response.headers.setContentDisposition(.attachment, fileName: "thanh-toan-\(commune.slug)-\(period.from.isoString)-\(period.to.isoString).\(xlsx ? "xlsx" : "csv")")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

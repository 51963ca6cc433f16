import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The legal forms of Thông tư 03/2025/TT-VPCP that a dossier prints.
enum LegalForm: String, CaseIterable, Sendable {
    case receipt = "mau-01"
    case supplement = "mau-02"
    case refusal = "mau-03"
    case apology = "mau-04"
    case stop = "mau-05"
    case controlSheet = "mau-06"

    var title: String {
        switch self {
        case .receipt: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
        case .supplement: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
        case .refusal: "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
        case .apology: "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
        case .stop: "Thông báo dừng giải quyết hồ sơ"
        case .controlSheet: "Phiếu kiểm soát quá trình giải quyết hồ sơ"
        }
    }

    var formNumber: String {
        switch self {
        case .receipt: "Mẫu số 01"
        case .supplement: "Mẫu số 02"
        case .refusal: "Mẫu số 03"
        case .apology: "Mẫu số 04"
        case .stop: "Mẫu số 05"
        case .controlSheet: "Mẫu số 06"
        }
    }

    /// The forms that make sense for the dossier's history.
    static func available(for dossier: Dossier, events: [DossierEventRecord]) -> [LegalForm] {
        var forms: [LegalForm] = [.controlSheet]
        if dossier.receivedAt != nil { forms.insert(.receipt, at: 0) }
        // The desk's guidance before receipt prints form 02 too, though it is not the one request of processing.
        if events.contains(where: { $0.action == DossierAction.requestSupplement.rawValue }) { forms.append(.supplement) }
        if [DossierStatus.refused, .refusedDuringProcessing].map(\.rawValue).contains(dossier.status) { forms.append(.refusal) }
        if dossier.apologyIssued { forms.append(.apology) }
        if dossier.status == DossierStatus.stopped.rawValue { forms.append(.stop) }
        return forms
    }

    /// The form the desk prints right after an action.
    static func printedAfter(_ action: DossierAction) -> LegalForm? {
        switch action {
        case .receive, .provideSupplement: .receipt
        case .requestSupplement: .supplement
        case .refuse, .refuseDuringProcessing: .refusal
        case .issueApology: .apology
        case .stop: .stop
        default: nil
        }
    }
}

enum LegalFormsController {
    struct Header: Encodable {
        let title: String
        let formNumber: String
        let dossierCode: String
        let agencyLine1: String
        let agencyLine2: String
        let placeAndDate: String
        let backPath: String
    }

    struct Numbered: Encodable {
        let index: Int
        let name: String
        let form: String
        let count: Int
    }

    struct Item: Encodable {
        let index: Int
        let text: String
    }

    struct ControlRow: Encodable {
        let unit: String
        let handOver: String
        let giver: String
        let receiver: String
        let result: String
        let plannedDue: String?
        let note: String
    }

    /// Everything any of the forms prints; each template reads the fields it needs.
    struct FormPage: Encodable {
        let form: Header
        let dossierCode: String
        let qrSVG: String
        let applicantName: String
        let identityLabel: String
        let identityNumber: String
        let applicantAddress: String
        let applicantPhone: String
        let applicantEmail: String?
        let representative: String?
        let procedureName: String
        let procedureCode: String
        let documents: [Numbered]
        let items: [Item]
        let copies: Int
        let processingTime: String
        let receivedAt: String
        let receivedOn: String
        let dueAt: String
        let originalDueAt: String
        let newDueAt: String
        let resultPlace: String
        let fee: String
        let registerVolume: String
        let registerEntry: String
        let officerName: String
        let contactPhone: String
        let reason: String
        /// Form 03 after a refusal during processing: the handling unit refuses, not the desk at intake.
        let isRefusalDuringProcessing: Bool
        /// Form 03: who refused (the desk's officer at intake, the department or the leader during processing).
        let refusingOfficerName: String
        /// Form 02: how the legal time runs around this request.
        let clockNote: String
        let requestedOn: String
        let handlingUnit: String
        let coordinatingUnit: String
        let signerName: String
        let signerTitle: String
        let coordinatingUnits: [String]
        let rows: [ControlRow]
    }

    /// What form 02 tells the applicant about the time: guidance before receipt leaves the clock unstarted; a request
    /// during processing stops it, and the time already spent still counts (Nghị định 61/2018/NĐ-CP, Điều 17 khoản 1
    /// điểm c, sửa đổi bởi Nghị định 107/2021/NĐ-CP, kept by Nghị định 118/2025/NĐ-CP).
    static func supplementClockNote(dossier: Dossier, request: DossierEventRecord?) -> String {
        guard let request, let receivedAt = dossier.receivedAt, receivedAt <= request.occurredAt else {
            return "Hồ sơ chưa được tiếp nhận; thời hạn giải quyết được tính từ khi tiếp nhận đủ hồ sơ theo quy định."
        }
        var note = "Hồ sơ chỉ được yêu cầu bổ sung một lần trong quá trình giải quyết (Điều 11 Nghị định 118/2025/NĐ-CP). "
            + "Thời gian đã giải quyết trước khi yêu cầu bổ sung vẫn được tính vào thời hạn giải quyết; thời hạn còn lại được tính tiếp từ khi nhận đủ hồ sơ bổ sung, không tính lại từ đầu."
        if let left = dossier.workingDaysLeftWhenStopped, left > 0 { note += " Thời hạn còn lại: \(left) ngày làm việc." }
        return note
    }

    /// `GET /mot-cua/ho-so/:code/in/:form`.
    static func show(req: Request) async throws -> View {
        let dossier = try await DossierPagesController.findDossier(req)
        let events = try await DossierEventRecord.query(on: req.db).filter(\.$dossier.$id == dossier.requireID()).sort(\.$sequence).all()
        guard let raw = req.parameters.get(SiteURL.Key.formName), let form = LegalForm(rawValue: raw), LegalForm.available(for: dossier, events: events).contains(form) else {
            throw AppError.notFound
        }
        try await DossierPagesController.recordPersonalDataAccess(dossier, purpose: "In \(form.formNumber.lowercased())", on: req)
        return try await render(form, of: dossier, backPath: SiteURL.dossier(.value(dossier.code)).path, on: req)
    }

    /// One form of a dossier, for whoever the caller has checked may see it (the officers, or the applicant online).
    static func render(_ form: LegalForm, of dossier: Dossier, backPath: String, on req: Request) async throws -> View {
        let dossierID = try dossier.requireID()
        let commune = try await dossier.$commune.get(on: req.db)
        let department = try await dossier.$department.get(on: req.db)
        let documents = try await DossierDocument.query(on: req.db).filter(\.$communeID == dossier.$commune.id).filter(\.$dossier.$id == dossierID).sort(\.$createdAt).all()
        let events = try await DossierEventRecord.query(on: req.db).filter(\.$dossier.$id == dossierID).sort(\.$sequence).all()
        let receivedBy = try await dossier.$receivedBy.get(on: req.db)
        let serviceCenter = try await Department.query(on: req.db).filter(\.$commune.$id == commune.requireID()).filter(\.$kind == .serviceCenter).first()
        let lastEvent = { (action: DossierAction) in events.last { $0.action == action.rawValue } }
        // Each form reads the step it records, so that a later step's reason never lands on an earlier form.
        let reasonEvent = switch form {
        case .supplement: lastEvent(.requestSupplement)
        case .refusal: lastEvent(.refuseDuringProcessing) ?? lastEvent(.refuse)
        case .apology: lastEvent(.issueApology)
        case .stop: lastEvent(.stop)
        case .receipt, .controlSheet: lastEvent(.refuseDuringProcessing) ?? lastEvent(.refuse) ?? lastEvent(.stop) ?? lastEvent(.issueApology) ?? lastEvent(.requestSupplement)
        }
        let command = reasonEvent.flatMap { try? JSONDecoder().decode(DossierCommand.self, from: Data($0.payload.utf8)) }
        var reason = "", missingItems: [String] = []
        var newDueDate: CivilDate?
        switch command {
        case .requestSupplement(let missing, let why)?: missingItems = missing; reason = why.isEmpty ? "Hồ sơ chưa đủ thành phần theo quy định." : why
        case .refuse(let why)?, .stop(let why)?, .refuseDuringProcessing(let why)?: reason = why
        case .issueApology(let why, let date)?: reason = why; newDueDate = date
        default: break
        }
        let clockNote = form == .supplement ? supplementClockNote(dossier: dossier, request: reasonEvent) : ""
        let now = req.now
        // A form is dated the day of the step it records, whenever it is printed: the receipt the day of receipt
        // (Thông tư 01/2018/TT-VPCP, Mẫu số 01), the others the day of their step; the control sheet the day of printing.
        let formDay: Date = switch form {
        case .receipt: dossier.receivedAt ?? dossier.createdAt ?? now
        case .controlSheet: now
        default: reasonEvent?.occurredAt ?? now
        }
        let today = LocalDateTime(formDay)?.date
        let placeAndDate = "\(commune.name), ngày \(today?.day ?? 0) tháng \(today?.month ?? 0) năm \(today?.year ?? 0)"
        let people = try await DossierPagesController.HistoryPeople.load(for: events, on: req.db)
        // Form 04 is signed by whoever issued the apology, named with their title, never by a username.
        let apologyEvent = lastEvent(.issueApology)
        let apologySigner = apologyEvent.flatMap { people.officers[$0.actorUsername] }
        let coordinatingUnits = ControlSheet.coordinatingUnits(in: events)
        let store = req.application.catalogStore
        let procedure = try await store.catalog(on: req.db).procedure(code: dossier.procedureCode)
        let provinceFee = try await store.provinceFees(on: req.db)?.fee(for: dossier.procedureCode)
        let feeText = procedure.map { $0.fee.receiptText(chargedAmount: dossier.feeAmount, provinceFee: provinceFee) } ?? VND.format(dossier.feeAmount)
        let isPerson = dossier.applicantKind == Applicant.Kind.person.rawValue
        let lookupURL = req.publicURL(path: SiteURL.publicLookup(.value(dossier.code)).path)
        let qrSVG = form == .receipt ? ((try? QRCode.encode(lookupURL).svg(moduleSize: 4, title: "Tra cứu hồ sơ \(dossier.code)")) ?? "") : ""
        let page = FormPage(
            form: Header(
                title: form.title, formNumber: form.formNumber, dossierCode: dossier.code, agencyLine1: "UBND \(commune.fullName.uppercased())",
                agencyLine2: form == .apology ? (department?.name.uppercased() ?? "") : "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", placeAndDate: placeAndDate,
                backPath: backPath
            ),
            dossierCode: dossier.code, qrSVG: qrSVG, applicantName: dossier.applicantName,
            identityLabel: isPerson ? "Số định danh cá nhân" : "Mã số thuế", identityNumber: dossier.applicantIDNumber ?? "",
            applicantAddress: dossier.applicantAddress ?? "", applicantPhone: dossier.applicantPhone ?? "", applicantEmail: dossier.applicantEmail,
            representative: dossier.representativeName.map { "\($0), số định danh \(dossier.representativeIDNumber ?? ""), theo \(dossier.authorisationDocument ?? "")" },
            procedureName: dossier.procedureName, procedureCode: dossier.procedureCode,
            documents: documents.filter(\.isReceived).enumerated().map { Numbered(index: $0.offset + 1, name: $0.element.name, form: DocumentForm(rawValue: $0.element.form)?.vietnameseName ?? "", count: $0.element.count) },
            items: missingItems.enumerated().map { Item(index: $0.offset + 1, text: $0.element) }, copies: dossier.copies,
            processingTime: dossier.terms.processingTime.vietnameseDescription,
            receivedAt: dossier.receivedAt.map(spelledTime) ?? "", receivedOn: dossier.receivedAt.flatMap { LocalDateTime($0)?.date.vietnameseString } ?? "",
            dueAt: dossier.dueAt.map(spelledTime) ?? "", originalDueAt: (dossier.originalDueAt ?? dossier.dueAt).map(spelledTime) ?? "",
            newDueAt: newDueDate.map { "17 giờ 00 phút, ngày \($0.vietnameseString)" } ?? "",
            resultPlace: "Bộ phận một cửa, Trung tâm Phục vụ hành chính công \(commune.fullName.lowercasedFirstWord)", fee: feeText,
            registerVolume: String(LocalDateTime(dossier.receivedAt ?? dossier.createdAt ?? now)?.date.year ?? 0), registerEntry: String(dossier.code.split(separator: "-").last ?? ""),
            officerName: receivedBy?.fullName ?? events.first?.actorUsername ?? "", contactPhone: serviceCenter?.phone ?? "",
            reason: reason, isRefusalDuringProcessing: form == .refusal && reasonEvent?.action == DossierAction.refuseDuringProcessing.rawValue,
            refusingOfficerName: try await refusingOfficerName(form == .refusal ? reasonEvent : nil, receivedBy: receivedBy, on: req.db),
            clockNote: clockNote, requestedOn: reasonEvent.map { VietnameseFormat.dateTime($0.occurredAt) } ?? "",
            handlingUnit: department?.name ?? "", coordinatingUnit: coordinatingUnits.isEmpty ? "Không" : coordinatingUnits.joined(separator: "; "),
            signerName: apologySigner?.fullName ?? apologyEvent?.actorUsername ?? "",
            signerTitle: (apologySigner?.jobTitle.trimmedOrNil ?? apologyEvent.flatMap { Role(rawValue: $0.actorRole)?.vietnameseName } ?? "Thủ trưởng cơ quan").uppercased(),
            coordinatingUnits: coordinatingUnits,
            rows: ControlSheet.rows(for: dossier, events: events, people: people, calendar: try await req.workingDayCalendar())
        )
        let template: String = switch form {
        case .receipt: "receipt"
        case .supplement: "supplement"
        case .refusal: "refusal"
        case .apology: "apology"
        case .stop: "stop"
        case .controlSheet: "control-sheet"
        }
        return try await req.view.render("dossiers/forms/\(template)", page)
    }

    /// The full name of the officer who refused (form 03's signature), or the receiving officer's when none is recorded.
    private static func refusingOfficerName(_ event: DossierEventRecord?, receivedBy: Officer?, on db: any Database) async throws -> String {
        guard let event else { return receivedBy?.fullName ?? "" }
        let officer = try await Officer.query(on: db).filter(\.$username == event.actorUsername).first()
        return officer?.fullName ?? event.actorUsername
    }

    /// "15 giờ 20 phút, ngày 29/11/2026", as the forms print a time.
    static func spelledTime(_ date: Date) -> String {
        guard let local = LocalDateTime(date) else { return "" }
        return String(format: "%02d giờ %02d phút, ngày %@", local.hour, local.minute, local.date.vietnameseString)
    }
}

/// Form 06: one row per hand-over, with the step's planned deadline and whether it was met.
enum ControlSheet {
    /// Which actions hand the dossier to someone else, and the share of the working days the step may take.
    private struct HandOver: Sendable {
        let giver: String
        let receiver: String
        /// The working day (after receipt) by whose end the step is due, given the procedure's working days.
        let dayOffset: @Sendable (Int) -> Int
    }

    private static let handOvers: [DossierAction: HandOver] = [
        .receive: HandOver(giver: "Người nộp", receiver: "Bộ phận một cửa", dayOffset: { _ in 0 }),
        .provideSupplement: HandOver(giver: "Người nộp", receiver: "Bộ phận một cửa", dayOffset: { _ in 0 }),
        .forward: HandOver(giver: "Bộ phận một cửa", receiver: "Phòng chuyên môn", dayOffset: { days in min(days, 1) }),
        .assign: HandOver(giver: "Trưởng phòng", receiver: "Chuyên viên", dayOffset: { days in min(days, 1) }),
        .propose: HandOver(giver: "Chuyên viên", receiver: "Lãnh đạo UBND", dayOffset: { days in max(days - 1, 0) }),
        .sendBack: HandOver(giver: "Lãnh đạo UBND", receiver: "Chuyên viên", dayOffset: { days in max(days - 1, 0) }),
        .approve: HandOver(giver: "Lãnh đạo UBND", receiver: "Bộ phận một cửa", dayOffset: { days in days }),
        .returnResult: HandOver(giver: "Bộ phận một cửa", receiver: "Người nộp", dayOffset: { days in days }),
        // The refusal and the dossier go back to the desk, which hands them to the applicant, within the time.
        .refuseDuringProcessing: HandOver(giver: "Người giải quyết", receiver: "Bộ phận một cửa", dayOffset: { days in days }),
    ]

    /// The other agencies asked to verify the dossier (Mẫu số 06: "Cơ quan phối hợp giải quyết hồ sơ"), as each
    /// pause for verification names them, in order and without repeats.
    static func coordinatingUnits(in events: [DossierEventRecord]) -> [String] {
        var units: [String] = []
        for event in events where event.action == DossierAction.pauseForVerification.rawValue {
            guard case .pauseForVerification(let reason)? = try? JSONDecoder().decode(DossierCommand.self, from: Data(event.payload.utf8)),
                  let unit = Optional(reason).trimmedOrNil, !units.contains(unit) else { continue }
            units.append(unit)
        }
        return units
    }

    static func rows(for dossier: Dossier, events: [DossierEventRecord], people: DossierPagesController.HistoryPeople, calendar: WorkingDayCalendar) -> [LegalFormsController.ControlRow] {
        let days = dossier.processingDays ?? 0
        let receivedDay = dossier.receivedAt.flatMap { LocalDateTime($0)?.date }
        return events.compactMap { event in
            guard let action = DossierAction(rawValue: event.action), let handOver = handOvers[action] else { return nil }
            var planned: Date?
            if action == .returnResult || action == .approve || action == .refuseDuringProcessing {
                planned = dossier.dueAt
            } else if let receivedDay, let day = calendar.addingWorkingDays(handOver.dayOffset(days), to: receivedDay) {
                planned = LocalDateTime(date: day, hour: 17)?.instant
            }
            let result = planned.map { Timeliness.of(completedAt: event.occurredAt, dueAt: $0, apologyIssued: action == .returnResult && dossier.apologyIssued).vietnameseName } ?? "—"
            return LegalFormsController.ControlRow(
                unit: event.actorUnit, handOver: VietnameseFormat.dateTime(event.occurredAt),
                giver: action == .receive || action == .provideSupplement ? dossier.applicantName
                    : "\(handOver.giver) (\(people.person(event.actorUsername, role: event.actorRole) ?? event.actorUsername))",
                receiver: handOver.receiver, result: result, plannedDue: planned.map(VietnameseFormat.dateTime), note: event.note ?? ""
            )
        }
    }
}

/// Form 07, the dossier register (sổ theo dõi hồ sơ): every dossier of a field received in a period, as the electronic
/// register that replaces the paper book (TT 03/2025/TT-VPCP).
enum DossierRegister {
    struct Row: Encodable {
        let index: Int
        let code: String
        let procedureName: String
        let applicantName: String
        let contact: String
        let handlingUnit: String
        let receivedAt: String
        let dueAt: String
        let returnedAt: String
        let returnMethod: String
    }

    struct Page: Encodable {
        let form: LegalFormsController.Header
        let fieldName: String
        let fromDate: String
        let toDate: String
        let rows: [Row]
    }

    /// The longest period one register page covers.
    static let longestPeriodDays = 366

    /// What the officer asks for before the register is shown: the period, the field and why.
    struct ReasonPage: Encodable {
        let page: PageContext
        let communeName: String
        let from: String
        let to: String
        let fields: [OrganisationController.Option]
        let reason: String
        let errors: FormErrors
        let actionPath: String
        let backPath: String
    }

    /// `GET /mot-cua/so-theo-doi?linh-vuc=&tu=YYYY-MM-DD&den=YYYY-MM-DD&ly-do=`: the printed register, for the roles that
    /// keep it. It shows every applicant's name, address and phone, so like the CSV export it needs a reason, which the
    /// access log keeps and each applicant sees; without one the page asks for it.
    static func show(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        // The register is a commune's book: the province's officers, administrators included, have none to keep.
        guard staff.hasAny(RegisterExportController.exportingRoles), let communeID = staff.communeID,
              let commune = try await Commune.find(communeID, on: req.db) else { throw AppError.forbidden }
        let today = LocalDateTime(req.now)?.date ?? CivilDate(year: 2026, month: 1, day: 1)!
        let typedReason = req.query[String.self, at: "ly-do"]
        let reason = (typedReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (RegisterExportController.shortestReason...500).contains(reason.count) else {
            let errors = typedReason == nil ? [] : ["Cần ghi rõ lý do in sổ (từ \(RegisterExportController.shortestReason) đến 500 ký tự): sổ có dữ liệu cá nhân, việc in được ghi lại và người dân xem được."]
            let first = CivilDate(year: today.year, month: today.month, day: 1) ?? today
            let chosenField = req.query[String.self, at: "linh-vuc"] ?? ""
            let view = try await req.view.render("dossiers/register-request", ReasonPage(
                page: try await PageContext.make(for: req, title: "In sổ theo dõi hồ sơ"), communeName: commune.fullName,
                from: req.query[String.self, at: "tu"] ?? first.isoString, to: req.query[String.self, at: "den"] ?? today.isoString,
                fields: [.init(value: "", label: "Tất cả lĩnh vực", isSelected: chosenField.isEmpty)]
                    + ProcedureDefinition.Field.allCases.map { OrganisationController.Option(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0.rawValue == chosenField) },
                reason: typedReason ?? "", errors: FormErrors(errors), actionPath: SiteURL.dossierRegister.path, backPath: SiteURL.workQueue.path
            ))
            return try await view.encodeResponse(status: errors.isEmpty ? .ok : .unprocessableEntity, for: req)
        }
        let from = try day(req.query[String.self, at: "tu"], default: CivilDate(year: today.year, month: today.month, day: 1) ?? today, label: "Từ ngày")
        let to = try day(req.query[String.self, at: "den"], default: today, label: "Đến ngày")
        guard from <= to else { throw AppError.badRequest("\"Từ ngày\" phải trước \"Đến ngày\".") }
        guard from.days(to: to) <= longestPeriodDays else { throw AppError.badRequest("Mỗi sổ theo dõi tối đa một năm.") }
        let field = req.query[String.self, at: "linh-vuc"].flatMap { ProcedureDefinition.Field.matching($0) }
        guard let start = LocalDateTime(date: from, hour: 0)?.instant, let end = to.adding(days: 1).flatMap({ LocalDateTime(date: $0, hour: 0)?.instant }) else {
            throw AppError.badRequest("Khoảng thời gian không hợp lệ.")
        }
        var query = try req.tenant.query(Dossier.self).filter(\.$commune.$id == communeID).filter(\.$receivedAt >= start).filter(\.$receivedAt < end)
        if let field { query = query.filter(\.$field == field.rawValue) }
        let dossiers = try await query.sort(\.$receivedAt).limit(5000).all()
        let units = try await Dictionary(Department.query(on: req.db).filter(\.$commune.$id == communeID).all().compactMap { unit in unit.id.map { ($0, unit.name) } }, uniquingKeysWith: { first, _ in first })
        // Every dossier the register shows is logged, so that each applicant sees the access (Features/Privacy).
        try await PersonalDataLog.record(dossiers, purpose: "In sổ theo dõi hồ sơ (\(dossiers.count) hồ sơ)", reason: reason, on: req)
        return try await req.view.render("dossiers/forms/register", Page(
            form: .init(
                title: "Sổ theo dõi hồ sơ", formNumber: "Mẫu số 07", dossierCode: "", agencyLine1: "UBND \(commune.fullName.uppercased())",
                agencyLine2: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", placeAndDate: "\(commune.name), ngày \(today.day) tháng \(today.month) năm \(today.year)",
                backPath: SiteURL.workQueue.path
            ),
            fieldName: field?.vietnameseName ?? "Tất cả lĩnh vực", fromDate: from.vietnameseString, toDate: to.vietnameseString,
            rows: dossiers.enumerated().map { index, dossier in
                Row(
                    index: index + 1, code: dossier.code, procedureName: dossier.procedureName, applicantName: dossier.applicantName,
                    contact: [dossier.applicantAddress, dossier.applicantPhone].compactMap { $0 }.joined(separator: "; "),
                    handlingUnit: dossier.$department.id.flatMap { units[$0] } ?? "", receivedAt: dossier.receivedAt.map(VietnameseFormat.dateTime) ?? "",
                    dueAt: dossier.dueAt.map(VietnameseFormat.dateTime) ?? "", returnedAt: dossier.returnedAt.map(VietnameseFormat.dateTime) ?? "",
                    returnMethod: dossier.returnMethod.flatMap(ReturnMethod.init(rawValue:))?.vietnameseName ?? ""
                )
            }
        )).encodeResponse(for: req)
    }

    private static func day(_ raw: String?, default fallback: CivilDate, label: String) throws -> CivilDate {
        guard let raw, !raw.isEmpty else { return fallback }
        guard let day = CivilDate(isoString: raw) ?? CivilDate(dayMonthYear: raw) else { throw AppError.badRequest("\(label) không hợp lệ: \(raw).") }
        return day
    }
}

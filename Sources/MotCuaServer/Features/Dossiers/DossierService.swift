import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// The one place where dossiers are created and change state: rules from MotCuaCore, one transaction for the dossier,
/// its history, its documents and the audit journal.
enum DossierService {
    /// What the desk decided at intake.
    enum IntakeDecision: String, Sendable {
        case receive
        case supplement
        case refuse
        /// The applicant submits from their account: the dossier waits at the desk as "new".
        case submitOnline = "submit_online"
    }

    /// A scan handed in with the dossier.
    struct Scan: Sendable {
        let documentIndex: Int
        let fileName: String
        let bytes: [UInt8]
    }

    /// Everything the desk entered at intake.
    struct Intake: Sendable {
        var procedure: ProcedureDefinition
        var applicant: Applicant
        var receivedDocuments: Set<Int>
        var scans: [Scan]
        var copies: Int
        var pages: Int
        var note: String
        var decision: IntakeDecision
        var channel: IntakeChannel
        /// Files already in the store, by document index: documents the applicant reuses from earlier dossiers.
        var reusedFiles: [Int: StoredFile] = [:]
        /// The citizen account that submitted online, linked to the dossier in the same transaction.
        var applicantAccountID: UUID? = nil
        /// The queue ticket the applicant was served under at the counter, recorded with the dossier.
        var queueTicketID: UUID? = nil
        /// The client's idempotency key, stored with the dossier in the same transaction (see `intakeOnce`).
        var idempotency: IdempotentRequest? = nil
        /// The receipt time the officer recorded at the counter while the network was down (see `OfflineIntake`).
        var receivedOfflineAt: Date? = nil
    }

    /// A file already kept in the file store.
    struct StoredFile: Sendable {
        let key: String
        let kind: UploadedFileKind
        let name: String
        let size: Int
    }

    /// Who acts, as the rules and the journal need them.
    struct Acting: Sendable {
        let actor: DossierActor
        let audit: AuditActor
        let officerID: UUID?
        let unitName: String
        /// Where the applicant's messages point to: the site's public address (empty keeps addresses relative).
        var publicBaseURL: String = ""
    }

    /// Creates a dossier at the counter and takes the desk's decision on it; throws a 422 listing every problem.
    static func intake(_ intake: Intake, communeID: UUID, by acting: Acting, at now: Date, on app: Application, calendar: WorkingDayCalendar, provinceFees: ProvinceFeeTable?) async throws -> Dossier {
        var problems = intake.applicant.problems(channel: intake.channel).map(\.message)
        let required = intake.procedure.requiredDocuments
        let missing = required.enumerated().filter { !intake.receivedDocuments.contains($0.offset) }.map(\.element.name)
        let note = intake.note.trimmingCharacters(in: .whitespacesAndNewlines)
        switch intake.decision {
        case .receive where !missing.isEmpty:
            problems.append("Hồ sơ chưa đủ thành phần (\(missing.joined(separator: "; "))): hãy yêu cầu bổ sung hoặc đánh dấu đã nhận.")
        case .supplement where missing.isEmpty && note.isEmpty:
            problems.append("Yêu cầu bổ sung cần bỏ đánh dấu giấy tờ còn thiếu hoặc ghi rõ nội dung cần bổ sung.")
        case .refuse where note.isEmpty:
            problems.append("Từ chối tiếp nhận cần ghi rõ lý do.")
        case .submitOnline where !missing.isEmpty:
            problems.append("Cần tải lên hoặc chọn từ kho giấy tờ: \(missing.joined(separator: "; ")).")
        default:
            break
        }
        if let offline = intake.receivedOfflineAt {
            guard acting.actor.roles.contains(.counterOfficer) else {
                throw AppError(status: .forbidden, code: "forbidden", message: "Chỉ cán bộ tiếp nhận mới được gửi hồ sơ tiếp nhận ngoại tuyến.")
            }
            if intake.channel != .counter { problems.append("Hồ sơ tiếp nhận ngoại tuyến chỉ có thể là hồ sơ nộp trực tiếp tại quầy.") }
            if let problem = OfflineIntake.problem(recordedAt: offline, syncedAt: now) { problems.append(problem.message) }
        }
        if !(1...50).contains(intake.copies) { problems.append("Số bộ hồ sơ phải từ 1 đến 50.") }
        if !(1...5000).contains(intake.pages) { problems.append("Số trang phải từ 1 đến 5.000.") }
        var checkedScans: [(Scan, UploadedFileKind)] = []
        for scan in intake.scans {
            switch UploadRule.check(scan.bytes, fileName: scan.fileName) {
            case .success(let kind): checkedScans.append((scan, kind))
            case .failure(let problem): problems.append(problem.message)
            }
        }
        guard problems.isEmpty else { throw AppError.invalid(problems.joined(separator: "\n")) }

        guard let commune = try await Commune.find(communeID, on: app.db) else { throw AppError.notFound }
        guard let procedureRow = try await CatalogProcedure.query(on: app.db).filter(\.$code == intake.procedure.code).first() else { throw AppError.notFound }
        let department = try await Department.query(on: app.db).filter(\.$commune.$id == communeID)
            .filter(\.$kind == DepartmentKind(rawValue: intake.procedure.department.rawValue) ?? .officeOfCouncilAndCommittee).first()
        let fee = intake.procedure.feeAmount(pages: intake.pages, copies: intake.copies, cases: intake.copies, provinceFees: provinceFees, channel: intake.channel) ?? 0

        // Files go to the store before the transaction: stored by content, an unused one harms nothing.
        var storedScans: [Int: (key: String, kind: UploadedFileKind, name: String, size: Int)] = intake.reusedFiles.mapValues { ($0.key, $0.kind, $0.name, $0.size) }
        for (scan, kind) in checkedScans {
            let key = try await app.fileStore.store(scan.bytes, kind: kind, communeID: communeID)
            storedScans[scan.documentIndex] = (key, kind, scan.fileName, scan.bytes.count)
        }

        let command: DossierCommand = switch intake.decision {
        case .receive: .receive
        case .supplement: .requestSupplement(missing: missing.isEmpty ? [note] : missing, reason: note)
        case .refuse: .refuse(reason: note)
        case .submitOnline: .submitOnline
        }
        // Taken in offline: the receipt, its code's day and the deadline follow the time the officer recorded.
        let receivedAt = intake.receivedOfflineAt ?? now
        guard let today = LocalDateTime(receivedAt)?.date else { throw AppError.invalid("Thời điểm tiếp nhận không hợp lệ.") }
        let terms = DossierTerms(processingTime: intake.procedure.processingTime, cutOffHour: intake.procedure.cutOffHour, verificationExtraWorkingDays: intake.procedure.verificationExtraWorkingDays, channel: intake.channel)
        let state: DossierState
        do {
            state = try DossierRules.apply(command, to: .initial, by: acting.actor, at: receivedAt, terms: terms, calendar: calendar)
        } catch {
            throw AppError.invalid(error.message)
        }
        let procedure = intake.procedure
        let applicant = intake.applicant
        let scans = storedScans
        let copies = intake.copies
        let accountID = intake.applicantAccountID
        let idempotency = intake.idempotency
        let receivedOfflineAt = intake.receivedOfflineAt
        return try await app.writeTransaction { db in
            let sequence = try await DossierNumbering.next(communeID: communeID, day: DossierCode.dayKey(today), on: db)
            guard let code = DossierCode.make(agencyIdentifier: commune.agencyIdentifier, receivedOn: today, sequence: sequence) else {
                throw AppError.invalid("Mã định danh của xã (\(commune.agencyIdentifier)) không hợp lệ để cấp mã hồ sơ.")
            }
            let dossier = Dossier()
            dossier.$commune.id = communeID
            dossier.$procedure.id = try procedureRow.requireID()
            dossier.$department.id = department?.id
            dossier.$receivedBy.id = acting.officerID
            dossier.version = 1
            dossier.code = code.description
            dossier.procedureCode = procedure.code
            dossier.procedureName = procedure.name
            dossier.field = procedure.field.rawValue
            dossier.channel = intake.channel.rawValue
            dossier.applicantKind = applicant.kind.rawValue
            dossier.applicantName = applicant.fullName.trimmingCharacters(in: .whitespacesAndNewlines)
            dossier.applicantIDNumber = applicant.idNumber?.nonEmptyTrimmed
            dossier.applicantPhone = applicant.phone?.nonEmptyTrimmed
            dossier.applicantEmail = applicant.email?.nonEmptyTrimmed
            dossier.applicantAddress = applicant.address?.nonEmptyTrimmed
            dossier.representativeName = applicant.representativeName?.nonEmptyTrimmed
            dossier.representativeIDNumber = applicant.representativeIDNumber?.nonEmptyTrimmed
            dossier.authorisationDocument = applicant.authorisationDocument?.nonEmptyTrimmed
            dossier.copies = copies
            dossier.feeAmount = fee
            dossier.processingDays = procedure.processingTime.workingDayCount
            dossier.cutOffHour = procedure.cutOffHour
            dossier.verificationDays = procedure.verificationExtraWorkingDays
            dossier.apply(state)
            try await dossier.create(on: db)
            try await ReportSummaries.record(from: nil, to: dossier, on: db)
            let dossierID = try dossier.requireID()
            for (index, document) in procedure.requiredDocuments.enumerated() {
                let row = DossierDocument()
                row.$dossier.id = dossierID
                row.communeID = communeID
                row.name = document.name
                row.form = document.form.rawValue
                row.count = document.copies
                row.isReceived = intake.receivedDocuments.contains(index)
                if let scan = scans[index] {
                    row.fileKey = scan.key
                    row.fileKind = scan.kind.rawValue
                    row.fileName = String(scan.name.prefix(200))
                    row.fileSize = scan.size
                }
                try await row.create(on: db)
            }
            if let accountID {
                try await CitizenDossierLink(communeID: communeID, dossierID: dossierID, accountID: accountID).create(on: db)
            }
            try await recordEvent(command, from: nil, to: state.status, sequence: 1, dossier: dossier, by: acting, at: receivedAt, on: db)
            if let receivedOfflineAt {
                try await AuditJournal.append(
                    AuditEvent(
                        action: "dossier.offline_synced", objectType: "dossier", objectID: dossier.code, communeID: communeID,
                        summary: "\(dossier.code): tiếp nhận ngoại tuyến lúc \(LocalDateTime(receivedOfflineAt).map(\.description) ?? "?") bởi \(acting.actor.username), đồng bộ lúc \(LocalDateTime(now).map(\.description) ?? "?")"
                    ),
                    by: acting.audit, at: now, on: db
                )
            }
            if let idempotency {
                try await recordKey(idempotency, for: dossier, receivedOfflineAt: receivedOfflineAt, syncedAt: now, on: db)
            }
            if let ticketID = intake.queueTicketID {
                try await FloorIntakeLink.attach(ticketID: ticketID, to: dossier, on: db)
            }
            return dossier
        }
    }

    /// Takes one step on a dossier, if `expectedVersion` is still its version; a stale version is a 409.
    ///
    /// `alongside` writes what goes with the step (the applicant's uploaded documents) in the same transaction.
    static func perform(_ command: DossierCommand, on dossierID: UUID, expectedVersion: Int, by acting: Acting, at now: Date, on app: Application, calendar: WorkingDayCalendar, alongside: (@Sendable (Dossier, any Database) async throws -> Void)? = nil) async throws -> Dossier {
        if case .assign(let username) = command {
            try await checkAssignee(username, dossierID: dossierID, on: app.db)
        }
        return try await app.writeTransaction { db in
            try await perform(command, on: dossierID, expectedVersion: expectedVersion, by: acting, at: now, calendar: calendar, inTransaction: db, alongside: alongside)
        }
    }

    /// Takes one step on a dossier inside the caller's write transaction (`perform` above, or an intermediary's
    /// payment notice that closes its order in the same transaction); `expectedVersion` `nil` takes the current one.
    static func perform(_ command: DossierCommand, on dossierID: UUID, expectedVersion: Int?, by acting: Acting, at now: Date, calendar: WorkingDayCalendar, inTransaction db: any Database, alongside: (@Sendable (Dossier, any Database) async throws -> Void)? = nil) async throws -> Dossier {
        // The row lock makes a second officer acting at the same moment wait, then see the new version.
        guard let dossier = try await Dossier.lockedRow(dossierID, on: db) else { throw AppError.notFound }
        if let expectedVersion, dossier.version != expectedVersion {
            throw AppError.conflict("Hồ sơ \(dossier.code) vừa được người khác cập nhật (phiên bản \(dossier.version)). Thao tác của bạn chưa được thực hiện và không có gì bị thay đổi; mở lại hồ sơ để xem trạng thái mới rồi thao tác lại nếu vẫn cần.")
        }
        let before = dossier.state
        let factBefore = ReportSummaries.fact(of: dossier)
        let after: DossierState
        do {
            after = try DossierRules.apply(command, to: before, by: acting.actor, at: now, terms: dossier.terms, calendar: calendar)
        } catch {
            guard let refusal = error as? DossierRuleError else { throw error }
            throw AppError(status: .unprocessableEntity, code: refusal.kind.rawValue, message: refusal.message)
        }
        if case .assign(let username) = command {
            dossier.$assignee.id = try await Officer.query(on: db).filter(\.$username == username).first()?.id
        }
        if command.action == .receive, dossier.$receivedBy.id == nil {
            // An online dossier is received by the officer who checks it at the desk (form 01 names them).
            dossier.$receivedBy.id = acting.officerID
        }
        dossier.apply(after)
        dossier.version += 1
        try await dossier.save(on: db)
        try await alongside?(dossier, db)
        try await ReportSummaries.record(from: factBefore, to: dossier, on: db)
        let sequence = (try await DossierEventRecord.query(on: db).filter(\.$dossier.$id == dossierID).max(\.$sequence) ?? 0) + 1
        try await recordEvent(command, from: before.status, to: after.status, sequence: sequence, dossier: dossier, by: acting, at: now, on: db)
        return dossier
    }

    /// The assignee must be an active specialist (or head) of the dossier's department.
    private static func checkAssignee(_ username: String, dossierID: UUID, on database: any Database) async throws {
        guard let dossier = try await Dossier.find(dossierID, on: database) else { throw AppError.notFound }
        guard let officer = try await Officer.query(on: database).filter(\.$username == username).filter(\.$isActive == true).first(),
              officer.$commune.id == dossier.$commune.id, officer.$department.id == dossier.$department.id,
              !officer.roles.isDisjoint(with: [.specialist, .departmentHead])
        else {
            throw AppError.invalid("Người được phân công phải là chuyên viên của phòng giải quyết hồ sơ này.")
        }
    }

    /// Whether a recorded step tells the applicant through the outbox.
    enum ApplicantNotice: Sendable {
        case send
        /// History written after the fact (the demo's past dossiers): nobody is to be messaged about it now.
        case withhold
    }

    /// Records one step of a dossier inside the caller's transaction: its history event, its audit journal entry, its
    /// place in the queue to the national portal and, unless withheld, the applicant's message. The desk, the API, citizens and the demo all record steps here, so
    /// that no step exists without its journal entry; only the load benchmark's generator writes its synthetic year in
    /// bulk, without a journal (`BenchCommuneWriter`).
    static func recordEvent(_ command: DossierCommand, from: DossierStatus?, to: DossierStatus, sequence: Int, dossier: Dossier, by acting: Acting, at now: Date, notice: ApplicantNotice = .send, on db: any Database) async throws {
        let event = DossierEventRecord()
        event.$dossier.id = try dossier.requireID()
        event.communeID = dossier.$commune.id
        event.sequence = sequence
        event.action = command.action.rawValue
        event.fromStatus = from?.rawValue
        event.toStatus = to.rawValue
        event.occurredAt = now
        event.actorID = acting.officerID
        event.actorUsername = acting.actor.username
        event.actorRole = acting.actor.recordedRole
        event.actorUnit = acting.unitName
        event.note = command.note
        event.payload = String(decoding: try JSONEncoder().encode(command), as: UTF8.self)
        try await event.create(on: db)
        try await AuditJournal.append(
            AuditEvent(
                action: "dossier.\(command.action.rawValue)", objectType: "dossier", objectID: dossier.code, communeID: dossier.$commune.id,
                summary: "\(dossier.code): \(from?.vietnameseName ?? "mới") → \(to.vietnameseName)\(command.note.map { " (\($0.prefix(120)))" } ?? "")"
            ),
            by: acting.audit, at: now, on: db
        )
        try await PortalSync.enqueue(dossier: dossier, sequence: sequence, at: now, on: db)
        guard notice == .send else { return }
        try await OutboxDispatcher.enqueue(for: command.action, dossier: dossier, lookupURL: acting.publicBaseURL + CitizenLinks.messagePath(for: command.action, dossier: dossier), at: now, on: db)
    }

    /// Replays a stored dossier's history and returns the state it yields (for checks and `reports verify`).
    static func replayedState(of dossier: Dossier, on database: any Database, calendar: WorkingDayCalendar) async throws -> DossierState {
        let events = try await DossierEventRecord.query(on: database).filter(\.$dossier.$id == dossier.requireID()).sort(\.$sequence).all()
        let steps = try events.map { event -> (command: DossierCommand, actor: DossierActor, at: Date) in
            let command = try JSONDecoder().decode(DossierCommand.self, from: Data(event.payload.utf8))
            return (command, DossierActor.recorded(username: event.actorUsername, role: event.actorRole), event.occurredAt)
        }
        return try DossierRules.replay(steps, terms: dossier.terms, calendar: calendar)
    }
}

extension Request {
    /// The signed-in officer as the dossier rules and the journal see them.
    func dossierActing() async throws -> DossierService.Acting {
        let staff = try requireStaff()
        var unit = try await staff.departmentID.asyncMap { try await Department.find($0, on: db)?.name } ?? nil
        if unit == nil {
            unit = try await staff.communeID.asyncMap { try await Commune.find($0, on: db)?.fullName } ?? nil
        }
        return DossierService.Acting(
            actor: DossierActor(username: staff.username, roles: staff.roles), audit: auditActor, officerID: staff.officerID,
            unitName: unit ?? "Cấp tỉnh", publicBaseURL: publicBaseURL
        )
    }
}

extension String {
    /// The text without surrounding spaces, or `nil` when nothing is left.
    var nonEmptyTrimmed: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}

import Fluent
import Foundation
import MotCuaCore
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Where the national portal's provincial adapter is and how MotCua signs in to it; synchronisation is off without it.
struct PortalSyncSettings: Sendable {
    /// The adapter's address: sign-in at `…/login`, services at `…/service`.
    let adapterURL: String
    let username: String
    let password: String

    var signInURL: URI { URI(string: adapterURL + "/login") }
    var serviceURL: URI { URI(string: adapterURL + "/service") }

    /// `MOTCUA_DVCQG_URL`, `MOTCUA_DVCQG_USERNAME`, `MOTCUA_DVCQG_PASSWORD`; `nil` (off) without the address.
    static func fromEnvironment(_ variables: [String: String] = ProcessInfo.processInfo.environment) throws -> PortalSyncSettings? {
        guard let raw = variables["MOTCUA_DVCQG_URL"], !raw.isEmpty else { return nil }
        let address = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
        guard let url = URL(string: address), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw Settings.Problem(description: "MOTCUA_DVCQG_URL=\"\(raw)\" không phải địa chỉ http(s) của bộ kết nối Cổng Dịch vụ công quốc gia.")
        }
        guard let username = variables["MOTCUA_DVCQG_USERNAME"], !username.isEmpty,
              let password = variables["MOTCUA_DVCQG_PASSWORD"], !password.isEmpty
        else {
            throw Settings.Problem(description: "Có MOTCUA_DVCQG_URL thì cần cả MOTCUA_DVCQG_USERNAME và MOTCUA_DVCQG_PASSWORD (tài khoản tỉnh trên Cổng Dịch vụ công quốc gia).")
        }
        return PortalSyncSettings(adapterURL: address, username: username, password: password)
    }
}

/// Why a call to the portal did not succeed.
enum PortalCallFailure: Error, CustomStringConvertible {
    /// The portal could not be reached or answered something that is not the protocol: tried again later.
    case unreachable(String)
    /// The portal answered and refused: tried again only after a person resends it.
    case refused(code: String, message: String)

    var description: String {
        switch self {
        case .unreachable(let reason): "Không kết nối được Cổng: \(reason)"
        case .refused(let code, let message): "Cổng từ chối (mã \(code)): \(message)"
        }
    }
}

/// The provincial adapter over HTTP: one sign-in per delivery round, then one JSON post per service call.
struct PortalConnection: Sendable {
    let settings: PortalSyncSettings
    let client: any Client

    private struct SignIn: Encodable, Sendable { let username: String; let password: String }

    private struct Call<Item: Encodable & Sendable>: Encodable, Sendable {
        let session: String
        let madonvi: String
        let service: String
        let data: [Item]?
        let isUpdating: Bool?
        let mahoso: String?
    }

    /// Signs in and returns the session the calls carry.
    func signIn() async throws -> String {
        let reply = try await post(settings.signInURL, SignIn(username: settings.username, password: settings.password))
        guard reply.isSuccess, let session = reply.session, !session.isEmpty else {
            // A refused sign-in is the province's configuration, not a dossier's fault: no dossier is dead-lettered for it.
            throw PortalCallFailure.unreachable("đăng nhập bị từ chối (mã \(reply.errorCode)\(reply.message.map { ": \($0)" } ?? ""))")
        }
        return session
    }

    /// Whether the portal already holds a dossier code (`TraCuuHoSo`).
    func holds(_ dossierCode: String, unitCode: String, session: String) async throws -> Bool {
        let reply = try await post(settings.serviceURL, Call<PortalProgressRecord>(session: session, madonvi: unitCode, service: NationalPortal.Service.lookUp.rawValue, data: nil, isUpdating: nil, mahoso: dossierCode))
        guard reply.isSuccess else { throw PortalCallFailure.refused(code: reply.errorCode, message: reply.message ?? "") }
        return reply.resultCount > 0
    }

    /// Sends items to a service and throws unless the portal accepts them.
    func send<Item: Encodable & Sendable>(_ service: NationalPortal.Service, _ items: [Item], isUpdating: Bool?, unitCode: String, session: String) async throws {
        let reply = try await post(settings.serviceURL, Call(session: session, madonvi: unitCode, service: service.rawValue, data: items, isUpdating: isUpdating, mahoso: nil))
        guard reply.isSuccess else { throw PortalCallFailure.refused(code: reply.errorCode, message: reply.message ?? "") }
    }

    private func post<Body: Encodable & Sendable>(_ url: URI, _ body: Body) async throws -> PortalReply {
        let response: ClientResponse
        do {
            response = try await client.post(url) { request in
                try request.content.encode(body, as: .json)
                request.timeout = .seconds(30)
            }
        } catch {
            throw PortalCallFailure.unreachable(String(describing: error).prefix(300).description)
        }
        guard (200..<300).contains(response.status.code) else { throw PortalCallFailure.unreachable("HTTP \(response.status.code)") }
        guard let reply = try? response.content.decode(PortalReply.self, as: .json) else {
            throw PortalCallFailure.unreachable("câu trả lời không đúng giao thức")
        }
        return reply
    }
}

/// Writes a dossier's steps into the sync queue and delivers the queue to the portal.
enum PortalSync {
    /// Queues one step of a dossier, inside the step's transaction. Steps are queued even while synchronisation is off,
    /// so that a province that switches it on sends every dossier, as the law asks, not only the new ones.
    static func enqueue(dossier: Dossier, sequence: Int, at now: Date, on db: any Database) async throws {
        let event = PortalSyncEvent()
        event.$commune.id = dossier.$commune.id
        event.$dossier.id = try dossier.requireID()
        event.dossierCode = dossier.code
        event.sequence = sequence
        event.status = .pending
        event.attempts = 0
        event.nextAttemptAt = now
        event.createdAt = now
        try await event.create(on: db)
    }

    /// The queue position of a resynchronisation: the dossier's whole record again, without a progress step, so that
    /// sending it twice changes nothing on the portal.
    static let resyncSequence = 0

    /// Queues the whole record of every dossier of a commune received (or submitted) since a day, again; returns how
    /// many were queued. A dossier already waiting for its resynchronisation is not queued twice.
    static func resync(communeID: UUID, since day: CivilDate, at now: Date, on db: any Database, progress: (Int, Int) -> Void) async throws -> Int {
        guard let start = LocalDateTime(date: day, hour: 0)?.instant else { return 0 }
        let dossiers = try await Dossier.query(on: db).filter(\.$commune.$id == communeID).filter(\.$createdAt >= start).sort(\.$createdAt).all()
        var queued = 0
        for (index, dossier) in dossiers.enumerated() {
            let dossierID = try dossier.requireID()
            if let existing = try await PortalSyncEvent.query(on: db).filter(\.$dossier.$id == dossierID).filter(\.$sequence == resyncSequence).first() {
                guard existing.status != .pending else { continue }
                existing.status = .pending
                existing.attempts = 0
                existing.lastError = nil
                existing.nextAttemptAt = now
                existing.createdAt = now
                try await existing.save(on: db)
            } else {
                try await enqueue(dossier: dossier, sequence: resyncSequence, at: now, on: db)
            }
            queued += 1
            if (index + 1) % 500 == 0 { progress(index + 1, dossiers.count) }
        }
        progress(dossiers.count, dossiers.count)
        return queued
    }


    /// Delivers the steps that are due, in order within each dossier; returns how many reached the portal.
    @discardableResult
    static func deliverDue(app: Application, limit: Int = 200) async throws -> Int {
        guard let settings = app.portalSyncSettings else { return 0 }
        // One round at a time per application: two rounds could send one dossier's steps out of order.
        let roundRunning = app.portalSyncRoundRunning
        guard roundRunning.withLockedValue({ running in
            if running { return false }
            running = true
            return true
        }) else { return 0 }
        defer { roundRunning.withLockedValue { $0 = false } }

        let now = app.clock.now()
        // A step never tried is due whatever time it bears (the demo dates some of its steps later today); a step
        // that failed waits for its back-off.
        let due = try await PortalSyncEvent.query(on: app.db).filter(\.$status == .pending)
            .group(.or) { $0.filter(\.$attempts == 0).filter(\.$nextAttemptAt <= now) }
            .sort(\.$createdAt).sort(\.$sequence).limit(limit).all()
        guard !due.isEmpty else { return 0 }
        let connection = PortalConnection(settings: settings, client: app.client)
        let session: String
        do {
            session = try await connection.signIn()
        } catch {
            for first in firstOfEachDossier(due) { try await recordFailure(of: first, error, at: now, on: app) }
            return 0
        }
        var delivered = 0
        var blockedDossiers: Set<UUID> = []
        for event in due {
            let dossierID = event.$dossier.id
            guard !blockedDossiers.contains(dossierID) else { continue }
            // An earlier step of the same dossier that has not reached the portal (waiting or refused) goes first.
            let earlierUnsent = try await PortalSyncEvent.query(on: app.db).filter(\.$dossier.$id == dossierID)
                .filter(\.$status != .sent).filter(\.$sequence < event.sequence).count()
            guard earlierUnsent == 0 else {
                blockedDossiers.insert(dossierID)
                continue
            }
            do {
                try await deliver(event, through: connection, session: session, at: now, on: app)
                delivered += 1
            } catch {
                blockedDossiers.insert(dossierID)
                try await recordFailure(of: event, error, at: now, on: app)
            }
        }
        return delivered
    }

    private static func firstOfEachDossier(_ events: [PortalSyncEvent]) -> [PortalSyncEvent] {
        var seen: Set<UUID> = []
        return events.filter { seen.insert($0.$dossier.id).inserted }
    }

    /// Sends one step: the dossier's whole record (created, or updated when the portal holds it) and the step's progress.
    private static func deliver(_ event: PortalSyncEvent, through connection: PortalConnection, session: String, at now: Date, on app: Application) async throws {
        let content = try await PortalSyncContent.make(for: event, on: app.db, calendar: try await app.calendarStore.calendar(on: app.db))
        let known = try await PortalDossierState.query(on: app.db).filter(\.$dossier.$id == event.$dossier.id).first()
        let isUpdating: Bool
        if known != nil {
            isUpdating = true
        } else {
            // After a crash between the portal's answer and our record of it, the portal may hold the dossier already.
            isUpdating = try await connection.holds(content.dossier.dossierCode, unitCode: content.unitCode, session: session)
        }
        try await connection.send(.syncDossier, [content.dossier], isUpdating: isUpdating, unitCode: content.unitCode, session: session)
        if let step = content.step {
            try await connection.send(.updateProgress, [step], isUpdating: nil, unitCode: content.unitCode, session: session)
        }
        let nationalStatus = Int(content.dossier.nationalStatus) ?? 0
        try await app.writeTransaction { db in
            guard let stored = try await PortalSyncEvent.find(event.id, on: db), stored.status == .pending else { return }
            stored.status = .sent
            stored.sentAt = now
            stored.attempts += 1
            stored.lastError = nil
            try await stored.save(on: db)
            if let state = try await PortalDossierState.query(on: db).filter(\.$dossier.$id == event.$dossier.id).first() {
                state.nationalStatus = nationalStatus
                state.lastSentAt = now
                try await state.save(on: db)
            } else {
                let state = PortalDossierState()
                state.$commune.id = event.$commune.id
                state.$dossier.id = event.$dossier.id
                state.dossierCode = event.dossierCode
                state.nationalStatus = nationalStatus
                state.firstSentAt = now
                state.lastSentAt = now
                try await state.create(on: db)
            }
        }
    }

    private static func recordFailure(of event: PortalSyncEvent, _ error: any Error, at now: Date, on app: Application) async throws {
        let failure = (error as? PortalCallFailure) ?? .unreachable(String(describing: error).prefix(300).description)
        try await app.writeTransaction { db in
            guard let stored = try await PortalSyncEvent.find(event.id, on: db), stored.status == .pending else { return }
            stored.attempts += 1
            stored.lastError = failure.description
            switch failure {
            case .unreachable:
                stored.nextAttemptAt = PortalRetryPolicy.nextAttempt(afterFailures: stored.attempts, at: now)
            case .refused:
                stored.status = .refused
                try await AuditJournal.append(
                    AuditEvent(action: "portal_sync.refused", objectType: "dossier", objectID: stored.dossierCode, communeID: stored.$commune.id,
                               summary: "Cổng Dịch vụ công quốc gia từ chối bước \(stored.sequence) của hồ sơ \(stored.dossierCode): \(failure.description.prefix(200))"),
                    by: .portalSync, at: now, on: db
                )
            }
            try await stored.save(on: db)
        }
    }

    /// Puts a refused step back in the queue, after a person has fixed what the portal refused.
    static func resend(_ event: PortalSyncEvent, by actor: AuditActor, at now: Date, on app: Application) async throws {
        try await app.writeTransaction { db in
            guard let stored = try await PortalSyncEvent.find(event.id, on: db), stored.status == .refused else { return }
            stored.status = .pending
            stored.nextAttemptAt = now
            try await stored.save(on: db)
            try await AuditJournal.append(
                AuditEvent(action: "portal_sync.resend", objectType: "dossier", objectID: stored.dossierCode, communeID: stored.$commune.id,
                           summary: "Gửi lại bước \(stored.sequence) của hồ sơ \(stored.dossierCode) lên Cổng Dịch vụ công quốc gia"),
                by: actor, at: now, on: db
            )
        }
    }
}

/// What one step sends: the dossier's record, the step's progress and the commune's unit code on the portal.
struct PortalSyncContent {
    let unitCode: String
    let dossier: PortalDossierRecord
    /// `nil` for a resynchronisation, which sends the record alone.
    let step: PortalProgressRecord?

    static func make(for event: PortalSyncEvent, on db: any Database, calendar: WorkingDayCalendar) async throws -> PortalSyncContent {
        guard let dossier = try await Dossier.find(event.$dossier.id, on: db),
              let commune = try await Commune.find(dossier.$commune.id, on: db)
        else { throw PortalCallFailure.unreachable("hồ sơ \(event.dossierCode) không còn trong cơ sở dữ liệu") }
        let events = try await DossierEventRecord.query(on: db).filter(\.$dossier.$id == event.$dossier.id).sort(\.$sequence).all()
        let stepEvent = events.first(where: { $0.sequence == event.sequence })
        if stepEvent == nil, event.sequence != PortalSync.resyncSequence {
            throw PortalCallFailure.unreachable("không tìm thấy bước \(event.sequence) của hồ sơ \(event.dossierCode)")
        }
        let officerIDs = Set(events.compactMap(\.actorID))
        let officers = officerIDs.isEmpty ? [] : try await Officer.query(on: db).filter(\.$id ~~ Array(officerIDs)).all()
        let officersByUsername = Dictionary(officers.map { ($0.username, $0) }, uniquingKeysWith: { first, _ in first })
        let officersByID = Dictionary(officers.compactMap { officer in officer.id.map { ($0, officer) } }, uniquingKeysWith: { first, _ in first })
        let documents = try await DossierDocument.query(on: db).filter(\.$dossier.$id == event.$dossier.id).all()
        let departmentName = try await dossier.$department.id.asyncMap { try await Department.find($0, on: db)?.name } ?? nil

        let steps = try events.map { record -> (command: DossierCommand, actor: DossierActor, at: Date) in
            (try JSONDecoder().decode(DossierCommand.self, from: Data(record.payload.utf8)), DossierActor.recorded(username: record.actorUsername, role: record.actorRole), record.occurredAt)
        }
        let rounds: [PortalDossierRecord.SupplementRound]
        do {
            rounds = try PortalSupplementHistory.rounds(of: steps, terms: dossier.terms, calendar: calendar) { officersByUsername[$0]?.fullName ?? $0 }
        } catch {
            throw PortalCallFailure.unreachable("lịch sử hồ sơ \(dossier.code) không phát lại được: \(error.message)")
        }
        let status = DossierStatus(rawValue: dossier.status)
        let channel = IntakeChannel(rawValue: dossier.channel) ?? .counter
        let fieldName = ProcedureDefinition.Field(rawValue: dossier.field)?.vietnameseName ?? dossier.field
        // Fees paid online (issue #21) go as collected online, each for what was paid; otherwise the catalog's fee.
        let paidOnline = try await PaymentOrderRecord.query(on: db).filter(\.$dossier.$id == event.$dossier.id)
            .filter(\.$status == PaymentOrderStatus.paid.rawValue).sort(\.$notifiedAt).all()
        var fees: [PortalDossierRecord.Fee] = paidOnline.map { .init(name: $0.feeName, code: dossier.procedureCode, collection: "2", amount: $0.amount, kind: "2") }
        if fees.isEmpty, dossier.feeAmount > 0 {
            fees.append(.init(name: "Phí, lệ phí: \(dossier.procedureName)", code: dossier.procedureCode, collection: channel == .online ? "2" : "1", amount: dossier.feeAmount, kind: "2"))
        }
        let record = PortalDossierRecord(
            dossierCode: dossier.code, procedureCode: dossier.procedureCode, procedureName: dossier.procedureName, fieldCode: dossier.field, fieldName: fieldName,
            applicantName: dossier.applicantName, applicantType: NationalPortal.applicantTypeCode(Applicant.Kind(rawValue: dossier.applicantKind) ?? .person),
            email: dossier.applicantEmail ?? "", phone: dossier.applicantPhone ?? "", summary: "\(dossier.procedureName) – \(dossier.applicantName)",
            receivedAt: NationalPortal.timestamp(dossier.receivedAt), dueAt: NationalPortal.timestamp(dossier.dueAt),
            nationalStatus: String(status?.nationalStatus.rawValue ?? dossier.nationalStatus), returnedAt: NationalPortal.timestamp(dossier.returnedAt),
            returnByPost: NationalPortal.returnByPostCode(dossier.returnMethod.flatMap(ReturnMethod.init(rawValue:))), channel: NationalPortal.channelCode(channel),
            completedAt: NationalPortal.timestamp(dossier.completedAt), handlingUnit: departmentName.map { "\($0), \(commune.fullName)" } ?? commune.fullName,
            submittedDocuments: documents.enumerated().filter { $0.element.isReceived }.map { .init(name: $0.element.name, componentCode: String($0.offset + 1)) },
            fees: fees, supplements: rounds,
            resultDocuments: dossier.resultIssued ? [.init(name: "Kết quả giải quyết thủ tục \(dossier.procedureName)", documentID: "\(dossier.code)-KQ")] : [],
            // VNPay is the province's own gateway, not the national portal's payment platform: code 2.
            paidOnline: paidOnline.isEmpty ? "0" : "2"
        )
        guard let stepEvent else { return PortalSyncContent(unitCode: commune.agencyIdentifier, dossier: record, step: nil) }
        let officer = stepEvent.actorID.flatMap { officersByID[$0] }
        let stepStatus = DossierStatus(rawValue: stepEvent.toStatus)?.nationalStatus.rawValue ?? dossier.nationalStatus
        let actionName = DossierAction(rawValue: stepEvent.action)?.vietnameseName ?? stepEvent.action
        let step = PortalProgressRecord(
            dossierCode: dossier.code,
            officerName: stepEvent.actorRole == DossierActor.applicantRole ? "Người nộp hồ sơ" : (officer?.fullName ?? stepEvent.actorUsername),
            officerTitle: officer?.jobTitle ?? "", occurredAt: NationalPortal.timestamp(stepEvent.occurredAt), unit: stepEvent.actorUnit,
            content: stepEvent.note.map { "\(actionName): \($0)" } ?? actionName, nationalStatus: String(stepStatus),
            startedAt: NationalPortal.timestamp(dossier.receivedAt), dueAt: NationalPortal.timestamp(dossier.dueAt)
        )
        return PortalSyncContent(unitCode: commune.agencyIdentifier, dossier: record, step: step)
    }
}

/// Runs a delivery round every few seconds while the server runs and synchronisation is on.
struct PortalSyncLifecycle: LifecycleHandler {
    let interval: TimeAmount
    let rounds = RepeatingRound()

    func didBootAsync(_ application: Application) async throws {
        guard application.portalSyncSettings != nil else { return }
        let logger = application.logger
        rounds.start(on: application, initialDelay: interval, interval: interval) {
            do {
                try await PortalSync.deliverDue(app: application)
            } catch {
                logger.error("dvcqg: delivery round failed: \(String(reflecting: error))")
            }
        }
    }

    func shutdown(_ application: Application) { rounds.stop() }
    func shutdownAsync(_ application: Application) async { await rounds.stop(on: application) }
}

extension Application {
    private struct PortalSyncSettingsKey: StorageKey { typealias Value = PortalSyncSettings }
    private struct PortalSyncRoundKey: StorageKey { typealias Value = NIOLockedValueBox<Bool> }

    /// Whether a delivery round is running in this application; set up by `configure`, before any round can start.
    var portalSyncRoundRunning: NIOLockedValueBox<Bool> {
        get { storage[PortalSyncRoundKey.self] ?? NIOLockedValueBox(false) }
        set { storage[PortalSyncRoundKey.self] = newValue }
    }

    /// The portal's adapter, when synchronisation is on.
    var portalSyncSettings: PortalSyncSettings? {
        get { storage[PortalSyncSettingsKey.self] }
        set { storage[PortalSyncSettingsKey.self] = newValue }
    }
}

extension AuditActor {
    /// The synchronisation with the national portal, acting on its own.
    static let portalSync = AuditActor(officerID: nil, username: "system", role: "portal_sync", communeID: nil, clientAddress: "local")
}

/// `motcua dvcqg send | status | resync --commune SLUG --since YYYY-MM-DD`: the synchronisation from the command line.
struct PortalSyncCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "send | status | resync")
        var action: String
        @Option(name: "commune", help: "the commune's slug (resync)")
        var commune: String?
        @Option(name: "since", help: "the first day, YYYY-MM-DD (resync)")
        var since: String?
    }

    var help: String { "Đồng bộ Cổng Dịch vụ công quốc gia: motcua dvcqg send | status | resync --commune SLUG --since YYYY-MM-DD" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "send":
            guard app.portalSyncSettings != nil else { throw CommandFailure(message: "Đồng bộ đang tắt: đặt MOTCUA_DVCQG_URL, MOTCUA_DVCQG_USERNAME và MOTCUA_DVCQG_PASSWORD.") }
            var total = 0
            while true {
                let sent = try await PortalSync.deliverDue(app: app)
                total += sent
                if sent == 0 { break }
            }
            context.console.print("Đã gửi \(total) bước hồ sơ lên Cổng Dịch vụ công quốc gia.")
        case "status":
            let communeIDs = try await Commune.query(on: app.db).all().compactMap(\.id)
            let figures = try await PortalSyncFigures.query(communeIDs: communeIDs, on: app.db)
            context.console.print("Đồng bộ: \(app.portalSyncSettings == nil ? "tắt" : "bật"); chờ gửi: \(figures.waiting); bị từ chối: \(figures.refused); hồ sơ trên Cổng: \(figures.dossiersOnPortal)")
        case "resync":
            guard let slug = signature.commune, let commune = try await Commune.query(on: app.db).filter(\.$slug == slug).first(), let communeID = commune.id else {
                throw CommandFailure(message: "Cần --commune là mã (slug) của một xã, phường có trong hệ thống.")
            }
            guard let raw = signature.since, let day = CivilDate(isoString: raw) else {
                throw CommandFailure(message: "Cần --since là một ngày dạng YYYY-MM-DD.")
            }
            let now = app.clock.now()
            let queued = try await app.writeTransaction { db in
                let queued = try await PortalSync.resync(communeID: communeID, since: day, at: now, on: db) { done, total in
                    context.console.print("… \(done)/\(total) hồ sơ")
                }
                try await AuditJournal.append(
                    AuditEvent(action: "portal_sync.resync", objectType: "commune", objectID: slug, communeID: communeID,
                               summary: "Đồng bộ lại \(queued) hồ sơ của \(commune.fullName) từ ngày \(raw)"),
                    by: .commandLine, at: now, on: db
                )
                return queued
            }
            context.console.print("Đã xếp \(queued) hồ sơ của \(commune.fullName) để gửi lại lên Cổng.")
        default:
            throw CommandFailure(message: "Lệnh không hợp lệ: dùng motcua dvcqg send | status | resync --commune SLUG --since YYYY-MM-DD.")
        }
    }
}

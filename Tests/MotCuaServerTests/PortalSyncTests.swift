import Fluent
import Foundation
import MotCuaCore
import NIOConcurrencyHelpers
import NIOCore
import Testing
import VaporTesting
@testable import MotCuaServer

/// An in-process stand-in of the portal's adapter, answering as `browser-tests/stand_ins/dvcqg_portal.py` does, so
/// that the sender's rules are tested without a network.
final class FakePortalClient: Client, Sendable {
    /// JSON values are `Any`, hence unchecked; the state is only read and written under its lock.
    struct State: @unchecked Sendable {
        var isDown = false
        var refusedProcedure: String?
        var records: [String: [String: Any]] = [:]
        var creates: [String: Int] = [:]
        var progress: [String: [String]] = [:]
        var unitCodes: Set<String> = []
    }

    let eventLoop: any EventLoop
    let state: NIOLockedValueBox<State>

    init(eventLoop: any EventLoop, state: NIOLockedValueBox<State>) {
        self.eventLoop = eventLoop
        self.state = state
    }

    func delegating(to eventLoop: any EventLoop) -> any Client { FakePortalClient(eventLoop: eventLoop, state: state) }

    func send(_ request: ClientRequest) -> EventLoopFuture<ClientResponse> {
        let body = request.body.map { Data(buffer: $0) } ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        let (status, reply) = answer(path: request.url.path, object)
        var headers = HTTPHeaders()
        headers.contentType = .json
        let data = (try? JSONSerialization.data(withJSONObject: reply)) ?? Data()
        return eventLoop.makeSucceededFuture(ClientResponse(status: status, headers: headers, body: ByteBuffer(data: data)))
    }

    private func answer(path: String, _ object: [String: Any]) -> (HTTPResponseStatus, [String: Any]) {
        state.withLockedValue { state in
            if state.isDown { return (.serviceUnavailable, ["error_code": "503"]) }
            if path.hasSuffix("/login") {
                return object["password"] as? String == "bi-mat" ? (.ok, ["error_code": "0", "session": "phien-1"]) : (.ok, ["error_code": "1", "message": "Sai mật khẩu"])
            }
            guard object["session"] as? String == "phien-1" else { return (.ok, ["error_code": "401", "message": "Phiên không hợp lệ"]) }
            if let unit = object["madonvi"] as? String { state.unitCodes.insert(unit) }
            switch object["service"] as? String {
            case "TraCuuHoSo":
                let code = object["mahoso"] as? String ?? ""
                return (.ok, ["error_code": "0", "result": state.records[code].map { [$0] } ?? []])
            case "DongBoHoSoMC":
                for record in object["data"] as? [[String: Any]] ?? [] {
                    if let refused = state.refusedProcedure, record["MaTTHC"] as? String == refused {
                        return (.ok, ["error_code": "-1", "message": "Mã TTHC \(refused) chưa được công bố"])
                    }
                }
                for record in object["data"] as? [[String: Any]] ?? [] {
                    let code = record["MaHoSo"] as? String ?? ""
                    if object["isUpdating"] as? Bool != true { state.creates[code, default: 0] += 1 }
                    state.records[code] = record
                }
                return (.ok, ["error_code": "0"])
            case "CapNhatTienDoHoSoMC":
                for step in object["data"] as? [[String: Any]] ?? [] {
                    state.progress[step["MaHoSo"] as? String ?? "", default: []].append(step["NoiDungXuLy"] as? String ?? "")
                }
                return (.ok, ["error_code": "00"])
            default:
                return (.ok, ["error_code": "3", "message": "Không có dịch vụ"])
            }
        }
    }
}

@Suite("Synchronisation with the national portal")
struct PortalSyncTests {
    /// Monday 2/3/2026 at 09:00, Vietnam time.
    static let monday = LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 2)!, hour: 9)!.instant

    /// Turns synchronisation on against an in-process fake adapter and forgets the demo's queue.
    static func connect(_ app: Application) async throws -> NIOLockedValueBox<FakePortalClient.State> {
        let state = NIOLockedValueBox(FakePortalClient.State())
        app.portalSyncSettings = PortalSyncSettings(adapterURL: "http://dvcqg.test", username: "motcua", password: "bi-mat")
        app.clients.use { app in FakePortalClient(eventLoop: app.eventLoopGroup.next(), state: state) }
        try await PortalSyncEvent.query(on: app.db).delete()
        return state
    }

    @Test("every step is queued in its own transaction; a refused step queues nothing")
    func stepsAreQueuedWithTheirTransaction() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            try await PortalSyncEvent.query(on: app.db).delete()
            var (desk, dossier) = try await DossierTests.receive("1.004837", on: app)
            let queued = try await PortalSyncEvent.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).all()
            #expect(queued.map(\.sequence) == [1])
            #expect(queued.first?.status == .pending)
            let stale = try await desk.submit(form: ["action": "forward", "version": "99"], to: SiteURL.dossierActions(.value(dossier.code)).path)
            #expect(stale.status == .conflict)
            #expect(try await PortalSyncEvent.query(on: app.db).count() == 1)
        }
    }

    @Test("the sender creates a dossier once, updates it afterwards, sends every step in order, with the commune's unit code")
    func deliversInOrderAndCreatesOnce() async throws {
        let clock = MutableClock(Self.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            let portal = try await Self.connect(app)
            var (desk, dossier) = try await DossierTests.receive("1.004837", on: app)
            clock.advance(by: 600)
            let forwarded = try await desk.submit(form: ["action": "forward", "version": "1"], to: SiteURL.dossierActions(.value(dossier.code)).path)
            #expect(forwarded.status == .seeOther)
            #expect(try await PortalSync.deliverDue(app: app) == 2)
            let commune = try #require(try await Commune.find(dossier.$commune.id, on: app.db))
            portal.withLockedValue { state in
                #expect(state.creates[dossier.code] == 1)
                #expect(state.progress[dossier.code] == ["Tiếp nhận hồ sơ", "Chuyển phòng chuyên môn"])
                #expect(state.records[dossier.code]?["TrangThaiHoSo"] as? String == "4")
                #expect(state.records[dossier.code]?["MaTTHC"] as? String == "1.004837")
                #expect(state.unitCodes == [commune.agencyIdentifier])
            }
            #expect(try await PortalSyncEvent.query(on: app.db).filter(\.$status == .sent).count() == 2)
            #expect(try await PortalDossierState.query(on: app.db).filter(\.$dossierCode == dossier.code).first()?.nationalStatus == 4)
            // Nothing is due any more: a second round sends nothing.
            #expect(try await PortalSync.deliverDue(app: app) == 0)
            dossier = try #require(try await Dossier.find(dossier.id, on: app.db))
            #expect(dossier.version == 2)
        }
    }

    @Test("a fee paid online goes in DanhSachLePhi as collected online with the amount paid, and DuocThanhToanTrucTuyen is 2 (the province's gateway)")
    func feePaidOnline() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            let portal = try await Self.connect(app)
            var (citizen, dossier) = try await PaymentTests.dossierWaitingForPayment(on: app)
            _ = try await PortalSync.deliverDue(app: app)
            portal.withLockedValue { state in
                #expect(state.records[dossier.code]?["DuocThanhToanTrucTuyen"] as? String == "0", "not paid yet")
            }
            let order = try await PaymentTests.openOrder(&citizen, for: dossier, on: app)
            #expect(try await PaymentTests.ipn(PaymentTests.notice(for: order.reference, amount: PaymentTests.fee), on: app) == "00")
            #expect(try await PortalSync.deliverDue(app: app) >= 1)
            dossier = try #require(try await Dossier.find(dossier.id, on: app.db))
            portal.withLockedValue { state in
                let record = state.records[dossier.code]
                #expect(record?["DuocThanhToanTrucTuyen"] as? String == "2")
                let fees = record?["DanhSachLePhi"] as? [[String: Any]] ?? []
                #expect(fees.count == 1)
                #expect(fees.first?["HinhThucThu"] as? String == "2" && (fees.first?["Gia"] as? NSNumber)?.int64Value == PaymentTests.fee)
            }
        }
    }

    @Test("during an outage nothing is lost: steps wait with growing delays, then all arrive, and none is created twice")
    func outageThenRecovery() async throws {
        let clock = MutableClock(Self.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            let portal = try await Self.connect(app)
            portal.withLockedValue { $0.isDown = true }
            let first = try await DossierTests.receive("1.004837", on: app).1
            let second = try await DossierTests.receive("1.004837", on: app).1
            #expect(try await PortalSync.deliverDue(app: app) == 0)
            let waiting = try await PortalSyncEvent.query(on: app.db).filter(\.$status == .pending).all()
            #expect(waiting.count == 2)
            #expect(waiting.allSatisfy { $0.attempts == 1 && $0.nextAttemptAt == Self.monday.addingTimeInterval(30) && ($0.lastError ?? "").contains("503") })
            let metrics = try await SystemController.portalSyncMetrics(on: app.db)
            #expect(metrics.contains("motcua_portal_sync_waiting_steps 2") && metrics.contains("motcua_portal_sync_failing_steps 2"), "\(metrics)")
            // Not yet due: nothing is tried.
            clock.advance(by: 10)
            portal.withLockedValue { $0.isDown = false }
            #expect(try await PortalSync.deliverDue(app: app) == 0)
            clock.advance(by: 30)
            #expect(try await PortalSync.deliverDue(app: app) == 2)
            portal.withLockedValue { state in
                #expect(state.creates == [first.code: 1, second.code: 1])
            }
        }
    }

    @Test("a step the portal refuses waits in the dead letters with the portal's message, holds back the dossier's later steps, and goes after a resend")
    func refusalAndResend() async throws {
        let clock = MutableClock(Self.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            let portal = try await Self.connect(app)
            portal.withLockedValue { $0.refusedProcedure = "1.004837" }
            var (desk, dossier) = try await DossierTests.receive("1.004837", on: app)
            _ = try await desk.submit(form: ["action": "forward", "version": "1"], to: SiteURL.dossierActions(.value(dossier.code)).path)
            #expect(try await PortalSync.deliverDue(app: app) == 0)
            let refused = try #require(try await PortalSyncEvent.query(on: app.db).filter(\.$status == .refused).first())
            #expect(refused.sequence == 1)
            #expect(refused.lastError?.contains("chưa được công bố") == true)
            #expect(try await PortalSyncEvent.query(on: app.db).filter(\.$sequence == 2).first()?.status == .pending)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "portal_sync.refused").count() == 1)

            var admin = try await BrowserSession.signedIn("quantritinh", on: app)
            let page = try await admin.get(SiteURL.portalSync.path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains(dossier.code))
            #expect(page.body.string.contains("chưa được công bố"))

            portal.withLockedValue { $0.refusedProcedure = nil }
            let resend = try await admin.submit(form: [:], to: SiteURL.portalSyncResend(.value(try refused.requireID())).path)
            #expect(resend.status == .seeOther)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "portal_sync.resend").count() == 1)
            #expect(try await PortalSync.deliverDue(app: app) == 2)
            portal.withLockedValue { #expect($0.progress[dossier.code]?.count == 2) }
            let again = try await admin.submit(form: [:], to: SiteURL.portalSyncResend(.value(try refused.requireID())).path)
            #expect(again.status == .conflict)
            dossier = try #require(try await Dossier.find(dossier.id, on: app.db))
        }
    }

    @Test("a commune officer may not open the province's page; with the settings unset, the page says synchronisation is off")
    func pageAccessAndOffState() async throws {
        try await withTestApp(clock: .fixed(Self.monday)) { app in
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            #expect(try await leader.get(SiteURL.portalSync.path).status == .forbidden)
            var admin = try await BrowserSession.signedIn("quantritinh", on: app)
            let page = try await admin.get(SiteURL.portalSync.path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("đang tắt"))
        }
    }

    @Test("settings: the address needs its account; a bad address stops start-up with a Vietnamese message")
    func settings() throws {
        #expect(try PortalSyncSettings.fromEnvironment([:]) == nil)
        let on = try #require(try PortalSyncSettings.fromEnvironment(["MOTCUA_DVCQG_URL": "https://dvc.example/adapter/", "MOTCUA_DVCQG_USERNAME": "u", "MOTCUA_DVCQG_PASSWORD": "p"]))
        #expect(on.signInURL.string == "https://dvc.example/adapter/login")
        #expect(on.serviceURL.string == "https://dvc.example/adapter/service")
        #expect(throws: Settings.Problem.self) { try PortalSyncSettings.fromEnvironment(["MOTCUA_DVCQG_URL": "https://dvc.example"]) }
        #expect(throws: Settings.Problem.self) { try PortalSyncSettings.fromEnvironment(["MOTCUA_DVCQG_URL": "ftp://x", "MOTCUA_DVCQG_USERNAME": "u", "MOTCUA_DVCQG_PASSWORD": "p"]) }
    }
}

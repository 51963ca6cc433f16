import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// How the synchronisation with the national portal stands, by commune and in total.
struct PortalSyncFigures: Sendable {
    struct CommuneFigures: Sendable {
        var waiting = 0
        var refused = 0
        var sent = 0
        var dossiersOnPortal = 0
    }

    var byCommune: [UUID: CommuneFigures] = [:]
    var lastSuccess: Date?
    var oldestWaiting: Date?

    var waiting: Int { byCommune.values.reduce(0) { $0 + $1.waiting } }
    var refused: Int { byCommune.values.reduce(0) { $0 + $1.refused } }
    var dossiersOnPortal: Int { byCommune.values.reduce(0) { $0 + $1.dossiersOnPortal } }

    /// The figures of the communes given (every commune of the province for its staff).
    static func query(communeIDs: [UUID], on database: any Database) async throws -> PortalSyncFigures {
        var figures = PortalSyncFigures()
        guard let sql = database as? any SQLDatabase, !communeIDs.isEmpty else { return figures }
        let counts = try await sql.raw("""
            SELECT commune_id, status, COUNT(*) AS steps FROM portal_sync_events
            WHERE commune_id IN (\(binds: communeIDs)) GROUP BY commune_id, status
            """).all()
        for row in counts {
            let communeID = try row.decode(column: "commune_id", as: UUID.self)
            let steps = Int(try row.decode(column: "steps", as: Int64.self))
            switch PortalSyncEvent.Status(rawValue: try row.decode(column: "status", as: String.self)) {
            case .pending: figures.byCommune[communeID, default: .init()].waiting = steps
            case .refused: figures.byCommune[communeID, default: .init()].refused = steps
            case .sent: figures.byCommune[communeID, default: .init()].sent = steps
            case nil: break
            }
        }
        let onPortal = try await sql.raw("""
            SELECT commune_id, COUNT(*) AS dossiers FROM portal_dossier_states WHERE commune_id IN (\(binds: communeIDs)) GROUP BY commune_id
            """).all()
        for row in onPortal {
            figures.byCommune[try row.decode(column: "commune_id", as: UUID.self), default: .init()].dossiersOnPortal = Int(try row.decode(column: "dossiers", as: Int64.self))
        }
        figures.lastSuccess = try await PortalSyncEvent.query(on: database).filter(\.$commune.$id ~~ communeIDs).filter(\.$status == .sent)
            .sort(\.$sentAt, .descending).first()?.sentAt
        figures.oldestWaiting = try await PortalSyncEvent.query(on: database).filter(\.$commune.$id ~~ communeIDs).filter(\.$status == .pending)
            .sort(\.$createdAt).first()?.createdAt
        return figures
    }
}

/// The province administrator's page of the synchronisation: on or off, backlog, refusals to look at, and resending.
enum PortalSyncPage {
    struct CommuneRow: Encodable {
        let name: String
        let waiting: Int
        let refused: Int
        let dossiersOnPortal: Int
    }

    struct RefusedStep: Encodable {
        let time: String
        let commune: String
        let dossierCode: String
        let dossierPath: String
        let sequence: Int
        let error: String
        let resendPath: String
    }

    struct Page: Encodable {
        let page: PageContext
        let isOn: Bool
        let adapterURL: String
        let lastSuccess: String
        let waiting: Int
        let oldestWaiting: String
        let refused: Int
        let dossiersOnPortal: Int
        let communes: [CommuneRow]
        let refusedSteps: [RefusedStep]
    }

    static func show(req: Request) async throws -> View {
        let staff = try req.requireProvinceAdministrator()
        let communes = try await Commune.query(on: req.db).filter(\.$id ~~ Array(staff.scope.communeIDs)).sort(\.$name).all()
        let communeIDs = try communes.map { try $0.requireID() }
        let figures = try await PortalSyncFigures.query(communeIDs: communeIDs, on: req.db)
        let refused = try await PortalSyncEvent.query(on: req.db).filter(\.$commune.$id ~~ communeIDs).filter(\.$status == .refused)
            .sort(\.$createdAt).limit(200).all()
        let names: [UUID: String] = Dictionary(uniqueKeysWithValues: communes.compactMap { commune in commune.id.map { ($0, commune.fullName) } })
        let settings = req.application.portalSyncSettings
        return try await req.view.render("portal-sync/status", Page(
            page: try await PageContext.make(for: req, title: "Đồng bộ Cổng Dịch vụ công quốc gia"),
            isOn: settings != nil, adapterURL: settings?.adapterURL ?? "",
            lastSuccess: figures.lastSuccess.map(VietnameseFormat.dateTime) ?? "chưa có",
            waiting: figures.waiting, oldestWaiting: figures.oldestWaiting.map(VietnameseFormat.dateTime) ?? "—",
            refused: figures.refused, dossiersOnPortal: figures.dossiersOnPortal,
            communes: communes.compactMap { commune in
                guard let id = commune.id else { return nil }
                let row = figures.byCommune[id] ?? .init()
                return CommuneRow(name: commune.fullName, waiting: row.waiting, refused: row.refused, dossiersOnPortal: row.dossiersOnPortal)
            },
            refusedSteps: refused.map { event in
                RefusedStep(
                    time: VietnameseFormat.dateTime(event.createdAt), commune: names[event.$commune.id] ?? "", dossierCode: event.dossierCode,
                    dossierPath: SiteURL.dossier(.value(event.dossierCode)).path, sequence: event.sequence, error: event.lastError ?? "",
                    resendPath: SiteURL.portalSyncResend(.value(event.id ?? UUID())).path
                )
            }
        ))
    }

    /// `POST /tinh/dong-bo-dvcqg/gui-lai/:stepID`: puts a refused step back in the queue.
    static func resend(req: Request) async throws -> Response {
        try req.requireProvinceAdministrator()
        let event = try await req.tenant.find(PortalSyncEvent.self, req.parameters.require(SiteURL.Key.stepID, as: UUID.self))
        guard event.status == .refused else { throw AppError.conflict("Bước này không còn ở danh sách bị Cổng từ chối; không có gì thay đổi.") }
        try await PortalSync.resend(event, by: req.auditActor, at: req.now, on: req.application)
        return req.redirect(to: SiteURL.portalSync.path + "?thongbao=" + Notice.saved.rawValue)
    }
}

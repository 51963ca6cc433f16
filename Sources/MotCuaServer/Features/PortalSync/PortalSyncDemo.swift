import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Demo state of the synchronisation, so that the province administrator's page shows what a running province sees:
/// the steps of the demo's dossiers up to yesterday on the portal, today's waiting, and one step the portal refused.
enum PortalSyncDemo {
    static let refusalMessage = "Cổng từ chối (mã -1): Mã lĩnh vực không khớp danh mục của thủ tục trên Cơ sở dữ liệu quốc gia về TTHC"

    static func seed(_ app: Application) async throws {
        let now = app.clock.now()
        let cutOff = now.addingTimeInterval(-86_400)
        try await app.writeTransaction { db in
            let earlier = try await PortalSyncEvent.query(on: db).filter(\.$status == .pending).filter(\.$createdAt < cutOff)
                .sort(\.$createdAt).sort(\.$sequence).all()
            guard !earlier.isEmpty else { return }
            let events = try await DossierEventRecord.query(on: db).filter(\.$dossier.$id ~~ Set(earlier.map(\.$dossier.id))).all()
            let statusAfter = Dictionary(events.map { ("\($0.$dossier.id)/\($0.sequence)", $0.toStatus) }, uniquingKeysWith: { first, _ in first })
            var states: [UUID: PortalDossierState] = [:]
            for event in earlier {
                event.status = .sent
                event.attempts = 1
                event.sentAt = event.createdAt.addingTimeInterval(90)
                try await event.save(on: db)
                let nationalStatus = statusAfter["\(event.$dossier.id)/\(event.sequence)"].flatMap(DossierStatus.init(rawValue:))?.nationalStatus.rawValue ?? 1
                if let state = states[event.$dossier.id] {
                    state.nationalStatus = nationalStatus
                    state.lastSentAt = event.sentAt ?? now
                } else {
                    let state = PortalDossierState()
                    state.$commune.id = event.$commune.id
                    state.$dossier.id = event.$dossier.id
                    state.dossierCode = event.dossierCode
                    state.nationalStatus = nationalStatus
                    state.firstSentAt = event.sentAt ?? now
                    state.lastSentAt = event.sentAt ?? now
                    states[event.$dossier.id] = state
                }
            }
            for state in states.values { try await state.create(on: db) }
            // One of today's steps was refused by the portal, as happens when a procedure's field code differs from the
            // national database's: the administrator sees it, with the message, and resends it after the fix.
            guard let refused = try await PortalSyncEvent.query(on: db).filter(\.$status == .pending).sort(\.$createdAt).first() else { return }
            refused.status = .refused
            refused.attempts = 1
            refused.lastError = refusalMessage
            try await refused.save(on: db)
            try await AuditJournal.append(
                AuditEvent(action: "portal_sync.refused", objectType: "dossier", objectID: refused.dossierCode, communeID: refused.$commune.id,
                           summary: "Cổng Dịch vụ công quốc gia từ chối bước \(refused.sequence) của hồ sơ \(refused.dossierCode): \(refusalMessage)"),
                by: .portalSync, at: now, on: db
            )
        }
    }
}

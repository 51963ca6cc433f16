import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The log of officers' access to dossiers' personal data (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, in force from 1/1/2026; Nghị định 13/2023/NĐ-CP before that day), written for every dossier a page, print,
/// scan, API answer or export shows, and read back for the citizen whose data it is.
enum PersonalDataLog {
    /// Records that the signed-in officer saw the personal data of each dossier, in one write transaction.
    static func record(_ dossiers: [Dossier], purpose: String, reason: String? = nil, on req: Request) async throws {
        guard !dossiers.isEmpty else { return }
        let staff = try req.requireStaff()
        let now = req.now
        let address = req.auditActor.clientAddress
        let rows = try dossiers.map { dossier in
            let access = PersonalDataAccess()
            access.communeID = dossier.$commune.id
            access.dossierID = try dossier.requireID()
            access.officerID = staff.officerID
            access.officerUsername = staff.username
            access.purpose = purpose
            access.reason = reason
            access.occurredAt = now
            access.clientAddress = address
            return access
        }
        try await req.writeTransaction { db in
            // In slices, so that a register of thousands of dossiers stays within the databases' parameter limits.
            for start in stride(from: 0, to: rows.count, by: 200) {
                try await Array(rows[start..<min(rows.count, start + 200)]).create(on: db)
            }
        }
    }

    /// One access as the citizen sees it: who (name and unit), when, what, and the reason if one was given.
    struct CitizenView: Encodable, Sendable {
        let time: String
        let officerName: String
        let unit: String
        let what: String
        let reason: String
        let hasReason: Bool
        let dossierCode: String
        let procedureName: String
    }

    /// The accesses to the given dossiers, newest first, with the officers' names and units.
    static func accesses(toDossiers dossiers: [Dossier], limit: Int = 500, on db: any Database) async throws -> [CitizenView] {
        guard !dossiers.isEmpty else { return [] }
        let byID = Dictionary(dossiers.compactMap { dossier in dossier.id.map { ($0, dossier) } }, uniquingKeysWith: { first, _ in first })
        let communeIDs = Array(Set(dossiers.map { $0.$commune.id }))
        // Commune first, as the table's index is.
        let rows = try await PersonalDataAccess.query(on: db)
            .filter(\.$communeID ~~ communeIDs).filter(\.$dossierID ~~ Array(byID.keys))
            .sort(\.$occurredAt, .descending).limit(limit).all()
        let officerIDs = Array(Set(rows.compactMap(\.officerID)))
        let officers = officerIDs.isEmpty ? [] : try await Officer.query(on: db).filter(\.$id ~~ officerIDs).with(\.$department).with(\.$commune).all()
        let officerByID = Dictionary(officers.compactMap { officer in officer.id.map { ($0, officer) } }, uniquingKeysWith: { first, _ in first })
        return rows.map { row in
            let officer = row.officerID.flatMap { officerByID[$0] }
            let dossier = byID[row.dossierID]
            return CitizenView(
                time: VietnameseFormat.dateTime(row.occurredAt),
                officerName: officer?.fullName ?? "Cán bộ (tài khoản đã xoá)",
                unit: officer.map(unitName) ?? "",
                what: row.purpose,
                reason: row.reason ?? "",
                hasReason: !(row.reason ?? "").isEmpty,
                dossierCode: dossier?.code ?? "",
                procedureName: dossier?.procedureName ?? ""
            )
        }
    }

    /// "Trung tâm Phục vụ hành chính công – UBND xã Phụng Công", or the province's office for province officers.
    static func unitName(of officer: Officer) -> String {
        guard let commune = officer.commune else { return "UBND tỉnh" }
        let communeName = "UBND \(commune.kind.vietnameseName.lowercased()) \(commune.name)"
        guard let department = officer.department else { return communeName }
        return "\(department.name) – \(communeName)"
    }
}

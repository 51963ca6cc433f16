import Fluent
import Foundation
import MotCuaCore
import NIOConcurrencyHelpers
import Vapor

/// A procedure as one commune handles it: the catalog definition with the commune's processing time.
struct CommuneProcedureView: Sendable {
    let definition: ProcedureDefinition
    let isOffered: Bool
    /// Whether the commune set a shorter time than the catalog's.
    let isShortened: Bool
    let updatedAt: Date?
}

/// The province's procedure catalog, cached: every intake and every public procedure page reads it.
final class CatalogStore: Sendable {
    private struct Snapshot: Sendable {
        let catalog: ProcedureCatalog
        let updatedAt: [String: Date]
        let provinceFees: ProvinceFeeTable?
    }

    private let cached = NIOLockedValueBox<Snapshot?>(nil)

    /// The province's own fees, for procedures whose fee each People's Council sets.
    func provinceFees(on database: any Database) async throws -> ProvinceFeeTable? {
        try await snapshot(on: database).provinceFees
    }

    /// The active procedures of the catalog.
    func catalog(on database: any Database) async throws -> ProcedureCatalog {
        try await snapshot(on: database).catalog
    }

    /// The procedures as a commune handles them, in catalog order; offered ones only unless `includingOthers`.
    func procedures(forCommune communeID: UUID, includingOthers: Bool = false, on database: any Database) async throws -> [CommuneProcedureView] {
        let snapshot = try await snapshot(on: database)
        let choices = try await CommuneProcedure.query(on: database).filter(\.$commune.$id == communeID).all()
        let byCode = Dictionary(choices.map { ($0.procedureCode, $0) }, uniquingKeysWith: { first, _ in first })
        return snapshot.catalog.procedures.compactMap { definition in
            let choice = byCode[definition.code]
            let isOffered = choice?.isOffered ?? true
            guard isOffered || includingOthers else { return nil }
            var effective = definition
            var isShortened = false
            if let days = choice?.processingDays {
                let time = ProcessingTime(workingDayCount: days)
                if let shortened = definition.applyingCommuneProcessingTime(time) {
                    effective = shortened
                    isShortened = true
                }
            }
            return CommuneProcedureView(definition: effective, isOffered: isOffered, isShortened: isShortened, updatedAt: [snapshot.updatedAt[definition.code], choice?.updatedAt].compactMap { $0 }.max())
        }
    }

    /// One procedure as the commune handles it, or `nil` when unknown or not offered there.
    func procedure(code: String, forCommune communeID: UUID, on database: any Database) async throws -> CommuneProcedureView? {
        try await procedures(forCommune: communeID, on: database).first { $0.definition.code == code }
    }

    /// Forgets the cache after the catalog changed.
    func invalidate() {
        cached.withLockedValue { $0 = nil }
    }

    private func snapshot(on database: any Database) async throws -> Snapshot {
        if let snapshot = cached.withLockedValue({ $0 }) { return snapshot }
        let rows = try await CatalogProcedure.query(on: database).filter(\.$isActive == true).sort(\.$code).all()
        let definitions = rows.compactMap(\.procedureDefinition)
        let provinceCode = try await Province.query(on: database).first()?.code
        let snapshot = Snapshot(
            catalog: ProcedureCatalog(definitions),
            updatedAt: Dictionary(rows.compactMap { row in row.updatedAt.map { (row.code, $0) } }, uniquingKeysWith: { first, _ in first }),
            provinceFees: try provinceCode.flatMap { try ProvinceFeeTable.loadBundled(provinceCode: $0) }
        )
        cached.withLockedValue { $0 = snapshot }
        return snapshot
    }

    /// The active catalog read straight from the database, for work that runs before the application serves.
    static func loadCatalog(on database: any Database) async throws -> ProcedureCatalog {
        let rows = try await CatalogProcedure.query(on: database).filter(\.$isActive == true).sort(\.$code).all()
        return ProcedureCatalog(rows.compactMap(\.procedureDefinition))
    }

    /// Imports procedures: new codes are added, known codes replaced; codes not in the import stay as they are.
    static func importProcedures(_ procedures: [ProcedureDefinition], by actor: AuditActor, at now: Date, on database: any Database) async throws -> (added: Int, replaced: Int) {
        var added = 0, replaced = 0
        for procedure in procedures {
            if let existing = try await CatalogProcedure.query(on: database).filter(\.$code == procedure.code).first() {
                existing.update(from: procedure)
                existing.isActive = true
                try await existing.save(on: database)
                replaced += 1
            } else {
                try await CatalogProcedure(procedure).create(on: database)
                added += 1
            }
        }
        try await AuditJournal.append(
            AuditEvent(action: "catalog.import", objectType: "procedure_catalog", objectID: "catalog", summary: "Nhập danh mục thủ tục: \(added) thêm mới, \(replaced) cập nhật"),
            by: actor, at: now, on: database
        )
        return (added, replaced)
    }
}

extension Application {
    private struct CatalogStoreKey: StorageKey { typealias Value = CatalogStore }

    /// The application's procedure catalog.
    var catalogStore: CatalogStore {
        get { storage[CatalogStoreKey.self] ?? CatalogStore() }
        set { storage[CatalogStoreKey.self] = newValue }
    }
}

import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// Sign-in for the load generator: fresh session cookies and an API token for the known bench officers, and samples
/// of dossier codes for the requests, written where `bench/run` reads them.
enum BenchCredentials {
    /// What `bench/run` needs to sign in and to pick real dossiers.
    struct Issued: Sendable {
        var specialistCookie = ""
        var provinceCookie = ""
        var counterToken = ""
        var jurisdiction = ""
        var procedureCode = ""
        /// Codes across the province, for the public lookup.
        var lookupCodes: [String] = []
        /// Codes of the bench specialist's commune, for the dossier page.
        var communeCodes: [String] = []
    }

    /// Replaces the bench officers' sessions and token with new ones (valid 12 hours) and returns them.
    @discardableResult
    static func refresh(on app: Application, at now: Date) async throws -> Issued {
        var issued = Issued()
        let plan: [(String, AccessToken.Kind, WritableKeyPath<Issued, String>)] = [
            (BenchOrganisation.benchSpecialist, .browserSession, \.specialistCookie),
            (BenchOrganisation.benchProvinceOfficer, .browserSession, \.provinceCookie),
            (BenchOrganisation.benchCounterOfficer, .api, \.counterToken),
        ]
        try await app.writeTransaction { db in
            for (username, kind, _) in plan {
                guard let officer = try await Officer.query(on: db).filter(\.$username == username).first() else {
                    throw CommandFailure(message: "Không có cán bộ \(username): cơ sở dữ liệu này không do `motcua bench generate` tạo ra.")
                }
                try await AccessToken.query(on: db).filter(\.$officer.$id == officer.requireID()).filter(\.$kind == kind).delete()
            }
        }
        for (username, kind, keyPath) in plan {
            let secret = AccessToken.makeSecret()
            try await app.writeTransaction { db in
                guard let officer = try await Officer.query(on: db).filter(\.$username == username).first() else { return }
                try await AccessToken(officerID: try officer.requireID(), tokenHash: AccessToken.hash(secret), kind: kind, expiresAt: now.addingTimeInterval(12 * 3600), lastUsedAt: now).create(on: db)
            }
            issued[keyPath: keyPath] = secret
        }
        guard let specialist = try await Officer.query(on: app.db).filter(\.$username == BenchOrganisation.benchSpecialist).first(),
              let communeID = specialist.$commune.id, let commune = try await Commune.find(communeID, on: app.db)
        else { return issued }
        issued.jurisdiction = commune.webDomain ?? ""
        let catalog = try await CatalogStore.loadCatalog(on: app.db)
        issued.procedureCode = catalog.procedures.first { $0.field.rawValue == "certification" }?.code ?? catalog.procedures.first?.code ?? ""
        issued.lookupCodes = try await sampleCodes(communeID: nil, count: 2000, on: app.db)
        issued.communeCodes = try await sampleCodes(communeID: communeID, count: 500, on: app.db)
        return issued
    }

    /// Codes spread over the whole table (every k-th in code order), so that the requests touch the whole database.
    ///
    /// One statement reads the codes: paging with OFFSET would walk a million rows once per sample.
    private static func sampleCodes(communeID: UUID?, count: Int, on database: any Database) async throws -> [String] {
        guard let sql = database as? any SQLDatabase else { return [] }
        var query = sql.select().column("code").from(Dossier.schema)
        if let communeID { query = query.where("commune_id", .equal, communeID) }
        let codes = try await query.all().map { try $0.decode(column: "code", as: String.self) }.sorted()
        guard !codes.isEmpty else { return [] }
        let step = max(1, codes.count / count)
        return stride(from: 0, to: codes.count, by: step).prefix(count).map { codes[$0] }
    }

    /// Writes `credentials.env` (shell variables) and the code lists into `folder`.
    static func write(_ issued: Issued, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let env = """
            BENCH_SPECIALIST_COOKIE=\(issued.specialistCookie)
            BENCH_PROVINCE_COOKIE=\(issued.provinceCookie)
            BENCH_COUNTER_TOKEN=\(issued.counterToken)
            BENCH_JURISDICTION=\(issued.jurisdiction)
            BENCH_PROCEDURE_CODE=\(issued.procedureCode)

            """
        try Data(env.utf8).write(to: folder.appendingPathComponent("credentials.env"))
        try Data((issued.lookupCodes.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("lookup-codes.txt"))
        try Data((issued.communeCodes.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("commune-codes.txt"))
    }
}

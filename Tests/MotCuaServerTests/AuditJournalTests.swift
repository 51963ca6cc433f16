import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Audit journal")
struct AuditJournalTests {
    @Test("changes made through the pages are journalled with who, commune and address, and the chain verifies")
    func changesAreJournalled() async throws {
        try await withTestApp { app in
            var admin = try await BrowserSession.signedIn("admin", on: app)
            let communeID = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first()?.id)

            let created = try await admin.submit(form: ["communeID": communeID.uuidString, "name": "Tổ chuyển đổi số", "kind": "other", "phone": "0221 3888 999", "isActive": "on"], to: SiteURL.newDepartment.path)
            #expect(created.status == .seeOther)

            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "department.create").first())
            #expect(entry.actorUsername == "admin")
            #expect(entry.actorRole == Role.systemAdministrator.rawValue)
            #expect(entry.communeID == communeID)
            #expect(entry.summary.contains("Tổ chuyển đổi số"))
            #expect(!entry.clientAddress.isEmpty)
            #expect(try await AuditJournal.verify(on: app.db) == nil)

            let journal = try await admin.get(SiteURL.auditJournal.path + "?action=department.create")
            #expect(journal.status == .ok)
            #expect(journal.body.string.contains("Tổ chuyển đổi số"))
        }
    }

    @Test("an entry edited behind the application's back is found, and named")
    func editedEntryIsFound() async throws {
        try await withTestApp { app in
            try await makeSomeEntries(app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE audit_entries SET summary = 'sửa lén' WHERE sequence = 3").run()
            #expect(try await AuditJournal.verify(on: app.db) == .edited(sequence: 3))
        }
    }

    @Test("an entry edited and re-sealed with a fresh hash is found through the next entry")
    func resealedEntryIsFound() async throws {
        try await withTestApp { app in
            try await makeSomeEntries(app)
            let entry = try #require(try await AuditEntry.find(2, on: app.db))
            entry.summary = "sửa lén"
            entry.hash = AuditJournal.sha256Hex(entry.record.canonicalText)
            try await entry.save(on: app.db)
            #expect(try await AuditJournal.verify(on: app.db) == .edited(sequence: 2))
        }
    }

    @Test("a deleted entry is found, in the middle or at the end")
    func deletedEntryIsFound() async throws {
        try await withTestApp { app in
            try await makeSomeEntries(app)
            let sql = try #require(app.db as? any SQLDatabase)
            let last = try await AuditEntry.query(on: app.db).max(\.$id) ?? 0
            try await sql.raw("DELETE FROM audit_entries WHERE sequence = \(bind: last)").run()
            #expect(try await AuditJournal.verify(on: app.db) == .truncated(lastSequence: last - 1, expected: last))
            try await sql.raw("DELETE FROM audit_entries WHERE sequence = 2").run()
            #expect(try await AuditJournal.verify(on: app.db) == .missing(afterSequence: 1, found: 3))
        }
    }

    @Test("concurrent changes never fork the chain")
    func concurrentAppendsKeepTheChain() async throws {
        try await withTestApp { app in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await app.writeTransaction { db in
                            try await AuditJournal.append(AuditEvent(action: "test.concurrent", objectType: "test", objectID: "\(index)", summary: "mục \(index)"), by: .commandLine, at: Date(), on: db)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "test.concurrent").count() == 20)
            #expect(try await AuditJournal.verify(on: app.db) == nil)
        }
    }

    private func makeSomeEntries(_ app: Application) async throws {
        for index in 1...4 {
            try await app.writeTransaction { db in
                try await AuditJournal.append(AuditEvent(action: "test.entry", objectType: "test", objectID: "\(index)", summary: "mục thử \(index)"), by: .commandLine, at: Date(), on: db)
            }
        }
        #expect(try await AuditJournal.verify(on: app.db) == nil)
    }
}

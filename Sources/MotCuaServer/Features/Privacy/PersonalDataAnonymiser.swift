import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Anonymises the applicant's personal fields of dossiers closed longer ago than their commune's retention period.
///
/// The dossier stays (code, procedure, dates, history, figures); its applicant's name becomes a placeholder and the
/// ID number, phone, e-mail, address and representative are cleared. The free text of its history (reasons, notes,
/// lists of missing papers) is replaced, the steps still replaying to the same state; its scans are detached and
/// deleted from the file store once nothing else refers to them; its messages lose their recipient and text.
/// Each commune is done in one write transaction with one journal entry, so a failure leaves the commune as it was.
///
/// The audit journal is not rewritten: it is a hash chain, and its entries quote at most 120 characters of a step's
/// reason.
enum PersonalDataAnonymiser {
    /// The name an anonymised dossier shows; also how the job recognises dossiers already done.
    static let placeholder = "Đã ẩn danh (hết thời hạn lưu giữ)"
    /// What replaces free text in an anonymised dossier's history and messages.
    static let redactedText = "[đã ẩn danh]"
    /// The statuses after which nothing more happens to a dossier.
    static let closedStatuses: [String] = DossierStatus.allCases.filter(\.isClosed).map(\.rawValue)

    /// `dd/MM/yyyy` of an instant in Vietnam time.
    static func dayText(_ instant: Date) -> String {
        LocalDateTime(instant)?.date.vietnameseString ?? ""
    }

    /// What one run did, or would do, in one commune.
    struct Outcome: Sendable, Equatable {
        let communeName: String
        let years: Int
        let cutoff: Date
        let count: Int
        /// Scans deleted from the file store by this run (including any left over by an interrupted run).
        var deletedFiles: Int = 0
    }

    /// The closed dossiers of the commune due for anonymisation, at most `limit`.
    static func due(communeID: UUID, retention: PersonalDataRetention, now: Date, limit: Int = 100_000, on db: any Database) async throws -> [Dossier] {
        // A closed dossier does not change any more, so its last change is when it closed.
        try await Dossier.query(on: db)
            .filter(\.$commune.$id == communeID).filter(\.$status ~~ closedStatuses)
            .filter(\.$updatedAt <= retention.cutoff(now: now))
            .filter(\.$applicantName != placeholder)
            .limit(limit).all()
    }

    /// Runs over every commune with a rule; with `dryRun` it only counts.
    static func run(now: Date, dryRun: Bool, actor: AuditActor, on app: Application) async throws -> [Outcome] {
        var outcomes: [Outcome] = []
        let rules = try await PersonalDataRetentionRule.query(on: app.db).with(\.$commune).all()
        for rule in rules {
            guard let retention = PersonalDataRetention(years: rule.years) else { continue }
            let communeID = rule.$commune.id
            let cutoff = retention.cutoff(now: now)
            if dryRun {
                let count = try await due(communeID: communeID, retention: retention, now: now, on: app.db).count
                outcomes.append(Outcome(communeName: rule.commune.fullName, years: rule.years, cutoff: cutoff, count: count))
                continue
            }
            let ruleID = try rule.requireID()
            let count = try await app.writeTransaction { db -> Int in
                let dossiers = try await due(communeID: communeID, retention: retention, now: now, on: db)
                var releasedScans: Set<String> = []
                for start in stride(from: 0, to: dossiers.count, by: 500) {
                    let batch = Array(dossiers[start..<min(dossiers.count, start + 500)])
                    let ids = batch.compactMap(\.id)
                    try await Dossier.query(on: db).filter(\.$id ~~ ids)
                        .set(\.$applicantName, to: placeholder)
                        .set(\.$applicantIDNumber, to: nil).set(\.$applicantPhone, to: nil).set(\.$applicantEmail, to: nil)
                        .set(\.$applicantAddress, to: nil).set(\.$representativeName, to: nil).set(\.$representativeIDNumber, to: nil)
                        .set(\.$authorisationDocument, to: nil)
                        .update()
                    try await redactHistory(of: ids, communeID: communeID, on: db)
                    releasedScans.formUnion(try await detachScans(of: ids, communeID: communeID, on: db))
                    try await OutboxMessage.query(on: db).filter(\.$commune.$id == communeID).filter(\.$dossierCode ~~ batch.map(\.code))
                        .set(\.$recipient, to: "").set(\.$body, to: redactedText).update()
                }
                let alreadyQueued = Set(try await PendingFileDeletion.query(on: db).filter(\.$commune.$id == communeID).all(\.$fileKey))
                for key in releasedScans.subtracting(alreadyQueued).sorted() {
                    let pending = PendingFileDeletion()
                    pending.$commune.id = communeID
                    pending.fileKey = key
                    pending.queuedAt = now
                    try await pending.create(on: db)
                }
                if let stored = try await PersonalDataRetentionRule.find(ruleID, on: db) {
                    stored.lastRunAt = now
                    stored.lastRunCount = dossiers.count
                    try await stored.save(on: db)
                }
                try await AuditJournal.append(AuditEvent(
                    action: "personal_data.anonymise", objectType: "commune", objectID: communeID.uuidString, communeID: communeID,
                    summary: "Ẩn danh dữ liệu cá nhân của \(dossiers.count) hồ sơ đã đóng trước \(dayText(cutoff)) (thời hạn lưu giữ \(rule.years) năm), gỡ \(releasedScans.count) bản quét"
                ), by: actor, at: now, on: db)
                return dossiers.count
            }
            // Files are deleted after the commit, so a rolled-back run never loses a scan that is still referenced.
            let deletedFiles = try await deleteReleasedScans(communeID: communeID, on: app)
            outcomes.append(Outcome(communeName: rule.commune.fullName, years: rule.years, cutoff: cutoff, count: count, deletedFiles: deletedFiles))
        }
        return outcomes
    }
}

extension PersonalDataAnonymiser {
    /// Replaces the free text of the dossiers' history steps; each step keeps what the rules replay.
    static func redactHistory(of dossierIDs: [UUID], communeID: UUID, on db: any Database) async throws {
        let steps = try await DossierEventRecord.query(on: db).filter(\.$communeID == communeID).filter(\.$dossier.$id ~~ dossierIDs).all()
        for step in steps {
            let command = try JSONDecoder().decode(DossierCommand.self, from: Data(step.payload.utf8))
            let redacted = command.redactingFreeText(redactedText)
            guard redacted != command || (step.note != nil && step.note != redacted.note) else { continue }
            step.payload = String(decoding: try JSONEncoder().encode(redacted), as: UTF8.self)
            step.note = redacted.note
            try await step.save(on: db)
        }
    }

    /// Detaches the dossiers' scans and returns their file keys.
    static func detachScans(of dossierIDs: [UUID], communeID: UUID, on db: any Database) async throws -> Set<String> {
        let documents = try await DossierDocument.query(on: db).filter(\.$communeID == communeID).filter(\.$dossier.$id ~~ dossierIDs)
            .filter(\.$fileKey != nil).all()
        guard !documents.isEmpty else { return [] }
        try await DossierDocument.query(on: db).filter(\.$id ~~ documents.compactMap(\.id))
            .set(\.$fileKey, to: nil).set(\.$fileKind, to: nil).set(\.$fileName, to: nil).set(\.$fileSize, to: nil).update()
        return Set(documents.compactMap(\.fileKey))
    }

    /// Deletes the commune's released scans that nothing refers to any more; a scan another row still uses stays in
    /// the store. Also finishes the deletions of an earlier run that stopped after its commit. Returns how many files
    /// were deleted.
    static func deleteReleasedScans(communeID: UUID, on app: Application) async throws -> Int {
        let pending = try await PendingFileDeletion.query(on: app.db).filter(\.$commune.$id == communeID).all()
        var deleted = 0
        for entry in pending {
            let key = entry.fileKey
            // Files are stored by content: the same bytes uploaded elsewhere share the key.
            let references = try await DossierDocument.query(on: app.db).filter(\.$communeID == communeID).filter(\.$fileKey == key).count()
                + WorkTaskEvidence.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$fileKey == key).count()
                + ServiceRequestPhoto.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$fileKey == key).count()
            if references == 0 {
                try await app.fileStore.delete(key)
                deleted += 1
            }
            let entryID = try entry.requireID()
            try await app.writeTransaction { db in
                try await PendingFileDeletion.query(on: db).filter(\.$id == entryID).delete()
            }
        }
        return deleted
    }
}

/// `motcua privacy anonymise [--dry-run]`: the retention job, to run daily from cron or a systemd timer.
struct PrivacyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "anonymise")
        var action: String
        @Flag(name: "dry-run", help: "Chỉ đếm, không thay đổi dữ liệu.")
        var dryRun: Bool
    }

    var help: String { "Ẩn danh dữ liệu cá nhân của hồ sơ đã đóng quá thời hạn lưu giữ của từng xã (anonymise [--dry-run])." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "anonymise" else {
            context.console.error("Lệnh không rõ: \(signature.action). Dùng: motcua privacy anonymise [--dry-run]")
            throw Settings.Problem(description: "Lệnh privacy không rõ.")
        }
        let app = context.application
        let outcomes = try await PersonalDataAnonymiser.run(now: app.clock.now(), dryRun: signature.dryRun, actor: .commandLine, on: app)
        if outcomes.isEmpty { context.console.print("Chưa xã nào đặt thời hạn lưu giữ dữ liệu cá nhân; không có gì thay đổi.") }
        for outcome in outcomes {
            let verb = signature.dryRun ? "sẽ ẩn danh" : "đã ẩn danh"
            let files = signature.dryRun ? "" : ", xoá \(outcome.deletedFiles) tệp bản quét"
            context.console.print("\(outcome.communeName): \(verb) \(outcome.count) hồ sơ đóng trước \(PersonalDataAnonymiser.dayText(outcome.cutoff)) (thời hạn \(outcome.years) năm)\(files).")
        }
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Anonymises the applicant's personal fields of dossiers closed longer ago than their commune's retention period.
///
/// The dossier stays (code, procedure, dates, history, figures); its applicant's name becomes a placeholder and the
/// ID number, phone, e-mail, address and representative are cleared. Each commune is done in one write transaction
/// with one journal entry, so a failure leaves the commune as it was.
enum PersonalDataAnonymiser {
    /// The name an anonymised dossier shows; also how the job recognises dossiers already done.
    static let placeholder = "Đã ẩn danh (hết thời hạn lưu giữ)"
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
                let ids = dossiers.compactMap(\.id)
                for start in stride(from: 0, to: ids.count, by: 500) {
                    try await Dossier.query(on: db).filter(\.$id ~~ Array(ids[start..<min(ids.count, start + 500)]))
                        .set(\.$applicantName, to: placeholder)
                        .set(\.$applicantIDNumber, to: nil).set(\.$applicantPhone, to: nil).set(\.$applicantEmail, to: nil)
                        .set(\.$applicantAddress, to: nil).set(\.$representativeName, to: nil).set(\.$representativeIDNumber, to: nil)
                        .set(\.$authorisationDocument, to: nil)
                        .update()
                }
                if let stored = try await PersonalDataRetentionRule.find(ruleID, on: db) {
                    stored.lastRunAt = now
                    stored.lastRunCount = ids.count
                    try await stored.save(on: db)
                }
                try await AuditJournal.append(AuditEvent(
                    action: "personal_data.anonymise", objectType: "commune", objectID: communeID.uuidString, communeID: communeID,
                    summary: "Ẩn danh dữ liệu cá nhân của \(ids.count) hồ sơ đã đóng trước \(dayText(cutoff)) (thời hạn lưu giữ \(rule.years) năm)"
                ), by: actor, at: now, on: db)
                return ids.count
            }
            outcomes.append(Outcome(communeName: rule.commune.fullName, years: rule.years, cutoff: cutoff, count: count))
        }
        return outcomes
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
            context.console.print("\(outcome.communeName): \(verb) \(outcome.count) hồ sơ đóng trước \(PersonalDataAnonymiser.dayText(outcome.cutoff)) (thời hạn \(outcome.years) năm).")
        }
    }
}

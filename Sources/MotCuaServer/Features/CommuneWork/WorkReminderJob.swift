import Fluent
import Foundation
import MotCuaCore
import NIOCore
import SQLKit
import Vapor

/// A reminder already written to the outbox: one per task or directive and state, so that the job never repeats one,
/// even across restarts.
final class WorkReminderNotice: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "work_reminder_notices"

    enum Subject: String, Codable, Sendable {
        case task, directive
    }

    @ID(key: .id) var id: UUID?
    @Enum(key: "subject_kind") var subjectKind: Subject
    @Field(key: "subject_id") var subjectID: UUID
    @Enum(key: "state") var state: WorkReminderState
    /// The due date the reminder was about, ISO.
    @Field(key: "due_date") var dueDate: String
    @Field(key: "message_count") var messageCount: Int
    @Field(key: "sent_at") var sentAt: Date
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<WorkReminderNotice, FieldProperty<WorkReminderNotice, UUID>> { \.$commune.$id }

    init() {}
}

extension CommuneWorkMigrations {
    struct CreateWorkReminderNotices: AsyncMigration {
        var name: String { "commune_work_reminder_notices" }

        func prepare(on database: any Database) async throws {
            try await database.schema(WorkReminderNotice.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("subject_kind", .string, .required)
                .field("subject_id", .uuid, .required)
                .field("state", .string, .required)
                .field("due_date", .string, .required)
                .field("message_count", .int, .required)
                .field("sent_at", .datetime, .required)
                // The key of "at most once": a second run, or a run racing this one, fails here and writes nothing.
                .unique(on: "commune_id", "subject_kind", "subject_id", "state")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(WorkReminderNotice.schema).delete()
        }
    }
}

/// Writes reminders of tasks and directives due soon or overdue to the outbox, for the officer responsible: the
/// assignee of a task, the commune's leaders for a directive. Each task or directive is reminded at most once per
/// state; the rule is `WorkReminderRule`, the same as the home page's.
enum WorkReminderJob {
    struct Summary: Equatable, Sendable {
        /// Reminders written (each may hold several messages: several leaders, SMS and email).
        var reminders = 0
        var messages = 0
        /// Reminders not written because nobody responsible has an email or phone; tried again on the next run.
        var withoutContact = 0
    }

    /// The actor the journal names for reminders.
    static let actor = AuditActor(officerID: nil, username: "system", role: "scheduled_job", communeID: nil, clientAddress: "local")

    private struct Candidate {
        let kind: WorkReminderNotice.Subject
        let id: UUID
        let title: String
        let due: CivilDate
        let state: WorkReminderState
        let recipients: [Officer]
        let link: String
    }

    /// One round over every commune at the application clock's time.
    @discardableResult
    static func run(app: Application) async throws -> Summary {
        let now = app.clock.now()
        guard let today = LocalDateTime(now)?.date else { return Summary() }
        let calendar = try await app.calendarStore.calendar(on: app.db)
        var summary = Summary()
        for commune in try await Commune.query(on: app.db).filter(\.$isActive == true).all() {
            let candidates = try await candidates(in: commune, today: today, calendar: calendar, app: app)
            for candidate in candidates {
                let contacts = candidate.recipients.flatMap { officer in
                    [officer.email.map { ("email", $0) }, officer.phone.map { ("sms", $0) }].compactMap { $0 }
                }
                guard !contacts.isEmpty else {
                    summary.withoutContact += 1
                    continue
                }
                if try await write(candidate, contacts: contacts, communeID: try commune.requireID(), now: now, app: app) {
                    summary.reminders += 1
                    summary.messages += contacts.count
                }
            }
        }
        return summary
    }

    private static func candidates(in commune: Commune, today: CivilDate, calendar: WorkingDayCalendar, app: Application) async throws -> [Candidate] {
        let communeID = try commune.requireID()
        let horizon = WorkReminderRule.horizon(from: today, calendar: calendar).isoString
        let sent = Set(try await WorkReminderNotice.query(on: app.db).filter(\.$commune.$id == communeID).all().map { "\($0.subjectKind.rawValue)|\($0.subjectID)|\($0.state.rawValue)" })
        let base = app.settings.publicBaseURL ?? commune.webDomain.map { "https://\($0)" } ?? ""
        var result: [Candidate] = []
        let tasks = try await WorkTask.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$completedOn == nil).filter(\.$cancelledReason == nil)
            .filter(\.$dueDate <= horizon).with(\.$assignee).all()
        for task in tasks {
            guard let state = WorkReminderRule.state(due: task.due, today: today, calendar: calendar), let id = task.id,
                  !sent.contains("task|\(id)|\(state.rawValue)"), task.assignee.isActive else { continue }
            result.append(Candidate(kind: .task, id: id, title: task.title, due: task.due, state: state, recipients: [task.assignee],
                                    link: base + CommuneWorkURL.task(.value(id)).path))
        }
        let directives = try await Directive.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$dueDate <= horizon).all()
        guard !directives.isEmpty else { return result }
        let directiveTasks = try await WorkTask.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$directive.$id ~~ directives.compactMap(\.id)).all()
        let leaders = try await Officer.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$isActive == true).all()
            .filter { $0.roles.contains(.communeLeader) }
        for directive in directives {
            guard let id = directive.id, let state = WorkReminderRule.state(due: directive.due, today: today, calendar: calendar),
                  !sent.contains("directive|\(id)|\(state.rawValue)") else { continue }
            let progress = DirectiveProgress.of(directive, tasks: directiveTasks.filter { $0.$directive.id == id }, today: today)
            guard progress != .done, progress != .doneLate else { continue }
            result.append(Candidate(kind: .directive, id: id, title: directive.content, due: directive.due, state: state, recipients: leaders,
                                    link: base + CommuneWorkURL.directives.path))
        }
        return result
    }

    /// Writes the notice, its messages and the journal entry in one transaction; `false` when another run already did.
    private static func write(_ candidate: Candidate, contacts: [(String, String)], communeID: UUID, now: Date, app: Application) async throws -> Bool {
        let kindName = candidate.kind == .task ? "Nhiệm vụ" : "Chỉ đạo của tỉnh"
        let (subject, body) = WorkReminderRule.message(state: candidate.state, kind: kindName, title: candidate.title, due: candidate.due, link: candidate.link)
        do {
            return try await app.writeTransaction { db in
                let already = try await WorkReminderNotice.query(on: db).filter(\.$commune.$id == communeID).filter(\.$subjectKind == candidate.kind)
                    .filter(\.$subjectID == candidate.id).filter(\.$state == candidate.state).count()
                guard already == 0 else { return false }
                let notice = WorkReminderNotice()
                notice.$commune.id = communeID
                notice.subjectKind = candidate.kind
                notice.subjectID = candidate.id
                notice.state = candidate.state
                notice.dueDate = candidate.due.isoString
                notice.messageCount = contacts.count
                notice.sentAt = now
                try await notice.create(on: db)
                for (channel, recipient) in contacts {
                    let message = OutboxMessage()
                    message.$commune.id = communeID
                    message.channel = channel
                    message.recipient = recipient
                    message.subject = subject
                    message.body = body
                    message.status = .pending
                    message.attempts = 0
                    message.nextAttemptAt = now
                    try await message.create(on: db)
                }
                try await AuditJournal.append(AuditEvent(action: "work_reminder.send", objectType: candidate.kind == .task ? "work_task" : "directive",
                                                         objectID: candidate.id.uuidString, communeID: communeID,
                                                         summary: "\(subject): \(candidate.title.prefix(200)), hạn \(candidate.due.vietnameseString); \(contacts.count) tin"),
                                              by: actor, at: now, on: db)
                return true
            }
        } catch {
            // A run racing this one stored the same notice first (the unique key refused ours): nothing to do.
            let stored = try await WorkReminderNotice.query(on: app.db).filter(\.$commune.$id == communeID).filter(\.$subjectKind == candidate.kind)
                .filter(\.$subjectID == candidate.id).filter(\.$state == candidate.state).count()
            if stored > 0 { return false }
            throw error
        }
    }
}

/// Runs the reminder job on a timer while the server runs (`MOTCUA_WORK_REMINDER_MINUTES`, default 60; 0 turns it off).
struct WorkReminderLifecycle: LifecycleHandler {
    let interval: TimeAmount
    let rounds = RepeatingRound()

    func didBootAsync(_ application: Application) async throws {
        let logger = application.logger
        rounds.start(on: application, initialDelay: .seconds(30), interval: interval) {
            do {
                let summary = try await WorkReminderJob.run(app: application)
                if summary.reminders > 0 { logger.info("work reminders: \(summary.reminders) written, \(summary.messages) messages") }
            } catch {
                logger.error("work reminders: round failed: \(String(reflecting: error))")
            }
        }
    }

    func shutdown(_ application: Application) { rounds.stop() }
    func shutdownAsync(_ application: Application) async { await rounds.stop(on: application) }

    /// The interval from the environment, or `nil` when the job is off; a malformed value stops start-up.
    static func interval(from variables: [String: String] = ProcessInfo.processInfo.environment) throws -> TimeAmount? {
        guard let raw = variables["MOTCUA_WORK_REMINDER_MINUTES"], !raw.isEmpty else { return .minutes(60) }
        guard let minutes = Int(raw), (0...10_080).contains(minutes) else {
            throw Settings.Problem(description: "MOTCUA_WORK_REMINDER_MINUTES=\"\(raw)\" phải là số phút từ 0 (tắt) đến 10080.")
        }
        return minutes == 0 ? nil : .minutes(Int64(minutes))
    }
}

/// `motcua reminders send`: one round of work reminders now, e.g. from cron when the timer is off.
struct WorkRemindersCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "send")
        var action: String
    }

    var help: String { "Gửi nhắc việc sắp đến hạn, quá hạn qua hộp thư: motcua reminders send" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "send" else { throw CommandFailure(message: "Lệnh không hợp lệ: dùng `motcua reminders send`.") }
        let summary = try await WorkReminderJob.run(app: context.application)
        context.console.print("Đã ghi \(summary.reminders) nhắc việc (\(summary.messages) tin) vào hộp thư; \(summary.withoutContact) nhắc việc chưa gửi được vì cán bộ chưa có email hoặc số điện thoại.")
    }
}

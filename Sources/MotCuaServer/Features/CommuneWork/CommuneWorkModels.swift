import Fluent
import Foundation
import MotCuaCore
import SQLKit

/// A work plan (kế hoạch công tác) of the commune or one of its units for a period.
final class WorkPlan: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "work_plans"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "title") var title: String
    /// ISO dates: the period the plan covers.
    @Field(key: "period_start") var periodStart: String
    @Field(key: "period_end") var periodEnd: String
    @Enum(key: "status") var status: WorkPlanStatus
    @Field(key: "created_by") var createdBy: String
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "return_reason") var returnReason: String?

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    /// The unit whose plan it is; `nil` for the commune's own plan.
    @OptionalParent(key: "department_id") var department: Department?

    static var communeIDField: KeyPath<WorkPlan, FieldProperty<WorkPlan, UUID>> { \.$commune.$id }

    init() {}

    var start: CivilDate { CivilDate(isoString: periodStart) ?? CivilDate(year: 2025, month: 7, day: 1)! }
    var end: CivilDate { CivilDate(isoString: periodEnd) ?? CivilDate(year: 2025, month: 12, day: 31)! }
}

/// One task of a plan under the six clears, with its progress.
final class WorkTask: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "work_tasks"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    /// rõ việc
    @Field(key: "title") var title: String
    /// rõ thời gian, an ISO date
    @Field(key: "due_date") var dueDate: String
    @Field(key: "coordinating_units") var coordinatingUnits: String
    /// rõ sản phẩm: the deliverable and the evidence that shows it was delivered
    @Field(key: "deliverable") var deliverable: String
    @Field(key: "evidence_required") var evidenceRequired: String
    /// rõ thẩm quyền
    @Field(key: "approving_authority") var approvingAuthority: String
    @Field(key: "progress_percent") var progressPercent: Int
    @Field(key: "progress_note") var progressNote: String
    @OptionalField(key: "completed_on") var completedOn: String?
    @OptionalField(key: "cancelled_reason") var cancelledReason: String?
    @Field(key: "version") var version: Int

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "plan_id") var plan: WorkPlan
    /// rõ người
    @Parent(key: "assignee_id") var assignee: Officer
    /// rõ trách nhiệm: the lead unit
    @Parent(key: "lead_department_id") var leadDepartment: Department
    @OptionalParent(key: "directive_id") var directive: Directive?

    static var communeIDField: KeyPath<WorkTask, FieldProperty<WorkTask, UUID>> { \.$commune.$id }

    init() {}

    var due: CivilDate { CivilDate(isoString: dueDate) ?? CivilDate(year: 2025, month: 12, day: 31)! }

    func status(today: CivilDate) -> WorkTaskStatus {
        WorkTaskStatus.of(progressPercent: progressPercent, completedOn: completedOn.flatMap(CivilDate.init(isoString:)),
                          isCancelled: cancelledReason != nil, dueDate: due, today: today)
    }
}

/// A file that shows a task's progress or its deliverable.
final class WorkTaskEvidence: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "work_task_evidence"

    @ID(key: .id) var id: UUID?
    @Field(key: "file_key") var fileKey: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "media_type") var mediaType: String
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "uploaded_at") var uploadedAt: Date
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "task_id") var task: WorkTask

    static var communeIDField: KeyPath<WorkTaskEvidence, FieldProperty<WorkTaskEvidence, UUID>> { \.$commune.$id }

    init() {}
}

/// A province inspection visit to a commune (kiểm tra).
final class Inspection: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "inspections"

    @ID(key: .id) var id: UUID?
    @Field(key: "visited_on") var visitedOn: String
    @Field(key: "inspector") var inspector: String
    @Field(key: "scope") var scope: String
    @Field(key: "findings") var findings: String
    @Field(key: "recorded_by") var recordedBy: String
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<Inspection, FieldProperty<Inspection, UUID>> { \.$commune.$id }

    init() {}
}

/// A directive (chỉ đạo) the province gave a commune, followed until its tasks are done.
final class Directive: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "directives"

    @ID(key: .id) var id: UUID?
    @Field(key: "content") var content: String
    @Field(key: "due_date") var dueDate: String
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "inspection_id") var inspection: Inspection

    static var communeIDField: KeyPath<Directive, FieldProperty<Directive, UUID>> { \.$commune.$id }

    init() {}

    var due: CivilDate { CivilDate(isoString: dueDate) ?? CivilDate(year: 2025, month: 12, day: 31)! }
}

/// Where a directive stands, from the tasks the commune made of it.
enum DirectiveProgress: String {
    case unassigned, inProgress, done, doneLate, late

    var vietnameseName: String {
        switch self {
        case .unassigned: "Chưa giao nhiệm vụ"
        case .inProgress: "Đang thực hiện"
        case .done: "Hoàn thành"
        case .doneLate: "Hoàn thành trễ hạn"
        case .late: "Chậm, quá hạn"
        }
    }

    /// Done when every live task is done; late once the directive's date has passed or a task is overdue.
    static func of(_ directive: Directive, tasks: [WorkTask], today: CivilDate) -> DirectiveProgress {
        let live = tasks.filter { $0.cancelledReason == nil }
        if live.isEmpty { return today > directive.due ? .late : .unassigned }
        let statuses = live.map { $0.status(today: today) }
        if statuses.allSatisfy({ $0 == .doneOnTime || $0 == .doneLate }) {
            let lastDone = live.compactMap { $0.completedOn.flatMap(CivilDate.init(isoString:)) }.max()
            return statuses.contains(.doneLate) || (lastDone.map { $0 > directive.due } ?? false) ? .doneLate : .done
        }
        if statuses.contains(.overdue) || today > directive.due { return .late }
        return .inProgress
    }
}

enum CommuneWorkMigrations {
    struct CreateWorkPlans: AsyncMigration {
        var name: String { "0024_create_work_plans_and_tasks" }

        func prepare(on database: any Database) async throws {
            try await database.schema(Inspection.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("visited_on", .string, .required)
                .field("inspector", .string, .required)
                .field("scope", .string, .required)
                .field("findings", .string, .required)
                .field("recorded_by", .string, .required)
                .create()
            try await database.schema(Directive.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("inspection_id", .uuid, .required, .references(Inspection.schema, "id"))
                .field("content", .string, .required)
                .field("due_date", .string, .required)
                .create()
            try await database.schema(WorkPlan.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("department_id", .uuid, .references(Department.schema, "id"))
                .field("title", .string, .required)
                .field("period_start", .string, .required)
                .field("period_end", .string, .required)
                .field("status", .string, .required)
                .field("created_by", .string, .required)
                .field("decided_by", .string)
                .field("decided_at", .datetime)
                .field("return_reason", .string)
                .field("created_at", .datetime)
                .create()
            try await database.schema(WorkTask.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("plan_id", .uuid, .required, .references(WorkPlan.schema, "id"))
                .field("assignee_id", .uuid, .required, .references(Officer.schema, "id"))
                .field("lead_department_id", .uuid, .required, .references(Department.schema, "id"))
                .field("directive_id", .uuid, .references(Directive.schema, "id"))
                .field("title", .string, .required)
                .field("due_date", .string, .required)
                .field("coordinating_units", .string, .required)
                .field("deliverable", .string, .required)
                .field("evidence_required", .string, .required)
                .field("approving_authority", .string, .required)
                .field("progress_percent", .int, .required)
                .field("progress_note", .string, .required)
                .field("completed_on", .string)
                .field("cancelled_reason", .string)
                .field("version", .int, .required)
                .create()
            try await database.schema(WorkTaskEvidence.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("task_id", .uuid, .required, .references(WorkTask.schema, "id"))
                .field("file_key", .string, .required)
                .field("file_name", .string, .required)
                .field("media_type", .string, .required)
                .field("uploaded_by", .string, .required)
                .field("uploaded_at", .datetime, .required)
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "inspections_commune_visited").on(Inspection.schema).column("commune_id").column("visited_on").run()
                try await sql.create(index: "directives_commune_due").on(Directive.schema).column("commune_id").column("due_date").run()
                try await sql.create(index: "work_plans_commune_period").on(WorkPlan.schema).column("commune_id").column("period_start").run()
                try await sql.create(index: "work_tasks_commune_plan").on(WorkTask.schema).column("commune_id").column("plan_id").run()
                try await sql.create(index: "work_tasks_commune_assignee_due").on(WorkTask.schema).column("commune_id").column("assignee_id").column("due_date").run()
                try await sql.create(index: "work_tasks_commune_directive").on(WorkTask.schema).column("commune_id").column("directive_id").run()
                try await sql.create(index: "work_task_evidence_commune_task").on(WorkTaskEvidence.schema).column("commune_id").column("task_id").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(WorkTaskEvidence.schema).delete()
            try await database.schema(WorkTask.schema).delete()
            try await database.schema(WorkPlan.schema).delete()
            try await database.schema(Directive.schema).delete()
            try await database.schema(Inspection.schema).delete()
        }
    }
}

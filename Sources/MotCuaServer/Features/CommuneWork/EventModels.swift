import Fluent
import Foundation
import MotCuaCore
import SQLKit

/// An event the commune organises: once, or every year on a solar or lunar date, with a responsible unit.
final class CommuneEvent: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "commune_events"

    enum RuleKind: String, Codable, Sendable {
        case once, solar, lunar
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "place") var place: String
    @Enum(key: "rule_kind") var ruleKind: RuleKind
    /// The date of a one-off event, ISO.
    @OptionalField(key: "once_on") var onceOn: String?
    /// Month and day of a yearly event, solar or lunar.
    @Field(key: "month") var month: Int
    @Field(key: "day") var day: Int
    @Field(key: "created_by") var createdBy: String
    /// Whether the event is shown to everyone on the public month page `/lich?xa=…`.
    @Field(key: "is_public") var isPublic: Bool
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "department_id") var department: Department

    static var communeIDField: KeyPath<CommuneEvent, FieldProperty<CommuneEvent, UUID>> { \.$commune.$id }

    init() {
        isPublic = false
    }

    var rule: EventDateRule {
        switch ruleKind {
        case .once: .once(onceOn.flatMap(CivilDate.init(isoString:)) ?? CivilDate(year: 2025, month: 1, day: 1)!)
        case .solar: .everySolarYear(month: month, day: day)
        case .lunar: .everyLunarYear(month: month, day: day)
        }
    }
}

/// A preparation task of an event under the six clears, due a number of working days before each occurrence.
final class EventChecklistItem: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "event_checklist_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "working_days_before") var workingDaysBefore: Int
    @Field(key: "deliverable") var deliverable: String
    @Field(key: "evidence_required") var evidenceRequired: String
    @Field(key: "approving_authority") var approvingAuthority: String
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "event_id") var event: CommuneEvent
    @Parent(key: "assignee_id") var assignee: Officer

    static var communeIDField: KeyPath<EventChecklistItem, FieldProperty<EventChecklistItem, UUID>> { \.$commune.$id }

    init() {}
}

/// A checklist item done for one occurrence of its event.
final class EventChecklistDone: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "event_checklist_done"

    @ID(key: .id) var id: UUID?
    @Field(key: "occurrence") var occurrence: String
    @Field(key: "done_by") var doneBy: String
    @Field(key: "done_at") var doneAt: Date
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "item_id") var item: EventChecklistItem

    static var communeIDField: KeyPath<EventChecklistDone, FieldProperty<EventChecklistDone, UUID>> { \.$commune.$id }

    init() {}
}

extension CommuneWorkMigrations {
    /// Events gain a public flag: a public event appears on the commune's public month page.
    struct AddPublicFlagToEvents: AsyncMigration {
        var name: String { "commune_work_event_public_flag" }

        func prepare(on database: any Database) async throws {
            try await database.schema(CommuneEvent.schema).field("is_public", .bool, .required, .sql(.default(false))).update()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(CommuneEvent.schema).deleteField("is_public").update()
        }
    }

    struct CreateEvents: AsyncMigration {
        var name: String { "0025_create_commune_events" }

        func prepare(on database: any Database) async throws {
            try await database.schema(CommuneEvent.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("department_id", .uuid, .required, .references(Department.schema, "id"))
                .field("title", .string, .required)
                .field("place", .string, .required)
                .field("rule_kind", .string, .required)
                .field("once_on", .string)
                .field("month", .int, .required)
                .field("day", .int, .required)
                .field("created_by", .string, .required)
                .create()
            try await database.schema(EventChecklistItem.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("event_id", .uuid, .required, .references(CommuneEvent.schema, "id"))
                .field("assignee_id", .uuid, .required, .references(Officer.schema, "id"))
                .field("title", .string, .required)
                .field("working_days_before", .int, .required)
                .field("deliverable", .string, .required)
                .field("evidence_required", .string, .required)
                .field("approving_authority", .string, .required)
                .create()
            try await database.schema(EventChecklistDone.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("item_id", .uuid, .required, .references(EventChecklistItem.schema, "id"))
                .field("occurrence", .string, .required)
                .field("done_by", .string, .required)
                .field("done_at", .datetime, .required)
                .unique(on: "item_id", "occurrence")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "commune_events_commune").on(CommuneEvent.schema).column("commune_id").column("month").run()
                try await sql.create(index: "event_checklist_items_commune_event").on(EventChecklistItem.schema).column("commune_id").column("event_id").run()
                try await sql.create(index: "event_checklist_done_commune_item").on(EventChecklistDone.schema).column("commune_id").column("item_id").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(EventChecklistDone.schema).delete()
            try await database.schema(EventChecklistItem.schema).delete()
            try await database.schema(CommuneEvent.schema).delete()
        }
    }
}

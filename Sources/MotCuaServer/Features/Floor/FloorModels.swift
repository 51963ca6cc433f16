import Fluent
import Foundation
import MotCuaCore
import SQLKit

/// A counter (quầy) of the commune's service center: its number, its name, what it serves, who is on duty today.
final class FloorCounter: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "floor_counters"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "number") var number: Int
    @Field(key: "name") var name: String
    /// The services, as `FloorService` keys separated by commas.
    @Field(key: "services") var servicesText: String
    @Field(key: "is_active") var isActive: Bool
    /// The day (YYYY-MM-DD) the officer below is on duty; another day means nobody is named yet.
    @OptionalField(key: "duty_day") var dutyDay: String?

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    @OptionalParent(key: "officer_id") var officer: Officer?

    static var communeIDField: KeyPath<FloorCounter, FieldProperty<FloorCounter, UUID>> { \.$commune.$id }

    init() {}

    var services: [FloorService] { FloorService.parseList(servicesText) }

    /// The counter as the queue rules see it.
    var rules: CounterServices { CounterServices(counterID: id ?? UUID(), services: Set(services)) }

    /// "Quầy 2 — Hộ tịch, chứng thực".
    var label: String { "Quầy \(number) — \(name)" }
}

/// A service line: a service that some counter offers, with the block of numbers its tickets take (1xxx, 2xxx, …).
///
/// A line keeps its block once given, so that numbers of a day never change meaning when counters are edited.
final class FloorServiceLine: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "floor_service_lines"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "service_key") var serviceKey: String
    @Field(key: "block") var block: Int
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<FloorServiceLine, FieldProperty<FloorServiceLine, UUID>> { \.$commune.$id }

    init() {}
}

/// A queue ticket (lấy số thứ tự): one visitor waiting for one service on one day.
final class QueueTicket: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "queue_tickets"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    /// The day the ticket belongs to (YYYY-MM-DD, Vietnam time); numbers start again each day.
    @Field(key: "day") var day: String
    @Field(key: "number") var number: Int
    @Field(key: "service_key") var serviceKey: String
    /// The field of the service, so that a counter serving the whole field takes procedure tickets too.
    @OptionalField(key: "field_key") var fieldKey: String?
    /// The service's name when the ticket was taken.
    @Field(key: "service_name") var serviceName: String
    @OptionalField(key: "priority_reason") var priorityReason: String?
    /// `kiosk` or `phone`.
    @Field(key: "channel") var channel: String
    @Field(key: "status") var status: String
    @Field(key: "taken_at") var takenAt: Date
    @OptionalField(key: "first_called_at") var firstCalledAt: Date?
    @OptionalField(key: "called_at") var calledAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @Field(key: "recall_count") var recallCount: Int
    @Field(key: "transfer_count") var transferCount: Int
    @OptionalField(key: "transferred_at") var transferredAt: Date?
    @OptionalField(key: "called_by") var calledBy: String?
    /// The code of the dossier received for this ticket, if any.
    @OptionalField(key: "dossier_code") var dossierCode: String?

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    /// The counter that called the ticket last.
    @OptionalParent(key: "counter_id") var counter: FloorCounter?
    /// The counter a transfer sent it to, while it waits there.
    @OptionalParent(key: "target_counter_id") var targetCounter: FloorCounter?
    @OptionalParent(key: "dossier_id") var dossier: Dossier?

    static var communeIDField: KeyPath<QueueTicket, FieldProperty<QueueTicket, UUID>> { \.$commune.$id }

    init() {}

    var ticketStatus: QueueTicketStatus { QueueTicketStatus(rawValue: status) ?? .waiting }
    var civilDay: CivilDate? { CivilDate(isoString: day) }
    var priority: PriorityReason? { priorityReason.flatMap(PriorityReason.init(rawValue:)) }

    /// The ticket as the queue rules see it while it waits.
    var entry: QueueEntry? {
        guard let id, let service = FloorService(key: serviceKey) else { return nil }
        return QueueEntry(
            id: id, number: number, service: service, field: fieldKey.flatMap(ProcedureDefinition.Field.init(rawValue:)),
            isPriority: priorityReason != nil, takenAt: takenAt, transferredTo: $targetCounter.id, transferredAt: transferredAt
        )
    }
}

/// The last number given in a line's block on a day.
final class QueueTicketSequence: Model, @unchecked Sendable {
    static let schema = "queue_ticket_sequences"

    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "day") var day: String
    @Field(key: "block") var block: Int
    @Field(key: "last_value") var lastValue: Int

    init() {}
}

/// A visitor's rating of the service at a counter, given on the counter's tablet: once per ticket.
final class CounterRating: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "counter_ratings"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "level") var level: Int
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "ticket_id") var ticket: QueueTicket
    @Parent(key: "counter_id") var counter: FloorCounter
    @OptionalParent(key: "dossier_id") var dossier: Dossier?

    static var communeIDField: KeyPath<CounterRating, FieldProperty<CounterRating, UUID>> { \.$commune.$id }

    init() {}
}

enum FloorMigrations {
    struct CreateFloorCounters: AsyncMigration {
        var name: String { "floor_create_counters" }

        func prepare(on database: any Database) async throws {
            try await database.schema(FloorCounter.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("number", .int, .required)
                .field("name", .string, .required)
                .field("services", .string, .required)
                .field("is_active", .bool, .required)
                .field("duty_day", .string)
                .field("officer_id", .uuid, .references(Officer.schema, "id"))
                .field("created_at", .datetime)
                .field("updated_at", .datetime)
                .unique(on: "commune_id", "number")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(FloorCounter.schema).delete()
        }
    }

    struct CreateFloorServiceLines: AsyncMigration {
        var name: String { "floor_create_service_lines" }

        func prepare(on database: any Database) async throws {
            try await database.schema(FloorServiceLine.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("service_key", .string, .required)
                .field("block", .int, .required)
                .field("created_at", .datetime)
                .unique(on: "commune_id", "service_key")
                .unique(on: "commune_id", "block")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(FloorServiceLine.schema).delete()
        }
    }

    struct CreateQueueTickets: AsyncMigration {
        var name: String { "floor_create_queue_tickets" }

        func prepare(on database: any Database) async throws {
            try await database.schema(QueueTicket.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("day", .string, .required)
                .field("number", .int, .required)
                .field("service_key", .string, .required)
                .field("field_key", .string)
                .field("service_name", .string, .required)
                .field("priority_reason", .string)
                .field("channel", .string, .required)
                .field("status", .string, .required)
                .field("taken_at", .datetime, .required)
                .field("first_called_at", .datetime)
                .field("called_at", .datetime)
                .field("finished_at", .datetime)
                .field("recall_count", .int, .required)
                .field("transfer_count", .int, .required)
                .field("transferred_at", .datetime)
                .field("called_by", .string)
                .field("dossier_code", .string)
                .field("counter_id", .uuid, .references(FloorCounter.schema, "id"))
                .field("target_counter_id", .uuid, .references(FloorCounter.schema, "id"))
                .field("dossier_id", .uuid, .references(Dossier.schema, "id"))
                // A number is given once a day: the last guard against a duplicate, whatever the code does.
                .unique(on: "commune_id", "day", "number")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "queue_tickets_commune_day_status").on(QueueTicket.schema).column("commune_id").column("day").column("status").run()
                try await sql.create(index: "queue_tickets_commune_taken").on(QueueTicket.schema).column("commune_id").column("taken_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(QueueTicket.schema).delete()
        }
    }

    struct CreateQueueTicketSequences: AsyncMigration {
        var name: String { "floor_create_queue_ticket_sequences" }

        func prepare(on database: any Database) async throws {
            try await database.schema(QueueTicketSequence.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("day", .string, .required)
                .field("block", .int, .required)
                .field("last_value", .int, .required)
                .unique(on: "commune_id", "day", "block")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(QueueTicketSequence.schema).delete()
        }
    }

    struct CreateCounterRatings: AsyncMigration {
        var name: String { "floor_create_counter_ratings" }

        func prepare(on database: any Database) async throws {
            try await database.schema(CounterRating.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("ticket_id", .uuid, .required, .references(QueueTicket.schema, "id"))
                .field("counter_id", .uuid, .required, .references(FloorCounter.schema, "id"))
                .field("dossier_id", .uuid, .references(Dossier.schema, "id"))
                .field("level", .int, .required)
                .field("created_at", .datetime)
                .unique(on: "commune_id", "ticket_id")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "counter_ratings_commune_created").on(CounterRating.schema).column("commune_id").column("created_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(CounterRating.schema).delete()
        }
    }
}

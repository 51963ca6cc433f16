import Fluent
import Foundation
import MotCuaCore
import SQLKit

/// A duty shift of the commune police: the number citizens call during it.
final class DutyShift: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "duty_shifts"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "officer_name") var officerName: String
    @Field(key: "duty_phone") var dutyPhone: String
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @OptionalField(key: "note") var note: String?
    @Field(key: "recorded_by") var recordedBy: String

    // relationships
    @Parent(key: "commune_id") var commune: Commune

    init() {}

    init(communeID: UUID, officerName: String, dutyPhone: String, startsAt: Date, endsAt: Date, note: String?, recordedBy: String) {
        self.$commune.id = communeID
        self.officerName = officerName
        self.dutyPhone = dutyPhone
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.note = note
        self.recordedBy = recordedBy
    }

    var span: DutyShiftSpan { DutyShiftSpan(start: startsAt, end: endsAt, phone: dutyPhone, officerName: officerName) }

    static var communeIDField: KeyPath<DutyShift, FieldProperty<DutyShift, UUID>> { \.$commune.$id }
}

/// A call to the duty phone, logged by the officer on duty. The caller's name and phone are personal data.
final class DutyCall: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "duty_calls"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "received_at") var receivedAt: Date
    @OptionalField(key: "caller_name") var callerName: String?
    @OptionalField(key: "caller_phone") var callerPhone: String?
    @Field(key: "matter") var matter: String
    @Field(key: "action_taken") var actionTaken: String
    @Field(key: "recorded_by") var recordedBy: String

    // relationships
    @Parent(key: "commune_id") var commune: Commune

    init() {}

    static var communeIDField: KeyPath<DutyCall, FieldProperty<DutyCall, UUID>> { \.$commune.$id }
}

enum PublicSafetyMigrations {
    struct CreateDutyShifts: AsyncMigration {
        var name: String { "0013_create_duty_shifts" }

        func prepare(on database: any Database) async throws {
            try await database.schema(DutyShift.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("officer_name", .string, .required)
                .field("duty_phone", .string, .required)
                .field("starts_at", .datetime, .required)
                .field("ends_at", .datetime, .required)
                .field("note", .string)
                .field("recorded_by", .string, .required)
                .field("created_at", .datetime)
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "duty_shifts_commune_start").on(DutyShift.schema).column("commune_id").column("starts_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(DutyShift.schema).delete()
        }
    }

    struct CreateDutyCalls: AsyncMigration {
        var name: String { "0014_create_duty_calls" }

        func prepare(on database: any Database) async throws {
            try await database.schema(DutyCall.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("received_at", .datetime, .required)
                .field("caller_name", .string)
                .field("caller_phone", .string)
                .field("matter", .string, .required)
                .field("action_taken", .string, .required)
                .field("recorded_by", .string, .required)
                .field("created_at", .datetime)
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "duty_calls_commune_time").on(DutyCall.schema).column("commune_id").column("received_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(DutyCall.schema).delete()
        }
    }
}

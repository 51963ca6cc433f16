import Fluent
import Foundation
import MotCuaCore
import NIOConcurrencyHelpers
import Vapor

/// A year's official schedule of days off, as recorded by a province administrator after the government announced it.
final class RecordedSchedule: Model, @unchecked Sendable {
    static let schema = "official_schedules"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "year") var year: Int
    /// The schedule in the JSON format of `OfficialSchedule`, the same as the files shipped and imported.
    @Field(key: "document") var document: String
    @Field(key: "recorded_by") var recordedBy: String

    init() {}

    init(year: Int, document: String, recordedBy: String) {
        self.year = year
        self.document = document
        self.recordedBy = recordedBy
    }
}

enum CalendarMigrations {
    struct CreateOfficialSchedules: AsyncMigration {
        var name: String { "0007_create_official_schedules" }

        func prepare(on database: any Database) async throws {
            try await database.schema(RecordedSchedule.schema)
                .id()
                .field("year", .int, .required)
                .field("document", .string, .required)
                .field("recorded_by", .string, .required)
                .field("created_at", .datetime)
                .field("updated_at", .datetime)
                .unique(on: "year")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(RecordedSchedule.schema).delete()
        }
    }
}

/// The working-day calendar the application uses: the schedules shipped with MotCua, overridden by those recorded in the database.
///
/// Building a calendar classifies every day of 300 years (about 20 ms), so it is built once and rebuilt only when a
/// schedule is recorded.
final class CalendarStore: Sendable {
    private let cached = NIOLockedValueBox<WorkingDayCalendar?>(nil)

    /// The current calendar, loading the recorded schedules on first use.
    func calendar(on database: any Database) async throws -> WorkingDayCalendar {
        if let calendar = cached.withLockedValue({ $0 }) { return calendar }
        let calendar = try await Self.load(on: database)
        cached.withLockedValue { $0 = calendar }
        return calendar
    }

    /// Forgets the cached calendar, so that the next use sees a newly recorded schedule.
    func invalidate() {
        cached.withLockedValue { $0 = nil }
    }

    /// The shipped schedules followed by the recorded ones, so that a recorded year replaces a shipped one.
    static func load(on database: any Database) async throws -> WorkingDayCalendar {
        let bundled = try WorkingDayCalendar.loadBundledSchedules()
        let recorded = try await RecordedSchedule.query(on: database).sort(\.$year).all().map { row in
            try OfficialSchedule.decode(from: Data(row.document.utf8))
        }
        return WorkingDayCalendar(schedules: bundled + recorded)
    }

    /// Records (or replaces) a year's schedule and journals it; the caller invalidates the store after the transaction.
    static func record(_ schedule: OfficialSchedule, by actor: AuditActor, at now: Date, on database: any Database) async throws -> Bool {
        let document = String(decoding: try schedule.encodedJSON(), as: UTF8.self)
        let existing = try await RecordedSchedule.query(on: database).filter(\.$year == schedule.year).first()
        let row = existing ?? RecordedSchedule(year: schedule.year, document: document, recordedBy: actor.username)
        row.document = document
        row.recordedBy = actor.username
        try await row.save(on: database)
        let summary = "\(existing == nil ? "Ghi" : "Thay") lịch nghỉ năm \(schedule.year): \(schedule.daysOff.count) ngày nghỉ, "
            + "\(schedule.makeUpWorkingDays.count) ngày làm bù; nguồn: \(schedule.source.reference)"
        try await AuditJournal.append(
            AuditEvent(action: "calendar.record_schedule", objectType: "official_schedule", objectID: String(schedule.year), summary: summary),
            by: actor, at: now, on: database
        )
        return existing == nil
    }
}

extension Application {
    private struct CalendarStoreKey: StorageKey { typealias Value = CalendarStore }

    /// The application's working-day calendar store.
    var calendarStore: CalendarStore {
        get {
            if let store = storage[CalendarStoreKey.self] { return store }
            let store = CalendarStore()
            storage[CalendarStoreKey.self] = store
            return store
        }
        set { storage[CalendarStoreKey.self] = newValue }
    }
}

extension Request {
    /// The working-day calendar in force, official schedules recorded in the app included.
    func workingDayCalendar() async throws -> WorkingDayCalendar {
        try await application.calendarStore.calendar(on: db)
    }
}

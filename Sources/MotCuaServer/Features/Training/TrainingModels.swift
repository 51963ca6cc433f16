import Fluent
import Foundation
import MotCuaCore
import SQLKit

/// A training course (bồi dưỡng, tập huấn), organised by the province for many communes or by one commune.
///
/// A course of the province belongs to no commune, so it is not `CommuneOwned`: a commune sees a course it organises
/// or one that requires some of its officers (`TrainingAccess`), and never the attendance of another commune.
final class TrainingCourse: Model, @unchecked Sendable {
    static let schema = "training_courses"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "title") var title: String
    /// The organiser as printed on the invitation, e.g. "Văn phòng UBND tỉnh".
    @Field(key: "organiser") var organiser: String
    @Field(key: "topic") var topic: String
    @Field(key: "place") var place: String
    /// ISO dates.
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @Field(key: "created_by") var createdBy: String

    // relationships
    @Parent(key: "province_id") var province: Province
    /// The commune that organises the course; `nil` when the province does.
    @OptionalParent(key: "organiser_commune_id") var organiserCommune: Commune?

    init() {}

    var start: CivilDate { CivilDate(isoString: startsOn) ?? CivilDate(year: 2025, month: 1, day: 1)! }
    var end: CivilDate { CivilDate(isoString: endsOn) ?? CivilDate(year: 2025, month: 1, day: 1)! }
    var isProvinceCourse: Bool { $organiserCommune.id == nil }
}

/// An officer who must attend a course, with attendance and result; owned by the officer's commune.
final class TrainingAttendee: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "training_attendees"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    /// Why the officer must attend: named, by role, by unit.
    @Field(key: "reason") var reason: String
    @Enum(key: "attendance") var attendance: TrainingAttendance
    @Enum(key: "result") var result: TrainingResult
    /// A score or a remark, as the organiser wrote it.
    @Field(key: "score") var score: String
    @OptionalField(key: "certificate_number") var certificateNumber: String?
    @OptionalField(key: "recorded_by") var recordedBy: String?
    @OptionalField(key: "recorded_at") var recordedAt: Date?
    @Field(key: "version") var version: Int

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "course_id") var course: TrainingCourse
    @Parent(key: "officer_id") var officer: Officer

    static var communeIDField: KeyPath<TrainingAttendee, FieldProperty<TrainingAttendee, UUID>> { \.$commune.$id }

    init() {}

    func standing(course: TrainingCourse, today: CivilDate) -> TrainingStanding {
        TrainingStanding.of(attendance: attendance, result: result, courseEnd: course.end, today: today)
    }
}

enum TrainingMigrations {
    struct CreateTrainingCourses: AsyncMigration {
        var name: String { "commune_work_training_courses_and_attendees" }

        func prepare(on database: any Database) async throws {
            try await database.schema(TrainingCourse.schema)
                .id()
                .field("province_id", .uuid, .required, .references(Province.schema, "id"))
                .field("organiser_commune_id", .uuid, .references(Commune.schema, "id"))
                .field("title", .string, .required)
                .field("organiser", .string, .required)
                .field("topic", .string, .required)
                .field("place", .string, .required)
                .field("starts_on", .string, .required)
                .field("ends_on", .string, .required)
                .field("created_by", .string, .required)
                .field("created_at", .datetime)
                .create()
            try await database.schema(TrainingAttendee.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("course_id", .uuid, .required, .references(TrainingCourse.schema, "id"))
                .field("officer_id", .uuid, .required, .references(Officer.schema, "id"))
                .field("reason", .string, .required)
                .field("attendance", .string, .required)
                .field("result", .string, .required)
                .field("score", .string, .required)
                .field("certificate_number", .string)
                .field("recorded_by", .string)
                .field("recorded_at", .datetime)
                .field("version", .int, .required)
                .unique(on: "commune_id", "course_id", "officer_id")
                .create()
            if let sql = database as? any SQLDatabase {
                // A course of the province has no commune; its rows are found by the organising commune or the province.
                try await sql.create(index: "training_courses_commune_start").on(TrainingCourse.schema).column("organiser_commune_id").column("starts_on").run()
                try await sql.create(index: "training_courses_province_start").on(TrainingCourse.schema).column("province_id").column("starts_on").run()
                try await sql.create(index: "training_attendees_commune_course").on(TrainingAttendee.schema).column("commune_id").column("course_id").run()
                try await sql.create(index: "training_attendees_commune_officer").on(TrainingAttendee.schema).column("commune_id").column("officer_id").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(TrainingAttendee.schema).delete()
            try await database.schema(TrainingCourse.schema).delete()
        }
    }
}

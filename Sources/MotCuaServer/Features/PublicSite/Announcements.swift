import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// A notice the commune publishes on its home page (opening hours on holidays, a campaign, a change of procedure).
final class Announcement: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "announcements"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "published_by") var publishedBy: String
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<Announcement, FieldProperty<Announcement, UUID>> { \.$commune.$id }

    init() {}
}

enum AnnouncementMigrations {
    struct CreateAnnouncements: AsyncMigration {
        var name: String { "0019_create_announcements" }

        func prepare(on database: any Database) async throws {
            try await database.schema(Announcement.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("title", .string, .required)
                .field("body", .string, .required)
                .field("published_by", .string, .required)
                .field("created_at", .datetime)
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "announcements_commune_created").on(Announcement.schema).column("commune_id").column("created_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(Announcement.schema).delete()
        }
    }
}

enum AnnouncementController {
    struct Form: Content {
        var title: String?
        var body: String?
    }

    /// `POST /mot-cua/thong-bao`: a leader or the administrator publishes a notice on the commune's home page.
    static func publish(req: Request) async throws -> Response {
        let staff = try req.requireRole(.communeLeader, .systemAdministrator)
        guard let communeID = staff.communeID, let commune = try await Commune.find(communeID, on: req.db) else { throw AppError.forbidden }
        let form = try req.content.decode(Form.self)
        let title = form.title.trimmedOrEmpty, body = form.body.trimmedOrEmpty
        guard (3...200).contains(title.count), (3...4000).contains(body.count) else {
            throw AppError.invalid("Tiêu đề cần 3–200 ký tự và nội dung 3–4.000 ký tự.")
        }
        let announcement = Announcement()
        announcement.$commune.id = communeID
        announcement.title = title
        announcement.body = body
        announcement.publishedBy = staff.username
        try await req.writeTransaction { db in
            try await announcement.create(on: db)
            try await req.audit(AuditEvent(action: "announcement.publish", objectType: "announcement", objectID: try announcement.requireID().uuidString, communeID: communeID, summary: "Đăng thông báo: \(title)"), on: db)
        }
        return req.redirect(to: SiteURL.communeHome(.value(commune.slug)).path)
    }
}

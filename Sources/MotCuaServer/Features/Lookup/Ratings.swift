import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// An applicant's satisfaction with a returned dossier, once per dossier.
final class DossierRating: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "dossier_ratings"

    @ID(key: .id) var id: UUID?
    /// When the applicant rated, from the application's clock (reports count ratings by it, so tests set it too).
    @OptionalField(key: "created_at") var createdAt: Date?
    @Field(key: "dossier_code") var dossierCode: String
    @Field(key: "level") var level: Int
    @OptionalField(key: "comment") var comment: String?
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "dossier_id") var dossier: Dossier

    static var communeIDField: KeyPath<DossierRating, FieldProperty<DossierRating, UUID>> { \.$commune.$id }

    init() {}
}

enum RatingMigrations {
    struct CreateRatings: AsyncMigration {
        var name: String { "0017_create_dossier_ratings" }

        func prepare(on database: any Database) async throws {
            try await database.schema(DossierRating.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("dossier_id", .uuid, .required, .references(Dossier.schema, "id"))
                .field("dossier_code", .string, .required)
                .field("level", .int, .required)
                .field("comment", .string)
                .field("created_at", .datetime)
                .unique(on: "dossier_id")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "dossier_ratings_commune_created").on(DossierRating.schema).column("commune_id").column("created_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(DossierRating.schema).delete()
        }
    }
}

enum RatingController {
    struct RatingForm: Content {
        var level: Int?
        var comment: String?
        var idLast4: String?
    }

    /// `POST /tra-cuu/:code/danh-gia`: the applicant rates a returned dossier, proving it is theirs with the last four
    /// digits of their ID number, which the public page never shows.
    static func rate(req: Request) async throws -> Response {
        try req.application.lookupRateLimiter.check(req)
        guard let raw = req.parameters.get(SiteURL.Key.dossierCode), let code = DossierCode.parse(raw),
              let dossier = try await Dossier.query(on: req.db).filter(\.$code == code.description).first()
        else { throw AppError.notFound }
        let form = try req.content.decode(RatingForm.self)
        var problem: String?
        if dossier.status != DossierStatus.returned.rawValue {
            problem = "Chỉ đánh giá được sau khi đã trả kết quả."
        } else if try await DossierRating.query(on: req.db).filter(\.$dossier.$id == dossier.requireID()).count() > 0 {
            problem = "Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần."
        } else if form.level.flatMap(SatisfactionLevel.init(rawValue:)) == nil {
            problem = "Cần chọn một mức đánh giá."
        } else if let id = dossier.applicantIDNumber, id.count >= 4, form.idLast4.trimmedOrEmpty != String(id.suffix(4)) {
            problem = "Bốn chữ số cuối của số định danh không khớp với người nộp hồ sơ."
        } else if (form.comment ?? "").count > 2000 {
            problem = "Ý kiến tối đa 2.000 ký tự."
        }
        if let problem {
            throw AppError.invalid(problem)
        }
        let rating = DossierRating()
        rating.$commune.id = dossier.$commune.id
        rating.$dossier.id = try dossier.requireID()
        rating.dossierCode = dossier.code
        rating.level = form.level ?? 0
        rating.comment = form.comment.trimmedOrNil
        rating.createdAt = req.now
        let level = SatisfactionLevel(rawValue: rating.level)?.vietnameseName ?? ""
        try await req.writeTransaction { db in
            try await rating.create(on: db)
            try await req.audit(AuditEvent(action: "dossier.rate", objectType: "dossier", objectID: dossier.code, communeID: dossier.$commune.id, summary: "Người nộp đánh giá: \(level)"), on: db)
        }
        return req.redirect(to: SiteURL.publicLookup(.value(dossier.code)).path + "?thongbao=da-danh-gia")
    }
}

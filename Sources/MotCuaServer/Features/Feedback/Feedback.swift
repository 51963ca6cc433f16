import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// A complaint or suggestion (phản ánh, kiến nghị) from anyone, routed to the commune leader and answered in public.
final class FeedbackItem: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "feedback_items"

    enum Topic: String, Codable, CaseIterable, Sendable {
        case dossier, officer, center, other

        var vietnameseName: String {
            switch self {
            case .dossier: "Về một hồ sơ"
            case .officer: "Về cán bộ"
            case .center: "Về Trung tâm Phục vụ hành chính công"
            case .other: "Khác"
            }
        }
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "code") var code: String
    @Enum(key: "topic") var topic: Topic
    @OptionalField(key: "dossier_code") var dossierCode: String?
    @Field(key: "content") var content: String
    /// The sender's name and contact: personal data, never published.
    @OptionalField(key: "sender_name") var senderName: String?
    @OptionalField(key: "sender_contact") var senderContact: String?
    @Field(key: "due_at") var dueAt: Date
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "answered_by") var answeredBy: String?

    // relationships
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<FeedbackItem, FieldProperty<FeedbackItem, UUID>> { \.$commune.$id }

    init() {}

    /// Answered on time, late, or not yet.
    func timeliness(at now: Date) -> String {
        if let answeredAt { return answeredAt <= dueAt ? "Đã trả lời đúng hạn" : "Đã trả lời quá hạn" }
        return now > dueAt ? "Quá hạn, chưa trả lời" : "Đang xử lý"
    }
}

enum FeedbackMigrations {
    struct CreateFeedback: AsyncMigration {
        var name: String { "0018_create_feedback_items" }

        func prepare(on database: any Database) async throws {
            try await database.schema(FeedbackItem.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("code", .string, .required)
                .field("topic", .string, .required)
                .field("dossier_code", .string)
                .field("content", .string, .required)
                .field("sender_name", .string)
                .field("sender_contact", .string)
                .field("due_at", .datetime, .required)
                .field("answer", .string)
                .field("answered_at", .datetime)
                .field("answered_by", .string)
                .field("created_at", .datetime)
                .unique(on: "code")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "feedback_commune_due").on(FeedbackItem.schema).column("commune_id").column("due_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(FeedbackItem.schema).delete()
        }
    }
}

enum FeedbackController {
    /// Working days the commune has to answer, counted like a dossier's time limit [practice: provincial regulations].
    static let answerWorkingDays = 10

    struct SubmitForm: Content {
        var topic: String?
        var dossierCode: String?
        var content: String?
        var senderName: String?
        var senderContact: String?
    }

    struct PublicItem: Encodable {
        let code: String
        let topic: String
        let content: String
        let receivedAt: String
        let dueAt: String
        let status: String
        let answer: String?
        let answeredAt: String?
        let href: String
    }

    struct FormPage: Encodable {
        let page: PageContext
        let communeName: String
        let topics: [OrganisationController.Option]
        let form: SubmitForm
        let errors: FormErrors
        let actionPath: String
        let answered: [PublicItem]
    }

    /// `GET /xa/:slug/phan-anh`: the form, and the answers already published.
    static func showForm(req: Request) async throws -> View {
        let commune = try await PublicSiteController.publicCommune(req)
        return try await renderForm(req, commune: commune, form: SubmitForm(topic: FeedbackItem.Topic.center.rawValue), errors: [])
    }

    /// `POST /xa/:slug/phan-anh`.
    static func submit(req: Request) async throws -> Response {
        let commune = try await PublicSiteController.publicCommune(req)
        let communeID = try commune.requireID()
        let form = try req.content.decode(SubmitForm.self)
        var problems: [String] = []
        let content = form.content.trimmedOrEmpty
        if content.count < 10 { problems.append("Nội dung phản ánh cần ít nhất 10 ký tự.") }
        if content.count > 4000 { problems.append("Nội dung phản ánh tối đa 4.000 ký tự.") }
        let topic = form.topic.flatMap(FeedbackItem.Topic.init(rawValue:))
        if topic == nil { problems.append("Cần chọn nội dung phản ánh về việc gì.") }
        if let raw = form.dossierCode.trimmedOrNil, DossierCode.parse(raw) == nil { problems.append("Mã hồ sơ không hợp lệ.") }
        if (form.senderName ?? "").count > 200 || (form.senderContact ?? "").count > 200 { problems.append("Họ tên và cách liên hệ tối đa 200 ký tự.") }
        guard problems.isEmpty, let topic else {
            let view = try await renderForm(req, commune: commune, form: form, errors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let now = req.now
        let calendar = try await req.workingDayCalendar()
        guard let deadline = calendar.deadline(receivedAt: now, processingTime: .workingDays(answerWorkingDays), channel: .online, cutOffHour: 17) else {
            throw AppError.invalid("Không tính được thời hạn trả lời.")
        }
        let item = FeedbackItem()
        item.$commune.id = communeID
        item.code = "PA-" + AccessToken.makeSecret().prefix(8).uppercased().replacingOccurrences(of: "_", with: "X").replacingOccurrences(of: "-", with: "Y")
        item.topic = topic
        item.dossierCode = form.dossierCode.trimmedOrNil.flatMap { DossierCode.parse($0)?.description }
        item.content = content
        item.senderName = form.senderName.trimmedOrNil
        item.senderContact = form.senderContact.trimmedOrNil
        item.dueAt = deadline.dueInstant
        try await req.writeTransaction { db in
            try await item.create(on: db)
            try await req.audit(AuditEvent(action: "feedback.submit", objectType: "feedback", objectID: item.code, communeID: communeID, summary: "Phản ánh \(topic.vietnameseName.lowercased()) (hạn trả lời \(VietnameseFormat.dateTime(item.dueAt)))"), on: db)
        }
        return req.redirect(to: SiteURL.feedbackItem(.value(item.code)).path)
    }

    /// `GET /phan-anh/:code`: the item and its answer; the sender's name and contact never appear.
    static func showItem(req: Request) async throws -> View {
        guard let code = req.parameters.get(SiteURL.Key.feedbackCode), let item = try await FeedbackItem.query(on: req.db).filter(\.$code == code).first() else {
            throw AppError.notFound
        }
        struct ItemPage: Encodable { let page: PageContext; let item: PublicItem; let communeName: String }
        let commune = try await item.$commune.get(on: req.db)
        return try await req.view.render("feedback/item", ItemPage(page: try await PageContext.make(for: req, title: "Phản ánh \(item.code)"), item: publicItem(item, now: req.now), communeName: commune.fullName))
    }

    static func publicItem(_ item: FeedbackItem, now: Date) -> PublicItem {
        PublicItem(
            code: item.code, topic: item.topic.vietnameseName, content: item.content, receivedAt: VietnameseFormat.dateTime(item.createdAt ?? now),
            dueAt: VietnameseFormat.dateTime(item.dueAt), status: item.timeliness(at: now), answer: item.answer,
            answeredAt: item.answeredAt.map(VietnameseFormat.dateTime), href: SiteURL.feedbackItem(.value(item.code)).path
        )
    }

    private static func renderForm(_ req: Request, commune: Commune, form: SubmitForm, errors: [String]) async throws -> View {
        let answered = try await FeedbackItem.query(on: req.db).filter(\.$commune.$id == commune.requireID()).filter(\.$answeredAt != nil)
            .sort(\.$answeredAt, .descending).limit(20).all()
        return try await req.view.render("feedback/form", FormPage(
            page: try await PageContext.make(for: req, title: "Phản ánh, kiến nghị — \(commune.fullName)"), communeName: commune.fullName,
            topics: FeedbackItem.Topic.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0.rawValue == form.topic) },
            form: form, errors: FormErrors(errors), actionPath: SiteURL.feedbackForm(.value(commune.slug)).path,
            answered: answered.map { publicItem($0, now: req.now) }
        ))
    }

    // MARK: staff

    struct StaffRow: Encodable {
        let item: PublicItem
        let sender: String
        let isOverdue: Bool
        let answerPath: String
    }

    struct StaffPage: Encodable {
        let page: PageContext
        let rows: [StaffRow]
    }

    /// `GET /mot-cua/phan-anh`: the commune's feedback for its leaders, oldest due first.
    static func list(req: Request) async throws -> View {
        try req.requireRole(.communeLeader, .systemAdministrator, .provinceOffice)
        let now = req.now
        let items = try await req.tenant.query(FeedbackItem.self).sort(\.$answeredAt).sort(\.$dueAt).limit(200).all()
        return try await req.view.render("feedback/list", StaffPage(
            page: try await PageContext.make(for: req, title: "Phản ánh, kiến nghị"),
            rows: items.map { item in
                StaffRow(item: publicItem(item, now: now), sender: [item.senderName, item.senderContact].compactMap { $0 }.joined(separator: " — ").nonEmpty ?? "Ẩn danh",
                         isOverdue: item.answeredAt == nil && now > item.dueAt, answerPath: SiteURL.answerFeedback(.value(item.code)).path)
            }
        ))
    }

    struct AnswerForm: Content {
        var answer: String?
    }

    /// `POST /mot-cua/phan-anh/:code/tra-loi`: the leader's answer, published to the sender on the item's page.
    static func answer(req: Request) async throws -> Response {
        let staff = try req.requireRole(.communeLeader)
        guard let code = req.parameters.get(SiteURL.Key.feedbackCode), let item = try await req.tenant.query(FeedbackItem.self).filter(\.$code == code).first() else {
            throw AppError.notFound
        }
        guard item.answeredAt == nil else { throw AppError.conflict("Phản ánh này đã được trả lời.") }
        let text = try req.content.decode(AnswerForm.self).answer.trimmedOrEmpty
        guard text.count >= 10, text.count <= 4000 else { throw AppError.invalid("Câu trả lời cần từ 10 đến 4.000 ký tự.") }
        let now = req.now
        item.answer = text
        item.answeredAt = now
        item.answeredBy = staff.username
        try await req.writeTransaction { db in
            try await item.save(on: db)
            try await req.audit(AuditEvent(action: "feedback.answer", objectType: "feedback", objectID: item.code, communeID: item.$commune.id, summary: "Trả lời phản ánh \(item.code) (\(item.timeliness(at: now).lowercased()))"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: SiteURL.feedbackList.path))
    }
}

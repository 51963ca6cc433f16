import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The tablet at a counter where the visitor just served rates the service (five levels), tied to the ticket and,
/// when a dossier was received for it, to the dossier.
enum FloorRatingController {
    /// How long after the call or the end of a service the visitor may still rate it.
    static let ratingWindow: TimeInterval = 30 * 60

    struct LevelOption: Encodable {
        let value: Int
        let label: String
    }

    struct RatingPage: Encodable {
        let page: PageContext
        let counterLabel: String
        let ticketNumber: Int?
        let ticketID: String?
        let hasTicket: Bool
        let levels: [LevelOption]
        let actionPath: String
        let thanked: Bool
        let problem: String?
    }

    /// The most recent ticket of the counter today that the visitor may still rate.
    private static func rateableTicket(counter: FloorCounter, now: Date, on database: any Database) async throws -> QueueTicket? {
        let candidates = try await QueueTicket.query(on: database).filter(\.$counter.$id == counter.requireID()).filter(\.$day == FloorQueue.dayKey(now))
            .filter(\.$status ~~ [QueueTicketStatus.called.rawValue, QueueTicketStatus.done.rawValue])
            .sort(\.$calledAt, .descending).limit(1).all()
        guard let ticket = candidates.first, now.timeIntervalSince(ticket.finishedAt ?? ticket.calledAt ?? .distantPast) <= ratingWindow else { return nil }
        let rated = try await CounterRating.query(on: database).filter(\.$commune.$id == counter.$commune.id).filter(\.$ticket.$id == ticket.requireID()).count()
        return rated == 0 ? ticket : nil
    }

    private static func counterOfCommune(_ req: Request) async throws -> (Commune, FloorCounter) {
        let commune = try await PublicSiteController.publicCommune(req)
        guard let counter = try await FloorCounter.query(on: req.db).filter(\.$id == req.uuidParameter(SiteURL.Key.counterID))
            .filter(\.$commune.$id == commune.requireID()).first()
        else { throw AppError.notFound }
        return (commune, counter)
    }

    /// `GET /xa/:slug/quay/:counterID/danh-gia`.
    static func show(req: Request) async throws -> View {
        let (commune, counter) = try await counterOfCommune(req)
        return try await render(req, commune: commune, counter: counter, thanked: req.query[String.self, at: "thongbao"] == Notice.rated.rawValue, problem: nil)
    }

    struct RatingForm: Content {
        var ticketID: String?
        var level: Int?
    }

    /// `POST /xa/:slug/quay/:counterID/danh-gia`: one rating per ticket, only for the ticket just served here.
    static func rate(req: Request) async throws -> Response {
        let (commune, counter) = try await counterOfCommune(req)
        let form = try req.content.decode(RatingForm.self)
        let now = req.now
        let ticket = try await rateableTicket(counter: counter, now: now, on: req.db)
        var problem: String?
        if form.level.flatMap(SatisfactionLevel.init(rawValue:)) == nil {
            problem = "Xin chọn một trong năm mức đánh giá."
        } else if ticket == nil || ticket?.id?.uuidString != form.ticketID.flatMap(UUID.init(uuidString:))?.uuidString {
            problem = "Lượt phục vụ này đã được đánh giá hoặc đã quá thời gian đánh giá. Cảm ơn ông/bà."
        }
        guard problem == nil, let ticket, let level = form.level, let satisfaction = SatisfactionLevel(rawValue: level) else {
            let view = try await render(req, commune: commune, counter: counter, thanked: false, problem: problem)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let rating = CounterRating()
        rating.$commune.id = counter.$commune.id
        rating.$ticket.id = try ticket.requireID()
        rating.$counter.id = try counter.requireID()
        rating.$dossier.id = ticket.$dossier.id
        rating.level = level
        do {
            try await req.writeTransaction { db in
                try await rating.create(on: db)
                try await req.audit(AuditEvent(
                    action: "floor.rate", objectType: "queue_ticket", objectID: try ticket.requireID().uuidString, communeID: counter.$commune.id,
                    summary: "Đánh giá tại quầy \(counter.number), số \(ticket.number)\(ticket.dossierCode.map { ", hồ sơ \($0)" } ?? ""): \(satisfaction.vietnameseName)"
                ), on: db)
            }
        } catch {
            // Two taps at once: the unique index keeps one rating; the second visitor tap sees the thanks too.
            if try await CounterRating.query(on: req.db).filter(\.$commune.$id == counter.$commune.id).filter(\.$ticket.$id == ticket.requireID()).count() == 0 { throw error }
        }
        return req.redirect(to: Notice.rated.appended(to: SiteURL.floorRating(.value(commune.slug), .value(try counter.requireID())).path))
    }

    private static func render(_ req: Request, commune: Commune, counter: FloorCounter, thanked: Bool, problem: String?) async throws -> View {
        let ticket = thanked ? nil : try await rateableTicket(counter: counter, now: req.now, on: req.db)
        return try await req.view.render("floor/rating", RatingPage(
            page: try await PageContext.make(for: req, title: "Đánh giá — \(counter.label)"), counterLabel: counter.label,
            ticketNumber: ticket?.number, ticketID: ticket?.id?.uuidString, hasTicket: ticket != nil,
            levels: SatisfactionLevel.allCases.reversed().map { LevelOption(value: $0.rawValue, label: $0.vietnameseName) },
            actionPath: SiteURL.floorRating(.value(commune.slug), .value(try counter.requireID())).path, thanked: thanked, problem: problem
        ))
    }
}

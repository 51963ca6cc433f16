import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The public events of a commune on the public month page `/lich?xa=<slug>`: only events marked public, with their
/// title and place, never their checklists or the officers who prepare them.
enum PublicEvents {
    struct Entry: Encodable, Sendable {
        let title: String
        let place: String?
        let date: String
        let isoDate: String
        let note: String?
    }

    /// The commune named by `?xa=`, or the signed-in officer's commune when there is none; a slug that names no
    /// active commune is a 404.
    static func commune(for req: Request) async throws -> Commune? {
        if let slug = req.query[String.self, at: "xa"]?.trimmingCharacters(in: .whitespaces), !slug.isEmpty {
            guard let commune = try await Commune.query(on: req.db).filter(\.$slug == slug.lowercased()).filter(\.$isActive == true).first() else {
                throw AppError(status: .notFound, code: "not_found", message: "Không tìm thấy xã, phường “\(slug)”.")
            }
            return commune
        }
        guard let communeID = req.staff?.communeID else { return nil }
        return try await Commune.find(communeID, on: req.db)
    }

    /// The public events of the commune between two dates, by ISO date.
    static func byDate(communeID: UUID, from start: CivilDate, through end: CivilDate, on db: any Database) async throws -> [String: [Entry]] {
        let events = try await CommuneEvent.query(on: db).filter(\.$commune.$id == communeID).filter(\.$isPublic == true).all()
        var result: [String: [Entry]] = [:]
        for event in events {
            for occurrence in event.rule.occurrences(from: start, through: end) {
                result[occurrence.date.isoString, default: []].append(Entry(
                    title: event.title, place: event.place.isEmpty ? nil : event.place, date: occurrence.date.vietnameseString,
                    isoDate: occurrence.date.isoString, note: occurrence.note
                ))
            }
        }
        return result.mapValues { $0.sorted { $0.title < $1.title } }
    }

    /// The active communes of the commune's province (or of every province when none is known), for the page's picker.
    static func communeChoices(selected: Commune?, on db: any Database) async throws -> [OrganisationController.Option] {
        var query = Commune.query(on: db).filter(\.$isActive == true)
        if let selected { query = query.filter(\.$province.$id == selected.$province.id) }
        return try await query.sort(\.$name).all().map { commune in
            OrganisationController.Option(value: commune.slug, label: commune.fullName, isSelected: commune.id == selected?.id)
        }
    }
}

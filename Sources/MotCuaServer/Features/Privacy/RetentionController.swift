import Fluent
import Foundation
import MotCuaCore
import Vapor

/// `GET`/`POST /quan-tri/luu-tru-du-lieu`: the commune's retention period for the personal data of closed dossiers,
/// set by its leader or administrator, never shorter than the legal minimum.
enum RetentionController {
    static let settingRoles: Set<Role> = [.communeLeader, .systemAdministrator]

    struct Page: Encodable {
        let page: PageContext
        let communeName: String
        let years: String
        let hasRule: Bool
        let minimumYears: Int
        let maximumYears: Int
        let lastRun: String
        let hasLastRun: Bool
        let dueCount: Int
        let errors: FormErrors
        let actionPath: String
    }

    struct Form: Content {
        var years: String?
    }

    private static func setter(_ req: Request) async throws -> (StaffIdentity, Commune) {
        let staff = try req.requireStaff()
        guard staff.hasAny(settingRoles), let communeID = staff.communeID, let commune = try await Commune.find(communeID, on: req.db) else {
            throw AppError.forbidden
        }
        return (staff, commune)
    }

    static func show(req: Request) async throws -> View {
        let (_, commune) = try await setter(req)
        return try await render(req, commune: commune, typed: nil, errors: [])
    }

    private static func render(_ req: Request, commune: Commune, typed: String?, errors: [String]) async throws -> View {
        let communeID = try commune.requireID()
        let rule = try await req.tenant.query(PersonalDataRetentionRule.self).filter(\.$commune.$id == communeID).first()
        var dueCount = 0
        if let rule, let retention = PersonalDataRetention(years: rule.years) {
            dueCount = try await PersonalDataAnonymiser.due(communeID: communeID, retention: retention, now: req.now, on: req.db).count
        }
        return try await req.view.render("privacy/retention", Page(
            page: try await PageContext.make(for: req, title: "Thời hạn lưu giữ dữ liệu cá nhân"), communeName: commune.fullName,
            years: typed ?? rule.map { String($0.years) } ?? "", hasRule: rule != nil,
            minimumYears: PersonalDataRetention.legalMinimumYears, maximumYears: PersonalDataRetention.maximumYears,
            lastRun: rule?.lastRunAt.map { "\(VietnameseFormat.dateTime($0)): \(rule?.lastRunCount ?? 0) hồ sơ" } ?? "", hasLastRun: rule?.lastRunAt != nil,
            dueCount: dueCount, errors: FormErrors(errors), actionPath: PrivacyURL.retention.path
        ))
    }

    static func save(req: Request) async throws -> Response {
        let (staff, commune) = try await setter(req)
        let form = try req.content.decode(Form.self)
        let retention: PersonalDataRetention
        switch PersonalDataRetention.parse(form.years ?? "") {
        case .failure(let problem):
            return try await render(req, commune: commune, typed: form.years ?? "", errors: [problem.message]).encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let parsed):
            retention = parsed
        }
        let communeID = try commune.requireID()
        let now = req.now
        let tenant = try req.tenant
        try await req.writeTransaction { db in
            let existing = try await Tenant(scope: tenant.scope, database: db).query(PersonalDataRetentionRule.self).filter(\.$commune.$id == communeID).first()
            let rule = existing ?? PersonalDataRetentionRule()
            let before = existing.map { "\($0.years) năm" } ?? "chưa đặt"
            rule.$commune.id = communeID
            rule.years = retention.years
            rule.updatedBy = staff.username
            rule.updatedAt = now
            if existing == nil { rule.lastRunCount = 0 }
            try await rule.save(on: db)
            try await req.audit(AuditEvent(
                action: "privacy.retention_set", objectType: "commune", objectID: communeID.uuidString, communeID: communeID,
                summary: "Thời hạn lưu giữ dữ liệu cá nhân của hồ sơ đã đóng: \(before) → \(retention.years) năm"
            ), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: PrivacyURL.retention.path))
    }
}

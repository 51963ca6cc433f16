import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The public pages of a commune: its home page and the procedures it handles, for citizens on their phones.
enum PublicSiteController {
    struct ProcedureLink: Encodable {
        let code: String
        let name: String
        let field: String
        let time: String
        let href: String
    }

    struct CommuneHome: Encodable {
        let page: PageContext
        let communeName: String
        let address: String
        let serviceHours: String
        let serviceCenterPhone: TelephoneLink?
        let dutyPhone: TelephoneLink?
        let hotlinePath: String
        /// Taking a queue ticket on the phone before coming to the counter.
        let ticketPath: String
        let proceduresPath: String
        let calendarPath: String
        let lookupPath: String
        let feedbackPath: String
        let faultReportsPath: String
        let collectionSchedulePath: String
        let procedureCount: Int
        let popular: [ProcedureLink]
        let announcements: [AnnouncementView]
        let hasAnnouncements: Bool
        /// The form to publish a notice, for the commune's own leader or administrator.
        let publishPath: String?
    }

    struct AnnouncementView: Encodable {
        let title: String
        let body: String
        let date: String
    }

    /// `GET /xa/:slug`: the commune's home page.
    static func communeHome(req: Request) async throws -> View {
        let commune = try await publicCommune(req)
        let communeID = try commune.requireID()
        let views = try await req.application.catalogStore.procedures(forCommune: communeID, on: req.db)
        let units = try await Department.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$isActive == true).all()
        let now = req.now
        let shifts = try await DutyShift.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$startsAt <= now).filter(\.$endsAt > now).all()
        let police = units.first { $0.kind == .police }
        // The procedures citizens ask for most: civil status and certification come first in every commune.
        let popularCodes = ["1.001193", "1.000894", "1.000656", "2.000815", "2.000884", "1.004873"]
        let popular = popularCodes.compactMap { code in views.first { $0.definition.code == code } }.map { link($0.definition, slug: commune.slug) }
        let announcements = try await Announcement.query(on: req.db).filter(\.$commune.$id == communeID).sort(\.$createdAt, .descending).limit(5).all()
            .map { AnnouncementView(title: $0.title, body: $0.body, date: VietnameseFormat.dateTime($0.createdAt ?? now)) }
        let canPublish = req.staff.map { $0.communeID == communeID && $0.hasAny([.communeLeader, .systemAdministrator]) } ?? false
        return try await req.view.render("public/commune", CommuneHome(
            page: try await PageContext.make(for: req, title: commune.fullName),
            communeName: commune.fullName, address: commune.address ?? "", serviceHours: commune.serviceHours,
            serviceCenterPhone: TelephoneLink.make(units.first { $0.kind == .serviceCenter }?.phone),
            dutyPhone: TelephoneLink.make(DutyRoster.shift(at: now, in: shifts.map(\.span))?.phone ?? police?.phone),
            hotlinePath: SiteURL.hotline(.value(commune.slug)).path,
            ticketPath: SiteURL.floorKiosk(.value(commune.slug)).path,
            proceduresPath: SiteURL.publicProcedures(.value(commune.slug)).path,
            calendarPath: SiteURL.calendarMonth.path + "?xa=" + commune.slug, lookupPath: SiteURL.lookup.path, feedbackPath: SiteURL.feedbackForm(.value(commune.slug)).path,
            faultReportsPath: PublicServicesURL.reports(.value(commune.slug)).path,
            collectionSchedulePath: PublicServicesURL.collectionSchedule(.value(commune.slug)).path,
            procedureCount: views.count, popular: popular, announcements: announcements, hasAnnouncements: !announcements.isEmpty,
            publishPath: canPublish ? SiteURL.announcements.path : nil
        ))
    }

    struct ProcedureListPage: Encodable {
        let page: PageContext
        let communeName: String
        let query: String
        let procedures: [ProcedureLink]
        let count: Int
        let hasProcedures: Bool
        /// False when no procedure holds every word of the query and the list holds the nearest names.
        let matchesEveryWord: Bool
        let actionPath: String
        let homePath: String
    }

    /// `GET /xa/:slug/thu-tuc?q=`: the procedures the commune handles, searchable without diacritics.
    static func procedures(req: Request) async throws -> View {
        let commune = try await publicCommune(req)
        let query = req.query[String.self, at: "q"] ?? ""
        let views = try await req.application.catalogStore.procedures(forCommune: try commune.requireID(), on: req.db)
        let result = ProcedureCatalog(views.map(\.definition)).find(query)
        let found = result.procedures.map { link($0, slug: commune.slug) }
        return try await req.view.render("public/procedures", ProcedureListPage(
            page: try await PageContext.make(for: req, title: "Thủ tục hành chính — \(commune.fullName)"),
            communeName: commune.fullName, query: query, procedures: found, count: found.count, hasProcedures: !found.isEmpty, matchesEveryWord: result.matchesEveryWord,
            actionPath: SiteURL.publicProcedures(.value(commune.slug)).path, homePath: SiteURL.communeHome(.value(commune.slug)).path
        ))
    }

    struct DocumentLine: Encodable {
        let name: String
        let form: String
        let copies: Int
        let template: String?
        /// The printable blank form of the template, when there is one.
        var templateHref: String? = nil
    }

    struct ProcedurePage: Encodable {
        let page: PageContext
        let communeName: String
        let code: String
        let name: String
        let field: String
        let time: String
        let verificationNote: String?
        let cutOff: String
        let fee: String
        let documents: [DocumentLine]
        let handlingUnit: String
        let onlineLevel: String
        let isOfferedOnline: Bool
        let resultType: String
        let legalBasis: String
        let address: String
        let serviceHours: String
        let updatedAt: String
        let listPath: String
        /// Where a citizen submits this procedure online (after signing in).
        var onlineSubmissionPath: String = ""
    }

    /// `GET /xa/:slug/thu-tuc/:code`: what to bring, what it costs, how long it takes, and where to hand it in.
    static func procedure(req: Request) async throws -> View {
        let commune = try await publicCommune(req)
        guard let code = req.parameters.get(SiteURL.Key.procedureCode),
              let view = try await req.application.catalogStore.procedure(code: code, forCommune: try commune.requireID(), on: req.db)
        else { throw AppError.notFound }
        let definition = view.definition
        let fees = try await req.application.catalogStore.provinceFees(on: req.db)
        return try await req.view.render("public/procedure", ProcedurePage(
            page: try await PageContext.make(for: req, title: definition.name),
            communeName: commune.fullName, code: definition.code, name: definition.name, field: definition.field.vietnameseName,
            time: definition.processingTime.vietnameseDescription,
            verificationNote: definition.verificationExtraWorkingDays.map { "Trường hợp cần xác minh: thêm tối đa \($0) ngày làm việc." },
            cutOff: "Hồ sơ nộp tại bộ phận một cửa sau \(definition.cutOffHour) giờ được tính từ ngày làm việc tiếp theo.",
            fee: definition.fee.vietnameseDescription(provinceFee: fees?.fee(for: definition.code)),
            documents: definition.requiredDocuments.enumerated().map { index, document in
                DocumentLine(name: document.name, form: document.form.vietnameseName, copies: document.copies, template: document.formTemplate,
                             templateHref: document.formTemplate == nil ? nil : SiteURL.procedureTemplate(.value(commune.slug), .value(definition.code), .value(String(index + 1))).path)
            },
            handlingUnit: definition.department.vietnameseName, onlineLevel: definition.onlineServiceLevel.vietnameseName,
            isOfferedOnline: definition.onlineServiceLevel != .counterOnly, resultType: definition.resultType,
            legalBasis: definition.legalBasis, address: commune.address ?? "", serviceHours: commune.serviceHours,
            updatedAt: view.updatedAt.map(VietnameseFormat.dateTime) ?? "—",
            listPath: SiteURL.publicProcedures(.value(commune.slug)).path,
            onlineSubmissionPath: SiteURL.onlineSubmission(.value(commune.slug), .value(definition.code)).path
        ))
    }

    private static func link(_ definition: ProcedureDefinition, slug: String) -> ProcedureLink {
        ProcedureLink(
            code: definition.code, name: definition.name, field: definition.field.vietnameseName,
            time: definition.processingTime.vietnameseDescription, href: SiteURL.publicProcedure(.value(slug), .value(definition.code)).path
        )
    }

    /// The active commune named by the `:communeSlug` path parameter, or a 404.
    static func publicCommune(_ req: Request) async throws -> Commune {
        guard let slug = req.parameters.get(SiteURL.Key.communeSlug),
              let commune = try await Commune.query(on: req.db).filter(\.$slug == slug).filter(\.$isActive == true).first()
        else { throw AppError.notFound }
        return commune
    }
}

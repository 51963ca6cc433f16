import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Review campaigns (rà soát) of the assets: every asset listed, each marked, and the report of what still lacks a
/// managing unit.
enum AssetReviewController {
    struct ReviewRow: Encodable {
        let title: String
        let started: String
        let status: String
        let commune: String
        let href: String
    }

    struct StartForm: Content {
        var title: String?
    }

    struct ListPage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let rows: [ReviewRow]
        let hasRows: Bool
        let canStart: Bool
        let errors: FormErrors
        let startPath: String
    }

    /// `GET /kinh-te-tai-chinh/ra-soat`.
    static func list(req: Request) async throws -> Response {
        try await renderList(req, errors: [], status: .ok)
    }

    static func renderList(_ req: Request, errors: [String], status: HTTPResponseStatus) async throws -> Response {
        let duties = try req.resourceDuties()
        let reviews = try await req.tenant.query(AssetReview.self).sort(\.$startedOn, .descending).all()
        let communes = try await ResourcePages.communeNames(req)
        return try await ResourcePages.render(req, "resources/reviews", ListPage(
            page: try await PageContext.make(for: req, title: "Rà soát tài sản công"), tabs: ResourcePages.tabs(req),
            rows: try reviews.map { review in
                ReviewRow(title: review.title, started: CivilDate(isoString: review.startedOn)?.vietnameseString ?? review.startedOn,
                          status: review.closedAt == nil ? "Đang rà soát" : "Đã kết thúc", commune: communes[review.$commune.id] ?? "",
                          href: ResourcesURL.review(.value(try review.requireID())).path)
            },
            hasRows: !reviews.isEmpty, canStart: duties.managesAssets, errors: FormErrors(errors), startPath: ResourcesURL.reviews.path
        ), status: status)
    }

    /// `POST /kinh-te-tai-chinh/ra-soat`: opens a campaign; only one may be open at a time.
    static func start(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        guard duties.managesAssets, let communeID = duties.staff.communeID else { throw AppError.forbidden }
        let title = try req.content.decode(StartForm.self).title.trimmedOrEmpty
        if title.isEmpty || title.count > 300 { return try await renderList(req, errors: ["Cần tên đợt rà soát (tối đa 300 ký tự)."], status: .unprocessableEntity) }
        if try await AssetReview.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$closedAt == nil).first() != nil {
            return try await renderList(req, errors: ["Đang có một đợt rà soát chưa kết thúc; hãy kết thúc đợt đó trước."], status: .conflict)
        }
        let review = AssetReview()
        review.$commune.id = communeID
        review.title = title
        review.startedOn = ResourcePages.today(req).isoString
        review.startedBy = duties.staff.username
        try await req.writeTransaction { db in
            try await review.create(on: db)
            try await req.audit(AuditEvent(action: "asset_review.start", objectType: "asset_review", objectID: try review.requireID().uuidString, communeID: communeID, summary: title), on: db)
        }
        return req.redirect(to: ResourcesURL.review(.value(try review.requireID())).path)
    }

    struct EntryRow: Encodable {
        let id: String
        let code: String
        let name: String
        let kind: String
        let unit: String
        let hasUnit: Bool
        let mark: String
        let isMarked: Bool
        let note: String
        let marks: [OrganisationController.Option]
        let units: [OrganisationController.Option]
        let markPath: String
        let assetHref: String
    }

    struct ReviewPage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let title: String
        let started: String
        let isOpen: Bool
        let canMark: Bool
        let rows: [EntryRow]
        let reviewed: Int
        let pending: Int
        let unassigned: Int
        let unassignedRows: [EntryRow]
        let hasUnassigned: Bool
        let counts: [OrganisationController.Option]
        let errors: FormErrors
        let closePath: String
    }

    static func reviewInScope(_ req: Request) async throws -> AssetReview {
        try await req.tenant.find(AssetReview.self, req.parameters.get(ResourcesURL.Key.reviewID, as: UUID.self))
    }

    /// `GET /kinh-te-tai-chinh/ra-soat/:reviewID`: every asset with its mark, and the report of the campaign.
    static func show(req: Request) async throws -> Response {
        _ = try req.resourceDuties()
        return try await render(req, review: try await reviewInScope(req), errors: [], status: .ok)
    }

    static func render(_ req: Request, review: AssetReview, errors: [String], status: HTTPResponseStatus) async throws -> Response {
        let duties = try req.resourceDuties()
        let communeID = review.$commune.id
        let reviewID = try review.requireID()
        let assets = try await PublicAsset.query(on: req.db).filter(\.$commune.$id == communeID).sort(\.$code).all()
        let entries = try await AssetReviewEntry.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$review.$id == reviewID).all()
        let byAsset = Dictionary(entries.map { ($0.$asset.id, $0) }, uniquingKeysWith: { first, _ in first })
        let units = try await ResourcePages.units(of: communeID, on: req.db)
        let unitNames = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit.name) } })
        let isOpen = review.closedAt == nil
        let rows = try assets.map { asset -> EntryRow in
            let assetID = try asset.requireID()
            let entry = byAsset[assetID]
            let unit = asset.$managingUnit.id.flatMap { unitNames[$0] }
            return EntryRow(
                id: assetID.uuidString, code: asset.code, name: asset.name, kind: asset.kind.vietnameseName, unit: unit ?? "Chưa có đơn vị quản lý", hasUnit: unit != nil,
                mark: entry?.mark.vietnameseName ?? "Chưa rà soát", isMarked: entry != nil, note: entry?.note ?? "",
                marks: AssetReviewMark.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0 == (entry?.mark ?? (unit == nil ? .unassigned : .confirmed))) },
                units: units.compactMap { unit in unit.id.map { .init(value: $0.uuidString, label: unit.name, isSelected: $0 == asset.$managingUnit.id) } },
                markPath: ResourcesURL.reviewMark(.value(reviewID), .value(assetID)).path, assetHref: ResourcesURL.asset(.value(assetID)).path)
        }
        let progress = AssetReviewRule.progress(marks: assets.map { try? byAsset[$0.requireID()]?.mark }, managedFlags: assets.map { $0.$managingUnit.id != nil })
        let counts = AssetReviewMark.allCases.map { mark in
            OrganisationController.Option(value: String(entries.filter { $0.mark == mark }.count), label: mark.vietnameseName, isSelected: false)
        }
        let unassignedRows = rows.filter { !$0.hasUnit }
        return try await ResourcePages.render(req, "resources/review", ReviewPage(
            page: try await PageContext.make(for: req, title: review.title), tabs: ResourcePages.tabs(req), title: review.title,
            started: CivilDate(isoString: review.startedOn)?.vietnameseString ?? review.startedOn, isOpen: isOpen,
            canMark: isOpen && duties.managesAssets && duties.staff.communeID == communeID, rows: rows,
            reviewed: progress.reviewed, pending: progress.pending, unassigned: progress.unassigned, unassignedRows: unassignedRows,
            hasUnassigned: !unassignedRows.isEmpty, counts: counts, errors: FormErrors(errors), closePath: ResourcesURL.reviewClose(.value(reviewID)).path
        ), status: status)
    }

    struct MarkForm: Content {
        var mark: String?
        var departmentID: String?
        var note: String?
    }

    /// `POST /kinh-te-tai-chinh/ra-soat/:reviewID/tai-san/:assetID`: records the asset's mark, assigning its managing
    /// unit at the same time when one is chosen.
    static func mark(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let review = try await reviewInScope(req)
        let asset = try await req.tenant.find(PublicAsset.self, req.parameters.get(ResourcesURL.Key.assetID, as: UUID.self))
        let communeID = review.$commune.id
        guard asset.$commune.id == communeID else { throw AppError.notFound }
        guard duties.managesAssets, duties.staff.communeID == communeID else { throw AppError.forbidden }
        guard review.closedAt == nil else { return try await render(req, review: review, errors: ["Đợt rà soát đã kết thúc."], status: .conflict) }
        let form = try req.content.decode(MarkForm.self)
        let units = try await ResourcePages.units(of: communeID, on: req.db)
        var unit: Department?
        if let text = form.departmentID, !text.isEmpty {
            guard let found = units.first(where: { $0.id?.uuidString == text }) else {
                return try await render(req, review: review, errors: [AssetTransferRule.provinceApprovalRequired], status: .unprocessableEntity)
            }
            unit = found
        }
        guard let chosen = form.mark.flatMap(AssetReviewMark.init(rawValue:)) else {
            return try await render(req, review: review, errors: ["Hãy chọn kết luận rà soát."], status: .unprocessableEntity)
        }
        let hasUnit = unit != nil || asset.$managingUnit.id != nil
        let mark: AssetReviewMark
        switch AssetReviewRule.mark(chosen, hasManagingUnit: hasUnit) {
        case .success(let value): mark = value
        case .failure(let problem): return try await render(req, review: review, errors: ["\(asset.code): " + problem.message], status: .unprocessableEntity)
        }
        let note = String(form.note.trimmedOrEmpty.prefix(1000))
        let actor = duties.staff.username
        let now = req.now
        let assetID = try asset.requireID()
        let reviewID = try review.requireID()
        let chosenUnit = unit
        try await req.writeTransaction { db in
            guard let locked = try await PublicAsset.lockedRow(assetID, on: db) else { throw AppError.notFound }
            var summary = "\(locked.code): \(mark.vietnameseName)"
            if let unit = chosenUnit, unit.id != locked.$managingUnit.id {
                let from = units.first { $0.id == locked.$managingUnit.id }?.name
                locked.$managingUnit.id = unit.id
                try await locked.save(on: db)
                try await AssetController.history(locked, from: from, to: unit.name, toCommune: communeID, reason: "Rà soát: \(review.title)", by: actor, at: now, on: db)
                summary += ", đơn vị quản lý: \(from ?? "chưa có") → \(unit.name)"
            }
            let entry = try await AssetReviewEntry.query(on: db).filter(\.$commune.$id == communeID).filter(\.$review.$id == reviewID).filter(\.$asset.$id == assetID).first() ?? AssetReviewEntry()
            entry.$commune.id = communeID
            entry.$review.id = reviewID
            entry.$asset.id = assetID
            entry.mark = mark
            entry.note = note
            entry.reviewedBy = actor
            entry.reviewedAt = now
            try await entry.save(on: db)
            try await req.audit(AuditEvent(action: "asset_review.mark", objectType: "public_asset", objectID: assetID.uuidString, communeID: communeID, summary: summary), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: ResourcesURL.review(.value(reviewID)).path) + "#ts-" + assetID.uuidString.lowercased())
    }

    /// `POST /kinh-te-tai-chinh/ra-soat/:reviewID/ket-thuc`: closes the campaign once every asset is reviewed.
    static func close(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let review = try await reviewInScope(req)
        let communeID = review.$commune.id
        guard duties.managesAssets, duties.staff.communeID == communeID else { throw AppError.forbidden }
        guard review.closedAt == nil else { return try await render(req, review: review, errors: ["Đợt rà soát đã kết thúc."], status: .conflict) }
        let reviewID = try review.requireID()
        let assetCount = try await PublicAsset.query(on: req.db).filter(\.$commune.$id == communeID).count()
        let marked = try await AssetReviewEntry.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$review.$id == reviewID).count()
        if marked < assetCount {
            return try await render(req, review: review, errors: ["Còn \(assetCount - marked) tài sản chưa rà soát; hãy kết luận từng tài sản trước khi kết thúc đợt."], status: .unprocessableEntity)
        }
        let now = req.now
        try await req.writeTransaction { db in
            guard let locked = try await AssetReview.lockedRow(reviewID, on: db) else { throw AppError.notFound }
            locked.closedAt = now
            try await locked.save(on: db)
            try await req.audit(AuditEvent(action: "asset_review.close", objectType: "asset_review", objectID: reviewID.uuidString, communeID: communeID, summary: "Kết thúc: \(review.title)"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: ResourcesURL.review(.value(reviewID)).path))
    }
}

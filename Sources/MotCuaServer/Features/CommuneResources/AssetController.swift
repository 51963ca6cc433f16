import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The public assets register: list, new asset, CSV import, an asset's page with its history, and transfers.
enum AssetController {
    struct AssetRow: Encodable {
        let code: String
        let name: String
        let kind: String
        let location: String
        let value: String
        let year: Int
        let condition: String
        let unit: String
        let hasUnit: Bool
        let responsible: String
        let commune: String
        let href: String
    }

    struct AssetForm: Content {
        var code: String?
        var name: String?
        var kind: String?
        var location: String?
        var originalValue: String?
        var yearInUse: String?
        var condition: String?
        var departmentID: String?
        var responsiblePerson: String?
        var documents: String?
    }

    struct ImportForm: Content {
        var csvText: String?
        var file: File?
    }

    struct ListPage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let rows: [AssetRow]
        let hasRows: Bool
        let onlyUnassigned: Bool
        let totalValue: String
        let unassignedCount: Int
        let showCommune: Bool
        let canManage: Bool
        let kinds: [OrganisationController.Option]
        let conditions: [OrganisationController.Option]
        let units: [OrganisationController.Option]
        let form: AssetForm
        let errors: FormErrors
        let importErrors: FormErrors
        let importText: String
        let importHeader: String
        let createPath: String
        let importPath: String
        let allPath: String
        let unassignedPath: String
    }

    /// `GET /kinh-te-tai-chinh/tai-san[?loc=chua-giao]`.
    static func list(req: Request) async throws -> Response {
        _ = try req.resourceDuties()
        return try await renderList(req, form: AssetForm(), errors: [], importErrors: [], importText: "", status: .ok)
    }

    static func renderList(_ req: Request, form: AssetForm, errors: [String], importErrors: [String], importText: String, status: HTTPResponseStatus) async throws -> Response {
        let duties = try req.resourceDuties()
        let onlyUnassigned = req.query[String.self, at: "loc"] == "chua-giao"
        var query = try req.tenant.query(PublicAsset.self).sort(\.$code)
        if onlyUnassigned { query = query.filter(\.$managingUnit.$id == nil) }
        let assets = try await query.all()
        let unitNames = try await unitNameMap(req)
        let communes = try await ResourcePages.communeNames(req)
        let units = try await duties.staff.communeID.asyncMap { try await ResourcePages.units(of: $0, on: req.db) } ?? []
        let all = try await req.tenant.query(PublicAsset.self).all()
        return try await ResourcePages.render(req, "resources/assets", ListPage(
            page: try await PageContext.make(for: req, title: "Sổ tài sản công"), tabs: ResourcePages.tabs(req),
            rows: try assets.map { try row($0, unitNames: unitNames, communes: communes) }, hasRows: !assets.isEmpty, onlyUnassigned: onlyUnassigned,
            totalValue: VND.format(Money.clampedSum(all.map(\.originalValue))), unassignedCount: all.filter { $0.$managingUnit.id == nil }.count,
            showCommune: duties.isProvince, canManage: duties.managesAssets,
            kinds: PublicAssetKind.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0.rawValue == form.kind) },
            conditions: PublicAssetCondition.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0.rawValue == form.condition) },
            units: units.compactMap { unit in unit.id.map { .init(value: $0.uuidString, label: unit.name, isSelected: $0.uuidString == form.departmentID) } },
            form: form, errors: FormErrors(errors), importErrors: FormErrors(importErrors), importText: importText,
            importHeader: PublicAssetCSV.header.joined(separator: ","),
            createPath: ResourcesURL.assets.path, importPath: ResourcesURL.assetImport.path,
            allPath: ResourcesURL.assets.path, unassignedPath: ResourcesURL.assets.path + "?loc=chua-giao"
        ), status: status)
    }

    static func row(_ asset: PublicAsset, unitNames: [UUID: String], communes: [UUID: String]) throws -> AssetRow {
        let unit = asset.$managingUnit.id.flatMap { unitNames[$0] }
        return AssetRow(code: asset.code, name: asset.name, kind: asset.kind.vietnameseName, location: asset.location, value: VND.format(asset.originalValue),
                        year: asset.yearInUse, condition: asset.condition.vietnameseName, unit: unit ?? "Chưa có đơn vị quản lý", hasUnit: unit != nil,
                        responsible: asset.responsiblePerson, commune: communes[asset.$commune.id] ?? "",
                        href: ResourcesURL.asset(.value(try asset.requireID())).path)
    }

    /// The names of the units the officer may see, by id.
    static func unitNameMap(_ req: Request) async throws -> [UUID: String] {
        let units = try await req.tenant.query(Department.self).all()
        return Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit.name) } })
    }

    /// `POST /kinh-te-tai-chinh/tai-san`: a new asset in the register.
    static func create(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        guard duties.managesAssets, let communeID = duties.staff.communeID else { throw AppError.forbidden }
        let form = try req.content.decode(AssetForm.self)
        let units = try await ResourcePages.units(of: communeID, on: req.db)
        var problems: [String] = []
        var unitID: UUID?
        if let text = form.departmentID, !text.isEmpty {
            if let id = UUID(uuidString: text), units.contains(where: { $0.id == id }) { unitID = id } else {
                problems.append(AssetTransferRule.provinceApprovalRequired)
            }
        }
        let result = PublicAssetDraft.validate(
            code: form.code.trimmedOrEmpty, name: form.name.trimmedOrEmpty, kind: form.kind.trimmedOrEmpty, location: form.location.trimmedOrEmpty,
            originalValue: form.originalValue, yearInUse: form.yearInUse.trimmedOrEmpty, condition: form.condition.trimmedOrEmpty, managingUnit: nil,
            responsiblePerson: form.responsiblePerson.trimmedOrEmpty, documents: form.documents.trimmedOrEmpty, unitNames: [], currentYear: ResourcePages.today(req).year)
        var draft: PublicAssetDraft?
        switch result {
        case .success(let value): draft = value
        case .failure(let failure): problems += failure.messages
        }
        if let draft, try await PublicAsset.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$code == draft.code).first() != nil {
            problems.append("Mã tài sản \(draft.code) đã có trong sổ tài sản của xã.")
        }
        guard problems.isEmpty, let draft else {
            return try await renderList(req, form: form, errors: problems, importErrors: [], importText: "", status: .unprocessableEntity)
        }
        let asset = make(draft, communeID: communeID, unitID: unitID)
        let actor = duties.staff.username
        let unitName = units.first { $0.id == unitID }?.name
        let now = req.now
        try await req.writeTransaction { db in
            try await asset.create(on: db)
            if let unitName { try await history(asset, from: nil, to: unitName, toCommune: communeID, reason: "Ghi sổ tài sản", by: actor, at: now, on: db) }
            try await req.audit(AuditEvent(action: "asset.create", objectType: "public_asset", objectID: try asset.requireID().uuidString, communeID: communeID,
                                           summary: "\(asset.code) \(asset.name), nguyên giá \(VND.format(asset.originalValue)), đơn vị quản lý: \(unitName ?? "chưa có")"), on: db)
        }
        return req.redirect(to: Notice.created.appended(to: ResourcesURL.asset(.value(try asset.requireID())).path))
    }

    static func make(_ draft: PublicAssetDraft, communeID: UUID, unitID: UUID?) -> PublicAsset {
        let asset = PublicAsset()
        asset.$commune.id = communeID
        asset.$managingUnit.id = unitID
        asset.code = draft.code
        asset.name = draft.name
        asset.kind = draft.kind
        asset.location = draft.location
        asset.originalValue = draft.originalValue
        asset.yearInUse = draft.yearInUse
        asset.condition = draft.condition
        asset.responsiblePerson = draft.responsiblePerson
        asset.documents = draft.documents
        return asset
    }

    /// Writes one done entry of an asset's history.
    static func history(_ asset: PublicAsset, from: String?, to: String?, toCommune: UUID, reason: String, by username: String, at now: Date, on db: any Database) async throws {
        let entry = AssetTransfer()
        entry.$commune.id = asset.$commune.id
        entry.$asset.id = try asset.requireID()
        entry.assetCode = asset.code
        entry.assetName = asset.name
        entry.fromUnit = from
        entry.toUnit = to
        entry.toCommuneID = toCommune
        entry.status = .done
        entry.reason = reason
        entry.requestedBy = username
        entry.requestedAt = now
        entry.decidedBy = username
        entry.decidedAt = now
        try await entry.create(on: db)
    }

    /// `POST /kinh-te-tai-chinh/tai-san/nhap-csv`: imports every row of the file, or none and lists each bad row.
    static func importCSV(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        guard duties.managesAssets, let communeID = duties.staff.communeID else { throw AppError.forbidden }
        let form = try req.content.decode(ImportForm.self)
        var text = form.csvText ?? ""
        if let file = form.file, file.data.readableBytes > 0 {
            guard let decoded = file.data.getString(at: file.data.readerIndex, length: file.data.readableBytes, encoding: .utf8) else {
                return try await renderList(req, form: AssetForm(), errors: [], importErrors: ["Tệp không phải văn bản UTF-8; hãy lưu tệp CSV với mã UTF-8."], importText: "", status: .unprocessableEntity)
            }
            text = decoded
        }
        let units = try await ResourcePages.units(of: communeID, on: req.db)
        let existing = try await PublicAsset.query(on: req.db).filter(\.$commune.$id == communeID).all(\.$code)
        switch PublicAssetCSV.read(text, existingCodes: Set(existing), unitNames: units.map(\.name), currentYear: ResourcePages.today(req).year) {
        case .failure(let problems):
            return try await renderList(req, form: AssetForm(), errors: [], importErrors: ["Không nhập tài sản nào vì tệp có lỗi:"] + problems.problems.map(\.text),
                                        importText: String(text.prefix(100_000)), status: .unprocessableEntity)
        case .success(let drafts):
            let actor = duties.staff.username
            let now = req.now
            try await req.writeTransaction { db in
                for draft in drafts {
                    let unit = units.first { $0.name == draft.managingUnit }
                    let asset = make(draft, communeID: communeID, unitID: unit?.id)
                    try await asset.create(on: db)
                    if let unit { try await history(asset, from: nil, to: unit.name, toCommune: communeID, reason: "Nhập từ tệp CSV", by: actor, at: now, on: db) }
                }
                try await req.audit(AuditEvent(action: "asset.import", objectType: "public_asset", objectID: "csv", communeID: communeID,
                                               summary: "Nhập \(drafts.count) tài sản từ tệp CSV"), on: db)
            }
            return req.redirect(to: Notice.saved.appended(to: ResourcesURL.assets.path))
        }
    }

    // MARK: one asset

    struct HistoryRow: Encodable {
        let when: String
        let from: String
        let to: String
        let status: String
        let reason: String
        let by: String
    }

    struct TransferForm: Content {
        var departmentID: String?
        var toCommuneID: String?
        var reason: String?
    }

    struct AssetPage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let asset: AssetRow
        let documents: String
        let history: [HistoryRow]
        let hasHistory: Bool
        let hasPending: Bool
        let canManage: Bool
        let units: [OrganisationController.Option]
        let communes: [OrganisationController.Option]
        let errors: FormErrors
        let transferPath: String
        let updatePath: String
        let form: AssetForm
        let conditions: [OrganisationController.Option]
    }

    static func assetInScope(_ req: Request) async throws -> PublicAsset {
        try await req.tenant.find(PublicAsset.self, req.parameters.get(ResourcesURL.Key.assetID, as: UUID.self))
    }

    /// `GET /kinh-te-tai-chinh/tai-san/:assetID`.
    static func show(req: Request) async throws -> Response {
        _ = try req.resourceDuties()
        return try await renderAsset(req, asset: try await assetInScope(req), errors: [], status: .ok)
    }

    static func renderAsset(_ req: Request, asset: PublicAsset, errors: [String], status: HTTPResponseStatus) async throws -> Response {
        let duties = try req.resourceDuties()
        let assetID = try asset.requireID()
        let entries = try await AssetTransfer.query(on: req.db).filter(\.$asset.$id == assetID).sort(\.$requestedAt, .descending).all()
            .filter { duties.staff.scope.contains(communeID: $0.$commune.id) || duties.staff.scope.contains(communeID: $0.toCommuneID) }
        let communes = try await Commune.query(on: req.db).filter(\.$province.$id == duties.staff.provinceID).sort(\.$name).all()
        let communeNames = Dictionary(uniqueKeysWithValues: communes.compactMap { commune in commune.id.map { ($0, commune.fullName) } })
        let units = try await ResourcePages.units(of: asset.$commune.id, on: req.db)
        let canManage = duties.managesAssets && duties.staff.communeID == asset.$commune.id
        return try await ResourcePages.render(req, "resources/asset", AssetPage(
            page: try await PageContext.make(for: req, title: "\(asset.code) — \(asset.name)"), tabs: ResourcePages.tabs(req),
            asset: try row(asset, unitNames: Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit.name) } }), communes: communeNames),
            documents: asset.documents,
            history: entries.map { entry in
                let crossing = entry.toCommuneID != entry.$commune.id
                return HistoryRow(when: VietnameseFormat.dateTime(entry.requestedAt),
                                  from: (entry.fromUnit ?? "Chưa có đơn vị") + (crossing ? " (\(communeNames[entry.$commune.id] ?? ""))" : ""),
                                  to: (entry.toUnit ?? (crossing ? "Đơn vị do tỉnh chỉ định" : "Chưa có đơn vị")) + (crossing ? " (\(communeNames[entry.toCommuneID] ?? ""))" : ""),
                                  status: entry.status == .done ? "Đã thực hiện" : (entry.status == .pending ? "Chờ tỉnh phê duyệt" : "Tỉnh không phê duyệt"),
                                  reason: entry.reason, by: entry.requestedBy)
            },
            hasHistory: !entries.isEmpty, hasPending: entries.contains { $0.status == .pending }, canManage: canManage,
            units: units.compactMap { unit in unit.id.map { .init(value: $0.uuidString, label: unit.name, isSelected: $0 == asset.$managingUnit.id) } },
            communes: communes.filter { $0.id != asset.$commune.id }.compactMap { commune in commune.id.map { .init(value: $0.uuidString, label: commune.fullName, isSelected: false) } },
            errors: FormErrors(errors), transferPath: ResourcesURL.assetTransfer(.value(assetID)).path,
            updatePath: ResourcesURL.asset(.value(assetID)).path,
            form: AssetForm(code: asset.code, name: asset.name, kind: asset.kind.rawValue, location: asset.location, originalValue: VND.grouped(asset.originalValue),
                            yearInUse: String(asset.yearInUse), condition: asset.condition.rawValue, departmentID: nil, responsiblePerson: asset.responsiblePerson, documents: asset.documents),
            conditions: PublicAssetCondition.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0 == asset.condition) }
        ), status: status)
    }

    /// `POST /kinh-te-tai-chinh/tai-san/:assetID`: corrects the asset's details (not its code, kind or managing unit,
    /// which change through import, review and transfer).
    static func update(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let asset = try await assetInScope(req)
        guard duties.managesAssets, duties.staff.communeID == asset.$commune.id else { throw AppError.forbidden }
        let form = try req.content.decode(AssetForm.self)
        let result = PublicAssetDraft.validate(
            code: asset.code, name: form.name.trimmedOrEmpty, kind: asset.kind.rawValue, location: form.location.trimmedOrEmpty, originalValue: form.originalValue,
            yearInUse: form.yearInUse.trimmedOrEmpty, condition: form.condition.trimmedOrEmpty, managingUnit: nil, responsiblePerson: form.responsiblePerson.trimmedOrEmpty,
            documents: form.documents.trimmedOrEmpty, unitNames: [], currentYear: ResourcePages.today(req).year)
        let draft: PublicAssetDraft
        switch result {
        case .success(let value): draft = value
        case .failure(let failure): return try await renderAsset(req, asset: asset, errors: failure.messages, status: .unprocessableEntity)
        }
        let assetID = try asset.requireID()
        try await req.writeTransaction { db in
            guard let locked = try await PublicAsset.lockedRow(assetID, on: db) else { throw AppError.notFound }
            var changes: [String] = []
            if locked.name != draft.name { changes.append("tên: \(locked.name) → \(draft.name)") }
            if locked.location != draft.location { changes.append("địa điểm: \(locked.location) → \(draft.location)") }
            if locked.originalValue != draft.originalValue { changes.append("nguyên giá: \(VND.format(locked.originalValue)) → \(VND.format(draft.originalValue))") }
            if locked.yearInUse != draft.yearInUse { changes.append("năm sử dụng: \(locked.yearInUse) → \(draft.yearInUse)") }
            if locked.condition != draft.condition { changes.append("tình trạng: \(locked.condition.vietnameseName) → \(draft.condition.vietnameseName)") }
            if locked.responsiblePerson != draft.responsiblePerson { changes.append("người chịu trách nhiệm: \(draft.responsiblePerson)") }
            if locked.documents != draft.documents { changes.append("giấy tờ: \(draft.documents)") }
            locked.name = draft.name
            locked.location = draft.location
            locked.originalValue = draft.originalValue
            locked.yearInUse = draft.yearInUse
            locked.condition = draft.condition
            locked.responsiblePerson = draft.responsiblePerson
            locked.documents = draft.documents
            try await locked.save(on: db)
            try await req.audit(AuditEvent(action: "asset.update", objectType: "public_asset", objectID: assetID.uuidString, communeID: locked.$commune.id,
                                           summary: "\(locked.code): " + (changes.isEmpty ? "không đổi" : changes.joined(separator: "; "))), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: ResourcesURL.asset(.value(assetID)).path))
    }

    /// `POST /kinh-te-tai-chinh/tai-san/:assetID/dieu-chuyen`: assigns or transfers the asset to a unit of the commune at
    /// once, or asks the province to approve a transfer to another commune.
    static func transfer(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let asset = try await assetInScope(req)
        guard duties.managesAssets, duties.staff.communeID == asset.$commune.id else { throw AppError.forbidden }
        let form = try req.content.decode(TransferForm.self)
        let communeID = asset.$commune.id
        let reason = form.reason.trimmedOrEmpty
        let units = try await ResourcePages.units(of: communeID, on: req.db)
        let actor = duties.staff.username
        let now = req.now
        let assetID = try asset.requireID()
        if let target = form.toCommuneID.flatMap({ $0.isEmpty ? nil : UUID(uuidString: $0) }) {
            // A transfer to another commune only waits for the province; it changes nothing yet.
            guard target != communeID, let other = try await Commune.find(target, on: req.db), other.$province.id == duties.staff.provinceID else {
                return try await renderAsset(req, asset: asset, errors: ["Hãy chọn một xã, phường khác của tỉnh."], status: .unprocessableEntity)
            }
            if reason.isEmpty { return try await renderAsset(req, asset: asset, errors: ["Cần ghi lý do điều chuyển."], status: .unprocessableEntity) }
            if try await AssetTransfer.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$asset.$id == assetID).filter(\.$status == .pending).first() != nil {
                return try await renderAsset(req, asset: asset, errors: ["Tài sản đã có đề nghị điều chuyển đang chờ tỉnh phê duyệt."], status: .conflict)
            }
            let fromUnit = units.first { $0.id == asset.$managingUnit.id }?.name
            try await req.writeTransaction { db in
                let request = AssetTransfer()
                request.$commune.id = communeID
                request.$asset.id = assetID
                request.assetCode = asset.code
                request.assetName = asset.name
                request.fromUnit = fromUnit
                request.toCommuneID = target
                request.status = .pending
                request.reason = reason
                request.requestedBy = actor
                request.requestedAt = now
                try await request.create(on: db)
                try await req.audit(AuditEvent(action: "asset.transfer_request", objectType: "public_asset", objectID: assetID.uuidString, communeID: communeID,
                                               summary: "\(asset.code): đề nghị điều chuyển sang \(other.fullName), chờ tỉnh phê duyệt"), on: db)
            }
            return req.redirect(to: Notice.saved.appended(to: ResourcesURL.asset(.value(assetID)).path))
        }
        guard let unitID = form.departmentID.flatMap({ UUID(uuidString: $0) }) else {
            return try await renderAsset(req, asset: asset, errors: ["Hãy chọn đơn vị quản lý mới."], status: .unprocessableEntity)
        }
        guard let unit = units.first(where: { $0.id == unitID }) else {
            // A unit of another commune (or none at all): never moved without the province's approval.
            return try await renderAsset(req, asset: asset, errors: [AssetTransferRule.provinceApprovalRequired], status: .unprocessableEntity)
        }
        if unitID == asset.$managingUnit.id {
            return try await renderAsset(req, asset: asset, errors: ["Tài sản đã do \(unit.name) quản lý."], status: .unprocessableEntity)
        }
        try await req.writeTransaction { db in
            guard let locked = try await PublicAsset.lockedRow(assetID, on: db) else { throw AppError.notFound }
            let fromUnit = units.first { $0.id == locked.$managingUnit.id }?.name
            locked.$managingUnit.id = unitID
            try await locked.save(on: db)
            try await history(locked, from: fromUnit, to: unit.name, toCommune: communeID, reason: reason.isEmpty ? (fromUnit == nil ? "Giao đơn vị quản lý" : "Điều chuyển trong xã") : reason, by: actor, at: now, on: db)
            try await req.audit(AuditEvent(action: "asset.transfer", objectType: "public_asset", objectID: assetID.uuidString, communeID: communeID,
                                           summary: "\(locked.code): \(fromUnit ?? "chưa có đơn vị") → \(unit.name)"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: ResourcesURL.asset(.value(assetID)).path))
    }

    // MARK: transfers between communes

    struct TransferRow: Encodable {
        let asset: String
        let assetHref: String?
        let fromCommune: String
        let toCommune: String
        let reason: String
        let requested: String
        let status: String
        let isPending: Bool
        let units: [OrganisationController.Option]
        let decisionPath: String
    }

    struct TransfersPage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let rows: [TransferRow]
        let hasRows: Bool
        let canDecide: Bool
        let errors: FormErrors
    }

    /// `GET /kinh-te-tai-chinh/dieu-chuyen`: transfers between communes, pending and decided.
    static func transfers(req: Request) async throws -> Response {
        try await renderTransfers(req, errors: [], status: .ok)
    }

    static func renderTransfers(_ req: Request, errors: [String], status: HTTPResponseStatus) async throws -> Response {
        let duties = try req.resourceDuties()
        let scope = Array(duties.staff.scope.communeIDs)
        let all = try await AssetTransfer.query(on: req.db).group(.or) { $0.filter(\.$commune.$id ~~ scope).filter(\.$toCommuneID ~~ scope) }
            .sort(\.$requestedAt, .descending).all()
        let crossing = all.filter { $0.toCommuneID != $0.$commune.id }
        let communeNames = try await ResourcePages.communeNames(req)
        var rows: [TransferRow] = []
        for entry in crossing {
            let isPending = entry.status == .pending
            let units = isPending && duties.approvesInterCommuneTransfers ? try await ResourcePages.units(of: entry.toCommuneID, on: req.db) : []
            rows.append(TransferRow(
                asset: "\(entry.assetCode) — \(entry.assetName)",
                // The asset lives in the receiving commune once the transfer is done, in the sending one until then.
                assetHref: duties.staff.scope.contains(communeID: entry.status == .done ? entry.toCommuneID : entry.$commune.id) ? ResourcesURL.asset(.value(entry.$asset.id)).path : nil,
                fromCommune: communeNames[entry.$commune.id] ?? "", toCommune: communeNames[entry.toCommuneID] ?? "", reason: entry.reason,
                requested: VietnameseFormat.dateTime(entry.requestedAt) + " — " + entry.requestedBy,
                status: entry.status == .done ? "Đã phê duyệt, đã điều chuyển" : (isPending ? "Chờ tỉnh phê duyệt" : "Tỉnh không phê duyệt"), isPending: isPending,
                units: units.compactMap { unit in unit.id.map { .init(value: $0.uuidString, label: unit.name, isSelected: false) } },
                decisionPath: ResourcesURL.transferDecision(.value(try entry.requireID())).path))
        }
        return try await ResourcePages.render(req, "resources/transfers", TransfersPage(
            page: try await PageContext.make(for: req, title: "Điều chuyển tài sản giữa các xã"), tabs: ResourcePages.tabs(req),
            rows: rows, hasRows: !rows.isEmpty, canDecide: duties.approvesInterCommuneTransfers, errors: FormErrors(errors)
        ), status: status)
    }

    struct DecisionForm: Content {
        var decision: String?
        var departmentID: String?
    }

    /// `POST /kinh-te-tai-chinh/dieu-chuyen/:transferID`: the province approves (the asset moves to the other commune,
    /// under the unit chosen) or refuses a transfer between communes.
    static func decideTransfer(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let request = try await req.tenant.find(AssetTransfer.self, req.parameters.get(ResourcesURL.Key.transferID, as: UUID.self))
        guard duties.approvesInterCommuneTransfers else { throw AppError.forbidden }
        let form = try req.content.decode(DecisionForm.self)
        guard request.status == .pending else { return try await renderTransfers(req, errors: ["Đề nghị này đã được quyết định."], status: .conflict) }
        let approve = form.decision == "approve"
        guard approve || form.decision == "refuse" else { return try await renderTransfers(req, errors: ["Hãy chọn phê duyệt hoặc không phê duyệt."], status: .unprocessableEntity) }
        var unit: Department?
        if approve, let id = form.departmentID.flatMap({ UUID(uuidString: $0) }) {
            unit = try await Department.query(on: req.db).filter(\.$id == id).filter(\.$commune.$id == request.toCommuneID).first()
            if unit == nil { return try await renderTransfers(req, errors: ["Đơn vị nhận không thuộc xã nhận tài sản."], status: .unprocessableEntity) }
        }
        if approve, let asset = try await PublicAsset.find(request.$asset.id, on: req.db),
           try await PublicAsset.query(on: req.db).filter(\.$commune.$id == request.toCommuneID).filter(\.$code == asset.code).first() != nil {
            return try await renderTransfers(req, errors: ["Xã nhận đã có tài sản mã \(asset.code); hai xã cần thống nhất mã trước khi điều chuyển."], status: .conflict)
        }
        let actor = duties.staff.username
        let now = req.now
        let requestID = try request.requireID()
        let receivingUnit = unit
        try await req.writeTransaction { db in
            guard let locked = try await AssetTransfer.lockedRow(requestID, on: db), locked.status == .pending else { throw AppError.conflict("Đề nghị này đã được quyết định.") }
            locked.status = approve ? .done : .refused
            locked.toUnit = receivingUnit?.name
            locked.decidedBy = actor
            locked.decidedAt = now
            try await locked.save(on: db)
            if approve, let asset = try await PublicAsset.lockedRow(locked.$asset.id, on: db) {
                asset.$commune.id = locked.toCommuneID
                asset.$managingUnit.id = receivingUnit?.id
                try await asset.save(on: db)
            }
            try await req.audit(AuditEvent(action: approve ? "asset.transfer_approve" : "asset.transfer_refuse", objectType: "public_asset", objectID: locked.$asset.id.uuidString,
                                           communeID: locked.$commune.id, summary: "\(locked.assetCode): \(approve ? "phê duyệt" : "không phê duyệt") điều chuyển sang xã khác\(receivingUnit.map { ", đơn vị nhận: \($0.name)" } ?? "")"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: ResourcesURL.transfers.path))
    }
}

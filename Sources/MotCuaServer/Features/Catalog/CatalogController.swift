import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The procedure catalog for staff: search, the commune's choices, and the province's import and export.
enum CatalogController {
    struct ProcedureRow: Encodable {
        let code: String
        let name: String
        let field: String
        let time: String
        let fee: String
        let department: String
        let onlineLevel: String
        let isOffered: Bool
        let isShortened: Bool
        let editPath: String?
    }

    struct ListPage: Encodable {
        let page: PageContext
        let query: String
        let rows: [ProcedureRow]
        let count: Int
        let communeName: String?
        let exportPath: String
        let adminPath: String?
        let actionPath: String
    }

    /// `GET /mot-cua/thu-tuc?q=`: the procedures of the officer's commune (the whole catalog for province staff).
    static func list(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let query = req.query[String.self, at: "q"] ?? ""
        let store = req.application.catalogStore
        let fees = try await store.provinceFees(on: req.db)
        let canEdit = staff.hasAny([.communeLeader, .systemAdministrator]) && staff.communeID != nil
        var rows: [ProcedureRow] = []
        var communeName: String?
        if let communeID = staff.communeID {
            communeName = try await Commune.find(communeID, on: req.db)?.fullName
            let views = try await store.procedures(forCommune: communeID, includingOthers: true, on: req.db)
            let matching = Set(ProcedureCatalog(views.map(\.definition)).search(query).map(\.code))
            rows = views.filter { matching.contains($0.definition.code) }.map { view in
                row(view.definition, fees: fees, isOffered: view.isOffered, isShortened: view.isShortened, editPath: canEdit ? SiteURL.procedure(.value(view.definition.code)).path : nil)
            }
        } else {
            rows = try await store.catalog(on: req.db).search(query).map { row($0, fees: fees, isOffered: true, isShortened: false, editPath: nil) }
        }
        return try await req.view.render("catalog/list", ListPage(
            page: try await PageContext.make(for: req, title: "Thủ tục hành chính"), query: query, rows: rows, count: rows.count,
            communeName: communeName, exportPath: SiteURL.catalogExport.path,
            adminPath: staff.isProvinceAdministrator ? SiteURL.catalogAdmin.path : nil, actionPath: SiteURL.procedures.path
        ))
    }

    static func row(_ definition: ProcedureDefinition, fees: ProvinceFeeTable?, isOffered: Bool, isShortened: Bool, editPath: String?) -> ProcedureRow {
        ProcedureRow(
            code: definition.code, name: definition.name, field: definition.field.vietnameseName,
            time: definition.processingTime.vietnameseDescription,
            fee: definition.fee.vietnameseDescription(provinceFee: fees?.fee(for: definition.code)),
            department: definition.department.vietnameseName, onlineLevel: definition.onlineServiceLevel.vietnameseName,
            isOffered: isOffered, isShortened: isShortened, editPath: editPath
        )
    }

    // MARK: the commune's choice for one procedure

    struct ChoiceForm: Content {
        var isOffered: String?
        var processingTime: String?
    }

    struct ChoicePage: Encodable {
        let page: PageContext
        let code: String
        let name: String
        let catalogTime: String
        let form: ChoiceForm
        let errors: FormErrors
        let actionPath: String
    }

    static func showChoice(req: Request) async throws -> View {
        let (_, communeID, definition) = try await choiceContext(req)
        let choice = try await req.tenant.query(CommuneProcedure.self).filter(\.$commune.$id == communeID).filter(\.$procedureCode == definition.code).first()
        let form = ChoiceForm(isOffered: (choice?.isOffered ?? true) ? "on" : nil, processingTime: choice?.processingDays.map(String.init) ?? "")
        return try await renderChoice(req, definition: definition, form: form, errors: [])
    }

    static func saveChoice(req: Request) async throws -> Response {
        let (_, communeID, definition) = try await choiceContext(req)
        let form = try req.content.decode(ChoiceForm.self)
        var problems: [String] = []
        var days: Int?
        let raw = form.processingTime.trimmedOrEmpty
        if !raw.isEmpty {
            if let value = Int(raw), value >= 0 {
                if let problem = definition.validateCommuneProcessingTime(ProcessingTime(workingDayCount: value)) {
                    problems.append(problem)
                } else {
                    days = value
                }
            } else {
                problems.append("Thời hạn phải là số ngày làm việc (0 là giải quyết trong ngày).")
            }
        }
        guard problems.isEmpty else {
            let view = try await renderChoice(req, definition: definition, form: form, errors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let isOffered = form.isOffered != nil
        let chosenDays = days
        let existing = try await req.tenant.query(CommuneProcedure.self).filter(\.$commune.$id == communeID).filter(\.$procedureCode == definition.code).first()
        let choice = existing ?? CommuneProcedure()
        choice.$commune.id = communeID
        choice.procedureCode = definition.code
        choice.isOffered = isOffered
        choice.processingDays = chosenDays
        try await req.writeTransaction { db in
            try await choice.save(on: db)
            let time = chosenDays.map { $0 == 0 ? "trong ngày" : "\($0) ngày làm việc" } ?? "theo danh mục"
            try await req.audit(AuditEvent(
                action: "commune_procedure.update", objectType: "procedure", objectID: definition.code, communeID: communeID,
                summary: "\(definition.code) \(definition.name): \(isOffered ? "tiếp nhận" : "không tiếp nhận"), thời hạn \(time)"
            ), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: SiteURL.procedures.path))
    }

    private static func choiceContext(_ req: Request) async throws -> (StaffIdentity, UUID, ProcedureDefinition) {
        let staff = try req.requireRole(.communeLeader, .systemAdministrator)
        guard let communeID = staff.communeID else { throw AppError.forbidden }
        guard let code = req.parameters.get(SiteURL.Key.procedureCode),
              let definition = try await req.application.catalogStore.catalog(on: req.db).procedure(code: code)
        else { throw AppError.notFound }
        return (staff, communeID, definition)
    }

    private static func renderChoice(_ req: Request, definition: ProcedureDefinition, form: ChoiceForm, errors: [String]) async throws -> View {
        try await req.view.render("catalog/choice", ChoicePage(
            page: try await PageContext.make(for: req, title: definition.name), code: definition.code, name: definition.name,
            catalogTime: definition.processingTime.vietnameseDescription, form: form, errors: FormErrors(errors),
            actionPath: SiteURL.procedure(.value(definition.code)).path
        ))
    }

    // MARK: import and export

    struct AdminPage: Encodable {
        let page: PageContext
        let count: Int
        let exportPath: String
        let importPath: String
        let errors: FormErrors
        let csvText: String
    }

    static func admin(req: Request) async throws -> View {
        try req.requireProvinceAdministrator()
        return try await renderAdmin(req, errors: [], csvText: "")
    }

    static func export(req: Request) async throws -> Response {
        _ = try req.requireStaff()
        let catalog = try await req.application.catalogStore.catalog(on: req.db)
        let response = Response(status: .ok, body: .init(string: ProcedureCatalogCSV.serialize(catalog.procedures, byteOrderMark: true)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.setContentDisposition(.attachment, fileName: "danh-muc-thu-tuc.csv")
        return response
    }

    struct ImportForm: Content {
        var file: File?
        var csvText: String?
    }

    static func importCatalog(req: Request) async throws -> Response {
        try req.requireProvinceAdministrator()
        let form = try req.content.decode(ImportForm.self)
        var text = form.csvText.trimmedOrEmpty
        if let file = form.file, file.data.readableBytes > 0 {
            guard let decoded = file.data.getString(at: file.data.readerIndex, length: file.data.readableBytes, encoding: .utf8) else {
                let view = try await renderAdmin(req, errors: ["Tệp không phải văn bản UTF-8."], csvText: "")
                return try await view.encodeResponse(status: .unprocessableEntity, for: req)
            }
            text = decoded
        }
        switch ProcedureCatalogCSV.parse(text) {
        case .failure(let error):
            let view = try await renderAdmin(req, errors: error.problems.map(\.description), csvText: String(text.prefix(200_000)))
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let procedures):
            guard !procedures.isEmpty else {
                let view = try await renderAdmin(req, errors: ["Tệp không có dòng thủ tục nào."], csvText: text)
                return try await view.encodeResponse(status: .unprocessableEntity, for: req)
            }
            let actor = req.auditActor
            let now = req.now
            _ = try await req.writeTransaction { db in
                try await CatalogStore.importProcedures(procedures, by: actor, at: now, on: db)
            }
            req.application.catalogStore.invalidate()
            return req.redirect(to: Notice.saved.appended(to: SiteURL.procedures.path))
        }
    }

    private static func renderAdmin(_ req: Request, errors: [String], csvText: String) async throws -> View {
        let count = try await req.application.catalogStore.catalog(on: req.db).procedures.count
        return try await req.view.render("catalog/admin", AdminPage(
            page: try await PageContext.make(for: req, title: "Danh mục thủ tục của tỉnh"), count: count,
            exportPath: SiteURL.catalogExport.path, importPath: SiteURL.catalogImport.path, errors: FormErrors(errors), csvText: csvText
        ))
    }


    // MARK: API

    struct ProcedureItem: Content {
        let code: String
        let name: String
        let field: String
        let processingTime: String
        let workingDays: Int?
        let cutOffHour: Int
        let fee: String
        let department: String
        let onlineServiceLevel: String
        let requiredDocuments: [String]
    }

    /// `GET /api/v1/procedures?q=`: the procedures the signed-in officer's commune handles.
    static func apiList(req: Request) async throws -> [ProcedureItem] {
        let staff = try req.requireStaff()
        let store = req.application.catalogStore
        let fees = try await store.provinceFees(on: req.db)
        let definitions: [ProcedureDefinition]
        if let communeID = staff.communeID {
            definitions = try await store.procedures(forCommune: communeID, on: req.db).map(\.definition)
        } else {
            definitions = try await store.catalog(on: req.db).procedures
        }
        let matching = ProcedureCatalog(definitions).search(req.query[String.self, at: "q"] ?? "")
        return matching.map { definition in
            let days = definition.processingTime.workingDayCount
            return ProcedureItem(
                code: definition.code, name: definition.name, field: definition.field.rawValue,
                processingTime: definition.processingTime.vietnameseDescription, workingDays: days == 0 ? nil : days, cutOffHour: definition.cutOffHour,
                fee: definition.fee.vietnameseDescription(provinceFee: fees?.fee(for: definition.code)),
                department: definition.department.rawValue, onlineServiceLevel: definition.onlineServiceLevel.rawValue,
                requiredDocuments: definition.requiredDocuments.map(\.name)
            )
        }
    }
}

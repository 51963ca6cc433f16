import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Blank, printable forms for the documents of a procedure that the catalog names a form template for, so that an
/// applicant can print one at home, fill it in by hand and bring it (or scan it for online submission).
enum FormTemplateController {
    struct Field: Encodable {
        let label: String
        let lines: Int
    }

    struct TemplatePage: Encodable {
        let form: LegalFormsController.Header
        let addressee: String
        let procedureName: String
        let procedureCode: String
        let applicantFields: [Field]
        let requestFields: [Field]
        let attachments: [String]
        let legalBasis: String
        let isDownload: Bool
    }

    /// `GET /xa/:communeSlug/thu-tuc/:procedureCode/mau/:templateName[?tai-ve=1]`: the n-th document's form template.
    static func show(req: Request) async throws -> Response {
        let commune = try await PublicSiteController.publicCommune(req)
        guard let code = req.parameters.get(SiteURL.Key.procedureCode),
              let view = try await req.application.catalogStore.procedure(code: code, forCommune: commune.requireID(), on: req.db),
              let number = req.parameters.get(SiteURL.Key.templateName).flatMap(Int.init),
              view.definition.requiredDocuments.indices.contains(number - 1),
              let templateName = view.definition.requiredDocuments[number - 1].formTemplate
        else { throw AppError.notFound }
        let procedure = view.definition
        let isDownload = req.query[String.self, at: "tai-ve"] == "1"
        let page = TemplatePage(
            form: .init(
                title: templateName.uppercased(), formNumber: "Mẫu dùng cho thủ tục \(procedure.code)", dossierCode: procedure.code,
                agencyLine1: "", agencyLine2: "", placeAndDate: "……………, ngày …… tháng …… năm ……",
                backPath: SiteURL.publicProcedure(.value(commune.slug), .value(procedure.code)).path
            ),
            addressee: "Ủy ban nhân dân \(commune.fullName.lowercasedFirstWord)", procedureName: procedure.name, procedureCode: procedure.code,
            applicantFields: applicantFields(for: procedure), requestFields: requestFields(for: procedure),
            attachments: procedure.requiredDocuments.enumerated().filter { $0.offset != number - 1 }.map { "\($0.element.name) (\($0.element.form.vietnameseName.lowercased()))" },
            legalBasis: procedure.legalBasis, isDownload: isDownload
        )
        let response = try await req.view.render("public/form-template", page).encodeResponse(for: req)
        if isDownload {
            let slug = VietnameseText.folded(templateName).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "-")
            response.headers.setContentDisposition(.attachment, fileName: "\(slug)-\(procedure.code).html")
        }
        return response
    }

    /// Who asks: a person, or the representative of an organisation for business procedures.
    static func applicantFields(for procedure: ProcedureDefinition) -> [Field] {
        var fields = [
            Field(label: "Họ, chữ đệm, tên người yêu cầu", lines: 1),
            Field(label: "Ngày, tháng, năm sinh", lines: 1),
            Field(label: "Số định danh cá nhân (12 chữ số)", lines: 1),
            Field(label: "Nơi cư trú", lines: 2),
            Field(label: "Số điện thoại / email nhận thông báo", lines: 1),
        ]
        if procedure.field == .householdBusiness {
            fields.insert(Field(label: "Tên tổ chức, hộ kinh doanh; mã số thuế (nếu có)", lines: 1), at: 0)
        }
        return fields
    }

    /// What is asked, with room to write: the civil status forms ask about the person concerned.
    static func requestFields(for procedure: ProcedureDefinition) -> [Field] {
        switch procedure.field {
        case .civilStatus:
            return [
                Field(label: "Quan hệ với người được đăng ký", lines: 1),
                Field(label: "Họ, chữ đệm, tên người được đăng ký", lines: 1),
                Field(label: "Ngày, tháng, năm sinh; giới tính; dân tộc; quốc tịch", lines: 1),
                Field(label: "Nơi sinh / nơi cư trú", lines: 2),
                Field(label: "Nội dung đề nghị đăng ký và các thông tin khác", lines: 4),
            ]
        default:
            return [Field(label: "Nội dung đề nghị", lines: 5), Field(label: "Lý do, căn cứ đề nghị", lines: 3)]
        }
    }
}

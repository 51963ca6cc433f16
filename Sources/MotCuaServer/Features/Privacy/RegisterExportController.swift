import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The dossier register as a CSV file with the applicants' personal data, for a reason the officer must give:
/// every dossier in the file is logged as seen (with the reason, so the citizen sees it), and the export is journalled.
enum RegisterExportController {
    /// The roles that keep the register: the desk, the commune's leaders and its administrator.
    static let exportingRoles: Set<Role> = [.counterOfficer, .communeLeader, .systemAdministrator]
    /// The shortest reason accepted, so that "x" does not pass for one.
    static let shortestReason = 10
    /// The most dossiers one file holds.
    static let largestExport = 5000

    struct Form: Content {
        var from: String?
        var to: String?
        var reason: String?
    }

    struct Page: Encodable {
        let page: PageContext
        let communeName: String
        let from: String
        let to: String
        let reason: String
        let errors: FormErrors
        let actionPath: String
        let backPath: String
    }

    /// The officer of a commune allowed to export its register, with the commune; a 403 otherwise.
    private static func exporter(_ req: Request) async throws -> (StaffIdentity, Commune) {
        let staff = try req.requireStaff()
        guard staff.hasAny(exportingRoles), let communeID = staff.communeID, let commune = try await Commune.find(communeID, on: req.db) else {
            throw AppError.forbidden
        }
        return (staff, commune)
    }

    /// `GET /mot-cua/so-theo-doi/xuat-du-lieu`: the period and the reason.
    static func showForm(req: Request) async throws -> View {
        let (_, commune) = try await exporter(req)
        let today = LocalDateTime(req.now)?.date ?? CivilDate(year: 2026, month: 1, day: 1)!
        let first = CivilDate(year: today.year, month: today.month, day: 1) ?? today
        return try await render(req, commune: commune, form: Form(from: first.isoString, to: today.isoString, reason: ""), errors: [])
    }

    private static func render(_ req: Request, commune: Commune, form: Form, errors: [String]) async throws -> View {
        try await req.view.render("privacy/register-export", Page(
            page: try await PageContext.make(for: req, title: "Xuất sổ theo dõi hồ sơ"), communeName: commune.fullName,
            from: form.from ?? "", to: form.to ?? "", reason: form.reason ?? "", errors: FormErrors(errors),
            actionPath: PrivacyURL.registerExport.path, backPath: SiteURL.workQueue.path
        ))
    }

    /// Reads a day typed as YYYY-MM-DD or D/M/YYYY.
    private static func day(_ text: String?) -> CivilDate? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        return CivilDate(isoString: trimmed) ?? CivilDate(dayMonthYear: trimmed)
    }

    /// `POST /mot-cua/so-theo-doi/xuat-du-lieu`: the CSV, or the form again with what to fix.
    static func export(req: Request) async throws -> Response {
        let (_, commune) = try await exporter(req)
        let form = try req.content.decode(Form.self)
        var errors: [String] = []
        let from = day(form.from), to = day(form.to)
        if from == nil { errors.append("\"Từ ngày\" không phải ngày hợp lệ.") }
        if to == nil { errors.append("\"Đến ngày\" không phải ngày hợp lệ.") }
        if let from, let to, from > to { errors.append("\"Từ ngày\" phải trước \"Đến ngày\".") }
        if let from, let to, from.days(to: to) > DossierRegister.longestPeriodDays { errors.append("Mỗi lần xuất tối đa một năm.") }
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count < shortestReason {
            errors.append("Cần ghi rõ lý do xuất dữ liệu cá nhân (ít nhất \(shortestReason) ký tự): việc xuất được ghi lại và người dân xem được.")
        }
        if reason.count > 500 { errors.append("Lý do tối đa 500 ký tự.") }
        guard errors.isEmpty, let from, let to,
              let start = LocalDateTime(date: from, hour: 0)?.instant,
              let end = to.adding(days: 1).flatMap({ LocalDateTime(date: $0, hour: 0)?.instant })
        else {
            return try await render(req, commune: commune, form: form, errors: errors.isEmpty ? ["Khoảng thời gian không hợp lệ."] : errors)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let communeID = try commune.requireID()
        let dossiers = try await req.tenant.query(Dossier.self).filter(\.$commune.$id == communeID)
            .filter(\.$receivedAt >= start).filter(\.$receivedAt < end).sort(\.$receivedAt).limit(largestExport).all()

        try await PersonalDataLog.record(dossiers, purpose: "Xuất sổ theo dõi hồ sơ (tệp CSV)", reason: reason, on: req)
        let summary = "Xuất \(dossiers.count) hồ sơ có dữ liệu cá nhân, \(from.vietnameseString)–\(to.vietnameseString). Lý do: \(reason)"
        try await req.writeTransaction { db in
            try await req.audit(AuditEvent(action: "personal_data.export", objectType: "dossier_register", objectID: communeID.uuidString, communeID: communeID, summary: summary), on: db)
        }

        var lines = [CSVText.line(["STT", "Mã hồ sơ", "Thủ tục", "Người nộp", "Số định danh", "Điện thoại", "Thư điện tử", "Địa chỉ", "Tiếp nhận", "Hẹn trả", "Trả kết quả", "Trạng thái"])]
        for (index, dossier) in dossiers.enumerated() {
            lines.append(CSVText.safeLine([
                String(index + 1), dossier.code, dossier.procedureName, dossier.applicantName, dossier.applicantIDNumber ?? "",
                dossier.applicantPhone ?? "", dossier.applicantEmail ?? "", dossier.applicantAddress ?? "",
                dossier.receivedAt.map(VietnameseFormat.dateTime) ?? "", dossier.dueAt.map(VietnameseFormat.dateTime) ?? "",
                dossier.returnedAt.map(VietnameseFormat.dateTime) ?? "", DossierStatus(rawValue: dossier.status)?.vietnameseName ?? dossier.status,
            ]))
        }
        let response = Response(status: .ok, body: .init(string: "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.setContentDisposition(.attachment, fileName: "so-theo-doi-\(commune.slug)-\(from.isoString)-\(to.isoString).csv")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

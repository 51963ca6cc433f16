import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The commune police's duty hotline: the public page with the number valid now, and the roster and call log for staff.
enum PublicSafetyController {
    // MARK: public page

    struct EmergencyNumber: Encodable {
        let number: TelephoneLink
        let name: String
    }

    struct HotlinePage: Encodable {
        let page: PageContext
        let communeName: String
        let policeUnitName: String
        let dutyPhone: TelephoneLink?
        let dutyOfficer: String?
        let validUntil: String?
        let isFromRoster: Bool
        let fixedPhone: String?
        let nextShiftStarts: String?
        let nextShiftPhone: String?
        let emergencyNumbers: [EmergencyNumber]
        let checkedAt: String
        let address: String
    }

    /// `GET /xa/:slug/truc-ban`: the number to call now; printable as a notice for village boards.
    static func hotline(req: Request) async throws -> View {
        let commune = try await PublicSiteController.publicCommune(req)
        let communeID = try commune.requireID()
        let now = req.now
        let police = try await Department.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$kind == .police).filter(\.$isActive == true).first()
        let shifts = try await DutyShift.query(on: req.db)
            .filter(\.$commune.$id == communeID)
            .filter(\.$endsAt > now)
            .filter(\.$startsAt < now.addingTimeInterval(DutyRoster.longestShift * 2))
            .sort(\.$startsAt)
            .all()
            .map(\.span)
        let current = DutyRoster.shift(at: now, in: shifts)
        let next = DutyRoster.nextShift(after: now, in: shifts)
        // Outside any shift the police unit's own number still answers: the page never shows no number at all.
        let phone = current?.phone ?? police?.phone
        return try await req.view.render("public-safety/hotline", HotlinePage(
            page: try await PageContext.make(for: req, title: "Số điện thoại trực ban Công an \(commune.fullName.lowercasedFirstWord)"),
            communeName: commune.fullName, policeUnitName: police?.name ?? "Công an xã", dutyPhone: TelephoneLink.make(phone),
            dutyOfficer: current?.officerName, validUntil: current.map { VietnameseFormat.dateTime($0.end) },
            isFromRoster: current != nil, fixedPhone: police?.phone,
            nextShiftStarts: next.map { VietnameseFormat.dateTime($0.start) }, nextShiftPhone: next?.phone,
            emergencyNumbers: DutyRoster.emergencyNumbers.map { EmergencyNumber(number: TelephoneLink($0.number), name: $0.name) },
            checkedAt: VietnameseFormat.dateTime(now), address: commune.address ?? ""
        ))
    }


    // MARK: roster and call log

    struct ShiftRow: Encodable {
        let officerName: String
        let dutyPhone: String
        let starts: String
        let ends: String
        let note: String
        let isCurrent: Bool
        let canDelete: Bool
        let deletePath: String
    }

    struct CallRow: Encodable {
        let receivedAt: String
        let caller: String
        let matter: String
        let actionTaken: String
        let recordedBy: String
    }

    struct ShiftForm: Content {
        var officerName: String?
        var dutyPhone: String?
        var startsAt: String?
        var endsAt: String?
        var note: String?
    }

    struct CallForm: Content {
        var receivedAt: String?
        var callerName: String?
        var callerPhone: String?
        var matter: String?
        var actionTaken: String?
    }

    struct RosterPage: Encodable {
        let page: PageContext
        let communeName: String
        let publicPath: String
        let shifts: [ShiftRow]
        let calls: [CallRow]
        let hasShifts: Bool
        let hasCalls: Bool
        let shiftForm: ShiftForm
        let callForm: CallForm
        let shiftErrors: FormErrors
        let callErrors: FormErrors
        let shiftActionPath: String
        let callActionPath: String
    }

    /// Officers of the commune police, the commune's leaders and its administrator keep the roster.
    private static func requirePoliceOrLeader(_ req: Request) async throws -> (StaffIdentity, Commune) {
        let staff = try req.requireStaff()
        guard staff.keepsDutyRoster, let communeID = staff.communeID, let commune = try await Commune.find(communeID, on: req.db) else {
            throw AppError.forbidden
        }
        return (staff, commune)
    }

    static func roster(req: Request) async throws -> View {
        let (staff, commune) = try await requirePoliceOrLeader(req)
        return try await renderRoster(req, staff: staff, commune: commune, shiftForm: defaultShiftForm(req), callForm: defaultCallForm(req), shiftErrors: [], callErrors: [])
    }

    static func addShift(req: Request) async throws -> Response {
        let (staff, commune) = try await requirePoliceOrLeader(req)
        let communeID = try commune.requireID()
        let form = try req.content.decode(ShiftForm.self)
        var problems: [String] = []
        let start = parseLocal(form.startsAt, label: "Giờ bắt đầu", problems: &problems)
        let end = parseLocal(form.endsAt, label: "Giờ kết thúc", problems: &problems)
        let name = form.officerName.trimmedOrEmpty
        let phone = form.dutyPhone.trimmedOrEmpty
        if let start, let end {
            let existing = try await req.tenant.query(DutyShift.self).filter(\.$commune.$id == communeID)
                .filter(\.$endsAt > start.addingTimeInterval(-DutyRoster.longestShift)).all().map(\.span)
            problems += DutyRoster.problems(with: DutyShiftSpan(start: start, end: end, phone: phone, officerName: name), existing: existing)
        }
        guard problems.isEmpty, let start, let end else {
            let view = try await renderRoster(req, staff: staff, commune: commune, shiftForm: form, callForm: defaultCallForm(req), shiftErrors: problems, callErrors: [])
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let shift = DutyShift(communeID: communeID, officerName: name, dutyPhone: phone, startsAt: start, endsAt: end, note: form.note.trimmedOrNil, recordedBy: staff.username)
        try await req.writeTransaction { db in
            try await shift.create(on: db)
            try await req.audit(AuditEvent(
                action: "duty_shift.create", objectType: "duty_shift", objectID: try shift.requireID().uuidString, communeID: communeID,
                summary: "Ca trực \(name), số \(phone), \(VietnameseFormat.dateTime(start)) → \(VietnameseFormat.dateTime(end))"
            ), on: db)
        }
        return req.redirect(to: Notice.created.appended(to: SiteURL.dutyRoster.path))
    }

    static func deleteShift(req: Request) async throws -> Response {
        _ = try await requirePoliceOrLeader(req)
        let shift = try await req.tenant.find(DutyShift.self, req.uuidParameter(SiteURL.Key.shiftID))
        // A shift that has begun is part of what citizens were told; it stays on record.
        guard shift.startsAt > req.now else {
            throw AppError.conflict("Ca trực đã bắt đầu hoặc đã qua, không thể xoá.")
        }
        try await req.writeTransaction { db in
            try await shift.delete(on: db)
            try await req.audit(AuditEvent(
                action: "duty_shift.delete", objectType: "duty_shift", objectID: try shift.requireID().uuidString, communeID: shift.$commune.id,
                summary: "Xoá ca trực \(shift.officerName), \(VietnameseFormat.dateTime(shift.startsAt))"
            ), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: SiteURL.dutyRoster.path))
    }

    static func logCall(req: Request) async throws -> Response {
        let (staff, commune) = try await requirePoliceOrLeader(req)
        let communeID = try commune.requireID()
        let form = try req.content.decode(CallForm.self)
        var problems: [String] = []
        let receivedAt = parseLocal(form.receivedAt, label: "Thời điểm nhận cuộc gọi", problems: &problems)
        if let receivedAt, receivedAt > req.now.addingTimeInterval(300) { problems.append("Thời điểm nhận cuộc gọi không thể ở tương lai.") }
        if form.matter.trimmedOrEmpty.isEmpty { problems.append("Cần ghi nội dung sự việc.") }
        if form.actionTaken.trimmedOrEmpty.isEmpty { problems.append("Cần ghi biện pháp đã xử lý.") }
        if let phone = form.callerPhone.trimmedOrNil, !DutyRoster.isValidPhone(phone) { problems.append("Số điện thoại người gọi không hợp lệ.") }
        if form.matter.trimmedOrEmpty.count > 4000 || form.actionTaken.trimmedOrEmpty.count > 4000 { problems.append("Nội dung tối đa 4.000 ký tự.") }
        guard problems.isEmpty, let receivedAt else {
            let view = try await renderRoster(req, staff: staff, commune: commune, shiftForm: defaultShiftForm(req), callForm: form, shiftErrors: [], callErrors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let call = DutyCall()
        call.$commune.id = communeID
        call.receivedAt = receivedAt
        call.callerName = form.callerName.trimmedOrNil
        call.callerPhone = form.callerPhone.trimmedOrNil
        call.matter = form.matter.trimmedOrEmpty
        call.actionTaken = form.actionTaken.trimmedOrEmpty
        call.recordedBy = staff.username
        try await req.writeTransaction { db in
            try await call.create(on: db)
            // The journal names the matter, not the caller: the caller's name and phone are personal data.
            try await req.audit(AuditEvent(
                action: "duty_call.create", objectType: "duty_call", objectID: try call.requireID().uuidString, communeID: communeID,
                summary: "Ghi cuộc gọi lúc \(VietnameseFormat.dateTime(receivedAt)): \(call.matter.prefix(80))"
            ), on: db)
        }
        return req.redirect(to: Notice.created.appended(to: SiteURL.dutyRoster.path))
    }

    private static func renderRoster(_ req: Request, staff: StaffIdentity, commune: Commune, shiftForm: ShiftForm, callForm: CallForm, shiftErrors: [String], callErrors: [String]) async throws -> View {
        let communeID = try commune.requireID()
        let now = req.now
        let shifts = try await req.tenant.query(DutyShift.self).filter(\.$commune.$id == communeID)
            .filter(\.$endsAt > now.addingTimeInterval(-2 * 86_400)).sort(\.$startsAt).limit(200).all()
        let calls = try await req.tenant.query(DutyCall.self).filter(\.$commune.$id == communeID).sort(\.$receivedAt, .descending).limit(50).all()
        return try await req.view.render("public-safety/roster", RosterPage(
            page: try await PageContext.make(for: req, title: "Lịch trực ban Công an xã"),
            communeName: commune.fullName, publicPath: SiteURL.hotline(.value(commune.slug)).path,
            shifts: try shifts.map { shift in
                ShiftRow(
                    officerName: shift.officerName, dutyPhone: shift.dutyPhone, starts: VietnameseFormat.dateTime(shift.startsAt),
                    ends: VietnameseFormat.dateTime(shift.endsAt), note: shift.note ?? "", isCurrent: shift.span.covers(now),
                    canDelete: shift.startsAt > now, deletePath: SiteURL.deleteDutyShift(.value(try shift.requireID())).path
                )
            },
            calls: calls.map { call in
                CallRow(
                    receivedAt: VietnameseFormat.dateTime(call.receivedAt),
                    caller: [call.callerName, call.callerPhone].compactMap { $0 }.joined(separator: " — ").nonEmpty ?? "Không cho biết",
                    matter: call.matter, actionTaken: call.actionTaken, recordedBy: call.recordedBy
                )
            },
            hasShifts: !shifts.isEmpty, hasCalls: !calls.isEmpty, shiftForm: shiftForm, callForm: callForm,
            shiftErrors: FormErrors(shiftErrors), callErrors: FormErrors(callErrors),
            shiftActionPath: SiteURL.dutyShifts.path, callActionPath: SiteURL.dutyCalls.path
        ))
    }

    private static func defaultShiftForm(_ req: Request) -> ShiftForm {
        ShiftForm(officerName: req.staff?.fullName, dutyPhone: nil, startsAt: nil, endsAt: nil, note: nil)
    }

    private static func defaultCallForm(_ req: Request) -> CallForm {
        CallForm(receivedAt: VietnameseFormat.inputDateTime(req.now))
    }

    /// Reads a `datetime-local` field (Vietnam time) into an instant.
    private static func parseLocal(_ raw: String?, label: String, problems: inout [String]) -> Date? {
        guard let instant = VietnameseFormat.parseInputDateTime(raw.trimmedOrEmpty) else {
            problems.append("\(label) không hợp lệ (dạng ngày giờ, ví dụ 2026-11-29T07:30).")
            return nil
        }
        return instant
    }
}

extension String {
    /// The string, or `nil` when it is empty.
    var nonEmpty: String? { isEmpty ? nil : self }

    /// The name with its first word in lower case ("Xã Phụng Công" → "xã Phụng Công"), for use inside a sentence.
    var lowercasedFirstWord: String {
        guard let space = firstIndex(of: " ") else { return lowercased() }
        return self[..<space].lowercased() + self[space...]
    }
}

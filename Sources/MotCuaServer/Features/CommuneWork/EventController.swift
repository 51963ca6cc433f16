import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The commune's events calendar: solar and lunar dates, once or every year, each with a responsible unit and a
/// checklist of preparation tasks under the six clears, due a number of working days before each occurrence.
enum EventController {
    /// How far ahead the page and the iCalendar export look.
    static let horizonDays = 366

    struct ChecklistRow: Encodable {
        let title: String
        let assignee: String
        let due: String
        let deliverable: String
        let evidenceRequired: String
        let approvingAuthority: String
        let isDone: Bool
        let isLate: Bool
        let donePath: String
    }

    struct OccurrenceRow: Encodable {
        let eventTitle: String
        let date: String
        let isoDate: String
        let weekday: String
        let lunarDate: String
        let dayOff: String?
        let note: String?
        let rule: String
        let place: String?
        let unit: String
        let readiness: String
        let checklist: [ChecklistRow]
        let hasChecklist: Bool
        let checklistPath: String
        let eventID: String
        let isPublic: Bool
    }

    struct EventForm: Content {
        var title: String?
        var place: String?
        var kind: String?
        var onceOn: String?
        var month: String?
        var day: String?
        var departmentID: UUID?
        var isPublic: String?
    }

    struct EventsPage: Encodable {
        let page: PageContext
        let occurrences: [OccurrenceRow]
        let hasOccurrences: Bool
        let canEdit: Bool
        let units: [OrganisationController.Option]
        let officers: [OrganisationController.Option]
        let form: EventForm
        let errors: FormErrors
        let actionPath: String
        let icsPath: String
    }

    static let editingRoles: Set<Role> = [.communeLeader, .departmentHead]

    /// `GET /cong-viec/su-kien`: the next twelve months of events, with solar and lunar dates and days off.
    static func list(req: Request) async throws -> View {
        _ = try req.requireStaff()
        return try await render(req, form: EventForm(kind: "solar"), errors: [])
    }

    struct Occurrence {
        let event: CommuneEvent
        let occurrence: EventDateRule.Occurrence
    }

    static func occurrences(_ events: [CommuneEvent], from start: CivilDate) -> [Occurrence] {
        let end = start.adding(days: horizonDays) ?? start
        return events.flatMap { event in event.rule.occurrences(from: start, through: end).map { Occurrence(event: event, occurrence: $0) } }
            .sorted { ($0.occurrence.date, $0.event.title) < ($1.occurrence.date, $1.event.title) }
    }

    private static func render(_ req: Request, form: EventForm, errors: [String]) async throws -> View {
        let staff = try req.requireStaff()
        let today = WorkPlanController.today(req)
        let calendar = try await req.workingDayCalendar()
        let events = try await req.tenant.query(CommuneEvent.self).all()
        let items = try await req.tenant.query(EventChecklistItem.self).all()
        let done = try await req.tenant.query(EventChecklistDone.self).all()
        let doneKeys = Set(done.map { "\($0.$item.id)|\($0.occurrence)" })
        let officers = try await req.tenant.query(Officer.self).all()
        let officerNames = Dictionary(uniqueKeysWithValues: officers.compactMap { officer in officer.id.map { ($0, officer.fullName) } })
        let units = try await req.tenant.query(Department.self).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit.name) } })
        let itemsByEvent = Dictionary(grouping: items, by: { $0.$event.id })
        let rows = try occurrences(events, from: today).map { entry -> OccurrenceRow in
            let date = entry.occurrence.date
            let eventID = try entry.event.requireID()
            let checklist = try (itemsByEvent[eventID] ?? []).map { item -> ChecklistRow in
                let due = calendar.workingDay(item.workingDaysBefore, workingDaysBefore: date) ?? date
                let isDone = doneKeys.contains("\(try item.requireID())|\(date.isoString)")
                return ChecklistRow(
                    title: item.title, assignee: officerNames[item.$assignee.id] ?? "", due: due.vietnameseString, deliverable: item.deliverable,
                    evidenceRequired: item.evidenceRequired, approvingAuthority: item.approvingAuthority, isDone: isDone, isLate: !isDone && today > due,
                    donePath: CommuneWorkURL.checklistDone(.value(try item.requireID())).path + "?dip=" + date.isoString
                )
            }
            let lunar = LunarCalendar.lunarDate(for: date)
            return OccurrenceRow(
                eventTitle: entry.event.title, date: date.vietnameseString, isoDate: date.isoString, weekday: date.weekday.vietnameseName,
                lunarDate: lunar.map { "\($0.day)/\($0.month)\($0.isLeapMonth ? " nhuận" : "") năm \($0.yearName)" } ?? "",
                dayOff: calendar.dayOff(on: date)?.name, note: entry.occurrence.note, rule: entry.event.rule.vietnameseDescription,
                place: entry.event.place.isEmpty ? nil : entry.event.place, unit: unitNames[entry.event.$department.id] ?? "",
                readiness: checklist.isEmpty ? "—" : "\(checklist.filter(\.isDone).count)/\(checklist.count) việc chuẩn bị xong",
                checklist: checklist, hasChecklist: !checklist.isEmpty,
                checklistPath: CommuneWorkURL.eventChecklist(.value(eventID)).path, eventID: eventID.uuidString,
                isPublic: entry.event.isPublic
            )
        }
        let ownUnits = units.filter { $0.$commune.id == staff.communeID }
        let ownOfficers = officers.filter { $0.$commune.id == staff.communeID && $0.isActive }
        return try await req.view.render("commune-work/events", EventsPage(
            page: try await PageContext.make(for: req, title: "Lịch sự kiện"), occurrences: rows, hasOccurrences: !rows.isEmpty,
            canEdit: staff.communeID != nil && staff.hasAny(editingRoles),
            units: ownUnits.compactMap { unit in unit.id.map { .init(value: $0.uuidString, label: unit.name, isSelected: $0 == form.departmentID) } },
            officers: ownOfficers.compactMap { officer in officer.id.map { .init(value: $0.uuidString, label: officer.fullName, isSelected: false) } },
            form: form, errors: FormErrors(errors), actionPath: CommuneWorkURL.events.path, icsPath: CommuneWorkURL.eventsCalendarFile.path
        ))
    }

    /// `POST /cong-viec/su-kien`: a new event.
    static func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard let communeID = staff.communeID, staff.hasAny(editingRoles) else { throw AppError.forbidden }
        let form = try req.content.decode(EventForm.self)
        var problems: [String] = []
        let title = form.title.trimmedOrEmpty
        if title.isEmpty || title.count > 300 { problems.append("Cần tên sự kiện (tối đa 300 ký tự).") }
        if form.place.trimmedOrEmpty.count > 300 { problems.append("Địa điểm tối đa 300 ký tự.") }
        let kind = form.kind.flatMap(CommuneEvent.RuleKind.init(rawValue:))
        var rule: EventDateRule?
        switch kind {
        case .once?:
            if let date = form.onceOn.flatMap(CivilDate.init(isoString:)) { rule = .once(date) } else { problems.append("Cần ngày diễn ra sự kiện.") }
        case .solar?, .lunar?:
            guard let month = Int(form.month.trimmedOrEmpty), let day = Int(form.day.trimmedOrEmpty) else {
                problems.append("Cần ngày và tháng của sự kiện hằng năm.")
                break
            }
            rule = kind == .solar ? .everySolarYear(month: month, day: day) : .everyLunarYear(month: month, day: day)
            if let problem = rule?.problem { problems.append(problem) }
        case nil:
            problems.append("Cần chọn loại ngày: một lần, dương lịch hằng năm hoặc âm lịch hằng năm.")
        }
        let department = try await form.departmentID.asyncFlatMap { id in
            try await Department.query(on: req.db).filter(\.$id == id).filter(\.$commune.$id == communeID).first()
        }
        if department == nil { problems.append("Cần chọn đơn vị chịu trách nhiệm.") }
        guard problems.isEmpty, let kind, let rule, let department else {
            let view = try await render(req, form: form, errors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let event = CommuneEvent()
        event.$commune.id = communeID
        event.$department.id = try department.requireID()
        event.title = title
        event.place = form.place.trimmedOrEmpty
        event.ruleKind = kind
        switch rule {
        case .once(let date):
            event.onceOn = date.isoString
            event.month = date.month
            event.day = date.day
        case .everySolarYear(let month, let day), .everyLunarYear(let month, let day):
            event.month = month
            event.day = day
        }
        event.createdBy = staff.username
        event.isPublic = form.isPublic != nil
        try await req.writeTransaction { db in
            try await event.create(on: db)
            try await req.audit(AuditEvent(action: "event.create", objectType: "event", objectID: try event.requireID().uuidString,
                                           communeID: communeID, summary: "\(title): \(rule.vietnameseDescription)"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: CommuneWorkURL.events.path))
    }

    struct ChecklistForm: Content {
        var title: String?
        var assigneeID: UUID?
        var workingDaysBefore: String?
        var deliverable: String?
        var evidenceRequired: String?
        var approvingAuthority: String?
    }

    /// `POST /cong-viec/su-kien/:eventID/viec-chuan-bi`: a preparation task with the six clears.
    static func addChecklistItem(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let event = try await req.tenant.find(CommuneEvent.self, req.parameters.get(CommuneWorkURL.Key.eventID, as: UUID.self))
        guard staff.communeID == event.$commune.id, staff.hasAny(editingRoles) else { throw AppError.forbidden }
        let form = try req.content.decode(ChecklistForm.self)
        var problems: [String] = []
        let assignee = try await form.assigneeID.asyncFlatMap { id in try await Officer.active(id, inCommune: event.$commune.id, on: req.db) }
        if form.assigneeID != nil, assignee == nil { problems.append(Officer.notInCommuneMessage) }
        let days = Int(form.workingDaysBefore.trimmedOrEmpty)
        if let days, !(0...120).contains(days) { problems.append("Số ngày làm việc trước sự kiện từ 0 đến 120.") }
        let unit = try await event.$department.get(on: req.db)
        let draft = SixClearTaskDraft(
            assigneeName: assignee?.fullName ?? "", title: form.title.trimmedOrEmpty,
            dueDate: days == nil ? nil : CivilDate(year: 2025, month: 1, day: 1), leadUnit: unit.name,
            deliverable: form.deliverable.trimmedOrEmpty, evidenceRequired: form.evidenceRequired.trimmedOrEmpty,
            approvingAuthority: form.approvingAuthority.trimmedOrEmpty
        )
        problems += SixClearRule.missing(in: draft).map { "Thiếu \($0.vietnameseName.prefix(1).lowercased() + $0.vietnameseName.dropFirst())." }
        guard problems.isEmpty, let assignee, let days else { throw AppError.invalid(problems.joined(separator: " ")) }
        let item = EventChecklistItem()
        item.$commune.id = event.$commune.id
        item.$event.id = try event.requireID()
        item.$assignee.id = try assignee.requireID()
        item.title = draft.title
        item.workingDaysBefore = days
        item.deliverable = draft.deliverable
        item.evidenceRequired = draft.evidenceRequired
        item.approvingAuthority = draft.approvingAuthority
        try await req.writeTransaction { db in
            try await item.create(on: db)
            try await req.audit(AuditEvent(action: "event.checklist_add", objectType: "event", objectID: try event.requireID().uuidString,
                                           communeID: event.$commune.id, summary: "\(event.title): \(item.title), \(days) ngày làm việc trước"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: CommuneWorkURL.events.path))
    }

    /// `POST /cong-viec/su-kien/viec-chuan-bi/:itemID/xong?dip=YYYY-MM-DD`: the item is done for that occurrence.
    static func markDone(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let item = try await req.tenant.find(EventChecklistItem.self, req.parameters.get(CommuneWorkURL.Key.itemID, as: UUID.self))
        guard staff.communeID == item.$commune.id, staff.officerID == item.$assignee.id || staff.hasAny(editingRoles) else { throw AppError.forbidden }
        let event = try await item.$event.get(on: req.db)
        guard let occurrence = (try? req.query.get(String.self, at: "dip")).flatMap(CivilDate.init(isoString:)),
              !event.rule.occurrences(from: occurrence, through: occurrence).isEmpty
        else { throw AppError.invalid("Ngày diễn ra không phải một lần tổ chức của sự kiện này.") }
        let itemID = try item.requireID()
        if try await EventChecklistDone.query(on: req.db).filter(\.$item.$id == itemID).filter(\.$occurrence == occurrence.isoString).first() != nil {
            throw AppError.conflict("Việc này đã được đánh dấu xong.")
        }
        let record = EventChecklistDone()
        record.$commune.id = item.$commune.id
        record.$item.id = itemID
        record.occurrence = occurrence.isoString
        record.doneBy = staff.username
        record.doneAt = req.now
        try await req.writeTransaction { db in
            try await record.create(on: db)
            try await req.audit(AuditEvent(action: "event.checklist_done", objectType: "event", objectID: try event.requireID().uuidString,
                                           communeID: item.$commune.id, summary: "\(event.title) ngày \(occurrence.vietnameseString): \(item.title) xong"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: CommuneWorkURL.events.path))
    }

    /// `GET /cong-viec/su-kien.ics`: the next twelve months of events and preparation deadlines, for phones' calendars.
    static func calendarFile(req: Request) async throws -> Response {
        _ = try req.requireStaff()
        let today = WorkPlanController.today(req)
        let calendar = try await req.workingDayCalendar()
        let events = try await req.tenant.query(CommuneEvent.self).all()
        let items = try await req.tenant.query(EventChecklistItem.self).all()
        let itemsByEvent = Dictionary(grouping: items, by: { $0.$event.id })
        var entries: [ICalendar.Event] = []
        for entry in occurrences(events, from: today) {
            let eventID = try entry.event.requireID()
            let date = entry.occurrence.date
            entries.append(.init(uid: "\(eventID.uuidString.lowercased())-\(date.isoString)@motcua", date: date, summary: entry.event.title,
                                 description: [entry.event.rule.vietnameseDescription, entry.occurrence.note].compactMap { $0 }.joined(separator: ". "),
                                 location: entry.event.place))
            for item in itemsByEvent[eventID] ?? [] {
                guard let due = calendar.workingDay(item.workingDaysBefore, workingDaysBefore: date) else { continue }
                entries.append(.init(uid: "\(try item.requireID().uuidString.lowercased())-\(date.isoString)@motcua", date: due,
                                     summary: "Hạn chuẩn bị: \(item.title) (\(entry.event.title))",
                                     description: "Sản phẩm: \(item.deliverable). Minh chứng: \(item.evidenceRequired). Phê duyệt: \(item.approvingAuthority).",
                                     location: entry.event.place))
            }
        }
        let text = ICalendar.document(name: "Lịch sự kiện của xã", events: entries, stamp: req.now)
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        response.headers.setContentDisposition(.attachment, fileName: "su-kien-xa.ics")
        return response
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The counter page: the officer calls the next ticket, recalls, marks absent, transfers, finishes, and starts the
/// intake of a dossier linked to the ticket. Outcomes come back through a redirect, so the page works without script.
extension PageAccess {
    /// A counter's desk page: the commune's counter officers, who call and serve tickets there.
    static let counterDesk = PageAccess { $0.has(.counterOfficer) && $0.communeID != nil }
}

enum FloorDeskController {
    /// Outcomes passed back as `?ketqua=…`, so that no user text is echoed from the address.
    enum Outcome: String {
        case called = "da-goi"
        case nothingWaiting = "khong-co-so"
        case recalled = "da-goi-lai"
        case skipped = "vang-mat"
        case transferred = "da-chuyen"
        case finished = "da-xong"

        var message: String {
            switch self {
            case .called: "Đã gọi số tiếp theo."
            case .nothingWaiting: "Không có số nào đang chờ cho các dịch vụ của quầy này."
            case .recalled: "Đã gọi lại."
            case .skipped: "Đã đánh dấu vắng mặt."
            case .transferred: "Đã chuyển số sang quầy khác."
            case .finished: "Đã kết thúc phục vụ."
            }
        }
    }

    struct CurrentTicket: Encodable {
        let id: String
        let number: Int
        let service: String
        let priority: String?
        let calledAt: String
        let recallCount: Int
        let canRecall: Bool
        let dossierCode: String?
        let dossierPath: String?
        let intakePath: String
    }

    struct WaitingRow: Encodable {
        let number: Int
        let service: String
        let priority: String?
        let takenAt: String
        let isTransferred: Bool
    }

    struct DeskPage: Encodable {
        let page: PageContext
        let counterLabel: String
        let officer: String
        let current: CurrentTicket?
        let hasCurrent: Bool
        let waiting: [WaitingRow]
        let waitingCount: Int
        let transferTargets: [OrganisationController.Option]
        let hasTransferTargets: Bool
        let callPath: String
        let actionPath: String
        let deskPath: String
        let displayPath: String
        let ratingPath: String
        let countersPath: String
        let isActive: Bool
    }

    private static func requireDeskOfficer(_ req: Request) async throws -> (StaffIdentity, FloorCounter) {
        let staff = try req.requireAccess(.counterDesk)
        let counter = try await req.tenant.find(FloorCounter.self, req.uuidParameter(SiteURL.Key.counterID))
        return (staff, counter)
    }

    /// `GET /mot-cua/quay/:counterID/lam-viec`.
    static func show(req: Request) async throws -> View {
        let (_, counter) = try await requireDeskOfficer(req)
        let counterID = try counter.requireID()
        let now = req.now
        let day = FloorQueue.dayKey(now)
        guard let commune = try await Commune.find(counter.$commune.id, on: req.db) else { throw AppError.notFound }
        let current = try await FloorQueue.currentTicket(counterID: counterID, at: now, on: req.db)
        let waitingTickets = try await req.tenant.query(QueueTicket.self).filter(\.$commune.$id == counter.$commune.id).filter(\.$day == day)
            .filter(\.$status == QueueTicketStatus.waiting.rawValue).all()
        let byID = Dictionary(uniqueKeysWithValues: waitingTickets.compactMap { ticket in ticket.id.map { ($0, ticket) } })
        let queue = QueueRules.queue(for: counter.rules, among: waitingTickets.compactMap(\.entry))
        let others = try await FloorQueue.activeCounters(communeID: counter.$commune.id, on: req.db).filter { $0.id != counterID }
        let officer = counter.dutyDay == day ? try await counter.$officer.get(on: req.db)?.fullName : nil
        let outcome = req.query[String.self, at: "ketqua"].flatMap(Outcome.init(rawValue:))
        return try await req.view.render("floor/desk", DeskPage(
            page: try await PageContext.make(for: req, title: counter.label, notice: outcome?.message),
            counterLabel: counter.label, officer: officer ?? "Chưa có cán bộ nhận quầy hôm nay",
            current: try current.map { ticket -> CurrentTicket in
                let id = try ticket.requireID()
                var intake = SiteURL.intake.path + "?ve=" + id.uuidString.lowercased()
                if case .procedure(let code)? = FloorService(key: ticket.serviceKey) { intake += "&thu-tuc=" + code }
                return CurrentTicket(
                    id: id.uuidString, number: ticket.number, service: ticket.serviceName, priority: ticket.priority?.vietnameseName,
                    calledAt: VietnameseFormat.dateTime(ticket.calledAt ?? now), recallCount: ticket.recallCount,
                    canRecall: ticket.recallCount < QueueRules.maxRecalls, dossierCode: ticket.dossierCode,
                    dossierPath: ticket.dossierCode.map { SiteURL.dossier(.value($0)).path }, intakePath: intake
                )
            },
            hasCurrent: current != nil,
            waiting: queue.prefix(15).compactMap { entry in
                byID[entry.id].map { WaitingRow(number: $0.number, service: $0.serviceName, priority: $0.priority?.vietnameseName, takenAt: VietnameseFormat.dateTime($0.takenAt), isTransferred: entry.transferredTo != nil) }
            },
            waitingCount: queue.count,
            transferTargets: others.map { .init(value: $0.id?.uuidString ?? "", label: $0.label, isSelected: false) }, hasTransferTargets: !others.isEmpty,
            callPath: SiteURL.floorDeskCall(.value(counterID)).path, actionPath: SiteURL.floorDeskAction(.value(counterID)).path,
            deskPath: SiteURL.floorDesk(.value(counterID)).path, displayPath: SiteURL.floorDisplay(.value(commune.slug)).path,
            ratingPath: SiteURL.floorRating(.value(commune.slug), .value(counterID)).path, countersPath: SiteURL.floorCounters.path,
            isActive: counter.isActive
        ))
    }

    /// `POST /mot-cua/quay/:counterID/goi-tiep`: finishes the current ticket and calls the next; with nothing
    /// waiting the page says so, and nothing changes.
    static func callNext(req: Request) async throws -> Response {
        let (staff, counter) = try await requireDeskOfficer(req)
        let counterID = try counter.requireID()
        guard counter.isActive else { throw AppError.conflict("Quầy đang tạm đóng; hãy mở lại quầy trước khi gọi số.") }
        let now = req.now
        let day = FloorQueue.dayKey(now)
        let outcome = try await req.writeTransaction { db -> FloorQueue.CallOutcome in
            let outcome = try await FloorQueue.callNext(counter: counter, by: staff.username, at: now, on: db)
            // Read again inside the transaction (after the counter's lock on PostgreSQL): another call may have named
            // the officer on duty a moment ago.
            if let fresh = try await FloorCounter.find(counterID, on: db), fresh.dutyDay != day {
                // The first officer to call at a counter today is the one on duty there.
                fresh.$officer.id = staff.officerID
                fresh.dutyDay = day
                try await fresh.save(on: db)
                try await req.audit(AuditEvent(
                    action: "floor.duty", objectType: "floor_counter", objectID: counterID.uuidString, communeID: counter.$commune.id,
                    summary: "\(staff.fullName) nhận \(counter.label.lowercasedFirstWord) ngày \(LocalDateTime(now)?.date.vietnameseString ?? day)"
                ), on: db)
            }
            if let ticket = outcome.called {
                let finished = outcome.finishedNumber.map { " (kết thúc số \($0))" } ?? ""
                try await req.audit(AuditEvent(
                    action: "floor.call", objectType: "queue_ticket", objectID: try ticket.requireID().uuidString, communeID: counter.$commune.id,
                    summary: TicketNumbering.announcement(number: ticket.number, counterNumber: counter.number) + finished
                ), on: db)
            } else if let number = outcome.finishedNumber {
                try await req.audit(AuditEvent(
                    action: "floor.finish", objectType: "floor_counter", objectID: counterID.uuidString, communeID: counter.$commune.id,
                    summary: "Quầy \(counter.number) kết thúc số \(number); không còn số chờ"
                ), on: db)
            }
            return outcome
        }
        if outcome.called != nil || outcome.finishedNumber != nil { req.application.floorSignal.bump(counter.$commune.id) }
        return req.redirect(to: SiteURL.floorDesk(.value(counterID)).path + "?ketqua=" + (outcome.called == nil ? Outcome.nothingWaiting : Outcome.called).rawValue)
    }

    struct ActionForm: Content {
        var action: String?
        var ticketID: String?
        var targetCounterID: String?
    }

    /// `POST /mot-cua/quay/:counterID/thao-tac`: recall, skip (absent), transfer or finish the current ticket.
    static func act(req: Request) async throws -> Response {
        let (_, counter) = try await requireDeskOfficer(req)
        let counterID = try counter.requireID()
        let form = try req.content.decode(ActionForm.self)
        guard let action = form.action.flatMap(QueueAction.init(rawValue:)) else { throw AppError.invalid("Thao tác không hợp lệ.") }
        guard let ticketID = form.ticketID.flatMap(UUID.init(uuidString:)) else { throw AppError.invalid("Thiếu số thứ tự cần thao tác.") }
        var target: FloorCounter?
        if action == .transfer {
            guard let targetID = form.targetCounterID.flatMap(UUID.init(uuidString:)),
                  let found = try await req.tenant.query(FloorCounter.self).filter(\.$id == targetID).filter(\.$commune.$id == counter.$commune.id).filter(\.$isActive == true).first()
            else { throw AppError.invalid("Cần chọn một quầy đang mở để chuyển đến.") }
            guard found.id != counterID else { throw AppError.invalid(QueueRuleError.transferToSameCounter.message) }
            target = found
        }
        let now = req.now
        let chosenTarget = target
        try await req.writeTransaction { db in
            let ticket = try await FloorQueue.act(action, ticketID: ticketID, counter: counter, transferTo: chosenTarget, at: now, on: db)
            let summary = switch action {
            case .recall: TicketNumbering.announcement(number: ticket.number, counterNumber: counter.number) + " (gọi lại lần \(ticket.recallCount))"
            case .skip: "Số \(ticket.number) vắng mặt tại quầy \(counter.number)"
            case .transfer: "Chuyển số \(ticket.number) từ quầy \(counter.number) sang quầy \(chosenTarget?.number ?? 0)"
            case .finish: "Quầy \(counter.number) kết thúc số \(ticket.number)"
            }
            try await req.audit(AuditEvent(action: "floor.\(action.rawValue)", objectType: "queue_ticket", objectID: ticketID.uuidString, communeID: counter.$commune.id, summary: summary), on: db)
        }
        req.application.floorSignal.bump(counter.$commune.id)
        let outcome: Outcome = switch action {
        case .recall: .recalled
        case .skip: .skipped
        case .transfer: .transferred
        case .finish: .finished
        }
        return req.redirect(to: SiteURL.floorDesk(.value(counterID)).path + "?ketqua=" + outcome.rawValue)
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The visitors' side of the floor: the kiosk and the phone page to take a ticket, the ticket's page and print, the
/// entrance poster, and the TV screen with its live updates. Numbers and services only: no personal data here.
enum FloorPublicController {
    struct LineButton: Encodable {
        let serviceKey: String
        let name: String
        let block: Int
    }

    struct PriorityOption: Encodable {
        let value: String
        let label: String
    }

    struct TakeForm: Content {
        var service: String?
        var priority: String?
        var channel: String?
    }

    struct KioskPage: Encodable {
        let page: PageContext
        let communeName: String
        let isKiosk: Bool
        let lines: [LineButton]
        let hasLines: Bool
        let priorities: [PriorityOption]
        let errors: FormErrors
        let actionPath: String
        let displayPath: String
    }

    /// `GET /xa/:slug/lay-so[?kiosk=1]`: the services to take a ticket for; `kiosk=1` is the entrance touch screen.
    static func showKiosk(req: Request) async throws -> View {
        let commune = try await PublicSiteController.publicCommune(req)
        return try await renderKiosk(req, commune: commune, isKiosk: req.query[String.self, at: "kiosk"] == "1", errors: [])
    }

    /// `POST /xa/:slug/lay-so`: gives a ticket; the kiosk goes to the print layout, a phone to the ticket's page.
    static func takeTicket(req: Request) async throws -> Response {
        let commune = try await PublicSiteController.publicCommune(req)
        let communeID = try commune.requireID()
        let form = try req.content.decode(TakeForm.self)
        let isKiosk = form.channel == "kiosk"
        try req.application.floorTicketLimiter.check(req)
        var problems: [String] = []
        let service = form.service.flatMap(FloorService.init(key:))
        if service == nil { problems.append("Vui lòng chọn dịch vụ cần làm.") }
        var priority: PriorityReason?
        if let raw = form.priority.trimmedOrNil, raw != "none" {
            priority = PriorityReason(rawValue: raw)
            if priority == nil { problems.append("Đối tượng ưu tiên không hợp lệ.") }
        }
        if problems.isEmpty, let service {
            do {
                let ticket = try await FloorQueue.takeTicket(
                    communeID: communeID, service: service, priority: priority, channel: isKiosk ? "kiosk" : "phone", at: req.now,
                    by: req.auditActor, catalog: try await req.application.catalogStore.catalog(on: req.db), on: req.application
                )
                let id = try ticket.requireID()
                return req.redirect(to: isKiosk ? SiteURL.queueTicketPrint(.value(id)).path + "?kiosk=1" : SiteURL.queueTicket(.value(id)).path)
            } catch let error as AppError where error.status == .unprocessableEntity {
                problems.append(error.message)
            }
        }
        let view = try await renderKiosk(req, commune: commune, isKiosk: isKiosk, errors: problems)
        return try await view.encodeResponse(status: .unprocessableEntity, for: req)
    }

    private static func renderKiosk(_ req: Request, commune: Commune, isKiosk: Bool, errors: [String]) async throws -> View {
        let catalog = try await req.application.catalogStore.catalog(on: req.db)
        let lines = try await FloorQueue.offeredLines(communeID: commune.requireID(), catalog: catalog, on: req.db)
        return try await req.view.render("floor/kiosk", KioskPage(
            page: try await PageContext.make(for: req, title: "Lấy số thứ tự — \(commune.fullName)"), communeName: commune.fullName, isKiosk: isKiosk,
            lines: lines.map { LineButton(serviceKey: $0.service.key, name: $0.name, block: $0.block) }, hasLines: !lines.isEmpty,
            priorities: PriorityReason.allCases.map { PriorityOption(value: $0.rawValue, label: $0.vietnameseName) },
            errors: FormErrors(errors), actionPath: SiteURL.floorKiosk(.value(commune.slug)).path,
            displayPath: SiteURL.floorDisplay(.value(commune.slug)).path
        ))
    }

    // MARK: the ticket

    struct TicketView: Encodable {
        let number: Int
        let service: String
        let priority: String?
        let takenAt: String
        let day: String
        let status: String
        let isToday: Bool
        let isWaiting: Bool
        let isCalled: Bool
        let isFinished: Bool
        let ahead: Int
        let estimatedWait: String
        let counterNumber: Int?
        let counterName: String?
        let ticketPath: String
        let qrSVG: String
        let communeName: String
        let displayPath: String
        let kioskPath: String
    }

    struct TicketPage: Encodable {
        let page: PageContext
        let ticket: TicketView
        let refreshSeconds: Int
        let isKiosk: Bool
    }

    /// `GET /so-thu-tu/:ticketID`: the phone page of a ticket: tickets ahead and the likely wait, refreshed by itself.
    static func showTicket(req: Request) async throws -> View {
        let view = try await ticketView(req)
        return try await req.view.render("floor/ticket", TicketPage(
            page: try await PageContext.make(for: req, title: "Số thứ tự \(view.number)"), ticket: view,
            refreshSeconds: view.isToday && !view.isFinished ? 15 : 0, isKiosk: false
        ))
    }

    /// `GET /so-thu-tu/:ticketID/in`: the ticket on a 58 mm thermal printer; at the kiosk it prints itself.
    static func printTicket(req: Request) async throws -> View {
        let view = try await ticketView(req)
        return try await req.view.render("floor/ticket-print", TicketPage(
            page: try await PageContext.make(for: req, title: "Phiếu số thứ tự \(view.number)"), ticket: view,
            refreshSeconds: 0, isKiosk: req.query[String.self, at: "kiosk"] == "1"
        ))
    }

    /// A ticket of an earlier day still opens: it says it is history, without an error the visitor could not act on.
    private static func ticketView(_ req: Request) async throws -> TicketView {
        let id = try req.uuidParameter(SiteURL.Key.ticketID)
        guard let ticket = try await QueueTicket.find(id, on: req.db), let commune = try await Commune.find(ticket.$commune.id, on: req.db) else {
            throw AppError.notFound
        }
        let now = req.now
        let isToday = ticket.day == FloorQueue.dayKey(now)
        let position = isToday ? try await FloorQueue.position(of: ticket, on: req.db) : nil
        let counter = try await ticket.$counter.get(on: req.db)
        let status = ticket.ticketStatus
        let ticketPath = SiteURL.queueTicket(.value(id)).path
        let statusText: String = switch status {
        case _ where !isToday && (status == .waiting || status == .called): "Số của ngày \(ticket.civilDay?.vietnameseString ?? ticket.day) đã hết hiệu lực; số thứ tự được cấp lại mỗi ngày làm việc."
        case .called: counter.map { TicketNumbering.announcement(number: ticket.number, counterNumber: $0.number) } ?? status.vietnameseName
        default: status.vietnameseName
        }
        return TicketView(
            number: ticket.number, service: ticket.serviceName, priority: ticket.priority?.vietnameseName,
            takenAt: VietnameseFormat.dateTime(ticket.takenAt), day: ticket.civilDay?.vietnameseString ?? ticket.day, status: statusText,
            isToday: isToday, isWaiting: isToday && status == .waiting, isCalled: isToday && status == .called,
            isFinished: status == .done || status == .noShow, ahead: position?.ahead ?? 0,
            estimatedWait: QueueRules.describeWait(position?.estimatedWait ?? 0), counterNumber: counter?.number, counterName: counter?.name,
            ticketPath: ticketPath,
            qrSVG: (try? QRCode.encode(req.publicURL(path: ticketPath)).svg(moduleSize: 3, quietZone: 2, title: "Theo dõi số \(ticket.number)")) ?? "",
            communeName: commune.fullName, displayPath: SiteURL.floorDisplay(.value(commune.slug)).path,
            kioskPath: SiteURL.floorKiosk(.value(commune.slug)).path + "?kiosk=1"
        )
    }

    // MARK: entrance poster

    struct EntrancePage: Encodable {
        let page: PageContext
        let communeName: String
        let kioskURL: String
        let qrSVG: String
    }

    /// `GET /xa/:slug/lay-so/ma-qr`: the poster at the entrance: scan to take a ticket on the phone.
    static func entrance(req: Request) async throws -> View {
        let commune = try await PublicSiteController.publicCommune(req)
        let url = req.publicURL(path: SiteURL.floorKiosk(.value(commune.slug)).path)
        return try await req.view.render("floor/entrance", EntrancePage(
            page: try await PageContext.make(for: req, title: "Lấy số thứ tự bằng điện thoại"), communeName: commune.fullName, kioskURL: url,
            qrSVG: (try? QRCode.encode(url).svg(moduleSize: 8, title: "Lấy số thứ tự tại \(commune.fullName)")) ?? ""
        ))
    }

    // MARK: the screen

    struct DisplayPage: Encodable {
        let page: PageContext
        let state: FloorQueue.DisplayState
        let eventsPath: String
        let statePath: String
        /// The full address of ticket-taking on a phone, and its QR code: a bare path means nothing to a visitor.
        let kioskURL: String
        let kioskQRSVG: String
    }

    /// `GET /xa/:slug/man-hinh`: the TV screen. Rendered complete on the server; `floor.js` keeps it live with
    /// server-sent events, falling back to polling, and without script the page refreshes itself.
    static func display(req: Request) async throws -> View {
        let commune = try await PublicSiteController.publicCommune(req)
        let state = try await FloorQueue.displayState(commune: commune, at: req.now, on: req.db)
        let kioskURL = req.publicURL(path: SiteURL.floorKiosk(.value(commune.slug)).path)
        return try await req.view.render("floor/display", DisplayPage(
            page: try await PageContext.make(for: req, title: "Màn hình gọi số — \(commune.fullName)"), state: state,
            eventsPath: SiteURL.floorDisplayEvents(.value(commune.slug)).path, statePath: SiteURL.floorDisplayState(.value(commune.slug)).path,
            kioskURL: kioskURL, kioskQRSVG: (try? QRCode.encode(kioskURL).svg(moduleSize: 5, quietZone: 2, title: "Lấy số thứ tự bằng điện thoại tại \(commune.fullName)")) ?? ""
        ))
    }

    /// `GET /xa/:slug/man-hinh/trang-thai`: the screen's state as JSON, for the polling fallback.
    static func displayState(req: Request) async throws -> Response {
        let commune = try await PublicSiteController.publicCommune(req)
        let state = try await FloorQueue.displayState(commune: commune, at: req.now, on: req.db)
        let response = try await state.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// `GET /xa/:slug/man-hinh/su-kien`: server-sent events with the screen's state whenever it changes.
    ///
    /// A connection lives a bounded time (`floorStreamLifetime`) and ends at once when the screen goes away (a write
    /// fails), so a stale screen never holds the server; the browser reconnects by itself.
    static func displayEvents(req: Request) async throws -> Response {
        let commune = try await PublicSiteController.publicCommune(req)
        let communeID = try commune.requireID()
        let app = req.application
        let signal = app.floorSignal
        let lifetime = app.floorStreamLifetime
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/event-stream; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        let body = Response.Body(managedAsyncStream: { writer in
            // Durations are measured on the real clock: the application clock may be fixed in tests.
            let opened = Date()
            var lastVersion = -1
            var lastBody = ""
            var lastRead = Date.distantPast
            var lastWrite = Date()
            try await writer.writeBuffer(ByteBuffer(string: "retry: 2000\n\n"))
            while Date().timeIntervalSince(opened) < lifetime {
                let version = signal.version(communeID)
                // Re-read on a change in this process, and every few seconds for changes made elsewhere.
                if version != lastVersion || Date().timeIntervalSince(lastRead) > 5 {
                    lastVersion = version
                    lastRead = Date()
                    let state = try await FloorQueue.displayState(commune: commune, at: app.clock.now(), on: app.db)
                    let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
                    if json != lastBody {
                        lastBody = json
                        lastWrite = Date()
                        try await writer.writeBuffer(ByteBuffer(string: "event: state\ndata: \(json)\n\n"))
                    }
                }
                if Date().timeIntervalSince(lastWrite) > 15 {
                    lastWrite = Date()
                    try await writer.writeBuffer(ByteBuffer(string: "event: ping\ndata: {}\n\n"))
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The counter that keeps taking dossiers in while the network is down (issue #25).
///
/// The page, its script and the working-day calendar are cached by a service worker; dossiers taken in offline wait in
/// the browser's IndexedDB and are sent here one by one, in order, with their idempotency key, through the same
/// `DossierService.intakeOnce` as `POST /api/v1/dossiers`. The page authenticates with the officer's session and the
/// CSRF header, since the API's bearer tokens never reach a browser page.
enum OfflineCounterController {
    /// How many days ahead the cached calendar reaches (the longest commune procedure plus a long outage fit in it).
    static let calendarDays = 200

    struct DocumentView: Encodable {
        let index: Int
        let name: String
        let form: String
        let copies: Int
    }

    struct ProcedureView: Encodable {
        let code: String
        let name: String
        let time: String
        let workingDays: Int
        let cutOffHour: Int
        let documents: [DocumentView]
    }

    struct OfflinePage: Encodable {
        let page: PageContext
        let officerID: String
        let officerName: String
        let communeName: String
        let procedures: [ProcedureView]
        let calendarPath: String
        let sendPath: String
        let workerPath: String
        let intakePath: String
    }

    private static func requireDesk(_ req: Request) throws -> (StaffIdentity, UUID, UUID) {
        let staff = try req.requireRole(.counterOfficer)
        guard let communeID = staff.communeID else { throw AppError.forbidden }
        return (staff, communeID, staff.officerID)
    }

    /// `GET /mot-cua/tiep-nhan/ngoai-tuyen`: the offline counter, with every procedure the commune offers and its documents.
    static func show(req: Request) async throws -> Response {
        let (staff, communeID, officerID) = try requireDesk(req)
        let views = try await req.application.catalogStore.procedures(forCommune: communeID, on: req.db)
        let commune = try await Commune.find(communeID, on: req.db)
        let page = OfflinePage(
            page: try await PageContext.make(for: req, title: "Quầy tiếp nhận ngoại tuyến"),
            officerID: officerID.uuidString.lowercased(), officerName: staff.fullName, communeName: commune?.fullName ?? "",
            procedures: views.map(\.definition).map { procedure in
                ProcedureView(
                    code: procedure.code, name: procedure.name, time: procedure.processingTime.vietnameseDescription,
                    workingDays: procedure.processingTime.workingDayCount, cutOffHour: procedure.cutOffHour,
                    documents: procedure.requiredDocuments.enumerated().map { DocumentView(index: $0.offset, name: $0.element.name, form: $0.element.form.vietnameseName, copies: $0.element.copies) }
                )
            },
            calendarPath: SiteURL.offlineCounterCalendar.path, sendPath: SiteURL.offlineCounterSend.path,
            workerPath: SiteURL.offlineCounterWorker.path, intakePath: SiteURL.intake.path
        )
        let response = try await req.view.render("dossiers/offline-counter", page).encodeResponse(for: req)
        // The service worker keeps its own copy; the browser's HTTP cache must not serve another officer's page.
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    struct CalendarWindow: Content {
        let from: String
        let workingDays: [String]
        let openingHour: Int
        let closingHour: Int
        /// The server's clock (milliseconds since 1970): the page corrects the counter computer's clock by it.
        let nowMilliseconds: Int64
    }

    /// `GET /mot-cua/tiep-nhan/ngoai-tuyen/lich`: the working days of the coming months, from the core calendar.
    static func calendar(req: Request) async throws -> Response {
        _ = try requireDesk(req)
        guard let today = LocalDateTime(req.now)?.date, let start = today.adding(days: -Int(OfflineIntake.maximumAge / 86400)) else {
            throw AppError.invalid("Không xác định được ngày hôm nay.")
        }
        let days = OfflineIntake.workingDays(from: start, dayCount: calendarDays, in: try await req.workingDayCalendar())
        let response = Response(status: .ok)
        try response.content.encode(CalendarWindow(
            from: start.description, workingDays: days.map(\.description),
            openingHour: WorkingDayCalendar.officeOpeningHour, closingHour: WorkingDayCalendar.officeClosingHour,
            nowMilliseconds: Int64((req.now.timeIntervalSince1970 * 1000).rounded())
        ), using: JSONEncoder.api)
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-cache")
        return response
    }

    /// `GET /mot-cua/ngoai-tuyen.js`: the service worker, served from `/mot-cua/` so that it may control the counter page.
    static func worker(req: Request) async throws -> Response {
        let path = try ServerResources.locate().publicDirectory + "js/offline-counter-worker.js"
        guard let data = FileManager.default.contents(atPath: path) else { throw AppError.notFound }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return response
    }

    struct SendInput: Content {
        var officerID: String?
        var intake: DossierAPIController.IntakeInput?
    }

    struct Sent: Content {
        let code: String
        let status: String
        let receivedAt: Date?
        let dueAt: Date?
        let receiptPath: String
        let replayed: Bool
    }

    struct Refused: Content {
        struct Detail: Content {
            let code: String
            let message: String
        }
        let error: Detail
    }

    /// `POST /mot-cua/tiep-nhan/ngoai-tuyen/gui`: one queued dossier, with its `Idempotency-Key` and the officer it
    /// belongs to; 201 with the official code, or the refusal as JSON with its status (the page keeps it as a failure).
    static func send(req: Request) async throws -> Response {
        // Signed out or not at the desk: the usual refusal (the page sees the redirect to sign-in and stops sending).
        let (_, communeID, officerID) = try requireDesk(req)
        do {
            let input: SendInput
            do {
                guard req.headers.contentType == .json else { throw Abort(.unsupportedMediaType) }
                input = try req.content.decode(SendInput.self)
            } catch {
                throw AppError.badRequest("Dữ liệu gửi lên phải là JSON {\"officerID\", \"intake\"}.")
            }
            guard let sender = input.officerID else { throw AppError.badRequest("Thiếu officerID (cán bộ đã tiếp nhận hồ sơ).") }
            // A queue left in this browser by another officer is not theirs to send: the journal would name the wrong person.
            guard sender.lowercased() == officerID.uuidString.lowercased() else {
                throw AppError(status: .forbidden, code: "other_officer", message: "Hồ sơ này do cán bộ khác tiếp nhận ngoại tuyến; chỉ người đó mới gửi được.")
            }
            guard req.headers.first(name: "Idempotency-Key") != nil else { throw AppError.badRequest("Thiếu tiêu đề Idempotency-Key.") }
            guard let intake = input.intake else { throw AppError.invalid("Thiếu nội dung hồ sơ (intake).") }
            let (outcome, replayed) = try await DossierAPIController.receive(intake, headers: req.headers, communeID: communeID, on: req)
            let response = Response(status: .created)
            try response.content.encode(Sent(
                code: outcome.code, status: outcome.status, receivedAt: outcome.receivedAt, dueAt: outcome.dueAt,
                receiptPath: SiteURL.dossierForm(.value(outcome.code), .value(LegalForm.receipt.rawValue)).path, replayed: replayed
            ), using: JSONEncoder.api)
            return response
        } catch let error as AppError {
            let response = Response(status: error.status)
            try response.content.encode(Refused(error: .init(code: error.code, message: error.message)), using: JSONEncoder.api)
            return response
        }
    }
}

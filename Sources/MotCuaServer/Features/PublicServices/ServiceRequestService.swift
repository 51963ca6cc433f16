import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Creates fault reports and changes their status, for the public pages, the staff pages and Open311 alike,
/// so that every path checks the same rules, writes in one transaction and journals the change.
enum ServiceRequestService {
    /// Photos a report may carry, and the largest accepted.
    static let maximumPhotoCount = 3
    static let maximumPhotoBytes = 10 * 1024 * 1024
    /// The extra question of lighting faults that names the light ("the number painted on the pole").
    static let lightPointQuestionCode = "ma_cot"

    /// What a citizen or an Open311 client sends.
    struct Submission: Sendable {
        var description: String
        var address: String
        var latitude: Double?
        var longitude: Double?
        var reporterName: String?
        var reporterPhone: String?
        var reporterEmail: String?
        var answers: [String: String]
        var mediaURL: String?
        var photos: [[UInt8]]
    }

    /// A report just stored, with the secret token that only its reporter receives.
    struct Created: Sendable {
        let code: String
        let token: String
        let requestID: UUID
        let expectedAt: Date
    }

    /// The problems of a submission for a kind of report, in Vietnamese, each naming its field; empty when acceptable.
    static func problems(of submission: Submission, for serviceType: ServiceType) -> (problems: [(field: String, message: String)], answers: [String: String]) {
        var problems: [(field: String, message: String)] = []
        let description = submission.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if description.count < 5 { problems.append(("description", "Cần mô tả sự cố (ít nhất 5 ký tự).")) }
        if description.count > ServiceRequestRules.descriptionLimit {
            problems.append(("description", "Mô tả tối đa \(ServiceRequestRules.descriptionLimit.formatted(.number.locale(Locale(identifier: "vi_VN")))) ký tự."))
        }
        let hasCoordinates = submission.latitude != nil && submission.longitude != nil
        if submission.address.trimmingCharacters(in: .whitespaces).isEmpty && !hasCoordinates {
            problems.append(("address", "Cần cho biết vị trí: địa chỉ hoặc toạ độ."))
        }
        if submission.address.count > 500 { problems.append(("address", "Địa chỉ tối đa 500 ký tự.")) }
        if let latitude = submission.latitude, !(-90...90).contains(latitude) { problems.append(("lat", "Vĩ độ phải trong khoảng −90 đến 90.")) }
        if let longitude = submission.longitude, !(-180...180).contains(longitude) { problems.append(("long", "Kinh độ phải trong khoảng −180 đến 180.")) }
        if (submission.latitude == nil) != (submission.longitude == nil) { problems.append(("lat", "Cần cả vĩ độ và kinh độ.")) }
        if (submission.reporterName ?? "").count > 200 { problems.append(("name", "Họ tên tối đa 200 ký tự.")) }
        if let phone = submission.reporterPhone, !phone.isEmpty, !Self.isPlausiblePhone(phone) {
            problems.append(("phone", "Số điện thoại không hợp lệ."))
        }
        if let email = submission.reporterEmail, !email.isEmpty, !(email.contains("@") && email.count <= 200) {
            problems.append(("email", "Địa chỉ email không hợp lệ."))
        }
        if let url = submission.mediaURL, !url.isEmpty, !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.count > 1000 {
            problems.append(("media_url", "media_url phải là một địa chỉ http(s)."))
        }
        if submission.photos.count > maximumPhotoCount { problems.append(("photos", "Tối đa \(maximumPhotoCount) ảnh.")) }
        for (index, photo) in submission.photos.enumerated() {
            let kind = UploadedFileKind.detect(photo)
            if kind != .jpeg && kind != .png {
                problems.append(("photos", "Ảnh thứ \(index + 1) không phải ảnh JPEG hoặc PNG."))
            } else if photo.count > maximumPhotoBytes {
                problems.append(("photos", "Ảnh thứ \(index + 1) lớn hơn 10 MB."))
            }
        }
        var answers: [String: String] = [:]
        switch ServiceQuestion.validate(submission.answers, for: serviceType.questions) {
        case .success(let kept): answers = kept
        case .failure(let error): problems.append(("attribute[\(error.code)]", error.message))
        }
        return (problems, answers)
    }

    static func isPlausiblePhone(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber)
        return (9...12).contains(digits.count) && text.allSatisfy { $0.isNumber || " .+-()".contains($0) }
    }

    /// Stores a checked submission: the report, its first public step, its photos; matches a missed collection to
    /// its route and a lighting fault to the light named in the answers. Throws `AppError.invalid` with the
    /// first problem when the submission is not acceptable; nothing is stored then.
    static func submit(
        _ submission: Submission, serviceType: ServiceType, channel: ServiceRequest.Channel, apiClientID: UUID?, on req: Request
    ) async throws -> Created {
        let (problems, answers) = problems(of: submission, for: serviceType)
        if let first = problems.first { throw AppError.invalid(first.message) }
        let communeID = serviceType.$commune.id
        let serviceTypeID = try serviceType.requireID()
        let now = req.now
        let calendar = try await req.workingDayCalendar()
        guard let expected = calendar.expectedResponse(to: now, within: serviceType.responseTime) else {
            throw AppError.invalid("Không tính được thời hạn phản hồi theo lịch làm việc.")
        }
        var photoKeys: [(key: String, kind: UploadedFileKind, size: Int)] = []
        for photo in submission.photos {
            guard let kind = UploadedFileKind.detect(photo) else { continue }
            // Content-addressed: a file stored for a transaction that then fails is harmless and reused if sent again.
            photoKeys.append((try await req.application.fileStore.store(photo, kind: kind, communeID: communeID), kind, photo.count))
        }
        let routes = serviceType.topic == .collection
            ? try await CollectionRouteRecord.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$isActive == true).all() : []
        let routeIndex = CollectionSchedule.routeIndex(serving: submission.address, among: routes.map(\.route))
        let lightCode = serviceType.topic == .lighting ? answers[Self.lightPointQuestionCode] : nil
        let lightPoint = try await lightCode.asyncFlatMap { code in
            try await LightPoint.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$code == code.uppercased()).first()
        }
        let token = ReporterCode.make()
        let year = LocalDateTime(now)?.date.year ?? 2026
        let request = ServiceRequest()
        request.$commune.id = communeID
        request.$serviceType.id = serviceTypeID
        request.tokenHash = AccessToken.hash(ReporterCode.normalised(token))
        request.status = .open
        request.description = submission.description.trimmingCharacters(in: .whitespacesAndNewlines)
        request.address = submission.address.trimmingCharacters(in: .whitespacesAndNewlines)
        request.latitude = submission.latitude
        request.longitude = submission.longitude
        request.reporterName = submission.reporterName.trimmedOrNil
        request.reporterPhone = submission.reporterPhone.trimmedOrNil
        request.reporterEmail = submission.reporterEmail.trimmedOrNil
        request.answersJSON = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
        request.mediaURL = submission.mediaURL.trimmedOrNil
        request.channel = channel
        request.requestedAt = now
        request.updatedAt = now
        request.expectedAt = expected.instant
        request.version = 1
        request.$collectionRoute.id = routeIndex.flatMap { routes[$0].id }
        request.$lightPoint.id = try lightPoint?.requireID()
        request.$apiClient.id = apiClientID
        let serviceName = serviceType.name
        let storedPhotos = photoKeys
        return try await req.writeTransaction { db in
            let number = try await ServiceRequestNumbering.next(communeID: communeID, year: year, on: db)
            request.code = "SC-\(year)-" + String(format: "%06d", number)
            try await request.create(on: db)
            let requestID = try request.requireID()
            try await Self.recordUpdate(request, status: .open, note: "Đã tiếp nhận phản ánh.", author: .system, officer: nil, at: now, on: db)
            for photo in storedPhotos {
                let row = ServiceRequestPhoto()
                row.$commune.id = communeID
                row.$request.id = requestID
                row.fileKey = photo.key
                row.mediaType = photo.kind.mediaType
                row.byteCount = photo.size
                try await row.create(on: db)
            }
            try await req.audit(AuditEvent(
                action: "service_request.submit", objectType: "service_request", objectID: request.code, communeID: communeID,
                summary: "Phản ánh sự cố “\(serviceName)” qua \(channel == .web ? "trang web" : "Open311"), hạn phản hồi \(expected)"
            ), on: db)
            return Created(code: request.code, token: token, requestID: requestID, expectedAt: expected.instant)
        }
    }

    /// An officer's change of status with its public note; a duplicate points at its original.
    static func changeStatus(
        of request: ServiceRequest, to target: ServiceRequestStatus, note: String, duplicateOfCode: String?, expectedVersion: Int?,
        by staff: StaffIdentity, on req: Request
    ) async throws {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = ServiceRequestRules.checkStaffChange(from: request.status, to: target, publicNote: note, duplicateOfCode: duplicateOfCode, ownCode: request.code) {
            throw AppError.invalid(problem.vietnameseMessage)
        }
        if note.count > ServiceRequestRules.noteLimit { throw AppError.invalid("Ghi chú tối đa 2.000 ký tự.") }
        if let expectedVersion, expectedVersion != request.version {
            throw AppError.conflict("Phản ánh vừa được người khác cập nhật. Hãy tải lại trang rồi thử lại.")
        }
        var original: ServiceRequest?
        if target == .duplicate, let code = duplicateOfCode?.trimmingCharacters(in: .whitespaces).uppercased() {
            original = try await ServiceRequest.query(on: req.db).filter(\.$commune.$id == request.$commune.id).filter(\.$code == code).first()
            guard let original else { throw AppError.invalid("Không có phản ánh \(code) trong xã này.") }
            if original.status == .duplicate { throw AppError.invalid("Phản ánh \(code) cũng là phản ánh trùng; hãy chọn phản ánh gốc.") }
        }
        let now = req.now
        let from = request.status
        let requestID = try request.requireID()
        let version = request.version
        let publicNote = note.isEmpty ? (original.map { "Trùng với phản ánh \($0.code)." } ?? "") : note
        let originalID = try original?.requireID()
        // Reopened by an officer, the report gets a new response time from now, as when its reporter reopens it.
        let reopenedExpected = target == .reopened
            ? try await req.workingDayCalendar().expectedResponse(to: now, within: try await request.$serviceType.get(on: req.db).responseTime)?.instant : nil
        try await req.writeTransaction { db in
            // The version check inside the transaction makes two officers' simultaneous changes serialise.
            let current = try await ServiceRequest.query(on: db).filter(\.$id == requestID).filter(\.$version == version).first()
            guard let current else { throw AppError.conflict("Phản ánh vừa được người khác cập nhật. Hãy tải lại trang rồi thử lại.") }
            current.status = target
            current.updatedAt = now
            current.version = version + 1
            if target.isFinished { current.finishedAt = now } else { current.finishedAt = nil }
            if target == .fixed, current.fixedAt == nil { current.fixedAt = now }
            if let reopenedExpected { current.expectedAt = reopenedExpected }
            current.$duplicateOf.id = originalID
            try await current.save(on: db)
            try await Self.recordUpdate(current, status: target, note: publicNote, author: .staff, officer: staff.username, at: now, on: db)
            try await req.audit(AuditEvent(
                action: "service_request.status", objectType: "service_request", objectID: current.code, communeID: current.$commune.id,
                summary: "\(from.vietnameseName) → \(target.vietnameseName)" + (publicNote.isEmpty ? "" : ": \(publicNote)")
            ), on: db)
        }
    }

    /// Whether `token` is the secret given to the report's reporter.
    static func isReporterToken(_ token: String, of request: ServiceRequest) -> Bool {
        let typed = token.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else { return false }
        // Codes given before ReporterCode were mixed-case base64 and were hashed as given; they still answer.
        return AccessToken.hash(ReporterCode.normalised(typed)) == request.tokenHash || AccessToken.hash(typed) == request.tokenHash
    }

    /// The reporter's answer to a finished report: confirm it is fixed (which closes it) or reopen it within a week.
    /// The caller has established that the reporter speaks: by the secret token, or through a keyed Open311 client.
    static func citizenResponse(to request: ServiceRequest, reopens: Bool, note: String, on req: Request) async throws {
        let now = req.now
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > ServiceRequestRules.noteLimit { throw AppError.invalid("Ghi chú tối đa 2.000 ký tự.") }
        let problem = reopens
            ? ServiceRequestRules.checkCitizenReopen(status: request.status, finishedAt: request.finishedAt, now: now)
            : ServiceRequestRules.checkCitizenConfirmation(status: request.status, finishedAt: request.finishedAt, now: now)
        if let problem { throw AppError.invalid(problem.vietnameseMessage) }
        if reopens, note.count < 5 { throw AppError.invalid("Hãy cho biết vì sao cần mở lại (ít nhất 5 ký tự).") }
        let target: ServiceRequestStatus = reopens ? .reopened : .closed
        let requestID = try request.requireID()
        let version = request.version
        let calendar = try await req.workingDayCalendar()
        let serviceType = try await request.$serviceType.get(on: req.db)
        let newExpected = reopens ? calendar.expectedResponse(to: now, within: serviceType.responseTime)?.instant : nil
        try await req.writeTransaction { db in
            guard let current = try await ServiceRequest.query(on: db).filter(\.$id == requestID).filter(\.$version == version).first() else {
                throw AppError.conflict("Phản ánh vừa được cập nhật. Hãy tải lại trang rồi thử lại.")
            }
            current.status = target
            current.updatedAt = now
            current.version = version + 1
            current.finishedAt = reopens ? nil : now
            if let newExpected { current.expectedAt = newExpected }
            try await current.save(on: db)
            let publicNote = note.isEmpty ? (reopens ? "Người dân mở lại phản ánh." : "Người dân xác nhận đã khắc phục.") : note
            try await Self.recordUpdate(current, status: target, note: publicNote, author: .citizen, officer: nil, at: now, on: db)
            try await req.audit(AuditEvent(
                action: reopens ? "service_request.reopen" : "service_request.confirm", objectType: "service_request",
                objectID: current.code, communeID: current.$commune.id,
                summary: reopens ? "Người dân mở lại phản ánh" : "Người dân xác nhận đã khắc phục, đóng phản ánh"
            ), on: db)
        }
    }

    /// A public comment from the reporter (through an Open311 client) that changes nothing else.
    static func citizenComment(on request: ServiceRequest, note: String, on req: Request) async throws -> UUID {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...ServiceRequestRules.noteLimit).contains(note.count) else { throw AppError.invalid("Nội dung cập nhật cần từ 1 đến 2.000 ký tự.") }
        let now = req.now
        return try await req.writeTransaction { db in
            let update = try await Self.recordUpdate(request, status: request.status, note: note, author: .citizen, officer: nil, at: now, on: db)
            try await req.audit(AuditEvent(action: "service_request.comment", objectType: "service_request", objectID: request.code,
                                           communeID: request.$commune.id, summary: "Người dân bổ sung thông tin"), on: db)
            return update
        }
    }

    @discardableResult
    static func recordUpdate(
        _ request: ServiceRequest, status: ServiceRequestStatus, note: String, author: ServiceRequestUpdate.Author, officer: String?, at now: Date, on db: any Database
    ) async throws -> UUID {
        let update = ServiceRequestUpdate()
        update.$commune.id = request.$commune.id
        update.$request.id = try request.requireID()
        update.status = status
        update.note = note
        update.author = author
        update.officerUsername = officer
        update.at = now
        try await update.create(on: db)
        return try update.requireID()
    }

    /// The report of a commune with this code, or `nil`.
    static func find(code: String, communeID: UUID, on db: any Database) async throws -> ServiceRequest? {
        try await ServiceRequest.query(on: db).filter(\.$commune.$id == communeID).filter(\.$code == code.uppercased()).first()
    }
}

extension Optional {
    /// The async transform of the wrapped value, or `nil`.
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// One course: its required attendees (those of the viewer's communes only), attendance and results, and more
/// attendees for its organiser.
extension TrainingController {
    struct Option: Encodable {
        let value: String
        let label: String
        let isSelected: Bool
    }

    struct AttendeeRow: Encodable {
        let id: String
        let fullName: String
        let communeName: String
        let unitName: String
        let reason: String
        let attendance: String
        let result: String
        let score: String
        let certificate: String
        let standing: String
        let canRecord: Bool
        let attendanceOptions: [Option]
        let resultOptions: [Option]
        let version: Int
        /// The attendee's own training page, for readers `TrainingAccess.readsTrainings` lets in; `nil` for the others.
        let officerHref: String?
    }

    struct CoursePage: Encodable {
        let page: PageContext
        let title: String
        let organiser: String
        let level: String
        let dates: String
        let place: String
        let topic: String
        let coverage: String
        let attendees: [AttendeeRow]
        let hasAttendees: Bool
        let canRecordAny: Bool
        let canAddAttendees: Bool
        let choices: RequirementChoices
        let errors: FormErrors
        let resultsPath: String
        let attendeesPath: String
        let listPath: String
    }

    /// `GET /cong-viec/dao-tao/:courseID`.
    static func show(req: Request) async throws -> View {
        let course = try await TrainingAccess.course(req)
        return try await renderCourse(req, course: course, form: CourseForm(), errors: [], entered: [:])
    }

    static func renderCourse(_ req: Request, course: TrainingCourse, form: CourseForm, errors: [String], entered: [String: String]) async throws -> View {
        let staff = try req.requireStaff()
        let courseID = try course.requireID()
        let attendees = try await req.tenant.query(TrainingAttendee.self).filter(\.$course.$id == courseID).with(\.$officer).all()
        let names = try await communeNames(req)
        let units = try await req.tenant.query(Department.self).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit.name) } })
        let today = WorkPlanController.today(req)
        var coverage = TrainingCoverage()
        let rows = try attendees.sorted { (names[$0.$commune.id] ?? "", $0.officer.fullName) < (names[$1.$commune.id] ?? "", $1.officer.fullName) }.map { attendee -> AttendeeRow in
            coverage.add(attendance: attendee.attendance, result: attendee.result)
            let id = try attendee.requireID().uuidString
            let attendance = entered["attendance_\(id)"] ?? attendee.attendance.rawValue
            let result = entered["result_\(id)"] ?? attendee.result.rawValue
            return AttendeeRow(
                id: id, fullName: attendee.officer.fullName, communeName: names[attendee.$commune.id] ?? "",
                unitName: attendee.officer.$department.id.flatMap { unitNames[$0] } ?? "", reason: attendee.reason,
                attendance: attendee.attendance.vietnameseName, result: attendee.result.vietnameseName, score: entered["score_\(id)"] ?? attendee.score,
                certificate: entered["certificate_\(id)"] ?? attendee.certificateNumber ?? "",
                standing: attendee.standing(course: course, today: today).vietnameseName,
                canRecord: TrainingAccess.records(staff, course, attendee),
                attendanceOptions: TrainingAttendance.allCases.map { Option(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0.rawValue == attendance) },
                resultOptions: TrainingResult.allCases.map { Option(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0.rawValue == result) },
                version: attendee.version,
                officerHref: TrainingAccess.readsTrainings(of: attendee.officer, staff) ? CommuneWorkURL.officerTrainings(.value(attendee.$officer.id)).path : nil
            )
        }
        let organises = TrainingAccess.organises(staff, course)
        return try await req.view.render("commune-work/training", CoursePage(
            page: try await PageContext.make(for: req, title: course.title), title: course.title, organiser: course.organiser,
            level: course.$organiserCommune.id.flatMap { names[$0] } ?? "Cấp tỉnh", dates: dates(course), place: course.place, topic: course.topic,
            coverage: coverage.required == 0 ? "—"
                : "\(coverage.attended)/\(coverage.required) người tham dự (\(TrainingCoverage.percentText(coverage.attendedRate))), \(coverage.passed) đạt (\(TrainingCoverage.percentText(coverage.passedRate)))",
            attendees: rows, hasAttendees: !rows.isEmpty, canRecordAny: rows.contains(where: \.canRecord), canAddAttendees: organises,
            choices: organises ? try await requirementChoices(req, form: form, communeWide: course.isProvinceCourse) : RequirementChoices(communes: [], hasCommunes: false, roles: [], departmentKinds: [], officers: []),
            errors: FormErrors(errors), resultsPath: CommuneWorkURL.trainingResults(.value(courseID)).path,
            attendeesPath: CommuneWorkURL.trainingAttendees(.value(courseID)).path, listPath: CommuneWorkURL.trainings.path
        ))
    }

    /// `POST /cong-viec/dao-tao/:courseID/hoc-vien`: the organiser names more officers who must attend.
    static func addAttendees(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let course = try await TrainingAccess.course(req)
        guard TrainingAccess.organises(staff, course) else { throw AppError.forbidden }
        let form = try req.content.decode(CourseForm.self)
        let (requirement, firstProblems) = requirement(from: form, staff: staff)
        var problems = firstProblems
        var added: [(UUID, UUID, String)] = []
        if problems.isEmpty {
            if requirement.isEmpty {
                problems.append("Cần chọn người phải tham dự: chức danh, loại đơn vị hoặc từng cán bộ.")
            } else {
                let (resolved, resolveProblems) = try await resolve(requirement, staff: staff, on: req.db)
                problems += resolveProblems
                let existing = Set(try await TrainingAttendee.query(on: req.db).filter(\.$course.$id == course.requireID()).all(\.$officer.$id))
                added = resolved.filter { !existing.contains($0.0) }
                if resolveProblems.isEmpty, added.isEmpty { problems.append("Không có cán bộ mới nào phù hợp với lựa chọn; những người đã có trong danh sách không được thêm lại.") }
            }
        }
        guard problems.isEmpty else {
            let view = try await renderCourse(req, course: course, form: form, errors: problems, entered: [:])
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let courseID = try course.requireID()
        let attendees = added
        try await req.writeTransaction { db in
            for (officerID, communeID, reason) in attendees {
                try await makeAttendee(courseID: courseID, officerID: officerID, communeID: communeID, reason: reason).create(on: db)
            }
            try await req.audit(AuditEvent(action: "training.add_attendees", objectType: "training_course", objectID: courseID.uuidString, communeID: staff.communeID,
                                           summary: "\(course.title): thêm \(attendees.count) người phải tham dự"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: CommuneWorkURL.training(.value(courseID)).path))
    }

    /// `POST /cong-viec/dao-tao/:courseID/ket-qua`: attendance and results of the rows the officer may record, all or
    /// nothing; fields `attendance_<id>`, `result_<id>`, `score_<id>`, `certificate_<id>`, `version_<id>`.
    static func recordResults(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let course = try await TrainingAccess.course(req)
        let courseID = try course.requireID()
        let fields = try req.content.decode([String: String].self)
        let attendees = try await req.tenant.query(TrainingAttendee.self).filter(\.$course.$id == courseID).with(\.$officer).all()
        var problems: [String] = []
        var changes: [(attendee: TrainingAttendee, attendance: TrainingAttendance, result: TrainingResult, score: String, certificate: String?, version: Int)] = []
        var touchedForeign = false
        for attendee in attendees {
            let id = try attendee.requireID().uuidString
            guard let rawAttendance = fields["attendance_\(id)"] else { continue }
            guard TrainingAccess.records(staff, course, attendee) else {
                touchedForeign = true
                continue
            }
            let name = attendee.officer.fullName
            guard let attendance = TrainingAttendance(rawValue: rawAttendance), let result = TrainingResult(rawValue: fields["result_\(id)"] ?? "pending") else {
                problems.append("\(name): tình trạng tham dự hoặc kết quả không hợp lệ.")
                continue
            }
            let score = fields["score_\(id)"].trimmedOrEmpty
            let certificate = fields["certificate_\(id)"].trimmedOrNil
            if result != .pending, attendance != .present { problems.append("\(name): chỉ ghi kết quả đạt hoặc không đạt cho người có mặt.") }
            if certificate != nil, result != .passed { problems.append("\(name): chỉ ghi số chứng chỉ khi kết quả là đạt.") }
            if score.count > 200 || (certificate?.count ?? 0) > 100 { problems.append("\(name): điểm, nhận xét tối đa 200 ký tự; số chứng chỉ tối đa 100 ký tự.") }
            if result != .pending, req.now < (LocalDateTime(date: course.start, hour: 0)?.instant ?? req.now) {
                problems.append("\(name): khoá học chưa bắt đầu, chưa ghi kết quả được.")
            }
            let version = Int(fields["version_\(id)"] ?? "") ?? attendee.version
            if attendance != attendee.attendance || result != attendee.result || score != attendee.score || certificate != attendee.certificateNumber {
                changes.append((attendee, attendance, result, score, certificate, version))
            }
        }
        if touchedForeign { throw AppError.forbidden }
        if problems.isEmpty, changes.isEmpty { problems.append("Không có thay đổi nào để lưu.") }
        guard problems.isEmpty else {
            let view = try await renderCourse(req, course: course, form: CourseForm(), errors: problems, entered: fields)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let now = req.now
        let planned = changes
        try await req.writeTransaction { db in
            for change in planned {
                let id = try change.attendee.requireID()
                guard let current = try await TrainingAttendee.lockedRow(id, on: db), current.version == change.version else {
                    throw AppError.conflict("Kết quả của \(change.attendee.officer.fullName) vừa được người khác cập nhật. Hãy tải lại trang; không có gì được lưu.")
                }
                current.attendance = change.attendance
                current.result = change.result
                current.score = change.score
                current.certificateNumber = change.certificate
                current.recordedBy = staff.username
                current.recordedAt = now
                current.version += 1
                try await current.save(on: db)
                try await req.audit(AuditEvent(action: "training.record", objectType: "training_attendee", objectID: id.uuidString, communeID: current.$commune.id,
                                               summary: "\(course.title) — \(change.attendee.officer.fullName): \(change.attendance.vietnameseName), \(change.result.vietnameseName)"
                                                   + (change.score.isEmpty ? "" : ", \(change.score)") + (change.certificate.map { ", chứng chỉ \($0)" } ?? "")), on: db)
            }
        }
        return req.redirect(to: Notice.saved.appended(to: CommuneWorkURL.training(.value(courseID)).path))
    }
}

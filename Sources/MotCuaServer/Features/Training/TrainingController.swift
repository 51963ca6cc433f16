import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Training courses: the province (for many communes) or a commune (for its own) creates a course and names who must
/// attend; attendance and results are recorded; each officer sees the trainings done and still due.
enum TrainingController {
    struct CourseRow: Encodable {
        let title: String
        let organiser: String
        let level: String
        let dates: String
        let place: String
        let coverage: String
        let href: String
    }

    struct CourseForm: Content {
        var title: String?
        var organiser: String?
        var topic: String?
        var place: String?
        var startsOn: String?
        var endsOn: String?
        var communeIDs: [String]?
        var roles: [String]?
        var departmentKinds: [String]?
        var officerIDs: [String]?
    }

    struct Choice: Encodable {
        let value: String
        let label: String
        let isChecked: Bool
    }

    /// The fields that name who must attend, shared by the new-course form and the course page.
    struct RequirementChoices: Encodable {
        let communes: [Choice]
        let hasCommunes: Bool
        let roles: [Choice]
        let departmentKinds: [Choice]
        let officers: [Choice]
    }

    struct ListPage: Encodable {
        let page: PageContext
        let rows: [CourseRow]
        let hasRows: Bool
        let canCreate: Bool
        let form: CourseForm
        let choices: RequirementChoices
        let errors: FormErrors
        let actionPath: String
        let myTrainingsPath: String
        let coveragePath: String
        let reportsPath: String
    }

    /// `GET /cong-viec/dao-tao`: the courses the officer may see, and the form of a new one.
    static func list(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let defaultOrganiser = staff.communeID == nil ? "Văn phòng UBND tỉnh" : ""
        return try await renderList(req, form: CourseForm(organiser: defaultOrganiser), errors: [])
    }

    static func renderList(_ req: Request, form: CourseForm, errors: [String]) async throws -> View {
        let staff = try req.requireStaff()
        let courses = try await TrainingAccess.visibleCourses(req).sort(\.$startsOn, .descending).all()
        let attendees = try await req.tenant.query(TrainingAttendee.self).filter(\.$course.$id ~~ courses.compactMap(\.id)).all()
        let byCourse = Dictionary(grouping: attendees, by: { $0.$course.id })
        let communeNames = try await communeNames(req)
        let rows = try courses.map { course in
            var coverage = TrainingCoverage()
            for attendee in byCourse[try course.requireID()] ?? [] { coverage.add(attendance: attendee.attendance, result: attendee.result) }
            return CourseRow(
                title: course.title, organiser: course.organiser,
                level: course.$organiserCommune.id.flatMap { communeNames[$0] } ?? "Cấp tỉnh",
                dates: dates(course), place: course.place,
                coverage: coverage.required == 0 ? "—" : "\(coverage.attended)/\(coverage.required) tham dự, \(coverage.passed) đạt",
                href: CommuneWorkURL.training(.value(try course.requireID())).path
            )
        }
        return try await req.view.render("commune-work/trainings", ListPage(
            page: try await PageContext.make(for: req, title: "Bồi dưỡng, tập huấn"), rows: rows, hasRows: !rows.isEmpty,
            canCreate: TrainingAccess.mayCreate(staff), form: form,
            choices: try await requirementChoices(req, form: form, communeWide: staff.communeID == nil),
            errors: FormErrors(errors), actionPath: CommuneWorkURL.trainings.path, myTrainingsPath: CommuneWorkURL.myTrainings.path,
            coveragePath: CommuneWorkURL.trainingCoverage.path, reportsPath: CommuneWorkURL.workReports.path
        ))
    }

    static func dates(_ course: TrainingCourse) -> String {
        course.start == course.end ? course.start.vietnameseString : course.start.vietnameseString + " – " + course.end.vietnameseString
    }

    static func communeNames(_ req: Request) async throws -> [UUID: String] {
        let communes = try await InspectionController.visibleCommunes(req)
        return Dictionary(uniqueKeysWithValues: communes.compactMap { commune in commune.id.map { ($0, commune.fullName) } })
    }

    /// The roles of commune officers that a course may require.
    static let requirableRoles: [Role] = [.communeLeader, .departmentHead, .specialist, .counterOfficer]

    static func requirementChoices(_ req: Request, form: CourseForm, communeWide: Bool) async throws -> RequirementChoices {
        let staff = try req.requireStaff()
        let chosenCommunes = Set(form.communeIDs ?? [])
        let chosenRoles = Set(form.roles ?? [])
        let chosenKinds = Set(form.departmentKinds ?? [])
        let chosenOfficers = Set(form.officerIDs ?? [])
        let communes = communeWide ? try await InspectionController.visibleCommunes(req) : []
        let names = try await communeNames(req)
        let officers = try await req.tenant.query(Officer.self).filter(\.$commune.$id != nil).filter(\.$isActive == true).sort(\.$fullName).all()
        return RequirementChoices(
            communes: communes.compactMap { commune in commune.id.map { Choice(value: $0.uuidString, label: commune.fullName, isChecked: chosenCommunes.contains($0.uuidString)) } },
            hasCommunes: communeWide,
            roles: requirableRoles.map { Choice(value: $0.rawValue, label: $0.vietnameseName, isChecked: chosenRoles.contains($0.rawValue)) },
            departmentKinds: DepartmentKind.allCases.map { Choice(value: $0.rawValue, label: $0.vietnameseName, isChecked: chosenKinds.contains($0.rawValue)) },
            officers: officers.compactMap { officer in
                officer.id.map { id in
                    let place = staff.communeID == nil ? officer.$commune.id.flatMap { names[$0] }.map { " — \($0)" } ?? "" : ""
                    return Choice(value: id.uuidString, label: officer.fullName + place, isChecked: chosenOfficers.contains(id.uuidString))
                }
            }
        )
    }

    /// The requirement a form names, checked against what the officer may choose; problems in Vietnamese.
    static func requirement(from form: CourseForm, staff: StaffIdentity) -> (TrainingRequirement, [String]) {
        var problems: [String] = []
        let communeIDs = (form.communeIDs ?? []).compactMap(UUID.init(uuidString:))
        if communeIDs.count != (form.communeIDs ?? []).count || !communeIDs.allSatisfy(staff.scope.contains(communeID:)) {
            problems.append("Có xã, phường không hợp lệ trong danh sách.")
        }
        let roles = (form.roles ?? []).compactMap(Role.init(rawValue:))
        if roles.count != (form.roles ?? []).count || roles.contains(where: { !requirableRoles.contains($0) }) { problems.append("Có chức danh không hợp lệ.") }
        let kinds = (form.departmentKinds ?? []).filter { DepartmentKind(rawValue: $0) != nil }
        if kinds.count != (form.departmentKinds ?? []).count { problems.append("Có loại đơn vị không hợp lệ.") }
        let officerIDs = (form.officerIDs ?? []).compactMap(UUID.init(uuidString:))
        if officerIDs.count != (form.officerIDs ?? []).count { problems.append("Có cán bộ không hợp lệ.") }
        // A commune's course is for its own officers: its communes are its own, whatever the form says.
        let communes: Set<UUID> = staff.communeID.map { [$0] } ?? Set(communeIDs)
        return (TrainingRequirement(communeIDs: communes, roles: Set(roles), departmentKinds: Set(kinds), officerIDs: Set(officerIDs)), problems)
    }

    /// The officers the requirement names, as `(officer, commune, reason)`; named officers outside the officer's
    /// communes are refused with a message.
    static func resolve(_ requirement: TrainingRequirement, staff: StaffIdentity, on db: any Database) async throws -> ([(UUID, UUID, String)], [String]) {
        let allowed = staff.communeID.map { Set([$0]) } ?? staff.scope.communeIDs
        let officers = try await Officer.query(on: db).filter(\.$commune.$id ~~ Array(allowed.union(requirement.communeIDs))).with(\.$department).all()
        var problems: [String] = []
        // Named officers are looked up within the officer's communes only: one of another commune answers like one
        // that does not exist, so its name is never shown.
        let named = try await Officer.query(on: db).filter(\.$id ~~ Array(requirement.officerIDs)).filter(\.$commune.$id ~~ Array(allowed)).count()
        if named != requirement.officerIDs.count { problems.append(Officer.notInCommuneMessage) }
        let candidates = officers.compactMap { officer -> TrainingCandidate? in
            guard let id = officer.id, let communeID = officer.$commune.id else { return nil }
            return TrainingCandidate(officerID: id, communeID: communeID, roles: officer.roles, departmentKind: officer.department?.kind.rawValue, isActive: officer.isActive)
        }
        let communeOf = Dictionary(uniqueKeysWithValues: candidates.map { ($0.officerID, $0.communeID) })
        let chosen = requirement.attendees(among: candidates, allowedCommunes: allowed).compactMap { pick in communeOf[pick.officerID].map { (pick.officerID, $0, pick.reason) } }
        return (chosen, problems)
    }

    /// `POST /cong-viec/dao-tao`: a new course with who must attend, in one transaction.
    static func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard TrainingAccess.mayCreate(staff) else { throw AppError.forbidden }
        let form = try req.content.decode(CourseForm.self)
        let start = form.startsOn.trimmedOrNil.flatMap(CivilDate.init(isoString:))
        let end = form.endsOn.trimmedOrNil.flatMap(CivilDate.init(isoString:))
        var problems = TrainingCourseRule.problems(title: form.title.trimmedOrEmpty, organiser: form.organiser.trimmedOrEmpty, topic: form.topic.trimmedOrEmpty,
                                                   place: form.place.trimmedOrEmpty, start: start, end: end)
        let (requirement, requirementProblems) = requirement(from: form, staff: staff)
        problems += requirementProblems
        if staff.communeID == nil, requirement.communeIDs.isEmpty, requirement.officerIDs.isEmpty { problems.append("Cần chọn ít nhất một xã, phường hoặc một cán bộ phải tham dự.") }
        var chosen: [(UUID, UUID, String)] = []
        if problems.isEmpty {
            if requirement.isEmpty {
                problems.append("Cần chọn người phải tham dự: chức danh, loại đơn vị hoặc từng cán bộ.")
            } else {
                let (resolved, resolveProblems) = try await resolve(requirement, staff: staff, on: req.db)
                problems += resolveProblems
                chosen = resolved
                if resolveProblems.isEmpty, resolved.isEmpty { problems.append("Không có cán bộ nào đang làm việc phù hợp với lựa chọn.") }
            }
        }
        guard problems.isEmpty, let start, let end else {
            let view = try await renderList(req, form: form, errors: problems)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let course = TrainingCourse()
        course.$province.id = staff.scope.provinceID
        course.$organiserCommune.id = staff.communeID
        course.title = form.title.trimmedOrEmpty
        course.organiser = form.organiser.trimmedOrEmpty
        course.topic = form.topic.trimmedOrEmpty
        course.place = form.place.trimmedOrEmpty
        course.startsOn = start.isoString
        course.endsOn = end.isoString
        course.createdBy = staff.username
        let attendees = chosen
        try await req.writeTransaction { db in
            try await course.create(on: db)
            let courseID = try course.requireID()
            for (officerID, communeID, reason) in attendees {
                try await makeAttendee(courseID: courseID, officerID: officerID, communeID: communeID, reason: reason).create(on: db)
            }
            try await req.audit(AuditEvent(action: "training.create", objectType: "training_course", objectID: courseID.uuidString, communeID: staff.communeID,
                                           summary: "\(course.title) (\(dates(course))), \(attendees.count) người phải tham dự ở \(Set(attendees.map(\.1)).count) xã"), on: db)
        }
        return req.redirect(to: Notice.created.appended(to: CommuneWorkURL.training(.value(try course.requireID())).path))
    }

    static func makeAttendee(courseID: UUID, officerID: UUID, communeID: UUID, reason: String) -> TrainingAttendee {
        let attendee = TrainingAttendee()
        attendee.$commune.id = communeID
        attendee.$course.id = courseID
        attendee.$officer.id = officerID
        attendee.reason = reason
        attendee.attendance = .pending
        attendee.result = .pending
        attendee.score = ""
        attendee.version = 1
        return attendee
    }

    /// `GET /cong-viec/dao-tao/cua-toi`: the signed-in officer's own trainings.
    static func mine(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        return req.redirect(to: CommuneWorkURL.officerTrainings(.value(staff.officerID)).path)
    }

    struct OfficerTrainingRow: Encodable {
        let title: String
        let organiser: String
        let dates: String
        let place: String
        let attendance: String
        let result: String
        let score: String
        let certificate: String
        let standing: String
        let standingKey: String
        let href: String
    }

    struct OfficerPage: Encodable {
        let page: PageContext
        let fullName: String
        let due: [OfficerTrainingRow]
        let done: [OfficerTrainingRow]
        let hasDue: Bool
        let hasDone: Bool
        let listPath: String
    }

    /// The officer's trainings, split into still due (upcoming or missed) and done, newest first.
    static func trainings(of officerID: UUID, communeID: UUID, today: CivilDate, on db: any Database) async throws -> (due: [OfficerTrainingRow], done: [OfficerTrainingRow]) {
        let attendees = try await TrainingAttendee.query(on: db).filter(\.$commune.$id == communeID).filter(\.$officer.$id == officerID).with(\.$course).all()
        let rows = try attendees.sorted { $0.course.startsOn > $1.course.startsOn }.map { attendee -> (TrainingStanding, OfficerTrainingRow) in
            let standing = attendee.standing(course: attendee.course, today: today)
            return (standing, OfficerTrainingRow(
                title: attendee.course.title, organiser: attendee.course.organiser, dates: dates(attendee.course), place: attendee.course.place,
                attendance: attendee.attendance.vietnameseName, result: attendee.result.vietnameseName, score: attendee.score,
                certificate: attendee.certificateNumber ?? "", standing: standing.vietnameseName, standingKey: standing.rawValue,
                href: CommuneWorkURL.training(.value(try attendee.course.requireID())).path
            ))
        }
        return (rows.filter { $0.0 != .done }.map(\.1), rows.filter { $0.0 == .done }.map(\.1))
    }

    /// `GET /cong-viec/dao-tao/can-bo/:officerID`: one officer's trainings done and still due.
    static func officer(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let officer = try await req.tenant.find(Officer.self, req.parameters.get(CommuneWorkURL.Key.officerID, as: UUID.self))
        guard TrainingAccess.readsTrainings(of: officer, staff) else { throw AppError.forbidden }
        var due: [OfficerTrainingRow] = []
        var done: [OfficerTrainingRow] = []
        if let communeID = officer.$commune.id {
            (due, done) = try await trainings(of: try officer.requireID(), communeID: communeID, today: WorkPlanController.today(req), on: req.db)
        }
        return try await req.view.render("commune-work/officer-trainings", OfficerPage(
            page: try await PageContext.make(for: req, title: "Bồi dưỡng của \(officer.fullName)"), fullName: officer.fullName,
            due: due, done: done, hasDue: !due.isEmpty, hasDone: !done.isEmpty, listPath: CommuneWorkURL.trainings.path
        ))
    }
}

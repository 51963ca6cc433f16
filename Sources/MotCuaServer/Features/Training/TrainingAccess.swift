import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Who sees and changes which course: the tenancy rules of training.
///
/// The province sees every course of the province. A commune sees the courses it organises and those that require
/// some of its officers; attendance rows are commune-owned, so it never sees another commune's attendees.
enum TrainingAccess {
    /// The courses the signed-in officer may see.
    static func visibleCourses(_ req: Request) async throws -> QueryBuilder<TrainingCourse> {
        let staff = try req.requireStaff()
        let query = TrainingCourse.query(on: req.db).filter(\.$province.$id == staff.scope.provinceID)
        if staff.scope.isProvinceWide { return query }
        guard let communeID = staff.communeID else { return query.filter(\.$id == UUID()) }
        let required = try await TrainingAttendee.query(on: req.db).filter(\.$commune.$id == communeID).unique().all(\.$course.$id)
        return query.group(.or) { group in
            group.filter(\.$organiserCommune.$id == communeID)
            if !required.isEmpty { group.filter(\.$id ~~ Array(Set(required))) }
        }
    }

    /// The course named in the path, or a 404 when it does not exist or is not visible.
    static func course(_ req: Request) async throws -> TrainingCourse {
        guard let id = req.parameters.get(CommuneWorkURL.Key.courseID, as: UUID.self),
              let course = try await visibleCourses(req).filter(\.$id == id).first()
        else { throw AppError.notFound }
        return course
    }

    /// Whether the officer organises courses: the province office or the province's administrator for the province,
    /// a commune's leader or administrator for that commune.
    static func mayCreate(_ staff: StaffIdentity) -> Bool {
        staff.communeID == nil ? staff.hasAny([.provinceOffice, .systemAdministrator]) : staff.hasAny([.communeLeader, .systemAdministrator])
    }

    /// Whether the officer organises this course, and so chooses who must attend.
    static func organises(_ staff: StaffIdentity, _ course: TrainingCourse) -> Bool {
        guard mayCreate(staff), staff.scope.provinceID == course.$province.id else { return false }
        return course.isProvinceCourse ? staff.communeID == nil : staff.communeID == course.$organiserCommune.id
    }

    /// Whether the officer records attendance and results of this attendee: the course's organiser, or the leader or
    /// administrator of the attendee's commune.
    static func records(_ staff: StaffIdentity, _ course: TrainingCourse, _ attendee: TrainingAttendee) -> Bool {
        if organises(staff, course) { return staff.scope.contains(communeID: attendee.$commune.id) }
        return staff.communeID == attendee.$commune.id && staff.hasAny([.communeLeader, .systemAdministrator])
    }

    /// Whether the officer may read this officer's trainings: the officer, the leaders and administrators of the
    /// commune, the head of the officer's unit, and the province.
    static func readsTrainings(of officer: Officer, _ staff: StaffIdentity) -> Bool {
        if staff.officerID == officer.id { return true }
        if staff.scope.isProvinceWide { return staff.hasAny([.provinceOffice, .systemAdministrator]) }
        guard staff.communeID == officer.$commune.id, staff.communeID != nil else { return false }
        if staff.hasAny([.communeLeader, .systemAdministrator]) { return true }
        return staff.has(.departmentHead) && staff.departmentID != nil && staff.departmentID == officer.$department.id
    }
}

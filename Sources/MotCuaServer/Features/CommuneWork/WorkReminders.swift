import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The tasks and directives near their due date or overdue that an officer must see on their home page: their own
/// tasks, their unit's overdue tasks for a unit head, and the commune's directives for its leaders.
enum WorkReminders {
    /// How close a due date must be, in working days, to be shown; the same rule sends reminders (`WorkReminderJob`).
    static let horizonWorkingDays = WorkReminderRule.horizonWorkingDays

    struct Reminder: Encodable {
        let kind: String
        let title: String
        let due: String
        let state: String
        let isOverdue: Bool
        let href: String
        /// The due date as ISO text, so that reminders sort by date rather than by day of the month.
        let sortKey: String
    }

    static func reminders(for staff: StaffIdentity, on req: Request) async throws -> [Reminder] {
        guard let communeID = staff.communeID else { return [] }
        let today = WorkPlanController.today(req)
        let calendar = try await req.workingDayCalendar()
        let horizon = WorkReminderRule.horizon(from: today, calendar: calendar)
        func state(_ due: CivilDate) -> (String, Bool) {
            (WorkReminderRule.stateText(due: due, today: today, calendar: calendar), WorkReminderRule.state(due: due, today: today, calendar: calendar) == .overdue)
        }
        var reminders: [Reminder] = []
        var taskQuery = WorkTask.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$completedOn == nil).filter(\.$cancelledReason == nil)
            .filter(\.$dueDate <= horizon.isoString)
        if staff.has(.departmentHead), let unit = staff.departmentID {
            taskQuery = taskQuery.group(.or) { $0.filter(\.$assignee.$id == staff.officerID).filter(\.$leadDepartment.$id == unit) }
        } else {
            taskQuery = taskQuery.filter(\.$assignee.$id == staff.officerID)
        }
        for task in try await taskQuery.sort(\.$dueDate).limit(50).all() {
            let (text, overdue) = state(task.due)
            reminders.append(Reminder(kind: task.$assignee.id == staff.officerID ? "Nhiệm vụ của tôi" : "Nhiệm vụ của đơn vị", title: task.title,
                                      due: task.due.vietnameseString, state: text, isOverdue: overdue,
                                      href: CommuneWorkURL.task(.value(try task.requireID())).path, sortKey: task.dueDate))
        }
        // Courses the officer must attend that start within the same horizon, or are running now.
        let trainings = try await TrainingAttendee.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$officer.$id == staff.officerID).with(\.$course).all()
        for attendee in trainings where attendee.standing(course: attendee.course, today: today) == .upcoming && attendee.course.start <= horizon {
            let course = attendee.course
            reminders.append(Reminder(kind: "Bồi dưỡng phải tham dự", title: course.title, due: course.start.vietnameseString,
                                      state: today >= course.start ? "Đang diễn ra, tại \(course.place)" : "Bắt đầu \(course.start.vietnameseString), tại \(course.place)",
                                      isOverdue: false, href: CommuneWorkURL.training(.value(try course.requireID())).path, sortKey: course.startsOn))
        }
        if staff.has(.communeLeader) {
            let directives = try await Directive.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$dueDate <= horizon.isoString).sort(\.$dueDate).all()
            let tasks = try await WorkTask.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$directive.$id ~~ directives.compactMap(\.id)).all()
            for directive in directives {
                let progress = DirectiveProgress.of(directive, tasks: tasks.filter { $0.$directive.id == directive.id }, today: today)
                guard progress != .done, progress != .doneLate else { continue }
                let (text, overdue) = state(directive.due)
                reminders.append(Reminder(kind: "Chỉ đạo của tỉnh", title: directive.content, due: directive.due.vietnameseString,
                                          state: progress == .unassigned ? text + ", chưa giao nhiệm vụ" : text, isOverdue: overdue,
                                          href: CommuneWorkURL.directives.path, sortKey: directive.dueDate))
            }
        }
        return reminders.sorted { ($0.isOverdue ? 0 : 1, $0.sortKey) < ($1.isOverdue ? 0 : 1, $1.sortKey) }
    }
}

import Foundation
import Vapor

/// The pages of the commune's own work: plans under the six clears, inspections and directives.
enum CommuneWorkURL: SitePath, Sendable {
    case plans
    case plan(Parameter<UUID>)
    case planTasks(Parameter<UUID>)
    case planDecision(Parameter<UUID>)
    case task(Parameter<UUID>)
    case taskProgress(Parameter<UUID>)
    case evidence(Parameter<UUID>, Parameter<UUID>)
    case inspections
    case directives
    case assignDirective(Parameter<UUID>)
    case events
    case eventsCalendarFile
    case eventChecklist(Parameter<UUID>)
    case checklistDone(Parameter<UUID>)
    case trainings
    case training(Parameter<UUID>)
    case trainingAttendees(Parameter<UUID>)
    case trainingResults(Parameter<UUID>)
    case officerTrainings(Parameter<UUID>)
    case myTrainings
    case trainingCoverage
    case workReports
    case workReportExport(Parameter<String>)

    enum Key {
        static let planID = "planID"
        static let taskID = "taskID"
        static let evidenceID = "evidenceID"
        static let directiveID = "directiveID"
        static let eventID = "eventID"
        static let itemID = "itemID"
        static let courseID = "courseID"
        static let officerID = "officerID"
        static let exportName = "exportName"
    }

    var segments: [String] {
        switch self {
        case .plans: ["cong-viec", "ke-hoach"]
        case .plan(let id): ["cong-viec", "ke-hoach", id.segment(named: Key.planID)]
        case .planTasks(let id): ["cong-viec", "ke-hoach", id.segment(named: Key.planID), "nhiem-vu"]
        case .planDecision(let id): ["cong-viec", "ke-hoach", id.segment(named: Key.planID), "trinh-duyet"]
        case .task(let id): ["cong-viec", "nhiem-vu", id.segment(named: Key.taskID)]
        case .taskProgress(let id): ["cong-viec", "nhiem-vu", id.segment(named: Key.taskID), "tien-do"]
        case .evidence(let task, let id): ["cong-viec", "nhiem-vu", task.segment(named: Key.taskID), "minh-chung", id.segment(named: Key.evidenceID)]
        case .inspections: ["cong-viec", "kiem-tra"]
        case .directives: ["cong-viec", "chi-dao"]
        case .assignDirective(let id): ["cong-viec", "chi-dao", id.segment(named: Key.directiveID), "giao"]
        case .events: ["cong-viec", "su-kien"]
        case .eventsCalendarFile: ["cong-viec", "su-kien.ics"]
        case .eventChecklist(let id): ["cong-viec", "su-kien", id.segment(named: Key.eventID), "viec-chuan-bi"]
        case .checklistDone(let id): ["cong-viec", "su-kien", "viec-chuan-bi", id.segment(named: Key.itemID), "xong"]
        case .trainings: ["cong-viec", "dao-tao"]
        case .training(let id): ["cong-viec", "dao-tao", id.segment(named: Key.courseID)]
        case .trainingAttendees(let id): ["cong-viec", "dao-tao", id.segment(named: Key.courseID), "hoc-vien"]
        case .trainingResults(let id): ["cong-viec", "dao-tao", id.segment(named: Key.courseID), "ket-qua"]
        case .officerTrainings(let id): ["cong-viec", "dao-tao", "can-bo", id.segment(named: Key.officerID)]
        case .myTrainings: ["cong-viec", "dao-tao", "cua-toi"]
        case .trainingCoverage: ["cong-viec", "dao-tao", "do-phu"]
        case .workReports: ["cong-viec", "bao-cao"]
        case .workReportExport(let name): ["cong-viec", "bao-cao", name.segment(named: Key.exportName)]
        }
    }
}

/// Registers the commune work pages.
func communeWorkRoutes(_ app: Application) {
    app.get(CommuneWorkURL.plans.pathComponents, use: WorkPlanController.list)
    app.post(CommuneWorkURL.plans.pathComponents, use: WorkPlanController.create)
    app.get(CommuneWorkURL.plan(.key).pathComponents, use: WorkPlanController.show)
    app.post(CommuneWorkURL.planTasks(.key).pathComponents, use: WorkPlanController.addTask)
    app.post(CommuneWorkURL.planDecision(.key).pathComponents, use: WorkPlanController.decide)
    app.get(CommuneWorkURL.task(.key).pathComponents, use: WorkPlanController.showTask)
    app.on(.POST, CommuneWorkURL.taskProgress(.key).pathComponents, body: .collect(maxSize: BodyLimit.evidence), use: WorkPlanController.reportProgress)
    app.get(CommuneWorkURL.evidence(.key, .key).pathComponents, use: WorkPlanController.evidence)
    app.get(CommuneWorkURL.inspections.pathComponents, use: InspectionController.list)
    app.post(CommuneWorkURL.inspections.pathComponents, use: InspectionController.record)
    app.get(CommuneWorkURL.directives.pathComponents, use: InspectionController.directives)
    app.post(CommuneWorkURL.assignDirective(.key).pathComponents, use: InspectionController.assign)
    app.get(CommuneWorkURL.events.pathComponents, use: EventController.list)
    app.post(CommuneWorkURL.events.pathComponents, use: EventController.create)
    app.get(CommuneWorkURL.eventsCalendarFile.pathComponents, use: EventController.calendarFile)
    app.post(CommuneWorkURL.eventChecklist(.key).pathComponents, use: EventController.addChecklistItem)
    app.post(CommuneWorkURL.checklistDone(.key).pathComponents, use: EventController.markDone)
    app.get(CommuneWorkURL.trainings.pathComponents, use: TrainingController.list)
    app.post(CommuneWorkURL.trainings.pathComponents, use: TrainingController.create)
    app.get(CommuneWorkURL.myTrainings.pathComponents, use: TrainingController.mine)
    app.get(CommuneWorkURL.trainingCoverage.pathComponents, use: TrainingCoverageController.show)
    app.get(CommuneWorkURL.officerTrainings(.key).pathComponents, use: TrainingController.officer)
    app.get(CommuneWorkURL.training(.key).pathComponents, use: TrainingController.show)
    app.post(CommuneWorkURL.trainingAttendees(.key).pathComponents, use: TrainingController.addAttendees)
    app.post(CommuneWorkURL.trainingResults(.key).pathComponents, use: TrainingController.recordResults)
    app.get(CommuneWorkURL.workReports.pathComponents, use: WorkReportsController.show)
    app.get(CommuneWorkURL.workReportExport(.key).pathComponents, use: WorkReportsController.export)
}

import Foundation
import Vapor

/// The pages of the commune's own work: plans under the six clears, inspections and directives.
enum CommuneWorkURL: Sendable {
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
        case .plan(let id): ["cong-viec", "ke-hoach", Self.uuid(id, Key.planID)]
        case .planTasks(let id): ["cong-viec", "ke-hoach", Self.uuid(id, Key.planID), "nhiem-vu"]
        case .planDecision(let id): ["cong-viec", "ke-hoach", Self.uuid(id, Key.planID), "trinh-duyet"]
        case .task(let id): ["cong-viec", "nhiem-vu", Self.uuid(id, Key.taskID)]
        case .taskProgress(let id): ["cong-viec", "nhiem-vu", Self.uuid(id, Key.taskID), "tien-do"]
        case .evidence(let task, let id): ["cong-viec", "nhiem-vu", Self.uuid(task, Key.taskID), "minh-chung", Self.uuid(id, Key.evidenceID)]
        case .inspections: ["cong-viec", "kiem-tra"]
        case .directives: ["cong-viec", "chi-dao"]
        case .assignDirective(let id): ["cong-viec", "chi-dao", Self.uuid(id, Key.directiveID), "giao"]
        case .events: ["cong-viec", "su-kien"]
        case .eventsCalendarFile: ["cong-viec", "su-kien.ics"]
        case .eventChecklist(let id): ["cong-viec", "su-kien", Self.uuid(id, Key.eventID), "viec-chuan-bi"]
        case .checklistDone(let id): ["cong-viec", "su-kien", "viec-chuan-bi", Self.uuid(id, Key.itemID), "xong"]
        case .trainings: ["cong-viec", "dao-tao"]
        case .training(let id): ["cong-viec", "dao-tao", Self.uuid(id, Key.courseID)]
        case .trainingAttendees(let id): ["cong-viec", "dao-tao", Self.uuid(id, Key.courseID), "hoc-vien"]
        case .trainingResults(let id): ["cong-viec", "dao-tao", Self.uuid(id, Key.courseID), "ket-qua"]
        case .officerTrainings(let id): ["cong-viec", "dao-tao", "can-bo", Self.uuid(id, Key.officerID)]
        case .myTrainings: ["cong-viec", "dao-tao", "cua-toi"]
        case .trainingCoverage: ["cong-viec", "dao-tao", "do-phu"]
        case .workReports: ["cong-viec", "bao-cao"]
        case .workReportExport(let name):
            switch name {
            case .key: ["cong-viec", "bao-cao", ":" + Key.exportName]
            case .value(let file): ["cong-viec", "bao-cao", file]
            }
        }
    }

    private static func uuid(_ parameter: Parameter<UUID>, _ key: String) -> String {
        switch parameter {
        case .key: ":" + key
        case .value(let id): id.uuidString.lowercased()
        }
    }

    var path: String { "/" + segments.joined(separator: "/") }
    var pathComponents: [PathComponent] { segments.map { PathComponent(stringLiteral: $0) } }
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

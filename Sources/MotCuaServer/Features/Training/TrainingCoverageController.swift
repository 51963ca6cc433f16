import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Training coverage: of the officers required to attend, the share who attended and who passed, per commune over
/// all courses and per course in each commune. The province sees every commune; a commune its own rows.
enum TrainingCoverageController {
    struct Row: Encodable {
        let course: String
        let commune: String
        let required: Int
        let attended: Int
        let passed: Int
        let attendedRate: String
        let passedRate: String
    }

    struct Coverage {
        let byCommune: [Row]
        let byCourse: [Row]
        let overall: Row
    }

    /// The coverage the officer may see, from the attendance rows of their communes.
    static func coverage(_ req: Request) async throws -> Coverage {
        let courses = try await TrainingAccess.visibleCourses(req).sort(\.$startsOn, .descending).all()
        let attendees = try await req.tenant.query(TrainingAttendee.self).filter(\.$course.$id ~~ courses.compactMap(\.id)).all()
        let names = try await TrainingController.communeNames(req)
        let tally = TrainingCoverage.tally(attendees.map {
            TrainingCoverage.Fact(courseID: $0.$course.id, communeID: $0.$commune.id, attendance: $0.attendance, result: $0.result)
        })
        func row(_ course: String, _ commune: String, _ figures: TrainingCoverage) -> Row {
            Row(course: course, commune: commune, required: figures.required, attended: figures.attended, passed: figures.passed,
                attendedRate: TrainingCoverage.percentText(figures.attendedRate), passedRate: TrainingCoverage.percentText(figures.passedRate))
        }
        let byCommune = tally.byCommune.map { row("Tất cả khoá học", names[$0.key] ?? "", $0.value) }.sorted { $0.commune < $1.commune }
        var byCourse: [Row] = []
        for course in courses {
            guard let id = course.id else { continue }
            let pairs = tally.byCourseAndCommune.filter { $0.key.courseID == id }.map { row(course.title, names[$0.key.communeID] ?? "", $0.value) }
            byCourse += pairs.sorted { $0.commune < $1.commune }
        }
        return Coverage(byCommune: byCommune, byCourse: byCourse, overall: row("Tất cả khoá học", "Tổng cộng", tally.overall))
    }

    struct Page: Encodable {
        let page: PageContext
        let byCommune: [Row]
        let byCourse: [Row]
        let overall: Row
        let hasRows: Bool
        let isProvince: Bool
        let csvPath: String
        let listPath: String
    }

    /// `GET /cong-viec/dao-tao/do-phu`.
    static func show(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let coverage = try await coverage(req)
        return try await req.view.render("commune-work/training-coverage", Page(
            page: try await PageContext.make(for: req, title: "Mức độ bao phủ bồi dưỡng, tập huấn"),
            byCommune: coverage.byCommune, byCourse: coverage.byCourse, overall: coverage.overall, hasRows: coverage.overall.required > 0,
            isProvince: staff.scope.isProvinceWide, csvPath: CommuneWorkURL.workReportExport(.value(WorkReportsController.Export.training.fileName)).path,
            listPath: CommuneWorkURL.trainings.path
        ))
    }
}

import Foundation
import MotCuaCore
import Testing

@Suite("Commune work: who must attend a training, coverage, due trainings, reminders and plan progress")
struct TrainingAndReminderRuleTests {
    let calendar = WorkingDayCalendar.bundled
    let phungCong = UUID()
    let vanGiang = UUID()
    let nghiaTru = UUID()

    func candidate(_ commune: UUID, _ roles: Set<Role>, _ kind: String?, active: Bool = true) -> TrainingCandidate {
        TrainingCandidate(officerID: UUID(), communeID: commune, roles: roles, departmentKind: kind, isActive: active)
    }

    @Test("a requirement picks officers of the chosen communes by role or unit kind, and named officers; never inactive ones or outsiders")
    func whoMustAttend() {
        let leader = candidate(phungCong, [.communeLeader], nil)
        let economist = candidate(phungCong, [.specialist], "economy")
        let clerk = candidate(phungCong, [.counterOfficer], "service_center")
        let retired = candidate(phungCong, [.communeLeader], nil, active: false)
        let otherLeader = candidate(vanGiang, [.communeLeader], nil)
        let unchosenLeader = candidate(nghiaTru, [.communeLeader], nil)
        let all = [leader, economist, clerk, retired, otherLeader, unchosenLeader]
        let requirement = TrainingRequirement(communeIDs: [phungCong, vanGiang], roles: [.communeLeader], departmentKinds: ["economy"], officerIDs: [clerk.officerID])
        let picked = requirement.attendees(among: all, allowedCommunes: [phungCong, vanGiang, nghiaTru])
        #expect(picked.map(\.officerID) == [leader.officerID, economist.officerID, clerk.officerID, otherLeader.officerID])
        #expect(picked.first?.reason == "Theo chức danh: Lãnh đạo UBND xã")
        #expect(picked[1].reason == "Theo đơn vị")
        #expect(picked[2].reason == "Được chỉ định")
        // A commune's own course: officers of another commune are never chosen, even when named.
        let own = TrainingRequirement(communeIDs: [phungCong], roles: [.communeLeader], officerIDs: [otherLeader.officerID])
        #expect(own.attendees(among: all, allowedCommunes: [phungCong]).map(\.officerID) == [leader.officerID])
        #expect(TrainingRequirement(communeIDs: [phungCong]).isEmpty)
        #expect(!TrainingRequirement(officerIDs: [leader.officerID]).isEmpty)
    }

    @Test("a training is done only when attended and passed; before its last day it is upcoming, afterwards still due")
    func dueTrainings() {
        let end = CivilDate(year: 2026, month: 12, day: 4)!
        let before = CivilDate(year: 2026, month: 12, day: 4)!
        let after = CivilDate(year: 2026, month: 12, day: 5)!
        #expect(TrainingStanding.of(attendance: .present, result: .passed, courseEnd: end, today: before) == .done)
        #expect(TrainingStanding.of(attendance: .present, result: .passed, courseEnd: end, today: after) == .done)
        #expect(TrainingStanding.of(attendance: .pending, result: .pending, courseEnd: end, today: before) == .upcoming)
        for (attendance, result) in [(TrainingAttendance.pending, TrainingResult.pending), (.absent, .pending), (.excused, .pending), (.present, .notPassed), (.present, .pending)] {
            #expect(TrainingStanding.of(attendance: attendance, result: result, courseEnd: end, today: after) == .stillDue, "\(attendance) \(result)")
        }
    }

    @Test("coverage counts every required attendee, the excused too; rates per course and commune, per commune and overall")
    func coverage() {
        let course = UUID()
        let second = UUID()
        let facts: [TrainingCoverage.Fact] = [
            .init(courseID: course, communeID: phungCong, attendance: .present, result: .passed),
            .init(courseID: course, communeID: phungCong, attendance: .present, result: .notPassed),
            .init(courseID: course, communeID: phungCong, attendance: .excused, result: .pending),
            .init(courseID: course, communeID: vanGiang, attendance: .present, result: .passed),
            .init(courseID: second, communeID: phungCong, attendance: .pending, result: .pending),
        ]
        let tally = TrainingCoverage.tally(facts)
        let pair = tally.byCourseAndCommune[.init(courseID: course, communeID: phungCong)]
        #expect(pair == TrainingCoverage(required: 3, attended: 2, passed: 1))
        #expect(TrainingCoverage.percentText(pair?.attendedRate) == "66,7 %")
        #expect(TrainingCoverage.percentText(pair?.passedRate) == "33,3 %")
        #expect(tally.byCommune[phungCong] == TrainingCoverage(required: 4, attended: 2, passed: 1))
        #expect(tally.byCommune[vanGiang] == TrainingCoverage(required: 1, attended: 1, passed: 1))
        #expect(TrainingCoverage.percentText(tally.byCommune[vanGiang]?.passedRate) == "100 %")
        #expect(tally.overall == TrainingCoverage(required: 5, attended: 3, passed: 2))
        #expect(TrainingCoverage.percentText(TrainingCoverage().attendedRate) == "—")
    }

    @Test("a course needs a title, organiser, topic, place and dates in order")
    func courseForm() {
        let start = CivilDate(year: 2026, month: 12, day: 7)
        #expect(TrainingCourseRule.problems(title: "Tập huấn", organiser: "Văn phòng UBND tỉnh", topic: "Hai cấp", place: "Hội trường", start: start, end: start).isEmpty)
        let problems = TrainingCourseRule.problems(title: " ", organiser: "", topic: "x", place: "y", start: start, end: CivilDate(year: 2026, month: 12, day: 1))
        #expect(problems.count == 3)
        #expect(problems.contains { $0.contains("trước ngày bắt đầu") })
        #expect(TrainingCourseRule.problems(title: "a", organiser: "b", topic: "c", place: "d", start: nil, end: nil).count == 2)
    }

    @Test("reminders: overdue after the due day, due soon within five working days (holidays skipped), nothing further out")
    func reminderSelection() {
        // Friday 28/8/2026; Mon 31/8, Tue 1/9 and Wed 2/9 are days off in 2026, so the fifth working day after it is Wed 9/9.
        let friday = CivilDate(year: 2026, month: 8, day: 28)!
        let horizon = WorkReminderRule.horizon(from: friday, calendar: calendar)
        #expect(horizon == CivilDate(year: 2026, month: 9, day: 9))
        #expect(WorkReminderRule.state(due: CivilDate(year: 2026, month: 8, day: 27)!, today: friday, calendar: calendar) == .overdue)
        #expect(WorkReminderRule.state(due: friday, today: friday, calendar: calendar) == .dueSoon)
        #expect(WorkReminderRule.state(due: CivilDate(year: 2026, month: 9, day: 9)!, today: friday, calendar: calendar) == .dueSoon)
        #expect(WorkReminderRule.state(due: CivilDate(year: 2026, month: 9, day: 10)!, today: friday, calendar: calendar) == nil)
        #expect(WorkReminderRule.stateText(due: CivilDate(year: 2026, month: 8, day: 25)!, today: friday, calendar: calendar) == "Quá hạn 3 ngày")
        #expect(WorkReminderRule.stateText(due: friday, today: friday, calendar: calendar) == "Hạn hôm nay")
        let message = WorkReminderRule.message(state: .overdue, kind: "Nhiệm vụ", title: "Rà soát tài sản công", due: CivilDate(year: 2025, month: 9, day: 30)!, link: "https://x/cong-viec")
        #expect(message.subject == "Nhiệm vụ quá hạn")
        #expect(message.body.contains("“Rà soát tài sản công” đã quá hạn 30/09/2025") && message.body.hasSuffix("https://x/cong-viec"))
    }

    @Test("plan progress: the on-time share counts done-on-time among tasks done or past due, not cancelled or still running")
    func planProgress() {
        var tally = PlanProgressTally()
        for status in [WorkTaskStatus.doneOnTime, .doneOnTime, .doneLate, .overdue, .inProgress, .notStarted, .cancelled] { tally.add(status) }
        #expect(tally.total == 7)
        #expect(tally.judged == 4)
        #expect(tally.onTimeRate == 0.5)
        #expect(PlanProgressTally().onTimeRate == nil)
    }
}

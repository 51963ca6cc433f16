import Foundation
import MotCuaCore
import Testing

@Suite("Commune work: the six clears, plan and task statuses, recurring solar and lunar events, iCalendar")
struct CommuneWorkTests {
    let calendar = WorkingDayCalendar.bundled
    let planStart = CivilDate(year: 2025, month: 7, day: 1)!
    let planEnd = CivilDate(year: 2025, month: 12, day: 31)!

    func complete() -> SixClearTaskDraft {
        SixClearTaskDraft(assigneeName: "Phạm Thu Trang", title: "Rà soát quy trình nội bộ của 44 thủ tục", dueDate: CivilDate(year: 2025, month: 9, day: 30),
                          leadUnit: "Văn phòng HĐND–UBND", coordinatingUnits: ["Trung tâm PVHCC"], deliverable: "Bộ quy trình đã sửa",
                          evidenceRequired: "Quyết định ban hành quy trình", approvingAuthority: "Chủ tịch UBND xã")
    }

    @Test("a task lacking any of the six clears names exactly what is missing")
    func sixClears() {
        #expect(SixClearRule.missing(in: complete()).isEmpty)
        #expect(SixClearRule.problems(of: complete(), planStart: planStart, planEnd: planEnd, calendar: calendar).isEmpty)
        let cases: [(WritableKeyPath<SixClearTaskDraft, String>, SixClear)] = [
            (\.assigneeName, .person), (\.title, .work), (\.leadUnit, .responsibility), (\.deliverable, .product),
            (\.evidenceRequired, .product), (\.approvingAuthority, .authority),
        ]
        for (field, clear) in cases {
            var draft = complete()
            draft[keyPath: field] = "  "
            #expect(SixClearRule.missing(in: draft) == [clear])
            #expect(SixClearRule.problems(of: draft, planStart: planStart, planEnd: planEnd, calendar: calendar).first?.contains(clear.vietnameseName.dropFirst().prefix(6)) == true)
        }
        var noDate = complete()
        noDate.dueDate = nil
        #expect(SixClearRule.missing(in: noDate) == [.time])
        let empty = SixClearTaskDraft(assigneeName: "", title: "", dueDate: nil, leadUnit: "", deliverable: "", evidenceRequired: "", approvingAuthority: "")
        #expect(SixClearRule.missing(in: empty) == SixClear.allCases)
    }

    @Test("a due date outside the plan or on a day off is refused, with the earlier working day suggested")
    func dueDates() {
        var late = complete()
        late.dueDate = CivilDate(year: 2026, month: 1, day: 5)
        #expect(SixClearRule.problems(of: late, planStart: planStart, planEnd: planEnd, calendar: calendar).first?.contains("ngoài thời gian") == true)
        var early = complete()
        early.dueDate = CivilDate(year: 2025, month: 6, day: 30)
        #expect(SixClearRule.problems(of: early, planStart: planStart, planEnd: planEnd, calendar: calendar).count == 1)
        var holiday = complete()
        holiday.dueDate = CivilDate(year: 2025, month: 9, day: 2) // National Day; 1/9/2025 is also a day off
        let problem = SixClearRule.problems(of: holiday, planStart: planStart, planEnd: planEnd, calendar: calendar).first ?? ""
        #expect(problem.contains("ngày nghỉ") && problem.contains("29/08/2025"))
    }

    @Test("task status follows the facts: cancelled, done on time or late, overdue, started")
    func taskStatus() {
        let due = CivilDate(year: 2025, month: 9, day: 30)!
        let before = CivilDate(year: 2025, month: 9, day: 1)!
        let after = CivilDate(year: 2025, month: 10, day: 2)!
        #expect(WorkTaskStatus.of(progressPercent: 0, completedOn: nil, isCancelled: false, dueDate: due, today: before) == .notStarted)
        #expect(WorkTaskStatus.of(progressPercent: 40, completedOn: nil, isCancelled: false, dueDate: due, today: before) == .inProgress)
        #expect(WorkTaskStatus.of(progressPercent: 40, completedOn: nil, isCancelled: false, dueDate: due, today: after) == .overdue)
        #expect(WorkTaskStatus.of(progressPercent: 100, completedOn: due, isCancelled: false, dueDate: due, today: after) == .doneOnTime)
        #expect(WorkTaskStatus.of(progressPercent: 100, completedOn: after, isCancelled: false, dueDate: due, today: after) == .doneLate)
        #expect(WorkTaskStatus.of(progressPercent: 10, completedOn: nil, isCancelled: true, dueDate: due, today: after) == .cancelled)
    }

    @Test("a plan is drafted, submitted, then approved or returned; only drafts change")
    func planStatus() {
        #expect(WorkPlanStatus.draft.canMove(to: .submitted))
        #expect(WorkPlanStatus.submitted.canMove(to: .approved))
        #expect(WorkPlanStatus.submitted.canMove(to: .returned))
        #expect(WorkPlanStatus.returned.canMove(to: .submitted))
        #expect(!WorkPlanStatus.draft.canMove(to: .approved))
        #expect(!WorkPlanStatus.approved.canMove(to: .draft))
        #expect(WorkPlanStatus.allCases.filter(\.isEditable) == [.draft, .returned])
    }

    @Test("Mid-Autumn (15/8 lunar) falls on the published dates, every year")
    func midAutumn() {
        let rule = EventDateRule.everyLunarYear(month: 8, day: 15)
        let dates = rule.occurrences(from: CivilDate(year: 2024, month: 1, day: 1)!, through: CivilDate(year: 2028, month: 12, day: 31)!).map(\.date)
        #expect(dates == [
            CivilDate(year: 2024, month: 9, day: 17)!, CivilDate(year: 2025, month: 10, day: 6)!, CivilDate(year: 2026, month: 9, day: 25)!,
            CivilDate(year: 2027, month: 9, day: 15)!, CivilDate(year: 2028, month: 10, day: 3)!,
        ])
        for date in dates { #expect(LunarCalendar.lunarDate(for: date).map { [$0.month, $0.day] } == [8, 15]) }
    }

    @Test("a lunar 30th in a 29-day month moves to the 29th and says so; months 11–12 fall in the next solar year")
    func shortLunarMonth() throws {
        let year = try #require((2025...2060).first { LunarCalendar.daysInLunarMonth(12, ofLunarYear: $0) == 29 })
        let rule = EventDateRule.everyLunarYear(month: 12, day: 30)
        let window = rule.occurrences(from: CivilDate(year: year + 1, month: 1, day: 1)!, through: CivilDate(year: year + 1, month: 12, day: 31)!)
        let moved = try #require(window.first)
        #expect(LunarCalendar.lunarDate(for: moved.date).map { [$0.year, $0.month, $0.day] } == [year, 12, 29])
        #expect(moved.note?.contains("chỉ có 29 ngày") == true)
        #expect(EventDateRule.everyLunarYear(month: 13, day: 1).problem != nil)
        #expect(EventDateRule.everySolarYear(month: 2, day: 30).problem != nil)
        let leapDay = EventDateRule.everySolarYear(month: 2, day: 29).occurrences(from: CivilDate(year: 2027, month: 1, day: 1)!, through: CivilDate(year: 2028, month: 12, day: 31)!)
        #expect(leapDay.map(\.date) == [CivilDate(year: 2027, month: 2, day: 28)!, CivilDate(year: 2028, month: 2, day: 29)!])
        #expect(leapDay.first?.note != nil && leapDay.last?.note == nil)
    }

    @Test("preparation is due a number of working days before the event")
    func countedBack() {
        // Three working days before Wednesday 2/9/2026: 1/9 is off and 31/8 is swapped for Saturday 22/8, so 28, 27, 26/8.
        #expect(calendar.workingDay(3, workingDaysBefore: CivilDate(year: 2026, month: 9, day: 2)!) == CivilDate(year: 2026, month: 8, day: 26))
        #expect(calendar.workingDay(0, workingDaysBefore: CivilDate(year: 2026, month: 9, day: 5)!) == CivilDate(year: 2026, month: 9, day: 4))
        #expect(calendar.workingDay(-1, workingDaysBefore: CivilDate(year: 2026, month: 9, day: 5)!) == nil)
    }

    /// Unfolds and splits an iCalendar text into its events' properties, as a reader would.
    static func parse(_ text: String) -> [[String: String]] {
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        var events: [[String: String]] = []
        var current: [String: String]?
        for line in unfolded.components(separatedBy: "\r\n") where !line.isEmpty {
            if line == "BEGIN:VEVENT" { current = [:]; continue }
            if line == "END:VEVENT" { if let event = current { events.append(event) }; current = nil; continue }
            guard current != nil, let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon]).split(separator: ";").first.map(String.init) ?? ""
            var value = String(line[line.index(after: colon)...])
            for (escaped, plain) in [("\\n", "\n"), ("\\,", ","), ("\\;", ";"), ("\\\\", "\\")] { value = value.replacingOccurrences(of: escaped, with: plain) }
            current?[name] = value
        }
        return events
    }

    @Test("the iCalendar export folds long Vietnamese lines without splitting a character and reads back")
    func iCalendar() {
        let long = String(repeating: "Chuẩn bị lễ khai giảng, trang trí; in giấy mời. ", count: 6)
        let text = ICalendar.document(name: "Sự kiện xã Phụng Công", events: [
            .init(uid: "a@motcua", date: CivilDate(year: 2026, month: 9, day: 5)!, summary: "Khai giảng năm học mới", description: long, location: "Trường THCS Phụng Công"),
            .init(uid: "b@motcua", date: CivilDate(year: 2026, month: 9, day: 25)!, summary: "Tết Trung thu cho trẻ em", description: "15/8 âm lịch", location: "Nhà văn hoá"),
        ], stamp: Date(timeIntervalSince1970: 1_780_000_000))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        let events = Self.parse(text)
        #expect(events.count == 2)
        #expect(events[0]["SUMMARY"] == "Khai giảng năm học mới")
        #expect(events[0]["DESCRIPTION"] == long)
        #expect(events[0]["DTSTART"] == "20260905")
        #expect(events[0]["DTEND"] == "20260906")
        #expect(events[1]["LOCATION"] == "Nhà văn hoá")
    }
}

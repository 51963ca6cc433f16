import Foundation
import MotCuaCore
import Testing

@Suite("Fault reports: statuses, response times, Open311 filters and documents, collection routes")
struct PublicServicesTests {
    let calendar = WorkingDayCalendar.bundled

    func instant(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        LocalDateTime(date: CivilDate(year: year, month: month, day: day)!, hour: hour, minute: minute)!.instant
    }

    @Test("Open311 sees two statuses; finished statuses are closed, the others open")
    func open311Statuses() {
        let closed = ServiceRequestStatus.allCases.filter { $0.open311Status == "closed" }
        #expect(Set(closed) == [.fixed, .duplicate, .notOurResponsibility, .noFurtherAction, .closed])
        #expect(ServiceRequestStatus.reopened.fixMyStreetStatus == "REOPEN")
        #expect(ServiceRequestStatus.notOurResponsibility.fixMyStreetStatus == "NOT_COUNCILS_RESPONSIBILITY")
    }

    @Test("officers cannot reopen into open, must explain refusals, and name the original of a duplicate")
    func staffChanges() {
        #expect(ServiceRequestRules.checkStaffChange(from: .open, to: .fixed, publicNote: "", duplicateOfCode: nil, ownCode: "SC-1") == nil)
        #expect(ServiceRequestRules.checkStaffChange(from: .open, to: .open, publicNote: "x", duplicateOfCode: nil, ownCode: "SC-1")
            == .notAllowed(from: .open, to: .open))
        #expect(ServiceRequestRules.checkStaffChange(from: .open, to: .notOurResponsibility, publicNote: "  ", duplicateOfCode: nil, ownCode: "SC-1")
            == .noteRequired)
        #expect(ServiceRequestRules.checkStaffChange(from: .acknowledged, to: .duplicate, publicNote: "", duplicateOfCode: nil, ownCode: "SC-1")
            == .duplicateNeedsTarget)
        #expect(ServiceRequestRules.checkStaffChange(from: .acknowledged, to: .duplicate, publicNote: "", duplicateOfCode: "sc-1", ownCode: "SC-1")
            == .duplicateOfItself)
        #expect(ServiceRequestRules.checkStaffChange(from: .fixed, to: .inProgress, publicNote: "x", duplicateOfCode: nil, ownCode: "SC-1")
            == .notAllowed(from: .fixed, to: .inProgress))
        #expect(ServiceRequestRules.checkStaffChange(from: .fixed, to: .closed, publicNote: "", duplicateOfCode: nil, ownCode: "SC-1") == nil)
        #expect(ServiceRequestRules.checkStaffChange(from: .closed, to: .reopened, publicNote: "Dân báo lại", duplicateOfCode: nil, ownCode: "SC-1") == nil)
    }

    @Test("a citizen may reopen or confirm within seven days of the fix, not after, and not a duplicate")
    func citizenWindow() {
        let fixedAt = instant(2026, 11, 2, 9)
        let sixDaysLater = fixedAt.addingTimeInterval(6 * 86_400)
        let eightDaysLater = fixedAt.addingTimeInterval(8 * 86_400)
        #expect(ServiceRequestRules.checkCitizenReopen(status: .fixed, finishedAt: fixedAt, now: sixDaysLater) == nil)
        #expect(ServiceRequestRules.checkCitizenReopen(status: .fixed, finishedAt: fixedAt, now: eightDaysLater) == .reopenWindowPassed)
        #expect(ServiceRequestRules.checkCitizenReopen(status: .inProgress, finishedAt: nil, now: sixDaysLater)
            == .notAllowed(from: .inProgress, to: .reopened))
        #expect(ServiceRequestRules.checkCitizenReopen(status: .duplicate, finishedAt: fixedAt, now: sixDaysLater)
            == .notAllowed(from: .duplicate, to: .reopened))
        #expect(ServiceRequestRules.checkCitizenConfirmation(status: .fixed, finishedAt: fixedAt, now: sixDaysLater) == nil)
        #expect(ServiceRequestRules.checkCitizenConfirmation(status: .closed, finishedAt: fixedAt, now: sixDaysLater) == .notFixedYet)
    }

    @Test("a response in working days ends at 17:00 of the n-th working day after the report")
    func responseInDays() {
        // Friday 27/11/2026 → two working days later is Tuesday 1/12.
        let expected = calendar.expectedResponse(to: instant(2026, 11, 27, 10), within: .workingDays(2))
        #expect(expected == LocalDateTime(date: CivilDate(year: 2026, month: 12, day: 1)!, hour: 17))
    }

    @Test("a response in working hours consumes office hours, skipping nights, weekends and holidays")
    func responseInHours() {
        let day = { (d: Int, h: Int, m: Int) in LocalDateTime(date: CivilDate(year: 2026, month: 11, day: d)!, hour: h, minute: m) }
        // Within the same day.
        #expect(calendar.expectedResponse(to: instant(2026, 11, 25, 9), within: .workingHours(4)) == day(25, 13, 0))
        // Exactly to closing time stays on the same day.
        #expect(calendar.expectedResponse(to: instant(2026, 11, 25, 13), within: .workingHours(4)) == day(25, 17, 0))
        // Friday 15:30 + 4 h: 1.5 h on Friday, 2.5 h on Monday 30/11 from 08:00.
        #expect(calendar.expectedResponse(to: instant(2026, 11, 27, 15, 30), within: .workingHours(4)) == day(30, 10, 30))
        // Reported at night or on Saturday: counting starts at the next opening.
        #expect(calendar.expectedResponse(to: instant(2026, 11, 28, 22), within: .workingHours(2)) == day(30, 10, 0))
        #expect(calendar.expectedResponse(to: instant(2026, 11, 25, 6), within: .workingHours(2)) == day(25, 10, 0))
        // 2/9/2026 (Wednesday) is National Day: a report on 1/9 is carried over it (1/9 is also a day off in 2026).
        let overHoliday = calendar.expectedResponse(to: instant(2026, 8, 31, 16), within: .workingHours(3))
        #expect(overHoliday.map { $0.date > CivilDate(year: 2026, month: 9, day: 2)! } == true)
        #expect(overHoliday.map { calendar.isWorkingDay($0.date) } == true)
    }

    @Test("stored response times are read back only within range")
    func responseTimeStorage() {
        #expect(ServiceResponseTime(unit: "days", amount: 3) == .workingDays(3))
        #expect(ServiceResponseTime(unit: "hours", amount: 8) == .workingHours(8))
        #expect(ServiceResponseTime(unit: "weeks", amount: 1) == nil)
        #expect(ServiceResponseTime(unit: "days", amount: 0) == nil)
        #expect(ServiceResponseTime.workingHours(4).vietnameseDescription == "4 giờ làm việc")
    }

    @Test("GET requests filters: default 90 days, at most 90 days, ISO dates with zones, status open or closed")
    func requestQuery() throws {
        let now = instant(2026, 11, 29, 9)
        let defaults = try Open311RequestQuery(parameters: [:], now: now)
        #expect(defaults.end == now)
        #expect(defaults.start == now.addingTimeInterval(-90 * 86_400))
        #expect(defaults.finished == nil)

        let filtered = try Open311RequestQuery(parameters: [
            "start_date": "2026-11-01T00:00:00+07:00", "end_date": "2026-11-28T17:00:00Z",
            "status": "closed", "service_code": "den-duong, rac-thai", "service_request_id": "",
        ], now: now)
        #expect(filtered.start == instant(2026, 11, 1, 0))
        #expect(filtered.end == instant(2026, 11, 29, 0))
        #expect(filtered.finished == true)
        #expect(filtered.serviceCodes == ["den-duong", "rac-thai"])
        #expect(filtered.requestIDs.isEmpty)

        #expect(throws: Open311Error.self) {
            try Open311RequestQuery(parameters: ["start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"], now: now)
        }
        #expect(throws: Open311Error.self) { try Open311RequestQuery(parameters: ["start_date": "hôm qua"], now: now) }
        #expect(throws: Open311Error.self) { try Open311RequestQuery(parameters: ["status": "fixed"], now: now) }
        #expect(throws: Open311Error.self) {
            try Open311RequestQuery(parameters: ["start_date": "2026-11-20", "end_date": "2026-11-10"], now: now)
        }
        do {
            _ = try Open311RequestQuery(parameters: ["start_date": "2026-01-01", "end_date": "2026-12-01"], now: now)
            Issue.record("a 334-day span was accepted")
        } catch {
            #expect(error.httpStatus == 400)
            #expect(error.description.contains("90 ngày"))
        }
    }

    @Test("dates are written in Vietnam time with their offset and read back")
    func dateTimes() {
        let moment = instant(2026, 11, 29, 9, 5)
        #expect(Open311DateTime.string(moment) == "2026-11-29T09:05:00+07:00")
        #expect(Open311DateTime.parse("2026-11-29T09:05:00+07:00") == moment)
        #expect(Open311DateTime.parse("2026-11-29T02:05:00.000Z") == moment)
        #expect(Open311DateTime.parse("2026-11-29T09:05:00") == nil)
    }

    @Test("one document tree gives JSON and XML with escaped text and the spec's item names")
    func documents() {
        let document = Open311Value.list(itemName: "service", [
            .object([("service_code", .text("den-duong")), ("service_name", .text("Đèn <đường> & \"ngõ\"")), ("metadata", .boolean(false)),
                     ("lat", .number(20.9)), ("keywords", .null)]),
        ])
        #expect(document.json == #"[{"service_code":"den-duong","service_name":"Đèn \u003cđường\u003e \u0026 \"ngõ\"","metadata":false,"lat":20.9,"keywords":null}]"#)
        #expect(document.xmlDocument(root: "services") == "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            + "<services><service><service_code>den-duong</service_code><service_name>Đèn &lt;đường&gt; &amp; &quot;ngõ&quot;</service_name>"
            + "<metadata>false</metadata><lat>20.9</lat><keywords></keywords></service></services>")
        let error = Open311Error.forbidden("api_key không hợp lệ").document
        #expect(error.json == #"[{"code":403,"description":"api_key không hợp lệ"}]"#)
        #expect(Open311Format.split("requests.xml")! == ("requests", .xml))
        #expect(Open311Format.split("requests.html") == nil)
        #expect(Open311Format.split(".json") == nil)
    }

    @Test("extra questions: required answers, numbers, choices; unknown codes ignored")
    func questions() throws {
        let questions = [
            ServiceQuestion(code: "ma_cot", datatype: .string, required: false, description: "Mã cột đèn"),
            ServiceQuestion(code: "so_bong", datatype: .number, required: true, description: "Số bóng hỏng"),
            ServiceQuestion(code: "muc_do", datatype: .singlevaluelist, required: false, description: "Mức độ",
                            choices: [.init(key: "nang", name: "Nặng"), .init(key: "nhe", name: "Nhẹ")]),
        ]
        let kept = try ServiceQuestion.validate(["so_bong": " 2 ", "muc_do": "nang", "la": "x", "ma_cot": ""], for: questions).get()
        #expect(kept == ["so_bong": "2", "muc_do": "nang"])
        #expect(throws: ServiceQuestionError.self) { try ServiceQuestion.validate([:], for: questions).get() }
        #expect(throws: ServiceQuestionError.self) { try ServiceQuestion.validate(["so_bong": "hai"], for: questions).get() }
        #expect(throws: ServiceQuestionError.self) { try ServiceQuestion.validate(["so_bong": "2", "muc_do": "vua"], for: questions).get() }
    }

    @Test("a missed collection is matched to the route serving the place, the most specific area first")
    func collectionRoutes() {
        let routes = [
            CollectionRoute(name: "Tuyến 1", areas: ["Tổ dân phố 1", "Thôn Phụng Công"], weekdays: [.monday, .wednesday, .friday], startMinute: 330, endMinute: 420),
            CollectionRoute(name: "Tuyến 2", areas: ["Tổ dân phố 12", "Thôn Đa Ngưu"], weekdays: [.tuesday, .thursday, .saturday], startMinute: 900, endMinute: 1020),
        ]
        #expect(CollectionSchedule.routeIndex(serving: "ngõ 5, to dan pho 12, xã Phụng Công", among: routes) == 1)
        #expect(CollectionSchedule.routeIndex(serving: "Số 3 Tổ dân phố 1", among: routes) == 0)
        #expect(CollectionSchedule.routeIndex(serving: "đầu thôn Phụng Công", among: routes) == 0)
        #expect(CollectionSchedule.routeIndex(serving: "Thôn Xuân Quan", among: routes) == nil)
        #expect(routes[0].weekdaysDescription == "thứ Hai, thứ Tư, thứ Sáu")
        #expect(routes[0].timeWindowDescription == "05:30–07:00")
        // Sunday 29/11/2026: the next collection of route 1 is Monday 30/11.
        #expect(CollectionSchedule.nextCollectionDay(of: routes[0], onOrAfter: CivilDate(year: 2026, month: 11, day: 29)!)
            == CivilDate(year: 2026, month: 11, day: 30))
    }

    @Test("weekday lists and clock times as notices write them")
    func noticeFormats() {
        #expect(CollectionSchedule.weekdays(from: "2, 4, 6") == [.monday, .wednesday, .friday])
        #expect(CollectionSchedule.weekdays(from: "7 CN") == [.saturday, .sunday])
        #expect(CollectionSchedule.weekdays(from: "1, 3") == nil)
        #expect(CollectionSchedule.weekdays(from: "") == nil)
        #expect(CollectionSchedule.weekdayNumbers([.sunday, .monday]) == "2, CN")
        #expect(CollectionSchedule.minutes(from: "05:30") == 330)
        #expect(CollectionSchedule.minutes(from: "25:00") == nil)
        #expect(CollectionSchedule.minutes(from: "5h30") == nil)
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The month page (solar and lunar dates, days off) and the administrators' page of yearly schedules.
enum CalendarController {
    // MARK: month page

    struct DayCell: Encodable {
        let day: Int
        let isoDate: String
        let lunarLabel: String
        let isInMonth: Bool
        let isWeekend: Bool
        let isToday: Bool
        let dayOffName: String?
        let isProjected: Bool
        let makeUpName: String?
        /// The chosen commune's public events on this day.
        let events: [PublicEvents.Entry]
        let hasEvents: Bool
    }

    struct Week: Encodable {
        let days: [DayCell]
    }

    struct DayOffLine: Encodable {
        let date: String
        let weekday: String
        let lunar: String
        let name: String
        let isProjected: Bool
        let isMakeUpDay: Bool
    }

    struct MonthPage: Encodable {
        let page: PageContext
        let title: String
        let lunarSummary: String
        let weeks: [Week]
        let lines: [DayOffLine]
        let hasLines: Bool
        let hasProjected: Bool
        let scheduleSource: String?
        let previousMonthPath: String
        let nextMonthPath: String
        let weekdayNames: [String]
        // the commune's public events (`?xa=<slug>`)
        let communeName: String?
        let communeSlug: String
        let communeChoices: [OrganisationController.Option]
        let monthValue: String
        let calendarPath: String
        let events: [PublicEvents.Entry]
        let hasEvents: Bool
    }

    static func month(req: Request) async throws -> View {
        let today = LocalDateTime(req.now)?.date ?? CivilDate(year: 2026, month: 1, day: 1)!
        let (year, month) = try parseMonth(req.query[String.self, at: "thang"], default: (today.year, today.month))
        let calendar = try await req.workingDayCalendar()
        guard let first = CivilDate(year: year, month: month, day: 1) else { throw AppError.notFound }
        let dayCount = CivilDate.numberOfDays(inMonth: month, ofYear: year)
        let makeUpDays = Dictionary(
            (calendar.officialSchedule(forYear: year)?.makeUpWorkingDays ?? []).map { ($0.date, $0.name) },
            uniquingKeysWith: { first, _ in first }
        )

        // Weeks start on Monday, as on Vietnamese office calendars.
        let leading = (first.weekday.rawValue + 5) % 7
        let commune = try await PublicEvents.commune(for: req)
        let gridStart = first.adding(days: -leading) ?? first
        let publicEvents = try await commune.asyncMap { commune in
            try await PublicEvents.byDate(communeID: try commune.requireID(), from: gridStart, through: gridStart.adding(days: 41) ?? gridStart, on: req.db)
        } ?? [:]
        var cells: [DayCell] = []
        var lines: [DayOffLine] = []
        guard var cursor = first.adding(days: -leading) else { throw AppError.notFound }
        while true {
            let lunar = LunarCalendar.lunarDate(for: cursor)
            let dayOff = calendar.dayOff(on: cursor)
            let inMonth = cursor.month == month && cursor.year == year
            cells.append(DayCell(
                day: cursor.day, isoDate: cursor.isoString, lunarLabel: lunar.map(lunarLabel) ?? "",
                isInMonth: inMonth, isWeekend: cursor.weekday.isWeekend, isToday: cursor == today,
                dayOffName: dayOff?.name, isProjected: dayOff?.isProjected ?? false, makeUpName: makeUpDays[cursor],
                events: publicEvents[cursor.isoString] ?? [], hasEvents: publicEvents[cursor.isoString] != nil
            ))
            if inMonth, dayOff != nil || makeUpDays[cursor] != nil {
                lines.append(DayOffLine(
                    date: cursor.vietnameseString, weekday: cursor.weekday.vietnameseName,
                    lunar: lunar.map { "\($0.day)/\($0.month)\($0.isLeapMonth ? " nhuận" : "") âm lịch" } ?? "",
                    name: dayOff?.name ?? makeUpDays[cursor] ?? "", isProjected: dayOff?.isProjected ?? false,
                    isMakeUpDay: dayOff == nil
                ))
            }
            guard let next = cursor.adding(days: 1) else { break }
            cursor = next
            if cells.count % 7 == 0, cursor > (first.adding(days: dayCount - 1) ?? first) { break }
        }
        let weeks = stride(from: 0, to: cells.count, by: 7).map { Week(days: Array(cells[$0..<min($0 + 7, cells.count)])) }
        let firstLunar = LunarCalendar.lunarDate(for: first)
        let lastLunar = first.adding(days: dayCount - 1).flatMap(LunarCalendar.lunarDate(for:))
        let lunarSummary = [firstLunar, lastLunar].compactMap { $0 }.map { "tháng \($0.monthName)\($0.isLeapMonth ? " (nhuận)" : "") năm \($0.yearName)" }
        let (previousYear, previousMonth) = month == 1 ? (year - 1, 12) : (year, month - 1)
        let (nextYear, nextMonth) = month == 12 ? (year + 1, 1) : (year, month + 1)
        let source = calendar.officialSchedule(forYear: year)?.source
        let monthEvents = publicEvents.filter { $0.key.hasPrefix(String(format: "%04d-%02d-", year, month)) }.sorted { $0.key < $1.key }.flatMap(\.value)
        let communeQuery = commune.map { "&xa=" + $0.slug } ?? ""
        return try await req.view.render("calendar/month", MonthPage(
            page: try await PageContext.make(for: req, title: "Lịch tháng \(month)/\(year)"),
            title: "Lịch tháng \(month)/\(year)",
            lunarSummary: lunarSummary.first == lunarSummary.last ? (lunarSummary.first ?? "") : lunarSummary.joined(separator: " – "),
            weeks: weeks, lines: lines, hasLines: !lines.isEmpty, hasProjected: lines.contains(where: \.isProjected),
            scheduleSource: source.map { "\($0.title) — \($0.reference)" },
            previousMonthPath: monthPath(previousYear, previousMonth) + communeQuery, nextMonthPath: monthPath(nextYear, nextMonth) + communeQuery,
            weekdayNames: ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"],
            communeName: commune?.fullName, communeSlug: commune?.slug ?? "",
            communeChoices: try await PublicEvents.communeChoices(selected: commune, on: req.db),
            monthValue: String(format: "%04d-%02d", year, month), calendarPath: SiteURL.calendarMonth.path, events: monthEvents, hasEvents: !monthEvents.isEmpty
        ))
    }

    /// "1/6" on ordinary days, with the month's name on its first day so that a reader sees where lunar months begin.
    private static func lunarLabel(_ lunar: LunarDate) -> String {
        let leap = lunar.isLeapMonth ? "n" : ""
        return lunar.day == 1 ? "1/\(lunar.month)\(leap) (\(lunar.monthName))" : "\(lunar.day)/\(lunar.month)\(leap)"
    }

    static func monthPath(_ year: Int, _ month: Int) -> String {
        SiteURL.calendarMonth.path + "?thang=" + String(format: "%04d-%02d", year, month)
    }

    private static func parseMonth(_ raw: String?, default fallback: (Int, Int)) throws -> (Int, Int) {
        guard let raw, !raw.isEmpty else { return fallback }
        let parts = raw.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, LunarCalendar.supportedRange.lowerBound.year...LunarCalendar.supportedRange.upperBound.year ~= parts[0], (1...12).contains(parts[1]) else {
            throw AppError.badRequest("Tháng không hợp lệ: \"\(raw)\". Dùng dạng YYYY-MM, năm từ 1900 đến 2199.")
        }
        return (parts[0], parts[1])
    }

    // MARK: yearly schedules

    struct YearRow: Encodable {
        let year: Int
        let isOfficial: Bool
        let source: String
        let dayOffCount: Int
        let makeUpCount: Int
        let monthPath: String
        let editPath: String
    }

    struct ScheduleForm: Content {
        var year: String?
        var sourceTitle: String?
        var sourceReference: String?
        var daysOff: String?
        var makeUpWorkingDays: String?
    }

    struct SchedulesPage: Encodable {
        let page: PageContext
        let years: [YearRow]
        let canRecord: Bool
        let form: ScheduleForm
        let errors: FormErrors
        let actionPath: String
    }

    static func schedules(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let year = req.query[Int.self, at: "nam"]
        return try await renderSchedules(req, staff: staff, form: try await prefilledForm(year: year, req: req), errors: [], status: .ok)
    }

    static func recordSchedule(req: Request) async throws -> Response {
        let staff = try req.requireProvinceAdministrator()
        let form = try req.content.decode(ScheduleForm.self)
        let schedule: OfficialSchedule
        do {
            schedule = try makeSchedule(from: form)
        } catch let error as CalendarError {
            let view = try await renderSchedules(req, staff: staff, form: form, errors: error.problems, status: .unprocessableEntity)
            return try await view.encodeResponse(status: .unprocessableEntity, for: req)
        }
        let actor = req.auditActor
        let now = req.now
        _ = try await req.writeTransaction { db in
            try await CalendarStore.record(schedule, by: actor, at: now, on: db)
        }
        req.application.calendarStore.invalidate()
        return req.redirect(to: Notice.saved.appended(to: SiteURL.schedules.path))
    }

    /// Builds a schedule from the form's lines, "YYYY-MM-DD Tên ngày" or "D/M/YYYY Tên ngày", one day a line.
    static func makeSchedule(from form: ScheduleForm) throws -> OfficialSchedule {
        var problems: [String] = []
        let year = Int(form.year.trimmedOrEmpty)
        if year == nil { problems.append("Năm không hợp lệ.") }
        let title = form.sourceTitle.trimmedOrEmpty
        let reference = form.sourceReference.trimmedOrEmpty
        if title.isEmpty { problems.append("Cần nhập tên văn bản công bố lịch nghỉ.") }
        if reference.isEmpty { problems.append("Cần nhập số, ngày của văn bản (nguồn).") }
        let daysOff = entries(form.daysOff, label: "Ngày nghỉ", problems: &problems)
        let makeUp = entries(form.makeUpWorkingDays, label: "Ngày làm bù", problems: &problems)
        guard problems.isEmpty, let year else { throw CalendarError(problems) }
        return try OfficialSchedule(year: year, source: .init(title: title, reference: reference), daysOff: daysOff, makeUpWorkingDays: makeUp)
    }

    private static func entries(_ text: String?, label: String, problems: inout [String]) -> [OfficialSchedule.Entry] {
        var result: [OfficialSchedule.Entry] = []
        for (index, rawLine) in (text ?? "").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let dateText = parts[0]
            guard let date = CivilDate(isoString: dateText) ?? CivilDate(dayMonthYear: dateText) else {
                problems.append("\(label), dòng \(index + 1): \"\(dateText)\" không phải ngày hợp lệ (YYYY-MM-DD hoặc D/M/YYYY).")
                continue
            }
            let name = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            if name.isEmpty {
                problems.append("\(label), dòng \(index + 1): thiếu tên ngày sau \(dateText).")
                continue
            }
            result.append(.init(date: date, name: name))
        }
        return result
    }

    private static func prefilledForm(year: Int?, req: Request) async throws -> ScheduleForm {
        guard let year, WorkingDayCalendar.supportedYears.contains(year) else { return ScheduleForm() }
        let calendar = try await req.workingDayCalendar()
        let official = calendar.officialSchedule(forYear: year)
        let lines = calendar.daysOff(inYear: year).map { "\($0.date.isoString) \($0.name)" }.joined(separator: "\n")
        return ScheduleForm(
            year: String(year), sourceTitle: official?.source.title, sourceReference: official?.source.reference, daysOff: lines,
            makeUpWorkingDays: official?.makeUpWorkingDays.map { "\($0.date.isoString) \($0.name)" }.joined(separator: "\n")
        )
    }

    private static func renderSchedules(_ req: Request, staff: StaffIdentity, form: ScheduleForm, errors: [String], status: HTTPResponseStatus) async throws -> View {
        let calendar = try await req.workingDayCalendar()
        let currentYear = LocalDateTime(req.now)?.date.year ?? 2026
        let years = (currentYear - 1...currentYear + 2).map { year in
            let official = calendar.officialSchedule(forYear: year)
            return YearRow(
                year: year, isOfficial: official != nil, source: official.map { $0.source.reference } ?? "Dự kiến theo Bộ luật Lao động 2019: Điều 112 khoản 1 (ngày nghỉ lễ, tết) và Điều 111 khoản 3 (nghỉ bù khi ngày lễ, tết trùng ngày nghỉ hằng tuần)",
                dayOffCount: calendar.daysOff(inYear: year).count, makeUpCount: official?.makeUpWorkingDays.count ?? 0,
                monthPath: monthPath(year, 1), editPath: SiteURL.schedules.path + "?nam=\(year)"
            )
        }
        return try await req.view.render("calendar/schedules", SchedulesPage(
            page: try await PageContext.make(for: req, title: "Lịch nghỉ hằng năm"), years: years,
            canRecord: staff.isProvinceAdministrator, form: form, errors: FormErrors(errors), actionPath: SiteURL.schedules.path
        ))
    }
}

import Foundation

/// Which days civil servants work: Monday to Friday, less public holidays and substitute days off,
/// plus make-up Saturdays, from official schedules where recorded and projected from the Labor Code elsewhere.
///
/// All days of 1900–2199 are classified once, at creation (about 110 000 days, a few milliseconds),
/// into immutable arrays: every query afterwards is an array look-up or a binary search, and the
/// value can be shared freely between threads.
public struct WorkingDayCalendar: Sendable {
    /// The years whose days are classified; outside them queries answer `nil` (or use the Mon–Fri rule, see each).
    public static let supportedYears = 1900...2199

    /// The most working days one query may add or count: far beyond any legal time limit, so a larger
    /// number is an input error, not a deadline.
    public static let maximumWorkingDays = 10_000

    /// The calendar built from the official schedules shipped with MotCua (`Resources/calendar/`), built on first use.
    ///
    /// Should the shipped files be unreadable it falls back to projection alone rather than stop the server;
    /// the test suite checks that they load.
    public static let bundled = WorkingDayCalendar(schedules: (try? loadBundledSchedules()) ?? [])

    /// The JDN of 1900-01-01, the first classified day.
    private let firstDay: Int
    /// `workingDaysBefore[i]` is the number of working days in `firstDay ..< firstDay + i`; one entry per day plus one.
    private let workingDaysBefore: [Int32]
    private let daysOffByDay: [Int: DayOff]
    private let daysOffByYear: [Int: [DayOff]]
    private let schedulesByYear: [Int: OfficialSchedule]

    /// Creates a calendar from official schedules; other years are projected. For a year given twice, the last wins.
    public init(schedules: [OfficialSchedule]) {
        var schedulesByYear: [Int: OfficialSchedule] = [:]
        for schedule in schedules where Self.supportedYears.contains(schedule.year) {
            schedulesByYear[schedule.year] = schedule
        }
        var daysOffByDay: [Int: DayOff] = [:]
        var daysOffByYear: [Int: [DayOff]] = [:]
        var makeUpDays = Set<Int>()
        for year in Self.supportedYears {
            let daysOff: [DayOff]
            if let schedule = schedulesByYear[year] {
                daysOff = schedule.daysOff.map { DayOff(date: $0.date, name: $0.name, isProjected: false) }
                makeUpDays.formUnion(schedule.makeUpWorkingDays.map(\.date.julianDayNumber))
            } else {
                daysOff = HolidayRules.projectedDaysOff(inYear: year)
            }
            daysOffByYear[year] = daysOff
            for dayOff in daysOff { daysOffByDay[dayOff.date.julianDayNumber] = dayOff }
        }
        let first = CivilDate(year: Self.supportedYears.lowerBound, month: 1, day: 1)?.julianDayNumber ?? 0
        let last = CivilDate(year: Self.supportedYears.upperBound, month: 12, day: 31)?.julianDayNumber ?? 0
        var counts: [Int32] = [0]
        counts.reserveCapacity(last - first + 2)
        var running: Int32 = 0
        for jdn in first...last {
            // JDN 0 was a Monday, so jdn % 7 is 5 on Saturdays and 6 on Sundays.
            let isWeekend = jdn % 7 >= 5
            if makeUpDays.contains(jdn) || (!isWeekend && daysOffByDay[jdn] == nil) { running += 1 }
            counts.append(running)
        }
        self.firstDay = first
        self.workingDaysBefore = counts
        self.daysOffByDay = daysOffByDay
        self.daysOffByYear = daysOffByYear
        self.schedulesByYear = schedulesByYear
    }

    /// Reads every `schedule-YYYY.json` shipped in `Resources/calendar/`, sorted by year.
    public static func loadBundledSchedules() throws -> [OfficialSchedule] {
        guard let folder = bundledScheduleFolder() else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("schedule-") && $0.hasSuffix(".json") }
        return try names.map { name in
            do {
                return try OfficialSchedule.decode(from: Data(contentsOf: folder.appendingPathComponent(name)))
            } catch let error as CalendarError {
                throw CalendarError(error.problems.map { "\(name): \($0)" })
            }
        }.sorted { $0.year < $1.year }
    }

    /// The folder of the shipped schedules. The target copies its `Resources` folder whole; Foundation on
    /// macOS reports the bundle root as `resourceURL`, so the files are under `Resources/calendar`, while
    /// swift-corelibs-foundation on Linux takes a bundle's `Resources` subfolder as `resourceURL`, so they
    /// are under `calendar`. Both are tried, in that order.
    static func bundledScheduleFolder() -> URL? {
        guard let resources = Bundle.module.resourceURL else { return nil }
        return ["Resources/calendar", "calendar"]
            .map { resources.appendingPathComponent($0, isDirectory: true) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    // MARK: - Days

    /// The official schedule recorded for a year, or `nil` when the year is projected.
    public func officialSchedule(forYear year: Int) -> OfficialSchedule? {
        schedulesByYear[year]
    }

    /// The day off on a date, or `nil` when the date is a weekend, an ordinary working day, or out of range.
    public func dayOff(on date: CivilDate) -> DayOff? {
        daysOffByDay[date.julianDayNumber]
    }

    /// The year's weekday days off in date order; each says whether it is official or projected.
    public func daysOff(inYear year: Int) -> [DayOff] {
        daysOffByYear[year] ?? []
    }

    /// Whether civil servants work on the date; outside 1900–2199, simply whether it is Monday to Friday.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        guard let index = index(of: date) else { return !date.weekday.isWeekend }
        return workingDaysBefore[index + 1] > workingDaysBefore[index]
    }

    /// The first working day strictly after the date, or `nil` beyond 2199.
    public func nextWorkingDay(after date: CivilDate) -> CivilDate? {
        addingWorkingDays(1, to: date)
    }

    /// The `count`-th working day after the date, the date itself not counted (Civil Code 2015 art. 147);
    /// the date itself when `count` is 0; `nil` when `count` is negative or above `maximumWorkingDays`, or the
    /// result leaves 1900–2199.
    public func addingWorkingDays(_ count: Int, to date: CivilDate) -> CivilDate? {
        guard (0...Self.maximumWorkingDays).contains(count), let start = index(of: date) else { return nil }
        if count == 0 { return date }
        // The answer is the first day d with workingDaysBefore[d + 1] == workingDaysBefore[start + 1] + count.
        let target = Int(workingDaysBefore[start + 1]) + count
        var low = start + 1
        var high = workingDaysBefore.count - 2
        guard low <= high, Int(workingDaysBefore[high + 1]) >= target else { return nil }
        while low < high {
            let middle = (low + high) / 2
            if Int(workingDaysBefore[middle + 1]) >= target { high = middle } else { low = middle + 1 }
        }
        return CivilDate(julianDayNumber: firstDay + low)
    }

    /// The number of working days after `start` up to and including `end` (so that
    /// `workingDays(from: d, to: addingWorkingDays(n, to: d))` is `n`); negative when `end` is before
    /// `start`; `nil` outside 1900–2199.
    public func workingDays(from start: CivilDate, to end: CivilDate) -> Int? {
        guard let startIndex = index(of: start), let endIndex = index(of: end) else { return nil }
        return Int(workingDaysBefore[endIndex + 1]) - Int(workingDaysBefore[startIndex + 1])
    }

    private func index(of date: CivilDate) -> Int? {
        let index = date.julianDayNumber - firstDay
        return index >= 0 && index < workingDaysBefore.count - 1 ? index : nil
    }
}

import Foundation

/// The `motcua calendar` subcommands, as a pure function of the arguments so the executable only prints.
///
/// ```
/// lunar YYYY-MM-DD [--json]     the lunar date of a Gregorian date
/// solar D/M/YYYY [--leap]       the Gregorian date of a lunar date (--leap: in the leap month)
/// add-working-days YYYY-MM-DD N the N-th working day after the date
/// year YYYY                     the year's days off, projected ones marked "(dự kiến)"
/// ```
/// Bad input gives a Vietnamese message on standard error, nothing on standard output, exit code 2.
public enum CalendarCommandLine {
    /// The usage text, in Vietnamese.
    public static let usage = """
        Cách dùng: motcua calendar <lệnh> ...
          lunar YYYY-MM-DD [--json]      đổi ngày dương lịch sang âm lịch
          solar D/M/YYYY [--leap]        đổi ngày âm lịch (--leap: tháng nhuận) sang dương lịch
          add-working-days YYYY-MM-DD N  ngày làm việc thứ N sau ngày đã cho (không tính ngày đó)
          year YYYY                      các ngày nghỉ trong năm; "(dự kiến)" là ngày tính theo luật, chưa có lịch chính thức

        """

    /// Runs one subcommand (the arguments after `calendar`) and returns what to print and the exit code.
    public static func run(_ arguments: [String], calendar: WorkingDayCalendar) -> (stdout: String, stderr: String, exitCode: Int32) {
        do {
            return (try output(for: arguments, calendar: calendar), "", 0)
        } catch let error as CalendarError {
            return ("", error.message + "\n", 2)
        } catch {
            return ("", "\(error)\n", 2)
        }
    }

    private static func output(for arguments: [String], calendar: WorkingDayCalendar) throws -> String {
        guard let command = arguments.first else {
            throw CalendarError("Thiếu lệnh.\n" + usage)
        }
        var rest = Array(arguments.dropFirst())
        switch command {
        case "help", "--help", "-h":
            return usage
        case "lunar":
            let asJSON = takeFlag("--json", from: &rest)
            let date = try civilDate(try single(rest, named: "ngày dương lịch YYYY-MM-DD", command: command))
            guard let lunar = LunarCalendar.lunarDate(for: date) else { throw outOfRange(date.isoString) }
            if asJSON {
                return "{\"day\":\(lunar.day),\"month\":\(lunar.month),\"year\":\(lunar.year),\"leap\":\(lunar.isLeapMonth)}\n"
            }
            return "Ngày \(date.vietnameseString) dương lịch là ngày \(lunar.day) tháng \(lunar.monthName) "
                + "năm \(lunar.yearName) (âm lịch).\n"
        case "solar":
            let isLeap = takeFlag("--leap", from: &rest)
            let text = try single(rest, named: "ngày âm lịch D/M/YYYY", command: command)
            guard let (day, month, year) = CivilDate.dayMonthYearParts(text) else {
                throw CalendarError("\"\(text)\" không phải ngày âm lịch theo dạng D/M/YYYY (ví dụ 10/3/2026).")
            }
            let lunar = LunarDate(day: day, month: month, year: year, isLeapMonth: isLeap)
            guard let date = LunarCalendar.civilDate(for: lunar) else { throw nonexistent(lunar) }
            return date.isoString + "\n"
        case "add-working-days":
            guard rest.count == 2 else {
                throw CalendarError("Lệnh add-working-days cần đúng 2 tham số: ngày YYYY-MM-DD và số ngày làm việc N.")
            }
            let date = try civilDate(rest[0])
            guard let count = CivilDate.decimal(Substring(rest[1])), count <= WorkingDayCalendar.maximumWorkingDays else {
                throw CalendarError("Số ngày làm việc \"\(rest[1])\" không hợp lệ: cần một số nguyên từ 0 đến "
                    + "\(WorkingDayCalendar.maximumWorkingDays).")
            }
            guard let result = calendar.addingWorkingDays(count, to: date) else { throw outOfRange(date.isoString) }
            return result.isoString + "\n"
        case "year":
            let text = try single(rest, named: "năm YYYY", command: command)
            guard text.count == 4, let year = CivilDate.decimal(Substring(text)),
                  WorkingDayCalendar.supportedYears.contains(year)
            else {
                throw CalendarError("Năm \"\(text)\" không hợp lệ: cần một năm từ \(WorkingDayCalendar.supportedYears.lowerBound) "
                    + "đến \(WorkingDayCalendar.supportedYears.upperBound).")
            }
            return yearListing(year, calendar: calendar)
        default:
            throw CalendarError("Không có lệnh \"\(command)\".\n" + usage)
        }
    }

    private static func yearListing(_ year: Int, calendar: WorkingDayCalendar) -> String {
        var lines: [String] = []
        if let schedule = calendar.officialSchedule(forYear: year) {
            lines.append("Ngày nghỉ năm \(year) của cán bộ, công chức (lịch chính thức: \(schedule.source.reference)):")
        } else {
            lines.append("Ngày nghỉ năm \(year) của cán bộ, công chức (dự kiến theo Bộ luật Lao động 2019, Điều 112 khoản 1 và Điều 111 khoản 3, "
                + "chưa có lịch chính thức):")
        }
        for dayOff in calendar.daysOff(inYear: year) {
            lines.append("  \(dayOff.date.isoString) \(dayOff.date.weekday.vietnameseName): \(dayOff.name)"
                + (dayOff.isProjected ? " (dự kiến)" : ""))
        }
        if let schedule = calendar.officialSchedule(forYear: year), !schedule.makeUpWorkingDays.isEmpty {
            lines.append("Ngày làm bù:")
            for entry in schedule.makeUpWorkingDays {
                lines.append("  \(entry.date.isoString) \(entry.date.weekday.vietnameseName): \(entry.name)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func takeFlag(_ flag: String, from arguments: inout [String]) -> Bool {
        guard let index = arguments.firstIndex(of: flag) else { return false }
        arguments.remove(at: index)
        return true
    }

    private static func single(_ arguments: [String], named what: String, command: String) throws -> String {
        guard arguments.count == 1, let argument = arguments.first else {
            throw CalendarError(arguments.isEmpty
                ? "Lệnh \(command) thiếu tham số: \(what)."
                : "Lệnh \(command) chỉ nhận một tham số (\(what)), nhưng có \(arguments.count): \(arguments.joined(separator: " ")).")
        }
        return argument
    }

    private static func civilDate(_ text: String) throws -> CivilDate {
        guard let date = CivilDate(isoString: text) else {
            throw CalendarError("\"\(text)\" không phải ngày dương lịch có thật theo dạng YYYY-MM-DD (ví dụ 2026-02-17).")
        }
        return date
    }

    private static func outOfRange(_ text: String) -> CalendarError {
        CalendarError("Ngày \(text) (hoặc kết quả) nằm ngoài khoảng lịch hỗ trợ 1900-01-01 – 2199-12-31.")
    }

    private static func nonexistent(_ lunar: LunarDate) -> CalendarError {
        let monthLabel = "tháng \(lunar.month)\(lunar.isLeapMonth ? " nhuận" : "") năm \(lunar.year)"
        if !(1...12).contains(lunar.month) {
            return CalendarError("Tháng âm lịch \(lunar.month) không có: tháng phải từ 1 đến 12.")
        }
        if lunar.isLeapMonth, LunarCalendar.daysInLunarMonth(lunar.month, ofLunarYear: lunar.year, isLeapMonth: true) == nil {
            let leap = LunarCalendar.leapMonth(ofLunarYear: lunar.year)
            return CalendarError("Năm âm lịch \(lunar.year) không có tháng \(lunar.month) nhuận"
                + (leap.map { " (tháng nhuận của năm là tháng \($0))." } ?? " (năm này không có tháng nhuận, hoặc nằm ngoài khoảng hỗ trợ)."))
        }
        if let length = LunarCalendar.daysInLunarMonth(lunar.month, ofLunarYear: lunar.year, isLeapMonth: lunar.isLeapMonth),
           !(1...length).contains(lunar.day) {
            return CalendarError("Ngày âm lịch \(lunar.description) không có: \(monthLabel) chỉ có \(length) ngày.")
        }
        return CalendarError("Ngày âm lịch \(lunar.description) nằm ngoài khoảng lịch hỗ trợ (dương lịch 1900–2199).")
    }
}

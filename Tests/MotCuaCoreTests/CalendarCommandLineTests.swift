import Foundation
import MotCuaCore
import Testing

/// The `motcua calendar` subcommands: output and exit codes.
@Suite struct CalendarCommandLineTests {
    func run(_ arguments: String...) -> (stdout: String, stderr: String, exitCode: Int32) {
        CalendarCommandLine.run(arguments, calendar: .bundled)
    }

    @Test func lunar() {
        let json = run("lunar", "2030-02-02", "--json")
        #expect(json.stdout == "{\"day\":1,\"month\":1,\"year\":2030,\"leap\":false}\n")
        #expect(json.stderr.isEmpty && json.exitCode == 0)
        #expect(run("lunar", "--json", "2025-08-01").stdout == "{\"day\":8,\"month\":6,\"year\":2025,\"leap\":true}\n")
        #expect(run("lunar", "2030-02-02").stdout
            == "Ngày 02/02/2030 dương lịch là ngày 1 tháng Giêng năm Canh Tuất (âm lịch).\n")
        #expect(run("lunar", "2025-08-01").stdout
            == "Ngày 01/08/2025 dương lịch là ngày 8 tháng Sáu nhuận năm Ất Tỵ (âm lịch).\n")
    }

    @Test func solar() {
        #expect(run("solar", "10/3/2026").stdout == "2026-04-26\n")
        #expect(run("solar", "1/6/2025", "--leap").stdout == "2025-07-25\n")
        #expect(run("solar", "1/6/2025").stdout == "2025-06-25\n")
        #expect(run("solar", "01/01/2007").stdout == "2007-02-17\n")
    }

    /// Công văn 12729/VPCP-KGVX ngày 25/12/2025: civil servants were off on Friday 2/1/2026 and worked Saturday 10/1/2026.
    @Test func newYear2026SwapsFridayTheSecondForSaturdayTheTenth() {
        #expect(run("add-working-days", "2025-12-31", "1").stdout == "2026-01-05\n")
        #expect(!WorkingDayCalendar.bundled.isWorkingDay(CivilDate(year: 2026, month: 1, day: 2)!))
        #expect(WorkingDayCalendar.bundled.isWorkingDay(CivilDate(year: 2026, month: 1, day: 10)!))
        let official = run("year", "2026")
        #expect(official.stdout.contains("12729/VPCP-KGVX"))
        #expect(official.stdout.contains("Nghị quyết số 80-NQ/TW"))
    }

    @Test func addWorkingDaysAndYear() {
        #expect(run("add-working-days", "2026-02-13", "1").stdout == "2026-02-23\n")
        #expect(run("add-working-days", "2026-02-13", "0").stdout == "2026-02-13\n")
        let official = run("year", "2026")
        #expect(official.exitCode == 0)
        #expect(official.stdout.contains("2026-11-24 thứ Ba: Ngày Văn hoá Việt Nam (24/11)\n"))
        #expect(official.stdout.contains("9441/TB-BNV"))
        #expect(official.stdout.contains("2026-08-22 thứ Bảy: Làm bù cho thứ Hai 31/8"))
        #expect(!official.stdout.contains("(dự kiến)"))
        let projected = run("year", "2027")
        #expect(projected.stdout.contains("2027-02-05 thứ Sáu: Tết Nguyên Đán (ngày cuối năm âm lịch) (dự kiến)\n"))
    }

    @Test(arguments: [
        [], ["bogus"], ["lunar"], ["lunar", "2026-02-30"], ["lunar", "2026-01-01", "extra"], ["lunar", "1899-12-31"],
        ["lunar", "17/2/2026"], ["solar", "30/12/2025"], ["solar", "1/7/2026", "--leap"], ["solar", "1/13/2026"],
        ["solar", "2026-02-17"], ["solar", "1/1/2300"], ["add-working-days", "2026-02-13"],
        ["add-working-days", "2026-02-13", "-1"], ["add-working-days", "2026-02-13", "10001"],
        ["add-working-days", "2026-02-13", "abc"], ["add-working-days", "2026-02-31", "1"],
        ["add-working-days", "2199-12-30", "5"], ["year", "1899"], ["year", "26"], ["year"],
    ])
    func badInputExitsWithTwoAndPrintsNothing(arguments: [String]) {
        let result = CalendarCommandLine.run(arguments, calendar: .bundled)
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.isEmpty && result.stderr.hasSuffix("\n"))
    }

    @Test func errorMessagesSayWhatIsWrong() {
        #expect(run("solar", "30/12/2025").stderr == "Ngày âm lịch 30/12/2025 không có: tháng 12 năm 2025 chỉ có 29 ngày.\n")
        #expect(run("solar", "1/7/2026", "--leap").stderr
            == "Năm âm lịch 2026 không có tháng 7 nhuận (năm này không có tháng nhuận, hoặc nằm ngoài khoảng hỗ trợ).\n")
        #expect(run("solar", "1/7/2025", "--leap").stderr
            == "Năm âm lịch 2025 không có tháng 7 nhuận (tháng nhuận của năm là tháng 6).\n")
        #expect(run("lunar", "2026-02-30").stderr.hasPrefix("\"2026-02-30\" không phải ngày dương lịch có thật"))
        #expect(run("bogus").stderr.hasPrefix("Không có lệnh \"bogus\"."))
    }
}

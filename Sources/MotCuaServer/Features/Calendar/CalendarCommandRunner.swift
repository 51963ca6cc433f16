import Fluent
import Foundation
import MotCuaCore
import Vapor

/// `motcua calendar …`: the calendar questions of `CalendarCommandLine`, answered with the calendar in force
/// (shipped schedules plus those recorded in the database), and `calendar import FILE` to record a schedule.
enum CalendarCommandRunner {
    static let importUsage = "Cách dùng: motcua calendar import TỆP.json (định dạng như Sources/MotCuaCore/Resources/calendar/schedule-2026.json)"

    /// Runs one calendar subcommand and returns the exit code; output goes to stdout, problems to stderr.
    static func run(_ arguments: [String], on app: Application) async throws -> Int32 {
        try await app.autoMigrate()
        if arguments.first == "import" {
            return try await importSchedule(arguments.dropFirst(), on: app)
        }
        let calendar = try await app.calendarStore.calendar(on: app.db)
        let result = CalendarCommandLine.run(arguments, calendar: calendar)
        FileHandle.standardOutput.write(Data(result.stdout.utf8))
        FileHandle.standardError.write(Data(result.stderr.utf8))
        return result.exitCode
    }

    private static func importSchedule(_ arguments: ArraySlice<String>, on app: Application) async throws -> Int32 {
        guard arguments.count == 1, let path = arguments.first else {
            MotCuaMain.printError(importUsage)
            return 2
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            MotCuaMain.printError("Không đọc được tệp \(path).")
            return 2
        }
        let schedule: OfficialSchedule
        do {
            schedule = try OfficialSchedule.decode(from: data)
        } catch let error as CalendarError {
            MotCuaMain.printError("Tệp \(path) không hợp lệ, không nhập gì:\n\(error.message)")
            return 2
        } catch {
            MotCuaMain.printError("Tệp \(path) không hợp lệ, không nhập gì: \(error.localizedDescription)")
            return 2
        }
        let now = app.clock.now()
        let created = try await app.writeTransaction { db in
            try await CalendarStore.record(schedule, by: .commandLine, at: now, on: db)
        }
        app.calendarStore.invalidate()
        print("\(created ? "Đã ghi" : "Đã thay") lịch nghỉ năm \(schedule.year): \(schedule.daysOff.count) ngày nghỉ, \(schedule.makeUpWorkingDays.count) ngày làm bù.")
        return 0
    }
}

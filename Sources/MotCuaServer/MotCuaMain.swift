import Fluent
import Foundation
import MotCuaCore
import Vapor

/// A command that failed because of its input: the message goes to stderr and the process exits with the code.
struct CommandFailure: Error {
    let message: String
    var exitCode: Int32 = 2
}

/// The whole command line of `motcua`: builds the application, prepares the database for the server, runs the command.
public enum MotCuaMain {
    /// Runs `motcua` with the process's arguments and returns the exit code.
    public static func run() async -> Int32 {
        var environment: Environment
        do {
            environment = try Environment.detect()
        } catch {
            printError("motcua: \(error)")
            return 2
        }
        if environment.arguments.contains("--bench") {
            // `serve --bench` is bench mode (issue #11); Vapor's serve command does not know the flag.
            environment.arguments.removeAll { $0 == "--bench" }
            setenv("MOTCUA_BENCH", "1", 1)
        }
        let arguments = Array(environment.arguments.dropFirst())
        let command = arguments.first ?? "serve"
        if command == "calendar" {
            // Calendar answers are read by scripts: only warnings, and only on stderr, so stdout holds the answer alone.
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .warning
                return handler
            }
        } else {
            do {
                try LoggingSystem.bootstrap(from: &environment)
            } catch {
                printError("motcua: \(error)")
                return 2
            }
        }
        let app: Application
        do {
            app = try await Application.make(environment)
        } catch {
            printError("motcua: không khởi tạo được ứng dụng: \(error)")
            return 1
        }
        var exitCode: Int32 = 0
        do {
            try await configure(app)
            if ["serve", "migrate", "seed", "user", "audit", "calendar", "import", "export", "reports", "reminders", "backup", "restore", "bench", "privacy"].contains(command) {
                try await DatabaseSetup.checkConnection(on: app)
            }
            if command == "calendar" {
                exitCode = try await CalendarCommandRunner.run(Array(arguments.dropFirst()), on: app)
                try? await app.asyncShutdown()
                return exitCode
            }
            // `motcua --port 9000` serves; `motcua --help` only prints the commands.
            if command == "serve" || (command.hasPrefix("-") && !["--help", "-h"].contains(command)) {
                if app.databaseEngine == .sqlite {
                    ServerPresence.announce(app.settings)
                }
                try await app.autoMigrate()
                if app.environment == .development {
                    try await DemoData.seedIfEmpty(app)
                }
            }
            try await app.execute()
        } catch let problem as Settings.Problem {
            printError("motcua: \(problem.description)")
            exitCode = 1
        } catch let failure as CommandFailure {
            printError(failure.message)
            exitCode = failure.exitCode
        } catch {
            printError("motcua: \(error)")
            exitCode = 1
        }
        try? await app.asyncShutdown()
        return exitCode
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

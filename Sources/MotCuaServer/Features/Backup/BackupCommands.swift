import Fluent
import Foundation
import Vapor

/// `motcua backup FILE`: a consistent copy of the SQLite database, taken while the server keeps running.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Tệp sao lưu sẽ tạo (chưa được tồn tại)")
        var file: String
    }

    var help: String { "Sao lưu cơ sở dữ liệu SQLite (kể cả khi máy chủ đang chạy): motcua backup TỆP.sqlite" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard app.databaseEngine == .sqlite else {
            throw CommandFailure(message: "Cơ sở dữ liệu là PostgreSQL (DATABASE_URL): sao lưu bằng pg_dump -Fc, khôi phục bằng pg_restore (xem README, mục Sao lưu và khôi phục).")
        }
        let target = URL(fileURLWithPath: signature.file).standardizedFileURL
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw CommandFailure(message: "Tệp \(target.path) đã có; sao lưu không ghi đè, hãy chọn tên khác.")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.deletingLastPathComponent().path, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure(message: "Thư mục \(target.deletingLastPathComponent().path) không có.")
        }
        let contents: SQLiteBackup.Contents
        do {
            contents = try await SQLiteBackup.backup(app.db, to: target)
        } catch let refusal as SQLiteBackup.Refusal {
            try? FileManager.default.removeItem(at: target)
            throw CommandFailure(message: "Bản sao lưu không dùng được: \(refusal.message)", exitCode: 1)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) ?? 0
        context.console.print("Đã sao lưu vào \(target.path): \(contents.tables) bảng, \(contents.dossiers) hồ sơ, \(contents.auditEntries) mục nhật ký, \(size / 1024) KiB.")
        context.console.print("Tệp đính kèm nằm ở \(app.settings.dataDirectory.appendingPathComponent("files").path): sao lưu thư mục đó cùng lúc (ví dụ rsync -a).")
    }
}

/// `motcua restore FILE [--yes]`: replaces the SQLite database by a backup made with `motcua backup`.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Tệp sao lưu (do motcua backup tạo)")
        var file: String

        @Flag(name: "yes", help: "Đồng ý thay thế cơ sở dữ liệu hiện có (kể cả khi máy chủ đang chạy)")
        var yes: Bool
    }

    var help: String { "Khôi phục cơ sở dữ liệu SQLite từ bản sao lưu: motcua restore TỆP.sqlite [--yes]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard app.databaseEngine == .sqlite else {
            throw CommandFailure(message: "Cơ sở dữ liệu là PostgreSQL (DATABASE_URL): khôi phục bằng pg_restore (xem README, mục Sao lưu và khôi phục).")
        }
        let source = URL(fileURLWithPath: signature.file).standardizedFileURL
        guard source.path != app.settings.sqliteFile.standardizedFileURL.path else {
            throw CommandFailure(message: "Tệp sao lưu chính là cơ sở dữ liệu đang dùng.")
        }
        // Check the file before anything else, so that a wrong file never costs the live database anything.
        let contents: SQLiteBackup.Contents
        do {
            contents = try await SQLiteBackup.inspect(source, on: app.db)
        } catch let refusal as SQLiteBackup.Refusal {
            throw CommandFailure(message: "Không khôi phục: \(refusal.message)", exitCode: 1)
        }
        let serving = ServerPresence.isServing(app.settings)
        let hasData = try await SQLiteBackup.hasData(app.db)
        // ConsoleKit takes `--yes` for every command and records it as the console's answer to confirmations.
        let confirmed = signature.yes || context.console.confirmOverride == true
        if serving || hasData, !confirmed {
            let why = serving
                ? "MotCua đang chạy trên cơ sở dữ liệu \(app.settings.sqliteFile.path). Hãy dừng máy chủ rồi khôi phục, hoặc thêm --yes để thay thế ngay (máy chủ sẽ thấy dữ liệu của bản sao lưu; nên khởi động lại sau đó)."
                : "Cơ sở dữ liệu \(app.settings.sqliteFile.path) đã có dữ liệu. Thêm --yes để thay thế toàn bộ bằng bản sao lưu."
            throw CommandFailure(message: "Không khôi phục: \(why)", exitCode: 1)
        }
        do {
            _ = try await SQLiteBackup.restore(from: source, into: app.db, at: app.clock.now())
        } catch let refusal as SQLiteBackup.Refusal {
            throw CommandFailure(message: "Không khôi phục: \(refusal.message)", exitCode: 1)
        }
        context.console.print("Đã khôi phục từ \(source.path): \(contents.tables) bảng, \(contents.dossiers) hồ sơ, \(contents.auditEntries) mục nhật ký.")
        if serving {
            context.console.print("Máy chủ đang chạy: hãy khởi động lại để xóa bộ nhớ đệm (danh mục, lịch).")
        }
    }
}

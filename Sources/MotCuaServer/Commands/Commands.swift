import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Registers MotCua's own commands beside Vapor's `serve` and Fluent's `migrate`.
func registerCommands(on app: Application) {
    app.asyncCommands.use(SeedCommand(), as: "seed")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(ExportCommand(), as: "export")
    app.asyncCommands.use(ReportsCommand(), as: "reports")
    app.asyncCommands.use(WorkRemindersCommand(), as: "reminders")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(BenchCommand(), as: "bench")
    app.asyncCommands.use(PrivacyCommand(), as: "privacy")
    app.asyncCommands.use(PortalSyncCommand(), as: "dvcqg")
}

/// `motcua seed`: fills an empty database with the demo province.
struct SeedCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Tạo dữ liệu mẫu (tỉnh Hưng Yên, xã Phụng Công…) trong cơ sở dữ liệu trống." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        if try await DemoData.seedIfEmpty(app) {
            context.console.print("Đã tạo dữ liệu mẫu.")
        } else {
            context.console.print("Cơ sở dữ liệu đã có dữ liệu; không tạo dữ liệu mẫu.")
        }
    }
}

/// `motcua user create USERNAME --name "…" --role R [--role R] [--commune SLUG] [--province CODE --province-name NAME]`.
///
/// The password is read from `MOTCUA_PASSWORD` or, when it is not set, from standard input.
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String

        @Argument(name: "username", help: "Tên đăng nhập")
        var username: String

        @Option(name: "name", help: "Họ và tên")
        var fullName: String?

        @Option(name: "role", help: "Vai trò (mặc định system_administrator); nhiều vai trò cách nhau bởi dấu phẩy")
        var roles: String?

        @Option(name: "commune", help: "Tên viết tắt của xã (bỏ trống: cán bộ cấp tỉnh)")
        var commune: String?

        @Option(name: "province", help: "Mã tỉnh, khi cơ sở dữ liệu chưa có tỉnh nào (ví dụ 33)")
        var provinceCode: String?

        @Option(name: "province-name", help: "Tên tỉnh, khi cơ sở dữ liệu chưa có tỉnh nào")
        var provinceName: String?
    }

    var help: String { "Tạo tài khoản cán bộ, ví dụ quản trị viên đầu tiên: motcua user create admin --name \"Nguyễn Văn A\" --province 33 --province-name \"Hưng Yên\"" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw CommandFailure(message: "Lệnh không hợp lệ: dùng `motcua user create TÊN-ĐĂNG-NHẬP …`.") }
        let app = context.application
        try await app.autoMigrate()
        let username = signature.username.trimmingCharacters(in: .whitespaces).lowercased()
        guard username.range(of: "^[a-z0-9][a-z0-9._-]{2,39}$", options: .regularExpression) != nil else {
            throw CommandFailure(message: "Tên đăng nhập \"\(username)\" không hợp lệ: 3–40 ký tự chữ thường không dấu, số, dấu chấm, gạch ngang.")
        }
        let fullName = signature.fullName?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !fullName.isEmpty else { throw CommandFailure(message: "Thiếu --name (họ và tên).") }
        let roleNames = (signature.roles ?? Role.systemAdministrator.rawValue).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let roles = Set(roleNames.compactMap(Role.init(rawValue:)))
        guard roles.count == roleNames.count else {
            throw CommandFailure(message: "Vai trò không hợp lệ. Các vai trò: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if try await Officer.query(on: app.db).filter(\.$username == username).first() != nil {
            throw CommandFailure(message: "Tên đăng nhập \"\(username)\" đã tồn tại.")
        }

        let province = try await resolveProvince(signature, on: app.db)
        var chosenCommuneID: UUID?
        if let slug = signature.commune {
            guard let commune = try await Commune.query(on: app.db).filter(\.$slug == slug).first() else {
                throw CommandFailure(message: "Không có xã với tên viết tắt \"\(slug)\".")
            }
            chosenCommuneID = commune.id
        }
        let communeID = chosenCommuneID
        if let problem = RoleAssignmentRule.problem(roles: roles, belongsToCommune: communeID != nil, belongsToDepartment: false) {
            throw CommandFailure(message: problem)
        }
        let password = readPassword()
        if let problem = PasswordPolicy.problem(with: password, username: username) {
            throw CommandFailure(message: problem)
        }
        let hash = try await app.password.async.hash(password)
        let now = app.clock.now()
        let provinceID = try province.requireID()
        try await app.writeTransaction { db in
            if !province.$id.exists {
                try await province.create(on: db)
                try await AuditJournal.append(AuditEvent(action: "province.create", objectType: "province", objectID: provinceID.uuidString, summary: "Tạo tỉnh \(province.name)"), by: .commandLine, at: now, on: db)
            }
            let officer = Officer(provinceID: provinceID, communeID: communeID, departmentID: nil, username: username, fullName: fullName, roles: roles, passwordHash: hash)
            try await officer.create(on: db)
            try await AuditJournal.append(
                AuditEvent(action: "officer.create", objectType: "officer", objectID: try officer.requireID().uuidString, communeID: communeID, summary: "Tạo tài khoản \(username) [\(officer.roleNames.joined(separator: ","))] từ dòng lệnh"),
                by: .commandLine, at: now, on: db
            )
        }
        context.console.print("Đã tạo tài khoản \(username).")
    }

    private func resolveProvince(_ signature: Signature, on database: any Database) async throws -> Province {
        let provinces = try await Province.query(on: database).all()
        if let code = signature.provinceCode {
            if let existing = provinces.first(where: { $0.code == code }) { return existing }
            guard provinces.isEmpty else { throw CommandFailure(message: "Mỗi bản cài đặt phục vụ một tỉnh; tỉnh hiện có mã \(provinces[0].code).") }
            guard let name = signature.provinceName?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                throw CommandFailure(message: "Cơ sở dữ liệu chưa có tỉnh: cần --province MÃ và --province-name TÊN.")
            }
            return Province(id: UUID(), code: code, name: name)
        }
        guard let province = provinces.first else {
            throw CommandFailure(message: "Cơ sở dữ liệu chưa có tỉnh: cần --province MÃ và --province-name TÊN.")
        }
        return province
    }

    private func readPassword() -> String {
        if let fromEnvironment = ProcessInfo.processInfo.environment["MOTCUA_PASSWORD"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        FileHandle.standardError.write(Data("Mật khẩu: ".utf8))
        return readLine(strippingNewline: true) ?? ""
    }
}

/// `motcua audit verify`: exits 0 when the journal is intact, 1 naming the first bad entry otherwise.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }

    var help: String { "Kiểm tra tính toàn vẹn của nhật ký hệ thống: motcua audit verify" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else { throw CommandFailure(message: "Lệnh không hợp lệ: dùng `motcua audit verify`.") }
        let count = try await AuditEntry.query(on: context.application.db).count()
        if let broken = try await AuditJournal.verify(on: context.application.db) {
            throw CommandFailure(message: "Nhật ký KHÔNG toàn vẹn: \(broken.description).", exitCode: 1)
        }
        context.console.print("Nhật ký toàn vẹn: \(count) mục đã được kiểm tra.")
    }
}

/// `motcua import procedures FILE.csv`: imports the procedure catalog; every bad row is reported and nothing is imported.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "procedures")
        var kind: String

        @Argument(name: "file", help: "Tệp CSV (UTF-8)")
        var file: String
    }

    var help: String { "Nhập danh mục thủ tục từ CSV: motcua import procedures TỆP.csv" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.kind == "procedures" else { throw CommandFailure(message: "Chỉ nhập được \"procedures\" (danh mục thủ tục).") }
        guard let data = FileManager.default.contents(atPath: signature.file), let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure(message: "Không đọc được tệp \(signature.file) (cần văn bản UTF-8).")
        }
        let app = context.application
        try await app.autoMigrate()
        switch ProcedureCatalogCSV.parse(text) {
        case .failure(let error):
            throw CommandFailure(message: "Tệp \(signature.file) có dòng sai, không nhập gì:\n" + error.problems.map(\.description).joined(separator: "\n"))
        case .success(let procedures):
            let now = app.clock.now()
            let (added, replaced) = try await app.writeTransaction { db in
                try await CatalogStore.importProcedures(procedures, by: .commandLine, at: now, on: db)
            }
            app.catalogStore.invalidate()
            context.console.print("Đã nhập \(procedures.count) thủ tục: \(added) thêm mới, \(replaced) cập nhật.")
        }
    }
}

/// `motcua export procedures FILE.csv`: writes the procedure catalog in the import format.
struct ExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "procedures")
        var kind: String

        @Argument(name: "file", help: "Tệp CSV sẽ ghi")
        var file: String
    }

    var help: String { "Xuất danh mục thủ tục ra CSV: motcua export procedures TỆP.csv" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.kind == "procedures" else { throw CommandFailure(message: "Chỉ xuất được \"procedures\" (danh mục thủ tục).") }
        let app = context.application
        try await app.autoMigrate()
        let catalog = try await app.catalogStore.catalog(on: app.db)
        do {
            try Data(ProcedureCatalogCSV.serialize(catalog.procedures, byteOrderMark: true).utf8).write(to: URL(fileURLWithPath: signature.file))
        } catch {
            throw CommandFailure(message: "Không ghi được tệp \(signature.file): \(error.localizedDescription)")
        }
        context.console.print("Đã xuất \(catalog.procedures.count) thủ tục vào \(signature.file).")
    }
}

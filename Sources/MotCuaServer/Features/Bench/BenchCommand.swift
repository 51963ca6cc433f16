import Fluent
import Foundation
import MotCuaCore
import Vapor

/// `motcua bench generate --communes 104 --dossiers 1200000 [--seed N] [--until YYYY-MM-DD]` fills an empty database
/// with a province-sized year; `motcua bench credentials --out DIR` issues the load generator's sign-in and code lists.
struct BenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "generate | credentials")
        var action: String
        @Option(name: "communes", help: "số xã (mặc định 104)")
        var communes: Int?
        @Option(name: "dossiers", help: "số hồ sơ trong năm (mặc định 1200000)")
        var dossiers: Int?
        @Option(name: "seed", help: "hạt giống ngẫu nhiên (mặc định 1)")
        var seed: Int?
        @Option(name: "until", help: "ngày cuối của năm dữ liệu, YYYY-MM-DD (mặc định hôm nay)")
        var until: String?
        @Option(name: "out", help: "thư mục ghi thông tin đăng nhập và danh sách mã hồ sơ cho bench/run")
        var out: String?
    }

    var help: String { "Dữ liệu đo hiệu năng: motcua bench generate --communes 104 --dossiers 1200000 [--seed N] [--until YYYY-MM-DD]; motcua bench credentials --out THƯ-MỤC" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "generate":
            try await app.autoMigrate()
            var until = LocalDateTime(app.clock.now())?.date ?? CivilDate(year: 2026, month: 1, day: 1)!
            if let text = signature.until {
                guard let day = CivilDate(isoString: text) else { throw CommandFailure(message: "--until phải có dạng YYYY-MM-DD.") }
                until = day
            }
            let parameters = BenchGenerator.Parameters(
                communes: signature.communes ?? 104, dossiers: signature.dossiers ?? 1_200_000, seed: UInt64(max(0, signature.seed ?? 1)), until: until
            )
            let generator = BenchGenerator(parameters: parameters) { line in
                FileHandle.standardError.write(Data(("bench: " + line + "\n").utf8))
            }
            let outcome = try await generator.run(on: app)
            if let out = signature.out {
                try BenchCredentials.write(try await BenchCredentials.refresh(on: app, at: app.clock.now()), to: URL(fileURLWithPath: out))
            }
            context.console.print(String(
                format: "Đã tạo %d xã, %d hồ sơ, %d bước xử lý, %d giấy tờ, %d đánh giá, %d số thứ tự, %d phản ánh, %d dòng tổng hợp trong %.1f s.",
                parameters.communes, outcome.dossiers, outcome.events, outcome.documents, outcome.ratings, outcome.tickets, outcome.serviceRequests, outcome.summaryRows, outcome.seconds
            ))
        case "credentials":
            guard let out = signature.out else { throw CommandFailure(message: "Thiếu --out THƯ-MỤC.") }
            try BenchCredentials.write(try await BenchCredentials.refresh(on: app, at: app.clock.now()), to: URL(fileURLWithPath: out))
            context.console.print("Đã ghi thông tin đăng nhập đo hiệu năng vào \(out).")
        default:
            throw CommandFailure(message: "Lệnh không hợp lệ: dùng `motcua bench generate …` hoặc `motcua bench credentials --out THƯ-MỤC`.")
        }
    }
}

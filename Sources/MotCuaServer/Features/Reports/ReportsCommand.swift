import Fluent
import Foundation
import Vapor

/// `motcua reports verify`: recomputes the report summaries from the dossiers; exits 0 when they agree, 1 listing
/// every difference otherwise. `motcua reports rebuild` fills the summaries again from the dossiers.
struct ReportsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify | rebuild")
        var action: String
    }

    var help: String { "Kiểm tra bảng tổng hợp báo cáo so với hồ sơ: motcua reports verify (hoặc rebuild để tính lại)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "verify":
            let differences = try await ReportSummaries.verify(on: app.db)
            guard differences.isEmpty else {
                let shown = differences.prefix(50).joined(separator: "\n")
                let more = differences.count > 50 ? "\n… và \(differences.count - 50) chênh lệch khác." : ""
                throw CommandFailure(message: "Bảng tổng hợp báo cáo KHÔNG khớp với hồ sơ (\(differences.count) chênh lệch):\n\(shown)\(more)\nChạy `motcua reports rebuild` để tính lại sau khi tìm ra nguyên nhân.", exitCode: 1)
            }
            let dossiers = try await Dossier.query(on: app.db).count()
            context.console.print("Bảng tổng hợp báo cáo khớp với \(dossiers) hồ sơ.")
        case "rebuild":
            try await app.writeTransaction { db in
                try await ReportSummaries.rebuild(on: db)
                try await AuditJournal.append(AuditEvent(action: "reports.rebuild", objectType: "report_summaries", objectID: "all", summary: "Tính lại bảng tổng hợp báo cáo từ hồ sơ"), by: .commandLine, at: app.clock.now(), on: db)
            }
            context.console.print("Đã tính lại bảng tổng hợp báo cáo từ hồ sơ.")
        default:
            throw CommandFailure(message: "Lệnh không hợp lệ: dùng `motcua reports verify` hoặc `motcua reports rebuild`.")
        }
    }
}

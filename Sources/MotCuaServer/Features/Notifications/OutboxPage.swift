import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The commune's outbox: every message to applicants with its delivery state; in development, where messages are shown
/// here instead of being sent.
enum OutboxPage {
    struct Row: Encodable {
        let time: String
        let dossierCode: String
        let channel: String
        let recipient: String
        let body: String
        let status: String
        let attempts: Int
        let lastError: String
    }

    struct Page: Encodable {
        let page: PageContext
        let rows: [Row]
        let isDevelopment: Bool
    }

    /// A one-time code is for its citizen or officer alone: outside development, where this page stands in for the phone,
    /// staff see that a code was sent, never the code.
    static func visibleBody(of message: OutboxMessage, on req: Request) -> String {
        guard req.application.environment != .development else { return message.body }
        switch message.subject {
        case ConfirmationMessage.subject: return "Mã xác nhận tài khoản (nội dung được ẩn với cán bộ)."
        case SignInUnlockController.messageSubject: return "Mã mở khoá đăng nhập (nội dung được ẩn với cán bộ)."
        case PasswordRecoveryController.messageSubject: return "Mã khôi phục mật khẩu (nội dung được ẩn với cán bộ)."
        default: return message.body
        }
    }

    static func show(req: Request) async throws -> View {
        try req.requireRole(.systemAdministrator, .communeLeader, .counterOfficer)
        let messages = try await req.tenant.query(OutboxMessage.self).sort(\.$createdAt, .descending).limit(100).all()
        let names: [OutboxMessage.Status: String] = [.pending: "Chờ gửi", .sent: "Đã gửi", .shown: "Hiển thị (môi trường phát triển)", .failed: "Gửi không được"]
        return try await req.view.render("notifications/outbox", Page(
            page: try await PageContext.make(for: req, title: "Hộp thư gửi người nộp"),
            rows: messages.map {
                Row(time: VietnameseFormat.dateTime($0.createdAt ?? req.now), dossierCode: $0.dossierCode ?? "", channel: $0.channel == "sms" ? "SMS" : "Email",
                    recipient: $0.recipient, body: visibleBody(of: $0, on: req), status: names[$0.status] ?? $0.status.rawValue, attempts: $0.attempts, lastError: $0.lastError ?? "")
            },
            isDevelopment: req.application.environment == .development
        ))
    }
}

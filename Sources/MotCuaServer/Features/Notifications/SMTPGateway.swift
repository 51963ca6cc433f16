import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Vapor

/// An SMTP gateway for the applicants' email: one connection per message, STARTTLS when asked (the default), then
/// AUTH PLAIN when a username is configured; with STARTTLS off it speaks plain SMTP, for a trusted relay only.
struct SMTPGateway: MessageGateway {
    let host: String
    let port: Int
    let from: String
    let username: String?
    let password: String?
    let startTLS: Bool
    /// The name this server gives in EHLO.
    var heloName: String = "motcua.local"
    /// How long one message may take from connect to QUIT.
    var timeout: TimeAmount = .seconds(30)

    var onlyShows: Bool { false }

    func deliver(_ message: OutboxMessage, client: any Client) async throws {
        try await send(to: message.recipient, subject: message.subject, body: message.body)
    }

    /// Sends one plain-text UTF-8 message; throws `SMTPError` when the server refuses a step.
    func send(to recipient: String, subject: String, body: String) async throws {
        // Scalars, not characters: "\r\n" is one Character in Swift, and a line break would inject headers or commands.
        for value in [recipient, from] where value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" }) || !value.contains("@") {
            throw SMTPError(step: "address", reply: "Địa chỉ email không hợp lệ: \(value)")
        }
        let group = MultiThreadedEventLoopGroup.singleton
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler()) }
            }
            .connect(host: host, port: port).get()
        let deadline = channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        let session = SMTPSession(channel: channel)
        try await session.expect(220, step: "greeting")
        try await session.command("EHLO \(heloName)", expect: 250)
        if startTLS {
            try await session.command("STARTTLS", expect: 220)
            // Anything already received after "220" came before encryption and could have been injected (CVE-2011-0411).
            let buffered = try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self).hasBufferedInput
            }.get()
            if buffered { throw SMTPError(step: "STARTTLS", reply: "máy chủ gửi thêm dữ liệu trước khi mã hoá; dừng để an toàn") }
            let context = try NIOSSLContext(configuration: .makeClientConfiguration())
            let host = self.host
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: host), position: .first)
            }.get()
            try await session.command("EHLO \(heloName)", expect: 250)
        }
        if let username, let password {
            let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
            try await session.command("AUTH PLAIN \(token)", expect: 235, shown: "AUTH PLAIN ***")
        }
        try await session.command("MAIL FROM:<\(from)>", expect: 250)
        try await session.command("RCPT TO:<\(recipient)>", expect: 250)
        try await session.command("DATA", expect: 354)
        try await session.command(Self.content(from: from, to: recipient, subject: subject, body: body) + "\r\n.", expect: 250, shown: "(nội dung thư)")
        try? await session.command("QUIT", expect: 221)
    }

    /// The message as sent after DATA: headers, then the body in base64, so no line can start with a dot.
    static func content(from: String, to: String, subject: String, body: String, date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let encodedSubject = "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        let domain = from.split(separator: "@").last.map(String.init) ?? "motcua.local"
        let bodyLines = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: \(from)", "To: \(to)", "Subject: \(encodedSubject)", "Date: \(formatter.string(from: date))",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(domain)>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", bodyLines,
        ].joined(separator: "\r\n")
    }
}

/// A step of the SMTP conversation that the server refused, with its reply.
struct SMTPError: Error, CustomStringConvertible {
    let step: String
    let reply: String
    var description: String { "SMTP \(step): \(reply)" }
}

/// One reply of the server: its code and its (possibly multi-line) text.
struct SMTPReply: Sendable {
    let code: Int
    let text: String
}

/// Sends commands and waits for replies on the channel's event loop.
private struct SMTPSession {
    let channel: any Channel

    func expect(_ code: Int, step: String) async throws {
        let reply = try await nextReply()
        guard reply.code == code else { throw SMTPError(step: step, reply: "\(reply.code) \(reply.text)") }
    }

    func command(_ line: String, expect code: Int, shown: String? = nil) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: line + "\r\n")).get()
        let reply = try await nextReply()
        guard reply.code == code else { throw SMTPError(step: shown ?? line, reply: "\(reply.code) \(reply.text)") }
    }

    private func nextReply() async throws -> SMTPReply {
        let channel = self.channel
        return try await channel.eventLoop.flatSubmit {
            do {
                return try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self).nextReply(on: channel.eventLoop)
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        }.get()
    }
}

/// Splits the server's bytes into replies (a reply ends with a line "NNN text"; "NNN-text" lines continue it).
private final class SMTPReplyHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private var pending = ""
    private var replyLines: [String] = []
    private var replies: [SMTPReply] = []
    private var waiting: [EventLoopPromise<SMTPReply>] = []
    private var failure: (any Error)?

    /// Whether bytes or replies are waiting that nobody has asked for yet.
    var hasBufferedInput: Bool { !pending.isEmpty || !replyLines.isEmpty || !replies.isEmpty }

    func nextReply(on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if !replies.isEmpty { return eventLoop.makeSucceededFuture(replies.removeFirst()) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiting.append(promise)
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readString(length: buffer.readableBytes) ?? ""
        while let end = pending.range(of: "\r\n") ?? pending.range(of: "\n") {
            let line = String(pending[..<end.lowerBound])
            pending.removeSubrange(..<end.upperBound)
            replyLines.append(line)
            let characters = Array(line)
            guard characters.count < 4 || characters[3] != "-" else { continue }
            let reply = SMTPReply(code: Int(String(characters.prefix(3))) ?? 0, text: replyLines.map { String($0.dropFirst(4)) }.joined(separator: " "))
            replyLines = []
            if waiting.isEmpty { replies.append(reply) } else { waiting.removeFirst().succeed(reply) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError(step: "connection", reply: "máy chủ đã đóng kết nối"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        failure = failure ?? error
        for promise in waiting { promise.fail(error) }
        waiting = []
    }
}

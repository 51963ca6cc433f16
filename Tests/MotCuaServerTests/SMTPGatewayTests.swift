import Fluent
import Foundation
import MotCuaCore
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import Vapor
@testable import MotCuaServer

/// A tiny SMTP server on the loopback that records what it receives; it refuses recipients when told to.
final class FakeSMTPServer: Sendable {
    let commands = NIOLockedValueBox<[String]>([])
    let messages = NIOLockedValueBox<[String]>([])
    let refusesRecipients: Bool
    private let channel: any Channel

    var port: Int { channel.localAddress?.port ?? 0 }

    init(refusesRecipients: Bool = false) async throws {
        self.refusesRecipients = refusesRecipients
        let commands = self.commands, messages = self.messages
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(Handler(commands: commands, messages: messages, refusesRecipients: refusesRecipients))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async throws { try await channel.close() }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let commands: NIOLockedValueBox<[String]>
        let messages: NIOLockedValueBox<[String]>
        let refusesRecipients: Bool
        var buffer = ""
        var inData = false

        init(commands: NIOLockedValueBox<[String]>, messages: NIOLockedValueBox<[String]>, refusesRecipients: Bool) {
            self.commands = commands
            self.messages = messages
            self.refusesRecipients = refusesRecipients
        }

        func channelActive(context: ChannelHandlerContext) {
            reply("220 fake.local ESMTP", context)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            buffer += bytes.readString(length: bytes.readableBytes) ?? ""
            while true {
                if inData {
                    guard let end = buffer.range(of: "\r\n.\r\n") else { return }
                    let message = String(buffer[..<end.lowerBound])
                    messages.withLockedValue { $0.append(message) }
                    buffer.removeSubrange(..<end.upperBound)
                    inData = false
                    reply("250 queued", context)
                    continue
                }
                guard let end = buffer.range(of: "\r\n") else { return }
                let line = String(buffer[..<end.lowerBound])
                buffer.removeSubrange(..<end.upperBound)
                commands.withLockedValue { $0.append(line) }
                let verb = line.prefix(4).uppercased()
                switch verb {
                case "EHLO": reply("250-fake.local\r\n250 AUTH PLAIN", context)
                case "MAIL": reply("250 ok", context)
                case "RCPT": reply(refusesRecipients ? "550 no such mailbox" : "250 ok", context)
                case "DATA": inData = true; reply("354 go ahead", context)
                case "QUIT": reply("221 bye", context); context.close(promise: nil)
                default: reply("502 not implemented", context)
                }
            }
        }

        private func reply(_ text: String, _ context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
        }
    }
}

@Suite("SMTP email gateway")
struct SMTPGatewayTests {
    @Test("a message goes through EHLO, MAIL, RCPT and DATA with a UTF-8 subject and body")
    func sendsAMessage() async throws {
        let server = try await FakeSMTPServer()
        let gateway = SMTPGateway(host: "127.0.0.1", port: server.port, from: "motcua@phungcong.hungyen.gov.vn", username: nil, password: nil, startTLS: false)
        try await gateway.send(to: "hoa@example.vn", subject: "MotCua: hồ sơ H33", body: "Hồ sơ đã được tiếp nhận.\n.\nDòng có dấu chấm.")
        try await server.stop()
        let commands = server.commands.withLockedValue { $0 }
        #expect(commands == ["EHLO motcua.local", "MAIL FROM:<motcua@phungcong.hungyen.gov.vn>", "RCPT TO:<hoa@example.vn>", "DATA", "QUIT"])
        let message = try #require(server.messages.withLockedValue { $0 }.first)
        #expect(message.contains("To: hoa@example.vn"))
        #expect(message.contains("Subject: =?UTF-8?B?" + Data("MotCua: hồ sơ H33".utf8).base64EncodedString() + "?="))
        let body = try #require(message.components(separatedBy: "\r\n\r\n").last)
        let decoded = String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")) ?? Data(), as: UTF8.self)
        #expect(decoded == "Hồ sơ đã được tiếp nhận.\n.\nDòng có dấu chấm.")
    }

    @Test("a refused recipient fails the delivery; the outbox keeps the message pending with the error, and a later try delivers it")
    func outboxSurvivesSMTPFailure() async throws {
        let clock = MutableClock(DossierTests.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            let refusing = try await FakeSMTPServer(refusesRecipients: true)
            app.messageGateways = ["email": SMTPGateway(host: "127.0.0.1", port: refusing.port, from: "motcua@example.vn", username: nil, password: nil, startTLS: false)]
            let (_, dossier) = try await DossierTests.receive("1.004837", on: app, extra: [("email", "an.nguyen@example.vn")])
            let message = try #require(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == dossier.code).filter(\.$channel == "email").first())
            #expect(try await OutboxDispatcher.deliverDue(app: app) == 0)
            let failed = try #require(try await OutboxMessage.find(message.id, on: app.db))
            #expect(failed.status == .pending && failed.attempts == 1)
            #expect(failed.lastError?.contains("550") == true)
            try await refusing.stop()

            let accepting = try await FakeSMTPServer()
            app.messageGateways = ["email": SMTPGateway(host: "127.0.0.1", port: accepting.port, from: "motcua@example.vn", username: nil, password: nil, startTLS: false)]
            clock.advance(by: 61)
            #expect(try await OutboxDispatcher.deliverDue(app: app) == 1)
            #expect(try await OutboxMessage.find(message.id, on: app.db)?.status == .sent)
            #expect(accepting.messages.withLockedValue { $0.count } == 1)
            try await accepting.stop()
        }
    }

    @Test("nothing listening: the delivery fails with a reason and throws, never hangs")
    func connectionRefused() async throws {
        let gateway = SMTPGateway(host: "127.0.0.1", port: 9, from: "motcua@example.vn", username: nil, password: nil, startTLS: false)
        await #expect(throws: (any Error).self) { try await gateway.send(to: "a@example.vn", subject: "s", body: "b") }
        await #expect(throws: SMTPError.self) { try await gateway.send(to: "a@example.vn\r\nBcc: x@y.z", subject: "s", body: "b") }
    }

    @Test("the SMTP variables configure the gateway; malformed ones stop start-up with the variable's name")
    func settings() throws {
        let gateway = try #require(try MessageGatewaySettings.smtpGateway(["MOTCUA_SMTP_HOST": "mail.hungyen.gov.vn", "MOTCUA_SMTP_FROM": "motcua@hungyen.gov.vn", "MOTCUA_SMTP_USERNAME": "motcua", "MOTCUA_SMTP_PASSWORD": "bi-mat"]))
        #expect(gateway.port == 587 && gateway.startTLS && gateway.username == "motcua")
        let relay = try #require(try MessageGatewaySettings.smtpGateway(["MOTCUA_SMTP_HOST": "relay.local", "MOTCUA_SMTP_FROM": "a@b.vn", "MOTCUA_SMTP_STARTTLS": "false"]))
        #expect(relay.port == 25 && !relay.startTLS)
        #expect(try MessageGatewaySettings.smtpGateway([:]) == nil)
        #expect(throws: Settings.Problem.self) { try MessageGatewaySettings.smtpGateway(["MOTCUA_SMTP_HOST": "h", "MOTCUA_SMTP_FROM": "a@b.vn", "MOTCUA_SMTP_PORT": "99999"]) }
        #expect(throws: Settings.Problem.self) { try MessageGatewaySettings.smtpGateway(["MOTCUA_SMTP_HOST": "h"]) }
        #expect(throws: Settings.Problem.self) { try MessageGatewaySettings.smtpGateway(["MOTCUA_SMTP_HOST": "h", "MOTCUA_SMTP_FROM": "a@b.vn", "MOTCUA_SMTP_STARTTLS": "false", "MOTCUA_SMTP_USERNAME": "u"]) }
        let both = try MessageGatewaySettings.gateways(for: .production, variables: ["MOTCUA_SMTP_HOST": "h", "MOTCUA_SMTP_FROM": "a@b.vn", "MOTCUA_SMTP_STARTTLS": "false"])
        #expect(both["email"] is SMTPGateway && both["sms"] == nil)
    }
}

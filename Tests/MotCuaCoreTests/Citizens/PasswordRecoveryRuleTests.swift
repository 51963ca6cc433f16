import Foundation
import MotCuaCore
import Testing

@Suite("Citizens: the limits on password recovery codes")
struct PasswordRecoveryRuleTests {
    let start = Date(timeIntervalSince1970: 1_772_416_800)

    @Test("a first request sends a code valid ten minutes; a second within a minute waits; a sixth within a day is refused")
    func sendsAreLimitedPerDay() throws {
        guard case .send(let first) = PasswordRecovery.decision(after: nil, at: start) else { Issue.record("first request refused"); return }
        #expect(first.sends == 1 && first.expiresAt == start.addingTimeInterval(600) && first.failedAttempts == 0)

        guard case .refuse(let wait) = PasswordRecovery.decision(after: first, at: start.addingTimeInterval(30)) else { Issue.record("resent within a minute"); return }
        #expect(wait.contains("chờ 30 giây"))

        var state = first
        for minute in 1...4 {
            guard case .send(let next) = PasswordRecovery.decision(after: state, at: start.addingTimeInterval(Double(minute) * 61)) else { Issue.record("send \(minute + 1) refused"); return }
            #expect(next.sends == minute + 1 && next.failedAttempts == 0)
            state = next
        }
        guard case .refuse(let tooMany) = PasswordRecovery.decision(after: state, at: start.addingTimeInterval(3600)) else { Issue.record("sixth send allowed"); return }
        #expect(tooMany.contains("5 lần trong 24 giờ"))
        #expect(!tooMany.contains("tài khoản này"), "the refusal does not say that an account exists")

        // A day after the latest send, the count starts again.
        guard case .send(let fresh) = PasswordRecovery.decision(after: state, at: state.sentAt.addingTimeInterval(PasswordRecovery.sendWindow)) else { Issue.record("still refused after a day"); return }
        #expect(fresh.sends == 1)
    }

    @Test("a resent code starts its five wrong entries again")
    func resendResetsAttempts() {
        var state = ConfirmationCode.firstSent(at: start)
        for _ in 0..<5 { _ = state.check(matches: false, at: start.addingTimeInterval(10)) }
        #expect(state.check(matches: true, at: start.addingTimeInterval(20)) == .exhausted)
        guard case .send(var next) = PasswordRecovery.decision(after: state, at: start.addingTimeInterval(61)) else { Issue.record("resend refused"); return }
        #expect(next.check(matches: true, at: start.addingTimeInterval(62)) == .confirmed)
    }
}

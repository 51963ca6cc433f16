import Foundation

/// The limits on codes that recover a citizen's forgotten password: the registration code's rules (10 minutes,
/// 5 wrong entries, a minute between sends, 5 sends), with the sends counted per day rather than for ever.
///
/// The limits belong to the phone or email that was typed, not to an account, so that a refusal reads the same
/// whether that phone or email has an account or not.
public enum PasswordRecovery {
    /// How long the sends of a phone or email are counted together, from the latest send.
    public static let sendWindow: TimeInterval = 24 * 3600

    /// What a request for a code at `now` leads to.
    public enum Decision: Sendable, Equatable {
        /// Send a code; the state to store after sending it.
        case send(ConfirmationCode)
        /// Send nothing, for this reason (in Vietnamese).
        case refuse(String)
    }

    /// The decision on a request at `now`, given the stored state of this phone or email (if any).
    public static func decision(after previous: ConfirmationCode?, at now: Date) -> Decision {
        guard var state = previous, now < state.sentAt.addingTimeInterval(sendWindow) else {
            return .send(.firstSent(at: now))
        }
        if state.sends >= ConfirmationCode.maximumSends {
            return .refuse("Đã gửi mã \(ConfirmationCode.maximumSends) lần trong 24 giờ cho số điện thoại hoặc email này. Vui lòng thử lại sau hoặc liên hệ bộ phận một cửa để được hỗ trợ.")
        }
        let wait = Int(state.sentAt.addingTimeInterval(ConfirmationCode.resendInterval).timeIntervalSince(now).rounded(.up))
        if wait > 0 { return .refuse("Vui lòng chờ \(wait) giây rồi yêu cầu mã mới.") }
        state.resent(at: now)
        return .send(state)
    }
}

import Foundation

/// The one-time code that confirms a citizen's account: six digits, sent by SMS or email, valid for a short time,
/// with few attempts and few resends, so that guessing one is hopeless.
public struct ConfirmationCode: Sendable, Equatable {
    /// How long a code is valid after it is sent.
    public static let lifetime: TimeInterval = 10 * 60
    /// Wrong entries allowed for one code; after them a new code must be sent.
    public static let maximumAttempts = 5
    /// Codes sent for one account in total (the first one included).
    public static let maximumSends = 5
    /// The least time between two sends.
    public static let resendInterval: TimeInterval = 60

    /// When the current code stops being valid.
    public var expiresAt: Date
    /// Wrong entries of the current code.
    public var failedAttempts: Int
    /// Codes sent so far.
    public var sends: Int
    /// When the current code was sent.
    public var sentAt: Date

    /// The state right after the first code is sent at `now`.
    public static func firstSent(at now: Date) -> ConfirmationCode {
        ConfirmationCode(expiresAt: now.addingTimeInterval(lifetime), failedAttempts: 0, sends: 1, sentAt: now)
    }

    /// Creates a stored state.
    public init(expiresAt: Date, failedAttempts: Int, sends: Int, sentAt: Date) {
        self.expiresAt = expiresAt
        self.failedAttempts = failedAttempts
        self.sends = sends
        self.sentAt = sentAt
    }

    /// A new random code of six digits.
    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String(format: "%06d", Int.random(in: 0...999_999, using: &generator))
    }

    /// Whether the text has the shape of a code (six digits, spaces ignored).
    public static func normalised(_ text: String) -> String? {
        let digits = text.filter { !$0.isWhitespace }
        return digits.count == 6 && digits.allSatisfy({ $0.isASCII && $0.isNumber }) ? digits : nil
    }

    /// What an entered code leads to.
    public enum Verdict: Sendable, Equatable {
        case confirmed
        /// Wrong; `remaining` attempts are left for this code.
        case wrong(remaining: Int)
        case expired
        /// Too many wrong entries: the code no longer counts, a new one must be sent.
        case exhausted

        /// The Vietnamese message for a refused entry.
        public var message: String? {
            switch self {
            case .confirmed: nil
            case .wrong(let remaining): "Mã xác nhận không đúng. Còn \(remaining) lần thử."
            case .expired: "Mã xác nhận đã hết hạn (hiệu lực 10 phút). Bấm \"Gửi lại mã\" để nhận mã mới."
            case .exhausted: "Đã nhập sai quá \(ConfirmationCode.maximumAttempts) lần. Bấm \"Gửi lại mã\" để nhận mã mới."
            }
        }
    }

    /// The verdict on an entry at `now`, given whether it matched the stored code; updates the failure count.
    ///
    /// An expired or exhausted code refuses even the right digits, so that a code cannot be guessed slowly.
    public mutating func check(matches: Bool, at now: Date) -> Verdict {
        if failedAttempts >= Self.maximumAttempts { return .exhausted }
        if now >= expiresAt { return .expired }
        if matches { return .confirmed }
        failedAttempts += 1
        return failedAttempts >= Self.maximumAttempts ? .exhausted : .wrong(remaining: Self.maximumAttempts - failedAttempts)
    }

    /// Why a new code cannot be sent at `now`, or `nil` when it can.
    public func resendProblem(at now: Date) -> String? {
        if sends >= Self.maximumSends {
            return "Đã gửi mã \(Self.maximumSends) lần cho tài khoản này. Vui lòng liên hệ bộ phận một cửa để được hỗ trợ."
        }
        let wait = Int((sentAt.addingTimeInterval(Self.resendInterval).timeIntervalSince(now)).rounded(.up))
        if wait > 0 { return "Vui lòng chờ \(wait) giây rồi bấm gửi lại mã." }
        return nil
    }

    /// The state after a new code is sent at `now`.
    public mutating func resent(at now: Date) {
        sends += 1
        failedAttempts = 0
        sentAt = now
        expiresAt = now.addingTimeInterval(Self.lifetime)
    }
}

/// The rules a staff password must follow.
public enum PasswordPolicy {
    /// The shortest password accepted.
    public static let minimumLength = 10
    /// The longest password accepted; bcrypt reads only 72 bytes, so longer input would be silently cut.
    public static let maximumUTF8Length = 72

    /// Returns a Vietnamese description of what is wrong with the password, or `nil` when it is acceptable.
    public static func problem(with password: String, username: String) -> String? {
        if password.count < minimumLength {
            return "Mật khẩu phải có ít nhất \(minimumLength) ký tự."
        }
        if password.utf8.count > maximumUTF8Length {
            return "Mật khẩu quá dài (tối đa \(maximumUTF8Length) byte)."
        }
        if password.lowercased().contains(username.lowercased()), !username.isEmpty {
            return "Mật khẩu không được chứa tên đăng nhập."
        }
        let hasLetter = password.contains(where: \.isLetter)
        let hasDigitOrSymbol = password.contains(where: { !$0.isLetter })
        if !hasLetter || !hasDigitOrSymbol {
            return "Mật khẩu phải có cả chữ cái và chữ số hoặc ký hiệu."
        }
        return nil
    }
}

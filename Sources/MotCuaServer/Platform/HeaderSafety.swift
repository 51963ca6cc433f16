import Foundation
import MotCuaCore
import Vapor

/// Where a page sends someone back after sign-in: a path of this site, or nothing.
///
/// The value comes from the request (`?next=`, a hidden field) and ends up in a `Location` header, so it is the one
/// door through which a return address may pass; every sign-in page and every sign-in link goes through it.
enum ReturnAddress {
    /// Longer addresses are not ours: no page of MotCua has a path and query this long.
    static let maximumLength = 2000

    /// Returns `text` when it is a same-site path safe to write into a `Location` header, `nil` otherwise.
    ///
    /// Only printable ASCII passes: CR and LF would end the header line (header injection), and browsers drop tab, CR
    /// and LF before they parse a URL, so `/<tab>/evil.example` would become `//evil.example`, another site. With any
    /// whitespace or control character refused, the value a browser parses is the value checked here. `//` and `/\`
    /// (browsers read a backslash as a slash) name another host, so they are refused too.
    static func sanitised(_ text: String?, within prefix: String = "/") -> String? {
        guard let text, !text.isEmpty, text.utf8.count <= maximumLength,
              text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
              text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"),
              let components = URLComponents(string: text),
              components.scheme == nil, components.host == nil, components.user == nil, components.password == nil,
              components.path.hasPrefix("/"), !components.path.hasPrefix("//")
        else { return nil }
        guard prefix == "/" || components.path == prefix || components.path.hasPrefix(prefix + "/") else { return nil }
        return text
    }

    /// The link to a sign-in page that returns to `next` afterwards, with `next` encoded as one query value.
    ///
    /// `&`, `=`, `?`, `#` and `+` are encoded too, so that `/bao-cao/x.csv?from=…&to=…` comes back whole rather than
    /// losing `to` to the sign-in page's own query.
    static func signInLink(_ signInPath: String, next: String) -> String {
        guard let next = sanitised(next) else { return signInPath }
        return signInPath + "?next=" + (next.addingPercentEncoding(withAllowedCharacters: queryValueAllowed) ?? "/")
    }

    private static let queryValueAllowed: CharacterSet = {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~/")
        return allowed
    }()
}

/// Whether a downloaded file opens in the browser or is saved.
enum FileDisposition: String {
    case attachment
    case inline
}

extension HTTPHeaders {
    /// Sets `Content-Disposition` for a file name that may carry any text (Vietnamese, or a value from a request).
    ///
    /// The exact name goes in RFC 5987 form (`filename*=UTF-8''…`, percent-encoded, so no quote, CR or LF survives);
    /// old clients read the ASCII fallback, folded and limited to letters, digits, `-`, `_` and `.`.
    mutating func setContentDisposition(_ disposition: FileDisposition, fileName: String) {
        replaceOrAdd(name: .contentDisposition, value: Self.contentDisposition(disposition, fileName: fileName))
    }

    /// The `Content-Disposition` value for `fileName`; see `setContentDisposition(_:fileName:)`.
    static func contentDisposition(_ disposition: FileDisposition, fileName: String) -> String {
        let folded = VietnameseText.folded(fileName).replacingOccurrences(of: " ", with: "-")
        var fallback = String(folded.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar)) ? Character(scalar) : "-"
        })
        if fallback.allSatisfy({ $0 == "-" || $0 == "." }) { fallback = "tep" }
        var exact = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        exact.insert(charactersIn: "-._~")
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: exact) ?? fallback
        return "\(disposition.rawValue); filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}

/// Checks the part headers of a `multipart/form-data` body before any parser reads it.
///
/// The multipart parser that Vapor uses traps (ending the whole process) on a non-ASCII byte in a part's header
/// name, and the CSRF check parses every form body before any route runs — so one request from anyone could stop the
/// server. Bodies whose part headers are not `name: value` lines with a token for the name are refused instead.
/// Header values are not restricted: browsers send file names such as `Giấy tờ.pdf` as raw UTF-8.
public enum MultipartPreflight {
    /// Whether every header line of every part in `body` has a name made of RFC 9110 token characters.
    ///
    /// A body without any delimiter line passes: the parser then fails cleanly on its own.
    public static func headerNamesAreTokens<Body: RandomAccessCollection>(in body: Body, boundary: String) -> Bool
    where Body.Element == UInt8, Body.Index == Int {
        let delimiter = Array(("--" + boundary).utf8)
        guard delimiter.count > 2 else { return false }
        var position = body.startIndex
        while let found = index(of: delimiter, in: body, from: position) {
            let startsLine = found == body.startIndex || (found - 2 >= body.startIndex && body[found - 2] == carriageReturn && body[found - 1] == lineFeed)
            guard startsLine else {
                position = found + 1
                continue
            }
            var cursor = found + delimiter.count
            if cursor + 1 < body.endIndex, body[cursor] == hyphen, body[cursor + 1] == hyphen { return true }
            // The rest of the delimiter line is transport padding.
            guard let delimiterLineEnd = lineEnd(in: body, from: cursor) else { return false }
            cursor = delimiterLineEnd + 2
            while true {
                guard let end = lineEnd(in: body, from: cursor) else { return false }
                if end == cursor {
                    cursor = end + 2
                    break
                }
                var nameEnd = cursor
                while nameEnd < end, body[nameEnd] != colon {
                    guard isTokenCharacter(body[nameEnd]) else { return false }
                    nameEnd += 1
                }
                guard nameEnd < end, nameEnd > cursor else { return false }
                cursor = end + 2
            }
            position = cursor
        }
        return true
    }

    private static let carriageReturn: UInt8 = 13
    private static let lineFeed: UInt8 = 10
    private static let hyphen: UInt8 = 45
    private static let colon: UInt8 = 58

    /// `!#$%&'*+-.^_`|~`, digits and ASCII letters.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// The index of the CR of the next CRLF at or after `start`.
    private static func lineEnd<Body: RandomAccessCollection>(in body: Body, from start: Int) -> Int?
    where Body.Element == UInt8, Body.Index == Int {
        var index = start
        while index + 1 < body.endIndex {
            if body[index] == carriageReturn, body[index + 1] == lineFeed { return index }
            index += 1
        }
        return nil
    }

    private static func index<Body: RandomAccessCollection>(of needle: [UInt8], in body: Body, from start: Int) -> Int?
    where Body.Element == UInt8, Body.Index == Int {
        guard let first = needle.first, needle.count <= body.endIndex - start else { return nil }
        var index = start
        let last = body.endIndex - needle.count
        while index <= last {
            if body[index] == first {
                var offset = 1
                while offset < needle.count, body[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return index }
            }
            index += 1
        }
        return nil
    }
}

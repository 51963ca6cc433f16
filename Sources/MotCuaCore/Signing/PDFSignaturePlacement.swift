import Foundation

/// Where a PDF signature sits in its file: the signed byte range, the CMS blob in `/Contents`, and the
/// few entries of the signature dictionary that say what kind of signature it is and when it was made.
///
/// ISO 32000-1 § 12.8.1: the signature dictionary's `/ByteRange [a b c d]` names two spans of the file that
/// are hashed; the gap between them is exactly the hexadecimal string of `/Contents`. PAdES (ETSI EN 319 142-1
/// § 5.1) requires that the byte range cover the whole file but that string.
public struct PDFSignaturePlacement: Sendable, Equatable {
    /// The four numbers of `/ByteRange`.
    public let byteRange: [Int]
    /// The DER bytes of the CMS SignedData, without the zero padding that fills `/Contents`.
    public let cms: [UInt8]
    /// The `/SubFilter` name, without its slash (`adbe.pkcs7.detached`, `ETSI.CAdES.detached`).
    public let subFilter: String?
    /// The `/M` entry: the signing time that the signer's software claims in the dictionary.
    public let claimedSigningTime: Date?

    /// The bytes that the signature covers: the file without the `/Contents` string.
    public func signedBytes(of file: [UInt8]) -> [UInt8] {
        Array(file[byteRange[0] ..< byteRange[0] + byteRange[1]]) + Array(file[byteRange[2] ..< byteRange[2] + byteRange[3]])
    }

    /// The `/SubFilter` values MotCua accepts: the two PAdES forms of a detached CMS signature.
    public static let acceptedSubFilters: Set<String> = ["adbe.pkcs7.detached", "ETSI.CAdES.detached"]

    /// Finds the signature that covers the most of the file and checks that its byte range covers all of it
    /// but its own `/Contents`; returns why not otherwise.
    public static func locate(in file: [UInt8]) -> Result<PDFSignaturePlacement, SignedResultProblem> {
        guard UploadedFileKind.detect(file) == .pdf else { return .failure(.notPDF) }
        let ranges = occurrences(of: Array("/ByteRange".utf8), in: file).compactMap { byteRangeNumbers(after: $0, in: file) }
        guard let byteRange = ranges.max(by: { $0[2] + $0[3] < $1[2] + $1[3] }) else { return .failure(.noSignature) }
        let (a, b, c, d) = (byteRange[0], byteRange[1], byteRange[2], byteRange[3])
        guard a == 0, b > 0, c > b, d >= 0 else { return .failure(.byteRangeNotWholeFile) }
        if c + d > file.count { return .failure(.truncated) }
        if c + d < file.count { return .failure(.changedAfterSigning) }
        // The gap must be the `/Contents` hexadecimal string and nothing else.
        let gap = file[b ..< c]
        guard gap.count >= 2, gap.first == UInt8(ascii: "<"), gap.last == UInt8(ascii: ">") else { return .failure(.byteRangeNotWholeFile) }
        var before = b
        while before > 0, isWhitespace(file[before - 1]) { before -= 1 }
        let contentsKey = Array("/Contents".utf8)
        guard before >= contentsKey.count, Array(file[before - contentsKey.count ..< before]) == contentsKey else {
            return .failure(.byteRangeNotWholeFile)
        }
        guard let padded = decodeHex(gap.dropFirst().dropLast()), let cms = trimmedDER(padded) else {
            return .failure(.malformedSignature)
        }
        // The signature dictionary is the indirect object around `/Contents`: from its `obj` to its `endobj`.
        let dictionary = enclosingObject(around: b ..< c, in: file)
        let subFilter = nameValue(of: "/SubFilter", in: dictionary)
        guard let subFilter, acceptedSubFilters.contains(subFilter) else {
            return .failure(.unsupportedSubFilter(subFilter ?? "không có"))
        }
        let claimedTime = literalValue(of: "/M", in: dictionary).flatMap(parsePDFDate)
        return .success(PDFSignaturePlacement(byteRange: byteRange, cms: cms, subFilter: subFilter, claimedSigningTime: claimedTime))
    }

    // MARK: - Scanning

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || "()<>[]{}/%".utf8.contains(byte)
    }

    static func occurrences<C: Collection>(of needle: [UInt8], in haystack: C) -> [C.Index] where C.Element == UInt8 {
        guard let first = needle.first else { return [] }
        var found: [C.Index] = []
        var index = haystack.startIndex
        while let start = haystack[index...].firstIndex(of: first) {
            if haystack[start...].starts(with: needle) { found.append(start) }
            index = haystack.index(after: start)
        }
        return found
    }

    /// `[a b c d]` after the key, or nil for anything else (a placeholder, a reference).
    static func byteRangeNumbers(after keyStart: Int, in file: [UInt8]) -> [Int]? {
        var index = keyStart + "/ByteRange".utf8.count
        func skipWhitespace() { while index < file.count, isWhitespace(file[index]) { index += 1 } }
        skipWhitespace()
        guard index < file.count, file[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var numbers: [Int] = []
        while numbers.count < 4 {
            skipWhitespace()
            let start = index
            while index < file.count, file[index] >= 0x30, file[index] <= 0x39, index - start < 12 { index += 1 }
            guard index > start, let number = Int(String(decoding: file[start ..< index], as: UTF8.self)) else { return nil }
            numbers.append(number)
        }
        skipWhitespace()
        guard index < file.count, file[index] == UInt8(ascii: "]") else { return nil }
        return numbers
    }

    static func decodeHex(_ hex: ArraySlice<UInt8>) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var high: UInt8?
        for character in hex where !isWhitespace(character) {
            let value: UInt8
            switch character {
            case 0x30 ... 0x39: value = character - 0x30
            case 0x41 ... 0x46: value = character - 0x41 + 10
            case 0x61 ... 0x66: value = character - 0x61 + 10
            default: return nil
            }
            if let h = high { bytes.append(h << 4 | value); high = nil } else { high = value }
        }
        if let h = high { bytes.append(h << 4) }
        return bytes
    }

    /// The outer DER element alone: `/Contents` is padded with zeros after it.
    static func trimmedDER(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 2, bytes[0] == 0x30 else { return nil }
        let first = Int(bytes[1])
        var length = 0
        var header = 2
        if first < 0x80 {
            length = first
        } else {
            let count = first & 0x7F
            guard count >= 1, count <= 4, bytes.count >= 2 + count else { return nil }
            for byte in bytes[2 ..< 2 + count] { length = length << 8 | Int(byte) }
            header += count
        }
        guard header + length <= bytes.count else { return nil }
        return Array(bytes[0 ..< header + length])
    }

    static func enclosingObject(around gap: Range<Int>, in file: [UInt8]) -> [UInt8] {
        let window = 64 * 1024
        let head = file[max(0, gap.lowerBound - window) ..< gap.lowerBound]
        let objects = occurrences(of: Array("obj".utf8), in: head).filter { index in
            index - head.startIndex < 3 || Array(file[index - 3 ..< index]) != Array("end".utf8)
        }
        let start = objects.last ?? head.startIndex
        let tail = file[gap.upperBound ..< min(file.count, gap.upperBound + window)]
        let end = occurrences(of: Array("endobj".utf8), in: tail).first ?? tail.endIndex
        return Array(file[start ..< gap.lowerBound]) + Array(file[gap.upperBound ..< end])
    }

    /// The name after a key, e.g. `adbe.pkcs7.detached` after `/SubFilter`.
    static func nameValue(of key: String, in dictionary: [UInt8]) -> String? {
        let keyBytes = Array(key.utf8)
        for start in occurrences(of: keyBytes, in: dictionary) {
            var index = start + keyBytes.count
            guard index < dictionary.count, isDelimiter(dictionary[index]) else { continue }
            while index < dictionary.count, isWhitespace(dictionary[index]) { index += 1 }
            guard index < dictionary.count, dictionary[index] == UInt8(ascii: "/") else { continue }
            index += 1
            let nameStart = index
            while index < dictionary.count, !isDelimiter(dictionary[index]) { index += 1 }
            return String(decoding: dictionary[nameStart ..< index], as: UTF8.self)
        }
        return nil
    }

    /// The literal string after a key, e.g. `D:20261203101500+07'00'` after `/M`.
    static func literalValue(of key: String, in dictionary: [UInt8]) -> String? {
        let keyBytes = Array(key.utf8)
        for start in occurrences(of: keyBytes, in: dictionary) {
            var index = start + keyBytes.count
            guard index < dictionary.count, isDelimiter(dictionary[index]) else { continue }
            while index < dictionary.count, isWhitespace(dictionary[index]) { index += 1 }
            guard index < dictionary.count, dictionary[index] == UInt8(ascii: "(") else { continue }
            return unescapedLiteral(dictionary[(index + 1)...])
        }
        return nil
    }

    /// The bytes of a literal string up to its closing parenthesis, escapes resolved (ISO 32000-1 § 7.3.4.2).
    static func unescapedLiteral(_ bytes: ArraySlice<UInt8>) -> String? {
        var result: [UInt8] = []
        var index = bytes.startIndex
        var depth = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.endIndex else { return nil }
                let escaped = bytes[index]
                if (0x30 ... 0x37).contains(escaped) {
                    var value = 0
                    var digits = 0
                    while digits < 3, index < bytes.endIndex, (0x30 ... 0x37).contains(bytes[index]) {
                        value = value * 8 + Int(bytes[index] - 0x30)
                        index += 1
                        digits += 1
                    }
                    result.append(UInt8(truncatingIfNeeded: value))
                    continue
                }
                switch escaped {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case 0x0A, 0x0D: break
                default: result.append(escaped)
                }
            } else if byte == UInt8(ascii: "(") {
                depth += 1
                result.append(byte)
            } else if byte == UInt8(ascii: ")") {
                if depth == 0 { return String(decoding: result, as: UTF8.self) }
                depth -= 1
                result.append(byte)
            } else {
                result.append(byte)
            }
            index += 1
        }
        return nil
    }

    /// A PDF date (ISO 32000-1 § 7.9.4): `D:YYYYMMDDHHmmSSOHH'mm'`, later parts optional.
    public static func parsePDFDate(_ text: String) -> Date? {
        var characters = Substring(text)
        if characters.hasPrefix("D:") { characters = characters.dropFirst(2) }
        func take(_ count: Int, default value: Int) -> Int? {
            let part = characters.prefix(count)
            guard part.count == count, part.allSatisfy(\.isASCII), let number = Int(part) else {
                return part.isEmpty || !(part.first?.isNumber ?? false) ? value : nil
            }
            characters = characters.dropFirst(count)
            return number
        }
        guard let year = take(4, default: -1), year > 0,
              let month = take(2, default: 1), let day = take(2, default: 1),
              let hour = take(2, default: 0), let minute = take(2, default: 0), let second = take(2, default: 0)
        else { return nil }
        var offset = 0
        if let sign = characters.first, sign == "+" || sign == "-" {
            characters = characters.dropFirst()
            let hours = Int(characters.prefix(2)) ?? 0
            characters = characters.dropFirst(2)
            if characters.first == "'" { characters = characters.dropFirst() }
            let minutes = Int(characters.prefix(2)) ?? 0
            offset = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let utc = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)) else {
            return nil
        }
        return utc.addingTimeInterval(TimeInterval(-offset))
    }
}

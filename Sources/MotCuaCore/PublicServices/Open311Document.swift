import Foundation

/// A value of a GeoReport v2 document, written either as JSON or as the spec's XML.
///
/// One tree feeds both encoders so that the two formats cannot drift apart: the XML element names are
/// the JSON keys, and a list's XML items take the name the spec gives them (`service`, `request`, `error`).
public indirect enum Open311Value: Equatable, Sendable {
    case text(String)
    case number(Double)
    case boolean(Bool)
    case null
    /// Fields in the order the spec lists them.
    case object([(String, Open311Value)])
    /// A list whose XML items are named `itemName`.
    case list(itemName: String, [Open311Value])

    public static func == (lhs: Open311Value, rhs: Open311Value) -> Bool {
        lhs.json == rhs.json
    }

    /// The text, or `.null` when absent or empty: clients then meet one convention for "no value", never `""`.
    public static func optional(_ text: String?) -> Open311Value {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .null }
        return .text(text)
    }

    /// The value as compact JSON.
    public var json: String {
        switch self {
        case .text(let text): return Self.jsonString(text)
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .object(let fields):
            return "{" + fields.map { Self.jsonString($0.0) + ":" + $0.1.json }.joined(separator: ",") + "}"
        case .list(_, let items):
            return "[" + items.map(\.json).joined(separator: ",") + "]"
        }
    }

    /// The value as an XML document whose root element is `root`.
    public func xmlDocument(root: String) -> String {
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + xml(named: root)
    }

    func xml(named name: String) -> String {
        switch self {
        case .text(let text): return "<\(name)>\(Self.xmlEscaped(text))</\(name)>"
        case .number: return "<\(name)>\(json)</\(name)>"
        case .boolean(let flag): return "<\(name)>\(flag ? "true" : "false")</\(name)>"
        case .null: return "<\(name)></\(name)>"
        case .object(let fields):
            return "<\(name)>" + fields.map { $0.1.xml(named: $0.0) }.joined() + "</\(name)>"
        case .list(let itemName, let items):
            return "<\(name)>" + items.map { $0.xml(named: itemName) }.joined() + "</\(name)>"
        }
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Control characters other than tab and newlines are not allowed in XML 1.0 at all.
                if scalar.value < 0x20, scalar != "\t", scalar != "\n", scalar != "\r" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Open311Error {
    /// The spec's error document: a list of one `{code, description}`.
    public var document: Open311Value {
        .list(itemName: "error", [.object([("code", .number(Double(code))), ("description", .text(description))])])
    }
}

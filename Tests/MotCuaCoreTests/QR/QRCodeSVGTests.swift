import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import MotCuaCore
import Testing

/// The SVG rendering: well-formed XML, one path, and exactly the symbol's dark modules.
@Suite struct QRCodeSVGTests {
    let url = "https://phungcong.hungyen.gov.vn/tra-cuu/H33.55.01-261008-0975"

    /// Elements and attributes of an XML document, or the parser's error.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            elements.append((elementName, attributeDict))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }
    }

    func parse(_ svg: String) throws -> Collector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        return collector
    }

    /// The modules covered by `M x y h n v1 H x z` rectangles, as "x,y" strings.
    func coveredModules(_ pathData: String) throws -> [String] {
        let rectangle = try Regex(#"M(\d+) (\d+)h(\d+)v1H(\d+)z"#)
        var covered: [String] = []
        var consumed = 0
        for match in pathData.matches(of: rectangle) {
            let numbers = match.output.dropFirst().compactMap { $0.substring.flatMap { Int($0) } }
            try #require(numbers.count == 4)
            #expect(numbers[3] == numbers[0], "a rectangle closes where it starts")
            covered += (numbers[0]..<(numbers[0] + numbers[2])).map { "\($0),\(numbers[1])" }
            consumed += pathData[match.range].count
        }
        #expect(consumed == pathData.count, "path data holds rectangles only")
        return covered
    }

    @Test func wellFormedWithOnePathAndTheRightSize() throws {
        // setup
        let code = try QRCode.encode(url)

        // MUT
        let svg = code.svg()

        // validate
        let document = try parse(svg)
        #expect(document.elements.map(\.name) == ["svg", "rect", "path"])
        let root = try #require(document.elements.first?.attributes)
        #expect(root["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root["viewBox"] == "0 0 41 41")      // 33 modules + 2 × 4 quiet zone
        #expect(root["width"] == "164")
        #expect(root["height"] == "164")
        #expect(root["role"] == "img")
        #expect(root["shape-rendering"] == "crispEdges")
        #expect(root["style"] == nil, "the Content-Security-Policy refuses style attributes")
        #expect(document.elements[1].attributes["fill"] == "#fff")
        #expect(document.elements[1].attributes["width"] == "41")
        #expect(document.elements.last?.attributes["fill"] == "#000")
        #expect(!svg.contains("\n"))
    }

    @Test(arguments: [(4, 4), (1, 0), (10, 2)])
    func pathCoversExactlyTheDarkModules(moduleSize: Int, quietZone: Int) throws {
        // setup
        let code = try QRCode.encode(url, errorCorrection: .high)
        let dark = (0..<code.size).flatMap { y in
            (0..<code.size).filter { code.isDark(x: $0, y: y) }.map { "\($0 + quietZone),\(y + quietZone)" }
        }

        // MUT
        let svg = code.svg(moduleSize: moduleSize, quietZone: quietZone)

        // validate
        let path = try #require(try parse(svg).elements.last?.attributes["d"])
        let covered = try coveredModules(path)
        #expect(covered.count == dark.count)
        #expect(Set(covered) == Set(dark))
        #expect(svg.contains("viewBox=\"0 0 \(code.size + 2 * quietZone) \(code.size + 2 * quietZone)\""))
        #expect(svg.contains("width=\"\((code.size + 2 * quietZone) * moduleSize)\""))
    }

    @Test func titleAndColourAreEscaped() throws {
        // setup
        let code = try QRCode.encode("MotCua")
        let title = "Hồ sơ <H33> & \"biên nhận\" của 'ông A'"

        // MUT
        let svg = code.svg(darkColor: "#1a1a1a\"/><script>", title: title)

        // validate
        let document = try parse(svg)
        #expect(document.elements.map(\.name) == ["svg", "title", "rect", "path"])
        #expect(document.text == title)
        #expect(document.elements.last?.attributes["fill"] == "#1a1a1a\"/><script>")
        #expect(!svg.contains("<script>"))
    }

    @Test func nonsensicalSizesAreClamped() throws {
        let svg = try QRCode.encode("MotCua").svg(moduleSize: 0, quietZone: -3)
        #expect(svg.contains("viewBox=\"0 0 21 21\" width=\"21\" height=\"21\" "))
    }
}

extension QRCode {
    /// The symbol as standalone or inline SVG: one `<path>` of dark rectangles, one per run of
    /// dark modules in a row, over a white rectangle for the light modules and quiet zone (a rectangle, not a
    /// CSS `style`, which the site's Content-Security-Policy refuses).
    ///
    /// The view box counts modules, quiet zone included (ISO/IEC 18004:2015, 6.3.8, asks for 4),
    /// and width and height are whole pixels per module, so edges fall on pixel boundaries.
    /// The background keeps the code readable on a dark page, where transparent light modules
    /// would not be; printing on white paper needs no background at all.
    /// A `moduleSize` below 1 is taken as 1 and a negative `quietZone` as 0.
    public func svg(moduleSize: Int = 4, quietZone: Int = 4, darkColor: String = "#000", title: String? = nil) -> String {
        let quiet = max(0, quietZone)
        let side = size + 2 * quiet
        let pixels = side * max(1, moduleSize)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\""
            + " width=\"\(pixels)\" height=\"\(pixels)\" role=\"img\" shape-rendering=\"crispEdges\""
            + ">"
        if let title {
            svg += "<title>\(Self.escapedXML(title))</title>"
        }
        svg += "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
        svg += "<path fill=\"\(Self.escapedXML(darkColor))\" d=\"\(pathData(offset: quiet))\"/></svg>"
        return svg
    }

    /// `M x y h n v1 H x z` for each horizontal run of dark modules, shifted by the quiet zone.
    private func pathData(offset: Int) -> String {
        var commands: [String] = []
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < size && isDark(x: x, y: y) { x += 1 }
                commands.append("M\(start + offset) \(y + offset)h\(x - start)v1H\(start + offset)z")
            }
        }
        return commands.joined()
    }

    /// `text` with the five XML special characters replaced by entities, safe in text and attributes.
    static func escapedXML(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

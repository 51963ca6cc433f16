import Foundation

/// Charts drawn as SVG on the server: bar, line and stacked bar, readable on a phone and in print.
///
/// Each chart scales to its container (a `viewBox`, no fixed width), names itself to screen readers (`role="img"`,
/// `<title>`, `<desc>` with every number), escapes all text, and prints each value beside its mark so that a
/// black-and-white print still reads; pages put the same numbers in a table beside the chart.
public enum SVGChart {
    /// One labelled value of a bar chart or one point of a line.
    public struct Point: Sendable, Equatable {
        public let label: String
        public let value: Double
        /// The value as printed beside the mark, e.g. "85,3 %".
        public let valueText: String

        /// Creates a point.
        public init(label: String, value: Double, valueText: String? = nil) {
            self.label = label
            self.value = value
            self.valueText = valueText ?? ReportNumber.decimal(value)
        }
    }

    /// One segment kind of a stacked bar, with its colour.
    public struct Series: Sendable, Equatable {
        public let name: String
        public let colour: String

        /// Creates a series; `colour` is a CSS colour such as `#1b5e20`.
        public init(name: String, colour: String) {
            self.name = name
            self.colour = colour
        }
    }

    /// One bar of a stacked bar chart: its label and one value per series.
    public struct Stack: Sendable, Equatable {
        public let label: String
        public let values: [Double]

        /// Creates a stack.
        public init(label: String, values: [Double]) {
            self.label = label
            self.values = values
        }
    }

    // Narrow enough that 13-unit text stays about 11 px on a 390 px phone; the page caps the width on a desk.
    static let width = 420.0
    static let labelWidth = 130.0
    static let rowHeight = 28.0

    /// Horizontal bars, one per point, longest scaled to `maximum` (or the largest value).
    public static func bar(id: String, title: String, points: [Point], maximum: Double? = nil, colour: String = "#1f5fa8") -> String {
        let top = maximum ?? max(points.map(\.value).max() ?? 0, 1)
        let height = Double(max(points.count, 1)) * rowHeight + 16
        let plot = width - labelWidth - 70
        var body = ""
        for (index, point) in points.enumerated() {
            let y = 8 + Double(index) * rowHeight
            let length = top > 0 ? max(0, min(point.value / top, 1)) * plot : 0
            body += "<text x=\"\(f(labelWidth - 8))\" y=\"\(f(y + 17))\" text-anchor=\"end\">\(escape(shorten(point.label)))</text>"
            body += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 4))\" width=\"\(f(length))\" height=\"\(f(rowHeight - 10))\" fill=\"\(escape(colour))\"><title>\(escape(point.label)): \(escape(point.valueText))</title></rect>"
            body += "<text x=\"\(f(labelWidth + length + 6))\" y=\"\(f(y + 17))\">\(escape(point.valueText))</text>"
        }
        if points.isEmpty { body += noData(y: 20) }
        return frame(id: id, title: title, description: describe(points), height: height, body: body)
    }

    /// A line through the points in order, with the value printed at each point.
    public static func line(id: String, title: String, points: [Point], maximum: Double? = nil, colour: String = "#1f5fa8") -> String {
        let height = 240.0
        let left = 48.0, right = 24.0, topMargin = 24.0, bottom = 48.0
        let top = maximum ?? max(points.map(\.value).max() ?? 0, 1)
        let plotWidth = width - left - right, plotHeight = height - topMargin - bottom
        var body = "<line x1=\"\(f(left))\" y1=\"\(f(topMargin + plotHeight))\" x2=\"\(f(width - right))\" y2=\"\(f(topMargin + plotHeight))\" stroke=\"#444\"/>"
        body += "<line x1=\"\(f(left))\" y1=\"\(f(topMargin))\" x2=\"\(f(left))\" y2=\"\(f(topMargin + plotHeight))\" stroke=\"#444\"/>"
        body += "<text x=\"\(f(left - 6))\" y=\"\(f(topMargin + 4))\" text-anchor=\"end\">\(escape(ReportNumber.decimal(top, places: 0)))</text>"
        body += "<text x=\"\(f(left - 6))\" y=\"\(f(topMargin + plotHeight + 4))\" text-anchor=\"end\">0</text>"
        let step = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        let coordinates = points.enumerated().map { index, point -> (Double, Double) in
            let x = left + (points.count > 1 ? Double(index) * step : plotWidth / 2)
            let y = topMargin + plotHeight - (top > 0 ? max(0, min(point.value / top, 1)) * plotHeight : 0)
            return (x, y)
        }
        if coordinates.count > 1 {
            body += "<polyline fill=\"none\" stroke=\"\(escape(colour))\" stroke-width=\"2.5\" points=\"\(coordinates.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " "))\"/>"
        }
        // Label every point when few, else every few, so that a phone still reads them.
        let labelEvery = max(1, Int((Double(points.count) / 8).rounded(.up)))
        let last = points.count - 1
        for (index, point) in points.enumerated() {
            let (x, y) = coordinates[index]
            body += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"4\" fill=\"\(escape(colour))\"><title>\(escape(point.label)): \(escape(point.valueText))</title></circle>"
            // Every few points and the last, but not one so close to the last that their labels overlap.
            if index == last || (index % labelEvery == 0 && last - index >= labelEvery) {
                body += "<text x=\"\(f(x))\" y=\"\(f(y - 8))\" text-anchor=\"middle\">\(escape(point.valueText))</text>"
                body += "<text x=\"\(f(x))\" y=\"\(f(topMargin + plotHeight + 18))\" text-anchor=\"middle\">\(escape(shorten(point.label, to: 10)))</text>"
            }
        }
        if points.isEmpty { body += noData(y: 100) }
        return frame(id: id, title: title, description: describe(points), height: height, body: body)
    }

    /// Horizontal stacked bars: one per stack, one segment per series, with a legend; the total is printed at the end.
    public static func stackedBar(id: String, title: String, series: [Series], stacks: [Stack]) -> String {
        // The legend wraps onto as many lines as it needs.
        var legend = ""
        var legendX = 8.0, legendY = 6.0
        for item in series {
            let needed = 24 + Double(item.name.count) * 7.5
            if legendX > 8, legendX + needed > width { legendX = 8; legendY += 20 }
            legend += "<rect x=\"\(f(legendX))\" y=\"\(f(legendY))\" width=\"12\" height=\"12\" fill=\"\(escape(item.colour))\"/>"
            legend += "<text x=\"\(f(legendX + 16))\" y=\"\(f(legendY + 10))\">\(escape(item.name))</text>"
            legendX += needed
        }
        let legendHeight = legendY + 18
        let height = legendHeight + Double(max(stacks.count, 1)) * rowHeight + 16
        let top = max(stacks.map { $0.values.reduce(0, +) }.max() ?? 0, 1)
        let plot = width - labelWidth - 70
        var body = legend
        for (index, stack) in stacks.enumerated() {
            let y = legendHeight + 8 + Double(index) * rowHeight
            body += "<text x=\"\(f(labelWidth - 8))\" y=\"\(f(y + 17))\" text-anchor=\"end\">\(escape(shorten(stack.label)))</text>"
            var x = labelWidth
            for (seriesIndex, value) in stack.values.enumerated() where seriesIndex < series.count && value > 0 {
                let length = value / top * plot
                body += "<rect x=\"\(f(x))\" y=\"\(f(y + 4))\" width=\"\(f(length))\" height=\"\(f(rowHeight - 10))\" fill=\"\(escape(series[seriesIndex].colour))\" stroke=\"#fff\"><title>\(escape(stack.label)) — \(escape(series[seriesIndex].name)): \(escape(ReportNumber.decimal(value, places: 0)))</title></rect>"
                x += length
            }
            body += "<text x=\"\(f(x + 6))\" y=\"\(f(y + 17))\">\(escape(ReportNumber.decimal(stack.values.reduce(0, +), places: 0)))</text>"
        }
        if stacks.isEmpty { body += noData(y: legendHeight + 20) }
        let description = stacks.map { stack in
            stack.label + ": " + zip(series, stack.values).map { "\($0.name) \(ReportNumber.decimal($1, places: 0))" }.joined(separator: ", ")
        }.joined(separator: "; ")
        return frame(id: id, title: title, description: description.isEmpty ? "Không có số liệu." : description, height: height, body: body)
    }

    /// The height of the visible title above each chart.
    static let titleHeight = 26.0

    private static func frame(id: String, title: String, description: String, height: Double, body: String) -> String {
        let safeID = escape(id)
        // The title is printed too (aria-hidden: screen readers get it once, from <title>), so that a print reads alone.
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height + titleHeight))\" role=\"img\" aria-labelledby=\"\(safeID)-title \(safeID)-desc\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#111\">"
            + "<title id=\"\(safeID)-title\">\(escape(title))</title><desc id=\"\(safeID)-desc\">\(escape(description))</desc>"
            + "<text x=\"0\" y=\"17\" font-size=\"15\" font-weight=\"bold\" aria-hidden=\"true\">\(escape(title))</text>"
            + "<g transform=\"translate(0 \(f(titleHeight)))\">" + body + "</g></svg>"
    }

    private static func describe(_ points: [Point]) -> String {
        points.isEmpty ? "Không có số liệu." : points.map { "\($0.label): \($0.valueText)" }.joined(separator: "; ")
    }

    private static func noData(y: Double) -> String {
        "<text x=\"\(f(width / 2))\" y=\"\(f(y))\" text-anchor=\"middle\">Không có số liệu trong kỳ</text>"
    }

    /// Text escaped for SVG (XML) content and attributes.
    public static func escape(_ text: String) -> String {
        var escaped = ""
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

    private static func shorten(_ text: String, to limit: Int = 18) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    private static func f(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

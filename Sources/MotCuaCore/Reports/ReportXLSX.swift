import Foundation

/// Writes report tables as an Office Open XML workbook (ECMA-376, SpreadsheetML), one sheet per table, that Excel and
/// LibreOffice open: the title in the first row, bold headings in the second, then the rows; text as inline strings
/// (UTF-8, so Vietnamese stays intact), numbers as numbers.
public enum ReportXLSX {
    /// The bytes of the `.xlsx` file.
    public static func make(_ tables: [ReportTable]) -> [UInt8] {
        let names = sheetNames(tables.map(\.name))
        var zip = ZipArchive()
        zip.add("[Content_Types].xml", Array(contentTypes(sheetCount: tables.count).utf8))
        zip.add("_rels/.rels", Array(("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """).utf8))
        let sheets = names.enumerated().map { "<sheet name=\"\(xml($1))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
        zip.add("xl/workbook.xml", Array(("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets>\(sheets)</sheets></workbook>
            """).utf8))
        let relationships = tables.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined() + "<Relationship Id=\"rId\(tables.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        zip.add("xl/_rels/workbook.xml.rels", Array(("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relationships)</Relationships>
            """).utf8))
        zip.add("xl/styles.xml", Array(styles.utf8))
        for (index, table) in tables.enumerated() {
            zip.add("xl/worksheets/sheet\(index + 1).xml", Array(sheet(table).utf8))
        }
        return zip.finished()
    }

    private static func contentTypes(sheetCount: Int) -> String {
        let sheets = (1...max(sheetCount, 1)).prefix(sheetCount).map {
            "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            \(sheets)</Types>
            """
    }

    /// Style 0 is plain, style 1 bold (title and headings).
    private static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    private static func sheet(_ table: ReportTable) -> String {
        var rows = ""
        func row(_ number: Int, _ cells: [ReportTable.Cell], bold: Bool) {
            rows += "<row r=\"\(number)\">"
            for (column, cell) in cells.enumerated() {
                let reference = columnName(column) + String(number)
                let style = bold ? " s=\"1\"" : ""
                switch cell {
                case .text(let text):
                    rows += "<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xml(text))</t></is></c>"
                case .number(let value) where value.isFinite:
                    rows += "<c r=\"\(reference)\"\(style)><v>\(ReportTable.Cell.number(value).plain)</v></c>"
                case .number:
                    rows += "<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is><t>—</t></is></c>"
                }
            }
            rows += "</row>"
        }
        row(1, [.text(table.title)], bold: true)
        row(2, table.columns.map { .text($0) }, bold: true)
        for (index, cells) in table.rows.enumerated() { row(index + 3, cells, bold: false) }
        let widths = table.columns.indices.map { "<col min=\"\($0 + 1)\" max=\"\($0 + 1)\" width=\"\($0 == 0 ? 40 : 16)\" customWidth=\"1\"/>" }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            \(widths.isEmpty ? "" : "<cols>\(widths)</cols>")<sheetData>\(rows)</sheetData></worksheet>
            """
    }

    /// "A", "B", … "Z", "AA", … for a zero-based column.
    static func columnName(_ index: Int) -> String {
        var name = ""
        var value = index + 1
        while value > 0 {
            let remainder = (value - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            value = (value - 1) / 26
        }
        return name
    }

    /// Unique sheet names that spreadsheets accept.
    static func sheetNames(_ wanted: [String]) -> [String] {
        var used: Set<String> = []
        return wanted.enumerated().map { index, raw in
            var name = String(raw.filter { !"[]:*?/\\".contains($0) }.prefix(31)).trimmingCharacters(in: .whitespaces)
            if name.isEmpty { name = "Sheet\(index + 1)" }
            var candidate = name
            var counter = 2
            while used.contains(candidate.lowercased()) {
                candidate = String(name.prefix(27)) + " (\(counter))"
                counter += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    /// Text escaped for XML, without the control characters XML 1.0 forbids.
    static func xml(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20, scalar.value != 0xFFFE, scalar.value != 0xFFFF { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }
}

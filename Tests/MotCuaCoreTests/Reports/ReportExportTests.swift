import Foundation
import Testing
@testable import MotCuaCore

/// Reads a stored-entry ZIP back, checking each entry's CRC-32, so that the test does not trust the writer.
func unzipStored(_ bytes: [UInt8]) throws -> [String: [UInt8]] {
    func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> UInt32 { UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24 }
    var files: [String: [UInt8]] = [:]
    var offset = 0
    while offset + 30 <= bytes.count, u32(offset) == 0x0403_4b50 {
        #expect(u16(offset + 8) == 0, "stored, not compressed")
        let crc = u32(offset + 14), size = Int(u32(offset + 18)), nameLength = u16(offset + 26), extra = u16(offset + 28)
        let name = String(decoding: bytes[(offset + 30)..<(offset + 30 + nameLength)], as: UTF8.self)
        let start = offset + 30 + nameLength + extra
        let data = Array(bytes[start..<(start + size)])
        #expect(CRC32.checksum(data) == crc, "CRC of \(name)")
        files[name] = data
        offset = start + size
    }
    #expect(u32(offset) == 0x0201_4b50, "central directory follows the entries")
    let end = try #require((0...(bytes.count - 22)).last { u32($0) == 0x0605_4b50 })
    #expect(u16(end + 10) == files.count)
    return files
}

@Suite("Reports: CSV, XLSX and SVG")
struct ReportExportTests {
    let table = ReportTable(name: "Hoạt động", title: "Báo cáo — xã Phụng Công", columns: ["Chỉ tiêu", "Số"], rows: [
        [.text("Hồ sơ tiếp nhận"), .number(9)],
        [.text("Tỷ lệ \"đúng hạn\", có dấu phẩy"), .number(60.5)],
        [.text("=HYPERLINK(\"x\")"), .text("—")],
    ])

    @Test("CRC-32 of the standard check string")
    func crc() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test("CSV: UTF-8 with a byte-order mark, quoted fields, formulas kept as text")
    func csv() {
        let text = ReportCSV.make([table])
        #expect(text.hasPrefix("\u{FEFF}Báo cáo — xã Phụng Công\r\n"))
        #expect(text.contains("Hồ sơ tiếp nhận,9\r\n"))
        #expect(text.contains("\"Tỷ lệ \"\"đúng hạn\"\", có dấu phẩy\",60.5\r\n"))
        #expect(text.contains("\"'=HYPERLINK(\"\"x\"\")\",—"))
    }

    @Test("XLSX: a ZIP with the Office Open XML parts, Vietnamese text intact, numbers as numbers")
    func xlsx() throws {
        let files = try unzipStored(ReportXLSX.make([table, ReportTable(name: "Hoạt động", title: "Hai", columns: ["A"], rows: [])]))
        #expect(Set(files.keys) == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        let workbook = String(decoding: try #require(files["xl/workbook.xml"]), as: UTF8.self)
        #expect(workbook.contains("<sheet name=\"Hoạt động\" sheetId=\"1\" r:id=\"rId1\"/>"))
        #expect(workbook.contains("<sheet name=\"Hoạt động (2)\""))
        let sheet = String(decoding: try #require(files["xl/worksheets/sheet1.xml"]), as: UTF8.self)
        #expect(sheet.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">Báo cáo — xã Phụng Công</t></is></c>"))
        #expect(sheet.contains("<c r=\"B3\"><v>9</v></c>"))
        #expect(sheet.contains("<c r=\"B4\"><v>60.5</v></c>"))
        #expect(sheet.contains("Tỷ lệ &quot;đúng hạn&quot;"))
        #expect(ReportXLSX.columnName(0) == "A" && ReportXLSX.columnName(25) == "Z" && ReportXLSX.columnName(26) == "AA")
    }

    @Test("SVG charts: named for screen readers, every number in the description, text escaped")
    func charts() {
        let points = [SVGChart.Point(label: "Phụng Công <xã>", value: 80, valueText: "80,0 %"), .init(label: "Văn Giang", value: 40, valueText: "40,0 %")]
        let bar = SVGChart.bar(id: "ti-le", title: "Tỷ lệ đúng hạn & trước hạn", points: points, maximum: 100)
        #expect(bar.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 420 "))
        #expect(bar.contains("role=\"img\" aria-labelledby=\"ti-le-title ti-le-desc\""))
        #expect(bar.contains("<title id=\"ti-le-title\">Tỷ lệ đúng hạn &amp; trước hạn</title>"))
        #expect(bar.contains("Phụng Công &lt;xã&gt;: 80,0 %; Văn Giang: 40,0 %"))
        #expect(!bar.contains("<xã>"))
        // 80 of 100 over a 220-unit plot is 176 units long.
        #expect(bar.contains("width=\"176\""))
        let line = SVGChart.line(id: "xu-huong", title: "Theo tháng", points: points)
        #expect(line.contains("<polyline"))
        let stacked = SVGChart.stackedBar(id: "ket-qua", title: "Kết quả", series: [.init(name: "Trước hạn", colour: "#1b5e20"), .init(name: "Quá hạn", colour: "#b71c1c")], stacks: [.init(label: "Phụng Công", values: [3, 1])])
        #expect(stacked.contains("Phụng Công: Trước hạn 3, Quá hạn 1"))
        #expect(SVGChart.bar(id: "x", title: "Trống", points: []).contains("Không có số liệu trong kỳ"))
    }
}

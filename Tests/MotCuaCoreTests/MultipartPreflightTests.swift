import MotCuaCore
import Testing

@Suite("Multipart preflight: part header names must be tokens before any parser reads the body")
struct MultipartPreflightTests {
    private func body(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("ordinary forms pass, with Vietnamese field values and file names")
    func ordinaryForms() {
        let form = "--B\r\nContent-Disposition: form-data; name=\"ten\"\r\n\r\nNguyễn Văn A\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"Giấy tờ.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--B--\r\n"
        #expect(MultipartPreflight.headerNamesAreTokens(in: body(form), boundary: "B"))
        // A body that mentions the boundary inside a line is not a delimiter there.
        #expect(MultipartPreflight.headerNamesAreTokens(in: body("--B\r\nX-A: 1\r\n\r\nxx--B yy\r\n--B--"), boundary: "B"))
        // No delimiter at all: the parser fails cleanly on its own.
        #expect(MultipartPreflight.headerNamesAreTokens(in: body("chỉ là văn bản"), boundary: "B"))
    }

    @Test("a non-ASCII byte or a space in a header name, a line without a colon, or headers that never end are refused")
    func badHeaders() {
        #expect(!MultipartPreflight.headerNamesAreTokens(in: body("--B\r\nCòntent-Disposition: form-data; name=\"f\"\r\n\r\nabc\r\n--B--\r\n"), boundary: "B"))
        #expect(!MultipartPreflight.headerNamesAreTokens(in: body("--B\r\nContent Disposition: x\r\n\r\nabc\r\n--B--\r\n"), boundary: "B"))
        #expect(!MultipartPreflight.headerNamesAreTokens(in: body("--B\r\nno colon here\r\n\r\nabc\r\n--B--\r\n"), boundary: "B"))
        #expect(!MultipartPreflight.headerNamesAreTokens(in: body("--B\r\nContent-Type: text/plain\r\n"), boundary: "B"))
        // The bad header in the second part is found too.
        let second = "--B\r\nA: 1\r\n\r\nx\r\n--B\r\nÄ: 2\r\n\r\ny\r\n--B--\r\n"
        #expect(!MultipartPreflight.headerNamesAreTokens(in: body(second), boundary: "B"))
        #expect(!MultipartPreflight.headerNamesAreTokens(in: body("--\r\n"), boundary: ""))
    }
}

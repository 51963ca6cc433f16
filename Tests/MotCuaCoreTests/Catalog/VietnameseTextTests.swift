import MotCuaCore
import Testing

/// Folding and search insensitive to diacritics and đ/d.
@Suite struct VietnameseTextTests {
    @Test func folding() {
        #expect(VietnameseText.folded("Đăng ký khai sinh") == "dang ky khai sinh")
        #expect(VietnameseText.folded("  ĐĂNG   KÝ\tkết\nhôn ") == "dang ky ket hon")
        #expect(VietnameseText.folded("Chứng thực bản sao từ bản chính") == "chung thuc ban sao tu ban chinh")
        #expect(VietnameseText.folded("Phòng Văn hoá – Xã hội") == "phong van hoa – xa hoi")
        #expect(VietnameseText.folded("Người có công, Bảo trợ xã hội") == "nguoi co cong, bao tro xa hoi")
        #expect(VietnameseText.folded("ặẳẵằắ ỡ ự ỷ đĐ") == "aaaaa o u y dd")
        // Precomposed and decomposed input fold the same.
        #expect(VietnameseText.folded("Ho\u{0323}\u{0302} ti\u{0323}\u{0302}ch") == VietnameseText.folded("Hộ tịch"))
        #expect(VietnameseText.folded("") == "")
    }

    @Test func searchWordsDropPunctuation() {
        #expect(VietnameseText.searchWords("Thay đổi, cải chính; bổ sung (hộ tịch)") ==
                ["thay", "doi", "cai", "chinh", "bo", "sung", "ho", "tich"])
    }

    let catalog = ProcedureCatalog([
        make("1.001193", "Đăng ký khai sinh"),
        make("1.004884", "Đăng ký lại khai sinh"),
        make("1.000894", "Đăng ký kết hôn"),
        make("1.001022", "Đăng ký nhận cha, mẹ, con"),
        make("2.000815", "Chứng thực bản sao từ bản chính"),
        make("2.000884", "Chứng thực chữ ký"),
        make("1.004222", "Đăng ký thường trú"),
    ])

    static func make(_ code: String, _ name: String) -> ProcedureDefinition {
        ProcedureDefinition(code: code, name: name, field: .civilStatus, processingTime: .sameDay,
                            fee: .free(condition: nil), department: .officeOfCouncilAndCommittee, source: "test")
    }

    func codes(_ query: String) -> [String] { catalog.search(query).map(\.code) }

    @Test func searchByNameWithoutDiacritics() {
        #expect(codes("dang ky khai sinh") == ["1.001193", "1.004884"])
        #expect(codes("Đăng ký khai sinh") == ["1.001193", "1.004884"])
        #expect(codes("DANG KY KHAI SINH").first == "1.001193")
        #expect(codes("chung thuc ban sao") == ["2.000815"])
        #expect(codes("ban sao chung thuc") == ["2.000815"], "word order does not matter")
        #expect(codes("kh sinh") == ["1.001193", "1.004884"], "words match as prefixes")
        #expect(codes("thuong tru") == ["1.004222"])
        #expect(codes("nhan cha me con") == ["1.001022"])
        #expect(codes("ket hon ly hon").isEmpty, "every word must match")
        #expect(codes("sinh khai tu").isEmpty)
    }

    @Test func searchByCodePrefix() {
        #expect(codes("1.0011") == ["1.001193"])
        #expect(codes("2.000") == ["2.000815", "2.000884"])
        #expect(codes("1.001193") == ["1.001193"])
        #expect(codes("9.").isEmpty)
    }

    @Test func emptyQueryListsAll() {
        #expect(catalog.search("   ").count == 7)
        #expect(catalog.search(",;").isEmpty)
    }

    @Test func bundledCatalogSearch() throws {
        let bundled = try ProcedureCatalog.loadBundled()
        #expect(bundled.search("dang ky khai sinh").first?.code == "1.001193")
        #expect(bundled.search("chung thuc ban sao").first?.code == "2.000815")
        #expect(bundled.search("1.0011").map(\.code).contains("1.001193"))
        #expect(bundled.search("tho cung liet si").first?.code == "1.010803")
    }

    @Test("a question with words no name holds finds the nearest names, and says they are not exact")
    func nearestNamesForAQuestion() throws {
        let question = catalog.find("thủ tục đăng ký khai sinh cho trẻ")
        #expect(!question.matchesEveryWord)
        // "khai sinh" side by side in a short name comes first; "Đăng ký kết hôn" holds only "đăng ký" (2 of 5 words).
        #expect(question.procedures.map(\.code) == ["1.001193", "1.004884"])
        let exact = catalog.find("dang ky khai sinh")
        #expect(exact.matchesEveryWord && exact.procedures.map(\.code) == ["1.001193", "1.004884"])
        #expect(catalog.find("xin giấy phép xây dựng nhà").procedures.isEmpty, "nothing near: nothing invented")
        #expect(catalog.find("9.").procedures.isEmpty && catalog.find("9.").matchesEveryWord, "codes are never guessed")
        #expect(catalog.find("cho tôi").procedures.isEmpty, "question words alone match nothing")
        let bundled = try ProcedureCatalog.loadBundled()
        #expect(bundled.find("đăng ký khai sinh cho trẻ").procedures.first?.code == "1.001193")
    }
}

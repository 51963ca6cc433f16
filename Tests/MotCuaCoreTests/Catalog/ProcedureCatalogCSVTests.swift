import MotCuaCore
import Testing

/// Import and export of catalog files: RFC 4180 quoting, BOM, every bad row reported with its line.
@Suite struct ProcedureCatalogCSVTests {
    static let header = ProcedureCatalogCSV.header
    static let birthRow = "1.001193,Đăng ký khai sinh,civil_status,commune,same_day,,15,free,,,"
        + "\"Miễn lệ phí nếu đăng ký đúng hạn, trong 60 ngày\","
        + "Tờ khai đăng ký khai sinh|original|1|Tờ khai đăng ký khai sinh; Giấy chứng sinh|ban_chinh,"
        + "office,full,Giấy khai sinh,Luật Hộ tịch 2014 art. 16,DOMAIN.md §4"

    func parse(_ text: String) -> [ProcedureDefinition]? {
        try? ProcedureCatalogCSV.parse(text).get()
    }

    func problems(_ text: String) -> [CatalogImportError.Problem] {
        guard case .failure(let error) = ProcedureCatalogCSV.parse(text) else { return [] }
        return error.problems
    }

    @Test func parsesAFullRow() throws {
        // MUT
        let procedures = try #require(parse(Self.header + "\n" + Self.birthRow + "\n"))

        // validate
        let birth = try #require(procedures.first)
        #expect(procedures.count == 1)
        #expect(birth.code == "1.001193")
        #expect(birth.field == .civilStatus)
        #expect(birth.processingTime == .sameDay)
        #expect(birth.cutOffHour == 15)
        #expect(birth.fee == .free(condition: "Miễn lệ phí nếu đăng ký đúng hạn, trong 60 ngày"))
        #expect(birth.requiredDocuments == [
            RequiredDocument(name: "Tờ khai đăng ký khai sinh", form: .original, copies: 1,
                             formTemplate: "Tờ khai đăng ký khai sinh"),
            RequiredDocument(name: "Giấy chứng sinh", form: .original),
        ])
        #expect(birth.department == .officeOfCouncilAndCommittee)
        #expect(birth.onlineServiceLevel == .full)
        #expect(birth.source == "DOMAIN.md §4")
    }

    @Test func columnsInAnyOrderAndOptionalColumnsLeftOut() throws {
        let text = """
        source,department,fee_kind,processing_time,field,name,code
        Luật Hộ tịch art. 21,Văn phòng HĐND–UBND,free,3,Hộ tịch,Đăng ký giám hộ,1.004837
        """
        let procedure = try #require(parse(text)?.first)
        #expect(procedure.field == .civilStatus)
        #expect(procedure.department == .officeOfCouncilAndCommittee)
        #expect(procedure.processingTime == .workingDays(3))
        #expect(procedure.cutOffHour == 17, "default for a limit in days")
        #expect(procedure.level == .commune)
        #expect(procedure.onlineServiceLevel == .counterOnly)
    }

    @Test func reportsEveryBadRowWithItsLineAndImportsNothing() {
        let text = [
            "code,name,field,processing_time,fee_kind,fee_amount,department,documents,source",
            "1.001193,Đăng ký khai sinh,civil_status,same_day,free,,office,,ok",                // 2 good
            ",Thiếu mã,civil_status,same_day,free,,office,,ok",                                 // 3 missing code
            "1.0011,Mã sai,civil_status,same_day,free,,office,,ok",                             // 4 bad code format
            "1.001193,Trùng mã,civil_status,same_day,free,,office,,ok",                         // 5 duplicate
            "1.000894,Thời hạn sai,civil_status,ba ngày,free,,office,,ok",                      // 6 bad time
            "1.000656,Phí sai,civil_status,same_day,fixed,12.5,office,,ok",                     // 7 bad fee
            "1.004837,Đơn vị sai,civil_status,3,free,,district,,ok",                            // 8 bad department
            "1.004845,Giấy tờ sai,civil_status,2,free,,office,Tờ khai|photo|1,ok",              // 9 bad document
            "1.001022,Thiếu nguồn,civil_status,3,province,,office,,",                           // 10 missing source
            "2.000815,Thiếu ô,certification,same_day",                                          // 11 cell count
            "2.000884,Lĩnh vực sai,astrology,same_day,per_case,10000,office,,ok",               // 12 bad field, no unit
        ].joined(separator: "\n")

        // MUT
        let found = problems(text)

        // validate
        #expect(parse(text) == nil, "nothing is imported")
        let lines = CatalogImportError(found).lines
        #expect(lines == Array(3...12))
        #expect(found.first { $0.line == 3 }?.message == "Thiếu mã thủ tục.")
        #expect(found.first { $0.line == 4 }?.column == "code")
        #expect(found.first { $0.line == 5 }?.message.contains("trùng với dòng 2") == true)
        #expect(found.first { $0.line == 6 }?.column == "processing_time")
        #expect(found.first { $0.line == 7 }?.column == "fee_amount")
        #expect(found.first { $0.line == 8 }?.column == "department")
        #expect(found.first { $0.line == 9 }?.message.contains("photo") == true)
        #expect(found.first { $0.line == 10 }?.column == "source")
        #expect(found.first { $0.line == 11 }?.message.contains("4 ô") == true)
        #expect(found.filter { $0.line == 12 }.count == 2, "all problems of a row: field and unit")
        #expect(CatalogImportError(found).description.contains("Dòng 6, cột processing_time:"))
    }

    @Test func headerProblems() {
        let unknown = problems("code,name,field,processing_time,fee_kind,department,source,colour\n")
        #expect(unknown.count == 1)
        #expect(unknown.first?.line == 1)
        #expect(unknown.first?.message.contains("Cột không xác định \"colour\"") == true)

        let missing = problems("code,name\n1.001193,Đăng ký khai sinh\n")
        #expect(missing.map(\.column) == ["field", "processing_time", "fee_kind", "department", "source"])
        #expect(missing.allSatisfy { $0.line == 1 })

        #expect(problems("").first?.message == "Tệp trống: thiếu dòng tiêu đề.")
    }

    @Test func quotingEdgeCases() throws {
        let text = "code,name,field,processing_time,fee_kind,department,source,legal_basis\r\n"
            + "1.001193,\"Đăng ký \"\"khai sinh\"\", có dấu phẩy\",civil_status,same_day,free,office,"
            + "\"dòng một\r\ndòng hai\",\"\"\r\n"
            + "\r\n"
            + "1.000894,Đăng ký kết hôn,civil_status,same_day,free,office,nguồn,\"a,b\"\r\n"
        let procedures = try #require(parse(text))
        #expect(procedures.count == 2)
        #expect(procedures[0].name == "Đăng ký \"khai sinh\", có dấu phẩy")
        #expect(procedures[0].source == "dòng một\r\ndòng hai")
        #expect(procedures[0].legalBasis == "")
        #expect(procedures[1].legalBasis == "a,b")
    }

    @Test func lineNumbersCountLinesInsideQuotedCells() {
        let text = "code,name,field,processing_time,fee_kind,department,source\n"
            + "1.001193,Đăng ký khai sinh,civil_status,same_day,free,office,\"một\ndòng\nnữa\"\n"
            + "1.000894,Đăng ký kết hôn,civil_status,sai,free,office,nguồn\n"
        #expect(problems(text).map(\.line) == [5])
    }

    @Test func brokenQuotingIsReported() {
        let stray = "code,name,field,processing_time,fee_kind,department,source\n"
            + "1.001193,Đăng ký \"khai\" sinh,civil_status,same_day,free,office,nguồn\n"
            + "1.000894,Đăng ký kết hôn,civil_status,same_day,free,office,nguồn\n"
            + "1.000656,\"Đăng ký khai tử,civil_status,same_day,free,office,nguồn\n"
        let found = problems(stray)
        #expect(found.map(\.line) == [2, 4])
        #expect(found.last?.message.contains("không đóng") == true)
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let withBOM = "\u{FEFF}" + Self.header + "\n" + Self.birthRow
        let procedures = try #require(parse(withBOM))
        #expect(procedures.first?.code == "1.001193")
        #expect(ProcedureCatalogCSV.serialize(procedures, byteOrderMark: true).hasPrefix("\u{FEFF}code,"))
    }

    @Test func roundTrip() throws {
        // setup: every fee kind, escapes in documents, quotes, commas and line breaks in texts.
        let procedures = [
            ProcedureDefinition(
                code: "2.000815", name: "Chứng thực bản sao từ bản chính", field: .certification,
                processingTime: .sameDay, fee: .perPage(.certifiedCopy, condition: nil),
                requiredDocuments: [
                    RequiredDocument(name: "Bản chính; hoặc | bản \\ gốc", form: .original),
                    RequiredDocument(name: "Bản sao", form: .copy, copies: 3, formTemplate: "Mẫu \"A\", số 1"),
                ],
                department: .serviceCenter, onlineServiceLevel: .partial, resultType: "Bản sao chứng thực",
                legalBasis: "NĐ 23/2015/NĐ-CP,\nTT 226/2016/TT-BTC", source: "DOMAIN.md §4"
            ),
            ProcedureDefinition(
                code: "1.000894", name: "Đăng ký kết hôn", field: .civilStatus, processingTime: .sameDay,
                verificationExtraWorkingDays: 5, cutOffHour: 16, fee: .free(condition: "miễn phí"),
                department: .officeOfCouncilAndCommittee, source: "Luật Hộ tịch art. 18"
            ),
            ProcedureDefinition(
                code: "1.004222", name: "Đăng ký thường trú", field: .residence, processingTime: .workingDays(7),
                fee: .fixed(amount: 20_000, condition: "10.000 ₫ trực tuyến"), department: .police,
                onlineServiceLevel: .full, source: "Luật Cư trú 2020 [check]"
            ),
            ProcedureDefinition(
                code: "2.000884", name: "Chứng thực chữ ký", field: .certification, processingTime: .sameDay,
                fee: .perCase(amount: 10_000, unit: "trường hợp", condition: nil),
                department: .officeOfCouncilAndCommittee, source: "TT 226/2016/TT-BTC"
            ),
            ProcedureDefinition(
                code: "1.013949", name: "Giao đất, cho thuê đất", field: .land, level: .province,
                processingTime: .workingDays(15), fee: .setByProvince(condition: nil), department: .economy,
                source: "DOMAIN.md §4 [practice]"
            ),
        ]

        // MUT
        let text = ProcedureCatalogCSV.serialize(procedures)

        // validate
        #expect(text.hasPrefix(ProcedureCatalogCSV.header + "\r\n"))
        #expect(parse(text) == procedures)
    }

    @Test func bundledCatalogRoundTrips() throws {
        let procedures = try ProcedureCatalog.loadBundled().procedures
        #expect(parse(ProcedureCatalogCSV.serialize(procedures)) == procedures)
    }

    @Test func amountsAcceptThousandDots() throws {
        let text = "code,name,field,processing_time,fee_kind,fee_amount,fee_unit,department,source\n"
            + "2.001035,Chứng thực hợp đồng,certification,2,per_case,50.000,hợp đồng,office,nguồn\n"
            + "2.001019,Chứng thực di chúc,certification,2,per_case,5.0000,di chúc,office,nguồn\n"
        #expect(problems(text).map(\.line) == [3])
        let fixed = text.replacingOccurrences(of: "5.0000", with: "50000")
        #expect(try #require(parse(fixed)).map { $0.feeAmount() } == [50_000, 50_000])
    }
}

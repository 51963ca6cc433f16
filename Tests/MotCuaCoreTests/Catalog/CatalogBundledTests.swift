import MotCuaCore
import Testing

/// The catalog and province fee table shipped in `Resources/catalog` load and keep the catalog's rules.
@Suite struct CatalogBundledTests {
    @Test func catalogLoadsWithAtLeastThirtyValidCommuneProcedures() throws {
        // MUT
        let catalog = try ProcedureCatalog.loadBundled()

        // validate
        #expect(catalog.procedures.count >= 30)
        let codes = catalog.procedures.map(\.code)
        #expect(Set(codes).count == codes.count, "codes are unique")
        for procedure in catalog.procedures {
            #expect(ProcedureDefinition.isValidCode(procedure.code), "\(procedure.code)")
            #expect(procedure.problems.isEmpty, "\(procedure.code): \(procedure.problems)")
            #expect(!procedure.source.isEmpty, "\(procedure.code) cites a source")
            #expect(procedure.level == .commune, "\(procedure.code)")
        }
    }

    /// Public pages speak to citizens: what the public procedure page prints from the catalog cites the law the
    /// Vietnamese way ("Điều 5 khoản 3 Luật Hộ tịch 2014") and carries no unverified marker, which stays in `source`.
    @Test func publicFieldsOfTheShippedCatalogCarryNoStaffMarkerNorEnglishAbbreviation() throws {
        let markers = ["[check]", "[law]", "[practice]", "DOMAIN.md", " art.", " arts.", " cl."]
        let fees = try ProvinceFeeTable.loadBundled(provinceCode: "33")
        for procedure in try ProcedureCatalog.loadBundled().procedures {
            let shown = [procedure.name, procedure.legalBasis, procedure.resultType, procedure.fee.vietnameseDescription(provinceFee: fees?.fee(for: procedure.code))]
                + procedure.requiredDocuments.flatMap { [$0.name, $0.formTemplate ?? ""] }
            for text in shown {
                for marker in markers { #expect(!text.contains(marker), "\(procedure.code): \(marker) in \(text)") }
            }
        }
    }

    @Test func catalogCoversTheCommuneFields() throws {
        let fields = Set(try ProcedureCatalog.loadBundled().procedures.map(\.field))
        let expected: Set<ProcedureDefinition.Field> = [
            .civilStatus, .certification, .socialProtection, .meritoriousPeople, .land, .householdBusiness, .residence,
        ]
        #expect(expected.isSubset(of: fields))
    }

    @Test func keyRowsCarryTheLegalTimesAndFees() throws {
        let catalog = try ProcedureCatalog.loadBundled()

        let birth = try #require(catalog.procedure(code: "1.001193"))
        #expect(birth.name == "Đăng ký khai sinh")
        #expect(birth.processingTime == .sameDay)
        #expect(birth.cutOffHour == 15)
        #expect(birth.feeAmount() == 0)

        let marriage = try #require(catalog.procedure(code: "1.000894"))
        #expect(marriage.verificationExtraWorkingDays == 5)
        #expect(marriage.maximumWorkingDays == 5)

        let copy = try #require(catalog.procedure(code: "2.000815"))
        #expect(copy.fee == .perPage(.certifiedCopy, condition: nil))
        #expect(copy.department == .officeOfCouncilAndCommittee)

        let signature = try #require(catalog.procedure(code: "2.000884"))
        #expect(signature.feeAmount(cases: 2) == 20_000)

        let residence = try #require(catalog.procedure(code: "1.004222"))
        #expect(residence.department == .police)
        #expect(residence.processingTime == .workingDays(7))
        #expect(residence.cutOffHour == 17)
    }

    @Test func hungYenFeeTableMatchesProvinceSetProcedures() throws {
        let catalog = try ProcedureCatalog.loadBundled()

        // MUT
        let table = try #require(try ProvinceFeeTable.loadBundled(provinceCode: "33"))

        // validate
        #expect(table.provinceCode == "33")
        #expect(!table.feesByCode.isEmpty)
        for fee in table.feesByCode.values {
            let procedure = try #require(catalog.procedure(code: fee.procedureCode), "\(fee.procedureCode) is in the catalog")
            #expect(procedure.fee == .setByProvince(condition: procedure.fee.condition), "\(fee.procedureCode)")
            #expect(fee.source.contains("[check]"), "unverified amounts say so")
        }
        // Placeholders are never charged: no amount until the province's resolution is entered.
        #expect(table.fee(for: "1.001022") == nil)
        #expect(catalog.feeAmount(code: "1.001022", provinceFees: table) == nil)
        #expect(try ProvinceFeeTable.loadBundled(provinceCode: "99") == nil)
    }
}

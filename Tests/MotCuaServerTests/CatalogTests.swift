import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Procedure catalog")
struct CatalogTests {
    static let header = ProcedureCatalogCSV.header

    @Test("the shipped catalog is in the database and search ignores diacritics")
    func searchWithoutDiacritics() async throws {
        try await withTestApp { app in
            #expect(try await CatalogProcedure.query(on: app.db).count() >= 30)
            var officer = try await BrowserSession.signedIn("tiepnhan", on: app)
            let html = try await officer.get(SiteURL.procedures.path + "?q=dang%20ky%20khai%20sinh").body.string
            #expect(html.contains("Đăng ký khai sinh"))
            #expect(html.contains("data-code=\"1.001193\""))
            #expect(!html.contains("data-code=\"2.000815\""))
        }
    }

    @Test("a commune shortens a time but cannot lengthen it, and can stop handling a procedure")
    func communeChoices() async throws {
        try await withTestApp { app in
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            // 1.004837 (đăng ký giám hộ) takes 3 working days in the catalog.
            let path = SiteURL.procedure(.value("1.004837")).path
            let longer = try await leader.submit(form: ["isOffered": "on", "processingTime": "5"], to: path)
            #expect(longer.status == .unprocessableEntity)
            #expect(try await CommuneProcedure.query(on: app.db).count() == 0)

            let shorter = try await leader.submit(form: ["isOffered": "on", "processingTime": "2"], to: path)
            #expect(shorter.status == .seeOther)
            let phungCong = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first()?.id)
            let view = try #require(try await app.catalogStore.procedure(code: "1.004837", forCommune: phungCong, on: app.db))
            #expect(view.definition.processingTime == .workingDays(2))

            let stopped = try await leader.submit(form: ["processingTime": ""], to: path)
            #expect(stopped.status == .seeOther)
            #expect(try await app.catalogStore.procedure(code: "1.004837", forCommune: phungCong, on: app.db) == nil)
            let token = try await APIClient.token("tiepnhan", on: app)
            let api = try await APIClient.get(APIURL.procedures.path + "?q=giam%20ho", token: token, on: app)
            #expect(!api.body.string.contains("1.004837"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "commune_procedure.update").count() == 2)

            var vanGiang = try await BrowserSession.signedIn("lanhdao.vangiang", on: app)
            let elsewhere = try await vanGiang.get(SiteURL.procedures.path + "?q=giam%20ho").body.string
            #expect(elsewhere.contains("data-code=\"1.004837\""))
            #expect(!elsewhere.contains("xã không tiếp nhận"))

            var counter = try await BrowserSession.signedIn("tiepnhan", on: app)
            #expect(try await counter.submit(form: ["isOffered": "on"], to: path).status == .forbidden)
        }
    }

    @Test("an import with bad rows names every bad line and imports nothing")
    func importReportsEveryBadRow() async throws {
        try await withTestApp { app in
            var admin = try await BrowserSession.signedIn("quantritinh", on: app)
            let before = try await CatalogProcedure.query(on: app.db).count()
            let csv = [
                Self.header,
                "9.999999,Thủ tục thử,civil_status,commune,3,,,fixed,50000,,,Tờ khai|original|1,office,partial,Giấy xác nhận,Luật thử,Nguồn thử",
                "abc,Thủ tục sai mã,civil_status,commune,3,,,fixed,50000,,,Tờ khai|original|1,office,partial,Giấy,Luật,Nguồn",
                "9.999998,Thủ tục sai thời hạn,civil_status,commune,ba ngày,,,fixed,50000,,,Tờ khai|original|1,office,partial,Giấy,Luật,Nguồn",
            ].joined(separator: "\n")
            let response = try await admin.submit(form: ["csvText": csv], to: SiteURL.catalogImport.path)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Dòng 3"))
            #expect(response.body.string.contains("Dòng 4"))
            #expect(!response.body.string.contains("Dòng 2"))
            #expect(try await CatalogProcedure.query(on: app.db).count() == before)
            #expect(try await CatalogProcedure.query(on: app.db).filter(\.$code == "9.999999").count() == 0)

            let good = [Self.header, "9.999999,Thủ tục thử,civil_status,commune,3,,,fixed,50000,,,Tờ khai|original|1,office,partial,Giấy xác nhận,Luật thử,Nguồn thử"].joined(separator: "\n")
            let accepted = try await admin.submit(form: ["csvText": good], to: SiteURL.catalogImport.path)
            #expect(accepted.status == .seeOther)
            #expect(try await CatalogProcedure.query(on: app.db).count() == before + 1)
            #expect(try await app.catalogStore.catalog(on: app.db).procedure(code: "9.999999")?.name == "Thủ tục thử")
        }
    }

    @Test("only the province administrator imports")
    func importNeedsProvinceAdministrator() async throws {
        try await withTestApp { app in
            var communeAdmin = try await BrowserSession.signedIn("admin", on: app)
            let response = try await communeAdmin.submit(form: ["csvText": Self.header], to: SiteURL.catalogImport.path)
            #expect(response.status == .forbidden)
        }
    }

    @Test("the export reads back as the same catalog")
    func exportRoundTrips() async throws {
        try await withTestApp { app in
            var officer = try await BrowserSession.signedIn("tiepnhan", on: app)
            let response = try await officer.get(SiteURL.catalogExport.path)
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "csv")
            let parsed = try ProcedureCatalogCSV.parse(response.body.string).get()
            let stored = try await app.catalogStore.catalog(on: app.db).procedures
            #expect(parsed == stored)
        }
    }
}

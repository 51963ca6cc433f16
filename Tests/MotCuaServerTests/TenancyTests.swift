import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Tenancy: a commune's officers see and change only their commune")
struct TenancyTests {
    private struct OtherCommune {
        let communeID: UUID
        let departmentID: UUID
        let officerID: UUID
    }

    private func vanGiang(on app: Application) async throws -> OtherCommune {
        let commune = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.vanGiang).first())
        let communeID = try commune.requireID()
        let department = try #require(try await Department.query(on: app.db).filter(\.$commune.$id == communeID).first())
        let officer = try #require(try await Officer.query(on: app.db).filter(\.$commune.$id == communeID).first())
        return OtherCommune(communeID: communeID, departmentID: try department.requireID(), officerID: try officer.requireID())
    }

    @Test("pages of another commune's departments and officers answer 404 and their forms change nothing")
    func pagesOfAnotherCommuneAreOutOfReach() async throws {
        try await withTestApp { app in
            let other = try await vanGiang(on: app)
            var admin = try await BrowserSession.signedIn("admin", on: app)

            for path in [SiteURL.department(.value(other.departmentID)).path, SiteURL.officer(.value(other.officerID)).path, SiteURL.commune(.value(other.communeID)).path] {
                let response = try await admin.get(path)
                #expect(response.status == .notFound || response.status == .forbidden, "GET \(path) answered \(response.status)")
            }

            let renamed = try await admin.submit(form: ["name": "Đã bị đổi", "kind": "other", "isActive": "on"], to: SiteURL.department(.value(other.departmentID)).path)
            #expect(renamed.status == .notFound)
            let moved = try await admin.submit(form: ["fullName": "Đã bị đổi", "roles[]": "specialist", "isActive": "on"], to: SiteURL.officer(.value(other.officerID)).path)
            #expect(moved.status == .notFound)
            let unlocked = try await admin.submit(form: [:], to: SiteURL.unlockOfficer(.value(other.officerID)).path)
            #expect(unlocked.status == .notFound)
            let reset = try await admin.submit(form: ["password": "mat-khau-cua-toi-1"], to: SiteURL.resetOfficerPassword(.value(other.officerID)).path)
            #expect(reset.status == .notFound)
            let planted = try await admin.submit(form: ["communeID": other.communeID.uuidString, "name": "Phòng cài cắm", "kind": "other", "isActive": "on"], to: SiteURL.newDepartment.path)
            #expect(planted.status == .unprocessableEntity)
            let recruited = try await admin.submit(form: ["username": "caicam", "fullName": "Cài Cắm", "communeID": other.communeID.uuidString, "roles[]": "counter_officer", "password": "mat-khau-dai-123", "isActive": "on"], to: SiteURL.newOfficer.path)
            #expect(recruited.status == .unprocessableEntity)

            let department = try #require(try await Department.find(other.departmentID, on: app.db))
            #expect(department.name != "Đã bị đổi")
            #expect(try await Department.query(on: app.db).filter(\.$name == "Phòng cài cắm").count() == 0)
            #expect(try await Officer.query(on: app.db).filter(\.$username == "caicam").count() == 0)
        }
    }

    @Test("lists show only the officer's own commune")
    func listsAreScoped() async throws {
        try await withTestApp { app in
            var admin = try await BrowserSession.signedIn("admin", on: app)
            let officers = try await admin.get(SiteURL.officers.path).body.string
            #expect(officers.contains("tiepnhan"))
            #expect(!officers.contains("tiepnhan.vangiang"))
            #expect(!officers.contains(">tinh<"))
            let departments = try await admin.get(SiteURL.departments.path).body.string
            #expect(departments.contains("Xã Phụng Công"))
            #expect(!departments.contains("Xã Văn Giang"))
        }
    }

    @Test("the API answers 404 for another commune's rows and filters lists to the caller's commune")
    func apiIsScoped() async throws {
        try await withTestApp { app in
            let other = try await vanGiang(on: app)
            let token = try await APIClient.token("tiepnhan", on: app)

            for path in [APIURL.department(.value(other.departmentID)).path, APIURL.officer(.value(other.officerID)).path, APIURL.departments.path + "?commune=\(other.communeID.uuidString)", APIURL.officers.path + "?commune=\(other.communeID.uuidString)"] {
                let response = try await APIClient.get(path, token: token, on: app)
                #expect(response.status == .notFound, "GET \(path)")
                #expect(APIClient.errorCode(response) == "not_found")
            }

            let list = try await APIClient.get(APIURL.departments.path, token: token, on: app)
            let departments = try JSONDecoder().decode([OrganisationAPIController.DepartmentItem].self, from: Data(buffer: list.body))
            let phungCong = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first()?.id)
            #expect(!departments.isEmpty)
            #expect(departments.allSatisfy { $0.communeID == phungCong })

            let communes = try await APIClient.get(APIURL.communes.path, token: token, on: app)
            let visible = try JSONDecoder().decode([OrganisationAPIController.CommuneItem].self, from: Data(buffer: communes.body))
            #expect(visible.map(\.id) == [phungCong])
        }
    }

    @Test("the province office sees every commune of the province")
    func provinceSeesAll() async throws {
        try await withTestApp { app in
            let other = try await vanGiang(on: app)
            let token = try await APIClient.token("tinh", on: app)
            let communes = try JSONDecoder().decode([OrganisationAPIController.CommuneItem].self, from: Data(buffer: try await APIClient.get(APIURL.communes.path, token: token, on: app).body))
            #expect(communes.count == DemoData.communes.count)
            let department = try await APIClient.get(APIURL.department(.value(other.departmentID)).path, token: token, on: app)
            #expect(department.status == .ok)
        }
    }

    @Test("the tenant door narrows every commune-owned model to the scope")
    func tenantQueriesAreNarrowed() async throws {
        try await withTestApp { app in
            let other = try await vanGiang(on: app)
            let province = try #require(try await Province.query(on: app.db).first())
            let phungCong = try #require(try await Commune.query(on: app.db).filter(\.$slug == DemoCommune.phungCong).first()?.id)
            let tenant = Tenant(scope: .commune(provinceID: try province.requireID(), communeID: phungCong), database: app.db)

            let departments = try await tenant.query(Department.self).all()
            let officers = try await tenant.query(Officer.self).all()
            #expect(departments.allSatisfy { $0.$commune.id == phungCong })
            #expect(officers.allSatisfy { $0.$commune.id == phungCong })
            await #expect(throws: AppError.self) { try await tenant.find(Department.self, other.departmentID) }
        }
    }
}

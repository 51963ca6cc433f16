import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Commune resources pages: assets, reviews, transfers, the budget workflow, execution, land clearance, investment, reports")
struct CommuneResourcesPageTests {
    /// Tuesday 10/11/2026, 09:00: ten months of this year's demo budget are recorded.
    static let morning = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 10)!, hour: 9)!.instant

    func commune(_ slug: String, _ app: Application) async throws -> UUID {
        try #require(try await Commune.query(on: app.db).filter(\.$slug == slug).first()?.requireID())
    }

    func unit(_ kind: DepartmentKind, of slug: String, _ app: Application) async throws -> UUID {
        let id = try await commune(slug, app)
        return try #require(try await Department.query(on: app.db).filter(\.$commune.$id == id).filter(\.$kind == kind).first()?.requireID())
    }

    func asset(_ code: String, _ app: Application) async throws -> PublicAsset {
        try #require(try await PublicAsset.query(on: app.db).filter(\.$code == code).first())
    }

    func auditCount(_ app: Application) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$action !~ ["auth.sign_in", "auth.token_issued"]).count()
    }

    @Test("every page renders for the commune office, the leader, the economy department and the province, and the dashboard shows each commune's figures")
    func pagesRender() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            let assetID = try await asset("PC-TS-03", app).requireID()
            let review = try #require(try await AssetReview.query(on: app.db).first())
            let estimate = try #require(try await BudgetEstimate.query(on: app.db).filter(\.$commune.$id == commune(DemoCommune.phungCong, app)).first())
            let project = try #require(try await ClearanceProject.query(on: app.db).filter(\.$commune.$id == commune(DemoCommune.phungCong, app)).first())
            for username in ["truongphong", "lanhdao", "kinhte", "tinh"] {
                var session = try await BrowserSession.signedIn(username, on: app)
                for path in [ResourcesURL.assets.path, ResourcesURL.asset(.value(assetID)).path, ResourcesURL.reviews.path, ResourcesURL.review(.value(try review.requireID())).path,
                             ResourcesURL.transfers.path, ResourcesURL.budgets.path, ResourcesURL.budget(.value(try estimate.requireID())).path,
                             ResourcesURL.clearanceProjects.path, ResourcesURL.clearanceProject(.value(try project.requireID())).path, ResourcesURL.investments.path,
                             ResourcesURL.report.path] {
                    let response = try await session.get(path)
                    #expect(response.status == .ok, "\(username) \(path) answered \(response.status)")
                }
                #expect(try await session.get(ResourcesURL.home.path).status == .seeOther)
            }
            var office = try await BrowserSession.signedIn("truongphong", on: app)
            let budget = try await office.get(ResourcesURL.budget(.value(try estimate.requireID())).path).body.string
            // 420.000.000 ₫ spent at 160 % of the pace: 10 months of 56.000.000 ₫ = 560.000.000 ₫, beyond the estimate.
            #expect(budget.contains("Chi hoạt động bộ máy") && budget.contains("Đã chi vượt dự toán"))
            #expect(budget.contains("1.450.000.000 ₫"))
            let reviewPage = try await office.get(ResourcesURL.review(.value(try review.requireID())).path).body.string
            #expect(reviewPage.contains("PC-TS-03") && reviewPage.contains("PC-TB-02") && reviewPage.contains("id=\"chua-co-don-vi\">2<"))
            let clearance = try await office.get(ResourcesURL.clearanceProject(.value(try project.requireID())).path).body.string
            #expect(clearance.contains("Đang khiếu nại, cần giải quyết khiếu nại") && clearance.contains("37,5 %"))
            // The economy department follows this year's revenue targets: land use revenue at 45 % of the pace, 937.490.000 ₫ of 2.500.000.000 ₫.
            var economy = try await BrowserSession.signedIn("kinhte", on: app)
            let revenue = try await economy.get(ResourcesURL.budgets.path).body.string
            #expect(revenue.contains("Thu ngân sách năm 2026") && revenue.contains("937.490.000 ₫") && revenue.contains("Thu không đạt dự toán nếu giữ nhịp này"))
            var province = try await BrowserSession.signedIn("tinh", on: app)
            let dashboard = try await province.get(SiteURL.reports.path).body.string
            #expect(dashboard.contains("Tài sản, ngân sách năm 2026") && dashboard.contains("Xã Phụng Công") && dashboard.contains("Xã Văn Giang"))
            // The province sees households' parcels, not their names.
            let provinceClearance = try await province.get(ResourcesURL.clearanceProject(.value(try project.requireID())).path).body.string
            #expect(!provinceClearance.contains("Bùi Thị Lan") && provinceClearance.contains("Thửa 135, tờ 8"))
        }
    }

    @Test("another commune's officer gets 404 on Phụng Công's rows, an officer without the duty gets 403, and nothing changes")
    func tenancyAndRoles() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            let assetID = try await asset("PC-TS-03", app).requireID()
            let review = try #require(try await AssetReview.query(on: app.db).first()?.requireID())
            let estimate = try #require(try await BudgetEstimate.query(on: app.db).filter(\.$commune.$id == commune(DemoCommune.phungCong, app)).first()?.requireID())
            let before = try await auditCount(app)
            var other = try await BrowserSession.signedIn("truongphong.vangiang", on: app)
            #expect(try await other.get(ResourcesURL.asset(.value(assetID)).path).status == .notFound)
            #expect(try await other.get(ResourcesURL.budget(.value(estimate)).path).status == .notFound)
            #expect(try await other.submit(form: ["mark": "confirmed", "departmentID": try await unit(.officeOfCouncilAndCommittee, of: DemoCommune.vanGiang, app).uuidString],
                                           to: ResourcesURL.reviewMark(.value(review), .value(assetID)).path).status == .notFound)
            let list = try await other.get(ResourcesURL.assets.path).body.string
            #expect(list.contains("VG-TS-01") && !list.contains("PC-TS-03"))
            var counter = try await BrowserSession.signedIn("tiepnhan", on: app)
            #expect(try await counter.get(ResourcesURL.assets.path).status == .forbidden)
            var economy = try await BrowserSession.signedIn("kinhte", on: app)
            #expect(try await economy.submit(form: ["kind": "revenue", "chapter": "805", "item": "2001", "title": "x", "amount": "1"], to: ResourcesURL.budgetLines(.value(estimate)).path).status == .forbidden)
            #expect(try await economy.submit(form: ["mark": "confirmed"], to: ResourcesURL.reviewMark(.value(review), .value(assetID)).path).status == .forbidden)
            var office = try await BrowserSession.signedIn("truongphong", on: app)
            #expect(try await office.submit(form: ["name": "Dự án", "investor": "A", "area": "100", "parcelCount": "1"], to: ResourcesURL.clearanceProjects.path).status == .forbidden)
            #expect(try await auditCount(app) == before)
            #expect(try await asset("PC-TS-03", app).$managingUnit.id == nil)
        }
    }

    @Test("the estimate is drafted, submitted, approved with amounts and executed; bad amounts and approval of a line never submitted save nothing")
    func budgetWorkflow() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var office = try await BrowserSession.signedIn("truongphong", on: app)
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            var economy = try await BrowserSession.signedIn("kinhte", on: app)
            #expect(try await leader.submit(form: ["year": "2027"], to: ResourcesURL.budgets.path).status == .forbidden)
            #expect(try await office.submit(form: ["year": "2027"], to: ResourcesURL.budgets.path).status == .seeOther)
            #expect(try await office.submit(form: ["year": "2027"], to: ResourcesURL.budgets.path).status == .conflict)
            let estimate = try #require(try await BudgetEstimate.query(on: app.db).filter(\.$year == 2027).first())
            let estimateID = try estimate.requireID()
            let linesPath = ResourcesURL.budgetLines(.value(estimateID)).path
            for (amount, message) in [("-5.000", "Số tiền dự toán không được âm."), ("năm triệu", "Số tiền dự toán phải là số tiền bằng đồng"), ("12,5", "phải là số tiền bằng đồng")] {
                let refused = try await office.submit(form: ["kind": "expenditure", "chapter": "805", "item": "6001", "title": "Lương", "amount": amount], to: linesPath)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains(message), "\(amount)")
            }
            let badCode = try await office.submit(form: ["kind": "expenditure", "chapter": "85", "item": "6001", "title": "Lương", "amount": "1"], to: linesPath)
            #expect(badCode.body.string.contains("Mã chương phải gồm 3 chữ số"))
            #expect(try await BudgetLine.query(on: app.db).filter(\.$estimate.$id == estimateID).count() == 0)
            // Nothing to submit yet.
            #expect(try await office.submit(form: ["action": "submit"], to: ResourcesURL.budgetAction(.value(estimateID)).path).status == .conflict)
            #expect(try await office.submit(form: ["kind": "expenditure", "chapter": "805", "item": "6001", "title": "Lương", "amount": "600.000.000"], to: linesPath).status == .seeOther)
            #expect(try await office.submit(form: ["kind": "revenue", "chapter": "805", "item": "2001", "title": "Phí, lệ phí", "amount": "120000000"], to: linesPath).status == .seeOther)
            let lines = try await BudgetLine.query(on: app.db).filter(\.$estimate.$id == estimateID).all()
            let salary = try #require(lines.first { $0.item == "6001" })
            let fees = try #require(lines.first { $0.item == "2001" })
            // Approval before submission, and submission by the leader, are refused.
            #expect(try await leader.submit(form: ["approved[\(try salary.requireID().uuidString)]": "1"], to: ResourcesURL.budgetApproval(.value(estimateID)).path).status == .conflict)
            #expect(try await leader.submit(form: ["action": "submit"], to: ResourcesURL.budgetAction(.value(estimateID)).path).status == .conflict)
            #expect(try await office.submit(form: ["action": "submit"], to: ResourcesURL.budgetAction(.value(estimateID)).path).status == .seeOther)
            #expect(try await BudgetEstimate.find(estimateID, on: app.db)?.status == .submitted)
            // A line slipped in after submission was never submitted: an approved amount for it is refused, and nothing is approved.
            let stray = BudgetLine()
            stray.$commune.id = salary.$commune.id
            stray.$estimate.id = estimateID
            stray.kind = .expenditure
            stray.chapter = "805"
            stray.item = "6501"
            stray.title = "Dòng chưa trình"
            stray.note = ""
            stray.proposedAmount = 5
            stray.position = 3
            try await stray.create(on: app.db)
            let approvalPath = ResourcesURL.budgetApproval(.value(estimateID)).path
            let auditBefore = try await auditCount(app)
            let strayApproval = try await leader.submit(form: ["approved[\(try salary.requireID().uuidString)]": "550.000.000", "approved[\(try fees.requireID().uuidString)]": "120.000.000",
                                                               "approved[\(try stray.requireID().uuidString)]": "5"], to: approvalPath)
            #expect(strayApproval.status == .unprocessableEntity)
            #expect(strayApproval.body.string.contains("chưa được trình nên không thể ghi số phê duyệt"))
            let negative = try await leader.submit(form: ["approved[\(try salary.requireID().uuidString)]": "-1", "approved[\(try fees.requireID().uuidString)]": "120.000.000"], to: approvalPath)
            #expect(negative.status == .unprocessableEntity)
            #expect(try await BudgetLine.query(on: app.db).filter(\.$estimate.$id == estimateID).filter(\.$approvedAmount != nil).count() == 0)
            #expect(try await BudgetEstimate.find(estimateID, on: app.db)?.status == .submitted)
            #expect(try await auditCount(app) == auditBefore)
            try await stray.delete(on: app.db)
            // The office cannot approve; the leader approves with a lower salary line.
            #expect(try await office.submit(form: ["approved[\(try salary.requireID().uuidString)]": "550.000.000", "approved[\(try fees.requireID().uuidString)]": "120.000.000"], to: approvalPath).status == .forbidden)
            #expect(try await leader.submit(form: ["approved[\(try salary.requireID().uuidString)]": "550.000.000", "approved[\(try fees.requireID().uuidString)]": "120.000.000"], to: approvalPath).status == .seeOther)
            let approved = try #require(try await BudgetEstimate.find(estimateID, on: app.db))
            #expect(approved.status == .approved && approved.approvedBy == "lanhdao" && approved.revision == 0)
            #expect(try await BudgetLine.find(salary.requireID(), on: app.db)?.approvedAmount == 550_000_000)
            // Execution: spending by the office, revenue by the economy department; not the other way round.
            let executionPath = ResourcesURL.budgetExecution(.value(estimateID)).path
            let wrongRole = try await economy.submit(form: ["lineID": try salary.requireID().uuidString, "month": "1", "amount": "1"], to: executionPath)
            #expect(wrongRole.status == .unprocessableEntity && wrongRole.body.string.contains("Số chi do Văn phòng HĐND–UBND ghi."))
            #expect(try await office.submit(form: ["lineID": try salary.requireID().uuidString, "month": "13", "amount": "1"], to: executionPath).status == .unprocessableEntity)
            #expect(try await office.submit(form: ["lineID": try salary.requireID().uuidString, "month": "1", "amount": "-1"], to: executionPath).status == .unprocessableEntity)
            #expect(try await office.submit(form: ["lineID": try salary.requireID().uuidString, "month": "1", "amount": "45.833.000"], to: executionPath).status == .seeOther)
            #expect(try await economy.submit(form: ["lineID": try fees.requireID().uuidString, "month": "1", "amount": "8.000.000"], to: executionPath).status == .seeOther)
            let page = try await office.get(ResourcesURL.budget(.value(estimateID)).path).body.string
            // 45.833.000 / 550.000.000 = 8,33 %; 8.000.000 / 120.000.000 = 6,67 %, and fees at that pace (96.000.000 a year) fall short.
            #expect(page.contains("8,3 %") && page.contains("6,7 %") && page.contains("Thu không đạt dự toán nếu giữ nhịp này"))
            let report = try await office.get(ResourcesURL.report.path + "?nam=2027").body.string
            #expect(report.contains("Thực hiện dự toán ngân sách năm 2027") && report.contains("8,3 %") && report.contains("6,7 %"))
            // Revision during the year: opened by the office, approved again as revision 1.
            #expect(try await office.submit(form: ["action": "revise"], to: ResourcesURL.budgetAction(.value(estimateID)).path).status == .seeOther)
            #expect(try await office.submit(form: ["lineID": try salary.requireID().uuidString, "amount": "600.000.000"], to: linesPath).status == .seeOther)
            #expect(try await office.submit(form: ["action": "submit"], to: ResourcesURL.budgetAction(.value(estimateID)).path).status == .seeOther)
            #expect(try await leader.submit(form: ["approved[\(try salary.requireID().uuidString)]": "600.000.000", "approved[\(try fees.requireID().uuidString)]": "120.000.000"], to: approvalPath).status == .seeOther)
            #expect(try await BudgetEstimate.find(estimateID, on: app.db)?.revision == 1)
            let actions = try await AuditEntry.query(on: app.db).filter(\.$objectID == estimateID.uuidString).all().map(\.action)
            #expect(["budget.create", "budget.line_add", "budget.submit", "budget.approve", "budget.execution", "budget.revise", "budget.line_change"].allSatisfy(actions.contains))
        }
    }

    @Test("a new asset or a correction with a negative or non-numeric value, or another commune's unit, is refused and saves nothing")
    func assetForms() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var office = try await BrowserSession.signedIn("truongphong", on: app)
            let form = ["code": "PC-TB-09", "name": "Máy chiếu hội trường", "kind": "equipment", "location": "Hội trường", "originalValue": "-25.000.000", "yearInUse": "2024", "condition": "good"]
            let negative = try await office.submit(form: form, to: ResourcesURL.assets.path)
            #expect(negative.status == .unprocessableEntity && negative.body.string.contains("Nguyên giá không được âm."))
            var foreign = form
            foreign["originalValue"] = "25.000.000"
            foreign["departmentID"] = try await unit(.economy, of: DemoCommune.vanGiang, app).uuidString
            let other = try await office.submit(form: foreign, to: ResourcesURL.assets.path)
            #expect(other.status == .unprocessableEntity && other.body.string.contains("phải được Văn phòng UBND tỉnh phê duyệt"))
            #expect(try await PublicAsset.query(on: app.db).filter(\.$code == "PC-TB-09").count() == 0)
            foreign["departmentID"] = try await unit(.economy, of: DemoCommune.phungCong, app).uuidString
            #expect(try await office.submit(form: foreign, to: ResourcesURL.assets.path).status == .seeOther)
            #expect(try await asset("PC-TB-09", app).originalValue == 25_000_000)
            let generator = try await asset("PC-TB-02", app)
            let path = ResourcesURL.asset(.value(try generator.requireID())).path
            let bad = try await office.submit(form: ["name": generator.name, "location": "Kho", "originalValue": "một trăm", "yearInUse": "2014", "condition": "damaged"], to: path)
            #expect(bad.status == .unprocessableEntity)
            #expect(try await asset("PC-TB-02", app).condition == .usable)
            #expect(try await office.submit(form: ["name": generator.name, "location": "Kho", "originalValue": "145.000.000", "yearInUse": "2014", "condition": "damaged"], to: path).status == .seeOther)
            #expect(try await asset("PC-TB-02", app).condition == .damaged)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "asset.update").count() == 1)
        }
    }

    @Test("CSV import: each bad row reported by its line and nothing imported; a good file imports every row")
    func csvImport() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var office = try await BrowserSession.signedIn("truongphong", on: app)
            let phungCong = try await commune(DemoCommune.phungCong, app)
            let before = try await PublicAsset.query(on: app.db).filter(\.$commune.$id == phungCong).count()
            let header = PublicAssetCSV.header.joined(separator: ",")
            let bad = "\(header)\nTS-A,Bàn ghế hội trường,Trang thiết bị,Hội trường,45.000.000,2020,Tốt,,,\nTS-B,Xe máy,Phương tiện,Trụ sở,-1,2020,Tốt,,,\nPC-TS-01,Trùng mã,Trụ sở làm việc,Thôn,1,2020,Tốt,,,\n"
            let refused = try await office.submitMultipart(fields: [("csvText", bad)], to: ResourcesURL.assetImport.path)
            #expect(refused.status == .unprocessableEntity)
            let body = refused.body.string
            #expect(body.contains("Dòng 3: Nguyên giá không được âm.") && body.contains("Dòng 4: Mã tài sản PC-TS-01 đã có trong sổ tài sản của xã."))
            #expect(!body.contains("Dòng 2:"))
            #expect(try await PublicAsset.query(on: app.db).filter(\.$commune.$id == phungCong).count() == before)
            let good = "\(header)\nTS-A,Bàn ghế hội trường,Trang thiết bị,Hội trường,45.000.000,2020,Tốt,Văn phòng HĐND–UBND,Lê Văn Hùng,\nTS-B,Xe máy,Phương tiện,Trụ sở,25000000,2021,Sử dụng được,,,\n"
            let file = try await office.submitMultipart(fields: [], files: [(field: "file", name: "tai-san.csv", type: "text/csv", bytes: Array(good.utf8))], to: ResourcesURL.assetImport.path)
            #expect(file.status == .seeOther)
            #expect(try await PublicAsset.query(on: app.db).filter(\.$commune.$id == phungCong).count() == before + 2)
            #expect(try await asset("TS-A", app).$managingUnit.id == (try await unit(.officeOfCouncilAndCommittee, of: DemoCommune.phungCong, app)))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "asset.import").count() == 1)
        }
    }

    @Test("a review assigns the last unassigned assets; a transfer to another commune's unit waits for the province, which approves it")
    func reviewAndTransfers() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var office = try await BrowserSession.signedIn("truongphong", on: app)
            let review = try #require(try await AssetReview.query(on: app.db).first()?.requireID())
            let headquarters = try await asset("PC-TS-03", app)
            let generator = try await asset("PC-TB-02", app)
            let office1 = try await unit(.officeOfCouncilAndCommittee, of: DemoCommune.phungCong, app)
            let foreignUnit = try await unit(.officeOfCouncilAndCommittee, of: DemoCommune.vanGiang, app)
            // Confirmed without a unit, or with another commune's unit: refused, nothing saved.
            let noUnit = try await office.submit(form: ["mark": "confirmed"], to: ResourcesURL.reviewMark(.value(review), .value(try generator.requireID())).path)
            #expect(noUnit.status == .unprocessableEntity && noUnit.body.string.contains("chưa có đơn vị quản lý"))
            let foreign = try await office.submit(form: ["mark": "confirmed", "departmentID": foreignUnit.uuidString], to: ResourcesURL.reviewMark(.value(review), .value(try generator.requireID())).path)
            #expect(foreign.status == .unprocessableEntity && foreign.body.string.contains("phải được Văn phòng UBND tỉnh phê duyệt"))
            let directForeign = try await office.submit(form: ["departmentID": foreignUnit.uuidString], to: ResourcesURL.assetTransfer(.value(try generator.requireID())).path)
            #expect(directForeign.status == .unprocessableEntity)
            #expect(try await PublicAsset.find(generator.requireID(), on: app.db)?.$managingUnit.id == nil)
            // Closing the review with assets not reviewed is refused.
            #expect(try await office.submit(form: [:], to: ResourcesURL.reviewClose(.value(review)).path).status == .unprocessableEntity)
            for target in [headquarters, generator] {
                #expect(try await office.submit(form: ["mark": "confirmed", "departmentID": office1.uuidString], to: ResourcesURL.reviewMark(.value(review), .value(try target.requireID())).path).status == .seeOther)
            }
            let page = try await office.get(ResourcesURL.review(.value(review)).path).body.string
            #expect(page.contains("id=\"chua-co-don-vi\">0<") && page.contains("Mọi tài sản đã có đơn vị quản lý."))
            #expect(try await AssetTransfer.query(on: app.db).filter(\.$asset.$id == generator.requireID()).filter(\.$status == .done).count() == 1)
            // Every asset reviewed now (PC-TB-01 still needs a mark).
            let equipment = try await asset("PC-TB-01", app)
            #expect(try await office.submit(form: ["mark": "confirmed"], to: ResourcesURL.reviewMark(.value(review), .value(try equipment.requireID())).path).status == .seeOther)
            #expect(try await office.submit(form: [:], to: ResourcesURL.reviewClose(.value(review)).path).status == .seeOther)

            // A transfer to Văn Giang: requested by the commune, approved by the province.
            let vehicle = try await asset("PC-XE-02", app)
            let vanGiang = try await commune(DemoCommune.vanGiang, app)
            #expect(try await office.submit(form: ["toCommuneID": vanGiang.uuidString, "reason": "Văn Giang thiếu xe thu gom"], to: ResourcesURL.assetTransfer(.value(try vehicle.requireID())).path).status == .seeOther)
            #expect(try await PublicAsset.find(vehicle.requireID(), on: app.db)?.$commune.id == (try await commune(DemoCommune.phungCong, app)))
            let request = try #require(try await AssetTransfer.query(on: app.db).filter(\.$status == .pending).first())
            #expect(try await office.submit(form: ["decision": "approve"], to: ResourcesURL.transferDecision(.value(try request.requireID())).path).status == .forbidden)
            var province = try await BrowserSession.signedIn("tinh", on: app)
            #expect(try await province.get(ResourcesURL.transfers.path).body.string.contains("Chờ tỉnh phê duyệt"))
            #expect(try await province.submit(form: ["decision": "approve", "departmentID": foreignUnit.uuidString], to: ResourcesURL.transferDecision(.value(try request.requireID())).path).status == .seeOther)
            let moved = try #require(try await PublicAsset.find(vehicle.requireID(), on: app.db))
            #expect(moved.$commune.id == vanGiang && moved.$managingUnit.id == foreignUnit)
            var receiving = try await BrowserSession.signedIn("truongphong.vangiang", on: app)
            #expect(try await receiving.get(ResourcesURL.asset(.value(try vehicle.requireID())).path).status == .ok)
            #expect(try await office.get(ResourcesURL.asset(.value(try vehicle.requireID())).path).status == .notFound)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "asset.transfer_approve").count() == 1)
        }
    }

    @Test("land clearance households follow their path, and the investment pipeline moves forward; bad input saves nothing")
    func clearanceAndInvestment() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var economy = try await BrowserSession.signedIn("kinhte", on: app)
            let complaint = try #require(try await ClearanceHousehold.query(on: app.db).filter(\.$status == .complaint).first())
            let path = ResourcesURL.clearanceHousehold(.value(try complaint.requireID())).path
            let early = try await economy.submit(form: ["status": "handed_over", "compensation": "1.050.000.000", "paid": "1.050.000.000"], to: path)
            #expect(early.status == .unprocessableEntity && early.body.string.contains("Hộ đang khiếu nại"))
            let overpaid = try await economy.submit(form: ["status": "agreed", "compensation": "100", "paid": "200"], to: path)
            #expect(overpaid.status == .unprocessableEntity)
            #expect(try await ClearanceHousehold.find(complaint.requireID(), on: app.db)?.status == .complaint)
            #expect(try await economy.submit(form: ["status": "agreed", "compensation": "1.050.000.000", "paid": "0"], to: path).status == .seeOther)
            #expect(try await economy.submit(form: ["status": "paid", "compensation": "1.050.000.000", "paid": "1.050.000.000"], to: path).status == .seeOther)
            #expect(try await economy.submit(form: ["status": "handed_over", "compensation": "1.050.000.000", "paid": "1.050.000.000"], to: path).status == .seeOther)
            #expect(try await ClearanceHousehold.find(complaint.requireID(), on: app.db)?.status == .handedOver)

            let bad = try await economy.submit(form: ["name": "Khu nhà ở xã hội", "investor": "Công ty A", "sector": "Nhà ở", "capital": "-1", "stage": "idea"], to: ResourcesURL.investments.path)
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Vốn đầu tư không được âm."))
            #expect(try await InvestmentProject.query(on: app.db).filter(\.$name == "Khu nhà ở xã hội").count() == 0)
            #expect(try await economy.submit(form: ["name": "Khu nhà ở xã hội", "investor": "Công ty A", "sector": "Nhà ở", "capital": "150.000.000.000", "jobs": "40", "stage": "idea"], to: ResourcesURL.investments.path).status == .seeOther)
            let project = try #require(try await InvestmentProject.query(on: app.db).filter(\.$name == "Khu nhà ở xã hội").first())
            #expect(project.capital == 150_000_000_000)
            let update = ResourcesURL.investment(.value(try project.requireID())).path
            #expect(try await economy.submit(form: ["stage": "proposal", "capital": "150.000.000.000", "jobs": "40"], to: update).status == .seeOther)
            #expect(try await economy.submit(form: ["stage": "contacted", "capital": "150.000.000.000", "jobs": "40"], to: update).status == .unprocessableEntity)
            #expect(try await InvestmentProject.find(project.requireID(), on: app.db)?.stage == .proposal)
        }
    }

    @Test("the report exports CSV and XLSX with the same tables")
    func exports() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var office = try await BrowserSession.signedIn("truongphong", on: app)
            let csv = try await office.get(ResourcesURL.reportExport(.value("tai-chinh-kinh-te.csv")).path + "?nam=2026")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let text = csv.body.string
            #expect(text.contains("Tài sản chưa có đơn vị quản lý") && text.contains("PC-TS-03") && text.contains("3900000000") && !text.contains("VG-NVH-01"))
            #expect(text.contains("Thực hiện dự toán ngân sách năm 2026") && text.contains("Tiến độ giải phóng mặt bằng") && text.contains("Danh mục thu hút đầu tư"))
            let xlsx = try await office.get(ResourcesURL.reportExport(.value("tai-chinh-kinh-te.xlsx")).path + "?nam=2026")
            #expect(xlsx.status == .ok && Array(xlsx.body.readableBytesView.prefix(2)) == Array("PK".utf8))
            #expect(try await office.get(ResourcesURL.reportExport(.value("khac.pdf")).path).status == .notFound)
        }
    }
}

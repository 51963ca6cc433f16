import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The yearly budget estimate: drafted by the commune office, submitted, approved by the leader with the approved
/// amounts, revised during the year, and executed month by month against each line.
enum BudgetController {
    struct EstimateRow: Encodable {
        let year: Int
        let commune: String
        let status: String
        let revision: String
        let revenue: String
        let expenditure: String
        let href: String
    }

    struct CreateForm: Content {
        var year: String?
    }

    struct ListPage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let rows: [EstimateRow]
        let hasRows: Bool
        let showCommune: Bool
        let canCreate: Bool
        let nextYear: Int
        let errors: FormErrors
        let createPath: String
        let year: Int
        let revenue: [RevenueRow]
        let hasRevenue: Bool
    }

    /// A revenue target of this year and what has been collected, for the economy department.
    struct RevenueRow: Encodable {
        let commune: String
        let code: String
        let title: String
        let target: String
        let collected: String
        let percent: String
        let outlook: String
        let isFlagged: Bool
        let href: String
    }

    /// `GET /kinh-te-tai-chinh/ngan-sach`.
    static func list(req: Request) async throws -> Response {
        try await renderList(req, errors: [], status: .ok)
    }

    static func renderList(_ req: Request, errors: [String], status: HTTPResponseStatus) async throws -> Response {
        let duties = try req.resourceDuties()
        let estimates = try await req.tenant.query(BudgetEstimate.self).sort(\.$year, .descending).all()
        let lines = try await req.tenant.query(BudgetLine.self).all()
        let byEstimate = Dictionary(grouping: lines, by: { $0.$estimate.id })
        let communes = try await ResourcePages.communeNames(req)
        let today = ResourcePages.today(req)
        var revenue: [RevenueRow] = []
        for estimate in estimates where estimate.year == today.year && estimate.hasBeenApproved {
            let estimateID = try estimate.requireID()
            let own = (byEstimate[estimateID] ?? []).filter { $0.kind == .revenue && $0.approvedAmount != nil }.sorted { $0.position < $1.position }
            let executions = try await BudgetExecution.query(on: req.db).filter(\.$commune.$id == estimate.$commune.id).filter(\.$estimate.$id == estimateID).all()
            let (_, results) = execution(of: estimate, lines: own, executions: executions, today: today)
            for line in own {
                guard let id = line.id, let result = results[id] else { continue }
                revenue.append(RevenueRow(commune: communes[estimate.$commune.id] ?? "", code: "\(line.chapter)-\(line.item)", title: line.title,
                                          target: VND.format(result.estimate), collected: VND.format(result.executed), percent: result.percentText,
                                          outlook: result.outlook.vietnameseName, isFlagged: result.outlook.isFlagged, href: ResourcesURL.budget(.value(estimateID)).path))
            }
        }
        return try await ResourcePages.render(req, "resources/budgets", ListPage(
            page: try await PageContext.make(for: req, title: "Dự toán ngân sách xã"), tabs: ResourcePages.tabs(req),
            rows: try estimates.map { estimate in
                let own = byEstimate[try estimate.requireID()] ?? []
                func total(_ kind: BudgetLineKind) -> String {
                    VND.format(Money.clampedSum(own.filter { $0.kind == kind }.map { $0.approvedAmount ?? $0.proposedAmount }))
                }
                return EstimateRow(year: estimate.year, commune: communes[estimate.$commune.id] ?? "", status: estimate.status.vietnameseName,
                                   revision: estimate.revision > 0 ? "Điều chỉnh lần \(estimate.revision)" : "", revenue: total(.revenue), expenditure: total(.expenditure),
                                   href: ResourcesURL.budget(.value(try estimate.requireID())).path)
            },
            hasRows: !estimates.isEmpty, showCommune: duties.isProvince, canCreate: duties.isCommuneOffice,
            nextYear: today.year + 1, errors: FormErrors(errors), createPath: ResourcesURL.budgets.path,
            year: today.year, revenue: revenue, hasRevenue: !revenue.isEmpty
        ), status: status)
    }

    /// `POST /kinh-te-tai-chinh/ngan-sach`: a new draft estimate for a year (one per year and commune).
    static func create(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        guard duties.isCommuneOffice, let communeID = duties.staff.communeID else { throw AppError.forbidden }
        let today = ResourcePages.today(req)
        guard let year = Int(try req.content.decode(CreateForm.self).year.trimmedOrEmpty), (today.year - 1)...(today.year + 2) ~= year else {
            return try await renderList(req, errors: ["Năm dự toán phải từ \(today.year - 1) đến \(today.year + 2)."], status: .unprocessableEntity)
        }
        if try await BudgetEstimate.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$year == year).first() != nil {
            return try await renderList(req, errors: ["Xã đã có dự toán năm \(year); hãy mở dự toán đó để điều chỉnh."], status: .conflict)
        }
        let estimate = BudgetEstimate()
        estimate.$commune.id = communeID
        estimate.year = year
        estimate.status = .draft
        estimate.revision = 0
        estimate.createdBy = duties.staff.username
        estimate.version = 1
        try await req.writeTransaction { db in
            try await estimate.create(on: db)
            try await req.audit(AuditEvent(action: "budget.create", objectType: "budget_estimate", objectID: try estimate.requireID().uuidString, communeID: communeID, summary: "Lập dự toán năm \(year)"), on: db)
        }
        return req.redirect(to: ResourcesURL.budget(.value(try estimate.requireID())).path)
    }

    // MARK: one estimate

    struct LineRow: Encodable {
        let id: String
        let kind: String
        let kindKey: String
        let code: String
        let title: String
        let note: String
        let proposed: String
        let submitted: String
        let approved: String
        let approvedInput: String
        let isSubmitted: Bool
        let executed: String
        let percent: String
        let outlook: String
        let isFlagged: Bool
        let runOut: String?
        let months: [String]
    }

    struct TotalRow: Encodable {
        let label: String
        let proposed: String
        let approved: String
        let executed: String
        let percent: String
    }

    struct LineForm: Content {
        var lineID: String?
        var kind: String?
        var chapter: String?
        var item: String?
        var title: String?
        var amount: String?
        var note: String?
    }

    struct EstimatePage: Encodable {
        let page: PageContext
        let tabs: [NavigationLink]
        let title: String
        let commune: String
        let status: String
        let statusKey: String
        let revision: String
        let returnReason: String?
        let version: Int
        let lines: [LineRow]
        let hasLines: Bool
        let totals: [TotalRow]
        let monthsElapsed: Int
        let monthHeaders: [String]
        let canEditLines: Bool
        let canSubmit: Bool
        let canDecide: Bool
        let canRevise: Bool
        let canRecord: Bool
        let hasFlags: Bool
        let kinds: [OrganisationController.Option]
        let editableLines: [OrganisationController.Option]
        let recordableLines: [OrganisationController.Option]
        let monthOptions: [OrganisationController.Option]
        let lineForm: LineForm
        let errors: FormErrors
        let linesPath: String
        let actionPath: String
        let approvalPath: String
        let executionPath: String
        let reportPath: String
        let history: [HistoryRow]
    }

    struct HistoryRow: Encodable {
        let when: String
        let who: String
        let what: String
    }

    static func estimateInScope(_ req: Request) async throws -> BudgetEstimate {
        try await req.tenant.find(BudgetEstimate.self, req.parameters.get(ResourcesURL.Key.estimateID, as: UUID.self))
    }

    /// `GET /kinh-te-tai-chinh/ngan-sach/:estimateID`.
    static func show(req: Request) async throws -> Response {
        _ = try req.resourceDuties()
        return try await render(req, estimate: try await estimateInScope(req), lineForm: LineForm(), errors: [], status: .ok)
    }

    /// The execution of every line of an estimate, with the months elapsed used for the pace.
    static func execution(of estimate: BudgetEstimate, lines: [BudgetLine], executions: [BudgetExecution], today: CivilDate) -> (months: Int, rows: [UUID: BudgetLineExecution]) {
        let elapsed = BudgetLineExecution.monthsElapsed(year: estimate.year, today: today, lastRecordedMonth: executions.map(\.month).max())
        var rows: [UUID: BudgetLineExecution] = [:]
        let byLine = Dictionary(grouping: executions, by: { $0.$line.id })
        for line in lines {
            guard let id = line.id else { continue }
            let monthly = Dictionary((byLine[id] ?? []).map { ($0.month, $0.amount) }, uniquingKeysWith: +)
            if case .success(let result) = BudgetLineExecution.make(kind: line.kind, estimate: line.approvedAmount ?? 0, monthly: monthly, monthsElapsed: elapsed) {
                rows[id] = result
            }
        }
        return (elapsed, rows)
    }

    static func render(_ req: Request, estimate: BudgetEstimate, lineForm: LineForm, errors: [String], status: HTTPResponseStatus) async throws -> Response {
        let duties = try req.resourceDuties()
        let estimateID = try estimate.requireID()
        let communeID = estimate.$commune.id
        let lines = try await BudgetLine.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$estimate.$id == estimateID).sort(\.$position).all()
            .sorted { ($0.kind == .revenue ? 0 : 1, $0.position) < ($1.kind == .revenue ? 0 : 1, $1.position) }
        let executions = try await BudgetExecution.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$estimate.$id == estimateID).all()
        let (elapsed, results) = execution(of: estimate, lines: lines, executions: executions, today: ResourcePages.today(req))
        let monthly = Dictionary(grouping: executions, by: { $0.$line.id })
        let own = duties.staff.communeID == communeID
        let rows = try lines.map { line -> LineRow in
            let id = try line.requireID()
            let result = results[id]
            let months = (1...12).map { month in (monthly[id] ?? []).first { $0.month == month }.map { VND.grouped($0.amount) } ?? "" }
            return LineRow(
                id: id.uuidString, kind: line.kind.vietnameseName, kindKey: line.kind.rawValue, code: "\(line.chapter)-\(line.item)", title: line.title, note: line.note,
                proposed: VND.format(line.proposedAmount), submitted: line.submittedAmount.map(VND.format) ?? "Chưa trình",
                approved: line.approvedAmount.map(VND.format) ?? "—", approvedInput: line.submittedAmount.map(VND.grouped) ?? "", isSubmitted: line.submittedAmount != nil,
                executed: VND.format(result?.executed ?? 0), percent: line.approvedAmount == nil ? "—" : (result?.percentText ?? "—"),
                outlook: result?.outlook.vietnameseName ?? "", isFlagged: result?.outlook.isFlagged ?? false,
                runOut: result?.runOutMonth.map { "Hết dự toán vào khoảng tháng \($0)/\(estimate.year)" }, months: months)
        }
        let totals = BudgetLineKind.allCases.map { kind -> TotalRow in
            let ofKind = lines.filter { $0.kind == kind }
            let approved = Money.clampedSum(ofKind.compactMap(\.approvedAmount))
            let executed = Money.clampedSum(ofKind.compactMap { $0.id.flatMap { results[$0]?.executed } })
            return TotalRow(label: "Tổng \(kind.vietnameseName.lowercased())", proposed: VND.format(Money.clampedSum(ofKind.map(\.proposedAmount))),
                            approved: VND.format(approved), executed: VND.format(executed), percent: Money.percentText(executed, of: approved))
        }
        let communeName = try await Commune.find(communeID, on: req.db)?.fullName ?? ""
        // The journal is the estimate's history: every draft change, submission, approval, revision and month recorded.
        let journal = try await AuditEntry.query(on: req.db).filter(\.$communeID == communeID).filter(\.$objectType == "budget_estimate")
            .filter(\.$objectID == estimateID.uuidString).sort(\.$id, .descending).limit(200).all()
        let canRecord = own && estimate.hasBeenApproved && (duties.recordsExecution(of: .expenditure) || duties.recordsExecution(of: .revenue))
        return try await ResourcePages.render(req, "resources/budget", EstimatePage(
            page: try await PageContext.make(for: req, title: "Dự toán ngân sách năm \(estimate.year)"), tabs: ResourcePages.tabs(req),
            title: "Dự toán ngân sách năm \(estimate.year)", commune: communeName, status: estimate.status.vietnameseName, statusKey: estimate.status.rawValue,
            revision: estimate.revision > 0 ? "Điều chỉnh lần \(estimate.revision)" : "", returnReason: estimate.status == .returned ? estimate.returnReason : nil,
            version: estimate.version, lines: rows, hasLines: !rows.isEmpty, totals: totals, monthsElapsed: elapsed,
            monthHeaders: (1...12).map { "T\($0)" },
            canEditLines: own && duties.isCommuneOffice && estimate.status.isEditable,
            canSubmit: own && duties.isCommuneOffice && estimate.status.isEditable && !lines.isEmpty,
            canDecide: own && duties.isLeader && estimate.status == .submitted,
            canRevise: own && duties.isCommuneOffice && estimate.status == .approved,
            canRecord: canRecord, hasFlags: rows.contains(where: \.isFlagged),
            kinds: BudgetLineKind.allCases.map { .init(value: $0.rawValue, label: $0.vietnameseName, isSelected: $0.rawValue == lineForm.kind) },
            editableLines: try lines.map { .init(value: try $0.requireID().uuidString, label: $0.label, isSelected: $0.id?.uuidString == lineForm.lineID) },
            recordableLines: try lines.filter { duties.recordsExecution(of: $0.kind) && $0.approvedAmount != nil }.map { .init(value: try $0.requireID().uuidString, label: "\($0.kind.vietnameseName): \($0.label)", isSelected: false) },
            monthOptions: (1...12).map { .init(value: String($0), label: "Tháng \($0)", isSelected: $0 == min(max(elapsed, 1), 12)) },
            lineForm: lineForm, errors: FormErrors(errors),
            linesPath: ResourcesURL.budgetLines(.value(estimateID)).path, actionPath: ResourcesURL.budgetAction(.value(estimateID)).path,
            approvalPath: ResourcesURL.budgetApproval(.value(estimateID)).path, executionPath: ResourcesURL.budgetExecution(.value(estimateID)).path,
            reportPath: ResourcesURL.report.path,
            history: journal.map { HistoryRow(when: VietnameseFormat.dateTime($0.occurredAt), who: $0.actorUsername, what: $0.summary) }
        ), status: status)
    }

    /// `POST …/dong`: adds a line, or changes the proposed amount of one while the estimate is being drafted or revised.
    static func addLine(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let estimate = try await estimateInScope(req)
        let communeID = estimate.$commune.id
        guard duties.isCommuneOffice, duties.staff.communeID == communeID else { throw AppError.forbidden }
        let form = try req.content.decode(LineForm.self)
        guard estimate.status.isEditable else {
            return try await render(req, estimate: estimate, lineForm: form, errors: ["Dự toán đang ở trạng thái \"\(estimate.status.vietnameseName)\", không sửa được dòng nào."], status: .conflict)
        }
        let estimateID = try estimate.requireID()
        var problems: [String] = []
        var parsedAmount: Int64 = 0
        switch Money.parse(form.amount) {
        case .success(let value): parsedAmount = value
        case .failure(let problem): problems.append(problem.message(field: "Số tiền dự toán"))
        }
        let amount = parsedAmount
        let note = String(form.note.trimmedOrEmpty.prefix(500))
        let actor = duties.staff.username
        if let text = form.lineID, !text.isEmpty {
            guard let lineID = UUID(uuidString: text),
                  let line = try await BudgetLine.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$estimate.$id == estimateID).filter(\.$id == lineID).first() else {
                return try await render(req, estimate: estimate, lineForm: form, errors: ["Dòng cần sửa không thuộc dự toán này."], status: .unprocessableEntity)
            }
            guard problems.isEmpty else { return try await render(req, estimate: estimate, lineForm: form, errors: problems, status: .unprocessableEntity) }
            let before = line.proposedAmount
            try await req.writeTransaction { db in
                line.proposedAmount = amount
                if !note.isEmpty { line.note = note }
                try await line.save(on: db)
                try await req.audit(AuditEvent(action: "budget.line_change", objectType: "budget_estimate", objectID: estimateID.uuidString, communeID: communeID,
                                               summary: "\(line.label): \(VND.format(before)) → \(VND.format(amount))"), on: db)
            }
            return req.redirect(to: Notice.saved.appended(to: ResourcesURL.budget(.value(estimateID)).path))
        }
        let kind = form.kind.flatMap(BudgetLineKind.init(rawValue:))
        if kind == nil { problems.append("Hãy chọn dòng thu hay dòng chi.") }
        var code: BudgetCode?
        switch BudgetCode.validate(chapter: form.chapter.trimmedOrEmpty, item: form.item.trimmedOrEmpty) {
        case .success(let value): code = value
        case .failure(let failure): problems += failure.messages
        }
        let title = form.title.trimmedOrEmpty
        if title.isEmpty || title.count > 300 { problems.append("Cần nội dung của dòng (tối đa 300 ký tự).") }
        if let code, let kind, try await BudgetLine.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$estimate.$id == estimateID)
            .filter(\.$kind == kind).filter(\.$chapter == code.chapter).filter(\.$item == code.item).first() != nil {
            problems.append("Dự toán đã có dòng \(kind.vietnameseName.lowercased()) mã \(code.chapter)-\(code.item); hãy sửa dòng đó.")
        }
        guard problems.isEmpty, let kind, let code else {
            return try await render(req, estimate: estimate, lineForm: form, errors: problems, status: .unprocessableEntity)
        }
        let position = try await BudgetLine.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$estimate.$id == estimateID).count() + 1
        let line = BudgetLine()
        line.$commune.id = communeID
        line.$estimate.id = estimateID
        line.kind = kind
        line.chapter = code.chapter
        line.item = code.item
        line.title = title
        line.note = note
        line.proposedAmount = amount
        line.position = position
        try await req.writeTransaction { db in
            try await line.create(on: db)
            try await req.audit(AuditEvent(action: "budget.line_add", objectType: "budget_estimate", objectID: estimateID.uuidString, communeID: communeID,
                                           summary: "\(kind.vietnameseName) \(line.label): \(VND.format(amount)) (người lập: \(actor))"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: ResourcesURL.budget(.value(estimateID)).path))
    }

    struct ActionForm: Content {
        var action: String?
        var reason: String?
        var version: Int?
    }

    /// `POST …/thao-tac`: submit (office), return with a reason (leader), or open a revision (office).
    static func act(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let estimate = try await estimateInScope(req)
        let communeID = estimate.$commune.id
        guard duties.staff.communeID == communeID, duties.budgetActor != .other else { throw AppError.forbidden }
        let form = try req.content.decode(ActionForm.self)
        guard let action = form.action.flatMap(BudgetAction.init(rawValue:)), action != .approve else {
            return try await render(req, estimate: estimate, lineForm: LineForm(), errors: ["Thao tác không hợp lệ."], status: .unprocessableEntity)
        }
        let reason = form.reason.trimmedOrEmpty
        if action == .returnForChanges, reason.isEmpty {
            return try await render(req, estimate: estimate, lineForm: LineForm(), errors: ["Cần ghi lý do trả lại dự toán."], status: .unprocessableEntity)
        }
        let estimateID = try estimate.requireID()
        let actor = duties.budgetActor
        do {
            try await req.writeTransaction { db in
                guard let locked = try await BudgetEstimate.lockedRow(estimateID, on: db) else { throw AppError.notFound }
                if let version = form.version, version != locked.version {
                    throw BudgetProblem("Dự toán vừa được người khác thay đổi; trang đã được tải lại, hãy kiểm tra rồi thao tác lại.")
                }
                let lines = try await BudgetLine.query(on: db).filter(\.$commune.$id == communeID).filter(\.$estimate.$id == estimateID).all()
                let from = locked.status
                let next = try BudgetWorkflow.next(from: from, action: action, by: actor, lineCount: lines.count).get()
                if action == .submit {
                    for line in lines {
                        line.submittedAmount = line.proposedAmount
                        try await line.save(on: db)
                    }
                }
                locked.status = next
                locked.returnReason = action == .returnForChanges ? reason : nil
                locked.version += 1
                try await locked.save(on: db)
                try await req.audit(AuditEvent(action: "budget.\(action.rawValue)", objectType: "budget_estimate", objectID: estimateID.uuidString, communeID: communeID,
                                               summary: "Dự toán năm \(locked.year): \(from.vietnameseName) → \(next.vietnameseName)\(reason.isEmpty ? "" : " — \(reason)")"), on: db)
            }
        } catch let problem as BudgetProblem {
            return try await render(req, estimate: try await estimateInScope(req), lineForm: LineForm(), errors: [problem.message], status: .conflict)
        }
        return req.redirect(to: Notice.saved.appended(to: ResourcesURL.budget(.value(estimateID)).path))
    }

    struct ApprovalForm: Content {
        var approved: [String: String]?
        var version: Int?
    }

    /// `POST …/phe-duyet`: the leader approves the submitted estimate with the approved amount of each submitted line.
    static func approve(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let estimate = try await estimateInScope(req)
        let communeID = estimate.$commune.id
        // Only the leader approves; the office that drafted the estimate is refused at the door, not by the workflow.
        guard duties.staff.communeID == communeID, duties.budgetActor == .communeLeader else { throw AppError.forbidden }
        let form = try req.content.decode(ApprovalForm.self)
        let estimateID = try estimate.requireID()
        let actor = duties.budgetActor
        let username = duties.staff.username
        let now = req.now
        do {
            try await req.writeTransaction { db in
                guard let locked = try await BudgetEstimate.lockedRow(estimateID, on: db) else { throw AppError.notFound }
                if let version = form.version, version != locked.version {
                    throw BudgetProblem("Dự toán vừa được người khác thay đổi; trang đã được tải lại, hãy kiểm tra rồi phê duyệt lại.")
                }
                let lines = try await BudgetLine.query(on: db).filter(\.$commune.$id == communeID).filter(\.$estimate.$id == estimateID).all()
                let next = try BudgetWorkflow.next(from: locked.status, action: .approve, by: actor, lineCount: lines.count).get()
                let states = try lines.map { BudgetLineState(id: try $0.requireID().uuidString, label: $0.label, submittedAmount: $0.submittedAmount) }
                let amounts: [String: Int64]
                switch BudgetApproval.approvedAmounts(lines: states, entries: form.approved ?? [:]) {
                case .success(let value): amounts = value
                case .failure(let failure): throw BudgetProblems(messages: failure.messages)
                }
                var changes: [String] = []
                for line in lines {
                    if let amount = amounts[try line.requireID().uuidString] {
                        changes.append("\(line.chapter)-\(line.item): \(line.approvedAmount.map { VND.format($0) + " → " } ?? "")\(VND.format(amount))")
                        line.approvedAmount = amount
                        try await line.save(on: db)
                    }
                }
                if locked.approvedAt != nil { locked.revision += 1 }
                locked.status = next
                locked.approvedBy = username
                locked.approvedAt = now
                locked.returnReason = nil
                locked.version += 1
                try await locked.save(on: db)
                let total = Money.clampedSum(lines.filter { $0.kind == .expenditure }.compactMap(\.approvedAmount))
                try await req.audit(AuditEvent(action: "budget.approve", objectType: "budget_estimate", objectID: estimateID.uuidString, communeID: communeID,
                                               summary: "Phê duyệt dự toán năm \(locked.year)\(locked.revision > 0 ? " (điều chỉnh lần \(locked.revision))" : ""): tổng chi \(VND.format(total)); \(changes.joined(separator: "; "))"), on: db)
            }
        } catch let problem as BudgetProblem {
            return try await render(req, estimate: try await estimateInScope(req), lineForm: LineForm(), errors: [problem.message], status: .conflict)
        } catch let problems as BudgetProblems {
            return try await render(req, estimate: try await estimateInScope(req), lineForm: LineForm(), errors: problems.messages, status: .unprocessableEntity)
        }
        return req.redirect(to: Notice.saved.appended(to: ResourcesURL.budget(.value(estimateID)).path))
    }

    /// Several refusals at once, thrown out of a transaction so that nothing is saved.
    struct BudgetProblems: Error {
        let messages: [String]
    }

    struct ExecutionForm: Content {
        var lineID: String?
        var month: String?
        var amount: String?
    }

    /// `POST …/thuc-hien`: the amount collected or spent on a line in a month (replacing an earlier figure).
    static func recordExecution(req: Request) async throws -> Response {
        let duties = try req.resourceDuties()
        let estimate = try await estimateInScope(req)
        let communeID = estimate.$commune.id
        guard duties.staff.communeID == communeID, duties.recordsExecution(of: .revenue) || duties.recordsExecution(of: .expenditure) else { throw AppError.forbidden }
        let form = try req.content.decode(ExecutionForm.self)
        let estimateID = try estimate.requireID()
        guard estimate.hasBeenApproved else {
            return try await render(req, estimate: estimate, lineForm: LineForm(), errors: ["Dự toán chưa được phê duyệt nên chưa ghi số thực hiện."], status: .conflict)
        }
        var problems: [String] = []
        let line = try await form.lineID.flatMap(UUID.init(uuidString:)).asyncMap { id in
            try await BudgetLine.query(on: req.db).filter(\.$commune.$id == communeID).filter(\.$estimate.$id == estimateID).filter(\.$id == id).first()
        } ?? nil
        if line == nil { problems.append("Hãy chọn một dòng của dự toán này.") }
        if let line, !duties.recordsExecution(of: line.kind) {
            problems.append(line.kind == .expenditure ? "Số chi do Văn phòng HĐND–UBND ghi." : "Số thu do Phòng Kinh tế hoặc Văn phòng HĐND–UBND ghi.")
        }
        if let line, line.approvedAmount == nil { problems.append("Dòng \"\(line.label)\" chưa có số phê duyệt.") }
        let month = Int(form.month.trimmedOrEmpty)
        if month == nil || !(1...12).contains(month ?? 0) { problems.append("Tháng phải từ 1 đến 12.") }
        var parsedAmount: Int64 = 0
        switch Money.parse(form.amount) {
        case .success(let value): parsedAmount = value
        case .failure(let problem): problems.append(problem.message(field: "Số thực hiện trong tháng"))
        }
        let amount = parsedAmount
        guard problems.isEmpty, let line, let month else {
            return try await render(req, estimate: estimate, lineForm: LineForm(), errors: problems, status: .unprocessableEntity)
        }
        let lineID = try line.requireID()
        let username = duties.staff.username
        let now = req.now
        try await req.writeTransaction { db in
            let existing = try await BudgetExecution.query(on: db).filter(\.$commune.$id == communeID).filter(\.$line.$id == lineID).filter(\.$month == month).first()
            let entry = existing ?? BudgetExecution()
            let before = existing?.amount
            entry.$commune.id = communeID
            entry.$estimate.id = estimateID
            entry.$line.id = lineID
            entry.month = month
            entry.amount = amount
            entry.recordedBy = username
            entry.recordedAt = now
            try await entry.save(on: db)
            try await req.audit(AuditEvent(action: "budget.execution", objectType: "budget_estimate", objectID: estimateID.uuidString, communeID: communeID,
                                           summary: "\(line.label), tháng \(month)/\(estimate.year): \(before.map { VND.format($0) + " → " } ?? "")\(VND.format(amount))"), on: db)
        }
        return req.redirect(to: Notice.saved.appended(to: ResourcesURL.budget(.value(estimateID)).path))
    }
}

import Fluent
import Foundation
import MotCuaCore
import Vapor

/// A few hundred demo dossiers in every status, received since 1/7/2025 in the demo communes, made by driving the real
/// rules so that every stored status equals the replay of its history. Deterministic: the same seed gives the same data.
enum DemoDossiers {
    static let startOfTwoTierModel = LocalDateTime(date: CivilDate(year: 2025, month: 7, day: 1)!, hour: 8)!.instant

    private static let familyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
    private static let middleNames = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh"]
    private static let givenNames = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phương", "Quân", "Sơn", "Trang", "Tuấn", "Yến"]
    private static let villages = ["thôn Đông Cầu", "thôn Phú Thị", "thôn Xuân Cầu", "thôn Nghĩa Trai", "thôn Đại Hưng", "thôn Mễ Sở"]

    /// The path a demo dossier takes, chosen by chance and cut short where its time runs past now.
    private enum Path: CaseIterable {
        case returned, returnedLate, apologised, supplemented, refused, stopped, inProcess
    }

    /// Adds `perCommune` dossiers to each commune (the first commune gets three times as many).
    static func seed(perCommune: Int, now: Date, app: Application, on db: any Database) async throws -> Int {
        var generator = SplitMix64(seed: 20250701)
        let calendar = try await CalendarStore.load(on: db)
        let catalog = try await CatalogStore.loadCatalog(on: db)
        // Civil status and certification: what a commune desk handles most, all with the office's specialists.
        let procedures = catalog.procedures.filter { $0.department == .officeOfCouncilAndCommittee }
        guard !procedures.isEmpty else { return 0 }
        let procedureRows = try await Dictionary(CatalogProcedure.query(on: db).all().map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var created = 0
        for (index, commune) in try await Commune.query(on: db).sort(\.$agencyIdentifier).all().enumerated() {
            let communeID = try commune.requireID()
            let officers = try await Officer.query(on: db).filter(\.$commune.$id == communeID).all()
            let office = try await Department.query(on: db).filter(\.$commune.$id == communeID).filter(\.$kind == .officeOfCouncilAndCommittee).first()
            func actor(_ role: Role) -> (DossierActor, Officer?) {
                // Heads and specialists come from the office, which handles every demo procedure.
                let inOffice: Set<Role> = [.departmentHead, .specialist]
                let officer = officers.first { $0.roles.contains(role) && (!inOffice.contains(role) || $0.$department.id == office?.id) }
                return (DossierActor(username: officer?.username ?? role.rawValue, roles: [role]), officer)
            }
            let count = index == 0 ? perCommune * 3 : perCommune
            var sequences: [String: Int] = [:]
            // Every other dossier of the "stopped" path is instead refused by the department during processing, chosen
            // without drawing from the generator so that the rest of the demo stays as it was.
            var endedDuringProcessing = 0
            for _ in 0..<count {
                let procedure = procedures[Int.random(in: 0..<procedures.count, using: &generator)]
                guard let row = procedureRows[procedure.code] else { continue }
                // A third of the dossiers arrived in the last two weeks, so that queues hold work in every status.
                let isRecent = Int.random(in: 0..<3, using: &generator) == 0
                var clock = randomWorkingInstant(after: isRecent ? now.addingTimeInterval(-14 * 86_400) : startOfTwoTierModel, before: now, calendar: calendar, using: &generator)
                let path = Path.allCases[Int.random(in: 0..<Path.allCases.count, using: &generator)]
                let terms = DossierTerms(processingTime: procedure.processingTime, cutOffHour: procedure.cutOffHour, verificationExtraWorkingDays: procedure.verificationExtraWorkingDays, channel: .counter)
                var plan: [(DossierCommand, Role)] = []
                switch path {
                case .refused: plan = [(.refuse(reason: "Thủ tục không thuộc thẩm quyền giải quyết của UBND xã."), .counterOfficer)]
                case .supplemented:
                    plan = [(.requestSupplement(missing: [procedure.requiredDocuments.last?.name ?? "Giấy tờ chứng minh"], reason: "Thiếu giấy tờ"), .counterOfficer)]
                    if !isRecent { plan.append((.provideSupplement, .counterOfficer)) }
                default: plan = [(.receive, .counterOfficer)]
                }
                if path != .refused && !(path == .supplemented && isRecent) {
                    let specialist = actor(.specialist).0.username
                    plan += [(.forward, .counterOfficer), (.assign(assignee: specialist), .departmentHead), (.startReview, .specialist)]
                    if path == .stopped {
                        endedDuringProcessing += 1
                        plan.append(endedDuringProcessing.isMultiple(of: 2)
                            ? (.refuseDuringProcessing(reason: "Giấy tờ kèm theo không chứng minh được nội dung đề nghị, nên hồ sơ không đủ điều kiện giải quyết theo quy định."), .departmentHead)
                            : (.stop(reason: "Người nộp có đơn đề nghị dừng giải quyết."), .counterOfficer))
                    }
                    if path != .stopped {
                        plan.append((.propose(note: "Đủ điều kiện giải quyết."), .specialist))
                        plan += [(.approve, .communeLeader), (.returnResult(method: .inPerson), .counterOfficer)]
                    }
                    if path == .inProcess {
                        // Work in progress stops somewhere between the desk and the result.
                        plan = Array(plan.prefix(Int.random(in: 1...(plan.count - 1), using: &generator)))
                    }
                }
                var state = DossierState.initial
                var events: [(DossierCommand, DossierActor, Date, DossierStatus, DossierStatus)] = []
                for (step, (command, role)) in plan.enumerated() {
                    var command = command
                    if step > 0 {
                        // Steps take hours; the late path waits past the due time before approval.
                        let ordinary = procedure.processingTime == .sameDay ? Double(Int.random(in: 5...40, using: &generator)) / 60 : Double(Int.random(in: 1...9, using: &generator))
                        let hours = path == .returnedLate && command.action == .approve ? 24.0 * 9 : ordinary
                        clock = nextWorkingInstant(clock.addingTimeInterval(hours * 3600), calendar: calendar)
                    }
                    if path == .apologised, command.action == .propose, let due = state.dueAt, let dueDay = LocalDateTime(due)?.date,
                       let today = LocalDateTime(clock)?.date, let ahead = calendar.workingDays(from: today, to: dueDay), ahead >= 1,
                       let newDay = calendar.addingWorkingDays(3, to: dueDay) {
                        let apology = DossierCommand.issueApology(reason: "Chờ cơ quan khác cung cấp thông tin.", newDueDate: newDay)
                        if let next = try? DossierRules.apply(apology, to: state, by: actor(.departmentHead).0, at: clock, terms: terms, calendar: calendar) {
                            events.append((apology, actor(.departmentHead).0, clock, state.status, next.status))
                            state = next
                            clock = nextWorkingInstant(clock.addingTimeInterval(3600), calendar: calendar)
                        }
                    }
                    guard clock < now else { break }
                    if case .assign = command { command = .assign(assignee: actor(.specialist).0.username) }
                    let who = actor(role).0
                    guard let next = try? DossierRules.apply(command, to: state, by: who, at: clock, terms: terms, calendar: calendar) else { break }
                    events.append((command, who, clock, state.status, next.status))
                    state = next
                }
                guard let first = events.first, let day = LocalDateTime(first.2)?.date else { continue }
                let dayKey = DossierCode.dayKey(day)
                sequences[dayKey, default: 0] += 1
                guard let code = DossierCode.make(agencyIdentifier: commune.agencyIdentifier, receivedOn: day, sequence: sequences[dayKey] ?? 1) else { continue }
                let dossier = Dossier()
                dossier.$commune.id = communeID
                dossier.$procedure.id = try row.requireID()
                dossier.$department.id = office?.id
                dossier.$receivedBy.id = actor(.counterOfficer).1?.id
                dossier.$assignee.id = state.assignee.flatMap { name in officers.first { $0.username == name }?.id }
                dossier.version = events.count
                dossier.code = code.description
                dossier.procedureCode = procedure.code
                dossier.procedureName = procedure.name
                dossier.field = procedure.field.rawValue
                dossier.channel = IntakeChannel.counter.rawValue
                dossier.applicantKind = Applicant.Kind.person.rawValue
                dossier.applicantName = [familyNames, middleNames, givenNames].map { $0[Int.random(in: 0..<$0.count, using: &generator)] }.joined(separator: " ")
                dossier.applicantIDNumber = String(format: "0%02d%09d", Int.random(in: 1...96, using: &generator), Int.random(in: 0...999_999_999, using: &generator))
                dossier.applicantPhone = String(format: "09%08d", Int.random(in: 0...99_999_999, using: &generator))
                dossier.applicantAddress = "\(villages[Int.random(in: 0..<villages.count, using: &generator)]), \(commune.fullName.lowercasedFirstWord), tỉnh Hưng Yên"
                dossier.copies = 1
                dossier.feeAmount = procedure.feeAmount(pages: 2, copies: 1, cases: 1, provinceFees: nil) ?? 0
                dossier.processingDays = procedure.processingTime.workingDayCount
                dossier.cutOffHour = procedure.cutOffHour
                dossier.verificationDays = procedure.verificationExtraWorkingDays
                dossier.apply(state)
                try await dossier.create(on: db)
                try await ReportSummaries.record(from: nil, to: dossier, on: db)
                let dossierID = try dossier.requireID()
                for document in procedure.requiredDocuments {
                    let row = DossierDocument()
                    row.$dossier.id = dossierID
                    row.communeID = communeID
                    row.name = document.name
                    row.form = document.form.rawValue
                    row.count = document.copies
                    row.isReceived = true
                    try await row.create(on: db)
                }
                // The same writer as the desk's: each step gets its history event and its audit journal entry.
                for (index, event) in events.enumerated() {
                    let officer = officers.first { $0.username == event.1.username }
                    let acting = DossierService.Acting(
                        actor: event.1,
                        audit: AuditActor(officerID: officer?.id, username: event.1.username, role: event.1.recordedRole, communeID: communeID, clientAddress: "demo"),
                        officerID: officer?.id,
                        unitName: event.1.roles.contains(.counterOfficer) ? "Trung tâm Phục vụ hành chính công" : (office?.name ?? commune.fullName)
                    )
                    try await DossierService.recordEvent(
                        event.0, from: index == 0 ? nil : event.3, to: event.4, sequence: index + 1, dossier: dossier,
                        by: acting, at: event.2, notice: .withhold, on: db
                    )
                }
                created += 1
            }
            for (day, last) in sequences {
                let counter = DossierSequence()
                counter.communeID = communeID
                counter.day = day
                counter.lastValue = last
                try await counter.create(on: db)
            }
        }
        return created
    }

    /// A random instant in office hours on a working day between the two instants.
    private static func randomWorkingInstant(after start: Date, before end: Date, calendar: WorkingDayCalendar, using generator: inout SplitMix64) -> Date {
        let span = max(end.timeIntervalSince(start), 3600)
        let candidate = start.addingTimeInterval(Double.random(in: 0..<span, using: &generator))
        return nextWorkingInstant(candidate, calendar: calendar)
    }

    /// The instant itself when it falls in office hours (08:00–16:30) of a working day, else 08:00 of the next working day.
    private static func nextWorkingInstant(_ instant: Date, calendar: WorkingDayCalendar) -> Date {
        guard let local = LocalDateTime(instant) else { return instant }
        if calendar.isWorkingDay(local.date), (8...16).contains(local.hour), !(local.hour == 16 && local.minute > 30) { return instant }
        let day = local.hour < 8 && calendar.isWorkingDay(local.date) ? local.date : (calendar.nextWorkingDay(after: local.date) ?? local.date)
        return LocalDateTime(date: day, hour: 8, minute: local.minute % 50)?.instant ?? instant
    }
}

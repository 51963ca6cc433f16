import Foundation
import MotCuaCore
import SQLKit

/// The rows of one generated commune: its year of dossiers with their histories, documents and ratings, the queue
/// tickets of its service center, its fault reports, and the report summaries of all of it.
enum BenchCommuneWriter {
    /// What every commune shares.
    struct Context: Sendable {
        let parameters: BenchGenerator.Parameters
        let calendar: WorkingDayCalendar
        let catalog: ProcedureCatalog
        let procedureIDs: [String: UUID]
        let provinceFees: ProvinceFeeTable?
        let workingDays: [CivilDate]
    }

    /// The rows of one commune, ready to write.
    struct Batch: Sendable {
        var dossiers = BulkInsert(table: Dossier.schema, columns: dossierColumns)
        var events = BulkInsert(table: DossierEventRecord.schema, columns: ["id", "commune_id", "dossier_id", "sequence", "action", "from_status", "to_status", "occurred_at", "actor_id", "actor_username", "actor_role", "actor_unit", "note", "payload"])
        var documents = BulkInsert(table: DossierDocument.schema, columns: ["id", "commune_id", "dossier_id", "name", "form", "count", "is_received", "created_at"])
        var sequences = BulkInsert(table: DossierSequence.schema, columns: ["id", "commune_id", "day", "last_value"])
        var ratings = BulkInsert(table: DossierRating.schema, columns: ["id", "commune_id", "dossier_id", "dossier_code", "level", "comment", "created_at"])
        var tickets = BulkInsert(table: QueueTicket.schema, columns: ["id", "commune_id", "day", "number", "service_key", "field_key", "service_name", "priority_reason", "channel", "status", "taken_at", "first_called_at", "called_at", "finished_at", "recall_count", "transfer_count", "called_by", "dossier_code", "counter_id", "dossier_id"])
        var ticketSequences = BulkInsert(table: QueueTicketSequence.schema, columns: ["id", "commune_id", "day", "block", "last_value"])
        var counterRatings = BulkInsert(table: CounterRating.schema, columns: ["id", "commune_id", "ticket_id", "counter_id", "dossier_id", "level", "created_at"])
        var serviceRequests = BulkInsert(table: ServiceRequest.schema, columns: ["id", "commune_id", "service_type_id", "code", "token_hash", "status", "description", "address", "latitude", "longitude", "reporter_name", "reporter_phone", "answers_json", "channel", "requested_at", "updated_at", "expected_at", "finished_at", "fixed_at", "version"])
        var serviceUpdates = BulkInsert(table: ServiceRequestUpdate.schema, columns: ["id", "commune_id", "service_request_id", "status", "note", "author", "officer_username", "at"])
        var serviceSequences = BulkInsert(table: ServiceRequestNumbering.schema, columns: ["id", "commune_id", "year", "last_value"])
        var dailyFigures = BulkInsert(table: ReportSummaries.figuresTable, columns: ReportSummaries.keyColumns + Measure.allCases.map(\.rawValue))
        var monthlyFigures = BulkInsert(table: ReportSummaries.monthlyTable, columns: ["commune_id", "month"] + Measure.allCases.map(\.rawValue))
        var processingHours = BulkInsert(table: ReportSummaries.hoursTable, columns: ReportSummaries.keyColumns + ["hours", "results"])

        /// Writes the tables in an order the foreign keys accept.
        func write(on database: any SQLDatabase) async throws {
            for table in [dossiers, events, documents, sequences, ratings, tickets, ticketSequences, counterRatings, serviceRequests, serviceUpdates, serviceSequences, dailyFigures, monthlyFigures, processingHours] {
                try await table.write(on: database)
            }
        }
    }

    static let dossierColumns = [
        "id", "commune_id", "procedure_id", "department_id", "assignee_id", "received_by_id", "version", "code", "procedure_code", "procedure_name",
        "field", "channel", "status", "national_status", "applicant_kind", "applicant_name", "applicant_id_number", "applicant_phone", "applicant_email",
        "applicant_address", "representative_name", "representative_id_number", "authorisation_document", "copies", "fee_amount", "received_at",
        "due_at", "original_due_at", "working_days_left_when_stopped", "completed_at", "returned_at", "timeliness", "processing_days", "cut_off_hour", "verification_days",
        "assignee_username", "verification_extended", "supplement_requested", "apology_issued", "result_issued", "return_method", "created_at", "updated_at",
    ]

    /// How often each field comes to a commune's desk: certification and civil status are most of the work.
    static func weight(of field: ProcedureDefinition.Field) -> Int {
        switch field.rawValue {
        case "certification": 30
        case "civil_status": 25
        case "land", "social_protection": 6
        default: 2
        }
    }

    /// Statuses that every generated database holds at least once (the first commune makes sure of it).
    static let heldStatuses: [DossierStatus] = [
        .new, .received, .supplementRequested, .forwarded, .assigned, .underReview, .pausedForVerification, .awaitingApproval,
        .returnedForRework, .resultReady, .paymentRequested, .refused, .withdrawn, .stopped, .refusedDuringProcessing, .returned,
    ]

    /// Generates one commune; `firstNumber` is the running number of its first dossier across the province.
    static func generate(commune: BenchOrganisation.GeneratedCommune, dossierCount: Int, firstNumber: Int, context: Context) -> Batch {
        let seed = context.parameters.seed
        var random = SplitMix64(seed: seed &+ UInt64(commune.index) &* 0x1000_0000_01B3)
        var batch = Batch()
        let now = context.parameters.now
        let calendar = context.calendar
        let days = context.workingDays
        guard !days.isEmpty else { return batch }

        // Which procedures, by weight.
        let procedures = context.catalog.procedures.filter { context.procedureIDs[$0.code] != nil }
        var weighted: [Int] = []
        for (index, procedure) in procedures.enumerated() { weighted += Array(repeating: index, count: weight(of: procedure.field)) }
        guard !weighted.isEmpty else { return batch }

        // How many dossiers each working day, then the intake instants of each day in order.
        var perDay = Array(repeating: 0, count: days.count)
        for _ in 0..<dossierCount { perDay[Int(random.next() % UInt64(days.count))] += 1 }

        var contribution = FigureContribution()
        var payloads: [String: String] = [:]
        let encoder = JSONEncoder()
        // The same keys in the same order on every run: the payload is part of what the seed fixes.
        encoder.outputFormatting = .sortedKeys
        var number = firstNumber
        // Running numbers of the other rows start at the commune's own range, so that ids rise commune after commune.
        let communeBase = commune.index << 28
        var eventNumber = communeBase
        var documentNumber = communeBase
        var ticketNumber = communeBase
        var heldIndex = 0
        // Dossiers that must stop at a given status are taken from the recent past, where their steps still fit.
        let holdFromDay = max(0, days.count - 25)

        for (dayIndex, day) in days.enumerated() where perDay[dayIndex] > 0 {
            let opening = LocalDateTime(date: day, hour: 7, minute: 30)?.instant ?? now
            // The desk works 7:30–16:30; on the last day only until the reference time.
            let span = UInt64(max(60, min(9 * 3600, now.timeIntervalSince(opening))))
            var instants = (0..<perDay[dayIndex]).map { _ in opening.addingTimeInterval(Double(random.next() % span)) }
            instants.sort()
            let dayKey = DossierCode.dayKey(day)
            var sequence = 0
            var ticketSequence: [Int: Int] = [:]
            for receivedAt in instants where receivedAt < now {
                sequence += 1
                number += 1
                let procedure = procedures[weighted[Int(random.next() % UInt64(weighted.count))]]
                guard let code = DossierCode.make(agencyIdentifier: commune.agencyIdentifier, receivedOn: day, sequence: sequence) else { continue }
                let roll = random.next() % 1000
                let channelRoll = random.next() % 100
                var plan = BenchDossierSimulation.Plan(channel: channelRoll < 55 ? .counter : channelRoll < 95 ? .online : .post)
                plan.refuseAtIntake = roll < 15
                plan.supplementAtIntake = (15..<75).contains(roll)
                plan.supplementAnswered = random.next() % 10 < 8
                plan.withdraw = (75..<80).contains(roll) || (plan.supplementAtIntake && !plan.supplementAnswered && random.next() % 4 == 0)
                plan.stopDuringProcessing = (80..<83).contains(roll)
                plan.refuseDuringProcessing = (83..<85).contains(roll)
                plan.pauseForVerification = (85..<110).contains(roll)
                plan.sendBack = (110..<140).contains(roll)
                plan.askPayment = random.next() % 3 == 0
                let late = random.next() % 100 < 7
                plan.apologise = late && random.next() % 2 == 0
                plan.approvalFraction = late ? Double.random(in: 1.05...1.6, using: &random) : Double.random(in: 0.15...0.95, using: &random)
                if commune.index == 1, dayIndex >= holdFromDay, heldIndex < heldStatuses.count, random.next() % 3 == 0 {
                    let hold = heldStatuses[heldIndex]
                    heldIndex += 1
                    plan = BenchDossierSimulation.Plan(channel: hold == .new ? .online : .counter)
                    plan.holdAt = hold
                    plan.approvalFraction = 0.2
                    plan.refuseAtIntake = hold == .refused
                    plan.supplementAtIntake = hold == .supplementRequested
                    plan.supplementAnswered = hold != .supplementRequested
                    plan.withdraw = hold == .withdrawn
                    plan.stopDuringProcessing = hold == .stopped
                    plan.refuseDuringProcessing = hold == .refusedDuringProcessing
                    plan.pauseForVerification = hold == .pausedForVerification
                    plan.sendBack = hold == .returnedForRework
                    plan.askPayment = hold == .paymentRequested
                }
                let fee = procedure.feeAmount(pages: 1, copies: 1, cases: 1, provinceFees: context.provinceFees) ?? 0
                let terms = DossierTerms(processingTime: procedure.processingTime, cutOffHour: procedure.cutOffHour, verificationExtraWorkingDays: procedure.verificationExtraWorkingDays, channel: plan.channel)
                let applicantName = BenchNames.person(number)
                let historyName = "congdan-" + String(format: "%08x", UInt32(truncatingIfNeeded: number &* 2_654_435_761))
                var simulation = BenchDossierSimulation(
                    terms: terms, calendar: calendar, now: now, staff: commune.staff, departmentKind: procedure.department.rawValue,
                    feeAmount: fee > 0 ? fee : 50_000, missingDocument: procedure.requiredDocuments.first?.name ?? "Tờ khai"
                )
                simulation.run(from: receivedAt, applicantHistoryName: historyName, plan: plan, random: &random)
                guard !simulation.steps.isEmpty else { continue }
                let state = simulation.state
                let dossierID = BenchIdentifiers.uuid(.dossier, number, seed: seed)
                let unit = commune.staff.departments[procedure.department.rawValue] ?? commune.staff.departments.values.first
                let departmentID = unit?.id
                // `Dossier.apply`: timeliness once a result exists.
                var timeliness: String? = nil
                if let completedAt = state.completedAt, let dueAt = state.dueAt {
                    timeliness = Timeliness.of(completedAt: completedAt, dueAt: dueAt, apologyIssued: state.apologyIssued).rawValue
                }
                let assigned = state.assignee.flatMap { username in unit?.specialists.first { $0.username == username } }
                let receivedBy: UUID? = plan.channel == .online ? simulation.steps.first { $0.command.action == .receive }?.actor?.id : simulation.receiver?.id
                let kind = random.next() % 10 == 0 ? "organisation" : "person"
                let phone = String(format: "09%08d", Int(random.next() % 100_000_000))
                let idNumber = String(format: "0%02d%09d", 33, Int(random.next() % 1_000_000_000))
                let firstAt = simulation.steps[0].at
                let lastAt = simulation.steps[simulation.steps.count - 1].at
                batch.dossiers.append([
                    dossierID, commune.id, context.procedureIDs[procedure.code], departmentID, assigned?.id, receivedBy, simulation.steps.count,
                    code.description, procedure.code, procedure.name, procedure.field.rawValue, plan.channel.rawValue, state.status.rawValue,
                    state.status.nationalStatus.rawValue, kind, applicantName, idNumber, phone, Optional<String>.none,
                    "Thôn \(Int(random.next() % 12) + 1), \(commune.fullName), tỉnh Hưng Yên", Optional<String>.none, Optional<String>.none, Optional<String>.none,
                    1, fee, state.receivedAt, state.dueAt, state.originalDueAt, state.workingDaysLeftWhenStopped, state.completedAt, state.returnedAt, timeliness,
                    procedure.processingTime.workingDayCount, procedure.cutOffHour, procedure.verificationExtraWorkingDays, state.assignee,
                    state.verificationExtended, state.supplementRequested, state.apologyIssued, state.resultIssued, state.returnMethod?.rawValue, firstAt, lastAt,
                ])
                for (position, step) in simulation.steps.enumerated() {
                    eventNumber += 1
                    let note = step.command.note
                    let cacheKey = step.command.action.rawValue + "|" + (note ?? "")
                    let payload: String
                    if let cached = payloads[cacheKey] {
                        payload = cached
                    } else {
                        payload = String(decoding: (try? encoder.encode(step.command)) ?? Data(), as: UTF8.self)
                        payloads[cacheKey] = payload
                    }
                    let username = step.actor?.username ?? step.applicantName ?? ""
                    let role = step.actor?.actor.recordedRole ?? DossierActor.applicantRole
                    let unitName = step.actor?.unitName ?? "Người nộp hồ sơ trực tuyến"
                    batch.events.append([
                        BenchIdentifiers.uuid(.event, eventNumber, seed: seed), commune.id, dossierID, position + 1, step.command.action.rawValue,
                        step.from?.rawValue, step.to.rawValue, step.at, step.actor?.id, username, role, unitName, note, payload,
                    ])
                }
                let missing = plan.supplementAtIntake && !plan.supplementAnswered ? procedure.requiredDocuments.first?.name : nil
                for document in procedure.requiredDocuments {
                    documentNumber += 1
                    batch.documents.append([
                        BenchIdentifiers.uuid(.document, documentNumber, seed: seed), commune.id, dossierID, document.name, document.form.rawValue,
                        document.copies, document.name != missing, firstAt,
                    ])
                }
                if state.status == .returned, let returnedAt = state.returnedAt, random.next() % 10 < 3 {
                    let ratedAt = returnedAt.addingTimeInterval(Double(3600 + random.next() % (72 * 3600)))
                    if ratedAt < now {
                        let levelRoll = random.next() % 20
                        batch.ratings.append([
                            BenchIdentifiers.uuid(.rating, number, seed: seed), commune.id, dossierID, code.description,
                            levelRoll < 12 ? 5 : levelRoll < 17 ? 4 : levelRoll < 19 ? 3 : 2, Optional<String>.none, ratedAt,
                        ])
                    }
                }
                // The counter visitor's ticket, when a counter serves the dossier's field.
                let service = FloorService.field(procedure.field)
                if plan.channel == .counter, let line = commune.lines[service.key] {
                    let next = (ticketSequence[line.block] ?? 0) + 1
                    if let ticketValue = TicketNumbering.number(block: line.block, sequence: next) {
                        ticketSequence[line.block] = next
                        ticketNumber += 1
                        let ticketID = BenchIdentifiers.uuid(.ticket, ticketNumber, seed: seed)
                        let calledAt = receivedAt.addingTimeInterval(-Double(120 + random.next() % 600))
                        let takenAt = calledAt.addingTimeInterval(-Double(60 + random.next() % 1800))
                        let counterOfficer = simulation.receiver?.username ?? commune.staff.counterOfficers[0].username
                        batch.tickets.append([
                            ticketID, commune.id, day.isoString, ticketValue, service.key, procedure.field.rawValue, FloorQueue.name(of: service, catalog: context.catalog),
                            random.next() % 10 == 0 ? PriorityReason.allCases[0].rawValue : nil, random.next() % 4 == 0 ? "phone" : "kiosk", QueueTicketStatus.done.rawValue,
                            takenAt, calledAt, calledAt, receivedAt.addingTimeInterval(Double(60 + random.next() % 300)), 0, 0, counterOfficer, code.description, line.counterID, dossierID,
                        ])
                        if random.next() % 10 < 3 {
                            let levelRoll = random.next() % 20
                            batch.counterRatings.append([
                                BenchIdentifiers.uuid(.counterRating, ticketNumber, seed: seed), commune.id, ticketID, line.counterID, dossierID,
                                levelRoll < 11 ? 5 : levelRoll < 17 ? 4 : levelRoll < 19 ? 3 : 2, receivedAt.addingTimeInterval(400),
                            ])
                        }
                    }
                }
                // What `ReportSummaries.fact(of:)` reads from the stored dossier.
                contribution.merge(FigureContribution(DossierFact(
                    intakeDay: day, channel: plan.channel, procedureCode: procedure.code, field: procedure.field.rawValue,
                    departmentKey: departmentID?.uuidString.lowercased() ?? "", officer: state.assignee ?? "", state: state
                )))
            }
            if sequence > 0 {
                batch.sequences.append([BenchIdentifiers.uuid(.sequence, number, seed: seed), commune.id, dayKey, sequence])
            }
            for (block, last) in ticketSequence.sorted(by: { $0.key < $1.key }) {
                batch.ticketSequences.append([BenchIdentifiers.uuid(.sequence, (1 << 40) + number * 16 + block, seed: seed), commune.id, day.isoString, block, last])
            }
        }
        appendSummaries(contribution, communeID: commune.id, to: &batch)
        appendServiceRequests(commune: commune, count: max(5, dossierCount / 30), context: context, random: &random, to: &batch)
        return batch
    }

    /// The summary rows of a commune: what `ReportSummaries.apply` would have added up, dossier by dossier.
    private static func appendSummaries(_ contribution: FigureContribution, communeID: UUID, to batch: inout Batch) {
        var months: [String: FigureCounts] = [:]
        for (key, counts) in contribution.counts.sorted(by: { ($0.key.day, $0.key.procedureCode, $0.key.departmentKey, $0.key.officer) < ($1.key.day, $1.key.procedureCode, $1.key.departmentKey, $1.key.officer) }) where !counts.isZero {
            batch.dailyFigures.append([communeID, key.day.isoString, key.procedureCode, key.field, key.departmentKey, key.officer] + Measure.allCases.map { counts[$0] })
            months[String(key.day.isoString.prefix(7)), default: FigureCounts()] += counts
        }
        for (month, counts) in months.sorted(by: { $0.key < $1.key }) where !counts.isZero {
            batch.monthlyFigures.append([communeID, month] + Measure.allCases.map { counts[$0] })
        }
        for (key, results) in contribution.hours where results != 0 {
            batch.processingHours.append([communeID, key.figure.day.isoString, key.figure.procedureCode, key.figure.field, key.figure.departmentKey, key.figure.officer, key.hours, results])
        }
    }

    /// A year of fault reports: older ones fixed and closed, recent ones still open or in progress.
    private static func appendServiceRequests(commune: BenchOrganisation.GeneratedCommune, count: Int, context: Context, random: inout SplitMix64, to batch: inout Batch) {
        guard !commune.serviceTypes.isEmpty else { return }
        let seed = context.parameters.seed
        let now = context.parameters.now
        let yearStart = now.addingTimeInterval(-365 * 86_400)
        var instants = (0..<count).map { _ in yearStart.addingTimeInterval(Double(random.next() % (365 * 86_400))) }
        instants.sort()
        var numbers: [Int: Int] = [:]
        let flow: [(ServiceRequestStatus, String, Double)] = [
            (.acknowledged, "Đã chuyển bộ phận phụ trách.", 3), (.inProgress, "Tổ kỹ thuật đang xử lý.", 30), (.fixed, "Đã khắc phục xong.", 70), (.closed, "Người phản ánh xác nhận đã khắc phục.", 200),
        ]
        for requestedAt in instants {
            let type = commune.serviceTypes[Int(random.next() % UInt64(commune.serviceTypes.count))]
            let year = LocalDateTime(requestedAt)?.date.year ?? 2026
            let value = (numbers[year] ?? 0) + 1
            numbers[year] = value
            let serial = commune.index * 1_000_000 + year * 100 + value
            let requestID = BenchIdentifiers.uuid(.serviceRequest, serial, seed: seed)
            var updates: [(ServiceRequestStatus, String, ServiceRequestUpdate.Author, Date)] = [(.open, "Đã tiếp nhận phản ánh.", .system, requestedAt)]
            var clock = requestedAt
            for (status, note, hours) in flow {
                clock = clock.addingTimeInterval(hours * 3600 * Double.random(in: 0.5...1.5, using: &random))
                guard clock < now else { break }
                updates.append((status, note, status == .closed ? .citizen : .staff, clock))
            }
            let last = updates[updates.count - 1]
            let fixedAt = updates.first { $0.0 == .fixed }?.3
            let expected = context.calendar.expectedResponse(to: requestedAt, within: type.responseTime)?.instant ?? requestedAt
            batch.serviceRequests.append([
                requestID, commune.id, type.id, "SC-\(year)-" + String(format: "%06d", value), AccessToken.hash("bench-\(seed)-\(serial)"), last.0.rawValue,
                "Phản ánh \(type.code.replacingOccurrences(of: "-", with: " ")) tại thôn \(Int(random.next() % 12) + 1).", "Thôn \(Int(random.next() % 12) + 1), \(commune.fullName)",
                20.8 + Double(random.next() % 2000) / 10_000, 105.9 + Double(random.next() % 2000) / 10_000,
                random.next() % 2 == 0 ? BenchNames.person(serial) : nil, random.next() % 2 == 0 ? String(format: "09%08d", Int(random.next() % 100_000_000)) : nil,
                "{}", ServiceRequest.Channel.web.rawValue, requestedAt, last.3, expected, last.0.isFinished ? last.3 : nil, fixedAt, updates.count,
            ])
            for (position, update) in updates.enumerated() {
                batch.serviceUpdates.append([
                    BenchIdentifiers.uuid(.serviceUpdate, serial * 8 + position, seed: seed), commune.id, requestID, update.0.rawValue, update.1,
                    update.2.rawValue, update.2 == .staff ? commune.staff.departments[DepartmentKind.economy.rawValue]?.head.username : nil, update.3,
                ])
            }
        }
        for (year, last) in numbers.sorted(by: { $0.key < $1.key }) {
            batch.serviceSequences.append([BenchIdentifiers.uuid(.sequence, (1 << 48) + commune.index * 10_000 + year, seed: seed), commune.id, year, last])
        }
    }
}

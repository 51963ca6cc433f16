import Fluent
import Foundation
import MotCuaCore

/// One application by one applicant for one procedure, with its current state kept for fast queries.
///
/// The status stored here always equals the replay of the dossier's events; `version` rises with each change so that
/// two officers acting at once cannot both win.
final class Dossier: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "dossiers"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Field(key: "version") var version: Int

    // data fields
    @Field(key: "code") var code: String
    @Field(key: "procedure_code") var procedureCode: String
    /// The procedure's name when the dossier was received, so that later catalog edits do not rewrite history.
    @Field(key: "procedure_name") var procedureName: String
    @Field(key: "field") var field: String
    @Field(key: "channel") var channel: String
    @Field(key: "status") var status: String
    @Field(key: "national_status") var nationalStatus: Int

    // applicant (personal data: shown only to the officers who handle the dossier)
    @Field(key: "applicant_kind") var applicantKind: String
    @Field(key: "applicant_name") var applicantName: String
    @OptionalField(key: "applicant_id_number") var applicantIDNumber: String?
    @OptionalField(key: "applicant_phone") var applicantPhone: String?
    @OptionalField(key: "applicant_email") var applicantEmail: String?
    @OptionalField(key: "applicant_address") var applicantAddress: String?
    @OptionalField(key: "representative_name") var representativeName: String?
    @OptionalField(key: "representative_id_number") var representativeIDNumber: String?
    @OptionalField(key: "authorisation_document") var authorisationDocument: String?
    @Field(key: "copies") var copies: Int
    @Field(key: "fee_amount") var feeAmount: Int64

    // times: instants in UTC
    @OptionalField(key: "received_at") var receivedAt: Date?
    @OptionalField(key: "due_at") var dueAt: Date?
    @OptionalField(key: "original_due_at") var originalDueAt: Date?
    @OptionalField(key: "working_days_left_when_stopped") var workingDaysLeftWhenStopped: Int?
    @OptionalField(key: "completed_at") var completedAt: Date?
    @OptionalField(key: "returned_at") var returnedAt: Date?
    @OptionalField(key: "timeliness") var timeliness: String?

    // facts the rules need
    // the procedure's terms when received, so that the history always replays the same way
    @OptionalField(key: "processing_days") var processingDays: Int?
    @Field(key: "cut_off_hour") var cutOffHour: Int
    @OptionalField(key: "verification_days") var verificationDays: Int?
    @OptionalField(key: "assignee_username") var assigneeUsername: String?
    @Field(key: "verification_extended") var verificationExtended: Bool

    @Field(key: "supplement_requested") var supplementRequested: Bool
    @Field(key: "apology_issued") var apologyIssued: Bool
    @Field(key: "result_issued") var resultIssued: Bool
    @OptionalField(key: "return_method") var returnMethod: String?

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "procedure_id") var procedure: CatalogProcedure
    @OptionalParent(key: "department_id") var department: Department?
    @OptionalParent(key: "assignee_id") var assignee: Officer?
    @OptionalParent(key: "received_by_id") var receivedBy: Officer?

    init() {}

    static var communeIDField: KeyPath<Dossier, FieldProperty<Dossier, UUID>> { \.$commune.$id }
}

/// One step of a dossier's history: append-only, the source of truth that the stored status must equal.
final class DossierEventRecord: Model, @unchecked Sendable {
    static let schema = "dossier_events"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "sequence") var sequence: Int
    @Field(key: "action") var action: String
    @Field(key: "from_status") var fromStatus: String?
    @Field(key: "to_status") var toStatus: String
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_username") var actorUsername: String
    @Field(key: "actor_role") var actorRole: String
    @Field(key: "actor_unit") var actorUnit: String
    @OptionalField(key: "note") var note: String?
    /// What the action carried (reasons, missing documents, new date, assignee), as JSON, so that the history replays.
    @Field(key: "payload") var payload: String

    // relationships
    @Parent(key: "dossier_id") var dossier: Dossier

    init() {}
}

/// A document of a dossier: what the procedure requires, whether it was handed in, and its scan when there is one.
final class DossierDocument: Model, @unchecked Sendable {
    static let schema = "dossier_documents"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "name") var name: String
    @Field(key: "form") var form: String
    @Field(key: "count") var count: Int
    @Field(key: "is_received") var isReceived: Bool
    @OptionalField(key: "file_key") var fileKey: String?
    @OptionalField(key: "file_kind") var fileKind: String?
    @OptionalField(key: "file_name") var fileName: String?
    @OptionalField(key: "file_size") var fileSize: Int?

    // relationships
    @Parent(key: "dossier_id") var dossier: Dossier

    init() {}
}

/// The last dossier number given out by a commune on a day, so that codes of one day run 0001, 0002, … without gaps.
final class DossierSequence: Model, @unchecked Sendable {
    static let schema = "dossier_sequences"

    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    /// The day as YYMMDD, the middle part of the code.
    @Field(key: "day") var day: String
    @Field(key: "last_value") var lastValue: Int

    init() {}
}

extension Dossier {
    /// The terms the rules apply to this dossier.
    var terms: DossierTerms {
        DossierTerms(
            processingTime: ProcessingTime(workingDayCount: processingDays ?? 0),
            cutOffHour: cutOffHour, verificationExtraWorkingDays: verificationDays,
            channel: IntakeChannel(rawValue: channel) ?? .counter
        )
    }

    /// The rules' view of the stored dossier.
    var state: DossierState {
        DossierState(
            status: DossierStatus(rawValue: status) ?? .new, receivedAt: receivedAt, dueAt: dueAt, originalDueAt: originalDueAt,
            completedAt: completedAt, returnedAt: returnedAt, supplementRequested: supplementRequested, apologyIssued: apologyIssued,
            resultIssued: resultIssued, verificationExtended: verificationExtended, assignee: assigneeUsername,
            returnMethod: returnMethod.flatMap(ReturnMethod.init(rawValue:)), workingDaysLeftWhenStopped: workingDaysLeftWhenStopped
        )
    }

    /// Stores a state the rules produced, with the national status and the timeliness of a finished result.
    func apply(_ state: DossierState) {
        status = state.status.rawValue
        nationalStatus = state.status.nationalStatus.rawValue
        receivedAt = state.receivedAt
        dueAt = state.dueAt
        originalDueAt = state.originalDueAt
        workingDaysLeftWhenStopped = state.workingDaysLeftWhenStopped
        completedAt = state.completedAt
        returnedAt = state.returnedAt
        supplementRequested = state.supplementRequested
        apologyIssued = state.apologyIssued
        resultIssued = state.resultIssued
        verificationExtended = state.verificationExtended
        assigneeUsername = state.assignee
        returnMethod = state.returnMethod?.rawValue
        if let completedAt = state.completedAt, let dueAt = state.dueAt {
            timeliness = Timeliness.of(completedAt: completedAt, dueAt: dueAt, apologyIssued: state.apologyIssued).rawValue
        }
    }
}

/// A record that an officer saw a dossier's personal data (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, in force from 1/1/2026; Nghị định 13/2023/NĐ-CP before that day).
final class PersonalDataAccess: Model, @unchecked Sendable {
    static let schema = "personal_data_access"

    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "dossier_id") var dossierID: UUID
    @OptionalField(key: "officer_id") var officerID: UUID?
    @Field(key: "officer_username") var officerUsername: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "client_address") var clientAddress: String
    /// Why the officer needed the data, where the page asked (exports); added by Features/Privacy.
    @OptionalField(key: "reason") var reason: String?

    init() {}
}

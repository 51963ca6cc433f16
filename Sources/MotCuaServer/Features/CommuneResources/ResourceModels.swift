import Fluent
import Foundation
import MotCuaCore

/// A public asset (tài sản công) of a commune: a building, a vehicle or a piece of equipment.
final class PublicAsset: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "public_assets"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Enum(key: "kind") var kind: PublicAssetKind
    @Field(key: "location") var location: String
    /// Nguyên giá, in đồng.
    @Field(key: "original_value") var originalValue: Int64
    @Field(key: "year_in_use") var yearInUse: Int
    @Enum(key: "condition") var condition: PublicAssetCondition
    @Field(key: "responsible_person") var responsiblePerson: String
    /// References of the asset's papers: land use certificate, decision of handover, registration.
    @Field(key: "documents") var documents: String

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    /// The managing unit (đơn vị quản lý); `nil` while none is assigned.
    @OptionalParent(key: "department_id") var managingUnit: Department?

    static var communeIDField: KeyPath<PublicAsset, FieldProperty<PublicAsset, UUID>> { \.$commune.$id }

    init() {}
}

/// One entry of an asset's history of managing units: assignments, transfers inside the commune, and transfers to
/// another commune, which wait for the province office's approval.
final class AssetTransfer: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "asset_transfers"

    enum Status: String, Codable { case done, pending, refused }

    @ID(key: .id) var id: UUID?
    @Field(key: "asset_code") var assetCode: String
    @Field(key: "asset_name") var assetName: String
    @OptionalField(key: "from_unit") var fromUnit: String?
    @OptionalField(key: "to_unit") var toUnit: String?
    @Field(key: "to_commune_id") var toCommuneID: UUID
    @Enum(key: "status") var status: Status
    @Field(key: "reason") var reason: String
    @Field(key: "requested_by") var requestedBy: String
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "asset_id") var asset: PublicAsset

    static var communeIDField: KeyPath<AssetTransfer, FieldProperty<AssetTransfer, UUID>> { \.$commune.$id }

    init() {}
}

/// A review campaign (đợt rà soát) of the commune's assets.
final class AssetReview: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "asset_reviews"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "started_on") var startedOn: String
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "started_by") var startedBy: String
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<AssetReview, FieldProperty<AssetReview, UUID>> { \.$commune.$id }

    init() {}
}

/// What a review campaign concluded about one asset.
final class AssetReviewEntry: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "asset_review_entries"

    @ID(key: .id) var id: UUID?
    @Enum(key: "mark") var mark: AssetReviewMark
    @Field(key: "note") var note: String
    @Field(key: "reviewed_by") var reviewedBy: String
    @Field(key: "reviewed_at") var reviewedAt: Date
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "review_id") var review: AssetReview
    @Parent(key: "asset_id") var asset: PublicAsset

    static var communeIDField: KeyPath<AssetReviewEntry, FieldProperty<AssetReviewEntry, UUID>> { \.$commune.$id }

    init() {}
}

/// The budget estimate (dự toán ngân sách) of a commune for one year.
final class BudgetEstimate: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "budget_estimates"

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    @Enum(key: "status") var status: BudgetEstimateStatus
    /// 0 for the first approval, then 1, 2, … for each revision approved during the year.
    @Field(key: "revision") var revision: Int
    @Field(key: "created_by") var createdBy: String
    @OptionalField(key: "approved_by") var approvedBy: String?
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @OptionalField(key: "return_reason") var returnReason: String?
    @Field(key: "version") var version: Int
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<BudgetEstimate, FieldProperty<BudgetEstimate, UUID>> { \.$commune.$id }

    init() {}

    /// Whether an approved amount is in force, so that execution may be recorded.
    var hasBeenApproved: Bool { approvedAt != nil }
}

/// A revenue or expenditure line of an estimate, coded by chapter and item.
final class BudgetLine: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "budget_lines"

    @ID(key: .id) var id: UUID?
    @Enum(key: "kind") var kind: BudgetLineKind
    @Field(key: "chapter") var chapter: String
    @Field(key: "item") var item: String
    @Field(key: "title") var title: String
    @Field(key: "note") var note: String
    /// The amount the office proposes (in the draft or the revision being prepared).
    @Field(key: "proposed_amount") var proposedAmount: Int64
    /// The proposed amount at the last submission; `nil` until the line is submitted.
    @OptionalField(key: "submitted_amount") var submittedAmount: Int64?
    /// The approved amount in force; `nil` until approved.
    @OptionalField(key: "approved_amount") var approvedAmount: Int64?
    @Field(key: "position") var position: Int
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "estimate_id") var estimate: BudgetEstimate

    static var communeIDField: KeyPath<BudgetLine, FieldProperty<BudgetLine, UUID>> { \.$commune.$id }

    init() {}

    var label: String { "\(chapter)-\(item) \(title)" }
}

/// The amount actually collected or spent on a line in one month; recording it again replaces it.
final class BudgetExecution: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "budget_executions"

    @ID(key: .id) var id: UUID?
    @Field(key: "month") var month: Int
    @Field(key: "amount") var amount: Int64
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "estimate_id") var estimate: BudgetEstimate
    @Parent(key: "line_id") var line: BudgetLine

    static var communeIDField: KeyPath<BudgetExecution, FieldProperty<BudgetExecution, UUID>> { \.$commune.$id }

    init() {}
}

/// A land clearance project (dự án giải phóng mặt bằng).
final class ClearanceProject: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "clearance_projects"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "investor") var investor: String
    /// Square metres.
    @Field(key: "area") var area: Int64
    @Field(key: "parcel_count") var parcelCount: Int
    @Field(key: "created_by") var createdBy: String
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<ClearanceProject, FieldProperty<ClearanceProject, UUID>> { \.$commune.$id }

    init() {}
}

/// A household whose land a clearance project takes, with its compensation and status.
final class ClearanceHousehold: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "clearance_households"

    @ID(key: .id) var id: UUID?
    @Field(key: "head_name") var headName: String
    @Field(key: "parcel") var parcel: String
    @Field(key: "area") var area: Int64
    @Field(key: "compensation") var compensation: Int64
    @Field(key: "paid") var paid: Int64
    @Enum(key: "status") var status: ClearanceHouseholdStatus
    @Field(key: "note") var note: String
    @Field(key: "version") var version: Int
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "project_id") var project: ClearanceProject

    static var communeIDField: KeyPath<ClearanceHousehold, FieldProperty<ClearanceHousehold, UUID>> { \.$commune.$id }

    init() {}
}

/// A project of the investment attraction pipeline.
final class InvestmentProject: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "investment_projects"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "investor") var investor: String
    @Field(key: "sector") var sector: String
    /// Registered capital, in đồng.
    @Field(key: "capital") var capital: Int64
    @Field(key: "jobs") var jobs: Int
    @Enum(key: "stage") var stage: InvestmentStage
    @Field(key: "note") var note: String
    @Field(key: "updated_by") var updatedBy: String
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<InvestmentProject, FieldProperty<InvestmentProject, UUID>> { \.$commune.$id }

    init() {}
}

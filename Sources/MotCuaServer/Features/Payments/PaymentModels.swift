import Fluent
import Foundation
import MotCuaCore
import SQLKit
import Vapor

/// One attempt to pay a dossier's fee online; on confirmation it carries the electronic receipt (biên lai điện tử).
final class PaymentOrderRecord: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "payment_orders"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    /// The transaction reference sent to the intermediary, unique for ever.
    @Field(key: "reference") var reference: String
    /// The payment method (`vnpay`).
    @Field(key: "method") var method: String
    @Field(key: "dossier_code") var dossierCode: String
    /// The amount asked, in whole đồng.
    @Field(key: "amount") var amount: Int64
    @Field(key: "fee_name") var feeName: String
    @Field(key: "legal_basis") var legalBasis: String
    @Field(key: "payer_name") var payerName: String
    /// `PaymentOrderStatus`.
    @Field(key: "status") var status: String
    @Field(key: "expires_at") var expiresAt: Date
    /// When the signed notice that closed the order arrived.
    @OptionalField(key: "notified_at") var notifiedAt: Date?
    @OptionalField(key: "transaction_number") var transactionNumber: String?
    @OptionalField(key: "bank_code") var bankCode: String?
    @OptionalField(key: "result_code") var resultCode: String?
    /// A notice whose amount differed from the order's (answered 04), kept for the reconciliation page.
    @OptionalField(key: "mismatched_amount") var mismatchedAmount: Int64?
    @OptionalField(key: "receipt_number") var receiptNumber: String?

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "dossier_id") var dossier: Dossier

    init() {}

    static var communeIDField: KeyPath<PaymentOrderRecord, FieldProperty<PaymentOrderRecord, UUID>> { \.$commune.$id }

    var orderStatus: PaymentOrderStatus { PaymentOrderStatus(rawValue: status) ?? .pending }
}

/// The online payment migrations (issue #21), appended at the end of the list.
enum PaymentMigrations {
    /// Orders sent to payment intermediaries, with their receipts.
    struct CreatePaymentOrders: AsyncMigration {
        var name: String { "payments_create_payment_orders" }

        func prepare(on database: any Database) async throws {
            try await database.schema("payment_orders")
                .id()
                .field("created_at", .datetime, .required)
                .field("commune_id", .uuid, .required, .references("communes", "id"))
                .field("dossier_id", .uuid, .required, .references("dossiers", "id"))
                .field("reference", .string, .required)
                .field("method", .string, .required)
                .field("dossier_code", .string, .required)
                .field("amount", .int64, .required)
                .field("fee_name", .string, .required)
                .field("legal_basis", .string, .required)
                .field("payer_name", .string, .required)
                .field("status", .string, .required)
                .field("expires_at", .datetime, .required)
                .field("notified_at", .datetime)
                .field("transaction_number", .string)
                .field("bank_code", .string)
                .field("result_code", .string)
                .field("mismatched_amount", .int64)
                .field("receipt_number", .string)
                .unique(on: "reference")
                .unique(on: "receipt_number")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "payment_orders_commune_dossier").on("payment_orders").column("commune_id").column("dossier_id").run()
                try await sql.create(index: "payment_orders_commune_created").on("payment_orders").column("commune_id").column("created_at").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema("payment_orders").delete()
        }
    }
}

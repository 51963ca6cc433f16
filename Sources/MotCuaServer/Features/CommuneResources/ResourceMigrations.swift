import Fluent
import SQLKit

/// The tables of commune resources and economy (issue #10); every index starts with `commune_id`.
enum CommuneResourcesMigrations {
    struct CreatePublicAssets: AsyncMigration {
        var name: String { "0040_commune_resources_create_public_assets" }

        func prepare(on database: any Database) async throws {
            try await database.schema(PublicAsset.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("department_id", .uuid, .references(Department.schema, "id"))
                .field("code", .string, .required)
                .field("name", .string, .required)
                .field("kind", .string, .required)
                .field("location", .string, .required)
                .field("original_value", .int64, .required)
                .field("year_in_use", .int, .required)
                .field("condition", .string, .required)
                .field("responsible_person", .string, .required)
                .field("documents", .string, .required)
                .field("created_at", .datetime)
                .unique(on: "commune_id", "code")
                .create()
            try await database.schema(AssetTransfer.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("asset_id", .uuid, .required, .references(PublicAsset.schema, "id"))
                .field("asset_code", .string, .required)
                .field("asset_name", .string, .required)
                .field("from_unit", .string)
                .field("to_unit", .string)
                .field("to_commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("status", .string, .required)
                .field("reason", .string, .required)
                .field("requested_by", .string, .required)
                .field("requested_at", .datetime, .required)
                .field("decided_by", .string)
                .field("decided_at", .datetime)
                .create()
            try await database.schema(AssetReview.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("title", .string, .required)
                .field("started_on", .string, .required)
                .field("closed_at", .datetime)
                .field("started_by", .string, .required)
                .create()
            try await database.schema(AssetReviewEntry.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("review_id", .uuid, .required, .references(AssetReview.schema, "id"))
                .field("asset_id", .uuid, .required, .references(PublicAsset.schema, "id"))
                .field("mark", .string, .required)
                .field("note", .string, .required)
                .field("reviewed_by", .string, .required)
                .field("reviewed_at", .datetime, .required)
                .unique(on: "commune_id", "review_id", "asset_id")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "public_assets_commune_unit").on(PublicAsset.schema).column("commune_id").column("department_id").run()
                try await sql.create(index: "asset_transfers_commune_asset").on(AssetTransfer.schema).column("commune_id").column("asset_id").run()
                try await sql.create(index: "asset_transfers_commune_status").on(AssetTransfer.schema).column("commune_id").column("status").run()
                try await sql.create(index: "asset_reviews_commune_started").on(AssetReview.schema).column("commune_id").column("started_on").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(AssetReviewEntry.schema).delete()
            try await database.schema(AssetReview.schema).delete()
            try await database.schema(AssetTransfer.schema).delete()
            try await database.schema(PublicAsset.schema).delete()
        }
    }

    struct CreateBudget: AsyncMigration {
        var name: String { "0041_commune_resources_create_budget" }

        func prepare(on database: any Database) async throws {
            try await database.schema(BudgetEstimate.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("year", .int, .required)
                .field("status", .string, .required)
                .field("revision", .int, .required)
                .field("created_by", .string, .required)
                .field("approved_by", .string)
                .field("approved_at", .datetime)
                .field("return_reason", .string)
                .field("version", .int, .required)
                .unique(on: "commune_id", "year")
                .create()
            try await database.schema(BudgetLine.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("estimate_id", .uuid, .required, .references(BudgetEstimate.schema, "id"))
                .field("kind", .string, .required)
                .field("chapter", .string, .required)
                .field("item", .string, .required)
                .field("title", .string, .required)
                .field("note", .string, .required)
                .field("proposed_amount", .int64, .required)
                .field("submitted_amount", .int64)
                .field("approved_amount", .int64)
                .field("position", .int, .required)
                .create()
            try await database.schema(BudgetExecution.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("estimate_id", .uuid, .required, .references(BudgetEstimate.schema, "id"))
                .field("line_id", .uuid, .required, .references(BudgetLine.schema, "id"))
                .field("month", .int, .required)
                .field("amount", .int64, .required)
                .field("recorded_by", .string, .required)
                .field("recorded_at", .datetime, .required)
                .unique(on: "commune_id", "line_id", "month")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "budget_lines_commune_estimate").on(BudgetLine.schema).column("commune_id").column("estimate_id").run()
                try await sql.create(index: "budget_executions_commune_estimate").on(BudgetExecution.schema).column("commune_id").column("estimate_id").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(BudgetExecution.schema).delete()
            try await database.schema(BudgetLine.schema).delete()
            try await database.schema(BudgetEstimate.schema).delete()
        }
    }

    struct CreateLandClearanceAndInvestment: AsyncMigration {
        var name: String { "0042_commune_resources_create_land_clearance_and_investment" }

        func prepare(on database: any Database) async throws {
            try await database.schema(ClearanceProject.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("name", .string, .required)
                .field("investor", .string, .required)
                .field("area", .int64, .required)
                .field("parcel_count", .int, .required)
                .field("created_by", .string, .required)
                .create()
            try await database.schema(ClearanceHousehold.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("project_id", .uuid, .required, .references(ClearanceProject.schema, "id"))
                .field("head_name", .string, .required)
                .field("parcel", .string, .required)
                .field("area", .int64, .required)
                .field("compensation", .int64, .required)
                .field("paid", .int64, .required)
                .field("status", .string, .required)
                .field("note", .string, .required)
                .field("version", .int, .required)
                .create()
            try await database.schema(InvestmentProject.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("name", .string, .required)
                .field("investor", .string, .required)
                .field("sector", .string, .required)
                .field("capital", .int64, .required)
                .field("jobs", .int, .required)
                .field("stage", .string, .required)
                .field("note", .string, .required)
                .field("updated_by", .string, .required)
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "clearance_households_commune_project").on(ClearanceHousehold.schema).column("commune_id").column("project_id").run()
                try await sql.create(index: "investment_projects_commune_stage").on(InvestmentProject.schema).column("commune_id").column("stage").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(InvestmentProject.schema).delete()
            try await database.schema(ClearanceHousehold.schema).delete()
            try await database.schema(ClearanceProject.schema).delete()
        }
    }
}

import Fluent
import Foundation
import SQLKit

enum PublicServicesMigrations {
    struct CreateServiceTypes: AsyncMigration {
        var name: String { "0020_create_service_types" }

        func prepare(on database: any Database) async throws {
            try await database.schema(ServiceType.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("department_id", .uuid, .required, .references(Department.schema, "id"))
                .field("code", .string, .required)
                .field("name", .string, .required)
                .field("description", .string, .required)
                .field("topic", .string, .required)
                .field("response_unit", .string, .required)
                .field("response_amount", .int, .required)
                .field("questions_json", .string, .required)
                .field("keywords", .string, .required)
                .field("is_active", .bool, .required)
                .field("updated_at", .datetime)
                .unique(on: "commune_id", "code")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(ServiceType.schema).delete()
        }
    }

    struct CreateOpen311Clients: AsyncMigration {
        var name: String { "0021_create_open311_clients" }

        func prepare(on database: any Database) async throws {
            try await database.schema(Open311Client.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("name", .string, .required)
                .field("contact", .string, .required)
                .field("key_hash", .string, .required)
                .field("key_prefix", .string, .required)
                .field("issued_by", .string, .required)
                .field("revoked_at", .datetime)
                .field("created_at", .datetime)
                .unique(on: "key_hash")
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema(Open311Client.schema).delete()
        }
    }

    struct CreateCollectionRoutesAndLightPoints: AsyncMigration {
        var name: String { "0022_create_collection_routes_and_light_points" }

        func prepare(on database: any Database) async throws {
            try await database.schema(CollectionRouteRecord.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("name", .string, .required)
                .field("areas", .string, .required)
                .field("weekdays", .string, .required)
                .field("start_minute", .int, .required)
                .field("end_minute", .int, .required)
                .field("collector", .string, .required)
                .field("collector_phone", .string, .required)
                .field("is_active", .bool, .required)
                .create()
            try await database.schema(LightPoint.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("code", .string, .required)
                .field("location", .string, .required)
                .field("circuit", .string, .required)
                .field("on_time", .string, .required)
                .field("off_time", .string, .required)
                .field("lamp_count", .int, .required)
                .field("is_active", .bool, .required)
                .unique(on: "commune_id", "code")
                .create()
            if let sql = database as? any SQLDatabase {
                try await sql.create(index: "collection_routes_commune").on(CollectionRouteRecord.schema).column("commune_id").column("name").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(LightPoint.schema).delete()
            try await database.schema(CollectionRouteRecord.schema).delete()
        }
    }

    struct CreateServiceRequests: AsyncMigration {
        var name: String { "0023_create_service_requests" }

        func prepare(on database: any Database) async throws {
            try await database.schema(ServiceRequest.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("service_type_id", .uuid, .required, .references(ServiceType.schema, "id"))
                .field("code", .string, .required)
                .field("token_hash", .string, .required)
                .field("status", .string, .required)
                .field("description", .string, .required)
                .field("address", .string, .required)
                .field("latitude", .double)
                .field("longitude", .double)
                .field("reporter_name", .string)
                .field("reporter_phone", .string)
                .field("reporter_email", .string)
                .field("answers_json", .string, .required)
                .field("media_url", .string)
                .field("channel", .string, .required)
                .field("requested_at", .datetime, .required)
                .field("updated_at", .datetime, .required)
                .field("expected_at", .datetime, .required)
                .field("finished_at", .datetime)
                .field("fixed_at", .datetime)
                .field("version", .int, .required)
                .field("duplicate_of_id", .uuid, .references(ServiceRequest.schema, "id"))
                .field("collection_route_id", .uuid, .references(CollectionRouteRecord.schema, "id"))
                .field("light_point_id", .uuid, .references(LightPoint.schema, "id"))
                .field("api_client_id", .uuid, .references(Open311Client.schema, "id"))
                .unique(on: "commune_id", "code")
                .unique(on: "token_hash")
                .create()
            try await database.schema(ServiceRequestNumbering.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("year", .int, .required)
                .field("last_value", .int, .required)
                .unique(on: "commune_id", "year")
                .create()
            try await database.schema(ServiceRequestUpdate.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("service_request_id", .uuid, .required, .references(ServiceRequest.schema, "id"))
                .field("status", .string, .required)
                .field("note", .string, .required)
                .field("author", .string, .required)
                .field("officer_username", .string)
                .field("at", .datetime, .required)
                .create()
            try await database.schema(ServiceRequestPhoto.schema)
                .id()
                .field("commune_id", .uuid, .required, .references(Commune.schema, "id"))
                .field("service_request_id", .uuid, .required, .references(ServiceRequest.schema, "id"))
                .field("file_key", .string, .required)
                .field("media_type", .string, .required)
                .field("byte_count", .int, .required)
                .create()
            if let sql = database as? any SQLDatabase {
                // The public list and Open311's GET requests read by commune and time; the staff queue by status and due time.
                try await sql.create(index: "service_requests_commune_requested").on(ServiceRequest.schema)
                    .column("commune_id").column("requested_at").run()
                try await sql.create(index: "service_requests_commune_status_expected").on(ServiceRequest.schema)
                    .column("commune_id").column("status").column("expected_at").run()
                try await sql.create(index: "service_request_updates_commune_request").on(ServiceRequestUpdate.schema)
                    .column("commune_id").column("service_request_id").column("at").run()
                try await sql.create(index: "service_request_updates_commune_at").on(ServiceRequestUpdate.schema)
                    .column("commune_id").column("at").run()
                try await sql.create(index: "service_request_photos_commune_request").on(ServiceRequestPhoto.schema)
                    .column("commune_id").column("service_request_id").run()
            }
        }

        func revert(on database: any Database) async throws {
            try await database.schema(ServiceRequestPhoto.schema).delete()
            try await database.schema(ServiceRequestUpdate.schema).delete()
            try await database.schema(ServiceRequest.schema).delete()
            try await database.schema(ServiceRequestNumbering.schema).delete()
        }
    }
}

enum ServiceRequestNumbering {
    static let schema = "service_request_sequences"

    /// The next report number of the year for a commune, inside the caller's write transaction; one statement
    /// increments and reads, so that two reports at once on PostgreSQL cannot share a number.
    static func next(communeID: UUID, year: Int, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw AppError(status: .internalServerError, code: "internal_error", message: "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let row = try await sql.raw("""
            INSERT INTO service_request_sequences (id, commune_id, year, last_value) VALUES (\(bind: UUID()), \(bind: communeID), \(bind: year), 1)
            ON CONFLICT (commune_id, year) DO UPDATE SET last_value = service_request_sequences.last_value + 1
            RETURNING last_value
            """).first()
        guard let value = try row?.decode(column: "last_value", as: Int.self) else {
            throw AppError(status: .internalServerError, code: "internal_error", message: "Không cấp được số phản ánh.")
        }
        return value
    }

    /// Makes the next number follow `count` reports already written (the demo data writes its own).
    static func reserve(_ count: Int, communeID: UUID, year: Int, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("INSERT INTO service_request_sequences (id, commune_id, year, last_value) VALUES (\(bind: UUID()), \(bind: communeID), \(bind: year), \(bind: count))").run()
    }
}

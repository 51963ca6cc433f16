import Fluent
import Foundation
import MotCuaCore

/// What a kind of report is about, so that lighting faults can point at a light and missed collections at a route.
enum ServiceTopic: String, Codable, CaseIterable, Sendable {
    case lighting, collection, road, environment, other

    var vietnameseName: String {
        switch self {
        case .lighting: "Chiếu sáng công cộng"
        case .collection: "Thu gom rác"
        case .road: "Đường, cầu, cống"
        case .environment: "Môi trường"
        case .other: "Khác"
        }
    }
}

/// A kind of fault report a commune accepts (an Open311 service), with its unit and response time.
final class ServiceType: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "service_types"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    /// The Open311 `service_code`, unique within the commune ("den-duong-hong").
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Enum(key: "topic") var topic: ServiceTopic
    @Field(key: "response_unit") var responseUnit: String
    @Field(key: "response_amount") var responseAmount: Int
    /// The extra questions (`[ServiceQuestion]`) as JSON.
    @Field(key: "questions_json") var questionsJSON: String
    @Field(key: "keywords") var keywords: String
    @Field(key: "is_active") var isActive: Bool

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    /// The unit responsible for the reports of this kind.
    @Parent(key: "department_id") var department: Department

    static var communeIDField: KeyPath<ServiceType, FieldProperty<ServiceType, UUID>> { \.$commune.$id }

    init() {}

    var responseTime: ServiceResponseTime { ServiceResponseTime(unit: responseUnit, amount: responseAmount) ?? .workingDays(3) }

    var questions: [ServiceQuestion] {
        (try? JSONDecoder().decode([ServiceQuestion].self, from: Data(questionsJSON.utf8))) ?? []
    }
}

/// A citizen's report of a fault (an Open311 service request).
final class ServiceRequest: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "service_requests"

    enum Channel: String, Codable, Sendable {
        case web, open311
    }

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    /// The public code the citizen follows ("SC-2026-000123"); also the Open311 `service_request_id`.
    @Field(key: "code") var code: String
    /// SHA-256 of the secret follow-up token; the token proves to be the reporter when reopening.
    @Field(key: "token_hash") var tokenHash: String
    @Enum(key: "status") var status: ServiceRequestStatus
    @Field(key: "description") var description: String
    @Field(key: "address") var address: String
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    /// The reporter's name, phone and email: personal data, shown to the responsible staff only, never published.
    @OptionalField(key: "reporter_name") var reporterName: String?
    @OptionalField(key: "reporter_phone") var reporterPhone: String?
    @OptionalField(key: "reporter_email") var reporterEmail: String?
    @Field(key: "answers_json") var answersJSON: String
    @OptionalField(key: "media_url") var mediaURL: String?
    @Enum(key: "channel") var channel: Channel
    @Field(key: "requested_at") var requestedAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "expected_at") var expectedAt: Date
    /// When it last reached a finished status; the citizen's week to reopen counts from here.
    @OptionalField(key: "finished_at") var finishedAt: Date?
    /// When it was first fixed, for the time-to-fix figures.
    @OptionalField(key: "fixed_at") var fixedAt: Date?
    @Field(key: "version") var version: Int

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "service_type_id") var serviceType: ServiceType
    @OptionalParent(key: "duplicate_of_id") var duplicateOf: ServiceRequest?
    @OptionalParent(key: "collection_route_id") var collectionRoute: CollectionRouteRecord?
    @OptionalParent(key: "light_point_id") var lightPoint: LightPoint?
    @OptionalParent(key: "api_client_id") var apiClient: Open311Client?

    static var communeIDField: KeyPath<ServiceRequest, FieldProperty<ServiceRequest, UUID>> { \.$commune.$id }

    init() {}

    var answers: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(answersJSON.utf8))) ?? [:]
    }
}

/// One public step of a report's history: a change of status or a note, with who made it.
final class ServiceRequestUpdate: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "service_request_updates"

    enum Author: String, Codable, Sendable {
        case staff, citizen, system
    }

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Enum(key: "status") var status: ServiceRequestStatus
    @Field(key: "note") var note: String
    @Enum(key: "author") var author: Author
    /// The officer's username for staff changes; citizens stay anonymous.
    @OptionalField(key: "officer_username") var officerUsername: String?
    @Field(key: "at") var at: Date

    // relationships
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "service_request_id") var request: ServiceRequest

    static var communeIDField: KeyPath<ServiceRequestUpdate, FieldProperty<ServiceRequestUpdate, UUID>> { \.$commune.$id }

    init() {}
}

/// A photo attached to a report, kept in the file store.
final class ServiceRequestPhoto: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "service_request_photos"

    @ID(key: .id) var id: UUID?
    @Field(key: "file_key") var fileKey: String
    @Field(key: "media_type") var mediaType: String
    @Field(key: "byte_count") var byteCount: Int
    @Parent(key: "commune_id") var commune: Commune
    @Parent(key: "service_request_id") var request: ServiceRequest

    static var communeIDField: KeyPath<ServiceRequestPhoto, FieldProperty<ServiceRequestPhoto, UUID>> { \.$commune.$id }

    init() {}
}

/// An Open311 client allowed to post reports for a commune, with its API key stored hashed.
final class Open311Client: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "open311_clients"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "contact") var contact: String
    @Field(key: "key_hash") var keyHash: String
    /// The first characters of the key, so that an administrator can tell keys apart.
    @Field(key: "key_prefix") var keyPrefix: String
    @Field(key: "issued_by") var issuedBy: String
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    // relationships
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<Open311Client, FieldProperty<Open311Client, UUID>> { \.$commune.$id }

    init() {}
}

/// A garbage collection route as the commune publishes it.
final class CollectionRouteRecord: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "collection_routes"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// Villages, residential groups or streets, one per line.
    @Field(key: "areas") var areas: String
    /// Notice-style weekday numbers: "2, 4, 6".
    @Field(key: "weekdays") var weekdays: String
    @Field(key: "start_minute") var startMinute: Int
    @Field(key: "end_minute") var endMinute: Int
    /// Who collects (the environment cooperative or company) and their phone.
    @Field(key: "collector") var collector: String
    @Field(key: "collector_phone") var collectorPhone: String
    @Field(key: "is_active") var isActive: Bool
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<CollectionRouteRecord, FieldProperty<CollectionRouteRecord, UUID>> { \.$commune.$id }

    init() {}

    var areaList: [String] {
        areas.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    var route: CollectionRoute {
        CollectionRoute(name: name, areas: areaList, weekdays: CollectionSchedule.weekdays(from: weekdays) ?? [],
                        startMinute: startMinute, endMinute: endMinute)
    }
}

/// A public light point or a circuit of lights, with its switching times.
final class LightPoint: Model, CommuneOwned, @unchecked Sendable {
    static let schema = "light_points"

    @ID(key: .id) var id: UUID?
    /// The number painted on the pole or cabinet ("PC-CS-014").
    @Field(key: "code") var code: String
    @Field(key: "location") var location: String
    @Field(key: "circuit") var circuit: String
    @Field(key: "on_time") var onTime: String
    @Field(key: "off_time") var offTime: String
    @Field(key: "lamp_count") var lampCount: Int
    @Field(key: "is_active") var isActive: Bool
    @Parent(key: "commune_id") var commune: Commune

    static var communeIDField: KeyPath<LightPoint, FieldProperty<LightPoint, UUID>> { \.$commune.$id }

    init() {}
}

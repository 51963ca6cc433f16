import Fluent
import Foundation
import Metrics
import Prometheus
import SQLKit
import Vapor

/// Health, metrics and the public front page.
enum SystemController {
    struct Health: Content {
        let status: String
        let database: String
        let engine: String
    }

    static func health(req: Request) async throws -> Response {
        var databaseStatus = "ok"
        if let sql = req.db as? any SQLDatabase {
            do {
                try await sql.raw("SELECT 1").run()
            } catch {
                req.logger.error("health: database check failed: \(String(reflecting: error))")
                databaseStatus = "unavailable"
            }
        }
        let healthy = databaseStatus == "ok"
        let response = Response(status: healthy ? .ok : .serviceUnavailable)
        try response.content.encode(Health(status: healthy ? "ok" : "degraded", database: databaseStatus, engine: req.application.databaseEngine.rawValue), as: .json)
        return response
    }

    /// `GET /metrics`: for a scraper on this machine, or one holding `MOTCUA_METRICS_TOKEN`; 403 for anyone else.
    static func metrics(req: Request) async throws -> Response {
        guard MetricsAccess.allows(req, token: req.application.settings.metricsToken) else { throw AppError.forbidden }
        let response = Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"])
        response.body = .init(string: MetricsSetup.registry.emitToString() + (try await portalSyncMetrics(on: req.db)))
        return response
    }

    /// The synchronisation's backlog and refusals, counted when scraped: the queue lives in the database, not in memory.
    static func portalSyncMetrics(on database: any Database) async throws -> String {
        let waiting = try await PortalSyncEvent.query(on: database).filter(\.$status == .pending).count()
        let refused = try await PortalSyncEvent.query(on: database).filter(\.$status == .refused).count()
        let failing = try await PortalSyncEvent.query(on: database).filter(\.$status == .pending).filter(\.$attempts > 0).count()
        return """
            # HELP motcua_portal_sync_waiting_steps Dossier steps waiting to reach the national portal.
            # TYPE motcua_portal_sync_waiting_steps gauge
            motcua_portal_sync_waiting_steps \(waiting)
            # HELP motcua_portal_sync_failing_steps Waiting steps whose last attempt failed (the portal could not be reached).
            # TYPE motcua_portal_sync_failing_steps gauge
            motcua_portal_sync_failing_steps \(failing)
            # HELP motcua_portal_sync_refused_steps Dossier steps the national portal refused, waiting for a person.
            # TYPE motcua_portal_sync_refused_steps gauge
            motcua_portal_sync_refused_steps \(refused)

            """
    }

    struct PublicCommune: Encodable {
        let name: String
        let address: String
        let hotlinePath: String
        let homePath: String
    }

    struct FrontPage: Encodable {
        let page: PageContext
        let provinceName: String
        let communes: [PublicCommune]
    }

    static func frontPage(req: Request) async throws -> View {
        let province = try await Province.query(on: req.db).sort(\.$name).first()
        var communes: [PublicCommune] = []
        if let provinceID = province?.id {
            communes = try await Commune.query(on: req.db).filter(\.$province.$id == provinceID).filter(\.$isActive == true).sort(\.$name).all().map {
                PublicCommune(name: $0.fullName, address: $0.address ?? "", hotlinePath: SiteURL.hotline(.value($0.slug)).path, homePath: SiteURL.communeHome(.value($0.slug)).path)
            }
        }
        return try await req.view.render("front", FrontPage(
            page: try await PageContext.make(for: req, title: "Cổng dịch vụ hành chính công"),
            provinceName: province.map { "Tỉnh \($0.name)" } ?? "MotCua", communes: communes
        ))
    }
}

/// Who may read the metrics, which tell request counts by route: not a secret, but not the public's business either.
enum MetricsAccess {
    static func allows(_ req: Request, token: String?) -> Bool {
        if let token, let bearer = req.headers.bearerAuthorization?.token {
            return constantTimeEquals(bearer, token)
        }
        return isLoopback(req)
    }

    /// Whether the request comes from this machine itself.
    ///
    /// Behind a reverse proxy on the same machine every request arrives from loopback, so one that carries a
    /// forwarding header came from elsewhere, whatever the socket says.
    static func isLoopback(_ req: Request) -> Bool {
        guard req.headers.first(name: .xForwardedFor) == nil, req.headers.first(name: .forwarded) == nil,
              let address = req.remoteAddress?.ipAddress
        else { return false }
        return address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }

    private static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Request counts and latencies by route, in the Prometheus format, through swift-metrics.
enum MetricsSetup {
    static let registry = PrometheusCollectorRegistry()

    /// Bootstraps the metrics system once per process; later applications (tests) share it.
    static func bootstrapOnce() {
        _ = bootstrapped
    }

    private static let bootstrapped: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000].map { Duration.milliseconds($0) }
        MetricsSystem.bootstrap(factory)
    }()
}

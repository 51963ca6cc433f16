import Foundation
import Vapor

/// Bench mode (`MOTCUA_BENCH=1` or `motcua serve --bench`): a bare route that measures the framework's ceiling in the
/// same run as the pages, and no per-client limit on the lookup (the load generator is one client).
enum BenchMode {
    /// Whether the process runs in bench mode.
    static var isOn: Bool { Environment.get("MOTCUA_BENCH") == "1" }
}

/// Registers the bench routes when bench mode is on; nothing otherwise.
func benchRoutes(_ app: Application) {
    guard BenchMode.isOn else { return }
    registerBenchRoutes(app)
}

/// The bench routes and settings themselves (tests call this directly rather than setting the process environment).
func registerBenchRoutes(_ app: Application) {
    app.logger.notice("Chế độ đo hiệu năng: /bench/baseline bật, không giới hạn tra cứu theo máy khách.")
    app.lookupRateLimiter = ClientRateLimiter(limit: Int.max / 2, window: 60)
    app.get(SiteURL.benchBaseline.pathComponents) { _ in "ok" }
}

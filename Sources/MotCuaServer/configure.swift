import Fluent
import FluentSQLiteDriver
import Foundation
import Leaf
import LeafKit
import MotCuaCore
import NIOConcurrencyHelpers
import Vapor

/// Options that tests and the command line pass to `configure(_:options:)`.
public struct ConfigureOptions: Sendable {
    /// Where SQLite keeps its data when `DATABASE_URL` is not set; `nil` means the file under the data folder.
    public var sqliteStorage: SQLiteConfiguration.Storage?
    /// Settings to use instead of the process environment.
    public var settings: Settings?
    /// The bcrypt cost; lower in tests only, where strength is not the point.
    public var bcryptCost: Int

    /// Creates options; the defaults are those of a real deployment.
    public init(sqliteStorage: SQLiteConfiguration.Storage? = nil, settings: Settings? = nil, bcryptCost: Int = 12) {
        self.sqliteStorage = sqliteStorage
        self.settings = settings
        self.bcryptCost = bcryptCost
    }
}

/// Configures the application: settings, database, middleware, views, migrations, commands and routes.
public func configure(_ app: Application, options: ConfigureOptions = ConfigureOptions()) async throws {
    let settings = try options.settings ?? Settings.fromEnvironment(app.environment)
    app.settings = settings
    if let today = settings.today { app.clock = .shifted(toToday: today) }
    if options.sqliteStorage == nil, settings.databaseURL == nil {
        try settings.prepareDataDirectory()
    }
    try DatabaseSetup.register(on: app, settings: settings, sqliteStorage: options.sqliteStorage)
    app.migrations.add(MigrationList.all)
    app.calendarStore = CalendarStore()
    app.catalogStore = CatalogStore()
    app.lookupRateLimiter = ClientRateLimiter(limit: 30, window: 60)
    // Kept in storage: a limiter made afresh for each request would never count past one.
    app.faultReportRateLimiter = ClientRateLimiter(limit: 20, window: 60, message: "Bạn đã gửi quá nhiều phản ánh trong một phút. Vui lòng chờ một lát rồi thử lại.")
    // Generous enough for a commune office of officers behind one address signing in at opening time.
    app.signInRateLimiter = ClientRateLimiter(limit: 60, window: 60, message: "Quá nhiều lần đăng nhập từ máy này trong một phút. Vui lòng chờ một lát rồi thử lại.")
    app.signInThrottle = SignInThrottle()
    app.passwords.use(.bcrypt(cost: options.bcryptCost))
    app.signInDummyHash = try Bcrypt.hash("motcua-timing-equaliser", cost: options.bcryptCost)
    MetricsSetup.bootstrapOnce()

    let resources = try ServerResources.locate()
    app.views.use(.leaf)
    app.leaf.configuration.rootDirectory = resources.viewsDirectory
    // The resource bundle sits under .build while developing, which Leaf's default "visible files only" rule refuses.
    app.leaf.sources = LeafSources.singleSource(NIOLeafFiles(
        fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
        sandboxDirectory: resources.viewsDirectory, viewDirectory: resources.viewsDirectory
    ))
    app.leaf.cache.isEnabled = app.environment.isRelease

    // Order matters: headers outermost, then errors so that every failure becomes a page; then static files, CSRF, sign-in.
    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    // Outside the error middleware, so that error pages (403, 404, 500) carry the security headers too.
    app.middleware.use(SecurityHeadersMiddleware(settings: settings))
    app.middleware.use(SiteErrorMiddleware(environment: app.environment))
    app.middleware.use(MethodNotAllowedMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: resources.publicDirectory, defaultFile: nil))
    app.middleware.use(MultipartPreflightMiddleware())
    app.middleware.use(CSRFMiddleware(secureCookies: settings.secureCookies))
    app.middleware.use(StaffAuthenticator())
    app.routes.defaultMaxBodySize = BodyLimit.standard

    app.messageGateways = try MessageGatewaySettings.gateways(for: app.environment)
    app.portalSyncSettings = try PortalSyncSettings.fromEnvironment()
    app.portalSyncRoundRunning = NIOLockedValueBox(false)
    // citizens sign in with VNeID (issue #19): off unless MOTCUA_OIDC_ISSUER is set
    app.vneidSettings = try VNeIDSettings.fromEnvironment()
    app.vneidProvider = VNeIDProvider()
    if app.environment != .testing {
        app.lifecycle.use(OutboxLifecycle(interval: .seconds(10)))
        app.lifecycle.use(PortalSyncLifecycle(interval: .seconds(5)))
        if let interval = try WorkReminderLifecycle.interval() { app.lifecycle.use(WorkReminderLifecycle(interval: interval)) }
    }

    registerCommands(on: app)
    try routes(app)
}

/// Where the server finds its Leaf views and public assets: beside the binary as SwiftPM resources.
struct ServerResources {
    let viewsDirectory: String
    let publicDirectory: String

    static func locate() throws -> ServerResources {
        guard let root = Bundle.module.resourceURL else {
            throw Settings.Problem(description: "Không tìm thấy thư mục tài nguyên (giao diện) của MotCua bên cạnh tệp chạy.")
        }
        return ServerResources(
            viewsDirectory: root.appendingPathComponent("Views").path + "/",
            publicDirectory: root.appendingPathComponent("Public").path + "/"
        )
    }
}

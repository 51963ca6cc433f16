import Foundation
import MotCuaCore
import Vapor

/// The settings MotCua reads from its environment, checked once at start-up.
public struct Settings: Sendable {
    /// Where the SQLite database and uploaded files live (`MOTCUA_DATA`, default `./data`).
    public var dataDirectory: URL
    /// The PostgreSQL connection, when `DATABASE_URL` is set; SQLite otherwise.
    public var databaseURL: String?
    /// Whether cookies carry the `Secure` flag (`MOTCUA_SECURE_COOKIES`, default on in production).
    public var secureCookies: Bool
    /// Whether to trust `X-Forwarded-For` from a reverse proxy for the client address (`MOTCUA_TRUST_PROXY`).
    public var trustProxy: Bool
    /// The public address printed in QR codes and messages (`MOTCUA_PUBLIC_URL`); the request's host when unset.
    public var publicBaseURL: String? = nil
    /// A PostgreSQL read replica for read-only pages (`DATABASE_READ_URL`); only with `DATABASE_URL`.
    public var databaseReadURL: String? = nil
    /// The day the application's clock shows (`MOTCUA_TODAY`, `YYYY-MM-DD`): whole days are added to the real clock
    /// and the time of day stays real. For tests and training under a chosen date; refused in production.
    public var today: CivilDate? = nil
    /// The bearer token that lets a scraper on another machine read `/metrics` (`MOTCUA_METRICS_TOKEN`); without it,
    /// only loopback clients may.
    public var metricsToken: String? = nil
    /// The VNPay merchant account (`MOTCUA_VNPAY_*`): when unset, the demo account of the local fake intermediary outside
    /// production, and no online payment in production.
    public var vnpay: VNPaySettings? = .demo
    /// What signed results are checked against (`MOTCUA_SIGNING_TRUST_ROOTS`, `MOTCUA_SIGNING_CRLS`: PEM files). When unset,
    /// the bundled test PKI outside production, and nothing in production (every signed result is then refused).
    public var signingTrust: SigningTrust? = try? SigningTestPKI.trust()

    /// A setting that cannot be used; start-up stops with its message.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads the settings from the environment of the given application kind.
    public static func fromEnvironment(_ environment: Vapor.Environment, variables: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let dataPath = variables["MOTCUA_DATA"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let dataDirectory = URL(fileURLWithPath: dataPath, isDirectory: true).standardizedFileURL
        let databaseURL = variables["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let databaseReadURL = variables["DATABASE_READ_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if databaseReadURL != nil, databaseURL == nil {
            throw Problem(description: "DATABASE_READ_URL (bản sao chỉ đọc) chỉ dùng được cùng DATABASE_URL (PostgreSQL chính).")
        }
        var today: CivilDate? = nil
        if let raw = variables["MOTCUA_TODAY"], !raw.isEmpty {
            guard let day = CivilDate(isoString: raw) else {
                throw Problem(description: "Biến môi trường MOTCUA_TODAY=\"\(raw)\" không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2026-02-16.")
            }
            guard environment != .production else {
                throw Problem(description: "MOTCUA_TODAY chỉ dùng để kiểm thử và tập huấn: môi trường production luôn chạy theo giờ thật.")
            }
            today = day
        }
        let metricsToken = variables["MOTCUA_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let metricsToken, metricsToken.count < 16 || metricsToken.contains(where: { $0.isWhitespace }) {
            throw Problem(description: "MOTCUA_METRICS_TOKEN phải dài ít nhất 16 ký tự và không chứa khoảng trắng.")
        }
        let vnpay = try VNPaySettings.fromEnvironment(environment, variables: variables)
        let trust = try signingTrust(environment, variables: variables)
        return Settings(
            dataDirectory: dataDirectory,
            databaseURL: databaseURL,
            secureCookies: try flag("MOTCUA_SECURE_COOKIES", in: variables, default: environment == .production),
            trustProxy: try flag("MOTCUA_TRUST_PROXY", in: variables, default: false),
            publicBaseURL: variables["MOTCUA_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0.trimmingCharacters(in: CharacterSet(charactersIn: "/")) },
            databaseReadURL: databaseReadURL,
            today: today,
            metricsToken: metricsToken,
            vnpay: vnpay,
            signingTrust: trust
        )
    }

    /// The trust roots and CRLs of signed results, read once so that a missing or unreadable file stops start-up.
    private static func signingTrust(_ environment: Vapor.Environment, variables: [String: String]) throws -> SigningTrust? {
        func read(_ name: String) throws -> String? {
            guard let path = variables[name], !path.isEmpty else { return nil }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Problem(description: "\(name)=\(path): không đọc được tệp PEM.")
            }
            return String(decoding: data, as: UTF8.self)
        }
        guard let roots = try read("MOTCUA_SIGNING_TRUST_ROOTS") else {
            if variables["MOTCUA_SIGNING_CRLS"].map({ !$0.isEmpty }) == true {
                throw Problem(description: "MOTCUA_SIGNING_CRLS chỉ dùng được cùng MOTCUA_SIGNING_TRUST_ROOTS.")
            }
            // The test PKI's keys are public: production never trusts it.
            return environment == .production ? nil : try? SigningTestPKI.trust()
        }
        let trust: SigningTrust
        do {
            trust = try SigningTrust(pem: roots, crlPEM: try read("MOTCUA_SIGNING_CRLS"))
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(description: "MOTCUA_SIGNING_TRUST_ROOTS hoặc MOTCUA_SIGNING_CRLS không phải PEM hợp lệ: \(error)")
        }
        guard !trust.roots.isEmpty else {
            throw Problem(description: "MOTCUA_SIGNING_TRUST_ROOTS không chứa chứng thư số gốc nào (-----BEGIN CERTIFICATE-----).")
        }
        return trust
    }

    private static func flag(_ name: String, in variables: [String: String], default defaultValue: Bool) throws -> Bool {
        guard let raw = variables[name], !raw.isEmpty else { return defaultValue }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw Problem(description: "Biến môi trường \(name)=\"\(raw)\" không hợp lệ: dùng 1 hoặc 0.")
        }
    }

    /// Makes sure the data folder exists and can be written, or throws a problem that names it.
    public func prepareDataDirectory() throws {
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            try fileManager.createDirectory(at: dataDirectory.appendingPathComponent("files"), withIntermediateDirectories: true)
            let probe = dataDirectory.appendingPathComponent(".write-check-\(UUID().uuidString)")
            try Data("ok".utf8).write(to: probe)
            try fileManager.removeItem(at: probe)
        } catch {
            throw Problem(description: "Thư mục dữ liệu MOTCUA_DATA=\(dataDirectory.path) không ghi được: \(error.localizedDescription)")
        }
    }

    /// The SQLite database file inside the data folder.
    public var sqliteFile: URL { dataDirectory.appendingPathComponent("motcua.sqlite") }
}

/// The merchant account at VNPay: terminal code, signing secret and the payment page's address.
public struct VNPaySettings: Sendable, Equatable {
    public var terminalCode: String
    public var hashSecret: String
    public var paymentPageURL: String

    /// The local fake intermediary (`stand-ins/fake_vnpay.py`, run by `scripts/dev-payment`); never for production.
    public static let demo = VNPaySettings(terminalCode: "MOTCUADEMO", hashSecret: "MOTCUA-DEMO-SECRET-NOT-FOR-PRODUCTION", paymentPageURL: "http://127.0.0.1:9500/paymentv2/vpcpay.html")

    /// Reads `MOTCUA_VNPAY_TMN_CODE`, `MOTCUA_VNPAY_HASH_SECRET` and `MOTCUA_VNPAY_URL`; production refuses the demo
    /// account and plain http, and without an account offers no online payment.
    static func fromEnvironment(_ environment: Vapor.Environment, variables: [String: String]) throws -> VNPaySettings? {
        func value(_ name: String) -> String? { variables[name].flatMap { $0.isEmpty ? nil : $0 } }
        let code = value("MOTCUA_VNPAY_TMN_CODE"), secret = value("MOTCUA_VNPAY_HASH_SECRET"), url = value("MOTCUA_VNPAY_URL")
        if environment == .production, code == nil, secret == nil, url == nil { return nil }
        if (code == nil) != (secret == nil) {
            throw Settings.Problem(description: "Cần đặt cả MOTCUA_VNPAY_TMN_CODE và MOTCUA_VNPAY_HASH_SECRET (tài khoản VNPay của đơn vị), hoặc không đặt biến nào.")
        }
        let settings = VNPaySettings(terminalCode: code ?? demo.terminalCode, hashSecret: secret ?? demo.hashSecret, paymentPageURL: url ?? demo.paymentPageURL)
        if environment == .production, settings.terminalCode == demo.terminalCode || settings.hashSecret == demo.hashSecret {
            throw Settings.Problem(description: "MOTCUA_VNPAY_TMN_CODE và MOTCUA_VNPAY_HASH_SECRET phải là tài khoản VNPay thật của đơn vị: môi trường production không chạy với tài khoản thử.")
        }
        guard settings.paymentPageURL.hasPrefix("https://") || settings.paymentPageURL.hasPrefix("http://") else {
            throw Settings.Problem(description: "MOTCUA_VNPAY_URL=\"\(settings.paymentPageURL)\" phải là địa chỉ http(s) của trang thanh toán VNPay.")
        }
        if environment == .production, !settings.paymentPageURL.hasPrefix("https://") {
            throw Settings.Problem(description: "MOTCUA_VNPAY_URL phải dùng https trong môi trường production.")
        }
        return settings
    }
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }

    /// The settings this application was configured with.
    public var settings: Settings {
        get {
            guard let settings = storage[SettingsKey.self] else { fatalError("configure(_:) must run before settings are read") }
            return settings
        }
        set { storage[SettingsKey.self] = newValue }
    }
}

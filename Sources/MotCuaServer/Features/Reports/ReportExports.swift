import Fluent
import Foundation
import MotCuaCore
import Vapor

/// Every report as CSV and XLSX: `GET /bao-cao/tai-ve/{hoat-dong|chi-so-766|hai-long|xep-hang}.{csv|xlsx}?commune=&from=&to=`.
enum ReportExports {
    enum Format: String {
        case csv, xlsx
    }

    static func download(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let name = req.parameters.get(SiteURL.Key.exportName) ?? ""
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let format = Format(rawValue: parts[1]) else { throw AppError.notFound }
        let scope: ReportScope
        do {
            scope = try await ReportScope.read(req)
        } catch let failure as ReportScope.Failure {
            throw failure.error
        }
        let now = req.now
        let tables: [ReportTable]
        switch parts[0] {
        case "hoat-dong":
            tables = try await OperationReport.make(scope: scope, at: now, on: req.readDB).tables
        case "chi-so-766":
            let (score, _) = try await ReportsController.score(scope, at: now, on: req)
            tables = [ReportLayout.indicatorTable(commune: scope.label, period: scope.period, score: score)]
        case "hai-long":
            tables = [ReportsController.satisfactionTable(scope, try await ReportQueries.satisfaction(communeIDs: scope.communeIDs, period: scope.period, at: now, on: req.readDB))]
        case "xep-hang":
            let catalog = try await req.application.catalogStore.catalog(on: req.readDB)
            let ranking = try await ProvinceRanking.make(provinceID: staff.provinceID, period: scope.period, at: now, catalog: catalog, on: req.readDB)
            let own = staff.scope.isProvinceWide ? nil : staff.communeID
            tables = [ranking.table(only: own)] + (own == nil ? [ranking.monthTable] : [])
        default:
            throw AppError.notFound
        }
        let fileName = "bao-cao-\(parts[0])-\(parts[0] == "xep-hang" ? "toan-tinh" : scope.fileKey)-\(scope.period.from.isoString)-\(scope.period.to.isoString).\(format.rawValue)"
        let response: Response
        switch format {
        case .csv:
            response = Response(status: .ok, body: .init(string: ReportCSV.make(tables)))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        case .xlsx:
            response = Response(status: .ok, body: .init(data: Data(ReportXLSX.make(tables))))
            response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
        response.headers.setContentDisposition(.attachment, fileName: fileName)
        return response
    }
}

/// The reports as JSON for other systems, scoped by the token's tenancy.
enum ReportAPI {
    struct PeriodJSON: Content {
        let from: String
        let to: String
    }

    struct RatioJSON: Content {
        let numerator: Int64
        let denominator: Int64
        /// Between 0 and 1; null when the denominator is zero.
        let value: Double?

        /// Writes `"value": null` rather than leaving it out, so that clients see there was nothing to divide.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(numerator, forKey: .numerator)
            try container.encode(denominator, forKey: .denominator)
            try container.encode(value, forKey: .value)
        }
    }

    struct FiguresJSON: Content {
        let entered: Int64
        let enteredCounter: Int64
        let enteredOnline: Int64
        let enteredPost: Int64
        let handled: Int64
        let handledBeforeTime: Int64
        let handledOnTime: Int64
        let handledLate: Int64
        let handledLateWithApology: Int64
        let onTimeRate: RatioJSON
        let inProcessWithinTime: Int64
        let inProcessOverdue: Int64
        let waitingForApplicant: Int64
        let supplementRequested: Int64
        let refused: Int64
        let withdrawn: Int64
        let stopped: Int64
        let returned: Int64
        let averageProcessingHours: Double?
        let percentile90ProcessingHours: Int?

        init(_ figures: OperationFigures) {
            let c = figures.counts
            entered = c.entered
            enteredCounter = c[.enteredCounter]
            enteredOnline = c[.enteredOnline]
            enteredPost = c[.enteredPost]
            handled = c.handled
            handledBeforeTime = c[.handledBeforeTime]
            handledOnTime = c[.handledOnTime]
            handledLate = c[.handledLate]
            handledLateWithApology = c[.handledLateWithApology]
            onTimeRate = RatioJSON(numerator: figures.onTimeRate.numerator, denominator: figures.onTimeRate.denominator, value: figures.onTimeRate.value)
            inProcessWithinTime = figures.inProcessWithinTime
            inProcessOverdue = figures.inProcessOverdue
            waitingForApplicant = figures.waitingForApplicant
            supplementRequested = c[.supplementRequested]
            refused = c[.refused]
            withdrawn = c[.withdrawn]
            stopped = c[.stopped]
            returned = c[.returned]
            averageProcessingHours = figures.averageProcessingHours.map { ($0 * 10).rounded() / 10 }
            percentile90ProcessingHours = figures.percentile90ProcessingHours
        }
    }

    struct CommuneJSON: Content {
        let slug: String
        let name: String
    }

    struct GroupJSON: Content {
        let key: String
        let label: String
        let figures: FiguresJSON
    }

    struct OperationsJSON: Content {
        /// Null when the figures cover every commune the token may see.
        let commune: CommuneJSON?
        let scope: String
        let period: PeriodJSON
        let previousPeriod: PeriodJSON
        let generatedAt: Date
        let current: FiguresJSON
        let previous: FiguresJSON
        let byField: [GroupJSON]
        let byProcedure: [GroupJSON]
        let byDepartment: [GroupJSON]
        let byOfficer: [GroupJSON]
    }

    struct IndicatorJSON: Content {
        let id: String
        let group: String
        let groupName: String
        let name: String
        let numerator: Int64?
        let denominator: Int64?
        let ratio: Double?
        let points: Double?
        let maxPoints: Double
        let formula: String
        let available: Bool
        let note: String?
    }

    struct IndicatorsJSON: Content {
        let commune: CommuneJSON?
        let scope: String
        let period: PeriodJSON
        let points: Double
        let scoredMaxPoints: Double
        let unavailableMaxPoints: Double
        let indicators: [IndicatorJSON]
    }

    private static func scope(_ req: Request) async throws -> ReportScope {
        do {
            return try await ReportScope.read(req)
        } catch let failure as ReportScope.Failure {
            throw failure.error
        }
    }

    private static func period(_ period: ReportPeriod) -> PeriodJSON { PeriodJSON(from: period.from.isoString, to: period.to.isoString) }

    /// `GET /api/v1/reports/operations?commune=&from=&to=`.
    static func operations(req: Request) async throws -> OperationsJSON {
        let scope = try await scope(req)
        let report = try await OperationReport.make(scope: scope, at: req.now, on: req.readDB)
        func groups(_ grouping: ReportQueries.Grouping) -> [GroupJSON] {
            report.breakdowns.first { $0.grouping == grouping }?.groups.map { GroupJSON(key: $0.key, label: $0.label, figures: FiguresJSON($0.figures)) } ?? []
        }
        return OperationsJSON(
            commune: scope.commune.map { CommuneJSON(slug: $0.slug, name: $0.fullName) }, scope: scope.label, period: period(scope.period),
            previousPeriod: period(scope.period.previous), generatedAt: report.generatedAt, current: FiguresJSON(report.current), previous: FiguresJSON(report.previous),
            byField: groups(.field), byProcedure: groups(.procedure), byDepartment: groups(.department), byOfficer: groups(.officer)
        )
    }

    /// `GET /api/v1/reports/indicators?commune=&from=&to=`.
    static func indicators(req: Request) async throws -> IndicatorsJSON {
        let scope = try await scope(req)
        let (score, _) = try await ReportsController.score(scope, at: req.now, on: req)
        return IndicatorsJSON(
            commune: scope.commune.map { CommuneJSON(slug: $0.slug, name: $0.fullName) }, scope: scope.label, period: period(scope.period),
            points: (score.points * 100).rounded() / 100, scoredMaxPoints: score.scoredMaxPoints, unavailableMaxPoints: score.unavailableMaxPoints,
            indicators: score.indicators.map { indicator in
                IndicatorJSON(id: indicator.id, group: indicator.group.rawValue, groupName: indicator.group.vietnameseName, name: indicator.name,
                              numerator: indicator.numerator, denominator: indicator.denominator,
                              ratio: indicator.isAvailable ? indicator.numerator.flatMap { n in indicator.denominator.flatMap { Ratio(n, of: $0).value } } : nil,
                              points: indicator.points.map { ($0 * 100).rounded() / 100 }, maxPoints: indicator.maxPoints, formula: indicator.formula,
                              available: indicator.isAvailable, note: indicator.note)
            }
        )
    }
}

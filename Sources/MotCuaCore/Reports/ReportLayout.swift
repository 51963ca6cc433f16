import Foundation

/// One line of an operation report: a figure with its label, the number behind it and its printed text.
public struct FigureLine: Sendable, Equatable, Codable {
    /// What the figure counts, also the drill-down filter of the dossier list behind it; `nil` for ratios and times.
    public let figure: ReportFigure?
    public let label: String
    /// The number, `nil` when there is none (e.g. an average without results).
    public let value: Double?
    public let text: String
    /// A sub-figure of the line before it.
    public let isDetail: Bool
}

/// The figures a dossier list can be drilled down to; the raw value is the `figure` query parameter.
public enum ReportFigure: String, Sendable, CaseIterable, Codable {
    case entered, enteredCounter = "entered_counter", enteredOnline = "entered_online", enteredPost = "entered_post"
    case handled, handledBeforeTime = "handled_before_time", handledOnTime = "handled_on_time", handledLate = "handled_late"
    case handledLateWithApology = "handled_late_apology"
    case inProcessWithinTime = "in_process_within_time", inProcessOverdue = "in_process_overdue", waitingForApplicant = "waiting_for_applicant"
    case supplementRequested = "supplement_requested", refused, withdrawn, stopped, returned

    /// The figure's label.
    public var vietnameseName: String {
        switch self {
        case .entered: "Hồ sơ tiếp nhận"
        case .enteredCounter: "Trực tiếp tại bộ phận một cửa"
        case .enteredOnline: "Trực tuyến"
        case .enteredPost: "Qua bưu chính công ích"
        case .handled: "Đã giải quyết"
        case .handledBeforeTime: "Trước hạn"
        case .handledOnTime: "Đúng hạn"
        case .handledLate: "Quá hạn"
        case .handledLateWithApology: "trong đó có phiếu xin lỗi, hẹn lại"
        case .inProcessWithinTime: "Đang giải quyết, trong hạn"
        case .inProcessOverdue: "Đang giải quyết, quá hạn"
        case .waitingForApplicant: "Chờ người nộp bổ sung, nộp phí"
        case .supplementRequested: "Đã yêu cầu bổ sung"
        case .refused: "Từ chối tiếp nhận"
        case .withdrawn: "Người nộp rút hồ sơ"
        case .stopped: "Dừng giải quyết"
        case .returned: "Đã trả kết quả"
        }
    }
}

/// The lines and tables of the reports, shared by pages, CSV and XLSX so that all show the same figures.
public enum ReportLayout {
    /// The lines of an operation report in the order pages print them.
    public static func lines(_ figures: OperationFigures) -> [FigureLine] {
        let c = figures.counts
        func count(_ figure: ReportFigure, _ value: Int64, detail: Bool = false) -> FigureLine {
            FigureLine(figure: figure, label: figure.vietnameseName, value: Double(value), text: ReportNumber.integer(value), isDetail: detail)
        }
        let average = figures.averageProcessingHours
        let p90 = figures.percentile90ProcessingHours
        return [
            count(.entered, c.entered),
            count(.enteredCounter, c[.enteredCounter], detail: true),
            count(.enteredOnline, c[.enteredOnline], detail: true),
            count(.enteredPost, c[.enteredPost], detail: true),
            count(.handled, c.handled),
            count(.handledBeforeTime, c[.handledBeforeTime], detail: true),
            count(.handledOnTime, c[.handledOnTime], detail: true),
            count(.handledLate, c[.handledLate], detail: true),
            count(.handledLateWithApology, c[.handledLateWithApology], detail: true),
            FigureLine(figure: nil, label: "Tỷ lệ giải quyết trước hạn, đúng hạn", value: figures.onTimeRate.value.map { $0 * 100 }, text: figures.onTimeRate.percentText, isDetail: false),
            count(.inProcessWithinTime, figures.inProcessWithinTime),
            count(.inProcessOverdue, figures.inProcessOverdue),
            count(.waitingForApplicant, figures.waitingForApplicant),
            count(.supplementRequested, c[.supplementRequested]),
            count(.refused, c[.refused]),
            count(.withdrawn, c[.withdrawn]),
            count(.stopped, c[.stopped]),
            count(.returned, c[.returned]),
            FigureLine(figure: nil, label: "Thời gian giải quyết trung bình", value: average, text: average.map { ReportNumber.duration(hours: $0) } ?? "—", isDetail: false),
            FigureLine(figure: nil, label: "Thời gian giải quyết, bách phân vị 90", value: p90.map(Double.init), text: p90.map { ReportNumber.duration(hours: Double($0)) } ?? "—", isDetail: false),
        ]
    }

    /// The operation report as a table: each figure for the period and the previous one.
    /// What a report shows for a period that ended before its communes took in their first dossier: zeros would read
    /// as a commune that did no work.
    public static let noDataText = "chưa có dữ liệu"

    /// The operation figures of the period beside the previous one; `previous` is nil when that period ended before
    /// the first dossier.
    public static func operationTable(commune: String, period: ReportPeriod, current: OperationFigures, previous: OperationFigures?) -> ReportTable {
        let now = lines(current), before = previous.map(lines)
        return ReportTable(
            name: "Hoạt động", title: "Báo cáo tình hình giải quyết TTHC — \(commune) — \(period.vietnameseString)",
            columns: ["Chỉ tiêu", "Kỳ báo cáo (\(period.vietnameseString))", "Kỳ trước (\(period.previous.vietnameseString))"],
            rows: now.enumerated().map { index, line -> [ReportTable.Cell] in
                [.text((line.isDetail ? "  " : "") + line.label), cell(line), before.map { cell($0[index]) } ?? .text(noDataText)]
            }
        )
    }

    /// Columns of a breakdown table.
    public static let breakdownColumns = ["Tiếp nhận", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Quá hạn", "Đang giải quyết trong hạn", "Đang giải quyết quá hạn", "Tỷ lệ đúng hạn (%)"]

    /// A breakdown (by field, procedure, department or officer) as a table.
    public static func breakdownTable(name: String, title: String, heading: String, groups: [(label: String, figures: OperationFigures)]) -> ReportTable {
        ReportTable(name: name, title: title, columns: [heading] + breakdownColumns, rows: groups.map { group -> [ReportTable.Cell] in
            let c = group.figures.counts
            let values: [Int64] = [c.entered, c.handled, c[.handledBeforeTime], c[.handledOnTime], c[.handledLate], group.figures.inProcessWithinTime, group.figures.inProcessOverdue]
            return [.text(group.label)] + values.map { .number(Double($0)) } + [group.figures.onTimeRate.value.map { .number(($0 * 1000).rounded() / 10) } ?? .text("—")]
        })
    }

    /// The indicators as a table.
    public static func indicatorTable(commune: String, period: ReportPeriod, score: Decision766Score) -> ReportTable {
        typealias Cell = ReportTable.Cell
        var rows: [[Cell]] = score.indicators.map { indicator -> [Cell] in
            let numerator: Cell = indicator.numerator.map { .number(Double($0)) } ?? .text("—")
            let denominator: Cell = indicator.denominator.map { .number(Double($0)) } ?? .text("—")
            let points: Cell = indicator.points.map { .number(($0 * 100).rounded() / 100) } ?? .text("—")
            return [.text(indicator.group.vietnameseName), .text(indicator.name), numerator, denominator, .text(indicator.ratioText), points,
                    .number(indicator.maxPoints), .text(indicator.formula), .text(indicator.note ?? "")]
        }
        let total: Cell = .number((score.points * 100).rounded() / 100)
        let missing = "Chỉ tiêu không có dữ liệu trong MotCua: \(ReportNumber.decimal(score.unavailableMaxPoints, places: 0)) điểm"
        rows.append([.text("Tổng"), .text("Điểm các chỉ tiêu tính được"), .text(""), .text(""), .text(""), total, .number(score.scoredMaxPoints), .text(""), .text(missing)])
        return ReportTable(
            name: "Chỉ số 766", title: "Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg) — \(commune) — \(period.vietnameseString)",
            columns: ["Nhóm", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ", "Điểm", "Điểm tối đa", "Cách tính", "Ghi chú"], rows: rows
        )
    }

    private static func cell(_ line: FigureLine) -> ReportTable.Cell {
        guard let value = line.value else { return .text("—") }
        if line.figure != nil { return .number(value) }
        // Ratios and times keep one decimal, as the page shows them.
        return .number((value * 10).rounded() / 10)
    }
}

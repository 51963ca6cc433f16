import Fluent
import Foundation
import MotCuaCore
import Vapor

/// The center floor's figures as the satisfaction report lists them: per commune, tickets, no-shows, waiting and
/// service times (median and 90th percentile) and counter ratings.
enum FloorReportFigures {
    static func figures(communeIDs: [UUID], period: ReportPeriod, on database: any Database) async throws -> [QueueFigure] {
        let communes = try await Commune.query(on: database).filter(\.$id ~~ communeIDs).sort(\.$name).all()
        var rows: [QueueFigure] = []
        for commune in communes {
            let report = try await FloorQueue.statistics(on: database, communeID: try commune.requireID(), from: period.from, to: period.to)
            let total = report.total
            guard total.tickets > 0 else { continue }
            let prefix = communes.count > 1 ? commune.fullName + " — " : ""
            rows += [
                QueueFigure(label: prefix + "Số phiếu xếp hàng", value: String(total.tickets)),
                QueueFigure(label: prefix + "Đã phục vụ / vắng mặt / ưu tiên", value: "\(total.served) / \(total.noShows) / \(total.priority)"),
                QueueFigure(label: prefix + "Thời gian chờ (trung vị; 90 %)", value: minutes(total.waitingMedian) + "; " + minutes(total.waitingP90)),
                QueueFigure(label: prefix + "Thời gian phục vụ tại quầy (trung vị; 90 %)", value: minutes(total.serviceMedian) + "; " + minutes(total.serviceP90)),
                QueueFigure(label: prefix + "Đánh giá tại quầy (lượt; điểm trung bình 1–5)",
                            value: "\(total.ratings); " + (total.ratingMean.map { String(format: "%.2f", $0).replacingOccurrences(of: ".", with: ",") } ?? "—")),
            ]
        }
        return rows
    }

    private static func minutes(_ seconds: TimeInterval?) -> String {
        guard let seconds else { return "—" }
        return String(format: "%.1f phút", seconds / 60).replacingOccurrences(of: ".", with: ",")
    }
}

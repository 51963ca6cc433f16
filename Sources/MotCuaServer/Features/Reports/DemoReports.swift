import Fluent
import Foundation
import MotCuaCore

/// Demo data for the satisfaction report of xã Phụng Công: ratings of some returned dossiers and a few complaints,
/// answered on time, late and not yet, so that every figure of the report has something to show.
enum DemoReports {
    /// Adds the ratings and feedback; deterministic, inside the seed's transaction.
    static func seed(now: Date, on db: any Database) async throws {
        guard let commune = try await Commune.query(on: db).filter(\.$slug == DemoData.communes[0].slug).first(), let communeID = commune.id else { return }
        let returned = try await Dossier.query(on: db).filter(\.$commune.$id == communeID).filter(\.$status == DossierStatus.returned.rawValue).sort(\.$code).all()
        // Mostly satisfied, as the province's surveys report, with a few who were not.
        let levels: [SatisfactionLevel] = [.verySatisfied, .satisfied, .verySatisfied, .satisfied, .neutral, .verySatisfied, .dissatisfied, .satisfied, .verySatisfied, .veryDissatisfied]
        for (index, dossier) in returned.prefix(levels.count * 2).enumerated() where index % 2 == 0 {
            let rating = DossierRating()
            rating.$commune.id = communeID
            rating.$dossier.id = try dossier.requireID()
            rating.dossierCode = dossier.code
            rating.level = levels[index / 2].rawValue
            rating.comment = levels[index / 2].rawValue <= 2 ? "Phải đi lại hai lần mới nhận được kết quả." : nil
            rating.createdAt = dossier.returnedAt ?? now
            try await rating.create(on: db)
        }
        let day = 86_400.0
        let items: [(FeedbackItem.Topic, String?, String, Date, (String, Date)?)] = [
            (.center, nil, "Đề nghị bố trí thêm ghế chờ và nước uống tại Trung tâm Phục vụ hành chính công.", now.addingTimeInterval(-40 * day),
             ("UBND xã đã bổ sung 20 ghế chờ và bình nước uống miễn phí tại Trung tâm.", now.addingTimeInterval(-35 * day))),
            (.dossier, returned.last?.code, "Hồ sơ của tôi được hẹn trả nhưng đến ngày hẹn vẫn chưa có kết quả.", now.addingTimeInterval(-30 * day),
             ("Hồ sơ chậm do chờ xác minh; UBND xã đã gửi phiếu xin lỗi và trả kết quả. Xin cảm ơn ông/bà đã phản ánh.", now.addingTimeInterval(-10 * day))),
            (.officer, nil, "Cán bộ tiếp nhận hướng dẫn nhiệt tình, đề nghị khen thưởng.", now.addingTimeInterval(-25 * day), nil),
            (.other, nil, "Đề nghị niêm yết thêm số điện thoại đường dây nóng của xã tại cổng trụ sở.", now.addingTimeInterval(-3 * day), nil),
        ]
        for (index, (topic, dossierCode, content, received, answer)) in items.enumerated() {
            let item = FeedbackItem()
            item.$commune.id = communeID
            item.code = "PA-DEMO\(index + 1)"
            item.topic = topic
            item.dossierCode = dossierCode
            item.content = content
            // Ten working days are about fourteen calendar days.
            item.dueAt = received.addingTimeInterval(14 * day)
            item.answer = answer?.0
            item.answeredAt = answer?.1
            item.answeredBy = answer == nil ? nil : "lanhdao"
            try await item.create(on: db)
        }
    }
}

import Fluent
import Foundation
import Vapor

/// Demo data of personal data protection in xã Phụng Công: officers' accesses to the demo citizen's dossiers (so that
/// her page "Ai đã xem dữ liệu của tôi" has entries) and a ten-year retention period.
enum PrivacyDemo {
    static func seed(_ app: Application) async throws {
        guard let account = try await CitizenAccount.query(on: app.db).filter(\.$idNumber == CitizenDemoData.idNumber).first() else { return }
        let dossierIDs = try await CitizenDossierLink.query(on: app.db).filter(\.$account.$id == account.requireID()).all(\.$dossier.$id)
        // The citizen's dossiers are seeded only with the demo dossiers (`motcua seed`), not in most tests.
        guard !dossierIDs.isEmpty else { return }
        let dossiers = try await Dossier.query(on: app.db).filter(\.$id ~~ dossierIDs).sort(\.$createdAt).all()
        let officers = try await Officer.query(on: app.db).filter(\.$username ~~ ["tiepnhan", "chuyenvien", "lanhdao"]).all()
        let byUsername = Dictionary(officers.map { ($0.username, $0) }, uniquingKeysWith: { first, _ in first })
        let now = app.clock.now()
        let visits: [(username: String, purpose: String, reason: String?, hoursAgo: Double)] = [
            ("tiepnhan", "Xem hồ sơ", nil, 50),
            ("tiepnhan", "In mẫu số 01 (giấy tiếp nhận hồ sơ và hẹn trả kết quả)", nil, 49.5),
            ("chuyenvien", "Xem bản quét Tờ khai", nil, 26),
            ("lanhdao", "Xuất sổ theo dõi hồ sơ (tệp CSV)", "Báo cáo tháng gửi UBND tỉnh về hồ sơ tiếp nhận trực tuyến", 3),
        ]
        let communeID = dossiers.first?.$commune.id
        try await app.writeTransaction { db in
            guard try await PersonalDataAccess.query(on: db).filter(\.$dossierID ~~ dossierIDs).count() == 0 else { return }
            for dossier in dossiers {
                for visit in visits {
                    guard let officer = byUsername[visit.username] else { continue }
                    let access = PersonalDataAccess()
                    access.communeID = dossier.$commune.id
                    access.dossierID = try dossier.requireID()
                    access.officerID = try officer.requireID()
                    access.officerUsername = officer.username
                    access.purpose = visit.purpose
                    access.reason = visit.reason
                    access.occurredAt = now.addingTimeInterval(-visit.hoursAgo * 3600)
                    access.clientAddress = "127.0.0.1"
                    try await access.create(on: db)
                }
            }
            if let communeID, try await PersonalDataRetentionRule.query(on: db).filter(\.$commune.$id == communeID).count() == 0 {
                let rule = PersonalDataRetentionRule()
                rule.$commune.id = communeID
                rule.years = 10
                rule.updatedBy = "lanhdao"
                rule.updatedAt = now
                rule.lastRunCount = 0
                try await rule.create(on: db)
            }
        }
    }
}

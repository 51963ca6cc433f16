import Fluent
import Foundation
import MotCuaCore

/// Demo public services: kinds of report in every commune; in xã Phụng Công also collection routes, lights,
/// the Open311 key `demo-open311-key` and three weeks of reports in every status.
enum PublicServicesDemo {
    /// The demo Open311 key of xã Phụng Công, printed in the README.
    static let open311Key = "demo-open311-key"

    struct Kind {
        let code: String
        let name: String
        let description: String
        let topic: ServiceTopic
        let unit: DepartmentKind
        let responseTime: ServiceResponseTime
        let questions: [ServiceQuestion]
        let keywords: String
    }

    static let kinds: [Kind] = [
        Kind(code: "den-duong-hong", name: "Đèn đường hỏng", description: "Đèn chiếu sáng công cộng không sáng, chập chờn hoặc sáng cả ban ngày.",
             topic: .lighting, unit: .economy, responseTime: .workingDays(2),
             questions: [ServiceQuestion(code: ServiceRequestService.lightPointQuestionCode, datatype: .string, required: false, description: "Mã cột đèn (số sơn trên cột), nếu thấy")],
             keywords: "đèn, chiếu sáng, cột đèn"),
        Kind(code: "rac-chua-thu-gom", name: "Rác chưa được thu gom", description: "Xe thu gom không đến theo lịch, rác tồn đọng ở điểm tập kết.",
             topic: .collection, unit: .economy, responseTime: .workingHours(8), questions: [], keywords: "rác, thu gom, vệ sinh"),
        Kind(code: "do-rac-trai-phep", name: "Đổ rác, phế thải trái phép", description: "Rác, phế thải xây dựng đổ ở nơi không được phép.",
             topic: .environment, unit: .economy, responseTime: .workingDays(3),
             questions: [ServiceQuestion(code: "khoi_luong", datatype: .singlevaluelist, required: false, description: "Khối lượng ước tính",
                                         choices: [.init(key: "nho", name: "Dưới 1 xe ba gác"), .init(key: "vua", name: "Vài xe ba gác"), .init(key: "lon", name: "Từ một xe tải trở lên")])],
             keywords: "phế thải, đổ trộm"),
        Kind(code: "duong-hu-hong", name: "Đường, cống hư hỏng", description: "Ổ gà, sụt lún, nắp cống vỡ, cầu cống hư hỏng.",
             topic: .road, unit: .economy, responseTime: .workingDays(5), questions: [], keywords: "đường, ổ gà, cống"),
        Kind(code: "ngap-ung", name: "Ngập úng", description: "Đường, ngõ ngập nước sau mưa, cống tắc.",
             topic: .environment, unit: .economy, responseTime: .workingHours(4), questions: [], keywords: "ngập, mưa, cống tắc"),
    ]

    /// Seeds every commune's kinds of report, and Phụng Công's routes, lights, key and reports.
    static func seed(phungCongSlug: String, now: Date, calendar: WorkingDayCalendar, on db: any Database) async throws {
        let communes = try await Commune.query(on: db).all()
        for commune in communes {
            let communeID = try commune.requireID()
            let units = try await Department.query(on: db).filter(\.$commune.$id == communeID).all()
            var types: [String: ServiceType] = [:]
            for kind in kinds {
                guard let unit = units.first(where: { $0.kind == kind.unit }) ?? units.first else { continue }
                let type = ServiceType()
                type.$commune.id = communeID
                type.$department.id = try unit.requireID()
                type.code = kind.code
                type.name = kind.name
                type.description = kind.description
                type.topic = kind.topic
                type.responseUnit = kind.responseTime.unit
                type.responseAmount = kind.responseTime.amount
                type.questionsJSON = String(decoding: try JSONEncoder().encode(kind.questions), as: UTF8.self)
                type.keywords = kind.keywords
                type.isActive = true
                try await type.create(on: db)
                types[kind.code] = type
            }
            if commune.slug == phungCongSlug {
                try await seedPhungCong(communeID: communeID, types: types, now: now, calendar: calendar, on: db)
            }
        }
    }

    private static func seedPhungCong(communeID: UUID, types: [String: ServiceType], now: Date, calendar: WorkingDayCalendar, on db: any Database) async throws {
        let routes: [(String, [String], String, Int, Int)] = [
            ("Tuyến 1 — Đông Cầu, Phụng Công", ["Thôn Đông Cầu", "Thôn Phụng Công"], "2, 4, 6", 5 * 60 + 30, 7 * 60),
            ("Tuyến 2 — Đa Ngưu, Xuân Quan", ["Thôn Đa Ngưu", "Thôn Xuân Quan"], "3, 5, 7", 5 * 60 + 30, 7 * 60),
            ("Tuyến 3 — Tổ dân phố ven đê", ["Tổ dân phố 1", "Tổ dân phố 2", "Đường đê tả sông Hồng"], "2, 3, 4, 5, 6, 7, CN", 16 * 60 + 30, 18 * 60),
        ]
        var routeRecords: [CollectionRouteRecord] = []
        for (name, areas, weekdays, start, end) in routes {
            let record = CollectionRouteRecord()
            record.$commune.id = communeID
            record.name = name
            record.areas = areas.joined(separator: "\n")
            record.weekdays = weekdays
            record.startMinute = start
            record.endMinute = end
            record.collector = "HTX Dịch vụ môi trường Phụng Công"
            record.collectorPhone = "0221 3787 216"
            record.isActive = true
            try await record.create(on: db)
            routeRecords.append(record)
        }
        var lights: [LightPoint] = []
        for number in 1...12 {
            let light = LightPoint()
            light.$commune.id = communeID
            light.code = String(format: "PC-CS-%03d", number)
            light.location = number <= 6 ? "Đường trục thôn Đông Cầu, cột số \(number)" : "Đường đê tả sông Hồng, đoạn tổ dân phố \(number <= 9 ? 1 : 2)"
            light.circuit = number <= 6 ? "Tủ điện Đông Cầu 1" : "Tủ điện Đê 2"
            light.onTime = "18:00"
            light.offTime = "05:30"
            light.lampCount = number <= 6 ? 1 : 2
            light.isActive = true
            try await light.create(on: db)
            lights.append(light)
        }
        let client = Open311Client()
        client.$commune.id = communeID
        client.name = "Ứng dụng thử nghiệm Open311"
        client.contact = "Phòng Kinh tế xã Phụng Công"
        client.keyHash = AccessToken.hash(open311Key)
        client.keyPrefix = String(open311Key.prefix(6))
        client.issuedBy = "admin"
        try await client.create(on: db)

        // (days ago, kind, description, address, statuses after the report, light index, reporter)
        let stories: [(Double, String, String, String, [ServiceRequestStatus], Int?, String?)] = [
            (20, "den-duong-hong", "Đèn cột số 3 không sáng ba đêm nay, đoạn đường tối.", "Đường trục thôn Đông Cầu, gần nhà văn hoá", [.acknowledged, .inProgress, .fixed, .closed], 2, "Nguyễn Văn Toàn|0912 345 678"),
            (16, "rac-chua-thu-gom", "Thứ Sáu xe rác không đến, rác tràn ra đường.", "Điểm tập kết thôn Phụng Công", [.acknowledged, .fixed], nil, nil),
            (13, "duong-hu-hong", "Ổ gà lớn giữa đường, xe máy dễ ngã khi trời tối.", "Ngõ 5 thôn Đa Ngưu", [.acknowledged, .scheduled], nil, "Trần Thị Hằng|0987 111 222"),
            (11, "do-rac-trai-phep", "Có người đổ phế thải xây dựng ra bãi ven đê.", "Đường đê tả sông Hồng, tổ dân phố 2", [.acknowledged, .inProgress], nil, nil),
            (9, "den-duong-hong", "Cả dãy đèn ven đê tắt từ tối qua.", "Đường đê tả sông Hồng, tổ dân phố 1", [.acknowledged, .fixed], 7, nil),
            (8, "den-duong-hong", "Đèn ven đê tắt cả dãy.", "Đường đê tả sông Hồng", [.duplicate], nil, nil),
            (6, "ngap-ung", "Mưa to, nước ngập ngang bánh xe ở đầu ngõ.", "Thôn Xuân Quan, ngõ 2", [.acknowledged, .noFurtherAction], nil, nil),
            (5, "duong-hu-hong", "Cống thoát nước đường tỉnh bị vỡ nắp.", "Đường tỉnh 379 qua xã", [.notOurResponsibility], nil, "Lê Minh|minh@example.vn"),
            (3, "rac-chua-thu-gom", "Hai hôm nay rác chưa được thu.", "Tổ dân phố 2", [.acknowledged], nil, nil),
            (2, "den-duong-hong", "Đèn sáng cả ban ngày, lãng phí điện.", "Đường trục thôn Đông Cầu", [], 4, nil),
            (1, "do-rac-trai-phep", "Túi rác vứt bên mương.", "Thôn Phụng Công, cạnh trạm bơm", [], nil, "Phạm Văn Đức|0903 456 789"),
            (0.2, "ngap-ung", "Cống tắc, nước không rút.", "Thôn Đông Cầu, xóm Giữa", [], nil, nil),
        ]
        let notes: [ServiceRequestStatus: String] = [
            .acknowledged: "Đã giao Phòng Kinh tế kiểm tra hiện trường.",
            .inProgress: "Đơn vị đang xử lý tại hiện trường.",
            .scheduled: "Đã đưa vào kế hoạch vá đường tuần tới.",
            .fixed: "Đã khắc phục xong.",
            .closed: "Người dân xác nhận đã khắc phục.",
            .duplicate: "Trùng với phản ánh trước về dãy đèn ven đê.",
            .noFurtherAction: "Nước đã rút sau 2 giờ; xã sẽ nạo vét cống trong đợt ra quân tháng tới.",
            .notOurResponsibility: "Đường tỉnh do Sở Xây dựng quản lý; xã đã chuyển phản ánh tới Sở.",
        ]
        var created: [ServiceRequest] = []
        for (index, story) in stories.enumerated() {
            guard let type = types[story.1] else { continue }
            let requestedAt = now.addingTimeInterval(-story.0 * 86_400)
            let request = ServiceRequest()
            request.$commune.id = communeID
            request.$serviceType.id = try type.requireID()
            request.code = "SC-\(LocalDateTime(requestedAt)?.date.year ?? 2026)-" + String(format: "%06d", index + 1)
            request.tokenHash = AccessToken.hash("demo-token-\(index + 1)")
            request.description = story.2
            request.address = story.3
            request.answersJSON = story.5.map { "{\"\(ServiceRequestService.lightPointQuestionCode)\":\"\(lights[$0].code)\"}" } ?? "{}"
            request.channel = index % 4 == 3 ? .open311 : .web
            if request.channel == .open311 { request.$apiClient.id = try client.requireID() }
            let reporter = story.6?.split(separator: "|").map(String.init)
            request.reporterName = reporter?.first
            if let contact = reporter?.last { if contact.contains("@") { request.reporterEmail = contact } else { request.reporterPhone = contact } }
            request.requestedAt = requestedAt
            request.expectedAt = calendar.expectedResponse(to: requestedAt, within: type.responseTime)?.instant ?? requestedAt
            request.status = .open
            request.version = 1 + story.4.count
            request.$lightPoint.id = try story.5.map { try lights[$0].requireID() }
            let areaRoutes = routeRecords.map(\.route)
            if type.topic == .collection, let routeIndex = CollectionSchedule.routeIndex(serving: story.3, among: areaRoutes) {
                request.$collectionRoute.id = try routeRecords[routeIndex].requireID()
            }
            if story.4.contains(.duplicate), let original = created.last(where: { $0.$serviceType.id == type.id }) {
                request.$duplicateOf.id = try original.requireID()
            }
            var clock = requestedAt
            var steps: [(ServiceRequestStatus, Date)] = [(.open, requestedAt)]
            for status in story.4 {
                clock = clock.addingTimeInterval(Double(5 + steps.count * 7) * 3600)
                steps.append((status, min(clock, now)))
                request.status = status
                if status == .fixed { request.fixedAt = min(clock, now) }
                request.finishedAt = status.isFinished ? min(clock, now) : nil
            }
            request.updatedAt = steps.last?.1 ?? requestedAt
            try await request.create(on: db)
            for (step, (status, at)) in steps.enumerated() {
                let author: ServiceRequestUpdate.Author = step == 0 ? .system : (status == .closed ? .citizen : .staff)
                try await ServiceRequestService.recordUpdate(
                    request, status: status, note: step == 0 ? "Đã tiếp nhận phản ánh." : (notes[status] ?? ""),
                    author: author, officer: author == .staff ? "truongphong" : nil, at: at, on: db)
            }
            created.append(request)
        }
        // Later reports of the day are numbered after the demo ones.
        if let year = LocalDateTime(now)?.date.year {
            try await ServiceRequestNumbering.reserve(stories.count, communeID: communeID, year: year, on: db)
        }
    }
}

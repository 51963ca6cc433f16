import Fluent
import Foundation
import MotCuaCore

/// The organisation of a generated province: communes with their units and officers, kinds of fault report and
/// service-center counters, made through the application's own models (a few thousand rows).
enum BenchOrganisation {
    /// One generated commune and the people and places the dossiers need.
    struct GeneratedCommune: Sendable {
        let id: UUID
        let index: Int
        let name: String
        let fullName: String
        let agencyIdentifier: String
        let webDomain: String
        let staff: BenchStaff
        /// Kinds of fault report: id, code and response time.
        let serviceTypes: [(id: UUID, code: String, responseTime: ServiceResponseTime)]
        /// Queue lines by service key: block and the counter that serves it.
        let lines: [String: (block: Int, counterID: UUID)]
    }

    /// The officer whose work queue and dossier pages the bench loads: the first specialist of the first commune.
    static let benchSpecialist = "chuyenvien.x001"
    /// The counter officer who files dossiers through the API in the bench.
    static let benchCounterOfficer = "tiepnhan.x001"
    /// The province officer who looks at the dashboard.
    static let benchProvinceOfficer = "tinh"

    private static let placeNames = [
        "An Bình", "Tân Lập", "Đông Hưng", "Minh Khai", "Hồng Phong", "Quang Trung", "Thanh Long", "Việt Hưng", "Hoà Phong", "Đại Đồng",
        "Phú Thịnh", "Lạc Hồng", "Kim Động", "Tiên Lữ", "Ân Thi", "Khoái Châu", "Yên Mỹ", "Mỹ Hào", "Phù Cừ", "Văn Lâm",
        "Nghĩa Dân", "Tống Trân", "Hoàng Hoa Thám", "Nguyễn Trãi", "Lê Lợi", "Bãi Sậy", "Chí Minh", "Xuân Trúc", "Đức Hợp", "Hùng An",
    ]

    /// Units of every commune and how many specialists each has (civil status and certification are most of the work).
    private static let units: [(kind: DepartmentKind, specialists: Int)] = [
        (.officeOfCouncilAndCommittee, 3), (.economy, 1), (.cultureAndSociety, 1), (.serviceCenter, 1), (.police, 1),
    ]

    /// Creates the province and `count` communes with everything but the dossiers.
    static func create(communes count: Int, passwordHash: String, seed: UInt64, on db: any Database) async throws -> [GeneratedCommune] {
        let province = Province(id: BenchIdentifiers.uuid(.province, 0, seed: seed), code: "33", name: "Hưng Yên")
        try await province.create(on: db)
        let provinceID = try province.requireID()
        for (username, name, role) in [(benchProvinceOfficer, "Vũ Thị Lan", Role.provinceOffice), ("quantritinh", "Phan Đức Long", .systemAdministrator)] {
            try await Officer(provinceID: provinceID, communeID: nil, departmentID: nil, username: username, fullName: name, jobTitle: role.vietnameseName, roles: [role], passwordHash: passwordHash).create(on: db)
        }
        var generated: [GeneratedCommune] = []
        for index in 1...count {
            let number = String(format: "%03d", index)
            let base = placeNames[(index - 1) % placeNames.count]
            let name = index <= placeNames.count ? base : "\(base) \((index - 1) / placeNames.count + 1)"
            let suffix = "x\(number)"
            let commune = Commune(
                id: BenchIdentifiers.uuid(.commune, index, seed: seed), provinceID: provinceID, name: name, kind: index % 9 == 0 ? .phuong : .xa,
                slug: "xa-\(number)", agencyIdentifier: "H33.60.\(number)", webDomain: "\(suffix).hungyen.gov.vn", address: "UBND \(name), tỉnh Hưng Yên"
            )
            try await commune.create(on: db)
            let communeID = try commune.requireID()
            var departments: [String: (id: UUID, head: BenchStaff.Person, specialists: [BenchStaff.Person])] = [:]
            var departmentRows: [DepartmentKind: Department] = [:]
            var counterOfficers: [BenchStaff.Person] = []
            func officer(_ username: String, _ fullName: String, _ role: Role, _ department: Department?) async throws -> BenchStaff.Person {
                let row = Officer(provinceID: provinceID, communeID: communeID, departmentID: department?.id, username: username, fullName: fullName, jobTitle: role.vietnameseName, roles: [role], passwordHash: passwordHash)
                try await row.create(on: db)
                return BenchStaff.Person(id: try row.requireID(), username: username, actor: DossierActor(username: username, roles: [role]), unitName: department?.name ?? commune.fullName)
            }
            for (unitIndex, unit) in units.enumerated() {
                let department = Department(id: UUID(), communeID: communeID, name: unit.kind.vietnameseName, kind: unit.kind, phone: String(format: "0221.36%02d.%03d", index % 100, 100 + unitIndex))
                try await department.create(on: db)
                departmentRows[unit.kind] = department
                let key = unit.kind == .officeOfCouncilAndCommittee ? "" : ".\(unit.kind.rawValue.replacingOccurrences(of: "_", with: ""))"
                let head = try await officer("truongphong\(key).\(suffix)", BenchNames.person(index * 100 + unitIndex), .departmentHead, department)
                var specialists: [BenchStaff.Person] = []
                for position in 0..<unit.specialists {
                    let username = position == 0 ? "chuyenvien\(key).\(suffix)" : "chuyenvien\(position + 1)\(key).\(suffix)"
                    specialists.append(try await officer(username, BenchNames.person(index * 100 + unitIndex * 10 + position + 50), .specialist, department))
                }
                departments[unit.kind.rawValue] = (try department.requireID(), head, specialists)
            }
            for position in 0..<2 {
                let username = position == 0 ? "tiepnhan.\(suffix)" : "tiepnhan2.\(suffix)"
                counterOfficers.append(try await officer(username, BenchNames.person(index * 100 + 90 + position), .counterOfficer, departmentRows[.serviceCenter]))
            }
            let leader = try await officer("lanhdao.\(suffix)", BenchNames.person(index * 100 + 99), .communeLeader, nil)
            generated.append(GeneratedCommune(
                id: communeID, index: index, name: name, fullName: commune.fullName, agencyIdentifier: commune.agencyIdentifier,
                webDomain: commune.webDomain ?? "", staff: BenchStaff(counterOfficers: counterOfficers, leader: leader, departments: departments),
                serviceTypes: [], lines: [:]
            ))
        }
        // Kinds of fault report, as the demo gives every commune; then the counters.
        try await PublicServicesDemo.seed(phungCongSlug: "", now: Date(timeIntervalSince1970: 0), calendar: .bundled, on: db)
        var complete: [GeneratedCommune] = []
        for commune in generated {
            let types = try await ServiceType.query(on: db).filter(\.$commune.$id == commune.id).sort(\.$code).all()
            var lines: [String: (block: Int, counterID: UUID)] = [:]
            for demo in DemoFloor.otherCounters {
                let counter = FloorCounter()
                counter.$commune.id = commune.id
                counter.number = demo.number
                counter.name = demo.name
                counter.servicesText = FloorService.storedList(demo.services)
                counter.isActive = true
                try await FloorQueue.ensureLines(for: demo.services, communeID: commune.id, on: db)
                try await counter.create(on: db)
                let counterID = try counter.requireID()
                for line in try await FloorServiceLine.query(on: db).filter(\.$commune.$id == commune.id).all() where demo.services.contains(where: { $0.key == line.serviceKey }) {
                    lines[line.serviceKey] = (line.block, counterID)
                }
            }
            complete.append(GeneratedCommune(
                id: commune.id, index: commune.index, name: commune.name, fullName: commune.fullName, agencyIdentifier: commune.agencyIdentifier,
                webDomain: commune.webDomain, staff: commune.staff,
                serviceTypes: try types.map { (try $0.requireID(), $0.code, $0.responseTime) }, lines: lines
            ))
        }
        return complete
    }
}

/// Deterministic identifiers: a kind, a running number and the seed, so that rows of one kind arrive in key order
/// (appending to the primary-key index instead of splitting its pages at random) and two runs give the same ids.
enum BenchIdentifiers {
    enum Kind: UInt8 {
        case province = 1, commune, dossier, event, document, rating, ticket, counterRating, serviceRequest, serviceUpdate, sequence, summary
    }

    static func uuid(_ kind: Kind, _ number: Int, seed: UInt64) -> UUID {
        let n = UInt64(number)
        let s = seed &* 0x9E37_79B9_7F4A_7C15
        return UUID(uuid: (
            kind.rawValue, UInt8(truncatingIfNeeded: s >> 56), UInt8(truncatingIfNeeded: s >> 48), UInt8(truncatingIfNeeded: s >> 40),
            UInt8(truncatingIfNeeded: s >> 32), UInt8(truncatingIfNeeded: s >> 24), 0x40 | UInt8(truncatingIfNeeded: s >> 16) & 0x0F, UInt8(truncatingIfNeeded: s >> 8),
            0x80 | UInt8(truncatingIfNeeded: n >> 56) & 0x3F, UInt8(truncatingIfNeeded: n >> 48), UInt8(truncatingIfNeeded: n >> 40), UInt8(truncatingIfNeeded: n >> 32),
            UInt8(truncatingIfNeeded: n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)
        ))
    }
}

/// Vietnamese names for generated people, drawn from common family, middle and given names.
enum BenchNames {
    static let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
    static let middles = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Thanh", "Hữu", "Ngọc", "Xuân"]
    static let givens = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến"]

    static func person(_ number: Int) -> String {
        let n = abs(number &* 2_654_435_761)
        return "\(families[n % families.count]) \(middles[(n / 7) % middles.count]) \(givens[(n / 71) % givens.count])"
    }
}

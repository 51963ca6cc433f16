import Foundation

/// The adapter protocol that provincial one-stop systems speak with the National Public Service Portal (Cổng Dịch vụ
/// công quốc gia), which Quyết định 31/2021/QĐ-TTg, Điều 30, requires them to send every dossier, its progress and its
/// result to. The field names and services are those of the provincial adapter as the open-source VietOpenCPS system
/// calls it (`DVCQGIntegrationActionImpl`): a sign-in that returns a session, then JSON posts naming a `service`.
public enum NationalPortal {
    /// The services MotCua calls.
    public enum Service: String, Sendable, CaseIterable {
        /// Whether the portal holds a dossier code.
        case lookUp = "TraCuuHoSo"
        /// Creates or updates a dossier (`isUpdating` says which).
        case syncDossier = "DongBoHoSoMC"
        /// Adds one processing step to a dossier's progress.
        case updateProgress = "CapNhatTienDoHoSoMC"
    }

    /// A time as the portal writes it: `yyyyMMddHHmmss` in Vietnam time; the empty string when there is none.
    public static func timestamp(_ instant: Date?) -> String {
        guard let instant, let local = LocalDateTime(instant) else { return "" }
        let date = local.date
        return String(format: "%04d%02d%02d%02d%02d%02d", date.year, date.month, date.day, local.hour, local.minute, local.second)
    }

    /// The instant a portal timestamp names, or `nil` for one that is not `yyyyMMddHHmmss`.
    public static func instant(fromTimestamp text: String) -> Date? {
        let digits = Array(text.utf8)
        guard digits.count == 14, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        func number(_ range: Range<Int>) -> Int { Int(String(decoding: digits[range], as: UTF8.self))! }
        guard let date = CivilDate(year: number(0..<4), month: number(4..<6), day: number(6..<8)),
              let local = LocalDateTime(date: date, hour: number(8..<10), minute: number(10..<12), second: number(12..<14))
        else { return nil }
        return local.instant
    }

    /// The channel code (`KenhThucHien`): 1 at the desk, 2 online, 3 by post.
    public static func channelCode(_ channel: IntakeChannel) -> String {
        switch channel {
        case .counter: "1"
        case .online: "2"
        case .post: "3"
        }
    }

    /// Whether the result goes back by post (`HinhThuc` 1) or is collected or sent electronically (0).
    public static func returnByPostCode(_ method: ReturnMethod?) -> String {
        method == .post ? "1" : "0"
    }

    /// The applicant type (`LoaiDoiTuong`): 1 a person, 2 an organisation or business.
    public static func applicantTypeCode(_ kind: Applicant.Kind) -> String {
        switch kind {
        case .person: "1"
        case .organisation: "2"
        }
    }
}

/// A dossier as `DongBoHoSoMC` carries it: the portal's record of the dossier, replaced whole on every update.
public struct PortalDossierRecord: Codable, Equatable, Sendable {
    public var dossierCode: String
    public var procedureCode: String
    public var procedureName: String
    public var fieldCode: String
    public var fieldName: String
    public var applicantName: String
    public var applicantType: String
    public var email: String
    public var phone: String
    public var summary: String
    public var receivedAt: String
    public var dueAt: String
    public var nationalStatus: String
    public var returnedAt: String
    public var returnByPost: String
    public var channel: String
    public var completedAt: String
    public var handlingUnit: String
    public var submittedDocuments: [SubmittedDocument]
    public var fees: [Fee]
    public var supplements: [SupplementRound]
    public var resultDocuments: [ResultDocument]
    /// Whether the fee was paid online (`DuocThanhToanTrucTuyen`): `0` no, `1` on the national portal, `2` through the
    /// province's or ministry's own payment gateway, as the portal's guide to Decision 766 indicator 3.6 defines it.
    public var paidOnline: String

    enum CodingKeys: String, CodingKey {
        case dossierCode = "MaHoSo", procedureCode = "MaTTHC", procedureName = "TenTTHC", fieldCode = "MaLinhVuc", fieldName = "TenLinhVuc"
        case applicantName = "ChuHoSo", applicantType = "LoaiDoiTuong", email = "Email", phone = "SoDienThoai", summary = "TrichYeuHoSo"
        case receivedAt = "NgayTiepNhan", dueAt = "NgayHenTra", nationalStatus = "TrangThaiHoSo", returnedAt = "NgayTra"
        case returnByPost = "HinhThuc", channel = "KenhThucHien", completedAt = "NgayKetThucXuLy", handlingUnit = "DonViXuLy"
        case submittedDocuments = "TaiLieuNop", fees = "DanhSachLePhi", supplements = "DanhSachHoSoBoSung", resultDocuments = "DanhSachGiayToKetQua"
        case paidOnline = "DuocThanhToanTrucTuyen"
    }

    /// A document handed in with the dossier (`TaiLieuNop`); MotCua sends its name and place in the procedure's list,
    /// never the scan itself.
    public struct SubmittedDocument: Codable, Equatable, Sendable {
        public var name: String
        public var componentCode: String
        public var isDeleted: String
        enum CodingKeys: String, CodingKey { case name = "TenTepDinhKem", componentCode = "MaThanhPhanHoSo", isDeleted = "IsDeleted" }
        public init(name: String, componentCode: String) {
            self.name = name
            self.componentCode = componentCode
            self.isDeleted = "0"
        }
    }

    /// A fee or charge of the dossier (`DanhSachLePhi`), in whole đồng.
    public struct Fee: Codable, Equatable, Sendable {
        public var name: String
        public var code: String
        /// How it is collected: 1 at the desk, 2 online.
        public var collection: String
        public var amount: Int64
        /// 1 a fee (phí), 2 a charge (lệ phí).
        public var kind: String
        enum CodingKeys: String, CodingKey { case name = "TenPhiLePhi", code = "MaPhiLePhi", collection = "HinhThucThu", amount = "Gia", kind = "LoaiPhiLePhi" }
        public init(name: String, code: String, collection: String, amount: Int64, kind: String) {
            self.name = name
            self.code = code
            self.collection = collection
            self.amount = amount
            self.kind = kind
        }
    }

    /// One request for a supplement and its answer (`DanhSachHoSoBoSung`), with the appointed dates before and after.
    public struct SupplementRound: Codable, Equatable, Sendable {
        public var roundID: String
        public var requestedBy: String
        public var content: String
        public var requestedAt: String
        public var providedAt: String
        /// 0 waiting for the applicant, 1 received.
        public var state: String
        public var dueBefore: String
        public var dueAfter: String
        enum CodingKeys: String, CodingKey {
            case roundID = "HoSoBoSungId", requestedBy = "NguoiYeuCauBoSung", content = "NoiDungBoSung", requestedAt = "NgayBoSung"
            case providedAt = "NgayTiepNhanBoSung", state = "TrangThaiBoSung", dueBefore = "NgayHenTraTruoc", dueAfter = "NgayHenTraMoi"
        }
    }

    /// A result paper of the dossier (`DanhSachGiayToKetQua`).
    public struct ResultDocument: Codable, Equatable, Sendable {
        public var name: String
        public var documentID: String
        enum CodingKeys: String, CodingKey { case name = "TenGiayTo", documentID = "GiayToId" }
        public init(name: String, documentID: String) {
            self.name = name
            self.documentID = documentID
        }
    }

    /// Creates a record; times are portal timestamps (`NationalPortal.timestamp`).
    public init(
        dossierCode: String, procedureCode: String, procedureName: String, fieldCode: String, fieldName: String, applicantName: String,
        applicantType: String, email: String, phone: String, summary: String, receivedAt: String, dueAt: String, nationalStatus: String,
        returnedAt: String, returnByPost: String, channel: String, completedAt: String, handlingUnit: String,
        submittedDocuments: [SubmittedDocument], fees: [Fee], supplements: [SupplementRound], resultDocuments: [ResultDocument], paidOnline: String = "0"
    ) {
        self.dossierCode = dossierCode
        self.procedureCode = procedureCode
        self.procedureName = procedureName
        self.fieldCode = fieldCode
        self.fieldName = fieldName
        self.applicantName = applicantName
        self.applicantType = applicantType
        self.email = email
        self.phone = phone
        self.summary = summary
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.nationalStatus = nationalStatus
        self.returnedAt = returnedAt
        self.returnByPost = returnByPost
        self.channel = channel
        self.completedAt = completedAt
        self.handlingUnit = handlingUnit
        self.submittedDocuments = submittedDocuments
        self.fees = fees
        self.supplements = supplements
        self.resultDocuments = resultDocuments
        self.paidOnline = paidOnline
    }
}

/// One processing step as `CapNhatTienDoHoSoMC` carries it.
public struct PortalProgressRecord: Codable, Equatable, Sendable {
    public var dossierCode: String
    public var officerName: String
    public var officerTitle: String
    public var occurredAt: String
    public var unit: String
    public var content: String
    public var nationalStatus: String
    public var startedAt: String
    public var dueAt: String

    enum CodingKeys: String, CodingKey {
        case dossierCode = "MaHoSo", officerName = "NguoiXuLy", officerTitle = "ChucDanh", occurredAt = "ThoiDiemXuLy", unit = "PhongBanXuLy"
        case content = "NoiDungXuLy", nationalStatus = "TrangThai", startedAt = "NgayBatDau", dueAt = "NgayKetThucTheoQuyDinh"
    }

    /// Creates a step record; times are portal timestamps.
    public init(dossierCode: String, officerName: String, officerTitle: String, occurredAt: String, unit: String, content: String, nationalStatus: String, startedAt: String, dueAt: String) {
        self.dossierCode = dossierCode
        self.officerName = officerName
        self.officerTitle = officerTitle
        self.occurredAt = occurredAt
        self.unit = unit
        self.content = content
        self.nationalStatus = nationalStatus
        self.startedAt = startedAt
        self.dueAt = dueAt
    }
}

/// What the portal answered: `error_code` "0" or "00" is success; anything else is the portal refusing the call.
public struct PortalReply: Decodable, Equatable, Sendable {
    public let errorCode: String
    public let message: String?
    public let session: String?
    /// `TraCuuHoSo` lists what the portal holds under `result`; its length is all MotCua reads.
    public let resultCount: Int

    public var isSuccess: Bool { errorCode == "0" || errorCode == "00" }

    enum CodingKeys: String, CodingKey { case errorCode = "error_code", message, errorMessage = "error_message", session, result }

    /// Reads a reply whose `error_code` may be a number or a string, and whose message may be under either name.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let number = try? container.decode(Int.self, forKey: .errorCode) {
            errorCode = String(number)
        } else {
            errorCode = try container.decode(String.self, forKey: .errorCode)
        }
        message = (try? container.decodeIfPresent(String.self, forKey: .message)) ?? (try? container.decodeIfPresent(String.self, forKey: .errorMessage)) ?? nil
        session = try? container.decodeIfPresent(String.self, forKey: .session)
        resultCount = (try? container.decodeIfPresent([AnyJSON].self, forKey: .result))??.count ?? 0
    }

    /// Creates a reply (tests).
    public init(errorCode: String, message: String? = nil, session: String? = nil, resultCount: Int = 0) {
        self.errorCode = errorCode
        self.message = message
        self.session = session
        self.resultCount = resultCount
    }

    /// Any JSON value, skipped: only the number of results counts.
    private struct AnyJSON: Decodable {
        init(from decoder: any Decoder) throws {}
    }
}

/// When a dossier's synchronisation is tried again after the portal could not be reached: from 30 seconds, doubling,
/// up to an hour, and never given up, because every dossier must reach the portal in the end. A refusal by the portal
/// is not retried: it goes to the dead letters, for a person to look at.
public enum PortalRetryPolicy {
    /// The longest wait between two attempts.
    public static let longestDelay: TimeInterval = 3600

    /// The time of the next attempt after `failures` failed ones.
    public static func nextAttempt(afterFailures failures: Int, at now: Date) -> Date {
        let doublings = min(max(failures - 1, 0), 16)
        return now.addingTimeInterval(min(30 * pow(2, Double(doublings)), longestDelay))
    }
}

/// The supplement rounds of a dossier, as the portal lists them, found by replaying its history.
public enum PortalSupplementHistory {
    /// Each request for a supplement with the time the applicant answered it and the appointed times before and after;
    /// `nameOf` turns the requesting officer's username into the name the portal shows.
    public static func rounds(
        of steps: [(command: DossierCommand, actor: DossierActor, at: Date)], terms: DossierTerms, calendar: WorkingDayCalendar,
        nameOf: (String) -> String = { $0 }
    ) throws(DossierRuleError) -> [PortalDossierRecord.SupplementRound] {
        var state = DossierState.initial
        var rounds: [PortalDossierRecord.SupplementRound] = []
        var dueBeforeOpenRound: Date?
        for (index, step) in steps.enumerated() {
            let before = state
            state = try DossierRules.apply(step.command, to: state, by: step.actor, at: step.at, terms: terms, calendar: calendar)
            switch step.command {
            case .requestSupplement(let missing, let reason):
                let content = ([reason] + missing).filter { !$0.isEmpty }.joined(separator: "; ")
                dueBeforeOpenRound = before.dueAt
                rounds.append(.init(
                    roundID: String(index + 1), requestedBy: nameOf(step.actor.username), content: content, requestedAt: NationalPortal.timestamp(step.at),
                    providedAt: "", state: "0", dueBefore: NationalPortal.timestamp(before.dueAt), dueAfter: ""
                ))
            case .provideSupplement:
                // The desk's receipt of the supplement ends the round; an online upload waits for it.
                guard let open = rounds.indices.last, rounds[open].state == "0" else { continue }
                rounds[open].providedAt = NationalPortal.timestamp(step.at)
                rounds[open].state = "1"
                rounds[open].dueBefore = NationalPortal.timestamp(dueBeforeOpenRound)
                rounds[open].dueAfter = NationalPortal.timestamp(state.dueAt)
            default:
                break
            }
        }
        return rounds
    }
}

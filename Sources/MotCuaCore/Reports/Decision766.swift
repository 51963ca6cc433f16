import Foundation

/// One indicator of Quyết định 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ (the set of indicators for directing and
/// assessing service to citizens and businesses), as the National Public Service Portal computes it, with its numerator
/// and denominator so that a person can check it; those that need data MotCua does not hold say so and score nothing.
public struct Indicator766: Sendable, Equatable, Codable {
    /// The five groups of the decision (online service and online payment are two on the portal).
    public enum Group: String, Sendable, Codable, CaseIterable {
        case transparency, progress, onlineService = "online_service", onlinePayment = "online_payment", digitisation, satisfaction

        /// The group's name as the decision writes it.
        public var vietnameseName: String {
            switch self {
            case .transparency: "Công khai, minh bạch"
            case .progress: "Tiến độ, kết quả giải quyết"
            case .onlineService: "Dịch vụ công trực tuyến"
            case .onlinePayment: "Thanh toán trực tuyến"
            case .digitisation: "Số hoá hồ sơ"
            case .satisfaction: "Mức độ hài lòng"
            }
        }

        /// The group's points.
        public var maxPoints: Double {
            switch self {
            case .transparency: 18
            case .progress: 20
            case .onlineService: 12
            case .onlinePayment: 10
            case .digitisation: 22
            case .satisfaction: 18
            }
        }
    }

    public let id: String
    public let group: Group
    public let name: String
    public let maxPoints: Double
    public let numerator: Int64?
    public let denominator: Int64?
    /// The points earned; `nil` when the data is missing from MotCua or there is nothing to divide by.
    public let points: Double?
    /// How the points are computed, in words.
    public let formula: String
    /// Whether MotCua holds the data this indicator needs.
    public let isAvailable: Bool
    /// What is missing, for indicators MotCua cannot compute.
    public let note: String?

    /// The share, or "—".
    public var ratioText: String {
        guard isAvailable, let numerator, let denominator else { return "—" }
        return Ratio(numerator, of: denominator).percentText
    }

    /// "12,5", "—" when not scored.
    public var pointsText: String { points.map { ReportNumber.decimal($0, places: 2) } ?? "—" }
}

/// What the indicators need beyond the operation figures.
public struct IndicatorInputs: Sendable, Equatable, Codable {
    /// Procedures the commune offers, and of them those offered online (full or partial).
    public var proceduresOffered: Int64
    public var proceduresOnline: Int64
    /// Complaints and suggestions whose answer fell due in the period or were answered in it, and of them those answered on time.
    public var complaintsDue: Int64
    public var complaintsAnsweredOnTime: Int64
    /// Dossiers of the period that drew a complaint, and ratings of "dissatisfied" or worse given in it.
    public var dossierComplaints: Int64
    public var dislikes: Int64
    /// Dossiers entered in the period that reached the national portal.
    public var dossiersSynchronised: Int64
    /// Dossiers received in the period that carry a fee, and of them those whose fee was paid online (indicator 3.6).
    public var dossiersWithFee: Int64
    public var dossiersPaidOnline: Int64

    /// Creates the inputs.
    public init(proceduresOffered: Int64 = 0, proceduresOnline: Int64 = 0, complaintsDue: Int64 = 0, complaintsAnsweredOnTime: Int64 = 0, dossierComplaints: Int64 = 0, dislikes: Int64 = 0, dossiersSynchronised: Int64 = 0,
                dossiersWithFee: Int64 = 0, dossiersPaidOnline: Int64 = 0) {
        self.dossiersSynchronised = dossiersSynchronised
        self.dossiersWithFee = dossiersWithFee
        self.dossiersPaidOnline = dossiersPaidOnline
        self.proceduresOffered = proceduresOffered
        self.proceduresOnline = proceduresOnline
        self.complaintsDue = complaintsDue
        self.complaintsAnsweredOnTime = complaintsAnsweredOnTime
        self.dossierComplaints = dossierComplaints
        self.dislikes = dislikes
    }
}

/// The indicators of a commune for a period, and their total.
public struct Decision766Score: Sendable, Equatable, Codable {
    public let indicators: [Indicator766]

    /// Points earned over the indicators MotCua can score.
    public var points: Double { indicators.compactMap(\.points).reduce(0, +) }
    /// The most the scored indicators could give.
    public var scoredMaxPoints: Double { indicators.filter { $0.points != nil }.map(\.maxPoints).reduce(0, +) }
    /// The points of the indicators MotCua cannot compute (out of 100).
    public var unavailableMaxPoints: Double { indicators.filter { !$0.isAvailable }.map(\.maxPoints).reduce(0, +) }
    /// The points as a share of what the scored indicators could give; nil when none could be scored.
    ///
    /// Communes reach different maxima (an indicator with no dossier behind it gives no points and no maximum), so
    /// communes are compared by this share, not by their raw points.
    public var share: Double? { scoredMaxPoints > 0 ? points / scoredMaxPoints : nil }

    /// Computes every indicator of Quyết định 766/QĐ-TTg listed here from the period's figures.
    public static func make(figures: OperationFigures, inputs: IndicatorInputs) -> Decision766Score {
        typealias Group = Indicator766.Group
        let c = figures.counts
        // "Dossiers handled or in process in the period": results approved in it plus work still in process, those
        // carried over from earlier periods included (`DossierFact.isInOpenCohort`).
        let base = figures.handled + figures.inProcess
        let timely = c[.handledBeforeTime] + c[.handledOnTime] + figures.inProcessWithinTime
        let notAvailable = "Không có trong MotCua"
        func scored(_ id: String, _ group: Group, _ name: String, _ max: Double, _ numerator: Int64, _ denominator: Int64, target: Double?, _ formula: String) -> Indicator766 {
            let share = Ratio(numerator, of: denominator).value
            let points = share.map { value in max * Swift.min(1, target.map { value / $0 } ?? value) }
            return Indicator766(id: id, group: group, name: name, maxPoints: max, numerator: numerator, denominator: denominator, points: points, formula: formula, isAvailable: true, note: nil)
        }
        func missing(_ id: String, _ group: Group, _ name: String, _ max: Double, _ formula: String, _ why: String) -> Indicator766 {
            Indicator766(id: id, group: group, name: name, maxPoints: max, numerator: nil, denominator: nil, points: nil, formula: formula, isAvailable: false, note: "\(notAvailable): \(why)")
        }
        let unsatisfied = c[.handledLate] + figures.inProcessOverdue + inputs.dossierComplaints + inputs.dislikes
        return Decision766Score(indicators: [
            missing("transparency.announced", .transparency, "TTHC được công bố đúng hạn", 6, "6 × tỷ lệ TTHC công bố đúng hạn", "ngày ban hành và ngày công bố quyết định công bố TTHC không lưu trong MotCua."),
            missing("transparency.updated", .transparency, "TTHC được cập nhật, công khai đúng hạn", 4, "4 × tỷ lệ TTHC cập nhật, công khai đúng hạn", "thời điểm cập nhật lên Cơ sở dữ liệu quốc gia về TTHC không lưu trong MotCua."),
            missing("transparency.full_content", .transparency, "TTHC công khai đầy đủ nội dung", 2, "2 × tỷ lệ TTHC công khai đầy đủ", "việc đối chiếu nội dung công khai với Cơ sở dữ liệu quốc gia không thực hiện trong MotCua."),
            scored("transparency.synchronised", .transparency, "Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia", 6, inputs.dossiersSynchronised, c.entered, target: nil,
                   "6 × hồ sơ tiếp nhận trong kỳ đã có trên Cổng Dịch vụ công quốc gia ÷ hồ sơ tiếp nhận trong kỳ (theo nhật ký đồng bộ của MotCua)"),
            scored("progress.on_time", .progress, "Hồ sơ giải quyết trước hạn, đúng hạn và đang giải quyết trong hạn", 20, timely, base, target: nil,
                   "20 × (giải quyết trước hạn + đúng hạn + đang giải quyết trong hạn) ÷ (đã giải quyết trong kỳ + đang giải quyết, kể cả hồ sơ kỳ trước chuyển sang)"),
            scored("online.procedures", .onlineService, "TTHC cung cấp dịch vụ công trực tuyến", 6, inputs.proceduresOnline, inputs.proceduresOffered, target: nil,
                   "6 × TTHC có dịch vụ công trực tuyến (toàn trình, một phần) ÷ TTHC xã đang cung cấp. 12 điểm của nhóm chia đều cho hai chỉ tiêu: cách chia giả định, cần đối chiếu hướng dẫn của tỉnh."),
            scored("online.dossiers", .onlineService, "Hồ sơ nộp trực tuyến", 6, c[.enteredOnline], c.entered, target: 0.5,
                   "6 × min(1, R ÷ 50 %), R = hồ sơ nộp trực tuyến ÷ hồ sơ tiếp nhận trong kỳ (mục tiêu 50 %). Chia điểm giả định như trên."),
            missing("payment.procedures_offered", .onlinePayment, "TTHC có phí được cung cấp thanh toán trực tuyến", 2, "2 điểm khi R ≥ 80 %", "MotCua không kết nối nền tảng thanh toán trực tuyến."),
            missing("payment.procedures_used", .onlinePayment, "TTHC có phát sinh thanh toán trực tuyến", 2, "2 điểm khi R ≥ 80 %", "MotCua không kết nối nền tảng thanh toán trực tuyến."),
            scored("payment.dossiers", .onlinePayment, "Hồ sơ thanh toán trực tuyến", 6, inputs.dossiersPaidOnline, inputs.dossiersWithFee, target: nil,
                   "6 × hồ sơ tiếp nhận trong kỳ có phí, lệ phí đã thanh toán trực tuyến ÷ hồ sơ tiếp nhận trong kỳ có phí, lệ phí (chỉ số 3.6; theo thông báo thanh toán có chữ ký của trung gian thanh toán)"),
            missing("digitisation.electronic_result", .digitisation, "Hồ sơ có kết quả điện tử", 6, "6 × hồ sơ có kết quả điện tử ÷ hồ sơ đã giải quyết", "MotCua chưa lưu kết quả giải quyết dạng điện tử có ký số."),
            missing("digitisation.documents", .digitisation, "Thành phần hồ sơ được số hoá", 4, "4 điểm khi R ≥ 80 %", "MotCua lưu bản quét khi tiếp nhận nhưng chưa theo dõi số hoá theo Thông tư 01/2023/TT-VPCP (ký số, lưu kho dữ liệu)."),
            missing("digitisation.certified_copy", .digitisation, "Cung cấp chứng thực bản sao điện tử", 2, "2 × tỷ lệ", "MotCua chưa cấp bản sao điện tử."),
            missing("digitisation.reuse", .digitisation, "Tái sử dụng dữ liệu đã số hoá", 2, "2 điểm khi R ≥ 80 %", "MotCua không theo dõi việc tái sử dụng dữ liệu số hoá."),
            missing("digitisation.citizen_store", .digitisation, "Đồng bộ kho dữ liệu của công dân", 4, "4 × tỷ lệ", "MotCua không kết nối kho dữ liệu cá nhân trên Cổng Dịch vụ công quốc gia."),
            missing("digitisation.population_connected", .digitisation, "TTHC kết nối Cơ sở dữ liệu quốc gia về dân cư", 2, "2 × tỷ lệ", "MotCua không kết nối Cơ sở dữ liệu quốc gia về dân cư."),
            missing("digitisation.population_used", .digitisation, "Hồ sơ sử dụng dữ liệu dân cư", 2, "2 × tỷ lệ", "MotCua không kết nối Cơ sở dữ liệu quốc gia về dân cư."),
            scored("satisfaction.complaints_on_time", .satisfaction, "Phản ánh, kiến nghị được xử lý đúng hạn", 6, inputs.complaintsAnsweredOnTime, inputs.complaintsDue, target: nil,
                   "6 × phản ánh trả lời đúng hạn ÷ phản ánh đến hạn trả lời trong kỳ (hoặc đã trả lời trong kỳ)"),
            missing("satisfaction.complaint_handling", .satisfaction, "Mức độ hài lòng về xử lý phản ánh, kiến nghị", 6, "6 × tỷ lệ hài lòng", "MotCua chưa lấy ý kiến đánh giá của người gửi phản ánh về câu trả lời."),
            scored("satisfaction.service", .satisfaction, "Mức độ hài lòng trong tiếp nhận, giải quyết hồ sơ", 6, Swift.max(0, base - unsatisfied), base, target: 0.9,
                   "6 × min(1, R ÷ 90 %), R = 100 % − (tỷ lệ quá hạn + tỷ lệ hồ sơ bị phản ánh hoặc đánh giá không hài lòng); tử số = (đã giải quyết + đang giải quyết) − (giải quyết quá hạn + đang quá hạn + hồ sơ bị phản ánh + đánh giá không hài lòng)"),
        ])
    }
}

import Foundation

/// The kinds of public asset (tài sản công) a commune keeps.
public enum PublicAssetKind: String, Codable, CaseIterable, Sendable {
    case headquarters
    case culturalHouse = "cultural_house"
    case landAndBuilding = "land_building"
    case vehicle
    case equipment

    /// The kind in Vietnamese.
    public var vietnameseName: String {
        switch self {
        case .headquarters: "Trụ sở làm việc"
        case .culturalHouse: "Nhà văn hoá"
        case .landAndBuilding: "Đất, công trình khác"
        case .vehicle: "Phương tiện"
        case .equipment: "Trang thiết bị"
        }
    }

    /// The kind named by a CSV cell: its code or its Vietnamese name, compared without accents and case.
    public static func named(_ text: String) -> PublicAssetKind? {
        let folded = ResourceText.fold(text)
        return allCases.first { $0.rawValue == folded || ResourceText.fold($0.vietnameseName) == folded }
    }
}

/// The physical condition of an asset.
public enum PublicAssetCondition: String, Codable, CaseIterable, Sendable {
    case good
    case usable
    case damaged
    case unusable

    /// The condition in Vietnamese.
    public var vietnameseName: String {
        switch self {
        case .good: "Tốt"
        case .usable: "Sử dụng được"
        case .damaged: "Hư hỏng, cần sửa chữa"
        case .unusable: "Không sử dụng được"
        }
    }

    /// The condition named by a CSV cell, by code or Vietnamese name.
    public static func named(_ text: String) -> PublicAssetCondition? {
        let folded = ResourceText.fold(text)
        return allCases.first { $0.rawValue == folded || ResourceText.fold($0.vietnameseName) == folded }
    }
}

/// What a review campaign (rà soát) concludes about one asset.
public enum AssetReviewMark: String, Codable, CaseIterable, Sendable {
    case confirmed
    case toTransfer = "to_transfer"
    case toRepair = "to_repair"
    case toDispose = "to_dispose"
    case unassigned

    /// The mark in Vietnamese.
    public var vietnameseName: String {
        switch self {
        case .confirmed: "Xác nhận đúng hiện trạng"
        case .toTransfer: "Cần điều chuyển"
        case .toRepair: "Cần sửa chữa"
        case .toDispose: "Đề nghị thanh lý"
        case .unassigned: "Chưa có đơn vị quản lý"
        }
    }
}

/// The rules of reviewing assets.
public enum AssetReviewRule {
    /// The mark to record for an asset reviewed as `mark`, or a Vietnamese reason it cannot be.
    ///
    /// An asset without a managing unit is always recorded as unassigned; one with a unit cannot be called unassigned.
    public static func mark(_ mark: AssetReviewMark, hasManagingUnit: Bool) -> Result<AssetReviewMark, BudgetProblem> {
        if !hasManagingUnit, mark != .unassigned {
            return .failure(.init("Tài sản chưa có đơn vị quản lý: hãy chọn đơn vị quản lý trước khi kết luận \"\(mark.vietnameseName)\"."))
        }
        if hasManagingUnit, mark == .unassigned {
            return .failure(.init("Tài sản đã có đơn vị quản lý nên không thể đánh dấu \"\(mark.vietnameseName)\"."))
        }
        return .success(mark)
    }

    /// The counts of a campaign: reviewed, not yet reviewed, and still without a managing unit.
    public static func progress(marks: [AssetReviewMark?], managedFlags: [Bool]) -> (reviewed: Int, pending: Int, unassigned: Int) {
        let reviewed = marks.compactMap { $0 }.count
        return (reviewed, marks.count - reviewed, managedFlags.filter { !$0 }.count)
    }
}

/// Whether a transfer of an asset may be carried out at once.
public enum AssetTransferRule {
    /// A transfer inside the commune is done at once; to another commune it waits for the province office.
    public static func needsProvinceApproval(fromCommune: UUID, toCommune: UUID) -> Bool {
        fromCommune != toCommune
    }

    /// The refusal of a direct transfer to another commune's unit.
    public static let provinceApprovalRequired = "Điều chuyển tài sản sang đơn vị của xã, phường khác phải được Văn phòng UBND tỉnh phê duyệt; hãy gửi đề nghị điều chuyển. Tài sản chưa được điều chuyển."
}

/// Text folding for matching cells: lower case, no accents, "đ" as "d", single spaces.
public enum ResourceText {
    /// `text` folded for comparison.
    public static func fold(_ text: String) -> String {
        VietnameseText.folded(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

import Foundation

// The closed vocabularies of the procedure catalog. Raw values are what CSV files, the database and the API
// store (snake_case English, as elsewhere in MotCua); the CSV importer also accepts each Vietnamese name,
// written with or without diacritics, so that a province can type "Hộ tịch" or "ban_chinh".

/// A vocabulary whose values can be read from either their raw value or their Vietnamese name.
public protocol CatalogVocabulary: RawRepresentable<String>, CaseIterable, Hashable, Sendable {
    /// The Vietnamese name shown to users.
    var vietnameseName: String { get }
}

extension CatalogVocabulary {
    /// The value whose raw value or Vietnamese name matches `text`, ignoring case, diacritics, đ/d and the
    /// difference between spaces and underscores; `nil` when none does.
    public static func matching(_ text: String) -> Self? {
        let key = vocabularyKey(text)
        guard !key.isEmpty else { return nil }
        return allCases.first { vocabularyKey($0.rawValue) == key || vocabularyKey($0.vietnameseName) == key }
    }

    /// The accepted spellings, for error messages: "civil_status (Hộ tịch), …".
    static var spellingsForMessages: String {
        allCases.map { "\($0.rawValue) (\($0.vietnameseName))" }.joined(separator: ", ")
    }
}

/// Folds text for vocabulary lookup: diacritics gone, underscores and dashes as spaces.
private func vocabularyKey(_ text: String) -> String {
    let spaced = text.map { $0 == "_" || $0 == "-" || $0 == "–" ? " " : String($0) }.joined()
    return VietnameseText.folded(spaced)
}

extension ProcedureDefinition {
    /// The field (lĩnh vực) of a procedure, as the national procedure database groups them.
    public enum Field: String, CatalogVocabulary, Codable {
        case civilStatus = "civil_status"
        case certification
        case socialProtection = "social_protection"
        case meritoriousPeople = "meritorious_people"
        case land
        case householdBusiness = "household_business"
        case residence
        case adoption
        case grassrootsMediation = "grassroots_mediation"
        case construction
        case education
        case povertyReduction = "poverty_reduction"

        /// The Vietnamese name shown to users.
        public var vietnameseName: String {
            switch self {
            case .civilStatus: "Hộ tịch"
            case .certification: "Chứng thực"
            case .socialProtection: "Bảo trợ xã hội"
            case .meritoriousPeople: "Người có công"
            case .land: "Đất đai"
            case .householdBusiness: "Hộ kinh doanh"
            case .residence: "Đăng ký, quản lý cư trú"
            case .adoption: "Nuôi con nuôi"
            case .grassrootsMediation: "Hòa giải ở cơ sở"
            case .construction: "Hoạt động xây dựng"
            case .education: "Giáo dục và Đào tạo"
            case .povertyReduction: "Giảm nghèo"
            }
        }
    }
}

/// The tier whose authority decides a procedure. MotCua's catalog is the commune's; province-level rows
/// can be recorded for procedures the commune only receives and forwards.
public enum AdministrativeLevel: String, CatalogVocabulary, Codable {
    case commune
    case province

    /// The Vietnamese name shown to users.
    public var vietnameseName: String {
        switch self {
        case .commune: "Cấp xã"
        case .province: "Cấp tỉnh"
        }
    }
}

/// How far a procedure can be done online (NĐ 42/2022/NĐ-CP art. 11 as amended): everything online
/// (toàn trình), part of it (một phần), or not at all.
public enum OnlineServiceLevel: String, CatalogVocabulary, Codable {
    case full
    case partial
    case counterOnly = "counter_only"

    /// The Vietnamese name shown to users.
    public var vietnameseName: String {
        switch self {
        case .full: "Toàn trình"
        case .partial: "Một phần"
        case .counterOnly: "Chỉ nộp trực tiếp"
        }
    }
}

/// Whether a required document is handed in as the original, a copy, or either.
public enum DocumentForm: String, CatalogVocabulary, Codable {
    case original
    case copy
    case originalOrCopy = "original_or_copy"

    /// The Vietnamese name shown to users.
    public var vietnameseName: String {
        switch self {
        case .original: "Bản chính"
        case .copy: "Bản sao"
        case .originalOrCopy: "Bản chính hoặc bản sao"
        }
    }
}

/// The kind of commune unit that handles a procedure after intake. The raw values are those of the
/// server's `DepartmentKind`, so a catalog row finds "the economy department" of any commune.
public enum HandlingDepartmentKind: String, CatalogVocabulary, Codable {
    case officeOfCouncilAndCommittee = "office"
    case economy
    case cultureAndSociety = "culture_society"
    case serviceCenter = "service_center"
    case police

    /// The Vietnamese name shown to users.
    public var vietnameseName: String {
        switch self {
        case .officeOfCouncilAndCommittee: "Văn phòng HĐND–UBND"
        case .economy: "Phòng Kinh tế"
        case .cultureAndSociety: "Phòng Văn hoá – Xã hội"
        case .serviceCenter: "Trung tâm Phục vụ hành chính công"
        case .police: "Công an xã"
        }
    }
}

/// One document of a dossier (thành phần hồ sơ).
public struct RequiredDocument: Hashable, Sendable {
    /// What the document is, e.g. "Tờ khai đăng ký khai sinh".
    public var name: String
    /// Original, copy, or either.
    public var form: DocumentForm
    /// How many of it the applicant hands in (số lượng), at least 1.
    public var copies: Int
    /// The name of the official form to fill in, if there is one, e.g. "Tờ khai đăng ký khai sinh".
    public var formTemplate: String?

    /// A required document; `formTemplate` names the official form when there is one.
    public init(name: String, form: DocumentForm, copies: Int = 1, formTemplate: String? = nil) {
        self.name = name
        self.form = form
        self.copies = copies
        self.formTemplate = formTemplate
    }
}

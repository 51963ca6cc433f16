import Foundation

/// Who submits a dossier: a person or an organisation, possibly through an authorised representative.
public struct Applicant: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case person
        case organisation
    }

    public var kind: Kind
    public var fullName: String
    /// The 12-digit personal identification number of a person, or an organisation's tax code.
    public var idNumber: String?
    public var phone: String?
    public var email: String?
    public var address: String?
    public var representativeName: String?
    public var representativeIDNumber: String?
    public var authorisationDocument: String?

    /// Creates an applicant; call `problems` before storing it.
    public init(kind: Kind, fullName: String, idNumber: String?, phone: String?, email: String?, address: String?,
                representativeName: String? = nil, representativeIDNumber: String? = nil, authorisationDocument: String? = nil) {
        self.kind = kind
        self.fullName = fullName
        self.idNumber = idNumber
        self.phone = phone
        self.email = email
        self.address = address
        self.representativeName = representativeName
        self.representativeIDNumber = representativeIDNumber
        self.authorisationDocument = authorisationDocument
    }

    /// Every problem, keyed by field, as Vietnamese sentences; empty when the applicant can be stored.
    public func problems(channel: IntakeChannel) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        let name = fullName.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty {
            problems.append(("fullName", "Cần nhập họ và tên người nộp (hoặc tên tổ chức)."))
        } else if name.count > 200 {
            problems.append(("fullName", "Họ và tên dài quá 200 ký tự."))
        } else if kind == .person, !name.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" }) {
            problems.append(("fullName", "Họ và tên chỉ gồm chữ cái và khoảng trắng."))
        }
        switch kind {
        case .person:
            if let id = idNumber?.trimmed, !id.isEmpty {
                if !Self.isValidPersonalIDNumber(id) { problems.append(("idNumber", "Số định danh cá nhân phải gồm đúng 12 chữ số.")) }
            } else {
                problems.append(("idNumber", "Cần nhập số định danh cá nhân (12 chữ số)."))
            }
            if channel == .counter, address?.trimmed.isEmpty ?? true {
                problems.append(("address", "Cần nhập địa chỉ của người nộp."))
            }
        case .organisation:
            if let code = idNumber?.trimmed, !code.isEmpty, !Self.isValidTaxCode(code) {
                problems.append(("idNumber", "Mã số thuế của tổ chức gồm 10 chữ số, hoặc 10 chữ số, dấu gạch và 3 chữ số."))
            }
        }
        if let phone = phone?.trimmed, !phone.isEmpty, !Self.isValidPhone(phone) {
            problems.append(("phone", "Số điện thoại không hợp lệ (ví dụ 0912 345 678)."))
        }
        if let email = email?.trimmed, !email.isEmpty, email.range(of: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", options: .regularExpression) == nil {
            problems.append(("email", "Địa chỉ email không hợp lệ."))
        }
        let representative = representativeName?.trimmed ?? ""
        if !representative.isEmpty {
            if let id = representativeIDNumber?.trimmed, !Self.isValidPersonalIDNumber(id) {
                problems.append(("representativeIDNumber", "Số định danh cá nhân của người được ủy quyền phải gồm đúng 12 chữ số."))
            } else if representativeIDNumber?.trimmed.isEmpty ?? true {
                problems.append(("representativeIDNumber", "Cần số định danh cá nhân của người được ủy quyền."))
            }
            if authorisationDocument?.trimmed.isEmpty ?? true {
                problems.append(("authorisationDocument", "Cần ghi văn bản ủy quyền của người được ủy quyền."))
            }
        }
        return problems
    }

    /// Whether the text is a personal identification number: exactly 12 digits (Luật Căn cước 2023, art. 12).
    public static func isValidPersonalIDNumber(_ text: String) -> Bool {
        text.count == 12 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Whether the text is an organisation's tax code: 10 digits, or 10 digits, a dash and 3 digits for a branch.
    public static func isValidTaxCode(_ text: String) -> Bool {
        text.range(of: "^[0-9]{10}(-[0-9]{3})?$", options: .regularExpression) != nil
    }

    /// Whether the text is a Vietnamese phone number: 0 and 9–10 more digits, or +84; spaces and dots allowed.
    public static func isValidPhone(_ text: String) -> Bool {
        DutyRoster.isValidPhone(text)
    }
}

private extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Hides personal data on public pages (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, in force from 1/1/2026; Nghị định 13/2023/NĐ-CP before that day).
public enum PersonalDataMasking {
    /// "Nguyễn Văn An" → "Nguyễn V*** A*": the family name stays, the other words keep their first letter only.
    public static func maskName(_ name: String) -> String {
        let words = name.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let family = words.first else { return "" }
        guard words.count > 1 else { return String(family.prefix(1)) + "***" }
        let middle = words.dropFirst().dropLast().map { String($0.prefix(1)) + "***" }
        let last = words.last.map { String($0.prefix(1)) + "*" } ?? ""
        return ([family] + middle + [last]).joined(separator: " ")
    }

    /// A phone number with all but its last three digits hidden, for staff lists.
    public static func maskPhone(_ phone: String) -> String {
        let digits = phone.filter(\.isNumber)
        guard digits.count > 3 else { return String(repeating: "*", count: digits.count) }
        return String(repeating: "*", count: digits.count - 3) + digits.suffix(3)
    }

    /// A personal ID number with only its last two digits shown.
    public static func maskIDNumber(_ id: String) -> String {
        guard id.count > 2 else { return String(repeating: "*", count: id.count) }
        return String(repeating: "*", count: id.count - 2) + id.suffix(2)
    }
}

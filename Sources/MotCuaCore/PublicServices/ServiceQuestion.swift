import Foundation

/// An extra question a kind of fault report asks (an `attribute` of the Open311 service definition).
public struct ServiceQuestion: Codable, Sendable, Equatable {
    /// The kinds of answer GeoReport v2 defines that MotCua asks for.
    public enum Datatype: String, Codable, Sendable, CaseIterable {
        case string, number, text, singlevaluelist
    }

    /// One choice of a `singlevaluelist` question.
    public struct Choice: Codable, Sendable, Equatable {
        public let key: String
        public let name: String
        public init(key: String, name: String) {
            self.key = key
            self.name = name
        }
    }

    public let code: String
    public let datatype: Datatype
    public let required: Bool
    /// The question as asked ("Mã cột đèn (ghi trên cột), nếu thấy").
    public let description: String
    public let choices: [Choice]

    public init(code: String, datatype: Datatype, required: Bool, description: String, choices: [Choice] = []) {
        self.code = code
        self.datatype = datatype
        self.required = required
        self.description = description
        self.choices = choices
    }

    /// The longest answer kept.
    public static let answerLimit = 500

    /// Checks the answers given to `questions` (keyed by question code); returns the answers to keep
    /// (trimmed, empty ones dropped, unknown codes ignored) or the first problem in Vietnamese.
    public static func validate(
        _ answers: [String: String], for questions: [ServiceQuestion]
    ) -> Result<[String: String], ServiceQuestionError> {
        var kept: [String: String] = [:]
        for question in questions {
            let answer = (answers[question.code] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if answer.isEmpty {
                if question.required { return .failure(.init(code: question.code, message: "Cần trả lời: \(question.description).")) }
                continue
            }
            if answer.count > answerLimit {
                return .failure(.init(code: question.code, message: "Câu trả lời cho “\(question.description)” dài quá \(answerLimit) ký tự."))
            }
            switch question.datatype {
            case .number:
                guard Double(answer.replacingOccurrences(of: ",", with: ".")) != nil else {
                    return .failure(.init(code: question.code, message: "“\(question.description)” cần một con số."))
                }
            case .singlevaluelist:
                guard question.choices.contains(where: { $0.key == answer }) else {
                    return .failure(.init(code: question.code, message: "Lựa chọn cho “\(question.description)” không hợp lệ."))
                }
            case .string, .text:
                break
            }
            kept[question.code] = answer
        }
        return .success(kept)
    }
}

/// A refused answer to an extra question.
public struct ServiceQuestionError: Error, Equatable, Sendable {
    public let code: String
    public let message: String
}

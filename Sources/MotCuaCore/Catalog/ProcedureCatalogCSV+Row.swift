import Foundation

extension ProcedureCatalogCSV {
    /// Reads one data row into a `ProcedureDefinition`, collecting every problem of the row rather than
    /// stopping at the first, so that one pass over the file shows all that must be fixed.
    struct RowReader {
        typealias Column = ProcedureCatalogCSV.Column

        let line: Int
        let cells: [Column: String]
        private(set) var problems: [CatalogImportError.Problem] = []

        init(line: Int, cells: [Column: String]) {
            self.line = line
            self.cells = cells
        }

        mutating func report(_ column: Column, _ message: String) {
            problems.append(.init(line: line, column: column.rawValue, message: message))
        }

        /// The procedure of the row, or `nil` when a required part could not be read; `problems` says why.
        mutating func procedure() -> ProcedureDefinition? {
            let code = text(.code)
            if code.isEmpty {
                report(.code, "Thiếu mã thủ tục.")
            } else if !ProcedureDefinition.isValidCode(code) {
                report(.code, "Mã thủ tục \"\(code)\" không đúng dạng 1.001193 (một chữ số, dấu chấm, sáu chữ số).")
            }
            let name = text(.name)
            if name.isEmpty { report(.name, "Thiếu tên thủ tục.") }
            let field = vocabulary(ProcedureDefinition.Field.self, .field, what: "Lĩnh vực")
            let level = text(.level).isEmpty ? .commune : vocabulary(AdministrativeLevel.self, .level, what: "Cấp thực hiện")
            let processingTime = read(.processingTime, CatalogCells.processingTime)
            let extraDays = optional(.verificationExtraDays) {
                CatalogCells.integer($0, in: 1...WorkingDayCalendar.maximumWorkingDays, what: "Số ngày xác minh thêm")
            }
            let cutOffHour = optional(.cutOffHour) { CatalogCells.integer($0, in: 0...24, what: "Giờ tiếp nhận cuối") }
            let fee = feeRule()
            let documents = read(.documents, CatalogCells.documents)
            let department = vocabulary(HandlingDepartmentKind.self, .department, what: "Đơn vị xử lý")
            let online = text(.onlineLevel).isEmpty
                ? .counterOnly : vocabulary(OnlineServiceLevel.self, .onlineLevel, what: "Mức dịch vụ trực tuyến")
            let source = text(.source)
            if source.isEmpty { report(.source, "Thiếu nguồn: mỗi dòng phải ghi văn bản hoặc trang đã lấy số liệu.") }

            guard let field, let level, let processingTime, let fee, let documents, let department, let online,
                  case .some(let extraDays) = extraDays, case .some(let cutOffHour) = cutOffHour
            else { return nil }
            return ProcedureDefinition(
                code: code, name: name, field: field, level: level, processingTime: processingTime,
                verificationExtraWorkingDays: extraDays, cutOffHour: cutOffHour, fee: fee,
                requiredDocuments: documents, department: department, onlineServiceLevel: online,
                resultType: text(.result), legalBasis: text(.legalBasis), source: source
            )
        }

        private func text(_ column: Column) -> String { cells[column] ?? "" }

        private mutating func read<Value>(_ column: Column, _ reader: (String) -> Result<Value, CellProblem>) -> Value? {
            switch reader(text(column)) {
            case .success(let value): return value
            case .failure(let problem): report(column, problem.message); return nil
            }
        }

        /// `.some(nil)` for an empty cell, `.some(value)` for a good one, `nil` for a bad one.
        private mutating func optional<Value>(_ column: Column, _ reader: (String) -> Result<Value, CellProblem>) -> Value?? {
            if text(column).isEmpty { return .some(nil) }
            guard let value = read(column, reader) else { return nil }
            return .some(value)
        }

        private mutating func vocabulary<Value: CatalogVocabulary>(_ type: Value.Type, _ column: Column, what: String) -> Value? {
            let value = text(column)
            if let matched = Value.matching(value) { return matched }
            report(column, value.isEmpty
                ? "Thiếu \(what.lowercased()); dùng \(Value.spellingsForMessages)."
                : "\(what) \"\(value)\" không hợp lệ; dùng \(Value.spellingsForMessages).")
            return nil
        }

        private mutating func feeRule() -> FeeRule? {
            let kindText = text(.feeKind)
            guard let kind = FeeKind(rawValue: kindText.lowercased()) else {
                let kinds = FeeKind.allCases.map(\.rawValue).joined(separator: ", ")
                report(.feeKind, kindText.isEmpty ? "Thiếu loại phí; dùng \(kinds)."
                    : "Loại phí \"\(kindText)\" không hợp lệ; dùng \(kinds).")
                return nil
            }
            let amountText = text(.feeAmount)
            let unit = text(.feeUnit)
            let condition = text(.feeCondition).isEmpty ? nil : text(.feeCondition)
            switch kind {
            case .free, .province:
                if !amountText.isEmpty {
                    report(.feeAmount, "Loại phí \(kind.rawValue) không ghi số tiền; mức phí của tỉnh nằm trong bảng phí của tỉnh.")
                    return nil
                }
                return kind == .free ? .free(condition: condition) : .setByProvince(condition: condition)
            case .fixed, .perCase:
                guard let amount = read(.feeAmount, CatalogCells.amount) else { return nil }
                let rule: FeeRule = kind == .fixed
                    ? .fixed(amount: amount, condition: condition)
                    : .perCase(amount: amount, unit: unit, condition: condition)
                return checked(rule)
            case .perPage:
                guard let rate = read(.feeAmount, CatalogCells.perPageFee) else { return nil }
                return checked(.perPage(rate, condition: condition))
            }
        }

        private mutating func checked(_ rule: FeeRule) -> FeeRule? {
            let ruleProblems = rule.problems
            for problem in ruleProblems { report(.feeAmount, problem) }
            return ruleProblems.isEmpty ? rule : nil
        }
    }
}

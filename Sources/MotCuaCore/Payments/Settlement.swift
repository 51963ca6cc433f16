import Foundation

/// One transaction of an intermediary's settlement file (the file VNPay sends the merchant for each day, T+1).
public struct SettlementLine: Sendable, Equatable {
    /// The line of the file the transaction is on (1-based, the heading is line 1), for messages.
    public var line: Int
    /// The merchant's transaction reference (`vnp_TxnRef`).
    public var reference: String
    /// The intermediary's transaction number (`vnp_TransactionNo`).
    public var transactionNumber: String
    /// The amount in whole đồng (`vnp_Amount` ÷ 100).
    public var amount: Int64
    /// The bank or wallet (`vnp_BankCode`), empty when the file has no such column.
    public var bankCode: String
    /// When the intermediary took the money, local time (`vnp_PayDate`).
    public var paidAt: LocalDateTime
    /// Whether the money was taken (`vnp_TransactionStatus` `00`).
    public var isSuccessful: Bool

    /// Creates a line.
    public init(line: Int, reference: String, transactionNumber: String, amount: Int64, bankCode: String, paidAt: LocalDateTime, isSuccessful: Bool) {
        self.line = line
        self.reference = reference
        self.transactionNumber = transactionNumber
        self.amount = amount
        self.bankCode = bankCode
        self.paidAt = paidAt
        self.isSuccessful = isSuccessful
    }
}

/// Why a settlement file was refused: every problem found, each naming its line, in Vietnamese.
public struct SettlementFileError: Error, Sendable, Equatable {
    public let problems: [String]
}

/// Reads the intermediary's settlement file as CSV with a heading line.
///
/// The columns carry the names of the fields of VNPay's payment API 2.1.0 (the same fields as the IPN), in any order:
/// `vnp_TxnRef`, `vnp_TransactionNo`, `vnp_Amount` (đồng × 100), `vnp_PayDate` (`yyyyMMddHHmmss`, GMT+7) and
/// `vnp_TransactionStatus` (`00` when the money was taken) are required; `vnp_TmnCode` and `vnp_BankCode` may be there;
/// other columns are ignored. A file with any bad line is refused whole, so that a reconciliation never rests on half a file.
public enum SettlementFile {
    /// The columns a file must have.
    public static let requiredColumns = ["vnp_TxnRef", "vnp_TransactionNo", "vnp_Amount", "vnp_PayDate", "vnp_TransactionStatus"]
    /// The columns MotCua writes in the same order when it shows the format (the heading of a valid file).
    public static let columns = ["vnp_TmnCode", "vnp_TxnRef", "vnp_TransactionNo", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionStatus"]
    /// The most transactions one file may hold.
    public static let largestFile = 50_000
    /// The most problems listed, so that a wrong file does not produce a page of thousands of lines.
    static let mostProblems = 20

    /// The transactions of `text`, or every problem found.
    public static func parse(_ text: String) -> Result<[SettlementLine], SettlementFileError> {
        let records = CSVText.records(in: text)
        guard let heading = records.first else { return .failure(SettlementFileError(problems: ["Tệp không có dữ liệu."])) }
        if let problem = heading.problem { return .failure(SettlementFileError(problems: ["Dòng \(heading.line): \(problem)"])) }
        let names = heading.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let missing = requiredColumns.filter { !names.contains($0) }
        guard missing.isEmpty else {
            return .failure(SettlementFileError(problems: ["Dòng \(heading.line): thiếu cột \(missing.joined(separator: ", ")). Tệp đối soát cần các cột \(requiredColumns.joined(separator: ", "))."]))
        }
        guard records.count - 1 <= largestFile else {
            return .failure(SettlementFileError(problems: ["Tệp có \(records.count - 1) giao dịch; mỗi lần đối soát tối đa \(largestFile)."]))
        }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        var problems: [String] = []
        var lines: [SettlementLine] = []
        var firstLine: [String: Int] = [:]
        for record in records.dropFirst() {
            guard problems.count < mostProblems else { break }
            let at = "Dòng \(record.line)"
            if let problem = record.problem { problems.append("\(at): \(problem)"); continue }
            guard record.fields.count == names.count else {
                problems.append("\(at): có \(record.fields.count) ô, dòng tiêu đề có \(names.count) cột.")
                continue
            }
            func cell(_ name: String) -> String { column(name).map { record.fields[$0].trimmingCharacters(in: .whitespaces) } ?? "" }
            let reference = cell("vnp_TxnRef")
            let amountText = cell("vnp_Amount")
            let dateText = cell("vnp_PayDate")
            let status = cell("vnp_TransactionStatus")
            var lineProblems: [String] = []
            if reference.isEmpty { lineProblems.append("thiếu mã giao dịch (vnp_TxnRef)") }
            let amount = digits(amountText).flatMap { $0 % 100 == 0 && $0 > 0 ? $0 / 100 : nil }
            if amount == nil { lineProblems.append("số tiền \"\(amountText)\" không hợp lệ (vnp_Amount là số đồng nhân 100, số nguyên dương)") }
            let paidAt = payDate(dateText)
            if paidAt == nil { lineProblems.append("thời điểm \"\(dateText)\" không hợp lệ (vnp_PayDate theo dạng yyyyMMddHHmmss)") }
            if status.count != 2 || digits(status) == nil { lineProblems.append("mã trạng thái \"\(status)\" không hợp lệ (vnp_TransactionStatus gồm 2 chữ số)") }
            if !reference.isEmpty, let earlier = firstLine[reference] {
                lineProblems.append("giao dịch \(reference) đã có ở dòng \(earlier)")
            }
            guard lineProblems.isEmpty, let amount, let paidAt else {
                problems.append("\(at): " + lineProblems.joined(separator: "; ") + ".")
                continue
            }
            firstLine[reference] = record.line
            lines.append(SettlementLine(line: record.line, reference: reference, transactionNumber: cell("vnp_TransactionNo"), amount: amount,
                                        bankCode: cell("vnp_BankCode"), paidAt: paidAt, isSuccessful: status == "00"))
        }
        guard problems.isEmpty else { return .failure(SettlementFileError(problems: problems)) }
        return .success(lines)
    }

    /// `yyyyMMddHHmmss` in local time, as VNPay writes `vnp_PayDate`.
    static func payDate(_ text: String) -> LocalDateTime? {
        guard text.utf8.count == 14, digits(text) != nil else { return nil }
        let values = stride(from: 0, to: 14, by: 2).map { offset -> Int in
            let start = text.index(text.startIndex, offsetBy: offset)
            return Int(text[start..<text.index(start, offsetBy: 2)]) ?? -1
        }
        guard let date = CivilDate(year: values[0] * 100 + values[1], month: values[2], day: values[3]) else { return nil }
        return LocalDateTime(date: date, hour: values[4], minute: values[5], second: values[6])
    }

    private static func digits(_ text: String) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int64(text)
    }
}

/// An online payment as MotCua recorded it, for reconciliation.
public struct RecordedPayment: Sendable, Equatable {
    public var reference: String
    /// The amount asked, in whole đồng.
    public var amount: Int64
    public var status: PaymentOrderStatus
    /// Whether the payment was confirmed within the period the file covers.
    public var isInPeriod: Bool

    /// Creates a recorded payment.
    public init(reference: String, amount: Int64, status: PaymentOrderStatus, isInPeriod: Bool) {
        self.reference = reference
        self.amount = amount
        self.status = status
        self.isInPeriod = isInPeriod
    }
}

/// One difference between MotCua's payments and the intermediary's settlement file.
public enum SettlementDifference: Sendable, Equatable {
    /// Confirmed here within the period, but the file does not settle it: money MotCua believes taken that may not reach the account.
    case missingFromFile(reference: String, amount: Int64)
    /// Settled in the file, but no payment of this commune has the reference.
    case unknownHere(line: Int, reference: String, amount: Int64)
    /// Settled in the file, but MotCua never received a confirming notice (the order is still pending, or failed).
    case notConfirmedHere(line: Int, reference: String, amount: Int64, status: PaymentOrderStatus)
    /// Both sides know it, with different amounts.
    case amountDiffers(line: Int, reference: String, recorded: Int64, settled: Int64)

    /// The reference the difference is about.
    public var reference: String {
        switch self {
        case .missingFromFile(let reference, _), .unknownHere(_, let reference, _), .notConfirmedHere(_, let reference, _, _), .amountDiffers(_, let reference, _, _): reference
        }
    }

    /// What the difference is, in Vietnamese.
    public var vietnameseDescription: String {
        switch self {
        case .missingFromFile(let reference, let amount):
            "Giao dịch \(reference) (\(VND.format(amount))) đã ghi nhận thu tại MotCua nhưng không có trong tệp đối soát."
        case .unknownHere(let line, let reference, let amount):
            "Dòng \(line): giao dịch \(reference) (\(VND.format(amount))) có trong tệp nhưng MotCua không có giao dịch này của xã."
        case .notConfirmedHere(let line, let reference, let amount, let status):
            "Dòng \(line): giao dịch \(reference) (\(VND.format(amount))) đã thu theo tệp nhưng tại MotCua ở trạng thái \"\(status.vietnameseName)\"."
        case .amountDiffers(let line, let reference, let recorded, let settled):
            "Dòng \(line): giao dịch \(reference) lệch số tiền: MotCua ghi \(VND.format(recorded)), tệp ghi \(VND.format(settled))."
        }
    }
}

/// The rule of reconciliation: which of MotCua's online payments and the file's transactions fail to match, to the đồng.
public enum SettlementReconciliation {
    /// Every difference between `file` and `recorded` (the commune's orders named in the file, and those confirmed in the period).
    ///
    /// Only the file's successful transactions count as settled money. A payment confirmed here counts as taken whether the
    /// dossier moved on (`paid`) or the money is owed back (`refundDue`): both must reach the account.
    public static func differences(file: [SettlementLine], recorded: [RecordedPayment]) -> [SettlementDifference] {
        let byReference = Dictionary(recorded.map { ($0.reference, $0) }, uniquingKeysWith: { first, _ in first })
        let settled = file.filter(\.isSuccessful)
        let settledReferences = Set(settled.map(\.reference))
        var differences: [SettlementDifference] = []
        for line in settled {
            guard let payment = byReference[line.reference] else {
                differences.append(.unknownHere(line: line.line, reference: line.reference, amount: line.amount))
                continue
            }
            if payment.status != .paid && payment.status != .refundDue {
                differences.append(.notConfirmedHere(line: line.line, reference: line.reference, amount: line.amount, status: payment.status))
            } else if payment.amount != line.amount {
                differences.append(.amountDiffers(line: line.line, reference: line.reference, recorded: payment.amount, settled: line.amount))
            }
        }
        for payment in recorded.sorted(by: { $0.reference < $1.reference })
        where payment.isInPeriod && (payment.status == .paid || payment.status == .refundDue) && !settledReferences.contains(payment.reference) {
            differences.append(.missingFromFile(reference: payment.reference, amount: payment.amount))
        }
        return differences
    }
}

/// How a fee was paid, for the reconciliation page.
public enum PaymentMethod: String, Sendable, CaseIterable {
    /// Online, through the intermediary's signed notice.
    case online
    /// At the one-stop desk, recorded by an officer.
    case counter

    /// The method in Vietnamese.
    public var vietnameseName: String {
        switch self {
        case .online: "Trực tuyến"
        case .counter: "Tại bộ phận một cửa"
        }
    }
}

/// The payments of one day, by method, in whole đồng.
public struct PaymentDayTotal: Sendable, Equatable {
    public var day: CivilDate
    public var onlineCount: Int
    public var onlineAmount: Int64
    public var counterCount: Int
    public var counterAmount: Int64
    /// The day's total.
    public var amount: Int64 { onlineAmount + counterAmount }

    /// Creates a day's total.
    public init(day: CivilDate, onlineCount: Int, onlineAmount: Int64, counterCount: Int, counterAmount: Int64) {
        self.day = day
        self.onlineCount = onlineCount
        self.onlineAmount = onlineAmount
        self.counterCount = counterCount
        self.counterAmount = counterAmount
    }

    /// Adds up `payments` by local day, earliest day first; days without a payment are left out.
    public static func totals(_ payments: [(day: CivilDate, method: PaymentMethod, amount: Int64)]) -> [PaymentDayTotal] {
        var byDay: [CivilDate: PaymentDayTotal] = [:]
        for payment in payments {
            var total = byDay[payment.day] ?? PaymentDayTotal(day: payment.day, onlineCount: 0, onlineAmount: 0, counterCount: 0, counterAmount: 0)
            switch payment.method {
            case .online:
                total.onlineCount += 1
                total.onlineAmount += payment.amount
            case .counter:
                total.counterCount += 1
                total.counterAmount += payment.amount
            }
            byDay[payment.day] = total
        }
        return byDay.values.sorted { $0.day < $1.day }
    }
}

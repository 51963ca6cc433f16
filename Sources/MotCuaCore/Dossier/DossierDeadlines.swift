import Foundation

/// Before time, on time or late: the result column of form 06 and the basis of the progress indicator (QĐ 766/QĐ-TTg).
public enum Timeliness: String, CaseIterable, Sendable, Codable {
    case beforeTime = "before_time"
    case onTime = "on_time"
    case late

    /// The word the forms print.
    public var vietnameseName: String {
        switch self {
        case .beforeTime: "Trước hạn"
        case .onTime: "Đúng hạn"
        case .late: "Quá hạn"
        }
    }
}

/// The clock of a dossier: the appointment at receipt, the pauses, the single apology, and the verdict on time.
///
/// Decisions and their sources:
/// - The clock starts when the complete, valid dossier is received (NĐ 118/2025 and TT 03/2025, form 01: the time limit
///   counts from the receipt of a complete dossier; Civil Code 2015 art. 147–148 for counting days), through
///   `WorkingDayCalendar.deadline`, which applies the cut-off hour and the online rule.
/// - A supplement asked for at intake (form 02 before the dossier goes to the department) means the dossier was never
///   received complete: the clock restarts from zero with a new receipt and a new form 01 when it is complete.
/// - A supplement asked for during review, and a payment, only stop the clock: the working days already used
///   count and the rest is carried over after the day the applicant completes or pays (the rule of NĐ 61/2018
///   art. 16 cl. 2 — "thời gian đã giải quyết lần đầu được tính trong thời gian giải quyết hồ sơ" — kept in practice
///   under NĐ 118/2025; see the report's unverified list).
/// - An apology re-sets the date once, at least one working day before the deadline, and the dossier then counts
///   as late whatever happens (DOMAIN.md §2, provincial regulations).
public enum DossierDeadlines {
    /// The appointment of a dossier received complete at `instant`, or `nil` when the calendar cannot compute it.
    public static func receipt(at instant: Date, channel: IntakeChannel, terms: DossierTerms,
                               calendar: WorkingDayCalendar) -> Deadline? {
        calendar.deadline(receivedAt: instant, processingTime: terms.processingTime, channel: channel, cutOffHour: terms.cutOffHour)
    }

    /// The appointment after a pause that began on `pausedOn` and ended at `resumedAt`: the working days left after
    /// `pausedOn` are counted again after the day of resumption. A dossier paused when already past its due day stays
    /// due when it was, so that a pause cannot turn a late dossier into a timely one.
    public static func resumedDue(dueAt: Date, pausedOn: CivilDate, resumedAt: Date,
                                  calendar: WorkingDayCalendar) -> LocalDateTime? {
        guard let due = LocalDateTime(dueAt), let resumed = LocalDateTime(resumedAt) else { return nil }
        if pausedOn > due.date { return due }
        return calendar.dueAt(originalDueDay: due.date, pausedOn: pausedOn, resumedOn: max(resumed.date, pausedOn))
    }

    /// The extra working days the longer limit for verification gives, or 0.
    public static func verificationExtraWorkingDays(_ terms: DossierTerms) -> Int {
        guard let longer = terms.processingTimeWithVerification else { return 0 }
        return max(0, workingDayCount(longer) - workingDayCount(terms.processingTime))
    }

    /// Why an apology cannot be issued at `now` for a dossier due at `dueAt` with the new day `newDueDate`, or `nil`.
    ///
    /// "At least one working day before the deadline" is read as: the due day is at least one working day after
    /// today, so the letter leaves while a full working day remains.
    public static func apologyProblem(now: Date, dueAt: Date, newDueDate: CivilDate?,
                                      calendar: WorkingDayCalendar) -> DossierRuleError? {
        guard let due = LocalDateTime(dueAt), let today = LocalDateTime(now)?.date else {
            return DossierRuleError(.invalidInput, "Thời điểm không hợp lệ.")
        }
        guard let ahead = calendar.workingDays(from: today, to: due.date), ahead >= 1 else {
            return DossierRuleError(.ruleViolated,
                "Phiếu xin lỗi và hẹn lại phải gửi chậm nhất 1 ngày làm việc trước hạn trả kết quả (\(due.date.vietnameseString)); nay đã quá thời điểm đó.")
        }
        guard let newDay = newDueDate else { return nil }
        guard newDay > due.date else {
            return DossierRuleError(.invalidInput, "Ngày hẹn mới phải sau ngày hẹn hiện tại (\(due.date.vietnameseString)).")
        }
        guard calendar.isWorkingDay(newDay) else {
            return DossierRuleError(.invalidInput, "Ngày hẹn mới \(newDay.vietnameseString) là ngày nghỉ; hãy chọn một ngày làm việc.")
        }
        return nil
    }

    /// Before time when completed on an earlier day than the due day; on time when on the due day by the due time;
    /// late after it.
    public static func timeliness(completedAt: Date, dueAt: Date) -> Timeliness {
        if completedAt > dueAt { return .late }
        guard let done = LocalDateTime(completedAt)?.date, let due = LocalDateTime(dueAt)?.date else { return .onTime }
        return done < due ? .beforeTime : .onTime
    }

    /// The verdict on a dossier whose result reached the desk, or `nil` when it has not: a dossier with an apology
    /// is always late (DOMAIN.md §2).
    public static func timeliness(of state: DossierState) -> Timeliness? {
        guard let completed = state.completedAt, let due = state.dueAt else { return nil }
        return state.apologyAlreadyIssued ? .late : timeliness(completedAt: completed, dueAt: due)
    }

    /// Whether an unfinished dossier is past its appointment at `now` (the clock being stopped does not excuse a
    /// dossier already overdue when it stopped).
    public static func isOverdue(_ state: DossierState, at now: Date) -> Bool {
        guard state.completedAt == nil, !state.status.isClosed, let due = state.dueAt else { return false }
        if let pausedOn = state.clockPausedOn, let dueDay = LocalDateTime(due)?.date { return dueDay < pausedOn }
        return now > due
    }

    static func workingDayCount(_ time: ProcessingTime) -> Int {
        switch time {
        case .sameDay: 0
        case .workingDays(let count): count
        }
    }
}

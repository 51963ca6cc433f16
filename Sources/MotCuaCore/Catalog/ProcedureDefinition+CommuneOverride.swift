import Foundation

extension ProcedureDefinition {
    /// Why a commune may not set `proposed` as its processing time for this procedure, in Vietnamese, or
    /// `nil` when it may.
    ///
    /// Published limits are maxima ("thời hạn tối đa"): a province or commune may promise a shorter time
    /// and many do, but never a longer one. So a same-day procedure stays same-day, and N working days may
    /// become fewer days or same-day. `.workingDays(0)` is read as same-day, as `deadline` does.
    public func validateCommuneProcessingTime(_ proposed: ProcessingTime) -> String? {
        let proposedDays: Int
        switch proposed {
        case .sameDay: proposedDays = 0
        case .workingDays(let days): proposedDays = days
        }
        guard proposedDays >= 0 else {
            return "Thời hạn giải quyết \(proposedDays) ngày làm việc không hợp lệ."
        }
        switch processingTime {
        case .sameDay:
            guard proposedDays == 0 else {
                return "Thủ tục \"\(name)\" phải giải quyết trong ngày theo quy định; xã không được kéo dài "
                    + "thành \(proposedDays) ngày làm việc."
            }
        case .workingDays(let legalDays):
            guard proposedDays <= legalDays else {
                return "Thủ tục \"\(name)\" có thời hạn tối đa \(legalDays) ngày làm việc; xã chỉ được rút ngắn, "
                    + "không được kéo dài thành \(proposedDays) ngày làm việc."
            }
        }
        return nil
    }

    /// This procedure with the commune's shorter processing time, or `nil` when
    /// `validateCommuneProcessingTime` refuses it. A cut-off hour that was the default for the old time
    /// becomes the default for the new one (a 3-day procedure made same-day closes intake at 15:00).
    public func applyingCommuneProcessingTime(_ proposed: ProcessingTime) -> ProcedureDefinition? {
        guard validateCommuneProcessingTime(proposed) == nil else { return nil }
        let normalised: ProcessingTime = proposed == .workingDays(0) ? .sameDay : proposed
        var shortened = self
        if cutOffHour == Self.defaultCutOffHour(for: processingTime) {
            shortened.cutOffHour = Self.defaultCutOffHour(for: normalised)
        }
        shortened.processingTime = normalised
        return shortened
    }
}

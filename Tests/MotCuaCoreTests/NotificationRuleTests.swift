import Foundation
import MotCuaCore
import Testing

@Suite("Notifications and ratings")
struct NotificationRuleTests {
    @Test("retries come later each time and stop after the last delay")
    func retries() {
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        #expect(DeliveryRetryPolicy.nextAttempt(afterFailures: 1, at: now) == now.addingTimeInterval(60))
        #expect(DeliveryRetryPolicy.nextAttempt(afterFailures: 3, at: now) == now.addingTimeInterval(900))
        #expect(DeliveryRetryPolicy.nextAttempt(afterFailures: DeliveryRetryPolicy.delays.count + 1, at: now) == nil)
        #expect(DeliveryRetryPolicy.nextAttempt(afterFailures: 0, at: now) == nil)
    }

    @Test("the applicant hears about receipt, supplement, apology, result and return, not internal steps")
    func messages() {
        let due = LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 5)!, hour: 17)!.instant
        let received = ApplicantNotification.message(for: .receive, code: "H33.55.01-260302-0001", procedureName: "Đăng ký khai sinh", dueAt: due, lookupURL: "https://x/tra-cuu/H33")
        #expect(received?.body.contains("17:00 ngày 05/03/2026") == true)
        for action in [DossierAction.requestSupplement, .issueApology, .approve, .returnResult] {
            #expect(ApplicantNotification.message(for: action, code: "C", procedureName: "P", dueAt: due, lookupURL: "u") != nil, "\(action)")
        }
        for action in [DossierAction.forward, .assign, .startReview, .propose, .sendBack] {
            #expect(ApplicantNotification.message(for: action, code: "C", procedureName: "P", dueAt: due, lookupURL: "u") == nil, "\(action)")
        }
    }
}

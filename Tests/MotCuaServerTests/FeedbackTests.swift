import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Feedback (phản ánh, kiến nghị)")
struct FeedbackTests {
    @Test("anyone sends feedback; it is due in 10 working days; the leader answers; the public page shows the answer, never the sender, and scripts as text")
    func feedbackLifecycle() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            var citizen = BrowserSession(app: app)
            let path = SiteURL.feedbackForm(.value(DemoCommune.phungCong)).path
            let short = try await citizen.submit(form: ["topic": "center", "content": "ngắn"], to: path)
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("ít nhất 10 ký tự"))

            let sent = try await citizen.submit(form: ["topic": "center", "content": "<script>alert('x')</script> Phòng chờ thiếu ghế ngồi cho người cao tuổi.", "senderName": "Trần Văn Khải", "senderContact": "0912 111 222"], to: path)
            #expect(sent.status == .seeOther)
            let itemPath = try #require(sent.headers.first(name: .location))
            let item = try #require(try await FeedbackItem.query(on: app.db).first())
            // Monday 2/3/2026 + 10 working days = Monday 16/3/2026, end of the day.
            #expect(item.dueAt == LocalDateTime(date: CivilDate(year: 2026, month: 3, day: 16)!, hour: 17)!.instant)

            let page = try await citizen.get(itemPath).body.string
            #expect(page.contains("&lt;script&gt;"))
            #expect(!page.contains("<script>alert"))
            #expect(!page.contains("Trần Văn Khải"))
            #expect(!page.contains("0912 111 222"))

            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            #expect(try await specialist.submit(form: ["answer": "Đã bổ sung ghế ngồi."], to: SiteURL.answerFeedback(.value(item.code)).path).status == .forbidden)
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            let list = try await leader.get(SiteURL.feedbackList.path).body.string
            #expect(list.contains("Trần Văn Khải"))
            let answered = try await leader.submit(form: ["answer": "UBND xã đã bổ sung 20 ghế ngồi tại phòng chờ."], to: SiteURL.answerFeedback(.value(item.code)).path)
            #expect(answered.status == .seeOther)
            #expect(try await leader.submit(form: ["answer": "Trả lời lần hai cho cùng phản ánh."], to: SiteURL.answerFeedback(.value(item.code)).path).status == .conflict)
            let after = try await citizen.get(itemPath).body.string
            #expect(after.contains("UBND xã đã bổ sung 20 ghế ngồi"))
            #expect(after.contains("Đã trả lời đúng hạn"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["feedback.submit", "feedback.answer"]).count() == 2)
        }
    }
}

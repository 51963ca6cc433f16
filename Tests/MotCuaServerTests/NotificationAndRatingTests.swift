import Fluent
import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

@Suite("Applicant messages and satisfaction ratings")
struct NotificationAndRatingTests {
    @Test("a message is written with the step; a failing gateway leaves it pending for a later try, and the step stands")
    func outboxSurvivesGatewayFailure() async throws {
        let clock = MutableClock(DossierTests.monday)
        try await withTestApp(clock: clock.wallClock) { app in
            // Nothing listens on port 9 (discard) of the loopback: every delivery fails.
            app.messageGateways = ["sms": HTTPSMSGateway(url: URI(string: "http://127.0.0.1:9/sms"), token: nil)]
            let (_, dossier) = try await DossierTests.receive("1.004837", on: app)
            #expect(dossier.status == DossierStatus.received.rawValue)
            let message = try #require(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == dossier.code).first())
            #expect(message.channel == "sms")
            #expect(message.body.contains(dossier.code))

            #expect(try await OutboxDispatcher.deliverDue(app: app) == 0)
            let afterFailure = try #require(try await OutboxMessage.find(message.id, on: app.db))
            #expect(afterFailure.status == .pending)
            #expect(afterFailure.attempts == 1)
            #expect(afterFailure.nextAttemptAt > clock.wallClock.now())
            #expect(afterFailure.lastError != nil)

            // Not due yet: nothing is tried again before the back-off has passed.
            #expect(try await OutboxDispatcher.deliverDue(app: app) == 0)
            #expect(try await OutboxMessage.find(message.id, on: app.db)?.attempts == 1)

            app.messageGateways = ["sms": DevelopmentGateway()]
            clock.advance(by: 61)
            #expect(try await OutboxDispatcher.deliverDue(app: app) == 1)
            #expect(try await OutboxMessage.find(message.id, on: app.db)?.status == .shown)
        }
    }

    @Test("internal steps send nothing to the applicant")
    func internalStepsAreQuiet() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            let (_, dossier) = try await DossierTests.receive("1.004837", on: app)
            let acting = DossierService.Acting(actor: DossierActor(username: "tiepnhan", roles: [.counterOfficer]), audit: .commandLine, officerID: nil, unitName: "Một cửa")
            _ = try await DossierService.perform(.forward, on: dossier.requireID(), expectedVersion: dossier.version, by: acting, at: DossierTests.monday, on: app, calendar: app.calendarStore.calendar(on: app.db))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$dossierCode == dossier.code).count() == 1)
        }
    }

    @Test("a returned dossier is rated once by its applicant; before return, with a wrong ID or twice, the rating is refused")
    func rating() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            let (_, received) = try await DossierTests.receive("1.004837", on: app)
            var visitor = BrowserSession(app: app)
            let path = SiteURL.rateDossier(.value(received.code)).path
            let early = try await visitor.submit(form: ["level": "5", "idLast4": "4567"], to: path)
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains("sau khi đã trả kết quả"))

            let calendar = try await app.calendarStore.calendar(on: app.db)
            var dossier = received
            for (command, username, role) in [(DossierCommand.forward, "tiepnhan", Role.counterOfficer), (.assign(assignee: "chuyenvien"), "truongphong", .departmentHead),
                                              (.startReview, "chuyenvien", .specialist), (.propose(note: ""), "chuyenvien", .specialist), (.approve, "lanhdao", .communeLeader),
                                              (.returnResult(method: .inPerson), "tiepnhan", .counterOfficer)] {
                let acting = DossierService.Acting(actor: DossierActor(username: username, roles: [role]), audit: .commandLine, officerID: nil, unitName: "x")
                dossier = try await DossierService.perform(command, on: dossier.requireID(), expectedVersion: dossier.version, by: acting, at: DossierTests.monday, on: app, calendar: calendar)
            }
            let page = try await visitor.get(SiteURL.publicLookup(.value(dossier.code)).path).body.string
            #expect(page.contains("Đánh giá mức độ hài lòng"))

            let wrongID = try await visitor.submit(form: ["level": "5", "idLast4": "0000"], to: path)
            #expect(wrongID.status == .unprocessableEntity)
            let rated = try await visitor.submit(form: ["level": "5", "idLast4": "4567", "comment": "<script>alert(1)</script> Cán bộ nhiệt tình"], to: path)
            #expect(rated.status == .seeOther)
            let twice = try await visitor.submit(form: ["level": "1", "idLast4": "4567"], to: path)
            #expect(twice.status == .unprocessableEntity)
            #expect(try await DossierRating.query(on: app.db).count() == 1)
            // Dated by the application's clock, as the reports count ratings by their date.
            #expect(try await DossierRating.query(on: app.db).first()?.createdAt == DossierTests.monday)
            let after = try await visitor.get(SiteURL.publicLookup(.value(dossier.code)).path).body.string
            #expect(after.contains("Rất hài lòng"))
            #expect(!after.contains("<script>alert(1)</script>"))
        }
    }
}

import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

/// The application's clock set to another day (`MOTCUA_TODAY`), and what must not depend on it agreeing with the
/// browser's clock.
@Suite("The application's clock on a chosen day")
struct ShiftedClockTests {
    @Test("MOTCUA_TODAY moves the clock by whole days and keeps the time of day")
    func shiftedClock() throws {
        let target = CivilDate(year: 2026, month: 2, day: 16)!
        let realNow = Date()
        let clock = WallClock.shifted(toToday: target, realNow: realNow)
        let shown = try #require(LocalDateTime(clock.now()))
        let real = try #require(LocalDateTime(Date()))
        // Unless the real day turned between the two readings, the clock shows the target day at the real time.
        if real.date == LocalDateTime(realNow)?.date {
            #expect(shown.date == target)
            #expect(shown.hour == real.hour)
        }
        #expect(abs(clock.now().timeIntervalSince(Date()).truncatingRemainder(dividingBy: 86_400)) < 5)
    }

    @Test("MOTCUA_TODAY is read as a date, refused when malformed and refused in production")
    func todaySetting() throws {
        let settings = try Settings.fromEnvironment(.development, variables: ["MOTCUA_TODAY": "2026-08-22"])
        #expect(settings.today == CivilDate(year: 2026, month: 8, day: 22))
        #expect(try Settings.fromEnvironment(.development, variables: [:]).today == nil)
        #expect(throws: Settings.Problem.self) { try Settings.fromEnvironment(.development, variables: ["MOTCUA_TODAY": "22/08/2026"]) }
        #expect(throws: Settings.Problem.self) { try Settings.fromEnvironment(.production, variables: ["MOTCUA_TODAY": "2026-08-22"]) }
    }
    @Test("session cookies last by Max-Age, so a browser whose clock disagrees with the server's keeps them")
    func sessionCookiesUseMaxAge() async throws {
        // Ten months before the real day: an Expires date from this clock would already be past for the browser.
        let clock = WallClock.shifted(toToday: CivilDate(year: 2026, month: 2, day: 16)!, realNow: Date().addingTimeInterval(300 * 86_400))
        try await withTestApp(clock: clock) { app in
            var officer = BrowserSession(app: app)
            _ = try await officer.get(SiteURL.signIn.path)
            let signIn = try await officer.submit(form: ["username": "lanhdao", "password": DemoData.password], to: SiteURL.signIn.path)
            var citizen = BrowserSession(app: app)
            _ = try await citizen.get(SiteURL.citizenSignIn.path)
            let citizenSignIn = try await citizen.submit(form: ["login": CitizenDemoData.phone, "password": CitizenDemoData.password], to: SiteURL.citizenSignIn.path)
            for (label, header, lifetime) in [
                ("staff session", SecurityBasicsTests.setCookie(StaffAuthenticator.sessionCookieName, in: signIn), Int(AccessToken.browserSessionLifetime)),
                ("citizen session", SecurityBasicsTests.setCookie(CitizenAuth.cookieName, in: citizenSignIn), Int(CitizenSession.lifetime)),
            ] {
                let header = try #require(header, "\(label) cookie not set")
                let maxAge = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                    .first { $0.hasPrefix("Max-Age=") }.flatMap { Int($0.dropFirst("Max-Age=".count)) }
                // The staff session's lifetime runs from the moment of sign-in, before the answer: on a machine loaded
                // with builds that has been more than 5 seconds, so allow two minutes (the clock is ten months off).
                #expect(maxAge.map { (lifetime - 120)...lifetime ~= $0 } == true, "\(label): \(header)")
                #expect(!header.lowercased().contains("expires="), "\(label): \(header)")
            }
        }
    }
}

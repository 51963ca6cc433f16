import Foundation
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

/// A page never offers a link its reader would be refused (issue #24): each role's pages are walked from the home page,
/// every same-site link is followed, and none may answer 403.
@Suite("Links a reader may open")
struct LinkAccessTests {
    /// The demo officers, one of each kind: the desk, a specialist, a unit head, the leader, the commune administrator,
    /// the economy department, the police, the province office and its administrator.
    static let readers = ["tiepnhan", "chuyenvien", "truongphong", "lanhdao", "admin", "kinhte", "congan", "tinh", "quantritinh"]
    /// How many pages each reader's walk opens at most; the walk goes breadth first from the home page.
    static let pagesPerReader = 150

    /// The same-site links of a page, without fragments, in the order they appear.
    static func links(in html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().compactMap { rest -> String? in
            let raw = String(rest.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
            guard raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.hasPrefix("/css/"), !raw.hasPrefix("/js/"), !raw.hasPrefix("/img/") else { return nil }
            return String(raw.prefix { $0 != "#" })
        }
    }

    @Test("a refused officer is told where their own work is: the 403 page links to their home page")
    func refusalLinksHome() async throws {
        try await withTestApp(clock: .fixed(DossierTests.monday)) { app in
            // setup
            var leader = try await BrowserSession.signedIn("lanhdao", on: app)
            // MUT: the leader opens the desk's intake, which only counter officers may use.
            let refused = try await leader.get(SiteURL.intake.path)
            // validate
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("href=\"\(SiteURL.workspace.path)\">Về trang làm việc của bạn"))
        }
    }

    @Test("walking every role's pages from the home page, no link answers 403", arguments: readers)
    func noLinkIsRefused(reader: String) async throws {
        try await withTestApp(demoDossiersPerCommune: 4, clock: .fixed(DossierTests.monday)) { app in
            // setup
            var session = try await BrowserSession.signedIn(reader, on: app)
            var queue = [(path: SiteURL.workspace.path, from: "(sign-in)")]
            var seen: Set<String> = [SiteURL.workspace.path]
            var refused: [String] = []
            var opened = 0
            // MUT: breadth first over the links each page offers.
            while !queue.isEmpty, opened < Self.pagesPerReader {
                let (path, from) = queue.removeFirst()
                let response = try await session.get(path)
                opened += 1
                if response.status == .forbidden { refused.append("\(path) (linked from \(from))") }
                guard response.status == .ok, response.headers.contentType?.subType == "html" else { continue }
                for link in Self.links(in: response.body.string) where !seen.contains(link) {
                    // Signing out would end the walk; its own tests cover it.
                    guard !link.hasPrefix(SiteURL.signOut.path) else { continue }
                    seen.insert(link)
                    queue.append((link, path))
                }
            }
            // validate
            #expect(opened > 10, "\(reader)'s walk opened only \(opened) pages")
            #expect(refused.isEmpty, "\(reader) is offered links that answer 403: \(refused.joined(separator: "; "))")
        }
    }
}

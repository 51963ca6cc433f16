import Fluent
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MotCuaCore
import Testing
import VaporTesting
@testable import MotCuaServer

/// Reads an XML document into a tree of element names and texts, to check the spec's element names.
final class XMLTree: NSObject, XMLParserDelegate {
    final class Element {
        let name: String
        var children: [Element] = []
        var text = ""
        init(name: String) { self.name = name }
        func child(_ name: String) -> Element? { children.first { $0.name == name } }
        func all(_ name: String) -> [Element] { children.filter { $0.name == name } }
    }

    private var stack: [Element] = []
    private(set) var root: Element?

    static func parse(_ text: String) -> Element? {
        let tree = XMLTree()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = tree
        return parser.parse() ? tree.root : nil
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let element = Element(name: elementName)
        stack.last?.children.append(element)
        if root == nil { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) { stack.removeLast() }
}

@Suite("Open311 GeoReport v2: every endpoint in JSON and XML, and every error")
struct Open311Tests {
    static let jurisdiction = "phungcong.hungyen.gov.vn"
    /// 10:00 on Monday 23/11/2026, Vietnam time: inside the demo reports' 90 days.
    static let morning = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 23)!, hour: 10)!.instant

    func get(_ app: Application, _ path: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.GET, path)
    }

    func post(_ app: Application, _ path: String, _ fields: [String: String]) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: BrowserSession.encode(fields)))
    }

    func json(_ response: TestingHTTPResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body), options: [.fragmentsAllowed])
    }

    func expectError(_ response: TestingHTTPResponse, _ status: HTTPResponseStatus, xml: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status == status, sourceLocation: sourceLocation)
        if xml {
            let root = try #require(XMLTree.parse(response.body.string), sourceLocation: sourceLocation)
            #expect(root.name == "errors", sourceLocation: sourceLocation)
            let error = try #require(root.child("error"), sourceLocation: sourceLocation)
            #expect(error.child("code")?.text == String(status.code), sourceLocation: sourceLocation)
            #expect(error.child("description").map { !$0.text.isEmpty } == true, sourceLocation: sourceLocation)
        } else {
            let list = try #require(try json(response) as? [[String: Any]], sourceLocation: sourceLocation)
            #expect(list.first?["code"] as? Int == Int(status.code), sourceLocation: sourceLocation)
            #expect((list.first?["description"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        }
    }

    func validPost(_ extra: [String: String] = [:]) -> [String: String] {
        ["jurisdiction_id": Self.jurisdiction, "api_key": PublicServicesDemo.open311Key, "service_code": "den-duong-hong",
         "lat": "20.9512", "long": "105.9043", "description": "Đèn cột PC-CS-005 không sáng.", "attribute[ma_cot]": "PC-CS-005",
         "first_name": "Ngô", "last_name": "Văn Bảy", "phone": "0912 765 432", "email": "bay@example.vn"].merging(extra) { $1 }
    }

    @Test("discovery and services, in JSON and XML, with the spec's element names")
    func discoveryAndServices() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            let discovery = try #require(XMLTree.parse(try await get(app, "/open311/v2/discovery.xml").body.string))
            #expect(discovery.name == "discovery")
            let endpoint = try #require(discovery.child("endpoints")?.child("endpoint"))
            #expect(endpoint.child("specification")?.text == "http://wiki.open311.org/GeoReport_v2")
            #expect(endpoint.child("formats")?.all("format").map(\.text) == ["text/xml", "application/json"])
            let discoveryJSON = try #require(try json(try await get(app, "/open311/v2/discovery.json")) as? [String: Any])
            #expect((discoveryJSON["endpoints"] as? [[String: Any]])?.first?["type"] as? String == "production")

            let servicesResponse = try await get(app, "/open311/v2/services.xml?jurisdiction_id=\(Self.jurisdiction)")
            #expect(servicesResponse.headers.contentType?.subType == "xml")
            let services = try #require(XMLTree.parse(servicesResponse.body.string))
            #expect(services.name == "services")
            let codes = services.all("service").compactMap { $0.child("service_code")?.text }
            #expect(Set(codes) == Set(PublicServicesDemo.kinds.map(\.code)))
            for service in services.all("service") {
                for field in ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"] {
                    #expect(service.child(field) != nil, "service lacks \(field)")
                }
            }
            let servicesJSON = try #require(try json(try await get(app, "/open311/v2/services.json?jurisdiction_id=\(Self.jurisdiction)")) as? [[String: Any]])
            let light = try #require(servicesJSON.first { $0["service_code"] as? String == "den-duong-hong" })
            #expect(light["metadata"] as? Bool == true)
            #expect(light["service_name"] as? String == "Đèn đường hỏng")

            let definition = try #require(XMLTree.parse(try await get(app, "/open311/v2/services/do-rac-trai-phep.xml?jurisdiction_id=\(Self.jurisdiction)").body.string))
            #expect(definition.name == "service_definition")
            let attribute = try #require(definition.child("attributes")?.child("attribute"))
            #expect(attribute.child("code")?.text == "khoi_luong")
            #expect(attribute.child("datatype")?.text == "singlevaluelist")
            #expect(attribute.child("values")?.all("value").compactMap { $0.child("key")?.text } == ["nho", "vua", "lon"])
            let definitionJSON = try #require(try json(try await get(app, "/open311/v2/services/den-duong-hong.json?jurisdiction_id=\(Self.jurisdiction)")) as? [String: Any])
            #expect((definitionJSON["attributes"] as? [[String: Any]])?.first?["code"] as? String == "ma_cot")

            try expectError(try await get(app, "/open311/v2/services/khong-co.xml?jurisdiction_id=\(Self.jurisdiction)"), .notFound, xml: true)
            try expectError(try await get(app, "/open311/v2/services.json"), .badRequest, xml: false)
            try expectError(try await get(app, "/open311/v2/services.xml?jurisdiction_id=khong-co.gov.vn"), .notFound, xml: true)
            try expectError(try await get(app, "/open311/v2/services.html?jurisdiction_id=\(Self.jurisdiction)"), .notFound, xml: true)
            try expectError(try await get(app, "/open311/v2/khong-co.json"), .notFound, xml: false)
        }
    }

    @Test("POST requests as client libraries send it: api_key and jurisdiction_id in the query string, no description when a photo or the answers carry the report")
    func postAsClientLibrariesSendIt() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            // setup
            var fields = validPost(["media_url": "https://anh.example.vn/den-pc-cs-005.jpg"])
            for key in ["api_key", "jurisdiction_id", "description"] { fields[key] = nil }
            let query = "?jurisdiction_id=\(Self.jurisdiction)&api_key=\(PublicServicesDemo.open311Key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"

            // MUT
            let created = try await post(app, "/open311/v2/requests.json" + query, fields)
            let onlyAnswers = try await post(app, "/open311/v2/requests.json" + query, fields.merging(["media_url": ""]) { $1 })
            let nothing = try await post(app, "/open311/v2/requests.json" + query, fields.merging(["media_url": "", "attribute[ma_cot]": ""]) { $1 })

            // validate
            #expect(created.status == .ok, "\(created.body.string)")
            #expect(onlyAnswers.status == .ok, "\(onlyAnswers.body.string)")
            try expectError(nothing, .badRequest, xml: false)
            let id = try #require((try json(created) as? [[String: Any]])?.first?["service_request_id"] as? String)
            let stored = try #require(try await ServiceRequest.query(on: app.db).filter(\.$code == id).first())
            #expect(stored.mediaURL == "https://anh.example.vn/den-pc-cs-005.jpg")
            #expect(stored.description.contains("không kèm mô tả"))
        }
    }

    @Test("POST requests accepts multipart/form-data with a photo, which then stands for the description")
    func postMultipartWithPhoto() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            // setup
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64)
            let boundary = "open311-test-boundary"
            var body = ByteBuffer()
            for (name, value) in validPost().filter({ $0.key != "description" }) {
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
            }
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"media\"; filename=\"den.png\"\r\nContent-Type: image/png\r\n\r\n")
            body.writeBytes(png)
            body.writeString("\r\n--\(boundary)--\r\n")

            // MUT
            let created = try await app.testing().sendRequest(.POST, "/open311/v2/requests.json", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body)

            // validate
            #expect(created.status == .ok, "\(created.body.string)")
            let id = try #require((try json(created) as? [[String: Any]])?.first?["service_request_id"] as? String)
            let stored = try #require(try await ServiceRequest.query(on: app.db).filter(\.$code == id).first())
            #expect(try await ServiceRequestPhoto.query(on: app.db).filter(\.$request.$id == stored.requireID()).count() == 1)
            #expect(stored.reporterName == "Ngô Văn Bảy")
        }
    }

    @Test("JSON answers never carry an empty string: a value that is not there is null")
    func emptyValuesAreNull() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            // setup
            let created = try await post(app, "/open311/v2/requests.json", validPost())
            let id = try #require((try json(created) as? [[String: Any]])?.first?["service_request_id"] as? String)

            for path in ["/open311/v2/services.json", "/open311/v2/services/den-duong-hong.json", "/open311/v2/requests.json", "/open311/v2/requests/\(id).json",
                         "/open311/v2/servicerequestupdates.json"] {
                // MUT
                let body = try json(try await get(app, path + "?jurisdiction_id=\(Self.jurisdiction)"))

                // validate
                func emptyStrings(_ value: Any, at place: String) -> [String] {
                    switch value {
                    case let text as String: text.isEmpty ? [place] : []
                    case let list as [Any]: list.enumerated().flatMap { emptyStrings($1, at: "\(place)[\($0)]") }
                    case let object as [String: Any]: object.flatMap { emptyStrings($1, at: "\(place).\($0)") }
                    default: []
                    }
                }
                #expect(emptyStrings(body, at: "").isEmpty, "\(path): \(emptyStrings(body, at: ""))")
            }
        }
    }

    @Test("POST requests stores a report with its expected time, returns id and token; GET by id, by token and by filters find it without personal data")
    func postAndRead() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            let created = try await post(app, "/open311/v2/requests.xml", validPost())
            #expect(created.status == .ok)
            let request = try #require(XMLTree.parse(created.body.string)?.child("request"))
            let id = try #require(request.child("service_request_id")?.text)
            let token = try #require(request.child("token")?.text)
            // Two working days after Monday 23/11/2026, 24/11 (Vietnamese Culture Day) being a day off in 2026.
            #expect(request.child("service_notice")?.text.contains("2026-11-26T17:00:00+07:00") == true)

            let stored = try #require(try await ServiceRequest.query(on: app.db).filter(\.$code == id).first())
            #expect(stored.channel == .open311)
            #expect(stored.reporterName == "Ngô Văn Bảy")
            #expect(stored.answers == ["ma_cot": "PC-CS-005"])
            #expect(stored.$lightPoint.id != nil, "linked to the light named in the answer")

            for format in ["json", "xml"] {
                let one = try await get(app, "/open311/v2/requests/\(id).\(format)?jurisdiction_id=\(Self.jurisdiction)")
                #expect(one.status == .ok)
                let body = one.body.string
                for secret in ["Ngô", "Bảy", "0912 765 432", "bay@example.vn", token] { #expect(!body.contains(secret), "\(format) shows \(secret)") }
            }
            let one = try #require(XMLTree.parse(try await get(app, "/open311/v2/requests/\(id).xml?jurisdiction_id=\(Self.jurisdiction)").body.string))
            #expect(one.name == "service_requests")
            let fields = try #require(one.child("request"))
            for field in ["service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
                          "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"] {
                #expect(fields.child(field) != nil, "request lacks \(field)")
            }
            #expect(fields.child("status")?.text == "open")
            #expect(fields.child("expected_datetime")?.text == "2026-11-26T17:00:00+07:00")
            #expect(fields.child("lat")?.text == "20.9512")

            let byToken = try #require(try json(try await get(app, "/open311/v2/tokens/\(token).json")) as? [[String: Any]])
            #expect(byToken.first?["service_request_id"] as? String == id)
            try expectError(try await get(app, "/open311/v2/tokens/khong-co.xml"), .notFound, xml: true)
            try expectError(try await get(app, "/open311/v2/requests/SC-1999-000001.json?jurisdiction_id=\(Self.jurisdiction)"), .notFound, xml: false)

            let open = try #require(try json(try await get(app, "/open311/v2/requests.json?jurisdiction_id=\(Self.jurisdiction)&status=open&service_code=den-duong-hong")) as? [[String: Any]])
            #expect(open.contains { $0["service_request_id"] as? String == id })
            #expect(open.allSatisfy { $0["status"] as? String == "open" && $0["service_code"] as? String == "den-duong-hong" })
            let closed = try #require(try json(try await get(app, "/open311/v2/requests.json?jurisdiction_id=\(Self.jurisdiction)&status=closed")) as? [[String: Any]])
            #expect(!closed.isEmpty && closed.allSatisfy { $0["status"] as? String == "closed" })
            let listed = try #require(XMLTree.parse(try await get(app, "/open311/v2/requests.xml?jurisdiction_id=\(Self.jurisdiction)&service_request_id=\(id),SC-2026-000001").body.string))
            #expect(Set(listed.all("request").compactMap { $0.child("service_request_id")?.text }) == [id, "SC-2026-000001"])
            let window = try #require(try json(try await get(app, "/open311/v2/requests.json?jurisdiction_id=\(Self.jurisdiction)&start_date=2026-11-23T00:00:00%2B07:00&end_date=2026-11-23T23:59:59%2B07:00")) as? [[String: Any]])
            #expect(window.contains { $0["service_request_id"] as? String == id })
            #expect(window.allSatisfy { ($0["requested_datetime"] as? String)?.hasPrefix("2026-11-23") == true })
        }
    }

    @Test("bad posts get the spec's errors and store nothing")
    func badPosts() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            let before = try await ServiceRequest.query(on: app.db).count()
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            var noCode = validPost()
            noCode["service_code"] = nil
            try expectError(try await post(app, "/open311/v2/requests.json", noCode), .badRequest, xml: false)
            var noLocation = validPost()
            noLocation["lat"] = nil
            noLocation["long"] = nil
            try expectError(try await post(app, "/open311/v2/requests.xml", noLocation), .badRequest, xml: true)
            try expectError(try await post(app, "/open311/v2/requests.json", validPost(["api_key": "sai"])), .forbidden, xml: false)
            var noKey = validPost()
            noKey["api_key"] = nil
            try expectError(try await post(app, "/open311/v2/requests.xml", noKey), .forbidden, xml: true)
            try expectError(try await post(app, "/open311/v2/requests.json", validPost(["description": String(repeating: "đ", count: 4001)])), .badRequest, xml: false)
            try expectError(try await post(app, "/open311/v2/requests.json", validPost(["service_code": "khong-co"])), .badRequest, xml: false)
            try expectError(try await post(app, "/open311/v2/requests.json", validPost(["lat": "bắc"])), .badRequest, xml: false)
            try expectError(try await post(app, "/open311/v2/requests.json", validPost(["jurisdiction_id": "khong-co.gov.vn"])), .notFound, xml: false)
            try expectError(try await post(app, "/open311/v2/requests.json", validPost(["service_code": "do-rac-trai-phep", "attribute[khoi_luong]": "rat-lon"])), .badRequest, xml: false)
            // A key of another commune does not open this one.
            try expectError(try await post(app, "/open311/v2/requests.json", validPost(["jurisdiction_id": "vangiang.hungyen.gov.vn"])), .forbidden, xml: false)
            try expectError(try await get(app, "/open311/v2/requests.json?jurisdiction_id=\(Self.jurisdiction)&start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z"), .badRequest, xml: false)
            try expectError(try await get(app, "/open311/v2/requests.xml?jurisdiction_id=\(Self.jurisdiction)&start_date=hom-qua"), .badRequest, xml: true)
            #expect(try await ServiceRequest.query(on: app.db).count() == before)
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore)
        }
    }

    @Test("servicerequestupdates: officers' changes are listed with FixMyStreet statuses; a client's update reopens or comments")
    func updates() async throws {
        let clock = MutableClock(Self.morning)
        try await withTestApp(clock: clock.wallClock) { app in
            let created = try #require(try json(try await post(app, "/open311/v2/requests.json", validPost())) as? [[String: Any]])
            let id = try #require(created.first?["service_request_id"] as? String)
            var officer = try await BrowserSession.signedIn("kinhte", on: app)
            clock.advance(by: 3600)
            let fixed = try await officer.submit(form: ["status": "fixed", "note": "Đã thay bóng.", "version": "1"], to: PublicServicesURL.changeStatus(.value(try await reportID(id, on: app))).path)
            #expect(fixed.status == .seeOther)

            let feed = try #require(XMLTree.parse(try await get(app, "/open311/v2/servicerequestupdates.xml?jurisdiction_id=\(Self.jurisdiction)&start_date=2026-11-23T00:00:00%2B07:00").body.string))
            #expect(feed.name == "service_request_updates")
            let ours = feed.all("request_update").filter { $0.child("service_request_id")?.text == id }
            #expect(ours.compactMap { $0.child("status")?.text } == ["OPEN", "FIXED"])
            #expect(ours.last?.child("description")?.text == "Đã thay bóng.")
            for field in ["update_id", "updated_datetime", "media_url"] { #expect(ours.last?.child(field) != nil) }

            clock.advance(by: 86_400)
            let commune = try #require(try await Commune.query(on: app.db).filter(\.$webDomain == Self.jurisdiction).first())
            let other = Open311Client()
            other.$commune.id = try commune.requireID()
            other.name = "Ứng dụng khác"
            other.contact = ""
            other.keyHash = AccessToken.hash("khoa-khac")
            other.keyPrefix = "khoa-k"
            other.issuedBy = "admin"
            try await other.create(on: app.db)
            let foreign = try await post(app, "/open311/v2/servicerequestupdates.json", ["jurisdiction_id": Self.jurisdiction, "api_key": "khoa-khac",
                                                                                        "service_request_id": id, "status": "OPEN", "description": "Mở lại hộ."])
            try expectError(foreign, .forbidden, xml: false)
            #expect(try await ServiceRequest.query(on: app.db).filter(\.$code == id).first()?.status == .fixed, "another client cannot speak for the reporter")
            let reopen = try await post(app, "/open311/v2/servicerequestupdates.json", ["jurisdiction_id": Self.jurisdiction, "api_key": PublicServicesDemo.open311Key,
                                                                                       "service_request_id": id, "status": "OPEN", "description": "Đèn lại tắt tối qua."])
            #expect(reopen.status == .ok)
            #expect(try await ServiceRequest.query(on: app.db).filter(\.$code == id).first()?.status == .reopened)
            let comment = try await post(app, "/open311/v2/servicerequestupdates.xml", ["jurisdiction_id": Self.jurisdiction, "api_key": PublicServicesDemo.open311Key,
                                                                                       "service_request_id": id, "description": "Cột số 5, phía bờ mương."])
            #expect(XMLTree.parse(comment.body.string)?.child("request_update")?.child("update_id")?.text.isEmpty == false)
            try expectError(try await post(app, "/open311/v2/servicerequestupdates.json", ["jurisdiction_id": Self.jurisdiction, "api_key": "sai", "service_request_id": id, "description": "x"]), .forbidden, xml: false)
            try expectError(try await post(app, "/open311/v2/servicerequestupdates.json", ["jurisdiction_id": Self.jurisdiction, "api_key": PublicServicesDemo.open311Key, "service_request_id": "SC-1999-000009", "description": "x"]), .notFound, xml: false)
            try expectError(try await post(app, "/open311/v2/servicerequestupdates.json", ["jurisdiction_id": Self.jurisdiction, "api_key": PublicServicesDemo.open311Key, "service_request_id": id, "status": "BURNT", "description": "x"]), .badRequest, xml: false)
        }
    }

    @Test("a revoked key is refused, and an administrator's new key works at once")
    func keys() async throws {
        try await withTestApp(clock: .fixed(Self.morning)) { app in
            var admin = try await BrowserSession.signedIn("admin", on: app)
            let issued = try await admin.submit(form: ["name": "Ứng dụng Zalo mini app", "contact": "Phòng Kinh tế"], to: PublicServicesURL.apiClients.path)
            #expect(issued.status == .created)
            let page = issued.body.string
            let start = try #require(page.range(of: "<code id=\"khoa-moi\">"))
            let key = String(page[start.upperBound...].prefix { $0 != "<" })
            #expect(try await post(app, "/open311/v2/requests.json", validPost(["api_key": key])).status == .ok)

            let client = try #require(try await Open311Client.query(on: app.db).filter(\.$name == "Ứng dụng Zalo mini app").first())
            #expect(client.keyHash != key, "only the hash is stored")
            #expect(try await admin.submit(form: [:], to: PublicServicesURL.revokeAPIClient(.value(try client.requireID())).path).status == .seeOther)
            try expectError(try await post(app, "/open311/v2/requests.json", validPost(["api_key": key])), .forbidden, xml: false)
            var specialist = try await BrowserSession.signedIn("chuyenvien", on: app)
            #expect(try await specialist.get(PublicServicesURL.apiClients.path).status == .forbidden)
        }
    }
}

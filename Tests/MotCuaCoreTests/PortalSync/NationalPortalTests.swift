import Foundation
import MotCuaCore
import Testing

@Suite("The national portal's adapter protocol")
struct NationalPortalTests {
    let calendar = WorkingDayCalendar.bundled
    let terms = DossierTerms(processingTime: .workingDays(5), cutOffHour: 17, verificationExtraWorkingDays: 5, channel: .counter)

    func at(_ iso: String, _ hour: Int, _ minute: Int = 0) -> Date {
        LocalDateTime(date: CivilDate(isoString: iso)!, hour: hour, minute: minute)!.instant
    }

    @Test("times are yyyyMMddHHmmss in Vietnam time, read back to the same instant, and empty when there is none")
    func timestamps() {
        // 23:30:05 UTC on 28/2/2026 is 06:30:05 on 1/3/2026 in Vietnam.
        let instant = Date(timeIntervalSince1970: 1_772_321_405)
        #expect(NationalPortal.timestamp(instant) == "20260301063005")
        #expect(NationalPortal.instant(fromTimestamp: "20260301063005") == instant)
        #expect(NationalPortal.timestamp(nil) == "")
        for malformed in ["", "2026030106300", "202603010630051", "2026-03-01 06:3", "20261301063005", "2026030106300x"] {
            #expect(NationalPortal.instant(fromTimestamp: malformed) == nil, "\(malformed)")
        }
    }

    @Test("every internal status maps to exactly the national status the table below names")
    func statusMappingOverEveryStatus() {
        // Written out apart from the code: a new status fails here until someone decides its national status.
        let expected: [DossierStatus: Int] = [
            .new: 1, .received: 2, .refused: 3, .forwarded: 4, .assigned: 4, .underReview: 4, .awaitingApproval: 4,
            .returnedForRework: 4, .pausedForVerification: 4, .supplementRequested: 5, .paymentRequested: 6, .withdrawn: 7,
            .stopped: 8, .refusedDuringProcessing: 8, .resultReady: 9, .returned: 10,
        ]
        #expect(Set(expected.keys) == Set(DossierStatus.allCases), "a status without a decided national status")
        for status in DossierStatus.allCases {
            #expect(status.nationalStatus.rawValue == expected[status], "\(status)")
        }
        #expect(NationalSyncStatus.allCases.map(\.rawValue) == Array(1...10))
    }

    @Test("channel, applicant type and return codes are the portal's")
    func codes() {
        #expect(IntakeChannel.allCases.map(NationalPortal.channelCode) == ["1", "2", "3"])
        #expect(NationalPortal.applicantTypeCode(.person) == "1")
        #expect(NationalPortal.applicantTypeCode(.organisation) == "2")
        #expect(NationalPortal.returnByPostCode(.post) == "1")
        #expect(NationalPortal.returnByPostCode(.inPerson) == "0")
        #expect(NationalPortal.returnByPostCode(nil) == "0")
    }

    @Test("a dossier record encodes under the portal's field names, with lists present even when empty")
    func recordFieldNames() throws {
        let record = PortalDossierRecord(
            dossierCode: "H33.55.01-260302-0001", procedureCode: "1.004837", procedureName: "Đăng ký giám hộ", fieldCode: "civil_status", fieldName: "Hộ tịch",
            applicantName: "Nguyễn Văn An", applicantType: "1", email: "", phone: "0912345678", summary: "Đăng ký giám hộ – Nguyễn Văn An",
            receivedAt: "20260302090000", dueAt: "20260309170000", nationalStatus: "2", returnedAt: "", returnByPost: "0", channel: "1", completedAt: "",
            handlingUnit: "Xã Phụng Công", submittedDocuments: [.init(name: "Tờ khai", componentCode: "1")], fees: [], supplements: [], resultDocuments: []
        )
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? [String: Any])
        let names = ["MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "ChuHoSo", "LoaiDoiTuong", "Email", "SoDienThoai", "TrichYeuHoSo",
                     "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo", "NgayTra", "HinhThuc", "KenhThucHien", "NgayKetThucXuLy", "DonViXuLy",
                     "TaiLieuNop", "DanhSachLePhi", "DanhSachHoSoBoSung", "DanhSachGiayToKetQua", "DuocThanhToanTrucTuyen"]
        #expect(Set(object.keys) == Set(names))
        #expect(object["DuocThanhToanTrucTuyen"] as? String == "0", "not paid online unless said")
        #expect(object["MaHoSo"] as? String == "H33.55.01-260302-0001")
        let documents = try #require(object["TaiLieuNop"] as? [[String: Any]])
        #expect(documents.first?["TenTepDinhKem"] as? String == "Tờ khai")
        #expect((object["DanhSachHoSoBoSung"] as? [Any])?.isEmpty == true)
        let step = PortalProgressRecord(dossierCode: "X", officerName: "Lê Thị Hoa", officerTitle: "Chuyên viên", occurredAt: "20260302093000", unit: "Văn phòng",
                                        content: "Tiếp nhận hồ sơ", nationalStatus: "2", startedAt: "", dueAt: "")
        let stepObject = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(step)) as? [String: Any])
        #expect(Set(stepObject.keys) == ["MaHoSo", "NguoiXuLy", "ChucDanh", "ThoiDiemXuLy", "PhongBanXuLy", "NoiDungXuLy", "TrangThai", "NgayBatDau", "NgayKetThucTheoQuyDinh"])
    }

    @Test("the portal's answers: error_code 0 or 00 as text or number is success; anything else is a refusal with its message")
    func replies() throws {
        func reply(_ json: String) throws -> PortalReply { try JSONDecoder().decode(PortalReply.self, from: Data(json.utf8)) }
        #expect(try reply(#"{"error_code": "0", "session": "abc"}"#).session == "abc")
        #expect(try reply(#"{"error_code": "00"}"#).isSuccess)
        #expect(try reply(#"{"error_code": 0}"#).isSuccess)
        let refused = try reply(#"{"error_code": "-1", "message": "Trường MaTTHC không hợp lệ"}"#)
        #expect(!refused.isSuccess)
        #expect(refused.message == "Trường MaTTHC không hợp lệ")
        #expect(try reply(#"{"error_code": "5", "error_message": "Thiếu trường"}"#).message == "Thiếu trường")
        #expect(try reply(#"{"error_code": "0", "result": [{"MaHoSo": "X"}, {}]}"#).resultCount == 2)
        #expect(try reply(#"{"error_code": "0", "result": []}"#).resultCount == 0)
        #expect(throws: DecodingError.self) { try reply(#"{"session": "abc"}"#) }
    }

    @Test("after an outage the sender waits 30 s, then doubles, never more than an hour, and never gives up")
    func retryPolicy() {
        let now = Date(timeIntervalSince1970: 0)
        #expect(PortalRetryPolicy.nextAttempt(afterFailures: 1, at: now) == now.addingTimeInterval(30))
        #expect(PortalRetryPolicy.nextAttempt(afterFailures: 2, at: now) == now.addingTimeInterval(60))
        #expect(PortalRetryPolicy.nextAttempt(afterFailures: 5, at: now) == now.addingTimeInterval(480))
        #expect(PortalRetryPolicy.nextAttempt(afterFailures: 8, at: now) == now.addingTimeInterval(3600))
        #expect(PortalRetryPolicy.nextAttempt(afterFailures: 10_000, at: now) == now.addingTimeInterval(3600))
    }

    @Test("a supplement asked during processing is one round with the appointed time before the request and the new one after the answer")
    func supplementRounds() throws {
        let desk = DossierActor(username: "tiepnhan", roles: [.counterOfficer])
        let head = DossierActor(username: "truongphong", roles: [.departmentHead])
        let specialist = DossierActor(username: "chuyenvien", roles: [.specialist])
        let steps: [(command: DossierCommand, actor: DossierActor, at: Date)] = [
            (.receive, desk, at("2026-03-02", 9)),
            (.forward, desk, at("2026-03-02", 10)),
            (.assign(assignee: "chuyenvien"), head, at("2026-03-02", 11)),
            (.startReview, specialist, at("2026-03-03", 9)),
            (.requestSupplement(missing: ["Giấy chứng sinh"], reason: "Thiếu bản chính"), specialist, at("2026-03-03", 10)),
            (.provideSupplement, desk, at("2026-03-09", 8)),
        ]
        let beforeRequest = try DossierRules.replay(Array(steps.prefix(4)), terms: terms, calendar: calendar)
        let final = try DossierRules.replay(steps, terms: terms, calendar: calendar)
        let rounds = try PortalSupplementHistory.rounds(of: steps, terms: terms, calendar: calendar) { $0 == "chuyenvien" ? "Trần Văn Bình" : $0 }
        #expect(rounds.count == 1)
        let round = try #require(rounds.first)
        #expect(round.requestedBy == "Trần Văn Bình")
        #expect(round.content == "Thiếu bản chính; Giấy chứng sinh")
        #expect(round.requestedAt == "20260303100000")
        #expect(round.providedAt == "20260309080000")
        #expect(round.state == "1")
        #expect(round.dueBefore == NationalPortal.timestamp(beforeRequest.dueAt))
        #expect(round.dueAfter == NationalPortal.timestamp(final.dueAt))
        // The time already spent counts: the new date is later than the old one, by less than the whole time again.
        let before = try #require(beforeRequest.dueAt)
        let after = try #require(final.dueAt)
        #expect(after > before)
        #expect(round.dueBefore != "" && round.dueAfter != "")

        let waiting = try PortalSupplementHistory.rounds(of: Array(steps.prefix(5)), terms: terms, calendar: calendar)
        #expect(waiting.map(\.state) == ["0"])
        #expect(waiting.first?.providedAt == "")
        #expect(waiting.first?.requestedBy == "chuyenvien")
    }
}

import Foundation
import MotCuaCore
import Testing

/// Decoding and checking official schedules, the format `motcua calendar import` accepts.
@Suite struct CalendarScheduleTests {
    /// A valid 2026 schedule in JSON, with parts replaceable by the test.
    func json(year: String = "2026", daysOff: String = #"[{"date":"2026-02-16","name":"Tết Nguyên Đán"}]"#,
              makeUp: String = #"[{"date":"2026-08-22","name":"Làm bù cho thứ Hai 31/8"}]"#) -> Data {
        Data("""
        {"year":\(year),"source":{"title":"Lịch nghỉ 2026","reference":"Thông báo 9441/TB-BNV"},
         "daysOff":\(daysOff),"makeUpWorkingDays":\(makeUp)}
        """.utf8)
    }

    func problems(_ data: Data) -> [String] {
        do {
            _ = try OfficialSchedule.decode(from: data)
            return []
        } catch let error as CalendarError {
            return error.problems
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test func validScheduleDecodesAndRoundTrips() throws {
        let schedule = try OfficialSchedule.decode(from: json())
        #expect(schedule.year == 2026)
        #expect(schedule.daysOff.map(\.date.isoString) == ["2026-02-16"])
        #expect(schedule.makeUpWorkingDays.map(\.date.isoString) == ["2026-08-22"])
        #expect(try OfficialSchedule.decode(from: schedule.encodedJSON()) == schedule)
        let withoutMakeUp = Data(#"{"year":2026,"source":{"title":"a","reference":"b"},"daysOff":[{"date":"2026-01-01","name":"Tết Dương lịch"}]}"#.utf8)
        #expect(try OfficialSchedule.decode(from: withoutMakeUp).makeUpWorkingDays.isEmpty)
    }

    @Test func malformedJSON() {
        #expect(problems(Data("{".utf8)) == ["Nội dung không phải JSON hợp lệ."])
        #expect(problems(Data(#"{"year":2026}"#.utf8)) == [#"Thiếu trường "source"."#])
        #expect(problems(json(year: #""2026""#)) == [#"Trường "year" sai kiểu: cần một số nguyên."#])
        #expect(problems(json(daysOff: #"[{"date":"2026-02-16"}]"#)) == [#"Thiếu trường "daysOff[0].name"."#])
        #expect(problems(json(daysOff: #"{"date":"2026-02-16"}"#)).first?.contains(#""daysOff" sai kiểu"#) == true)
    }

    @Test func impossibleDateAndWrongYear() {
        #expect(problems(json(daysOff: #"[{"date":"2026-02-30","name":"x"}]"#))
            == [#"daysOff[0].date: "2026-02-30" không phải ngày có thật theo dạng YYYY-MM-DD."#])
        #expect(problems(json(daysOff: #"[{"date":"2025-12-31","name":"x"}]"#))
            == ["daysOff[0].date: ngày 2025-12-31 không thuộc năm 2026 của lịch này."])
        #expect(problems(json(year: "1850")).first?.contains("nằm ngoài khoảng") == true)
    }

    @Test func duplicatesAndWeekdayRules() {
        let duplicate = #"[{"date":"2026-02-16","name":"a"},{"date":"2026-02-16","name":"b"}]"#
        #expect(problems(json(daysOff: duplicate)) == ["daysOff[1].date: ngày 2026-02-16 đã có ở daysOff[0]."])
        let crossDuplicate = #"[{"date":"2026-08-22","name":"a"}]"#
        #expect(problems(json(daysOff: #"[{"date":"2026-02-16","name":"a"}]"#,
                              makeUp: crossDuplicate)).isEmpty)
        #expect(problems(json(daysOff: #"[{"date":"2026-02-16","name":"a"}]"#, makeUp: #"[{"date":"2026-02-16","name":"b"}]"#))
            .contains("makeUpWorkingDays[0].date: ngày 2026-02-16 đã có ở daysOff[0]."))
        #expect(problems(json(makeUp: #"[{"date":"2026-08-24","name":"x"}]"#))
            == ["makeUpWorkingDays[0].date: ngày 2026-08-24 là thứ Hai, vốn là ngày làm việc, nên không thể là ngày làm bù (chỉ thứ Bảy hoặc Chủ nhật)."])
        #expect(problems(json(daysOff: #"[{"date":"2026-02-14","name":"x"}]"#)).first?
            .hasPrefix("daysOff[0].date: ngày 2026-02-14 là thứ Bảy, vốn đã là ngày nghỉ hằng tuần") == true)
    }

    @Test func everyProblemIsListed() {
        let data = Data(#"""
        {"year":2026,"source":{"title":" ","reference":""},
         "daysOff":[{"date":"2026-13-01","name":""},{"date":"2026-02-15","name":"x"}],
         "makeUpWorkingDays":[{"date":"2026-08-20","name":"y"}]}
        """#.utf8)
        let found = problems(data)
        #expect(found.count == 6)
        #expect(found.contains { $0.hasPrefix(#"Trường "source.title""#) })
        #expect(found.contains { $0.hasPrefix(#"Trường "source.reference""#) })
        #expect(found.contains("daysOff[0].name không được để trống."))
        #expect(found.contains { $0.hasPrefix("daysOff[0].date") })
        #expect(found.contains { $0.hasPrefix("daysOff[1].date") })
        #expect(found.contains { $0.hasPrefix("makeUpWorkingDays[0].date") })
        #expect(problems(json(daysOff: "[]")) == [#"Danh sách "daysOff" không được để trống: năm nào cũng có ngày nghỉ lễ, Tết."#])
    }

    @Test func programmaticCreationIsCheckedToo() throws {
        #expect(throws: CalendarError.self) {
            try OfficialSchedule(year: 2026, source: .init(title: "t", reference: "r"),
                                 daysOff: [.init(date: try day("2026-02-15"), name: "Chủ nhật")])
        }
        #expect(throws: CalendarError.self) {
            try JSONDecoder().decode(OfficialSchedule.self, from: json(daysOff: #"[{"date":"2026-02-15","name":"x"}]"#))
        }
    }
}

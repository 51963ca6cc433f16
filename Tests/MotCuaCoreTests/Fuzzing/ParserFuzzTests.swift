import Foundation
@testable import MotCuaCore
import MotCuaFuzzing
import Testing

/// The core's parsers of outside input fed with generated and mutated text: the procedure catalog CSV, the province fee
/// CSV, CSV records, the official holiday schedule (JSON) and dates as people type them. None may trap; each either
/// accepts the input with a value that survives a round trip, or refuses it with problems that name a line.
///
/// `MOTCUA_FUZZ_CASES` sets the cases per target (default 20 000); the full form is `MOTCUA_FUZZ_CASES=200000`, which
/// is 10⁶ inputs over the five targets.
@Suite("Fuzzing the core parsers: no trap, and every answer a value or a located problem")
struct ParserFuzzTests {
    static let catalogText: String = {
        let catalog = (try? ProcedureCatalog.loadBundled())?.procedures ?? []
        return ProcedureCatalogCSV.serialize(Array(catalog.prefix(3)))
    }()

    static let feeText = ProvinceFeeTable.header + "\r\n1.001193,8000,,Nghị quyết 12/2025\r\n1.004837,\"50.000\",\"miễn, giảm\",NQ\r\n"

    static func lineCount(_ text: String) -> Int {
        text.unicodeScalars.reduce(1) { $0 + ($1 == "\n" || $1 == "\r" ? 1 : 0) }
    }

    @Test("procedure catalog CSV: mutated and random files are imported whole or refused with located problems")
    func catalogCSV() {
        var fuzzer = InputFuzzer(seed: 0x4D6F_7443_7561_0001)
        let samples = [Self.catalogText, ProcedureCatalogCSV.header + "\r\n"]
        var accepted = 0
        for index in 0..<InputFuzzer.cases() {
            let input = index % 10 == 9 ? fuzzer.text(maxPieces: 60) : fuzzer.mutate(samples[index % samples.count], with: samples)
            switch ProcedureCatalogCSV.parse(input) {
            case .success(let procedures):
                accepted += 1
                // What was accepted writes out and reads back as the same procedures.
                let again = ProcedureCatalogCSV.parse(ProcedureCatalogCSV.serialize(procedures))
                #expect((try? again.get())?.map(\.code) == procedures.map(\.code), "round trip of case \(index)")
            case .failure(let error):
                #expect(!error.problems.isEmpty, "case \(index)")
                for problem in error.problems {
                    #expect(!problem.message.isEmpty && problem.line >= 1 && problem.line <= Self.lineCount(input) + 1, "case \(index): \(problem)")
                }
            }
        }
        #expect(accepted > 0, "no mutated catalog was accepted: the mutations are too coarse to reach the row checks")
    }

    @Test("province fee CSV: mutated files are read whole or refused with located problems")
    func feeCSV() {
        var fuzzer = InputFuzzer(seed: 0x4D6F_7443_7561_0002)
        for index in 0..<InputFuzzer.cases() {
            let input = index % 10 == 9 ? fuzzer.text(maxPieces: 40) : fuzzer.mutate(Self.feeText)
            switch ProvinceFeeTable.parse(input, provinceCode: "33") {
            case .success(let table):
                #expect(table.provinceCode == "33")
            case .failure(let error):
                #expect(!error.problems.isEmpty && error.problems.allSatisfy { $0.line >= 1 && !$0.message.isEmpty }, "case \(index)")
            }
        }
    }

    @Test("CSV records: any generated cells written as a line read back as the same cells")
    func csvRoundTrip() {
        var fuzzer = InputFuzzer(seed: 0x4D6F_7443_7561_0003)
        for _ in 0..<InputFuzzer.cases() {
            var fields = (0..<(1 + fuzzer.int(6))).map { _ in fuzzer.text(maxPieces: 6) }
            // A record is one line: a lone cell of spaces and tabs is a blank line, which CSV skips; a BOM at the start
            // of the text is dropped.
            if fields.count == 1, fields[0].unicodeScalars.allSatisfy({ $0 == " " || $0 == "\t" }) { fields = ["x" + fields[0]] }
            if fields[0].unicodeScalars.first == "\u{FEFF}" { fields[0] = "x" + fields[0] }
            let records = CSVText.records(in: CSVText.line(fields) + "\r\n")
            #expect(records.count == 1 && records.first?.problem == nil, "\(fields.debugDescription)")
            // Compared scalar by scalar: String equality would call canonically equivalent texts the same.
            #expect(records.first?.fields.map { Array($0.unicodeScalars) } == fields.map { Array($0.unicodeScalars) }, "\(fields.debugDescription)")
            // And mutated text never traps the reader, whatever its quoting.
            _ = CSVText.records(in: fuzzer.mutate(CSVText.line(fields)))
        }
    }

    @Test("holiday schedule JSON: mutated schedules decode to a checked schedule or a Vietnamese error")
    func scheduleJSON() throws {
        var fuzzer = InputFuzzer(seed: 0x4D6F_7443_7561_0004)
        let url = try #require(Self.bundledSchedule())
        let sample = try String(contentsOf: url, encoding: .utf8)
        for index in 0..<InputFuzzer.cases() {
            let input = fuzzer.mutate(sample)
            do {
                let schedule = try OfficialSchedule.decode(from: Data(input.utf8))
                // A schedule that decodes has only days of its year, and writes out to JSON that decodes equal.
                #expect(schedule.daysOff.allSatisfy { $0.date.year == schedule.year }, "case \(index)")
                #expect(try OfficialSchedule.decode(from: schedule.encodedJSON()) == schedule, "case \(index)")
            } catch let error as CalendarError {
                #expect(!error.problems.isEmpty && error.problems.allSatisfy { !$0.isEmpty }, "case \(index)")
            }
        }
    }

    @Test("dates as people type them: ISO and D/M/YYYY parse only to real calendar dates, which print back")
    func typedDates() {
        var fuzzer = InputFuzzer(seed: 0x4D6F_7443_7561_0005)
        let samples = ["2026-09-02", "2/9/2026", "29/02/2028", "31/12/2025", "2026-01-01"]
        for index in 0..<InputFuzzer.cases() {
            let input = index % 4 == 3 ? fuzzer.text(maxPieces: 5) : fuzzer.mutate(samples[index % samples.count])
            if let date = CivilDate(isoString: input) {
                #expect(date.isoString == input, "case \(index): \(input.debugDescription)")
                #expect(date.day <= CivilDate.numberOfDays(inMonth: date.month, ofYear: date.year))
            }
            if let date = CivilDate(dayMonthYear: input) {
                #expect((1...12).contains(date.month) && date.day >= 1 && date.day <= CivilDate.numberOfDays(inMonth: date.month, ofYear: date.year), "case \(index)")
                #expect(CivilDate(dayMonthYear: date.vietnameseString) == date)
            }
        }
    }

    /// The schedule file in the source tree, when the bundle does not expose it under a known name.
    static func bundledSchedule() -> URL? {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = source.appendingPathComponent("Sources/MotCuaCore/Resources/calendar/schedule-2026.json")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}

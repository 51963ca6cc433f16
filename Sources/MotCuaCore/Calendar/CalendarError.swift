import Foundation

/// A problem with calendar input, worded in Vietnamese for the officer or administrator who gave it.
public struct CalendarError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    /// Each problem found, one sentence each, naming the field or entry at fault.
    public let problems: [String]

    /// All problems, one per line.
    public var message: String { problems.joined(separator: "\n") }

    /// Creates an error from one or more problems.
    public init(_ problems: [String]) {
        self.problems = problems
    }

    /// Creates an error from a single problem.
    public init(_ problem: String) {
        self.problems = [problem]
    }

    /// The message, as printed in logs and on the command line.
    public var description: String { message }

    /// The message, for Foundation's error presentation.
    public var errorDescription: String? { message }
}

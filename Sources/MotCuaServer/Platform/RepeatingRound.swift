import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// A background round (the outbox, the portal's synchronisation, work reminders) repeated on a timer while the
/// application runs, and stopped when it shuts down: a command such as `motcua seed` boots the application too and ends
/// long before a server would, and a round that fired after its databases closed would stop the process.
final class RepeatingRound: Sendable {
    private let task = NIOLockedValueBox<RepeatedTask?>(nil)

    /// Starts the round; `round` runs every `interval` after `initialDelay`, never two at once.
    func start(on application: Application, initialDelay: TimeAmount, interval: TimeAmount, _ round: @escaping @Sendable () async -> Void) {
        let eventLoop = application.eventLoopGroup.next()
        let repeated = eventLoop.scheduleRepeatedAsyncTask(initialDelay: initialDelay, delay: interval) { _ in
            eventLoop.makeFutureWithTask { await round() }
        }
        task.withLockedValue { $0 = repeated }
    }

    /// Stops the round without waiting (the blocking shutdown).
    func stop() {
        task.withLockedValue { $0 }?.cancel()
    }

    /// Stops the round and waits for a round under way to finish.
    func stop(on application: Application) async {
        guard let repeated = task.withLockedValue({ $0 }) else { return }
        let stopped = application.eventLoopGroup.next().makePromise(of: Void.self)
        repeated.cancel(promise: stopped)
        try? await stopped.futureResult.get()
    }
}

#if os(Linux)
@preconcurrency import Dispatch
#else
import Dispatch
#endif

/// A serial executor that runs an actor's jobs on one dedicated serial `DispatchQueue`, so
/// blocking SQLite calls never occupy a thread of Swift's cooperative pool (after GRDB's
/// `DispatchQueueActor`).
final class DispatchQueueExecutor: SerialExecutor {
    let queue: DispatchQueue

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async {
            job.runSynchronously(on: self.asUnownedSerialExecutor())
        }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets `assumeIsolated` succeed inside `queue.sync`, which the synchronous API uses.
    func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}

#if os(Linux) || os(Android) || os(Windows)
// swift-corelibs-libdispatch does not mark DispatchQueue Sendable; a queue is thread-safe.
extension DispatchQueueExecutor: @unchecked Sendable {}
#endif

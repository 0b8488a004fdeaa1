import Synchronization

#if os(Linux)
@preconcurrency import Dispatch
#else
import Dispatch
#endif

/// One `write` closure waiting for the writer, with the continuation of the task that asked.
/// Touched only on the writer's queue once submitted.
protocol PendingWrite: AnyObject, Sendable {
    /// Runs the closure; returns whether it returned (its error is kept otherwise).
    func perform(_ db: Connection) -> Bool
    /// Resumes the caller: with the closure's value, or its error, or `error` when the closure
    /// returned but its transaction did not commit.
    func complete(failingWith error: (any Error)?)
}

/// Holds the closure only until it has run: the caller passes it without letting it escape, so it
/// must be gone before the caller resumes.
final class Write<T: Sendable>: PendingWrite, @unchecked Sendable {
    private var body: (@Sendable (Connection) throws -> T)?
    private let continuation: CheckedContinuation<T, any Error>
    private var outcome: Result<T, any Error>?

    init(body: @escaping @Sendable (Connection) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func perform(_ db: Connection) -> Bool {
        guard let body else { return false }
        self.body = nil
        do {
            outcome = .success(try body(db))
            return true
        } catch {
            outcome = .failure(error)
            return false
        }
    }

    func complete(failingWith error: (any Error)?) {
        body = nil
        switch (outcome, error) {
        case (.failure(let own)?, _): continuation.resume(throwing: own)
        case (_, let error?): continuation.resume(throwing: error)
        case (.success(let value)?, nil): continuation.resume(returning: value)
        case (nil, nil): continuation.resume(throwing: StoreError.misuse("a write completed without running", sql: nil))
        }
    }
}

/// Writes waiting for the writer queue, and whether a drain is scheduled on it.
struct WriteQueue: Sendable {
    var pending: [any PendingWrite] = []
    var drainScheduled = false
    /// Transactions the drain has opened, and the writes they carried (for tests).
    var batches = 0
    var writes = 0
}

extension SerializedConnection {
    /// Most writes committed together. Bounds how long the first write of a batch waits for the
    /// others (each holds the writer for tens of microseconds).
    static let maxBatch = 64

    /// Queues `write` and makes sure a drain will run on the writer's queue.
    nonisolated func submit(_ write: any PendingWrite) {
        let schedule = writeQueue.withLock { queue in
            queue.pending.append(write)
            guard !queue.drainScheduled else { return false }
            queue.drainScheduled = true
            return true
        }
        if schedule { scheduleDrain() }
    }

    private nonisolated func scheduleDrain() {
        executor.queue.async {
            self.assumeIsolated { $0.drainOneBatch() }
        }
    }

    /// Commits up to ``maxBatch`` queued writes in one transaction, then yields the queue (so a
    /// synchronous caller or `close` can run between batches) and comes back for the rest.
    private func drainOneBatch() {
        let batch = writeQueue.withLock { queue -> [any PendingWrite] in
            let count = min(queue.pending.count, Self.maxBatch)
            let batch = Array(queue.pending.prefix(count))
            queue.pending.removeFirst(count)
            queue.batches += 1
            queue.writes += count
            return batch
        }
        commit(batch)
        let more = writeQueue.withLock { queue in
            if queue.pending.isEmpty { queue.drainScheduled = false }
            return queue.drainScheduled
        }
        if more { scheduleDrain() }
    }

    /// Group commit: `BEGIN IMMEDIATE`, each write inside its own savepoint (a write that throws
    /// is rolled back to its savepoint and leaves the others alone), one `COMMIT`; only then is
    /// any caller resumed, so nobody sees success for data that is not committed. One write
    /// alone needs no savepoint. If the commit fails, every write of the batch fails with it.
    private func commit(_ batch: [any PendingWrite]) {
        guard !batch.isEmpty else { return }
        let db: Connection
        do {
            db = try openConnection()
            try db.execute("BEGIN IMMEDIATE")
        } catch {
            for write in batch { write.complete(failingWith: error) }
            return
        }
        let useSavepoints = batch.count > 1
        var batchError: (any Error)?
        var completed = 0
        var loneWriteThrew = false
        do {
            for write in batch {
                if useSavepoints { try db.execute("SAVEPOINT omnistore_write") }
                let returned = write.perform(db)
                guard db.isInsideTransaction else {
                    // The database was closed under the closure, or the closure ran COMMIT or
                    // ROLLBACK itself: what the earlier writes of the batch became is unknown,
                    // so none of them is reported as committed.
                    guard db.isOpen else { throw StoreError.closed }
                    throw StoreError.misuse("the transaction was ended inside the write closure", sql: nil)
                }
                if useSavepoints {
                    if !returned { try db.execute("ROLLBACK TO omnistore_write") }
                    try db.execute("RELEASE omnistore_write")
                } else {
                    loneWriteThrew = !returned
                }
                completed += 1
            }
            try db.execute(loneWriteThrew ? "ROLLBACK" : "COMMIT")
        } catch {
            batchError = error
            if db.isInsideTransaction { try? db.execute("ROLLBACK") }
        }
        for write in batch.prefix(completed) { write.complete(failingWith: batchError) }
        for write in batch.dropFirst(completed) {
            write.complete(failingWith: batchError ?? StoreError.misuse("the write did not run", sql: nil))
        }
    }
}

import Synchronization

#if os(Linux)
@preconcurrency import Dispatch
#else
import Dispatch
#endif

/// One ``Connection`` confined to its own serial queue: the actor's state is the connection,
/// and its executor is the queue. Transactions are opened and closed here, so a closure always
/// runs inside exactly one transaction.
actor SerializedConnection {
    let executor: DispatchQueueExecutor
    private var connection: Connection?
    /// Writes submitted for group commit (``submit(_:)``), guarded by its own lock.
    nonisolated let writeQueue = Mutex(WriteQueue())
    /// Marks the queue so synchronous calls can tell they are already on it (and must not `sync` onto it).
    nonisolated let queueKey = DispatchSpecificKey<ObjectIdentifier>()

    nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    init(label: String, open: () throws -> Connection) throws {
        let queue = DispatchQueue(label: label, qos: .userInitiated)
        executor = DispatchQueueExecutor(queue: queue)
        connection = try open()
        queue.setSpecific(key: queueKey, value: ObjectIdentifier(executor))
    }

    /// Whether the caller is running on this connection's queue.
    nonisolated var isCurrentQueue: Bool {
        DispatchQueue.getSpecific(key: queueKey) == ObjectIdentifier(executor)
    }

    /// Runs `body` on the queue, blocking the caller. Refuses re-entrant calls, which would deadlock.
    nonisolated func sync<T: Sendable>(
        _ body: @Sendable (isolated SerializedConnection) throws -> T
    ) throws -> T {
        guard !isCurrentQueue else {
            throw StoreError.misuse("re-entrant synchronous database access from inside a closure", sql: nil)
        }
        return try executor.queue.sync {
            try assumeIsolated { try body($0) }
        }
    }

    /// `BEGIN IMMEDIATE`, `body`, `COMMIT`; `ROLLBACK` if anything throws (the body, or `COMMIT`).
    func write<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        let db = try open()
        // IMMEDIATE takes the write lock now, so the transaction cannot fail later with
        // SQLITE_BUSY when it first writes (another process may hold the lock; busy_timeout waits).
        try db.execute("BEGIN IMMEDIATE")
        do {
            let value = try body(db)
            guard db.isInsideTransaction else {
                throw StoreError.misuse("the transaction was ended inside the write closure", sql: nil)
            }
            try db.execute("COMMIT")
            return value
        } catch {
            if db.isInsideTransaction { try? db.execute("ROLLBACK") }
            throw error
        }
    }

    /// A deferred read transaction whose snapshot is taken before `body` runs.
    func read<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        let db = try open()
        try db.execute("BEGIN DEFERRED")
        defer {
            // A read transaction has nothing to commit; ending it releases the WAL snapshot.
            if db.isInsideTransaction { try? db.execute("ROLLBACK") }
        }
        // A deferred transaction takes its WAL snapshot at the first read. Read now, so every
        // statement of `body` sees the database as of this moment, not of its first SELECT.
        _ = try db.queryOne("SELECT 1 FROM sqlite_master LIMIT 1")
        return try body(db)
    }

    /// Runs `body` outside any transaction (connection setup, `PRAGMA`s).
    func unmanaged<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        try body(try open())
    }

    /// Finalizes statements and closes the connection; later calls throw ``StoreError/closed``.
    func close() {
        connection?.close()
        connection = nil
    }

    func openConnection() throws(StoreError) -> Connection { try open() }

    private func open() throws(StoreError) -> Connection {
        guard let connection else { throw StoreError.closed }
        return connection
    }
}

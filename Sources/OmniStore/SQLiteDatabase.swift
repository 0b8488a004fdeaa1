import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An SQLite database file in WAL mode: one writer connection and a pool of reader connections,
/// each on its own serial dispatch queue, so blocking SQLite calls never run on Swift's
/// cooperative pool or on an HTTP event loop.
///
/// ```swift
/// let database = try SQLiteDatabase(path: "var/omniid.sqlite")
/// try await migrator.migrate(database)
/// try await database.write { db in
///     try db.execute("INSERT INTO members (id, created_at) VALUES (?, ?)", [.text(id), Date().sqlValue])
/// }
/// let count = try await database.read { db in
///     try db.queryOne("SELECT count(*) AS n FROM members")?.get(Int.self, "n") ?? 0
/// }
/// ```
///
/// - Writes are serialized on the writer queue, each in a `BEGIN IMMEDIATE` transaction that
///   commits when the closure returns and rolls back when it throws.
/// - Reads run in deferred transactions on read-only connections: they see only committed data,
///   as of the moment the closure starts, and never wait for a write (WAL).
/// - Connections: `journal_mode=WAL`, `synchronous=NORMAL`, `foreign_keys=ON`,
///   `busy_timeout` from ``Configuration``, `trusted_schema=OFF`, a 64 MiB WAL size limit.
public final class SQLiteDatabase: DatabaseWriter {
    /// The database file.
    public let path: String
    private let writer: SerializedConnection
    private let readers: ReaderPool
    private let isClosed = Mutex(false)
    private let deletesFilesOnClose: Bool

    /// Opens (creating if needed) the database file at `path`. The parent directory must exist.
    public convenience init(path: String, configuration: Configuration = Configuration()) throws {
        try self.init(path: path, configuration: configuration, deletesFilesOnClose: false)
    }

    /// A database in a new file of the temporary directory, deleted (with its `-wal` and `-shm`
    /// files) on ``close()``. For tests: unlike `:memory:`, the file is shared by all connections.
    public static func temporary(configuration: Configuration = Configuration()) throws -> SQLiteDatabase {
        let directory = FileManager.default.temporaryDirectory.path
        let path = directory + "/omnistore-\(UUID().uuidString).sqlite"
        return try SQLiteDatabase(path: path, configuration: configuration, deletesFilesOnClose: true)
    }

    private init(path: String, configuration: Configuration, deletesFilesOnClose: Bool) throws {
        self.path = path
        self.deletesFilesOnClose = deletesFilesOnClose
        let timeout = configuration.busyTimeoutMilliseconds
        // The writer opens first: it creates the file and switches it to WAL, which the
        // read-only connections then find (they cannot change the journal mode themselves).
        writer = try SerializedConnection(label: "omnistore.writer") {
            let connection = try Connection(path: path, readOnly: false, busyTimeoutMilliseconds: timeout)
            try Self.prepareWriter(connection)
            return connection
        }
        readers = ReaderPool(
            readers: try (0..<max(1, configuration.readerCount)).map { index in
                try SerializedConnection(label: "omnistore.reader.\(index)") {
                    let connection = try Connection(path: path, readOnly: true, busyTimeoutMilliseconds: timeout)
                    try connection.execute("PRAGMA trusted_schema = OFF")
                    return connection
                }
            }
        )
    }

    deinit { close() }

    private static func prepareWriter(_ connection: Connection) throws(StoreError) {
        let mode = try connection.queryOne("PRAGMA journal_mode = WAL")?.get(String.self, at: 0)
        guard mode?.lowercased() == "wal" else {
            throw StoreError.sqlite(
                code: 1,
                message: "could not enable WAL journal mode (got \(mode ?? "nothing"))",
                sql: nil
            )
        }
        // NORMAL is durable across application crashes in WAL mode; only an OS crash or power
        // loss can lose the last commits, never corrupt the file.
        try connection.execute("PRAGMA synchronous = NORMAL")
        try connection.execute("PRAGMA foreign_keys = ON")
        try connection.execute("PRAGMA trusted_schema = OFF")
        try connection.execute("PRAGMA journal_size_limit = 67108864")
    }

    // MARK: - Async access

    /// Runs `body` in a read transaction on a reader connection and returns its value.
    ///
    /// The closure sees committed data as of its start, never a write in progress, and does not
    /// wait for writes. Writing inside it fails (`SQLITE_READONLY`).
    public func read<T: Sendable>(_ body: @Sendable (Connection) throws -> T) async throws -> T {
        try checkOpen()
        try Task.checkCancellation()
        return try await readers.withReader { reader in
            try await reader.read(body)
        }
    }

    /// Runs `body` in a write transaction on the writer connection and returns its value once
    /// that transaction has committed; if `body` (or the commit) throws, nothing it wrote remains.
    ///
    /// Writes run one at a time, in the order they were submitted. Writes that queue up while
    /// the writer is busy are committed together (group commit): one `BEGIN IMMEDIATE`, each
    /// closure in its own savepoint, one `COMMIT`. A closure that throws is rolled back to its
    /// savepoint without touching its neighbours; a failed commit fails every write of the batch.
    /// A closure sees the writes queued before it, committed or not, exactly as if they had run
    /// in transactions of their own.
    public func write<T: Sendable>(_ body: @Sendable (Connection) throws -> T) async throws -> T {
        try checkOpen()
        try Task.checkCancellation()
        let writer = self.writer
        // The closure runs (and is dropped, see ``Write``) before the continuation resumes.
        return try await withoutActuallyEscaping(body) { body in
            try await withCheckedThrowingContinuation { continuation in
                writer.submit(Write(body: body, continuation: continuation))
            }
        }
    }

    /// ``DatabaseWriter`` conformance: ``read(_:)`` through the engine-independent protocol.
    public func read<T: Sendable>(_ body: @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await read { (db: Connection) in try body(db) }
    }

    /// ``DatabaseWriter`` conformance: ``write(_:)`` through the engine-independent protocol.
    public func write<T: Sendable>(_ body: @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await write { (db: Connection) in try body(db) }
    }

    // MARK: - Synchronous access (command-line tools)

    /// ``read(_:)`` for synchronous code, blocking the calling thread.
    /// Not for async contexts (it would block a cooperative thread) and not from inside another closure.
    public func readSync<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        try checkOpen()
        return try readers.withReaderBlocking { reader in
            try reader.sync { try $0.read(body) }
        }
    }

    /// ``write(_:)`` for synchronous code, blocking the calling thread. Throws
    /// ``StoreError/misuse(_:sql:)`` when called from inside a write closure (it would deadlock).
    public func writeSync<T: Sendable>(_ body: @Sendable (Connection) throws -> T) throws -> T {
        try checkOpen()
        return try writer.sync { try $0.write(body) }
    }

    // MARK: - Closing

    /// Waits for work in progress, finalizes cached statements and closes every connection
    /// (readers first, then the writer, whose close checkpoints the WAL). Later calls throw
    /// ``StoreError/closed``. Idempotent; also done on deinit.
    public func close() {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        for reader in readers.readers { Self.close(reader) }
        Self.close(writer)
        if deletesFilesOnClose {
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
        }
    }

    private static func close(_ connection: SerializedConnection) {
        // From inside a closure on that very queue, close in place rather than deadlock:
        // the closure's next statement then throws `closed`.
        if connection.isCurrentQueue {
            connection.assumeIsolated { $0.close() }
        } else {
            _ = try? connection.sync { $0.close() }
        }
    }

    /// Group-commit transactions so far and the writes they carried (for tests).
    var groupCommits: (batches: Int, writes: Int) {
        writer.writeQueue.withLock { ($0.batches, $0.writes) }
    }

    /// Writes waiting for the writer (for tests).
    var queuedWrites: Int { writer.writeQueue.withLock { $0.pending.count } }

    /// Whether the caller runs on the writer's queue (for tests).
    var isOnWriterQueue: Bool { writer.isCurrentQueue }

    /// Whether the caller runs on one of the readers' queues (for tests).
    var isOnReaderQueue: Bool { readers.readers.contains { $0.isCurrentQueue } }

    private func checkOpen() throws(StoreError) {
        if isClosed.withLock({ $0 }) { throw StoreError.closed }
    }
}

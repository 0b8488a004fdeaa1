internal import CSQLite

/// One SQLite connection, handed to `read`/`write` closures of ``SQLiteDatabase``.
///
/// A connection belongs to the serial queue of its ``SQLiteDatabase``; it is not `Sendable` and
/// must not escape the closure that received it. Statements are prepared once per SQL text and
/// cached for the connection's life (finalized on close).
public final class Connection: SQLConnection {
    private var handle: OpaquePointer?
    private var statements: [String: Statement] = [:]

    /// Statements beyond this many distinct SQL texts are prepared, used and finalized.
    /// Domain code uses a fixed set of SQL strings; this only guards against SQL built at run time.
    static let statementCacheCapacity = 256

    /// Opens a connection; `readOnly` connections refuse every write with `SQLITE_READONLY`.
    init(path: String, readOnly: Bool, busyTimeoutMilliseconds: Int32) throws(StoreError) {
        // NOMUTEX ("multi-thread" mode): SQLite skips its own per-connection mutex because each
        // connection is only ever used on its own serial queue.
        var flags = SQLITE_OPEN_NOMUTEX
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let error = StoreError.sqlite(handle, code: code, sql: nil)
            sqlite3_close(handle)
            throw error
        }
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
    }

    deinit { close() }

    /// Finalizes cached statements, then closes. Idempotent.
    func close() {
        for statement in statements.values { statement.finalize() }
        statements.removeAll()
        guard let handle else { return }
        // close_v2 defers the close if a statement somehow survived, instead of leaking the handle.
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    // MARK: - SQLConnection

    /// Runs one statement, discarding any rows.
    public func execute(_ sql: String, _ arguments: [SQLValue] = []) throws(StoreError) {
        _ = try withStatement(sql) { statement throws(StoreError) in
            try statement.run(arguments, collectRows: false)
        }
    }

    /// Runs several statements without arguments, in order, stopping at the first error.
    public func executeScript(_ sql: String) throws(StoreError) {
        let handle = try openHandle(sql: sql)
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            throw StoreError.fromResultCode(sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// Runs one statement and returns all its rows.
    public func query(_ sql: String, _ arguments: [SQLValue] = []) throws(StoreError) -> [Row] {
        try withStatement(sql) { statement throws(StoreError) in
            try statement.run(arguments, collectRows: true)
        }
    }

    /// Runs one statement and returns its first row, or `nil`.
    public func queryOne(_ sql: String, _ arguments: [SQLValue] = []) throws(StoreError) -> Row? {
        try query(sql, arguments).first
    }

    /// Rows changed by the most recent `INSERT`, `UPDATE` or `DELETE` on this connection.
    public var changes: Int {
        handle.map { Int(sqlite3_changes64($0)) } ?? 0
    }

    /// The rowid of the most recent successful `INSERT` on this connection (SQLite only;
    /// portable code uses `RETURNING`).
    public var lastInsertRowID: Int64 {
        handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    /// Whether the connection is still open.
    var isOpen: Bool { handle != nil }

    /// Whether a transaction is open (SQLite's autocommit flag is off).
    public var isInsideTransaction: Bool {
        handle.map { sqlite3_get_autocommit($0) == 0 } ?? false
    }

    // MARK: - Internals

    /// The number of cached prepared statements (for tests).
    var cachedStatementCount: Int { statements.count }

    private func openHandle(sql: String?) throws(StoreError) -> OpaquePointer {
        guard let handle else { throw StoreError.closed }
        return handle
    }

    private func withStatement<R>(
        _ sql: String,
        _ body: (Statement) throws(StoreError) -> R
    ) throws(StoreError) -> R {
        if let cached = statements[sql] { return try body(cached) }
        let handle = try openHandle(sql: sql)
        guard statements.count < Self.statementCacheCapacity else {
            let statement = try Statement(connection: handle, sql: sql, persistent: false)
            defer { statement.finalize() }
            return try body(statement)
        }
        let statement = try Statement(connection: handle, sql: sql, persistent: true)
        statements[sql] = statement
        return try body(statement)
    }
}

@available(*, unavailable, message: "a Connection must stay inside the closure that received it")
extension Connection: Sendable {}

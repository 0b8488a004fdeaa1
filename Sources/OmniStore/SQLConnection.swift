/// What domain stores need from a database connection, independent of the engine.
///
/// SQL uses `?` positional placeholders, bound in order. ``Connection`` (SQLite) passes them
/// through; a PostgreSQL implementation would rewrite the n-th `?` outside string literals to
/// `$n` before preparing. Write portable SQL against this protocol: `RETURNING` instead of
/// `last_insert_rowid()`, `ON CONFLICT ... DO ...` for upserts, no engine-specific functions.
///
/// A connection is valid only inside the `read`/`write` closure that received it; it is not
/// `Sendable` and must not be stored.
public protocol SQLConnection {
    /// Runs one statement, discarding any rows. Throws ``StoreError/misuse(_:sql:)`` if `sql`
    /// holds more than one statement or the argument count differs from the placeholder count.
    func execute(_ sql: String, _ arguments: [SQLValue]) throws(StoreError)

    /// Runs several `;`-separated statements without arguments (DDL in migrations).
    func executeScript(_ sql: String) throws(StoreError)

    /// Runs one statement and returns all its rows.
    func query(_ sql: String, _ arguments: [SQLValue]) throws(StoreError) -> [Row]

    /// Runs one statement and returns its first row, or `nil` if it has none.
    func queryOne(_ sql: String, _ arguments: [SQLValue]) throws(StoreError) -> Row?

    /// The number of rows changed by the last `INSERT`, `UPDATE` or `DELETE`.
    var changes: Int { get }
}

extension SQLConnection {
    /// Runs one statement without arguments.
    public func execute(_ sql: String) throws(StoreError) {
        try execute(sql, [])
    }

    /// Runs one statement without arguments and returns all its rows.
    public func query(_ sql: String) throws(StoreError) -> [Row] {
        try query(sql, [])
    }

    /// Runs one statement without arguments and returns its first row.
    public func queryOne(_ sql: String) throws(StoreError) -> Row? {
        try queryOne(sql, [])
    }
}

/// The storage boundary domain stores are written against: a database that runs closures in
/// transactions. ``SQLiteDatabase`` implements it; a PostgreSQL backend would be another
/// conforming type (with a connection that rewrites `?` placeholders to `$n`), and the domain
/// code would not change.
///
/// Both methods run `body` inside a transaction and return its value:
/// - ``write(_:)`` serializes with every other write; a throw rolls everything back.
/// - ``read(_:)`` sees one consistent snapshot of committed data and may run concurrently with
///   other reads and with a write; writing inside it fails.
///
/// Closures must not keep the connection, and should not block on anything but the database:
/// they hold a connection (the only writer, for `write`) while they run.
public protocol DatabaseWriter: Sendable {
    /// Runs `body` in a read-only transaction over a consistent snapshot of committed data.
    func read<T: Sendable>(_ body: @Sendable (any SQLConnection) throws -> T) async throws -> T

    /// Runs `body` in a write transaction: commits when it returns, rolls back when it throws.
    func write<T: Sendable>(_ body: @Sendable (any SQLConnection) throws -> T) async throws -> T
}

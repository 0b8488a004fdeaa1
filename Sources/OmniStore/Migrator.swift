#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An ordered list of named schema migrations, applied once each and recorded in the
/// `schema_migrations` table (`name`, `applied_at` as Unix seconds).
///
/// ```swift
/// var migrator = Migrator()
/// migrator.register("2026-11-25-create-members") { db in
///     try db.executeScript("""
///         CREATE TABLE members (id TEXT PRIMARY KEY, created_at REAL NOT NULL);
///         """)
/// }
/// try await migrator.migrate(database)
/// ```
///
/// - Each step runs in its own write transaction together with the insert that records it:
///   a step that throws leaves no trace, and no later step runs.
/// - Steps already recorded are skipped, so `migrate` can run at every start. Several
///   processes may migrate at once: each step re-checks its record inside its transaction.
/// - If the database records a migration this code does not register, it was migrated by a
///   newer version and `migrate` refuses to touch it (``StoreError/unknownMigrations(_:)``).
/// - Never edit or rename a step once released: add a new one.
///
/// SQLite cannot change `PRAGMA foreign_keys` inside a transaction, so a step that rebuilds a
/// table must keep foreign keys consistent on its own.
public struct Migrator: Sendable {
    private var steps: [(name: String, body: @Sendable (any SQLConnection) throws -> Void)] = []

    /// An empty migrator.
    public init() {}

    /// The registered step names, in order.
    public var names: [String] { steps.map(\.name) }

    /// Appends a step. Names must be unique; a duplicate makes ``migrate(_:)`` throw
    /// ``StoreError/duplicateMigration(_:)``.
    public mutating func register(_ name: String, _ body: @escaping @Sendable (any SQLConnection) throws -> Void) {
        steps.append((name, body))
    }

    /// Applies every registered step not yet recorded, in registration order.
    ///
    /// - Returns: the names applied by this call (empty when the schema was up to date).
    /// - Throws: ``StoreError/duplicateMigration(_:)``, ``StoreError/unknownMigrations(_:)``
    ///   before anything runs; ``StoreError/migrationFailed(name:reason:)`` when a step throws
    ///   (that step is rolled back, earlier steps of this call stay applied).
    @discardableResult
    public func migrate(_ database: some DatabaseWriter) async throws -> [String] {
        let known = try checkedNames()
        let applied = try await database.write { db in
            try Self.createTable(db)
            return try Self.appliedNames(db)
        }
        let unknown = applied.filter { !known.contains($0) }
        guard unknown.isEmpty else { throw StoreError.unknownMigrations(unknown) }

        var newlyApplied: [String] = []
        for step in steps where !applied.contains(step.name) {
            let ran = try await database.write { db in
                // Another process may have applied it since we looked.
                let recorded = try db.queryOne("SELECT 1 FROM schema_migrations WHERE name = ?", [.text(step.name)])
                guard recorded == nil else { return false }
                do {
                    try step.body(db)
                } catch {
                    throw StoreError.migrationFailed(name: step.name, reason: String(describing: error))
                }
                try db.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    [.text(step.name), Date().sqlValue]
                )
                return true
            }
            if ran { newlyApplied.append(step.name) }
        }
        return newlyApplied
    }

    /// The migration names recorded in the database, oldest first (empty before the first `migrate`).
    public func appliedMigrations(_ database: some DatabaseWriter) async throws -> [String] {
        try await database.write { db in
            try Self.createTable(db)
            return try Self.appliedNames(db)
        }
    }

    private func checkedNames() throws(StoreError) -> Set<String> {
        var seen: Set<String> = []
        for step in steps where !seen.insert(step.name).inserted {
            throw StoreError.duplicateMigration(step.name)
        }
        return seen
    }

    /// Portable SQL: `DOUBLE PRECISION` has `REAL` affinity in SQLite and is 8 bytes in PostgreSQL
    /// (whose `REAL` is 4 bytes, too coarse for Unix seconds).
    private static func createTable(_ db: any SQLConnection) throws(StoreError) {
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name TEXT PRIMARY KEY NOT NULL,
                applied_at DOUBLE PRECISION NOT NULL
            )
            """
        )
    }

    private static func appliedNames(_ db: any SQLConnection) throws(StoreError) -> [String] {
        try db.query("SELECT name FROM schema_migrations ORDER BY applied_at, name").map { row throws(StoreError) in
            try row.get(String.self, "name")
        }
    }
}

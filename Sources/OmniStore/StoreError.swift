/// Everything that can go wrong in `OmniStore`.
///
/// Cases carry the failing SQL text (so a log line says which statement failed) but never the
/// bound arguments: those may be tokens, OTP codes or phone numbers.
public enum StoreError: Error, Sendable, Equatable {
    /// A constraint was violated. Domain code maps `.unique` to a conflict
    /// (for example a phone number that already belongs to another member).
    case constraintViolation(ConstraintKind, message: String, sql: String?)

    /// Any other SQLite failure. `code` is the extended result code
    /// (`code & 0xFF` is the primary code, e.g. 5 `SQLITE_BUSY`).
    case sqlite(code: Int32, message: String, sql: String?)

    /// The row has no column of that name.
    case missingColumn(String)

    /// The row has no column at that index.
    case columnIndexOutOfRange(Int, count: Int)

    /// The stored value's storage class does not decode as the requested Swift type.
    /// `found` is a storage class name (`TEXT`, `NULL`...), never the value.
    case typeMismatch(column: String, expected: String, found: String)

    /// The API was used in a way it does not support (wrong argument count, several
    /// statements given to `execute`, a transaction ended inside `write`, re-entrant calls).
    case misuse(String, sql: String?)

    /// The database was closed.
    case closed

    /// The database holds applied migrations this code does not know: it was migrated by a
    /// newer version of OmniID. Running older code against it could corrupt data.
    case unknownMigrations([String])

    /// The same migration name was registered twice.
    case duplicateMigration(String)

    /// A migration step failed; it was rolled back and no later step ran.
    case migrationFailed(name: String, reason: String)

    /// A constraint kind, as reported by SQLite's extended result codes.
    public enum ConstraintKind: Sendable, Equatable {
        /// `UNIQUE` or `PRIMARY KEY` (PostgreSQL reports both as `unique_violation` too).
        case unique
        /// `FOREIGN KEY`.
        case foreignKey
        /// `CHECK`.
        case check
        /// `NOT NULL`.
        case notNull
        /// Any other constraint (trigger `RAISE`, rowid, ...).
        case other
    }
}

extension StoreError: CustomStringConvertible {
    /// A one-line description fit for a log line: no argument values.
    public var description: String {
        switch self {
        case .constraintViolation(let kind, let message, let sql):
            return "constraint violation (\(kind)): \(message)" + Self.suffix(sql)
        case .sqlite(let code, let message, let sql):
            return "SQLite error \(code): \(message)" + Self.suffix(sql)
        case .missingColumn(let name):
            return "no column named \(name)"
        case .columnIndexOutOfRange(let index, let count):
            return "column index \(index) out of range (row has \(count) columns)"
        case .typeMismatch(let column, let expected, let found):
            return "column \(column): cannot decode \(found) as \(expected)"
        case .misuse(let message, let sql):
            return "misuse: \(message)" + Self.suffix(sql)
        case .closed:
            return "the database is closed"
        case .unknownMigrations(let names):
            return "the database has migrations this version does not know (newer schema?): "
                + names.joined(separator: ", ")
        case .duplicateMigration(let name):
            return "migration registered twice: \(name)"
        case .migrationFailed(let name, let reason):
            return "migration \(name) failed and was rolled back: \(reason)"
        }
    }

    private static func suffix(_ sql: String?) -> String {
        guard let sql else { return "" }
        return " — in: \(sql)"
    }
}

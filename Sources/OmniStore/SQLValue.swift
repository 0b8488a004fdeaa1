/// One value as SQLite stores it: its five storage classes.
///
/// Arguments are bound by position to `?` placeholders and never spliced into SQL text, so a
/// value can hold anything (quotes, `--`, NUL bytes) without changing what the statement does.
///
/// `SQLValue` is expressible by literals, so constant arguments read naturally:
/// `try db.execute("UPDATE t SET n = ? WHERE id = ?", [42, "abc"])`. Variables go through
/// ``SQLValueConvertible/sqlValue`` or a case: `[.text(memberID), expiresAt.sqlValue]`.
public enum SQLValue: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// A 64-bit signed integer (SQLite `INTEGER`).
    case integer(Int64)
    /// An IEEE 754 double (SQLite `REAL`).
    case real(Double)
    /// UTF-8 text (SQLite `TEXT`); may contain NUL characters.
    case text(String)
    /// Raw bytes (SQLite `BLOB`); may be empty.
    case blob([UInt8])

    /// The storage class name, used in error messages instead of the value itself (which may be a secret).
    public var storageClass: String {
        switch self {
        case .null: return "NULL"
        case .integer: return "INTEGER"
        case .real: return "REAL"
        case .text: return "TEXT"
        case .blob: return "BLOB"
        }
    }

    /// Whether this is SQL `NULL`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension SQLValue: ExpressibleByNilLiteral {
    /// `nil` is SQL `NULL`.
    public init(nilLiteral: ()) { self = .null }
}

extension SQLValue: ExpressibleByIntegerLiteral {
    /// An integer literal is an `INTEGER`.
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension SQLValue: ExpressibleByFloatLiteral {
    /// A float literal is a `REAL`.
    public init(floatLiteral value: Double) { self = .real(value) }
}

extension SQLValue: ExpressibleByBooleanLiteral {
    /// `true` is `INTEGER` 1 and `false` is `INTEGER` 0, as SQLite itself represents booleans.
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}

extension SQLValue: ExpressibleByStringLiteral {
    /// A string literal is `TEXT`.
    public init(stringLiteral value: String) { self = .text(value) }
}

extension SQLValue: CustomStringConvertible {
    /// Only the storage class: values may hold tokens, codes or phone numbers that must not reach logs.
    public var description: String { "SQLValue(\(storageClass))" }
}

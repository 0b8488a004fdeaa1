/// A Swift type that converts to and from one ``SQLValue``.
///
/// Decoding is strict: a `TEXT` column never silently becomes an `Int`. The only widening
/// accepted is `INTEGER` → `Double` (SQLite itself stores integral values of `REAL` columns as
/// integers on disk).
public protocol SQLValueConvertible: Sendable {
    /// The value to bind for this Swift value.
    var sqlValue: SQLValue { get }

    /// The Swift value for a stored value, or `nil` when the storage class does not fit
    /// (``Row/get(_:_:)`` turns that `nil` into ``StoreError/typeMismatch(column:expected:found:)``).
    static func fromSQLValue(_ value: SQLValue) -> Self?
}

extension SQLValue: SQLValueConvertible {
    /// The value itself.
    public var sqlValue: SQLValue { self }

    /// Any stored value, `NULL` included.
    public static func fromSQLValue(_ value: SQLValue) -> SQLValue? { value }
}

extension Int64: SQLValueConvertible {
    /// `INTEGER`.
    public var sqlValue: SQLValue { .integer(self) }

    /// From `INTEGER` only.
    public static func fromSQLValue(_ value: SQLValue) -> Int64? {
        if case .integer(let int) = value { return int }
        return nil
    }
}

extension Int: SQLValueConvertible {
    /// `INTEGER`.
    public var sqlValue: SQLValue { .integer(Int64(self)) }

    /// From `INTEGER` only, when it fits in `Int`.
    public static func fromSQLValue(_ value: SQLValue) -> Int? {
        if case .integer(let int) = value { return Int(exactly: int) }
        return nil
    }
}

extension Bool: SQLValueConvertible {
    /// `INTEGER` 1 or 0.
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }

    /// From `INTEGER`: zero is `false`, any other integer `true` (SQLite's own truth rule).
    public static func fromSQLValue(_ value: SQLValue) -> Bool? {
        if case .integer(let int) = value { return int != 0 }
        return nil
    }
}

extension Double: SQLValueConvertible {
    /// `REAL`.
    public var sqlValue: SQLValue { .real(self) }

    /// From `REAL`, or from `INTEGER` (widened).
    public static func fromSQLValue(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let real): return real
        case .integer(let int): return Double(int)
        default: return nil
        }
    }
}

extension String: SQLValueConvertible {
    /// `TEXT`.
    public var sqlValue: SQLValue { .text(self) }

    /// From `TEXT` only.
    public static func fromSQLValue(_ value: SQLValue) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }
}

extension Array: SQLValueConvertible where Element == UInt8 {
    /// `BLOB`.
    public var sqlValue: SQLValue { .blob(self) }

    /// From `BLOB` only.
    public static func fromSQLValue(_ value: SQLValue) -> [UInt8]? {
        if case .blob(let bytes) = value { return bytes }
        return nil
    }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    /// `NULL` for `nil`, otherwise the wrapped value's.
    public var sqlValue: SQLValue {
        switch self {
        case .none: return .null
        case .some(let wrapped): return wrapped.sqlValue
        }
    }

    /// `.some(nil)` for `NULL`; otherwise the wrapped type's decoding (a mismatch stays a mismatch).
    public static func fromSQLValue(_ value: SQLValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        guard let wrapped = Wrapped.fromSQLValue(value) else { return nil }
        return .some(wrapped)
    }
}

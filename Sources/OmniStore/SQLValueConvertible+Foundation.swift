#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension Data: SQLValueConvertible {
    /// `BLOB`.
    public var sqlValue: SQLValue { .blob([UInt8](self)) }

    /// From `BLOB` only.
    public static func fromSQLValue(_ value: SQLValue) -> Data? {
        if case .blob(let bytes) = value { return Data(bytes) }
        return nil
    }
}

/// Dates are stored as `REAL` Unix time: seconds since 1970-01-01T00:00:00Z, with the
/// fraction (sub-microsecond precision for present-day dates).
///
/// Chosen over `INTEGER` seconds so a stored `Date()` keeps its order against another taken a
/// millisecond later; SQL comparisons with integer seconds (`expires_at < ?` bound to an
/// `Int64`, or `unixepoch()`) still work because SQLite compares `INTEGER` and `REAL`
/// numerically. Decoding accepts `INTEGER` too, so columns written as whole seconds read back.
/// Store `Int64(date.timeIntervalSince1970)` yourself when a column must hold whole seconds
/// (JWT `exp`/`iat` are whole seconds, RFC 7519 §2 NumericDate).
extension Date: SQLValueConvertible {
    /// `REAL` seconds since 1970.
    public var sqlValue: SQLValue { .real(timeIntervalSince1970) }

    /// From `REAL` or `INTEGER` seconds since 1970.
    public static func fromSQLValue(_ value: SQLValue) -> Date? {
        switch value {
        case .real(let seconds): return Date(timeIntervalSince1970: seconds)
        case .integer(let seconds): return Date(timeIntervalSince1970: Double(seconds))
        default: return nil
        }
    }
}

internal import CSQLite

extension StoreError {
    /// The error for a failed call on `handle`, read right after the call on the same thread.
    /// Extended result codes are on for every connection, so the code tells constraint kinds apart.
    static func sqlite(_ handle: OpaquePointer?, code: Int32, sql: String?) -> StoreError {
        let message =
            handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        return fromResultCode(code, message: message, sql: sql)
    }

    static func fromResultCode(_ code: Int32, message: String, sql: String?) -> StoreError {
        guard code & 0xFF == SQLITE_CONSTRAINT else {
            return .sqlite(code: code, message: message, sql: sql)
        }
        let kind: ConstraintKind
        // The extended codes are `(SQLITE_CONSTRAINT | (n << 8))` macros, which Swift does not import.
        switch code >> 8 {
        case 8, 6: kind = .unique  // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
        case 3: kind = .foreignKey  // SQLITE_CONSTRAINT_FOREIGNKEY
        case 1: kind = .check  // SQLITE_CONSTRAINT_CHECK
        case 5: kind = .notNull  // SQLITE_CONSTRAINT_NOTNULL
        default: kind = .other
        }
        return .constraintViolation(kind, message: message, sql: sql)
    }
}

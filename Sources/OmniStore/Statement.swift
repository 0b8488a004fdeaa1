internal import CSQLite
internal import CShims

/// One prepared statement, owned by one ``Connection`` (which finalizes it on close).
///
/// Arguments are bound with `SQLITE_TRANSIENT`, so SQLite copies the bytes before the bind call
/// returns and no Swift buffer has to outlive it. Bindings are cleared after every run, so
/// a cached statement does not keep a copy of a secret argument in memory.
final class Statement {
    let sql: String
    private let connection: OpaquePointer
    private(set) var handle: OpaquePointer?

    /// Prepares exactly one statement; trailing statements are refused (use `executeScript`).
    init(connection: OpaquePointer, sql: String, persistent: Bool) throws(StoreError) {
        self.sql = sql
        self.connection = connection
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(connection, sql, -1, flags, &statement, &tail)
        guard code == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw StoreError.sqlite(connection, code: code, sql: sql)
        }
        guard let statement else {
            throw StoreError.misuse("empty SQL statement", sql: sql)
        }
        handle = statement
        if let tail, Self.holdsAnotherStatement(connection: connection, tail) {
            finalize()
            throw StoreError.misuse("several statements in one call; use executeScript", sql: sql)
        }
    }

    deinit { finalize() }

    func finalize() {
        sqlite3_finalize(handle)
        handle = nil
    }

    /// Binds, steps to completion and returns every row. Resets the statement whatever happens.
    func run(_ arguments: [SQLValue], collectRows: Bool) throws(StoreError) -> [Row] {
        guard let handle else { throw StoreError.closed }
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        try bind(arguments, to: handle)
        var rows: [Row] = []
        // Column names are read per run: SQLite re-prepares a cached `SELECT *` after a schema change.
        var columns: RowColumns?
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_DONE:
                return rows
            case SQLITE_ROW:
                guard collectRows else { continue }
                let names = columns ?? RowColumns(names: columnNames())
                columns = names
                rows.append(readRow(handle, columns: names))
            default:
                throw StoreError.sqlite(connection, code: code, sql: sql)
            }
        }
    }

    private func bind(_ arguments: [SQLValue], to handle: OpaquePointer) throws(StoreError) {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == arguments.count else {
            throw StoreError.misuse("expected \(expected) arguments, got \(arguments.count)", sql: sql)
        }
        for (offset, value) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null:
                code = sqlite3_bind_null(handle, index)
            case .integer(let int):
                code = sqlite3_bind_int64(handle, index, int)
            case .real(let real):
                code = sqlite3_bind_double(handle, index, real)
            case .text(let text):
                code = Self.bindText(text, handle, index)
            case .blob(let bytes):
                code = Self.bindBlob(bytes, handle, index)
            }
            guard code == SQLITE_OK else { throw StoreError.sqlite(connection, code: code, sql: sql) }
        }
    }

    private static func bindText(_ text: String, _ handle: OpaquePointer, _ index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { utf8 in
            // A nil base address would bind NULL, not the empty string.
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, omni_sqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { chars in
                sqlite3_bind_text64(
                    handle,
                    index,
                    chars,
                    sqlite3_uint64(utf8.count),
                    omni_sqlite_transient(),
                    UInt8(SQLITE_UTF8)
                )
            }
        }
    }

    private static func bindBlob(_ bytes: [UInt8], _ handle: OpaquePointer, _ index: Int32) -> Int32 {
        // A nil pointer would bind NULL; an empty blob is a zero-length zeroblob.
        guard !bytes.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
        return bytes.withUnsafeBytes { buffer in
            sqlite3_bind_blob64(
                handle,
                index,
                buffer.baseAddress,
                sqlite3_uint64(buffer.count),
                omni_sqlite_transient()
            )
        }
    }

    private func readRow(_ handle: OpaquePointer, columns: RowColumns) -> Row {
        let count = Int(sqlite3_column_count(handle))
        var values: [SQLValue] = []
        values.reserveCapacity(count)
        for column in 0..<Int32(count) {
            values.append(Self.readValue(handle, column))
        }
        return Row(columns: columns, values: values)
    }

    private static func readValue(_ handle: OpaquePointer, _ column: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            // Pointer first, then the byte count (SQLite's documented order); the count, not a
            // terminating NUL, delimits the text, so embedded NULs survive.
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            let length = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            guard let blob = sqlite3_column_blob(handle, column) else { return .blob([]) }
            let length = Int(sqlite3_column_bytes(handle, column))
            return .blob([UInt8](UnsafeRawBufferPointer(start: blob, count: length)))
        default:
            return .null
        }
    }

    private func columnNames() -> [String] {
        guard let handle else { return [] }
        return (0..<sqlite3_column_count(handle)).map { column in
            sqlite3_column_name(handle, column).map { String(cString: $0) } ?? ""
        }
    }

    /// Whether `tail` (the text after the first statement) holds another statement, as opposed
    /// to whitespace, semicolons or comments.
    private static func holdsAnotherStatement(connection: OpaquePointer, _ tail: UnsafePointer<CChar>) -> Bool {
        guard tail.pointee != 0 else { return false }
        var next: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, tail, -1, &next, nil)
        defer { sqlite3_finalize(next) }
        return code != SQLITE_OK || next != nil
    }
}

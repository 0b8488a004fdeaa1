/// The column names of one query's rows, shared by all of them.
final class RowColumns: Sendable {
    let names: [String]
    private let indexByName: [String: Int]
    private let indexByLowercasedName: [String: Int]

    init(names: [String]) {
        self.names = names
        // The first column of a given name wins, as in SQLite's own name resolution.
        var exact: [String: Int] = [:]
        var lowercased: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if exact[name] == nil { exact[name] = index }
            if lowercased[name.lowercased()] == nil { lowercased[name.lowercased()] = index }
        }
        indexByName = exact
        indexByLowercasedName = lowercased
    }

    /// Exact match first, then ASCII case-insensitive like SQL identifiers.
    func index(of name: String) -> Int? {
        indexByName[name] ?? indexByLowercasedName[name.lowercased()]
    }
}

/// One result row: values by column name or index, copied out of SQLite (a `Row` stays valid
/// after the closure that fetched it returns, and is `Sendable`).
///
/// ```swift
/// let id: String = try row.get("member_id")
/// let mergedInto = try row.get(String?.self, "merged_into")   // nil for NULL
/// let raw = row["created_at"]                                   // SQLValue?, nil if no such column
/// ```
public struct Row: Sendable, Equatable {
    private let columns: RowColumns
    /// The values in column order.
    public let values: [SQLValue]

    init(columns: RowColumns, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The column names in order.
    public var columnNames: [String] { columns.names }

    /// The number of columns.
    public var count: Int { values.count }

    /// The raw value of a column, or `nil` when the row has no such column (SQL `NULL` is `.null`).
    public subscript(_ column: String) -> SQLValue? {
        columns.index(of: column).map { values[$0] }
    }

    /// The raw value at a zero-based index, or `nil` when out of range.
    public subscript(_ index: Int) -> SQLValue? {
        values.indices.contains(index) ? values[index] : nil
    }

    /// Whether the row has a column of that name.
    public func hasColumn(_ column: String) -> Bool { columns.index(of: column) != nil }

    /// The value of a column decoded as `T`.
    ///
    /// - Throws: ``StoreError/missingColumn(_:)`` when there is no such column;
    ///   ``StoreError/typeMismatch(column:expected:found:)`` when the stored value does not decode
    ///   as `T` (a `NULL` decodes only as an `Optional`).
    public func get<T: SQLValueConvertible>(_ type: T.Type = T.self, _ column: String) throws(StoreError) -> T {
        guard let index = columns.index(of: column) else { throw StoreError.missingColumn(column) }
        return try decode(T.self, values[index], column: column)
    }

    /// The value at a zero-based index decoded as `T`.
    ///
    /// - Throws: ``StoreError/columnIndexOutOfRange(_:count:)`` or
    ///   ``StoreError/typeMismatch(column:expected:found:)``.
    public func get<T: SQLValueConvertible>(_ type: T.Type = T.self, at index: Int) throws(StoreError) -> T {
        guard values.indices.contains(index) else {
            throw StoreError.columnIndexOutOfRange(index, count: values.count)
        }
        return try decode(T.self, values[index], column: columns.names[index])
    }

    private func decode<T: SQLValueConvertible>(
        _ type: T.Type,
        _ value: SQLValue,
        column: String
    ) throws(StoreError)
        -> T
    {
        guard let decoded = T.fromSQLValue(value) else {
            throw StoreError.typeMismatch(
                column: column,
                expected: String(describing: T.self),
                found: value.storageClass
            )
        }
        return decoded
    }

    /// Rows are equal when they have the same column names and values.
    public static func == (lhs: Row, rhs: Row) -> Bool {
        lhs.values == rhs.values && lhs.columns.names == rhs.columns.names
    }
}

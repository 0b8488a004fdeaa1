import XCTest

@testable import OmniStore

final class ValueBindingTests: XCTestCase {
    private var database: SQLiteDatabase!

    override func setUp() async throws {
        database = try makeDatabase()
        // No declared types: no column affinity, so values keep the storage class they were bound with.
        try await database.write { db in
            try db.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, x)")
        }
    }

    override func tearDown() async throws {
        database.close()
    }

    /// Stores `value` and reads it back as `T`.
    private func roundTrip<T: SQLValueConvertible>(_ value: T) async throws -> T {
        try await database.write { db in
            try db.execute("DELETE FROM v")
            try db.execute("INSERT INTO v (id, x) VALUES (1, ?)", [value.sqlValue])
        }
        return try await database.read { db in
            guard let row = try db.queryOne("SELECT x FROM v WHERE id = 1") else { throw TestFailure() }
            return try row.get(T.self, "x")
        }
    }

    private func storedClass(_ value: SQLValue) async throws -> String? {
        try await database.write { db in
            try db.execute("DELETE FROM v")
            try db.execute("INSERT INTO v (id, x) VALUES (1, ?)", [value])
            return try db.queryOne("SELECT typeof(x) AS t FROM v")?.get(String.self, "t")
        }
    }

    func testIntegersRoundTripAtTheirExtremes() async throws {
        for value in [Int64.min, Int64.min + 1, -1, 0, 1, Int64.max] {
            let back = try await roundTrip(value)
            XCTAssertEqual(back, value)
        }
        let int = try await roundTrip(Int.max)
        XCTAssertEqual(int, Int.max)
    }

    func testDoublesRoundTripExactly() async throws {
        for value in [Double.pi, -2.5, 1e-300, 1.7976931348623157e308, 0.1, Double.infinity] {
            let back = try await roundTrip(value)
            XCTAssertEqual(back, value)
        }
    }

    func testTextWithNulAndEmojiRoundTrips() async throws {
        let text = "a\u{0}b — 会员 😀👨‍👩‍👧"
        let back = try await roundTrip(text)
        XCTAssertEqual(back, text)
        XCTAssertEqual(back.utf8.count, text.utf8.count)
        let length = try await database.read { db in
            try db.queryOne("SELECT length(CAST(x AS BLOB)) FROM v")?.get(Int.self, at: 0)
        }
        XCTAssertEqual(length, text.utf8.count, "stored bytes include everything after the NUL")
    }

    func testEmptyTextAndEmptyBlobAreNotNull() async throws {
        let text = try await storedClass(.text(""))
        let blob = try await storedClass(.blob([]))
        XCTAssertEqual(text, "text")
        XCTAssertEqual(blob, "blob")
        let emptyText = try await roundTrip("")
        let emptyBlob = try await roundTrip([UInt8]())
        XCTAssertEqual(emptyText, "")
        XCTAssertEqual(emptyBlob, [])
    }

    func testBlobWithZeroBytesRoundTrips() async throws {
        let bytes: [UInt8] = [0, 0, 1, 0, 255, 0]
        let back = try await roundTrip(bytes)
        XCTAssertEqual(back, bytes)
        let data = try await roundTrip(Data(bytes))
        XCTAssertEqual(data, Data(bytes))
    }

    func testNullBoolOptionalAndDateRoundTrip() async throws {
        let null = try await storedClass(.null)
        XCTAssertEqual(null, "null")
        let none = try await roundTrip(String?.none)
        XCTAssertNil(none)
        let some = try await roundTrip(String?.some("x"))
        XCTAssertEqual(some, "x")
        let yes = try await roundTrip(true)
        let no = try await roundTrip(false)
        XCTAssertTrue(yes)
        XCTAssertFalse(no)
        XCTAssertEqual(true.sqlValue, .integer(1))

        let date = Date(timeIntervalSince1970: 1_764_000_000.25)
        let dateBack = try await roundTrip(date)
        XCTAssertEqual(dateBack, date)
        let dateClass = try await storedClass(date.sqlValue)
        XCTAssertEqual(dateClass, "real", "dates are REAL Unix seconds")
        XCTAssertEqual(Date.fromSQLValue(.integer(1_764_000_000)), Date(timeIntervalSince1970: 1_764_000_000))
    }

    func testLiteralArgumentsBindTheirStorageClass() async throws {
        let classes = try await database.read { db in
            try db.queryOne("SELECT typeof(?), typeof(?), typeof(?), typeof(?), typeof(?)", [1, 1.5, "s", nil, true])
        }
        XCTAssertEqual(
            classes?.values,
            [.text("integer"), .text("real"), .text("text"), .text("null"), .text("integer")]
        )
    }

    func testTypeMismatchThrowsPreciseErrors() async throws {
        let row = try await database.read { db in
            try db.queryOne("SELECT 'abc' AS name, NULL AS absent, 42 AS n, 1.5 AS r")
        }
        let unwrapped = try XCTUnwrap(row)
        XCTAssertThrowsError(try unwrapped.get(Int.self, "name")) { error in
            XCTAssertEqual(error as? StoreError, .typeMismatch(column: "name", expected: "Int", found: "TEXT"))
        }
        XCTAssertThrowsError(try unwrapped.get(String.self, "absent")) { error in
            XCTAssertEqual(error as? StoreError, .typeMismatch(column: "absent", expected: "String", found: "NULL"))
        }
        XCTAssertThrowsError(try unwrapped.get(Int.self, "r")) { error in
            XCTAssertEqual(error as? StoreError, .typeMismatch(column: "r", expected: "Int", found: "REAL"))
        }
        XCTAssertThrowsError(try unwrapped.get(String.self, "missing")) { error in
            XCTAssertEqual(error as? StoreError, .missingColumn("missing"))
        }
        XCTAssertThrowsError(try unwrapped.get(String.self, at: 9)) { error in
            XCTAssertEqual(error as? StoreError, .columnIndexOutOfRange(9, count: 4))
        }
        XCTAssertEqual(try unwrapped.get(String?.self, "absent"), nil)
        XCTAssertEqual(try unwrapped.get(Double.self, "n"), 42, "INTEGER widens to Double")
        XCTAssertEqual(try unwrapped.get(Int.self, "N"), 42, "column names match case-insensitively")
        XCTAssertEqual(unwrapped["n"], .integer(42))
        XCTAssertEqual(unwrapped[0], .text("abc"))
        XCTAssertNil(unwrapped["missing"])
        XCTAssertEqual(unwrapped.columnNames, ["name", "absent", "n", "r"])
    }

    func testBoundStringsCannotInjectSQL() async throws {
        let hostile = "'); DROP TABLE v; --"
        let back = try await roundTrip(hostile)
        XCTAssertEqual(back, hostile)
        let matches = try await database.read { db in
            try db.query("SELECT id FROM v WHERE x = ?", ["' OR '1'='1"]).count
        }
        XCTAssertEqual(matches, 0)
        let tableStillThere = try await database.read { db in
            try db.queryOne("SELECT count(*) FROM sqlite_master WHERE name = 'v'")?.get(Int.self, at: 0)
        }
        XCTAssertEqual(tableStillThere, 1)
    }

    func testPreparedStatementsAreCachedBySQLText() async throws {
        let (before, afterFirst, afterMany, afterOther) = try await database.write { db in
            let before = db.cachedStatementCount
            _ = try db.query("SELECT x FROM v WHERE id = ?", [1])
            let afterFirst = db.cachedStatementCount
            for id in 0..<100 { _ = try db.query("SELECT x FROM v WHERE id = ?", [.integer(Int64(id))]) }
            let afterMany = db.cachedStatementCount
            _ = try db.query("SELECT id FROM v WHERE id = ?", [1])
            return (before, afterFirst, afterMany, db.cachedStatementCount)
        }
        XCTAssertEqual(afterFirst, before + 1)
        XCTAssertEqual(afterMany, afterFirst, "the same SQL reuses its statement")
        XCTAssertEqual(afterOther, afterFirst + 1)
    }

    func testCachedSelectStarFollowsSchemaChanges() async throws {
        try await database.write { db in try db.execute("INSERT INTO v (id, x) VALUES (1, 'a')") }
        let before = try await database.write { db in try db.queryOne("SELECT * FROM v")?.columnNames }
        try await database.write { db in try db.execute("ALTER TABLE v ADD COLUMN y") }
        let after = try await database.write { db in try db.queryOne("SELECT * FROM v")?.columnNames }
        XCTAssertEqual(before, ["id", "x"])
        XCTAssertEqual(after, ["id", "x", "y"])
    }

    func testArgumentCountAndMultipleStatementsAreMisuse() async throws {
        let tooFew = await thrownStoreError {
            try await self.database.write { db in try db.execute("INSERT INTO v (id, x) VALUES (?, ?)", [1]) }
        }
        let twoStatements = await thrownStoreError {
            try await self.database.write { db in
                try db.execute("INSERT INTO v (x) VALUES (1); DROP TABLE v")
            }
        }
        guard case .misuse(_, let sql) = tooFew else { return XCTFail("got \(String(describing: tooFew))") }
        XCTAssertEqual(sql, "INSERT INTO v (id, x) VALUES (?, ?)")
        guard case .misuse = twoStatements else { return XCTFail("got \(String(describing: twoStatements))") }
        let count = try await database.read { db in try db.queryOne("SELECT count(*) FROM v")?.get(Int.self, at: 0) }
        XCTAssertEqual(count, 0)
    }

    func testTrailingSemicolonAndCommentAreOneStatement() async throws {
        try await database.write { db in
            try db.execute("INSERT INTO v (id, x) VALUES (1, 'a'); -- trailing comment")
        }
        let count = try await database.read { db in try db.queryOne("SELECT count(*) FROM v")?.get(Int.self, at: 0) }
        XCTAssertEqual(count, 1)
    }

    func testConnectionPragmas() async throws {
        let (journal, foreignKeys, synchronous) = try await database.write { db in
            (
                try db.queryOne("PRAGMA journal_mode")?.get(String.self, at: 0),
                try db.queryOne("PRAGMA foreign_keys")?.get(Int.self, at: 0),
                try db.queryOne("PRAGMA synchronous")?.get(Int.self, at: 0)
            )
        }
        XCTAssertEqual(journal, "wal")
        XCTAssertEqual(foreignKeys, 1)
        XCTAssertEqual(synchronous, 1, "NORMAL")
    }
}

import OmniStore
import XCTest

final class TransactionTests: XCTestCase {
    private var database: SQLiteDatabase!

    override func setUp() async throws {
        database = try makeDatabase()
        try await database.write { db in
            try db.executeScript(
                """
                CREATE TABLE members (
                    id TEXT PRIMARY KEY NOT NULL,
                    phone TEXT UNIQUE,
                    age INTEGER CHECK (age >= 0)
                );
                CREATE TABLE identities (
                    value TEXT PRIMARY KEY NOT NULL,
                    member_id TEXT NOT NULL REFERENCES members (id)
                );
                """
            )
        }
    }

    override func tearDown() async throws {
        database.close()
    }

    private func memberCount() async throws -> Int {
        try await database.read { db in
            try db.queryOne("SELECT count(*) AS n FROM members")?.get(Int.self, "n") ?? -1
        }
    }

    func testWriteCommitsWhenClosureReturns() async throws {
        let rowID = try await database.write { db in
            try db.execute("INSERT INTO members (id, phone) VALUES (?, ?)", ["m1", "+8613800000000"])
            XCTAssertEqual(db.changes, 1)
            return db.lastInsertRowID
        }
        XCTAssertEqual(rowID, 1)
        let count = try await memberCount()
        XCTAssertEqual(count, 1)
    }

    func testWriteThatInsertsThenThrowsLeavesNoRow() async throws {
        let error = await thrownError {
            try await self.database.write { db in
                try db.execute("INSERT INTO members (id) VALUES ('m1')")
                try db.execute("INSERT INTO members (id) VALUES ('m2')")
                throw TestFailure()
            }
        }
        XCTAssertEqual(error as? TestFailure, TestFailure(), "the closure's own error comes back unchanged")
        let count = try await memberCount()
        XCTAssertEqual(count, 0)
    }

    func testUniqueViolationIsReportedAsConstraintViolationAndRolledBack() async throws {
        try await database.write { db in
            try db.execute("INSERT INTO members (id, phone) VALUES ('m1', '+8613800000000')")
        }
        let error = await thrownStoreError {
            try await self.database.write { db in
                try db.execute("INSERT INTO members (id) VALUES ('m2')")
                try db.execute("INSERT INTO members (id, phone) VALUES (?, ?)", ["m3", "+8613800000000"])
            }
        }
        guard case .constraintViolation(.unique, let message, let sql) = error else {
            return XCTFail("expected a unique violation, got \(String(describing: error))")
        }
        XCTAssertTrue(message.contains("members.phone"), message)
        XCTAssertEqual(sql, "INSERT INTO members (id, phone) VALUES (?, ?)")
        XCTAssertFalse(String(describing: error).contains("+8613800000000"), "arguments never appear in errors")
        let count = try await memberCount()
        XCTAssertEqual(count, 1, "m2 was rolled back with the failed statement's transaction")
    }

    func testPrimaryKeyViolationIsAUniqueViolation() async throws {
        let error = await thrownStoreError {
            try await self.database.write { db in
                try db.execute("INSERT INTO members (id) VALUES ('m1')")
                try db.execute("INSERT INTO members (id) VALUES ('m1')")
            }
        }
        guard case .constraintViolation(.unique, _, _) = error else {
            return XCTFail("expected a unique violation, got \(String(describing: error))")
        }
    }

    func testForeignKeyCheckAndNotNullViolationsHaveTheirKind() async throws {
        let foreignKey = await thrownStoreError {
            try await self.database.write { db in
                try db.execute("INSERT INTO identities (value, member_id) VALUES ('x', 'nobody')")
            }
        }
        let check = await thrownStoreError {
            try await self.database.write { db in try db.execute("INSERT INTO members (id, age) VALUES ('m', -1)") }
        }
        let notNull = await thrownStoreError {
            try await self.database.write { db in try db.execute("INSERT INTO members (id) VALUES (NULL)") }
        }
        guard case .constraintViolation(.foreignKey, _, _) = foreignKey else {
            return XCTFail("expected a foreign key violation, got \(String(describing: foreignKey))")
        }
        guard case .constraintViolation(.check, _, _) = check else {
            return XCTFail("expected a check violation, got \(String(describing: check))")
        }
        guard case .constraintViolation(.notNull, _, _) = notNull else {
            return XCTFail("expected a not-null violation, got \(String(describing: notNull))")
        }
    }

    func testWriterIsUsableAfterAFailedWrite() async throws {
        _ = await thrownError {
            try await self.database.write { db in
                try db.execute("INSERT INTO members (id) VALUES ('m1')")
                throw TestFailure()
            }
        }
        try await database.write { db in
            try db.execute("INSERT INTO members (id) VALUES ('m1')")
        }
        let count = try await memberCount()
        XCTAssertEqual(count, 1)
    }

    func testEndingTheTransactionInsideWriteIsMisuse() async throws {
        let error = await thrownStoreError {
            try await self.database.write { db in try db.execute("COMMIT") }
        }
        guard case .misuse = error else { return XCTFail("expected misuse, got \(String(describing: error))") }
        try await database.write { db in try db.execute("INSERT INTO members (id) VALUES ('m1')") }
    }

    func testWritingInsideReadFails() async throws {
        let error = await thrownStoreError {
            try await self.database.read { db in try db.execute("INSERT INTO members (id) VALUES ('m1')") }
        }
        guard case .sqlite(let code, _, _) = error else {
            return XCTFail("expected SQLITE_READONLY, got \(String(describing: error))")
        }
        XCTAssertEqual(code & 0xFF, 8, "SQLITE_READONLY")
        let count = try await memberCount()
        XCTAssertEqual(count, 0)
    }

    func testWriteSyncFromInsideWriteIsRefusedInsteadOfDeadlocking() async throws {
        let database = try XCTUnwrap(self.database)
        let error = await thrownStoreError {
            try await database.write { _ in
                try database.writeSync { db in try db.execute("INSERT INTO members (id) VALUES ('m1')") }
            }
        }
        guard case .misuse = error else { return XCTFail("expected misuse, got \(String(describing: error))") }
    }

    func testSynchronousAPIReadsAndWrites() throws {
        try database.writeSync { db in
            try db.execute("INSERT INTO members (id) VALUES ('m1')")
        }
        XCTAssertThrowsError(
            try database.writeSync { db in
                try db.execute("INSERT INTO members (id) VALUES ('m2')")
                throw TestFailure()
            }
        )
        let ids = try database.readSync { db in
            try db.query("SELECT id FROM members ORDER BY id").map { try $0.get(String.self, "id") }
        }
        XCTAssertEqual(ids, ["m1"])
    }

    func testDomainCodeCanUseTheEngineIndependentProtocol() async throws {
        let writer: any DatabaseWriter = try XCTUnwrap(database)
        let inserted = try await writer.write { db in
            try db.queryOne("INSERT INTO members (id) VALUES (?) RETURNING id", ["m1"])?.get(String.self, "id")
        }
        XCTAssertEqual(inserted, "m1")
        let read = try await writer.read { db in
            try db.query("SELECT id FROM members").map { try $0.get(String.self, "id") }
        }
        XCTAssertEqual(read, ["m1"])
    }

    func testCancelledTaskDoesNotStartItsWrite() async throws {
        let database = try XCTUnwrap(self.database)
        let task = Task<Void, any Error> {
            withUnsafeCurrentTask { $0?.cancel() }
            try await database.write { db in try db.execute("INSERT INTO members (id) VALUES ('m1')") }
        }
        let result = await task.result
        XCTAssertThrowsError(try result.get()) { error in XCTAssertTrue(error is CancellationError) }
        let count = try await memberCount()
        XCTAssertEqual(count, 0)
    }

    func testClosedDatabaseRefusesWorkAndDeletesTemporaryFiles() async throws {
        let path = database.path
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        database.close()
        database.close()

        let error = await thrownStoreError { try await self.database.read { _ in 1 } }
        XCTAssertEqual(error, .closed)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"))
    }
}

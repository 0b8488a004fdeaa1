import XCTest

@testable import OmniStore

final class LifecycleTests: XCTestCase {
    private var directory: String!

    override func setUp() async throws {
        directory = FileManager.default.temporaryDirectory.path + "/omnistore-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testFreshDatabaseCanBeReadBeforeAnyWrite() async throws {
        let database = try SQLiteDatabase(path: directory + "/fresh.sqlite")
        defer { database.close() }
        let tables = try await database.read { db in try db.query("SELECT name FROM sqlite_master").count }
        XCTAssertEqual(tables, 0)
    }

    func testReopenedDatabaseKeepsDataAndCanBeReadFirst() async throws {
        let path = directory + "/persistent.sqlite"
        let first = try SQLiteDatabase(path: path)
        try await first.write { db in
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
            try db.execute("INSERT INTO t (name) VALUES ('kept')")
        }
        first.close()
        XCTAssertTrue(FileManager.default.fileExists(atPath: path), "a named database is not deleted on close")

        let second = try SQLiteDatabase(path: path, configuration: .init(readerCount: 1))
        defer { second.close() }
        let names = try await second.read { db in
            try db.query("SELECT name FROM t").map { try $0.get(String.self, "name") }
        }
        XCTAssertEqual(names, ["kept"])
    }

    func testOpeningAFileInAMissingDirectoryFailsWithAnError() {
        XCTAssertThrowsError(try SQLiteDatabase(path: directory + "/missing/dir/db.sqlite")) { error in
            guard case .sqlite(let code, _, _) = error as? StoreError else {
                return XCTFail("expected an SQLite error, got \(error)")
            }
            XCTAssertEqual(code & 0xFF, 14, "SQLITE_CANTOPEN")
        }
    }

    func testClosuresRunOnTheDatabaseQueuesNotTheCallersThread() async throws {
        let database = try makeDatabase(readers: 2)
        defer { database.close() }
        let onWriter = try await database.write { _ in database.isOnWriterQueue }
        let onReader = try await database.read { _ in database.isOnReaderQueue }
        let writerInRead = try await database.read { _ in database.isOnWriterQueue }
        XCTAssertTrue(onWriter)
        XCTAssertTrue(onReader)
        XCTAssertFalse(writerInRead)
        XCTAssertFalse(database.isOnWriterQueue)
    }

    func testCloseFromInsideAWriteDoesNotDeadlock() async throws {
        let database = try makeDatabase()
        let error = await thrownStoreError {
            try await database.write { db in
                database.close()
                try db.execute("CREATE TABLE t (id INTEGER)")
            }
        }
        XCTAssertEqual(error, .closed)
        let later = await thrownStoreError { try await database.read { _ in 1 } }
        XCTAssertEqual(later, .closed)
    }
}

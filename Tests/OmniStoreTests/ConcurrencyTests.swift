import Dispatch
import OmniStore
import Synchronization
import XCTest

final class ConcurrencyTests: XCTestCase {
    private func makeCounterDatabase(readers: Int = 4) async throws -> SQLiteDatabase {
        let database = try makeDatabase(readers: readers)
        try await database.write { db in
            try db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            try db.execute("INSERT INTO items (name) VALUES ('committed')")
        }
        return database
    }

    private static func itemCount(_ db: Connection) throws -> Int {
        try db.queryOne("SELECT count(*) FROM items")?.get(Int.self, at: 0) ?? -1
    }

    /// A write holds its transaction open (inserted, not committed) while eight reads run: the
    /// reads finish without waiting for it and see the committed snapshot only.
    func testReadersDoNotBlockOnAnOpenWriteAndSeeOnlyCommittedData() async throws {
        let database = try await makeCounterDatabase()
        defer { database.close() }
        let (inserted, insertedSignal) = AsyncStream.makeStream(of: Void.self)
        let release = DispatchSemaphore(value: 0)
        let watchdogFired = Mutex(false)

        let write = Task {
            try await database.write { db in
                try db.execute("INSERT INTO items (name) VALUES ('uncommitted')")
                insertedSignal.yield()
                // Blocks the writer's own queue, never the cooperative pool.
                release.wait()
            }
        }
        // Released after 30 s even if reads block, so a regression fails instead of hanging.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(30))
            watchdogFired.withLock { $0 = true }
            release.signal()
        }
        for await _ in inserted { break }

        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { try await database.read { db in try Self.itemCount(db) } }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        XCTAssertFalse(watchdogFired.withLock { $0 }, "reads waited for the writer")
        XCTAssertEqual(counts, Array(repeating: 1, count: 8), "reads see the pre-write snapshot")
        watchdog.cancel()
        release.signal()
        try await write.value
        let after = try await database.read { db in try Self.itemCount(db) }
        XCTAssertEqual(after, 2, "reads after the commit see it")
    }

    /// A read transaction keeps its snapshot for its whole closure, even when a write commits
    /// between two of its statements.
    func testReadKeepsOneSnapshotWhileAWriteCommits() async throws {
        let database = try await makeCounterDatabase()
        defer { database.close() }
        let (firstRead, firstReadSignal) = AsyncStream.makeStream(of: Void.self)
        let writeCommitted = DispatchSemaphore(value: 0)

        async let read = database.read { (db: Connection) -> [Int] in
            let before = try Self.itemCount(db)
            firstReadSignal.yield()
            if writeCommitted.wait(timeout: .now() + 30) == .timedOut { throw TestFailure() }
            let after = try Self.itemCount(db)
            return [before, after]
        }
        for await _ in firstRead { break }
        try await database.write { db in try db.execute("INSERT INTO items (name) VALUES ('new')") }
        writeCommitted.signal()

        let counts = try await read
        XCTAssertEqual(counts, [1, 1], "the snapshot did not move inside the read")
        let fresh = try await database.read { db in try Self.itemCount(db) }
        XCTAssertEqual(fresh, 2)
    }

    func testManyConcurrentWritesAreSerialised() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        try await database.write { db in
            try db.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
            try db.execute("INSERT INTO counter (id, value) VALUES (1, 0)")
        }

        // 50 tasks × 10 read-modify-write increments done in Swift: any interleaving of two
        // writes would lose an increment.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    for _ in 0..<10 {
                        try await database.write { db in
                            let value = try db.queryOne("SELECT value FROM counter WHERE id = 1")?.get(
                                Int64.self,
                                "value"
                            )
                            try db.execute("UPDATE counter SET value = ? WHERE id = 1", [.integer((value ?? 0) + 1)])
                        }
                    }
                }
            }
            try await group.waitForAll()
        }

        let final = try await database.read { db in
            try db.queryOne("SELECT value FROM counter WHERE id = 1")?.get(Int.self, "value")
        }
        XCTAssertEqual(final, 500)
    }

    func testMoreConcurrentReadsThanReadersAllComplete() async throws {
        let database = try await makeCounterDatabase(readers: 2)
        defer { database.close() }

        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<100 {
                group.addTask { try await database.read { db in try Self.itemCount(db) } }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        XCTAssertEqual(counts.count, 100)
        XCTAssertTrue(counts.allSatisfy { $0 == 1 })
    }

    func testBlockingReadsFromManyThreadsShareTheReaderPool() throws {
        let database = try makeDatabase(readers: 1)
        defer { database.close() }
        try database.writeSync { db in
            try db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            try db.execute("INSERT INTO items (name) VALUES ('committed')")
        }
        let total = Mutex(0)

        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            let count = (try? database.readSync { db in try Self.itemCount(db) }) ?? 0
            total.withLock { $0 += count }
        }

        XCTAssertEqual(total.withLock { $0 }, 64)
    }
}

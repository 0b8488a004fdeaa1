import Dispatch
import XCTest

@testable import OmniStore

/// Writes that queue up behind a busy writer are committed together; each keeps the outcome it
/// would have had alone.
final class GroupCommitTests: XCTestCase {
    private var database: SQLiteDatabase!

    override func setUp() async throws {
        database = try makeDatabase()
        try await database.write { db in
            try db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
        }
    }

    override func tearDown() async throws {
        database.close()
    }

    /// Holds the writer inside a write until `release` is signalled, so that writes submitted
    /// meanwhile pile up and go out as one batch. Returns once the writer is held.
    private func holdWriter(release: DispatchSemaphore) async -> Task<Void, any Error> {
        let (held, heldSignal) = AsyncStream.makeStream(of: Void.self)
        let database = self.database!
        let task = Task {
            try await database.write { db in
                try db.execute("INSERT INTO items (name) VALUES ('holder')")
                heldSignal.yield()
                if release.wait(timeout: .now() + 30) == .timedOut { throw TestFailure() }
            }
        }
        for await _ in held { break }
        return task
    }

    /// Waits (bounded) until `count` writes are queued behind the held writer.
    private func waitForQueued(_ count: Int) async throws {
        for _ in 0..<3000 {
            if database.queuedWrites == count { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        XCTFail("only \(database.queuedWrites) of \(count) writes were queued")
    }

    private func names() async throws -> [String] {
        try await database.read { db in
            try db.query("SELECT name FROM items ORDER BY id").map { try $0.get(String.self, "name") }
        }
    }

    func testQueuedWritesCommitTogetherAndAThrowingOneTakesOnlyItsOwnRowsBack() async throws {
        let release = DispatchSemaphore(value: 0)
        let before = database.groupCommits
        let holder = await holdWriter(release: release)
        let database = self.database!

        let results = Task {
            try await withThrowingTaskGroup(of: (Int, Result<Int64, TestFailure>).self) { group in
                for index in 0..<8 {
                    group.addTask {
                        do {
                            let id = try await database.write { db -> Int64 in
                                try db.execute("INSERT INTO items (name) VALUES (?)", [.text("item-\(index)")])
                                let id = db.lastInsertRowID
                                // Odd writes insert a second row, then fail: both rows must go.
                                if index % 2 == 1 {
                                    try db.execute("INSERT INTO items (name) VALUES (?)", [.text("extra-\(index)")])
                                    throw TestFailure()
                                }
                                return id
                            }
                            return (index, .success(id))
                        } catch let failure as TestFailure {
                            return (index, .failure(failure))
                        }
                    }
                }
                return try await group.reduce(into: [Int: Result<Int64, TestFailure>]()) { $0[$1.0] = $1.1 }
            }
        }
        try await waitForQueued(8)
        release.signal()
        try await holder.value
        let outcome = try await results.value

        let after = database.groupCommits
        XCTAssertEqual(after.batches - before.batches, 2, "the holder's transaction, then one for all eight")
        XCTAssertEqual(after.writes - before.writes, 9)
        for index in 0..<8 {
            switch outcome[index] {
            case .success(let id): XCTAssertEqual(index % 2, 0, "write \(index) succeeded with row \(id)")
            case .failure(let failure): XCTAssertEqual(failure, TestFailure(), "write \(index)")
            case nil: XCTFail("no outcome for write \(index)")
            }
        }
        let stored = try await names()
        XCTAssertEqual(stored.first, "holder")
        XCTAssertEqual(Set(stored.dropFirst()), ["item-0", "item-2", "item-4", "item-6"])
    }

    func testAWriteInABatchSeesTheWritesQueuedBeforeIt() async throws {
        let release = DispatchSemaphore(value: 0)
        let holder = await holdWriter(release: release)
        let database = self.database!
        let first = Task {
            try await database.write { db in try db.execute("INSERT INTO items (name) VALUES ('first')") }
        }
        try await waitForQueued(1)
        let second = Task {
            try await database.write { db in
                try db.queryOne("SELECT count(*) AS n FROM items WHERE name = 'first'")?.get(Int.self, "n")
            }
        }
        try await waitForQueued(2)
        release.signal()
        try await holder.value
        try await first.value
        let seen = try await second.value
        XCTAssertEqual(seen, 1)
    }

    func testAUniqueViolationFailsOnlyTheWriteThatCausedIt() async throws {
        let release = DispatchSemaphore(value: 0)
        let holder = await holdWriter(release: release)
        let database = self.database!
        let good = Task {
            try await database.write { db in try db.execute("INSERT INTO items (name) VALUES ('unique')") }
        }
        try await waitForQueued(1)
        let duplicate = Task {
            try await database.write { db in try db.execute("INSERT INTO items (name) VALUES ('unique')") }
        }
        try await waitForQueued(2)
        let later = Task {
            try await database.write { db in try db.execute("INSERT INTO items (name) VALUES ('later')") }
        }
        try await waitForQueued(3)
        release.signal()
        try await holder.value
        try await good.value
        let error = await thrownStoreError { try await duplicate.value }
        guard case .constraintViolation(.unique, _, _) = error else {
            return XCTFail("expected a unique violation, got \(String(describing: error))")
        }
        try await later.value
        let stored = try await names()
        XCTAssertEqual(stored, ["holder", "unique", "later"])
    }

    /// A closure that ends the transaction itself leaves the fate of its batch unknown: none of
    /// the batch is reported committed, and the writer goes on working.
    func testEndingTheTransactionInsideABatchFailsTheBatchAndTheWriterRecovers() async throws {
        let release = DispatchSemaphore(value: 0)
        let holder = await holdWriter(release: release)
        let database = self.database!
        let before = Task {
            try await database.write { db in try db.execute("INSERT INTO items (name) VALUES ('before')") }
        }
        try await waitForQueued(1)
        let rogue = Task { try await database.write { db in try db.execute("ROLLBACK") } }
        try await waitForQueued(2)
        release.signal()
        try await holder.value
        for task in [before, rogue] {
            let error = await thrownStoreError { try await task.value }
            guard case .misuse = error else { return XCTFail("expected misuse, got \(String(describing: error))") }
        }
        try await database.write { db in try db.execute("INSERT INTO items (name) VALUES ('after')") }
        let stored = try await names()
        XCTAssertEqual(stored, ["holder", "after"], "the rogue ROLLBACK took 'before' with it, and nothing else")
    }

    /// The database closes while a write holds the writer and another waits: the holder's commit
    /// and the waiting write both fail with `closed`; neither is reported committed.
    func testWritesQueuedWhenTheDatabaseClosesFailWithClosed() async throws {
        let database = self.database!
        let (held, heldSignal) = AsyncStream.makeStream(of: Void.self)
        let queuedNow = DispatchSemaphore(value: 0)
        let holder = Task {
            try await database.write { db in
                try db.execute("INSERT INTO items (name) VALUES ('holder')")
                heldSignal.yield()
                if queuedNow.wait(timeout: .now() + 30) == .timedOut { throw TestFailure() }
                // On the writer's own queue, close happens in place.
                database.close()
            }
        }
        for await _ in held { break }
        let queued = Task {
            try await database.write { db in try db.execute("INSERT INTO items (name) VALUES ('late')") }
        }
        try await waitForQueued(1)
        queuedNow.signal()
        let holderError = await thrownStoreError { try await holder.value }
        XCTAssertEqual(holderError, .closed)
        let error = await thrownStoreError { try await queued.value }
        XCTAssertEqual(error, .closed)
    }
}

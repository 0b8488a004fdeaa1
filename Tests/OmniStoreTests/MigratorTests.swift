import OmniStore
import XCTest

final class MigratorTests: XCTestCase {
    private func baseMigrator() -> Migrator {
        var migrator = Migrator()
        migrator.register("2026-11-25-create-members") { db in
            try db.executeScript(
                """
                CREATE TABLE members (id TEXT PRIMARY KEY NOT NULL, created_at REAL NOT NULL);
                CREATE INDEX members_created_at ON members (created_at);
                """
            )
        }
        migrator.register("2026-11-26-create-identities") { db in
            try db.execute(
                """
                CREATE TABLE identities (
                    type TEXT NOT NULL, value TEXT NOT NULL,
                    member_id TEXT NOT NULL REFERENCES members (id),
                    PRIMARY KEY (type, value)
                )
                """
            )
        }
        return migrator
    }

    private func tableExists(_ name: String, in database: SQLiteDatabase) async throws -> Bool {
        try await database.read { db in
            try db.queryOne("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(name)]) != nil
        }
    }

    func testMigrationsAreAppliedOnceAndRecordedByName() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        let migrator = baseMigrator()

        let applied = try await migrator.migrate(database)

        XCTAssertEqual(applied, ["2026-11-25-create-members", "2026-11-26-create-identities"])
        let recorded = try await migrator.appliedMigrations(database)
        XCTAssertEqual(recorded, ["2026-11-25-create-members", "2026-11-26-create-identities"])
        let membersExists = try await tableExists("members", in: database)
        let identitiesExists = try await tableExists("identities", in: database)
        XCTAssertTrue(membersExists)
        XCTAssertTrue(identitiesExists)
        let appliedAt = try await database.read { db in
            try db.query("SELECT applied_at FROM schema_migrations").map { try $0.get(Date.self, "applied_at") }
        }
        XCTAssertEqual(appliedAt.count, 2)
        for date in appliedAt { XCTAssertLessThan(abs(date.timeIntervalSinceNow), 60) }
    }

    func testSecondRunIsANoOp() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        let migrator = baseMigrator()
        try await migrator.migrate(database)
        try await database.write { db in
            try db.execute("INSERT INTO members (id, created_at) VALUES ('m1', 0)")
        }

        let second = try await migrator.migrate(database)

        XCTAssertEqual(second, [])
        let memberCount = try await database.read { db in
            try db.queryOne("SELECT count(*) FROM members")?.get(Int.self, at: 0)
        }
        XCTAssertEqual(memberCount, 1, "the tables were not recreated")
        let recorded = try await migrator.appliedMigrations(database)
        XCTAssertEqual(recorded.count, 2)
    }

    func testNewStepIsAppliedOnTopOfExistingSchema() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        try await baseMigrator().migrate(database)

        var newer = baseMigrator()
        newer.register("2026-12-01-add-merged-into") { db in
            try db.execute("ALTER TABLE members ADD COLUMN merged_into TEXT REFERENCES members (id)")
        }
        let applied = try await newer.migrate(database)

        XCTAssertEqual(applied, ["2026-12-01-add-merged-into"])
        let columns = try await database.read { db in
            try db.query("SELECT name FROM pragma_table_info('members')").map { try $0.get(String.self, "name") }
        }
        XCTAssertEqual(columns, ["id", "created_at", "merged_into"])
        let recorded = try await newer.appliedMigrations(database)
        XCTAssertEqual(recorded.last, "2026-12-01-add-merged-into")
    }

    func testFailingStepRollsBackEntirelyAndStops() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        var migrator = baseMigrator()
        migrator.register("2026-12-02-broken") { db in
            try db.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
            try db.execute("INSERT INTO half_done (id) VALUES (1)")
            throw TestFailure()
        }
        migrator.register("2026-12-03-after-broken") { db in
            try db.execute("CREATE TABLE after_broken (id INTEGER PRIMARY KEY)")
        }

        let error = await thrownStoreError { try await migrator.migrate(database) }

        guard case .migrationFailed(let name, _) = error else {
            return XCTFail("expected migrationFailed, got \(String(describing: error))")
        }
        XCTAssertEqual(name, "2026-12-02-broken")
        let halfDoneExists = try await tableExists("half_done", in: database)
        let afterExists = try await tableExists("after_broken", in: database)
        XCTAssertFalse(halfDoneExists, "the failing step's table was rolled back")
        XCTAssertFalse(afterExists, "no step runs after a failure")
        let recorded = try await migrator.appliedMigrations(database)
        XCTAssertEqual(recorded, ["2026-11-25-create-members", "2026-11-26-create-identities"])
    }

    func testStepWithSQLErrorIsReportedWithItsName() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        var migrator = Migrator()
        migrator.register("bad-sql") { db in try db.execute("CREATE TABLE (") }

        let error = await thrownStoreError { try await migrator.migrate(database) }

        guard case .migrationFailed(let name, let reason) = error else {
            return XCTFail("expected migrationFailed, got \(String(describing: error))")
        }
        XCTAssertEqual(name, "bad-sql")
        XCTAssertTrue(reason.contains("syntax error"), reason)
        let recorded = try await migrator.appliedMigrations(database)
        XCTAssertEqual(recorded, [])
    }

    func testDatabaseWithUnknownAppliedMigrationIsRefused() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        var newer = baseMigrator()
        newer.register("2027-01-01-from-the-future") { db in
            try db.execute("CREATE TABLE future (id INTEGER)")
        }
        try await newer.migrate(database)

        var older = Migrator()
        older.register("2026-11-25-create-members") { _ in }
        older.register("2026-11-26-create-identities") { _ in }
        older.register("2026-11-30-only-in-old-code") { db in
            try db.execute("CREATE TABLE only_old (id INTEGER)")
        }
        let error = await thrownStoreError { try await older.migrate(database) }

        XCTAssertEqual(error, .unknownMigrations(["2027-01-01-from-the-future"]))
        let onlyOldExists = try await tableExists("only_old", in: database)
        XCTAssertFalse(onlyOldExists, "nothing runs against a newer schema")
    }

    func testDuplicateMigrationNameIsRefused() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        var migrator = Migrator()
        migrator.register("same") { db in try db.execute("CREATE TABLE a (id INTEGER)") }
        migrator.register("same") { db in try db.execute("CREATE TABLE b (id INTEGER)") }

        let error = await thrownStoreError { try await migrator.migrate(database) }

        XCTAssertEqual(error, .duplicateMigration("same"))
        let aExists = try await tableExists("a", in: database)
        XCTAssertFalse(aExists)
    }
}

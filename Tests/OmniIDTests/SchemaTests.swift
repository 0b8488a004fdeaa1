import OmniID
import OmniStore
import XCTest

final class SchemaTests: XCTestCase {
    func testMigrationsApplyOnceOnAFreshDatabase() async throws {
        let database = try SQLiteDatabase.temporary()
        defer { database.close() }
        let applied = try await Schema.migrator.migrate(database)
        XCTAssertEqual(
            applied,
            ["2026-11-25-01-oauth-core", "2026-11-25-02-sign-in", "2026-11-25-03-lean-token-tables"]
        )
        let again = try await Schema.migrator.migrate(database)
        XCTAssertEqual(again, [])
        let tables = try await database.read { db in
            try db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map {
                try $0.get(String.self, "name")
            }
        }
        XCTAssertEqual(
            tables,
            [
                "access_tokens", "authorization_codes", "clients", "identities", "interactions", "members",
                "merge_candidates",
                "otp_challenges", "otp_sends", "refresh_families", "refresh_tokens", "revoked_access_tokens",
                "schema_migrations", "sessions",
            ]
        )
    }

    func testAnIdentityCannotBelongToTwoMembers() async throws {
        let database = try SQLiteDatabase.temporary()
        defer { database.close() }
        try await Schema.migrator.migrate(database)
        try await database.write { db in
            try db.execute("INSERT INTO members (id, created_at) VALUES ('m_a', 0), ('m_b', 0)")
            try db.execute(
                "INSERT INTO identities (kind, value, member_id, linked_at) VALUES ('phone', '+8613800000000', 'm_a', 0)"
            )
        }
        do {
            try await database.write { db in
                try db.execute(
                    "INSERT INTO identities (kind, value, member_id, linked_at) VALUES ('phone', '+8613800000000', 'm_b', 0)"
                )
            }
            XCTFail("a second owner was accepted")
        } catch StoreError.constraintViolation(.unique, _, _) {
        }
    }
}

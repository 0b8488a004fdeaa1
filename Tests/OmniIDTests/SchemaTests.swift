import Foundation
import OmniStore
import XCTest

@testable import OmniID

final class SchemaTests: XCTestCase {
    func testMigrationsApplyOnceOnAFreshDatabase() async throws {
        let database = try SQLiteDatabase.temporary()
        defer { database.close() }
        let applied = try await Schema.migrator.migrate(database)
        XCTAssertEqual(
            applied,
            [
                "2026-11-25-01-oauth-core", "2026-11-25-02-sign-in", "2026-11-25-03-lean-token-tables",
                "2026-12-07-04-grant-rotation-state", "2026-12-07-05-expiry-indexes",
            ]
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
                "authorization_codes", "clients", "identities", "interactions", "members", "merge_candidates",
                "otp_challenges", "otp_sends", "refresh_families", "revoked_access_tokens", "schema_migrations",
                "sessions",
            ]
        )
    }

    func testGrantRotationStateEndsTheGrantsWhoseTokensHadTheOldShape() async throws {
        let database = try SQLiteDatabase.temporary()
        defer { database.close() }
        var before = Migrator()
        before.register("2026-11-25-01-oauth-core") { db in try db.executeScript(Schema.oauthCore) }
        before.register("2026-11-25-02-sign-in") { db in try db.executeScript(Schema.signIn) }
        before.register("2026-11-25-03-lean-token-tables") { db in try db.executeScript(Schema.leanTokenTables) }
        _ = try await before.migrate(database)
        try await database.write { db in
            try db.execute("INSERT INTO members (id, created_at) VALUES ('m_a', 0)")
            try db.execute(
                """
                INSERT INTO clients (client_id, name, channel, type, redirect_uris, grant_types, scopes, updated_at)
                VALUES ('shop', 'Shop', 'web', 'public', '[]', '[]', '[]', 0)
                """
            )
            for (id, revoked) in [("live", "NULL"), ("dead", "5")] {
                try db.execute(
                    """
                    INSERT INTO refresh_families (id, client_id, member_id, scope, amr, auth_time, created_at, expires_at,
                        revoked_at, revoked_reason)
                    VALUES (?, 'shop', 'm_a', 'openid', 'otp', 0, 0, 4000000000, \(revoked), 'logout_all')
                    """,
                    [.text(id)]
                )
            }
            try db.execute(
                "INSERT INTO refresh_tokens (token_hash, family_id, created_at, expires_at) VALUES (x'00', 'live', 0, 1)"
            )
        }
        let applied = try await Schema.migrator.migrate(database)
        XCTAssertEqual(applied, ["2026-12-07-04-grant-rotation-state", "2026-12-07-05-expiry-indexes"])
        let rows = try await database.read { db in
            try db.query(
                "SELECT id, revoked_at, revoked_reason, generation, token_hash FROM refresh_families ORDER BY id"
            )
        }
        XCTAssertEqual(rows.map { try? $0.get(String.self, "id") }, ["dead", "live"])
        XCTAssertEqual(try rows[0].get(Double.self, "revoked_at"), 5, "an ended grant keeps its end")
        XCTAssertEqual(try rows[0].get(String.self, "revoked_reason"), "logout_all")
        XCTAssertGreaterThan(try rows[1].get(Double.self, "revoked_at"), Date().timeIntervalSince1970 - 60)
        XCTAssertLessThanOrEqual(try rows[1].get(Double.self, "revoked_at"), Date().timeIntervalSince1970 + 1)
        XCTAssertEqual(try rows[1].get(String.self, "revoked_reason"), "token_format_upgrade")
        XCTAssertEqual(try rows[1].get(Int.self, "generation"), 0)
        XCTAssertEqual(try rows[1].get([UInt8]?.self, "token_hash"), nil)
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

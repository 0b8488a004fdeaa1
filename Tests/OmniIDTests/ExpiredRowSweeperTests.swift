import Foundation
import OmniStore
import XCTest

@testable import OmniID

final class ExpiredRowSweeperTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let day: TimeInterval = 86_400
    /// access_token_ttl 600, id_token_ttl 3600: the longest is an hour.
    static let tokenLife: TimeInterval = 3_600

    func testEachTableLosesExactlyTheRowsPastTheirRetention() async throws {
        let database = try await migratedDatabase()
        defer { database.close() }
        let t = now.timeIntervalSince1970
        let (day, tokenLife) = (Self.day, Self.tokenLife)
        try await database.write { db in
            // Per table: long past retention (goes), expired an hour ago (kept a day), live (kept).
            for (name, expiry) in [("old", t - day - 1), ("recent", t - 3_600), ("live", t + 60)] {
                try db.execute(
                    """
                    INSERT INTO authorization_codes (code_hash, client_id, scope, member_id, amr, auth_time, created_at,
                        expires_at)
                    VALUES (?, 'shop', 'openid', 'm_a', 'otp', 0, 0, ?)
                    """,
                    [.blob(Array(name.utf8)), .real(expiry)]
                )
                try db.execute(
                    "INSERT INTO interactions (uid, client_id, request, created_at, expires_at) VALUES (?, 'shop', '{}', 0, ?)",
                    [.text(name), .real(expiry)]
                )
                try db.execute(
                    """
                    INSERT INTO otp_challenges (id, purpose, phone, code_hash, created_at, expires_at)
                    VALUES (?, 'sign_in', '+8613800138000', x'00', 0, ?)
                    """,
                    [.text(name), .real(expiry)]
                )
                try db.execute(
                    "INSERT INTO sessions (id_hash, member_id, amr, auth_time, created_at, expires_at) VALUES (?, 'm_a', 'otp', 0, 0, ?)",
                    [.blob(Array(name.utf8)), .real(expiry)]
                )
                try db.execute(
                    "INSERT INTO revoked_access_tokens (jti, expires_at) VALUES (?, ?)",
                    [.text(name), .real(expiry)]
                )
            }
            // Sends: the longest limit window is a day.
            for (ip, sent) in [("old", t - day - 1), ("recent", t - day + 60)] {
                try db.execute(
                    "INSERT INTO otp_sends (phone, ip, sent_at) VALUES ('+8613800138000', ?, ?)",
                    [.text(ip), .real(sent)]
                )
            }
            // Grants: kept until their last access token has expired, plus the retention.
            let grants: [(String, Double, Double, Bool)] = [
                ("ended-long-ago", 0, t - tokenLife - day - 1, true),
                ("ended-tokens-may-live", 0, t - day - 1, true),
                ("live-refreshable", 0, t + day, true),
                ("codes-only-long-ago", t - tokenLife - day - 1, t + 90 * day, false),
                ("codes-only-recent", t - tokenLife, t + 90 * day, false),
            ]
            for (id, created, expires, refreshable) in grants {
                try db.execute(
                    """
                    INSERT INTO refresh_families (id, client_id, member_id, scope, amr, auth_time, created_at, expires_at,
                        token_hash)
                    VALUES (?, 'shop', 'm_a', 'openid', 'otp', 0, ?, ?, ?)
                    """,
                    [.text(id), .real(created), .real(expires), refreshable ? .blob([1]) : .null]
                )
            }
        }

        let sweeper = ExpiredRowSweeper(database: database, policy: .init(longestTokenLifetime: Self.tokenLife))
        let deleted = try await sweeper.sweep(now: now)
        XCTAssertEqual(
            deleted,
            [
                "authorization_codes": 1, "interactions": 1, "otp_challenges": 1, "otp_sends": 1, "sessions": 1,
                "revoked_access_tokens": 1, "refresh_families": 1, "refresh_families_without_refresh": 1,
            ]
        )
        let columns = try await database.read { db in
            try [
                "SELECT uid FROM interactions ORDER BY uid", "SELECT id FROM otp_challenges ORDER BY id",
                "SELECT jti FROM revoked_access_tokens ORDER BY jti",
                "SELECT CAST(code_hash AS TEXT) FROM authorization_codes ORDER BY 1",
                "SELECT CAST(id_hash AS TEXT) FROM sessions ORDER BY 1", "SELECT ip FROM otp_sends",
                "SELECT id FROM refresh_families ORDER BY id",
            ].map { try Self.column(db, $0) }
        }
        XCTAssertEqual(
            columns,
            [
                ["live", "recent"], ["live", "recent"], ["live", "recent"], ["live", "recent"], ["live", "recent"],
                ["recent"], ["codes-only-recent", "ended-tokens-may-live", "live-refreshable"],
            ]
        )
        let again = try await sweeper.sweep(now: now)
        XCTAssertEqual(again, [:])
    }

    func testBatchesAreBoundedAndTheRestGoesNextTime() async throws {
        let database = try await migratedDatabase()
        defer { database.close() }
        try await database.write { db in
            for index in 0..<5 {
                try db.execute(
                    "INSERT INTO revoked_access_tokens (jti, expires_at) VALUES (?, 0)",
                    [.text("j\(index)")]
                )
            }
            try db.execute("INSERT INTO revoked_access_tokens (jti, expires_at) VALUES ('keep', 4000000000)")
        }
        let sweeper = ExpiredRowSweeper(
            database: database,
            policy: .init(longestTokenLifetime: Self.tokenLife, batchSize: 2, maxBatches: 2)
        )
        let first = try await sweeper.sweep(now: now)
        XCTAssertEqual(first, ["revoked_access_tokens": 4])
        let second = try await sweeper.sweep(now: now)
        XCTAssertEqual(second, ["revoked_access_tokens": 1])
        let left = try await database.read { db in try Self.column(db, "SELECT jti FROM revoked_access_tokens") }
        XCTAssertEqual(left, ["keep"])
    }

    func testTheSweepQueriesUseTheExpiryIndexes() async throws {
        let database = try await migratedDatabase()
        defer { database.close() }
        let rules = ExpiredRowSweeper(database: database, policy: .init(longestTokenLifetime: Self.tokenLife)).rules
        let plans = try await database.read { db in
            try rules.map { rule in
                try db.query(
                    "EXPLAIN QUERY PLAN SELECT rowid FROM \(rule.table) WHERE \(rule.condition) LIMIT 500",
                    [.real(1)]
                )
                .map { try $0.get(String.self, "detail") }.joined(separator: "; ")
            }
        }
        XCTAssertEqual(
            plans,
            [
                "SEARCH authorization_codes USING COVERING INDEX authorization_codes_by_expiry (expires_at<?)",
                "SEARCH interactions USING COVERING INDEX interactions_by_expiry (expires_at<?)",
                "SEARCH otp_challenges USING COVERING INDEX otp_challenges_by_expiry (expires_at<?)",
                "SEARCH otp_sends USING COVERING INDEX otp_sends_by_time (sent_at<?)",
                "SEARCH sessions USING COVERING INDEX sessions_by_expiry (expires_at<?)",
                "SEARCH revoked_access_tokens USING COVERING INDEX revoked_access_tokens_by_expiry (expires_at<?)",
                "SEARCH refresh_families USING COVERING INDEX refresh_families_by_expiry (expires_at<?)",
                "SEARCH refresh_families USING INDEX refresh_families_without_refresh_by_creation (created_at<?)",
            ]
        )
    }

    // MARK: Helpers

    private func migratedDatabase() async throws -> SQLiteDatabase {
        let database = try SQLiteDatabase.temporary()
        _ = try await Schema.migrator.migrate(database)
        try await database.write { db in
            try db.execute("INSERT INTO members (id, created_at) VALUES ('m_a', 0)")
            try db.execute(
                """
                INSERT INTO clients (client_id, name, channel, type, redirect_uris, grant_types, scopes, updated_at)
                VALUES ('shop', 'Shop', 'web', 'public', '[]', '[]', '[]', 0)
                """
            )
        }
        return database
    }

    private static func column(_ db: any SQLConnection, _ sql: String) throws -> [String] {
        try db.query(sql).map { try $0.get(String.self, at: 0) }
    }
}

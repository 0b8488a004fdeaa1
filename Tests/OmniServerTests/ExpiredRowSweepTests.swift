import Foundation
import OmniStore
import XCTest

@testable import OmniServer

/// The running server sweeps expired rows on its schedule, and leaves live grants working.
final class ExpiredRowSweepTests: XCTestCase {
    func testTheServerDeletesExpiredRowsAndLiveTokensStayValid() async throws {
        let server = try await TokenTestServer.start(
            sweepSchedule: .init(firstAfter: .milliseconds(50), every: .milliseconds(50))
        )
        let member = try await server.createMember()
        let tokens = try await server.webShopTokens(member: member)
        XCTAssertEqual(tokens.status, 200)
        let access = try XCTUnwrap(tokens.string("access_token"))
        let refresh = try XCTUnwrap(tokens.string("refresh_token"))
        try await server.context.database.write { db in
            try db.execute("INSERT INTO revoked_access_tokens (jti, expires_at) VALUES ('long-expired', 1)")
            try db.execute("INSERT INTO otp_sends (phone, ip, sent_at) VALUES ('+8613800138000', '192.0.2.1', 1)")
        }
        var remaining: [Int] = []
        for _ in 0..<500 {
            remaining = try await server.context.database.read { db in
                try [
                    "SELECT COUNT(*) FROM revoked_access_tokens", "SELECT COUNT(*) FROM otp_sends",
                    "SELECT COUNT(*) FROM refresh_families", "SELECT COUNT(*) FROM authorization_codes",
                ].map { try XCTUnwrap(try db.queryOne($0)).get(Int.self, at: 0) }
            }
            if remaining[0] == 0 && remaining[1] == 0 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        // The expired rows went; the live grant and its redeemed code (60 s life) stay.
        XCTAssertEqual(remaining, [0, 0, 1, 1])
        let introspection = try await server.introspect(access)
        XCTAssertEqual(introspection.json["active"] as? Bool, true)
        let refreshed = try await server.refresh(refresh)
        XCTAssertEqual(refreshed.status, 200)
        // Shutdown waits for the sweeper before it closes the database.
        await server.stop()
    }
}

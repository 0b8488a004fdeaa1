import Foundation
import OmniID
import XCTest

@testable import OmniServer

final class RefreshTokenTests: XCTestCase {
    private var server: TokenTestServer!

    override func tearDown() async throws { await server?.stop() }

    private func start(grace: Int) async throws -> String {
        server = try await TokenTestServer.start(grace: grace)
        let tokens = try await server.webShopTokens(member: try await server.createMember())
        XCTAssertEqual(tokens.status, 200, tokens.text)
        return try XCTUnwrap(tokens.string("refresh_token"))
    }

    private func familyRevoked() async throws -> Bool {
        try await server.context.database.read { db in
            try db.queryOne("SELECT count(*) AS n FROM refresh_families WHERE revoked_at IS NOT NULL")?.get(
                Int.self,
                "n"
            ) == 1
        }
    }

    func testRefreshRotatesAndMayNarrowButNeverWidenScope() async throws {
        let first = try await start(grace: 5)
        let narrowed = try await server.post(
            "/token",
            [("grant_type", "refresh_token"), ("refresh_token", first), ("scope", "openid")],
            headers: ["Authorization": TokenTestServer.basic("web-shop", TestClients.webSecret)]
        )
        XCTAssertEqual(narrowed.status, 200, narrowed.text)
        XCTAssertEqual(narrowed.string("scope"), "openid")
        let second = try XCTUnwrap(narrowed.string("refresh_token"))
        XCTAssertNotEqual(second, first)
        XCTAssertNotNil(narrowed.string("id_token"))
        XCTAssertNil(jwtClaims(try XCTUnwrap(narrowed.string("id_token")))["nonce"])

        let wider = try await server.post(
            "/token",
            [("grant_type", "refresh_token"), ("refresh_token", second), ("scope", "openid orders")],
            headers: ["Authorization": TokenTestServer.basic("web-shop", TestClients.webSecret)]
        )
        XCTAssertEqual(wider.string("error"), "invalid_scope")
        // The family keeps its original scope (RFC 6749 §6).
        let third = try await server.refresh(second)
        XCTAssertEqual(third.string("scope"), "openid phone offline_access")
    }

    func testReusedRefreshTokenRevokesWholeFamily() async throws {
        let first = try await start(grace: 0)
        let rotated = try await server.refresh(first)
        XCTAssertEqual(rotated.status, 200)
        let second = try XCTUnwrap(rotated.string("refresh_token"))
        let access = try XCTUnwrap(rotated.string("access_token"))

        let reuse = try await server.refresh(first)
        XCTAssertEqual(reuse.status, 400)
        XCTAssertEqual(reuse.string("error"), "invalid_grant")
        let successor = try await server.refresh(second)
        XCTAssertEqual(successor.string("error"), "invalid_grant", "the successor died with the family")
        let introspected = try await server.introspect(access)
        XCTAssertEqual(introspected.json["active"] as? Bool, false, "access tokens of the family are revoked")
        let revoked = try await familyRevoked()
        XCTAssertTrue(revoked)
    }

    func testRefreshByAnotherClientFailsWithoutRevoking() async throws {
        let first = try await start(grace: 0)
        let stolen = try await server.refresh(first, client: "other-web", secret: TestClients.otherWebSecret)
        XCTAssertEqual(stolen.status, 400)
        XCTAssertEqual(stolen.string("error"), "invalid_grant")
        let revoked = try await familyRevoked()
        XCTAssertFalse(revoked)
        let owner = try await server.refresh(first)
        XCTAssertEqual(owner.status, 200)
    }

    func testConcurrentRefreshesInsideTheGraceGetTheSameSuccessor() async throws {
        let first = try await start(grace: 5)
        let server = self.server!
        async let a = server.refresh(first)
        async let b = server.refresh(first)
        let (one, two) = try await (a, b)
        XCTAssertEqual(one.status, 200, one.text)
        XCTAssertEqual(two.status, 200, two.text)
        let successor = try XCTUnwrap(one.string("refresh_token"))
        XCTAssertEqual(two.string("refresh_token"), successor, "the family does not fork")
        XCTAssertNotEqual(one.string("access_token"), two.string("access_token"), "each gets a fresh access token")
        let revoked = try await familyRevoked()
        XCTAssertFalse(revoked)
        // The family goes on with the one successor.
        let next = try await server.refresh(successor)
        XCTAssertEqual(next.status, 200)
        // Once its successor has been used, the first token coming back is a reuse, grace or not:
        // it never reaches the family's newest token, and the family is revoked.
        let retry = try await server.refresh(first)
        XCTAssertEqual(retry.status, 400)
        XCTAssertEqual(retry.string("error"), "invalid_grant")
        let revokedAfterReuse = try await familyRevoked()
        XCTAssertTrue(revokedAfterReuse)
        let afterRevocation = try await server.refresh(try XCTUnwrap(next.string("refresh_token")))
        XCTAssertEqual(afterRevocation.status, 400)
        // Tokens were stored hashed and sealed, never in clear: the grant row holds the digest of
        // the newest token, the digest of the one before, and the newest sealed under that one.
        let newest = try XCTUnwrap(next.string("refresh_token"))
        let stored = try await server.context.database.read { db in
            try XCTUnwrap(
                db.queryOne("SELECT generation, token_hash, previous_hash, successor_sealed FROM refresh_families")
            )
        }
        XCTAssertEqual(try stored.get(Int.self, "generation"), 2)
        XCTAssertEqual(try stored.get([UInt8].self, "token_hash"), OpaqueToken.digest(newest))
        XCTAssertEqual(try stored.get([UInt8].self, "previous_hash"), OpaqueToken.digest(successor))
        for column in ["token_hash", "previous_hash", "successor_sealed"] {
            let bytes = try stored.get([UInt8].self, column)
            for token in [first, successor, newest] {
                XCTAssertFalse(String(decoding: bytes, as: UTF8.self).contains(token), column)
                XCTAssertNil(bytes.firstRange(of: Array(token.utf8)), column)
            }
        }
    }

    func testConcurrentRefreshesWithoutGraceLetExactlyOneWinAndRevokeTheFamily() async throws {
        let first = try await start(grace: 0)
        let server = self.server!
        async let a = server.refresh(first)
        async let b = server.refresh(first)
        let statuses = try await [a, b].map(\.status).sorted()
        XCTAssertEqual(statuses, [200, 400])
        let revoked = try await familyRevoked()
        XCTAssertTrue(revoked)
    }

    func testReuseAfterTheGraceRevokesTheFamily() async throws {
        let first = try await start(grace: 1)
        let rotated = try await server.refresh(first)
        XCTAssertEqual(rotated.status, 200)
        try await Task.sleep(for: .milliseconds(1300))
        let late = try await server.refresh(first)
        XCTAssertEqual(late.string("error"), "invalid_grant")
        let revoked = try await familyRevoked()
        XCTAssertTrue(revoked)
        let successor = try await server.refresh(try XCTUnwrap(rotated.string("refresh_token")))
        XCTAssertEqual(successor.string("error"), "invalid_grant")
    }

    func testGraceRetryByAnotherClientIsRefusedWithoutRevoking() async throws {
        let first = try await start(grace: 5)
        let rotated = try await server.refresh(first)
        XCTAssertEqual(rotated.status, 200)
        let other = try await server.refresh(first, client: "other-web", secret: TestClients.otherWebSecret)
        XCTAssertEqual(other.string("error"), "invalid_grant")
        XCTAssertNil(other.json["refresh_token"])
        let revoked = try await familyRevoked()
        XCTAssertFalse(revoked)
        let owner = try await server.refresh(first)
        XCTAssertEqual(owner.status, 200, owner.text)
        XCTAssertEqual(owner.string("refresh_token"), rotated.string("refresh_token"))
    }

    func testReuseWithAWiderScopeStillRevokesTheFamily() async throws {
        // What the token is decides first: a rotated token coming back is a reuse, whatever else
        // the request gets wrong.
        let first = try await start(grace: 0)
        let rotated = try await server.refresh(first)
        XCTAssertEqual(rotated.status, 200)
        let reuse = try await server.post(
            "/token",
            [("grant_type", "refresh_token"), ("refresh_token", first), ("scope", "openid orders")],
            headers: ["Authorization": TokenTestServer.basic("web-shop", TestClients.webSecret)]
        )
        XCTAssertEqual(reuse.string("error"), "invalid_grant")
        let revoked = try await familyRevoked()
        XCTAssertTrue(revoked)
    }

    func testExpiredRefreshTokenIsInvalidGrant() async throws {
        let first = try await start(grace: 5)
        try await server.context.database.write { db in
            try db.execute("UPDATE refresh_families SET token_expires_at = 1")
        }
        let late = try await server.refresh(first)
        XCTAssertEqual(late.string("error"), "invalid_grant")
        XCTAssertEqual(late.string("error_description"), "the refresh token has expired")
        try await server.context.database.write { db in
            try db.execute("UPDATE refresh_families SET token_expires_at = 4000000000, expires_at = 1")
        }
        let familyLate = try await server.refresh(first)
        XCTAssertEqual(familyLate.string("error_description"), "the refresh token has expired")
        let revoked = try await familyRevoked()
        XCTAssertFalse(revoked, "expiry is not theft")
    }

    func testMalformedAndUnknownRefreshTokensAreInvalidGrant() async throws {
        let live = try await start(grace: 5)
        // Right shape, wrong tag (a forgery, or a token of another server): invalid, and nothing is
        // revoked, even when it names this grant.
        let forged = try RefreshTokenCodec(serverSecret: Array(repeating: 9, count: 32)).mint(
            grantID: try XCTUnwrap(server.context.refreshTokens.parse(live)).grantID,
            generation: 1
        )
        for token in ["", "short", String(repeating: "A", count: 43), String(repeating: "A", count: 92), forged.token] {
            let response = try await server.refresh(token)
            XCTAssertEqual(response.status, 400, token)
            XCTAssertEqual(response.string("error"), token.isEmpty ? "invalid_request" : "invalid_grant")
        }
        let revoked = try await familyRevoked()
        XCTAssertFalse(revoked)
        let owner = try await server.refresh(live)
        XCTAssertEqual(owner.status, 200, owner.text)
    }
}

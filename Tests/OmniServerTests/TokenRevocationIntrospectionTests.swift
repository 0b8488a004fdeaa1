import Foundation
import OmniID
import XCTest

@testable import OmniServer

final class TokenRevocationIntrospectionTests: XCTestCase {
    private var server: TokenTestServer!

    override func setUp() async throws { server = try await TokenTestServer.start() }
    override func tearDown() async throws { await server.stop() }

    private func revoke(
        _ token: String,
        client: String = "web-shop",
        secret: String = TestClients.webSecret
    )
        async throws -> TestResponse
    {
        try await server.post(
            "/revoke",
            [("token", token)],
            headers: ["Authorization": TokenTestServer.basic(client, secret)]
        )
    }

    private func serviceToken(_ client: String, _ secret: String) async throws -> String {
        let response = try await server.post(
            "/token",
            [("grant_type", "client_credentials")],
            headers: ["Authorization": TokenTestServer.basic(client, secret)]
        )
        return try XCTUnwrap(response.string("access_token"))
    }

    func testActiveIntrospectionCarriesTheTokensClaims() async throws {
        let member = try await server.createMember()
        let tokens = try await server.webShopTokens(member: member)
        let access = try XCTUnwrap(tokens.string("access_token"))
        let answer = try await server.introspect(access)
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(answer.header("Cache-Control"), "no-store")
        let json = answer.json
        XCTAssertEqual(json["active"] as? Bool, true)
        XCTAssertEqual(json["sub"] as? String, member.rawValue)
        XCTAssertEqual(json["client_id"] as? String, "web-shop")
        XCTAssertEqual(json["scope"] as? String, "openid phone offline_access")
        XCTAssertEqual(json["token_type"] as? String, "Bearer")
        XCTAssertEqual(json["iss"] as? String, "http://127.0.0.1")
        XCTAssertEqual(json["aud"] as? [String], ["omnishop-api"])
        XCTAssertEqual(json["amr"] as? [String], ["sms", "otp"])
        XCTAssertEqual(json["channel"] as? String, "web")
        XCTAssertEqual(json["jti"] as? String, jwtClaims(access)["jti"] as? String)
        XCTAssertNotNil(json["exp"] as? Int)
        XCTAssertNotNil(json["iat"] as? Int)

        let refresh = try await server.introspect(try XCTUnwrap(tokens.string("refresh_token")))
        XCTAssertEqual(refresh.json["active"] as? Bool, true)
        XCTAssertEqual(refresh.json["token_type"] as? String, "refresh_token")
        XCTAssertEqual(refresh.json["sub"] as? String, member.rawValue)
    }

    func testRevokedAccessTokenIsInactiveAndItsFamilyLivesOn() async throws {
        let tokens = try await server.webShopTokens(member: try await server.createMember())
        let access = try XCTUnwrap(tokens.string("access_token"))
        let revoked = try await revoke(access)
        XCTAssertEqual(revoked.status, 200)
        let answer = try await server.introspect(access)
        XCTAssertEqual(answer.text, #"{"active":false}"#)
        let refreshed = try await server.refresh(try XCTUnwrap(tokens.string("refresh_token")))
        XCTAssertEqual(refreshed.status, 200)
        // And our own resource endpoints refuse it.
        let userinfo = try await server.get("/userinfo", headers: ["Authorization": "Bearer \(access)"])
        XCTAssertEqual(userinfo.status, 401)
    }

    func testRevokedRefreshTokenRevokesItsFamilyAndAccessTokens() async throws {
        let tokens = try await server.webShopTokens(member: try await server.createMember())
        let access = try XCTUnwrap(tokens.string("access_token"))
        let refresh = try XCTUnwrap(tokens.string("refresh_token"))
        let revoked = try await revoke(refresh)
        XCTAssertEqual(revoked.status, 200)
        let accessAnswer = try await server.introspect(access)
        XCTAssertEqual(accessAnswer.json["active"] as? Bool, false)
        let refreshAnswer = try await server.introspect(refresh)
        XCTAssertEqual(refreshAnswer.json["active"] as? Bool, false)
        let refreshed = try await server.refresh(refresh)
        XCTAssertEqual(refreshed.string("error"), "invalid_grant")
    }

    func testRevokingARotatedRefreshTokenRevokesTheGrant() async throws {
        let tokens = try await server.webShopTokens(member: try await server.createMember())
        let first = try XCTUnwrap(tokens.string("refresh_token"))
        let rotated = try await server.refresh(first)
        XCTAssertEqual(rotated.status, 200, rotated.text)
        let second = try XCTUnwrap(rotated.string("refresh_token"))
        let access = try XCTUnwrap(rotated.string("access_token"))
        let rotatedAnswer = try await server.introspect(first)
        XCTAssertEqual(rotatedAnswer.json["active"] as? Bool, false, "a rotated token is not active")
        let currentAnswer = try await server.introspect(second)
        XCTAssertEqual(currentAnswer.json["active"] as? Bool, true)
        XCTAssertEqual(currentAnswer.string("token_type"), "refresh_token")

        let revoked = try await revoke(first)
        XCTAssertEqual(revoked.status, 200)
        let after = try await server.introspect(second)
        XCTAssertEqual(after.json["active"] as? Bool, false)
        let accessAfter = try await server.introspect(access)
        XCTAssertEqual(accessAfter.json["active"] as? Bool, false)
        let refreshed = try await server.refresh(second)
        XCTAssertEqual(refreshed.string("error"), "invalid_grant")
    }

    func testRevokedServiceTokenIsInactive() async throws {
        let token = try await serviceToken("order-service", TestClients.orderSecret)
        let before = try await server.introspect(token, client: "order-service", secret: TestClients.orderSecret)
        XCTAssertEqual(before.json["active"] as? Bool, true)
        XCTAssertEqual(before.json["sub"] as? String, "order-service")
        XCTAssertEqual(before.json["channel"] as? String, "service")
        let revoked = try await revoke(token, client: "order-service", secret: TestClients.orderSecret)
        XCTAssertEqual(revoked.status, 200)
        let after = try await server.introspect(token, client: "order-service", secret: TestClients.orderSecret)
        XCTAssertEqual(after.json["active"] as? Bool, false)
    }

    func testUnknownTokensRevokeFineAndOthersTokensAreRefused() async throws {
        let tokens = try await server.webShopTokens(member: try await server.createMember())
        // A token of the refresh shape naming this grant, minted under another secret: not ours.
        let live = try XCTUnwrap(tokens.string("refresh_token"))
        let forged = try RefreshTokenCodec(serverSecret: Array(repeating: 3, count: 32)).mint(
            grantID: try XCTUnwrap(server.context.refreshTokens.parse(live)).grantID,
            generation: 0
        )
        for token in [
            "junk", String(repeating: "B", count: 43), String(repeating: "B", count: 92), "a.b.c", forged.token,
        ] {
            let response = try await revoke(token)
            XCTAssertEqual(response.status, 200, token)
            let introspected = try await server.introspect(token)
            XCTAssertEqual(introspected.json as NSDictionary, ["active": false] as NSDictionary, token)
        }
        let liveAnswer = try await server.introspect(live)
        XCTAssertEqual(liveAnswer.json["active"] as? Bool, true, "the forgery revoked nothing")
        let access = try XCTUnwrap(tokens.string("access_token"))
        let foreign = try await revoke(access, client: "other-web", secret: TestClients.otherWebSecret)
        XCTAssertEqual(foreign.status, 400)
        XCTAssertEqual(foreign.string("error"), "unauthorized_client")
        let still = try await server.introspect(access)
        XCTAssertEqual(still.json["active"] as? Bool, true)
        let unauthenticated = try await server.post("/revoke", [("token", access)])
        XCTAssertEqual(unauthenticated.status, 401)
    }

    func testIntrospectionVisibility() async throws {
        let tokens = try await server.webShopTokens(member: try await server.createMember())
        let access = try XCTUnwrap(tokens.string("access_token"))
        let refresh = try XCTUnwrap(tokens.string("refresh_token"))
        // Another confidential client sees nothing.
        for token in [access, refresh] {
            let other = try await server.introspect(token, client: "other-web", secret: TestClients.otherWebSecret)
            XCTAssertEqual(other.text, #"{"active":false}"#)
            // A service without the introspect scope neither.
            let report = try await server.introspect(token, client: "report-service", secret: TestClients.reportSecret)
            XCTAssertEqual(report.text, #"{"active":false}"#)
            // A service granted introspect sees any token.
            let order = try await server.introspect(token, client: "order-service", secret: TestClients.orderSecret)
            XCTAssertEqual(order.json["active"] as? Bool, true)
        }
        // Public clients may not introspect at all.
        let publicClient = try await server.post("/introspect", [("token", access), ("client_id", "mall-app")])
        XCTAssertEqual(publicClient.status, 401)
        XCTAssertEqual(publicClient.string("error"), "invalid_client")
    }

    func testMergedMembersTokensAreInactive() async throws {
        let member = try await server.createMember()
        let survivor = try await server.createMember(phone: nil)
        let tokens = try await server.webShopTokens(member: member)
        try await server.context.database.write { db in
            try db.execute(
                "UPDATE members SET merged_into = ?, merged_at = 0 WHERE id = ?",
                [.text(survivor.rawValue), .text(member.rawValue)]
            )
        }
        for key in ["access_token", "refresh_token"] {
            let answer = try await server.introspect(try XCTUnwrap(tokens.string(key)))
            XCTAssertEqual(answer.json["active"] as? Bool, false, key)
        }
        let refreshed = try await server.refresh(try XCTUnwrap(tokens.string("refresh_token")))
        XCTAssertEqual(refreshed.string("error"), "invalid_grant")
    }
}

import Foundation
import OmniID
import XCTest

@testable import OmniServer

final class TokenEndpointTests: XCTestCase {
    private var server: TokenTestServer!

    override func setUp() async throws { server = try await TokenTestServer.start() }
    override func tearDown() async throws { await server.stop() }

    private var webBasic: [String: String] {
        ["Authorization": TokenTestServer.basic("web-shop", TestClients.webSecret)]
    }

    private func redeem(
        _ code: String,
        verifier: String? = TestClients.verifier,
        redirect: String? = TestClients.webRedirect,
        headers: [String: String]? = nil
    ) async throws -> TestResponse {
        var form = [("grant_type", "authorization_code"), ("code", code)]
        if let redirect { form.append(("redirect_uri", redirect)) }
        if let verifier { form.append(("code_verifier", verifier)) }
        return try await server.post("/token", form, headers: headers ?? webBasic)
    }

    func testCodeWithPKCEGivesAccessIDAndRefreshTokens() async throws {
        let member = try await server.createMember()
        let response = try await server.webShopTokens(member: member)
        XCTAssertEqual(response.status, 200, response.text)
        XCTAssertEqual(response.header("Cache-Control"), "no-store")
        XCTAssertEqual(response.string("token_type"), "Bearer")
        XCTAssertEqual(response.json["expires_in"] as? Int, 600)
        XCTAssertEqual(response.string("scope"), "openid phone offline_access")
        XCTAssertEqual(
            response.string("refresh_token")?.count,
            92,
            "RefreshTokenCodec: 69 bytes, 256 of them random bits"
        )

        let access = try XCTUnwrap(response.string("access_token"))
        XCTAssertEqual(jwtHeader(access)["typ"] as? String, "at+jwt")
        XCTAssertEqual(jwtHeader(access)["alg"] as? String, "RS256")
        let claims = jwtClaims(access)
        XCTAssertEqual(claims["iss"] as? String, "http://127.0.0.1")
        XCTAssertEqual(claims["sub"] as? String, member.rawValue)
        XCTAssertEqual(claims["aud"] as? String ?? (claims["aud"] as? [String])?.first, "omnishop-api")
        XCTAssertEqual(claims["client_id"] as? String, "web-shop")
        XCTAssertEqual(claims["scope"] as? String, "openid phone offline_access")
        XCTAssertEqual(claims["amr"] as? [String], ["sms", "otp"])
        XCTAssertEqual(claims["channel"] as? String, "web")
        XCTAssertEqual(claims["auth_time"] as? Int, 1_800_000_000)
        XCTAssertNotNil(claims["jti"] as? String)

        let idToken = try XCTUnwrap(response.string("id_token"))
        let id = jwtClaims(idToken)
        XCTAssertEqual(jwtHeader(idToken)["typ"] as? String, "JWT")
        XCTAssertEqual(id["aud"] as? String ?? (id["aud"] as? [String])?.first, "web-shop")
        XCTAssertEqual(id["azp"] as? String, "web-shop")
        XCTAssertEqual(id["nonce"] as? String, "n-0S6_WzA2Mj")
        XCTAssertEqual(id["auth_time"] as? Int, 1_800_000_000)
        XCTAssertEqual(id["amr"] as? [String], ["sms", "otp"])
        XCTAssertEqual(id["at_hash"] as? String, TokenIssuer.accessTokenHash(access))
        XCTAssertEqual(id["phone_number"] as? String, "+8613800000000")
        XCTAssertEqual(id["phone_number_verified"] as? Bool, true)

        // The access token verifies against our published keys and is recorded.
        let verified = try await BearerAuthenticator(context: server.context).verifier.verify(access, now: Date())
        XCTAssertEqual(verified.memberID, member)
    }

    func testNoRefreshTokenWithoutOfflineAccessAndNoPhoneWithoutPhoneScope() async throws {
        let member = try await server.createMember()
        let response = try await server.webShopTokens(member: member, scope: "openid")
        XCTAssertEqual(response.status, 200, response.text)
        XCTAssertNil(response.json["refresh_token"])
        XCTAssertNil(jwtClaims(try XCTUnwrap(response.string("id_token")))["phone_number"])
    }

    func testReplayedCodeFailsAndRevokesWhatItIssued() async throws {
        let member = try await server.createMember()
        let code = try await server.issueCode(member: member)
        let first = try await redeem(code)
        XCTAssertEqual(first.status, 200)
        let access = try XCTUnwrap(first.string("access_token"))
        let refresh = try XCTUnwrap(first.string("refresh_token"))
        let before = try await server.introspect(access)
        XCTAssertEqual(before.json["active"] as? Bool, true)

        let replay = try await redeem(code)
        XCTAssertEqual(replay.status, 400)
        XCTAssertEqual(replay.string("error"), "invalid_grant")
        let accessAfter = try await server.introspect(access)
        XCTAssertEqual(accessAfter.json["active"] as? Bool, false)
        let refreshAfter = try await server.introspect(refresh)
        XCTAssertEqual(refreshAfter.json["active"] as? Bool, false)
        let refreshed = try await server.refresh(refresh)
        XCTAssertEqual(refreshed.string("error"), "invalid_grant")
    }

    func testReplayedCodeWithoutOfflineAccessRevokesItsAccessToken() async throws {
        // No refresh token was issued, but the redemption still started a grant, and the access
        // token's `jti` names it: revoking the grant ends the token.
        let code = try await server.issueCode(member: try await server.createMember(), scope: "openid")
        let first = try await redeem(code)
        XCTAssertEqual(first.status, 200, first.text)
        XCTAssertNil(first.json["refresh_token"])
        let access = try XCTUnwrap(first.string("access_token"))
        let before = try await server.introspect(access)
        XCTAssertEqual(before.json["active"] as? Bool, true)
        let replay = try await redeem(code)
        XCTAssertEqual(replay.string("error"), "invalid_grant")
        let after = try await server.introspect(access)
        XCTAssertEqual(after.json as NSDictionary, ["active": false] as NSDictionary)
    }

    func testWrongOrMissingPKCEVerifierIsInvalidGrantAndLeavesTheCode() async throws {
        let member = try await server.createMember()
        let code = try await server.issueCode(member: member)
        for verifier in [nil, "wrong-verifier-wrong-verifier-wrong-verifier-0", "short"] {
            let response = try await redeem(code, verifier: verifier)
            XCTAssertEqual(response.status, 400, verifier ?? "missing")
            XCTAssertEqual(response.string("error"), "invalid_grant")
        }
        let good = try await redeem(code)
        XCTAssertEqual(good.status, 200)
    }

    func testVerifierForACodeWithoutChallengeIsRefused() async throws {
        let member = try await server.createMember()
        let code = try await server.issueCode(member: member, challenge: nil)
        let withVerifier = try await redeem(code)
        XCTAssertEqual(withVerifier.string("error"), "invalid_grant")
        let without = try await redeem(code, verifier: nil)
        XCTAssertEqual(without.status, 200)
    }

    func testCodeRedeemedByAnotherClientIsInvalidGrant() async throws {
        let member = try await server.createMember()
        let code = try await server.issueCode(member: member)
        let response = try await redeem(
            code,
            headers: ["Authorization": TokenTestServer.basic("other-web", TestClients.otherWebSecret)]
        )
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.string("error"), "invalid_grant")
    }

    func testRedirectURIMustEqualTheAuthorizationRequest() async throws {
        let member = try await server.createMember()
        let code = try await server.issueCode(member: member)
        for redirect in [nil, "https://shop.example/callback/", "https://evil.example/callback"] {
            let response = try await redeem(code, redirect: redirect)
            XCTAssertEqual(response.string("error"), "invalid_grant")
        }
        let good = try await redeem(code)
        XCTAssertEqual(good.status, 200)
    }

    func testPublicClientRedeemsWithClientIDAndPKCE() async throws {
        let member = try await server.createMember()
        let code = try await server.issueCode(client: "mall-app", member: member, redirectURI: TestClients.appRedirect)
        let response = try await server.post(
            "/token",
            [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", TestClients.appRedirect),
                ("client_id", "mall-app"), ("code_verifier", TestClients.verifier),
            ]
        )
        XCTAssertEqual(response.status, 200, response.text)
        XCTAssertEqual(jwtClaims(try XCTUnwrap(response.string("access_token")))["channel"] as? String, "app")
    }

    // MARK: Client authentication

    func testBasicCredentialsAreFormDecodedAndPostWorksToo() async throws {
        let member = try await server.createMember()
        // The secret has ':', '%' and '+': only form-decoding both halves recovers it.
        let encoded = try await redeem(try await server.issueCode(member: member))
        XCTAssertEqual(encoded.status, 200)
        let raw = "Basic " + Data("web-shop:\(TestClients.webSecret)".utf8).base64EncodedString()
        let unencoded = try await redeem(try await server.issueCode(member: member), headers: ["Authorization": raw])
        XCTAssertEqual(unencoded.status, 401, "an unencoded '+' decodes to a space")
        let post = try await server.post(
            "/token",
            [
                ("grant_type", "authorization_code"), ("code", try await server.issueCode(member: member)),
                ("redirect_uri", TestClients.webRedirect), ("code_verifier", TestClients.verifier),
                ("client_id", "web-shop"), ("client_secret", TestClients.webSecret),
            ]
        )
        XCTAssertEqual(post.status, 200, post.text)
    }

    func testWrongSecretIs401InvalidClientWithBasicChallenge() async throws {
        for _ in 0..<2 {  // the second answer comes from the remembered-secret path
            let response = try await server.post(
                "/token",
                [("grant_type", "refresh_token"), ("refresh_token", String(repeating: "a", count: 43))],
                headers: ["Authorization": TokenTestServer.basic("web-shop", "wrong-secret-0123456")]
            )
            XCTAssertEqual(response.status, 401)
            XCTAssertEqual(response.string("error"), "invalid_client")
            XCTAssertEqual(response.header("WWW-Authenticate"), "Basic realm=\"omniid\"")
            _ = try await server.webShopTokens(member: try await server.createMember(phone: nil))
        }
        let unknown = try await server.post(
            "/token",
            [("grant_type", "client_credentials"), ("client_id", "nobody"), ("client_secret", "x")]
        )
        XCTAssertEqual(unknown.status, 401)
        XCTAssertEqual(unknown.string("error"), "invalid_client")
        let confidentialWithoutSecret = try await server.post(
            "/token",
            [("grant_type", "client_credentials"), ("client_id", "order-service")]
        )
        XCTAssertEqual(confidentialWithoutSecret.status, 401)
    }

    func testTwoAuthenticationMethodsAreInvalidRequest() async throws {
        let response = try await server.post(
            "/token",
            [("grant_type", "client_credentials"), ("client_secret", TestClients.orderSecret)],
            headers: ["Authorization": TokenTestServer.basic("order-service", TestClients.orderSecret)]
        )
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.string("error"), "invalid_request")
    }

    // MARK: Request shape

    func testFormOnlyDuplicatesAndGrantTypeErrors() async throws {
        let order = ["Authorization": TokenTestServer.basic("order-service", TestClients.orderSecret)]
        let json = try await server.request(
            "POST",
            "/token",
            headers: order.merging(["Content-Type": "application/json"]) { a, _ in a },
            body: #"{"grant_type":"client_credentials"}"#
        )
        XCTAssertEqual(json.status, 415)
        let duplicate = try await server.post(
            "/token",
            [("grant_type", "client_credentials"), ("scope", "orders"), ("scope", "introspect")],
            headers: order
        )
        XCTAssertEqual(duplicate.string("error"), "invalid_request")
        let password = try await server.post("/token", [("grant_type", "password")], headers: order)
        XCTAssertEqual(password.string("error"), "unsupported_grant_type")
        let refresh = try await server.post("/token", [("grant_type", "refresh_token")], headers: order)
        XCTAssertEqual(refresh.string("error"), "unauthorized_client")
        let empty = try await server.post("/token", [], headers: order)
        XCTAssertEqual(empty.string("error"), "invalid_request")
    }

    // MARK: Client credentials

    func testClientCredentialsScopesStayWithinTheClientsOwn() async throws {
        let order = ["Authorization": TokenTestServer.basic("order-service", TestClients.orderSecret)]
        let all = try await server.post("/token", [("grant_type", "client_credentials")], headers: order)
        XCTAssertEqual(all.status, 200, all.text)
        XCTAssertEqual(all.string("scope"), "introspect orders")
        XCTAssertNil(all.json["refresh_token"])
        XCTAssertNil(all.json["id_token"])
        let claims = jwtClaims(try XCTUnwrap(all.string("access_token")))
        XCTAssertEqual(claims["sub"] as? String, "order-service")
        XCTAssertEqual(claims["client_id"] as? String, "order-service")
        XCTAssertEqual(claims["channel"] as? String, "service")
        XCTAssertNil(claims["amr"])

        let narrowed = try await server.post(
            "/token",
            [("grant_type", "client_credentials"), ("scope", "orders")],
            headers: order
        )
        XCTAssertEqual(narrowed.string("scope"), "orders")
        let wider = try await server.post(
            "/token",
            [("grant_type", "client_credentials"), ("scope", "orders admin:members")],
            headers: order
        )
        XCTAssertEqual(wider.status, 400)
        XCTAssertEqual(wider.string("error"), "invalid_scope")
        let web = try await server.post("/token", [("grant_type", "client_credentials")], headers: webBasic)
        XCTAssertEqual(web.string("error"), "unauthorized_client")
    }

    func testRateLimitPerClientAnswersSlowDown() async throws {
        await server.stop()
        server = try await TokenTestServer.start(
            extra: #", "rate_limits": {"token_requests_per_client_per_minute": 2}"#
        )
        let order = ["Authorization": TokenTestServer.basic("order-service", TestClients.orderSecret)]
        var statuses: [Int] = []
        for _ in 0..<3 {
            statuses.append(
                try await server.post("/token", [("grant_type", "client_credentials")], headers: order).status
            )
        }
        // A minute boundary may fall between the requests; at most one window reset.
        XCTAssertTrue(statuses == [200, 200, 429] || statuses.filter { $0 == 200 }.count == 3, "\(statuses)")
        let limited = try await server.post("/token", [("grant_type", "client_credentials")], headers: order)
        if limited.status == 429 {
            XCTAssertEqual(limited.string("error"), "slow_down")
            XCTAssertNotNil(limited.header("Retry-After"))
        }
    }
}

import Foundation
import XCTest

@testable import OmniServer

final class InteractionSignInTests: XCTestCase {
    private var server: TokenTestServer!

    override func setUp() async throws { server = try await TokenTestServer.startForSignIn() }
    override func tearDown() async throws { await server.stop() }

    func testPhoneSignInRedirectsWithCodeStateIssAndSetsTheSessionCookie() async throws {
        let path = try await server.startInteraction()
        let verified = try await server.signIn(interaction: path, phone: "13800000001")
        XCTAssertEqual(verified.status, 200, verified.text)
        XCTAssertEqual(verified.header("Cache-Control"), "no-store")
        let redirectTo = try XCTUnwrap(verified.string("redirect_to"))
        XCTAssertTrue(redirectTo.hasPrefix(TestClients.appRedirect + "?code="))
        let query = queryItems(redirectTo)
        XCTAssertEqual(query["state"], "st-1")
        XCTAssertEqual(query["iss"], "http://127.0.0.1")
        let cookie = try XCTUnwrap(verified.header("Set-Cookie"))
        XCTAssertTrue(cookie.contains("; HttpOnly"))
        XCTAssertTrue(cookie.contains("; SameSite=Lax"))
        XCTAssertTrue(cookie.contains("; Path=/"))
        XCTAssertTrue(cookie.contains("; Max-Age=604800"))
        XCTAssertFalse(cookie.contains("Secure"), "an http issuer gets no Secure cookie")

        // End to end: the code redeems at /token for tokens with amr sms+otp.
        let token = try await server.post(
            "/token",
            [
                ("grant_type", "authorization_code"), ("code", query["code"] ?? ""), ("client_id", "mall-app"),
                ("redirect_uri", TestClients.appRedirect), ("code_verifier", TestClients.verifier),
            ]
        )
        XCTAssertEqual(token.status, 200, token.text)
        let claims = jwtClaims(token.string("access_token") ?? "")
        XCTAssertEqual(claims["amr"] as? [String], ["sms", "otp"])
        XCTAssertTrue((claims["sub"] as? String)?.hasPrefix("m_") == true)
        XCTAssertEqual(jwtClaims(token.string("id_token") ?? "")["nonce"] as? String, "n-1")
        let metrics = try await server.get("/metrics")
        XCTAssertTrue(metrics.text.contains("phone_otp"))
    }

    func testSessionCookieGivesAnotherClientACodeAtOnce() async throws {
        let path = try await server.startInteraction()
        let signedIn = try await server.signIn(interaction: path, phone: "13800000002")
        let cookie = try XCTUnwrap(sessionCookie(signedIn))
        let response = try await server.authorize(
            [
                ("response_type", "code"), ("client_id", "web-shop"), ("redirect_uri", TestClients.webRedirect),
                ("scope", "openid phone"), ("state", "web-1"),
            ],
            cookie: cookie
        )
        XCTAssertEqual(response.status, 302)
        let location = try XCTUnwrap(response.header("Location"))
        XCTAssertTrue(location.hasPrefix(TestClients.webRedirect + "?code="))
        XCTAssertEqual(queryItems(location)["state"], "web-1")
        XCTAssertEqual(queryItems(location)["iss"], "http://127.0.0.1")
        let noPrompt = try await server.authorize(TokenTestServer.appRequest([("prompt", "none")]), cookie: cookie)
        XCTAssertNotNil(queryItems(noPrompt.header("Location"))["code"])
    }

    func testPromptLoginAndMaxAgeForceThePageDespiteTheSession() async throws {
        let path = try await server.startInteraction()
        let signedIn = try await server.signIn(interaction: path, phone: "13800000003")
        let cookie = try XCTUnwrap(sessionCookie(signedIn))
        _ = try await server.startInteraction([("prompt", "login")], cookie: cookie)
        _ = try await server.startInteraction([("max_age", "0")], cookie: cookie)
        let fresh = try await server.authorize(TokenTestServer.appRequest([("max_age", "3600")]), cookie: cookie)
        XCTAssertNotNil(queryItems(fresh.header("Location"))["code"])
        let silent = try await server.authorize(
            TokenTestServer.appRequest([("prompt", "none"), ("max_age", "0")]),
            cookie: cookie
        )
        XCTAssertEqual(queryItems(silent.header("Location"))["error"], "login_required")
        let bogus = try await server.authorize(TokenTestServer.appRequest(), cookie: String(repeating: "x", count: 43))
        XCTAssertTrue(bogus.header("Location")?.contains("/interaction/") == true)
    }

    func testAnInteractionIsSingleUse() async throws {
        let path = try await server.startInteraction()
        let first = try await server.signIn(interaction: path, phone: "13800000004")
        XCTAssertEqual(first.status, 200)
        let again = try await server.postJSON(path + "/otp/verify", ["phone": "13800000004", "code": "123456"])
        XCTAssertEqual(again.status, 400)
        XCTAssertEqual(again.string("error"), "interaction_expired")
        let page = try await server.get(path)
        XCTAssertEqual(page.status, 400)
        XCTAssertTrue(page.text.contains("interaction_expired"))
    }

    func testFiveWrongCodesLockTheCodeThenEvenTheRightOneIsExpired() async throws {
        let path = try await server.startInteraction()
        let sent = try await server.postJSON(path + "/otp/send", ["phone": "13800000005"])
        XCTAssertEqual(sent.status, 204)
        let code = try server.latestOTP(to: "+8613800000005")
        let wrong = code == "000000" ? "111111" : "000000"
        for left in [4, 3, 2, 1, 0] {
            let response = try await server.postJSON(path + "/otp/verify", ["phone": "13800000005", "code": wrong])
            XCTAssertEqual(response.status, 400)
            XCTAssertEqual(response.string("error"), "invalid_otp")
            XCTAssertEqual(response.json["attempts_left"] as? Int, left)
        }
        let right = try await server.postJSON(path + "/otp/verify", ["phone": "13800000005", "code": code])
        XCTAssertEqual(right.status, 400)
        XCTAssertEqual(right.string("error"), "otp_expired")
    }

    func testVerifyWithoutASentCodeIsOTPExpired() async throws {
        let path = try await server.startInteraction()
        let response = try await server.postJSON(path + "/otp/verify", ["phone": "13800000006", "code": "123456"])
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.string("error"), "otp_expired")
    }

    func testSecondSendWithinAMinuteIsTooManyRequestsWithRetryAfter() async throws {
        let path = try await server.startInteraction()
        let first = try await server.postJSON(path + "/otp/send", ["phone": "13800000008"])
        XCTAssertEqual(first.status, 204)
        let second = try await server.postJSON(path + "/otp/send", ["phone": "+86 138 0000 0008"])
        XCTAssertEqual(second.status, 429)
        XCTAssertEqual(second.string("error"), "slow_down")
        let retryAfter = Int(second.header("Retry-After") ?? "") ?? 0
        XCTAssertTrue((55...60).contains(retryAfter), "Retry-After \(retryAfter)")
    }

    func testBadBodiesArePrecise4xx() async throws {
        let path = try await server.startInteraction()
        let form = try await server.post(path + "/otp/send", [("phone", "13800000000")])
        XCTAssertEqual(form.status, 415)
        let malformed = try await server.request(
            "POST",
            path + "/otp/send",
            headers: ["Content-Type": "application/json"],
            body: "{\"phone\":"
        )
        XCTAssertEqual(malformed.status, 400)
        XCTAssertEqual(malformed.string("error"), "invalid_request")
        let missing = try await server.postJSON(path + "/otp/verify", ["phone": "13800000000"])
        XCTAssertEqual(missing.string("error"), "invalid_request")
        let phone = try await server.postJSON(path + "/otp/send", ["phone": "12345"])
        XCTAssertEqual(phone.status, 400)
        XCTAssertEqual(phone.string("error"), "invalid_phone")
    }

    func testOutboxAndLogsNeverHoldTheFullPhoneInLogs() async throws {
        let path = try await server.startInteraction()
        let verified = try await server.signIn(interaction: path, phone: "13800000009")
        XCTAssertEqual(verified.status, 200)
        let line = try String(contentsOfFile: server.outboxPath, encoding: .utf8)
        XCTAssertTrue(line.contains("\"to\":\"+8613800000009\""))
        XCTAssertTrue(line.contains("OmniShop"))
    }
}

final class InteractionSecureCookieTests: XCTestCase {
    func testHTTPSIssuerSetsASecureCookie() async throws {
        let server = try await TokenTestServer.startForSignIn(issuer: "https://id.example")
        let path = try await server.startInteraction()
        let verified = try await server.signIn(interaction: path, phone: "13800000010")
        await server.stop()
        XCTAssertEqual(verified.status, 200)
        XCTAssertTrue(verified.header("Set-Cookie")?.contains("; Secure") == true)
        XCTAssertEqual(queryItems(verified.string("redirect_to"))["iss"], "https://id.example")
    }

    func testPerDaySendLimitAnswers429() async throws {
        let server = try await TokenTestServer.startForSignIn(
            rateLimits: "\"otp_sends_per_phone_per_minute\": 5, \"otp_sends_per_phone_per_day\": 2"
        )
        let path = try await server.startInteraction()
        var statuses: [Int] = []
        for _ in 0..<3 {
            statuses.append(try await server.postJSON(path + "/otp/send", ["phone": "13800000011"]).status)
        }
        await server.stop()
        XCTAssertEqual(statuses, [204, 204, 429])
    }
}

import Foundation
import OmniID
import XCTest

@testable import OmniServer

/// The phone sign-in over loopback, as the sign-in page drives it: authorize → `/interaction/{uid}` →
/// `otp/send` → the code from the SMS outbox → `otp/verify` → the client's redirect URI with a code, and
/// single sign-on afterwards.
final class InteractionSignInTests: XCTestCase {
    private var server: TokenTestServer!

    override func setUp() async throws { server = try await TokenTestServer.startForSignIn() }
    override func tearDown() async throws { await server?.stop() }

    func testPhoneSignInRedirectsWithCodeStateIssAndSetsTheSessionCookie() async throws {
        let verified = try await server.signInWithPhone()
        XCTAssertEqual(verified.status, 200, verified.text)
        XCTAssertEqual(verified.header("Cache-Control"), "no-store")
        let redirectTo = try XCTUnwrap(verified.string("redirect_to"))
        XCTAssertTrue(redirectTo.hasPrefix(TestClients.webRedirect + "?"), redirectTo)
        let query = queryItems(redirectTo)
        XCTAssertEqual(query["state"], "st-123")
        XCTAssertEqual(query["iss"], "http://127.0.0.1")
        let code = try XCTUnwrap(query["code"])

        let cookie = try XCTUnwrap(verified.header("Set-Cookie"))
        XCTAssertTrue(cookie.hasPrefix("omniid_session="), cookie)
        XCTAssertTrue(cookie.contains("; HttpOnly"))
        XCTAssertTrue(cookie.contains("; SameSite=Lax"))
        XCTAssertTrue(cookie.contains("; Path=/"))
        XCTAssertTrue(cookie.contains("; Max-Age=604800"), "session_ttl defaults to 7 days")
        XCTAssertFalse(cookie.contains("Secure"), "an http issuer cannot use a Secure cookie")

        // The other half of the flow: the code redeems with the PKCE verifier into tokens for the member.
        let tokens = try await server.post(
            "/token",
            [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", TestClients.webRedirect),
                ("code_verifier", TestClients.verifier),
            ],
            headers: ["Authorization": TokenTestServer.basic("web-shop", TestClients.webSecret)]
        )
        XCTAssertEqual(tokens.status, 200, tokens.text)
        let idToken = jwtClaims(try XCTUnwrap(tokens.string("id_token")))
        XCTAssertEqual(idToken["nonce"] as? String, "n-0S6_WzA2Mj")
        XCTAssertEqual(idToken["amr"] as? [String], ["sms", "otp"])
        let member = try XCTUnwrap(idToken["sub"] as? String)
        XCTAssertTrue(MemberID.isWellFormed(member), member)
        XCTAssertEqual(try server.outbox().last?["to"], TokenTestServer.testPhoneE164)
    }

    func testHTTPSIssuerMakesTheCookieSecure() async throws {
        await server.stop()
        server = try await TokenTestServer.startForSignIn(issuer: "https://id.omnishop.example")
        let verified = try await server.signInWithPhone()
        XCTAssertEqual(verified.status, 200, verified.text)
        XCTAssertTrue(verified.header("Set-Cookie")?.contains("; Secure") == true)
        XCTAssertEqual(queryItems(verified.string("redirect_to") ?? "")["iss"], "https://id.omnishop.example")
    }

    func testSecondAuthorizationWithTheCookieGetsACodeAtOnceForAnyClient() async throws {
        let verified = try await server.signInWithPhone()
        let cookie = try XCTUnwrap(verified.sessionCookie)
        let again = try await server.authorize(
            [("client_id", "other-web"), ("redirect_uri", "https://other.example/cb"), ("state", "two")],
            cookie: cookie
        )
        XCTAssertEqual(again.status, 302)
        let location = try XCTUnwrap(again.header("Location"))
        XCTAssertTrue(location.hasPrefix("https://other.example/cb?code="), location)
        XCTAssertEqual(queryItems(location)["state"], "two")
        XCTAssertEqual(queryItems(location)["iss"], "http://127.0.0.1")
        XCTAssertEqual(try server.outbox().count, 1, "no second SMS")

        // prompt=none with a session is fine too.
        let silent = try await server.authorize([("prompt", "none")], cookie: cookie)
        XCTAssertNotNil(queryItems(silent.header("Location") ?? "")["code"])
        let metrics = try await server.get("/metrics")
        XCTAssertTrue(metrics.text.contains("method=\"sso\""), metrics.text)
        XCTAssertTrue(metrics.text.contains("method=\"phone_otp\""))
    }

    /// RFC 8252 §8.6: any program on the device can claim an app's redirect, so the cookie never
    /// hands an app client a code without the page.
    func testAnAppClientWithACookieStillSeesTheSignInPage() async throws {
        let verified = try await server.signInWithPhone()
        let cookie = try XCTUnwrap(verified.sessionCookie)
        let app = [("client_id", "mall-app"), ("redirect_uri", TestClients.appRedirect), ("state", "app")]
        let shown = try await server.authorize(app, cookie: cookie)
        XCTAssertEqual(shown.status, 302)
        let location = try XCTUnwrap(shown.header("Location"))
        XCTAssertTrue(location.hasPrefix("http://127.0.0.1/interaction/"), location)

        let silent = try await server.authorize(app + [("prompt", "none")], cookie: cookie)
        let answer = queryItems(try XCTUnwrap(silent.header("Location")))
        XCTAssertEqual(answer["error"], "interaction_required")
        XCTAssertEqual(answer["state"], "app")
        XCTAssertNil(answer["code"])
        let codes = try await server.context.database.read { db in
            try db.queryOne("SELECT count(*) AS n FROM authorization_codes WHERE client_id = 'mall-app'")?
                .get(Int.self, "n")
        }
        XCTAssertEqual(codes, 0)
    }

    func testPromptLoginWithACookieShowsTheSignInPage() async throws {
        let signedIn = try await server.signInWithPhone()
        let cookie = try XCTUnwrap(signedIn.sessionCookie)
        let forced = try await server.authorize([("prompt", "login")], cookie: cookie)
        XCTAssertEqual(forced.status, 302)
        XCTAssertTrue(forced.header("Location")?.hasPrefix("http://127.0.0.1/interaction/") == true)
    }

    func testMaxAgeOlderThanTheSignInShowsThePageOrLoginRequired() async throws {
        let signedIn = try await server.signInWithPhone()
        let cookie = try XCTUnwrap(signedIn.sessionCookie)
        let fresh = try await server.authorize([("max_age", "600")], cookie: cookie)
        XCTAssertNotNil(queryItems(fresh.header("Location") ?? "")["code"])
        // The member signed in an hour ago.
        try await server.context.database.write { db in
            try db.execute("UPDATE sessions SET auth_time = auth_time - 3600")
        }
        let stale = try await server.authorize([("max_age", "600")], cookie: cookie)
        XCTAssertTrue(stale.header("Location")?.hasPrefix("http://127.0.0.1/interaction/") == true)
        let silent = try await server.authorize([("max_age", "600"), ("prompt", "none")], cookie: cookie)
        XCTAssertEqual(queryItems(silent.header("Location") ?? "")["error"], "login_required")
        let noMaxAge = try await server.authorize([], cookie: cookie)
        XCTAssertNotNil(queryItems(noMaxAge.header("Location") ?? "")["code"])
    }

    func testARevokedOrUnknownCookieIsNoSession() async throws {
        let signedIn = try await server.signInWithPhone()
        let cookie = try XCTUnwrap(signedIn.sessionCookie)
        try await server.context.database.write { db in try db.execute("UPDATE sessions SET revoked_at = 1") }
        let revoked = try await server.authorize([("prompt", "none")], cookie: cookie)
        XCTAssertEqual(queryItems(revoked.header("Location") ?? "")["error"], "login_required")
        let forged = try await server.authorize(
            [("prompt", "none")],
            cookie: "omniid_session=" + String(repeating: "A", count: 43)
        )
        XCTAssertEqual(queryItems(forged.header("Location") ?? "")["error"], "login_required")
    }

    func testTheSignInPageShowsTheClientScopesAndLoginHint() async throws {
        let uid = try await server.startInteraction([("login_hint", "138 0013 8000")])
        let page = try await server.get("/interaction/\(uid)", headers: ["Accept-Language": "en-US,en;q=0.9"])
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.header("Content-Type")?.hasPrefix("text/html") == true)
        XCTAssertTrue(page.text.contains("<html lang=\"en\">"))
        XCTAssertTrue(page.text.contains("Web"), "the client's name")
        XCTAssertTrue(page.text.contains("value=\"+8613800138000\""), "login_hint prefills the phone")
        let csp = try XCTUnwrap(page.header("Content-Security-Policy"))
        let nonce = try XCTUnwrap(csp.components(separatedBy: "'nonce-").dropFirst().first?.prefix { $0 != "'" })
        XCTAssertTrue(page.text.contains("<script nonce=\"\(nonce)\">"))
        let chinese = try await server.get("/interaction/\(uid)", headers: ["Accept-Language": "zh-CN"])
        XCTAssertTrue(chinese.text.contains("<html lang=\"zh-CN\">"))
    }

    func testUnknownInteractionIs404AndAnExpiredOneSaysSo() async throws {
        let missing = try await server.get("/interaction/" + String(repeating: "x", count: 43))
        XCTAssertEqual(missing.status, 404)
        XCTAssertTrue(missing.text.contains("interaction_not_found"))
        let junk = try await server.get("/interaction/nope")
        XCTAssertEqual(junk.status, 404)
        let sendMissing = try await server.sendCode(uid: String(repeating: "x", count: 43))
        XCTAssertEqual(sendMissing.status, 404)
        XCTAssertEqual(sendMissing.string("error"), "interaction_not_found")

        let uid = try await server.startInteraction()
        try await server.context.database.write { db in try db.execute("UPDATE interactions SET expires_at = 0") }
        let page = try await server.get("/interaction/\(uid)")
        XCTAssertEqual(page.status, 400)
        XCTAssertTrue(page.text.contains("interaction_expired"))
        let send = try await server.sendCode(uid: uid)
        XCTAssertEqual(send.status, 400)
        XCTAssertEqual(send.string("error"), "interaction_expired")
    }

    func testAnInteractionIsSingleUse() async throws {
        let uid = try await server.startInteraction()
        do {
            let answer = try await server.sendCode(uid: uid)
            XCTAssertEqual(answer.status, 204)
        }
        let code = try server.lastCode()
        do {
            let answer = try await server.verifyCode(uid: uid, code: code)
            XCTAssertEqual(answer.status, 200)
        }
        let replay = try await server.verifyCode(uid: uid, code: code)
        XCTAssertEqual(replay.status, 400)
        XCTAssertEqual(replay.string("error"), "interaction_expired")
        XCTAssertNil(replay.header("Set-Cookie"))
        let page = try await server.get("/interaction/\(uid)")
        XCTAssertTrue(page.text.contains("interaction_expired"))
        let codes = try await server.context.database.read { db in
            try db.queryOne("SELECT COUNT(*) AS n FROM authorization_codes")?.get(Int.self, "n")
        }
        XCTAssertEqual(codes, 1)
    }

    func testInvalidPhoneAndBodyErrors() async throws {
        let uid = try await server.startInteraction()
        let badPhone = try await server.sendCode(uid: uid, phone: "12345")
        XCTAssertEqual(badPhone.status, 400)
        XCTAssertEqual(badPhone.string("error"), "invalid_phone")
        let path = "/interaction/\(uid)/otp/send"
        let form = try await server.postJSON(
            path,
            "phone=13800138000",
            contentType: "application/x-www-form-urlencoded"
        )
        XCTAssertEqual(form.status, 415)
        let untyped = try await server.postJSON(path, #"{"phone":"13800138000"}"#, contentType: nil)
        XCTAssertEqual(untyped.status, 415)
        let malformed = try await server.postJSON(path, #"{"phone":"#)
        XCTAssertEqual(malformed.status, 400)
        XCTAssertEqual(malformed.string("error"), "invalid_request")
        let wrongType = try await server.postJSON(path, #"{"phone":13800138000}"#)
        XCTAssertEqual(wrongType.string("error"), "invalid_request")
        let missing = try await server.postJSON("/interaction/\(uid)/otp/verify", #"{"phone":"13800138000"}"#)
        XCTAssertEqual(missing.status, 400)
        XCTAssertTrue(missing.string("error_description")?.contains("code") == true)
        XCTAssertEqual(try server.outbox().count, 0)
        let sends = try await server.context.database.read { db in
            try db.queryOne("SELECT COUNT(*) AS n FROM otp_sends")?.get(Int.self, "n")
        }
        XCTAssertEqual(sends, 0, "refused requests write nothing")
    }

    func testFiveWrongCodesLockTheCodeEvenAgainstTheRightOne() async throws {
        let uid = try await server.startInteraction()
        do {
            let answer = try await server.sendCode(uid: uid)
            XCTAssertEqual(answer.status, 204)
        }
        let code = try server.lastCode()
        let wrong = code == "000000" ? "111111" : "000000"
        for left in [4, 3, 2, 1, 0] {
            let answer = try await server.verifyCode(uid: uid, code: wrong)
            XCTAssertEqual(answer.status, 400)
            XCTAssertEqual(answer.string("error"), "invalid_otp")
            XCTAssertEqual(answer.json["attempts_left"] as? Int, left)
        }
        let right = try await server.verifyCode(uid: uid, code: code)
        XCTAssertEqual(right.status, 400)
        XCTAssertEqual(right.string("error"), "otp_expired")
        XCTAssertNil(right.header("Set-Cookie"))
    }

    func testAnExpiredCodeIsOTPExpired() async throws {
        let uid = try await server.startInteraction()
        do {
            let answer = try await server.sendCode(uid: uid)
            XCTAssertEqual(answer.status, 204)
        }
        try await server.context.database.write { db in
            try db.execute("UPDATE otp_challenges SET expires_at = created_at - 1")
        }
        let late = try await server.verifyCode(uid: uid, code: try server.lastCode())
        XCTAssertEqual(late.status, 400)
        XCTAssertEqual(late.string("error"), "otp_expired")
    }

    func testACodeWorksOnlyForItsOwnInteraction() async throws {
        let first = try await server.startInteraction()
        do {
            let answer = try await server.sendCode(uid: first)
            XCTAssertEqual(answer.status, 204)
        }
        let second = try await server.startInteraction()
        let elsewhere = try await server.verifyCode(uid: second, code: try server.lastCode())
        XCTAssertEqual(elsewhere.string("error"), "otp_expired")
    }

    func testTheOutboxLineCarriesToTextCodeAndAt() async throws {
        let uid = try await server.startInteraction()
        do {
            let answer = try await server.sendCode(uid: uid)
            XCTAssertEqual(answer.status, 204)
        }
        let line = try XCTUnwrap(try server.outbox().last)
        XCTAssertEqual(Set(line.keys), ["to", "text", "code", "at"])
        let code = try XCTUnwrap(line["code"])
        XCTAssertTrue(code.count == 6 && code.allSatisfy(\.isNumber))
        XCTAssertTrue(line["text"]?.contains(code) == true)
        XCTAssertNotNil(ISO8601DateFormatter().date(from: line["at"] ?? ""), "RFC 3339")
        let mode = try FileManager.default.attributesOfItem(atPath: server.outboxPath)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }
}

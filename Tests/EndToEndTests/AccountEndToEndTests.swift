import FakeWeChat
import Foundation
import OmniHTTP
import XCTest

/// The account API and cross-channel identity with the real binary (BRIEF: Account; issue 5 acceptance).
final class AccountEndToEndTests: XCTestCase {
    private let mini = WeChatEndToEnd.miniApp

    /// A web OTP sign-in through the interaction endpoints; the access token's claims.
    private func webOTPSignIn(_ e2e: WeChatEndToEnd, phone: String) async throws -> [String: Any] {
        let pkce = WeChatEndToEnd.pkce()
        let query = [
            ("response_type", "code"), ("client_id", "web-shop"), ("redirect_uri", "http://127.0.0.1:3000/callback"),
            ("scope", "openid phone"), ("state", "st"), ("code_challenge", pkce.challenge),
            ("code_challenge_method", "S256"),
        ].map { $0.0 + "=" + PercentEncoding.formEncode($0.1) }.joined(separator: "&")
        let authorize = try await e2e.send(.GET, "/authorize?" + query)
        let location = try XCTUnwrap(authorize.headers["Location"])
        let path = try XCTUnwrap(URLComponents(string: location)?.path)
        let sent = try await e2e.send(.POST, path + "/otp/send", json: ["phone": phone])
        XCTAssertEqual(sent.status, 204)
        let verified = try await e2e.send(
            .POST,
            path + "/otp/verify",
            json: ["phone": phone, "code": try latestOTP(e2e, to: phone)]
        )
        let redirect = try XCTUnwrap(verified.json["redirect_to"] as? String)
        let code = try XCTUnwrap(URLComponents(string: redirect)?.queryItems?.first { $0.name == "code" }?.value)
        let token = try await e2e.send(
            .POST,
            "/token",
            form: [
                ("grant_type", "authorization_code"), ("code", code),
                ("redirect_uri", "http://127.0.0.1:3000/callback"),
                ("client_id", "web-shop"), ("client_secret", "web-shop-secret-for-tests"),
                ("code_verifier", pkce.verifier),
            ]
        )
        return try WeChatEndToEnd.claims(try XCTUnwrap(token.json["access_token"] as? String))
    }

    private func latestOTP(_ e2e: WeChatEndToEnd, to phone: String) throws -> String {
        let text = (try? String(contentsOfFile: e2e.server.outboxPath, encoding: .utf8)) ?? ""
        let codes = text.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["to"] as? String == phone
            else { return nil }
            return object["code"] as? String
        }
        return try XCTUnwrap(codes.last, "no SMS to \(phone)")
    }

    func testPhoneFromTheMiniProgramMakesALaterWebOTPSignInTheSameMember() async throws {
        let e2e = try WeChatEndToEnd()
        e2e.fake.addCode("js-1", app: mini, .user(openID: "o-1", unionID: "u-1"))
        e2e.fake.addPhoneCode("ph-1", app: mini, .phone(countryCode: "86", purePhoneNumber: "13800003333"))
        let (_, token) = try await e2e.miniProgramSignIn(jsCode: "js-1", phoneCode: "ph-1")
        let sub = try XCTUnwrap((token?["claims"] as? [String: Any])?["sub"] as? String)
        let web = try await webOTPSignIn(e2e, phone: "+8613800003333")
        XCTAssertEqual(web["sub"] as? String, sub)
        XCTAssertEqual(web["amr"] as? [String], ["sms", "otp"])
        try await e2e.assertCount("SELECT COUNT(*) FROM members", 1)
        await e2e.stop()
    }

    func testAddingAPhoneNeedsTheSMSCodeAndAnotherMembersPhoneIsAConflict() async throws {
        let e2e = try WeChatEndToEnd()
        e2e.fake.addCode("js-1", app: mini, .user(openID: "o-1", unionID: "u-1"))
        let (_, token) = try await e2e.miniProgramSignIn(jsCode: "js-1")
        let access = try XCTUnwrap(token?["access_token"] as? String)

        let started = try await e2e.send(
            .POST,
            "/account/identities/phone",
            json: ["phone": "13800004444"],
            bearer: access
        )
        XCTAssertEqual(started.status, 202)
        let wrong = try await e2e.send(
            .POST,
            "/account/identities/phone",
            json: ["phone": "13800004444", "code": "000000"],
            bearer: access
        )
        XCTAssertEqual(wrong.error, "invalid_otp")
        let code = try latestOTP(e2e, to: "+8613800004444")
        let linked = try await e2e.send(
            .POST,
            "/account/identities/phone",
            json: ["phone": "13800004444", "code": code],
            bearer: access
        )
        XCTAssertEqual(linked.status, 200, "\(linked.json)")
        let values = (linked.json["identities"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
        XCTAssertTrue(values.contains("+86138****4444"))

        // Another member tries the same phone: 409 at the first step, a merge candidate, nothing moved.
        e2e.fake.addCode("js-2", app: mini, .user(openID: "o-2", unionID: "u-2"))
        let (_, other) = try await e2e.miniProgramSignIn(jsCode: "js-2")
        let otherAccess = try XCTUnwrap(other?["access_token"] as? String)
        let conflict = try await e2e.send(
            .POST,
            "/account/identities/phone",
            json: ["phone": "+8613800004444"],
            bearer: otherAccess
        )
        XCTAssertEqual(conflict.status, 409)
        XCTAssertEqual(conflict.error, "identity_conflict")
        let description = conflict.json["error_description"] as? String ?? ""
        XCTAssertFalse(description.contains("m_"))
        XCTAssertFalse(description.contains("4444"))
        try await e2e.assertCount("SELECT COUNT(*) FROM merge_candidates", 1)
        try await e2e.assertCount("SELECT COUNT(*) FROM identities WHERE kind = 'phone'", 1)

        // Unauthenticated calls are 401.
        let anonymous = try await e2e.send(.GET, "/account/identities")
        XCTAssertEqual(anonymous.status, 401)
        await e2e.stop()
    }

    func testLogoutAllRevokesEveryRefreshTokenAndAccessTokenOfTheMember() async throws {
        let e2e = try WeChatEndToEnd()
        e2e.fake.addCode("js-1", app: mini, .user(openID: "o-1", unionID: "u-1"))
        e2e.fake.addCode("sdk-1", app: WeChatEndToEnd.mobileApp, .user(openID: "oa-1", unionID: "u-1"))
        let (_, miniToken) = try await e2e.miniProgramSignIn(jsCode: "js-1")
        let (_, appToken) = try await e2e.appSignIn(wechatCode: "sdk-1")
        let access = try XCTUnwrap(miniToken?["access_token"] as? String)
        let appRefresh = try XCTUnwrap(appToken?["refresh_token"] as? String)
        let before = try await introspect(access, e2e)
        XCTAssertEqual(before.json["active"] as? Bool, true)
        XCTAssertEqual(before.json["client_id"] as? String, "mall-miniprogram")
        let out = try await e2e.send(.POST, "/account/logout-all", bearer: access)
        XCTAssertEqual(out.status, 204)
        let after = try await e2e.send(.GET, "/account/identities", bearer: access)
        XCTAssertEqual(after.status, 401)
        let refreshed = try await e2e.send(
            .POST,
            "/token",
            form: [("grant_type", "refresh_token"), ("refresh_token", appRefresh), ("client_id", "mall-app")]
        )
        XCTAssertEqual(refreshed.error, "invalid_grant")
        try await e2e.assertCount("SELECT COUNT(*) FROM refresh_families WHERE revoked_at IS NULL", 0)
        let introspected = try await introspect(access, e2e)
        XCTAssertEqual(introspected.status, 200)
        XCTAssertEqual(introspected.json as NSDictionary, ["active": false] as NSDictionary)
        await e2e.stop()
    }

    /// RFC 7662 introspection by the order service (which may see every token: `introspect` scope).
    private func introspect(_ token: String, _ e2e: WeChatEndToEnd) async throws -> WeChatEndToEnd.Answer {
        try await e2e.send(
            .POST,
            "/introspect",
            form: [
                ("token", token), ("client_id", "order-service"), ("client_secret", "order-service-secret-for-tests"),
            ]
        )
    }
}

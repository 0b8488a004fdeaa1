import FakeWeChat
import Foundation
import XCTest

/// Mini-program and app WeChat sign-in against the real binary and the fake WeChat (BRIEF: Channel sign-in).
final class WeChatSignInEndToEndTests: XCTestCase {
    private let mini = WeChatEndToEnd.miniApp
    private let mobile = WeChatEndToEnd.mobileApp

    func testMiniProgramSignInCreatesAMemberAndTheSameUnionIDFromTheAppIsTheSameMember() async throws {
        let e2e = try WeChatEndToEnd()
        e2e.fake.addCode("js-1", app: mini, .user(openID: "o-mini-1", unionID: "union-1"))
        let (answer, token) = try await e2e.miniProgramSignIn(jsCode: "js-1")
        XCTAssertEqual(answer.status, 200, "\(answer.json)")
        XCTAssertLessThanOrEqual(answer.json["expires_in"] as? Int ?? 99, 60)
        let claims = try XCTUnwrap(token?["claims"] as? [String: Any])
        XCTAssertEqual(claims["amr"] as? [String], ["wechat"])
        XCTAssertEqual(claims["channel"] as? String, "miniprogram")
        XCTAssertNotNil(token?["refresh_token"])
        let sub = try XCTUnwrap(claims["sub"] as? String)

        e2e.fake.addCode("sdk-1", app: mobile, .user(openID: "o-app-1", unionID: "union-1"))
        let (appAnswer, appToken) = try await e2e.appSignIn(wechatCode: "sdk-1")
        XCTAssertEqual(appAnswer.status, 200, "\(appAnswer.json)")
        let appClaims = try XCTUnwrap(appToken?["claims"] as? [String: Any])
        XCTAssertEqual(appClaims["sub"] as? String, sub)
        XCTAssertEqual(appClaims["channel"] as? String, "app")
        XCTAssertEqual(appClaims["amr"] as? [String], ["wechat"])
        try await e2e.assertCount("SELECT COUNT(*) FROM members", 1)
        // openid of each app and the unionid, all on the one member.
        try await e2e.assertCount("SELECT COUNT(DISTINCT member_id) FROM identities", 1)
        try await e2e.assertCount("SELECT COUNT(*) FROM identities", 3)

        // The same js_code again is "code been used" → invalid_grant; the code itself is single use too.
        let (reused, _) = try await e2e.miniProgramSignIn(jsCode: "js-1")
        XCTAssertEqual(reused.status, 400)
        XCTAssertEqual(reused.error, "invalid_grant")
        await e2e.stop()
    }

    func testPhoneCodeLinksThePhoneAndTheAccountListsItMasked() async throws {
        let e2e = try WeChatEndToEnd()
        e2e.fake.addCode("js-p", app: mini, .user(openID: "o-p", unionID: "union-p"))
        e2e.fake.addPhoneCode("ph-p", app: mini, .phone(countryCode: "86", purePhoneNumber: "13800001111"))
        let (answer, token) = try await e2e.miniProgramSignIn(jsCode: "js-p", phoneCode: "ph-p")
        XCTAssertEqual(answer.status, 200, "\(answer.json)")
        let access = try XCTUnwrap(token?["access_token"] as? String)
        let sub = try XCTUnwrap((token?["claims"] as? [String: Any])?["sub"] as? String)
        let identities = try await e2e.send(.GET, "/account/identities", bearer: access)
        XCTAssertEqual(identities.status, 200)
        XCTAssertEqual(identities.json["member_id"] as? String, sub)
        let list = try XCTUnwrap(identities.json["identities"] as? [[String: Any]])
        XCTAssertEqual(Set(list.compactMap { $0["type"] as? String }), ["phone", "wechat_unionid", "wechat_openid"])
        let phone = try XCTUnwrap(list.first { $0["type"] as? String == "phone" })
        XCTAssertEqual(phone["value"] as? String, "+86138****1111")
        XCTAssertNil(phone["appid"])
        XCTAssertEqual(list.first { $0["type"] as? String == "wechat_openid" }?["appid"] as? String, mini)
        XCTAssertNotNil(phone["linked_at"] as? String)
        await e2e.stop()
    }

    func testPhoneOfAnotherMemberRecordsAMergeCandidateAndMovesNothing() async throws {
        let e2e = try WeChatEndToEnd()
        // Member A: the phone (first mini-program sign-in with it).
        e2e.fake.addCode("js-a", app: mini, .user(openID: "o-a", unionID: "union-a"))
        e2e.fake.addPhoneCode("ph-a", app: mini, .phone(countryCode: "86", purePhoneNumber: "13900002222"))
        let (_, tokenA) = try await e2e.miniProgramSignIn(jsCode: "js-a", phoneCode: "ph-a")
        let subA = try XCTUnwrap((tokenA?["claims"] as? [String: Any])?["sub"] as? String)
        // Member B: another WeChat user, then proves the same phone.
        e2e.fake.addCode("sdk-b", app: mobile, .user(openID: "o-b", unionID: "union-b"))
        let (_, tokenB) = try await e2e.appSignIn(wechatCode: "sdk-b")
        let subB = try XCTUnwrap((tokenB?["claims"] as? [String: Any])?["sub"] as? String)
        XCTAssertNotEqual(subA, subB)
        e2e.fake.addCode("js-b", app: mini, .user(openID: "o-b-mini", unionID: "union-b"))
        e2e.fake.addPhoneCode("ph-b", app: mini, .phone(countryCode: "86", purePhoneNumber: "13900002222"))
        let (_, tokenAgain) = try await e2e.miniProgramSignIn(jsCode: "js-b", phoneCode: "ph-b")
        // The phone is the strongest identity: the sign-in goes to its member; nothing moves.
        XCTAssertEqual((tokenAgain?["claims"] as? [String: Any])?["sub"] as? String, subA)
        try await e2e.assertCount("SELECT COUNT(*) FROM merge_candidates", 1)
        try await e2e.assertCount(
            "SELECT COUNT(*) FROM identities WHERE kind = 'wechat_unionid' AND value = 'union-b' AND member_id = '\(subB)'",
            1
        )
        try await e2e.assertCount("SELECT COUNT(*) FROM identities WHERE member_id = '\(subA)'", 4)
        await e2e.stop()
    }
}

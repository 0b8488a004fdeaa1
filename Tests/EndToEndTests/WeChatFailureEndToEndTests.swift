import FakeWeChat
import Foundation
import OmniHTTP
import XCTest

/// WeChat failures, slowness and concurrency against the real binary (BRIEF: Channel sign-in; issue 5 acceptance).
final class WeChatFailureEndToEndTests: XCTestCase {
    private let mini = WeChatEndToEnd.miniApp

    private func assertNoRows(_ e2e: WeChatEndToEnd, file: StaticString = #filePath, line: UInt = #line) async throws {
        for table in ["members", "identities", "authorization_codes", "merge_candidates"] {
            try await e2e.assertCount("SELECT COUNT(*) FROM \(table)", 0, file: file, line: line)
        }
    }

    func testWeChatFailuresGivePreciseErrorsAndWriteNothing() async throws {
        let e2e = try WeChatEndToEnd(timeoutMilliseconds: 400)
        let cases: [(String, FakeWeChat.Outcome?, Duration, Int, String)] = [
            ("js-unknown", nil, .zero, 400, "invalid_grant"),
            ("js-blocked", .errcode(40226), .zero, 403, "access_denied"),
            ("js-busy", .errcode(-1), .zero, 503, "temporarily_unavailable"),
            ("js-rate", .errcode(45011), .zero, 503, "temporarily_unavailable"),
            ("js-5xx", .httpStatus(502), .zero, 503, "temporarily_unavailable"),
            ("js-html", .invalidJSON, .zero, 503, "temporarily_unavailable"),
            ("js-slow", .user(openID: "o-slow", unionID: "u-slow"), .seconds(2), 503, "temporarily_unavailable"),
            ("js-40125", .errcode(40125), .zero, 500, "server_error"),
        ]
        for (code, outcome, delay, status, error) in cases {
            if let outcome { e2e.fake.addCode(code, app: mini, outcome, delay: delay) }
            let (answer, _) = try await e2e.miniProgramSignIn(jsCode: code)
            XCTAssertEqual(answer.status, status, code)
            XCTAssertEqual(answer.error, error, code)
        }
        // A valid js_code with a bad phone_code: nothing is written either.
        e2e.fake.addCode("js-ok", app: mini, .user(openID: "o-ok", unionID: "u-ok"))
        let (phone, _) = try await e2e.miniProgramSignIn(jsCode: "js-ok", phoneCode: "ph-unknown")
        XCTAssertEqual(phone.status, 400)
        XCTAssertEqual(phone.error, "invalid_grant")
        XCTAssertTrue((phone.json["error_description"] as? String ?? "").contains("phone_code"))
        try await assertNoRows(e2e)
        await e2e.stop()
    }

    func testOurWrongAppSecretIs500AndTheLogNamesNoSecret() async throws {
        let e2e = try WeChatEndToEnd(miniSecretInConfig: "WRONG-mini-SECRET")
        e2e.fake.addCode("js-1", app: mini, .user(openID: "o-1", unionID: nil))
        let (answer, _) = try await e2e.miniProgramSignIn(jsCode: "js-1")
        XCTAssertEqual(answer.status, 500)
        XCTAssertEqual(answer.error, "server_error")
        try await assertNoRows(e2e)
        let log = e2e.server.log
        XCTAssertTrue(log.contains("40125"))
        XCTAssertTrue(log.contains("\"level\":\"error\""))
        XCTAssertFalse(log.contains("WRONG-mini-SECRET"))
        XCTAssertFalse(log.contains("js-1"))
        await e2e.stop()
    }

    func testBadRequestsAreRefusedBeforeCallingWeChat() async throws {
        let e2e = try WeChatEndToEnd()
        let pkce = WeChatEndToEnd.pkce()
        let base: [String: Any] = [
            "client_id": "mall-miniprogram", "js_code": "js", "code_challenge": pkce.challenge,
            "code_challenge_method": "S256", "scope": "openid",
        ]
        let cases: [([String: Any], Int, String)] = [
            (base.merging(["client_id": "nobody"]) { $1 }, 401, "invalid_client"),
            (base.merging(["client_id": "web-shop"]) { $1 }, 400, "unauthorized_client"),
            (base.merging(["code_challenge_method": "plain"]) { $1 }, 400, "invalid_request"),
            (base.filter { $0.key != "code_challenge" }, 400, "invalid_request"),
            (base.merging(["scope": "openid admin:members"]) { $1 }, 400, "invalid_scope"),
            (base.filter { $0.key != "js_code" }, 400, "invalid_request"),
        ]
        for (body, status, error) in cases {
            let answer = try await e2e.send(.POST, "/channels/miniprogram/authorize", json: body)
            XCTAssertEqual(answer.status, status, "\(body)")
            XCTAssertEqual(answer.error, error, "\(body)")
        }
        // The app endpoint refuses a mini-program client.
        let wrong = try await e2e.send(
            .POST,
            "/channels/app/wechat/authorize",
            json: base.merging(["wechat_code": "c"]) { $1 }
        )
        XCTAssertEqual(wrong.error, "unauthorized_client")
        XCTAssertEqual(e2e.fake.calls(.code2Session), 0)
        XCTAssertEqual(e2e.fake.calls(.snsAccessToken), 0)
        await e2e.stop()
    }

    func testAWeChatCallHeldThreeSecondsDoesNotDelayOtherRequests() async throws {
        let e2e = try WeChatEndToEnd(timeoutMilliseconds: 10_000)
        e2e.fake.addCode("js-held", app: mini, .user(openID: "o-held", unionID: nil), delay: .seconds(3))
        let held = Task { try await e2e.miniProgramSignIn(jsCode: "js-held").0.status }
        try await Task.sleep(for: .milliseconds(200))
        var slowest: Duration = .zero
        for _ in 0..<50 {
            let start = ContinuousClock.now
            let answer = try await e2e.send(.GET, "/.well-known/openid-configuration")
            XCTAssertEqual(answer.status, 200)
            slowest = max(slowest, ContinuousClock.now - start)
        }
        XCTAssertLessThan(slowest, .milliseconds(500), "slowest of 50 requests while WeChat was held")
        let heldStatus = try await held.value
        XCTAssertEqual(heldStatus, 200)
        await e2e.stop()
    }

    func testConcurrentFirstSignInsWithOverlappingIdentitiesNeverDuplicateAMember() async throws {
        let e2e = try WeChatEndToEnd(timeoutMilliseconds: 10_000)
        // 50 unionids, each used 4 times: twice from the mini-program, twice from the app.
        for user in 0..<50 {
            for attempt in 0..<2 {
                e2e.fake.addCode("js-\(user)-\(attempt)", app: mini, .user(openID: "om-\(user)", unionID: "un-\(user)"))
                e2e.fake.addCode(
                    "sdk-\(user)-\(attempt)",
                    app: WeChatEndToEnd.mobileApp,
                    .user(openID: "oa-\(user)", unionID: "un-\(user)")
                )
            }
        }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for user in 0..<50 {
                for attempt in 0..<2 {
                    group.addTask { try await e2e.miniProgramSignIn(jsCode: "js-\(user)-\(attempt)").0.status }
                    group.addTask { try await e2e.appSignIn(wechatCode: "sdk-\(user)-\(attempt)").0.status }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        XCTAssertEqual(statuses.count, 200)
        XCTAssertEqual(
            statuses.filter { $0 == 200 }.count,
            200,
            "\(Dictionary(grouping: statuses) { $0 }.mapValues(\.count))"
        )
        try await e2e.assertCount("SELECT COUNT(*) FROM members", 50)
        // 50 × (unionid + mini openid + app openid), each on exactly one member.
        try await e2e.assertCount("SELECT COUNT(*) FROM identities", 150)
        try await e2e.assertCount(
            "SELECT COUNT(*) FROM (SELECT value FROM identities WHERE kind = 'wechat_unionid' GROUP BY value HAVING COUNT(DISTINCT member_id) > 1)",
            0
        )
        try await e2e.assertCount(
            "SELECT COUNT(*) FROM (SELECT member_id FROM identities GROUP BY member_id HAVING COUNT(*) <> 3)",
            0
        )
        try await e2e.assertCount("SELECT COUNT(*) FROM merge_candidates", 0)
        await e2e.stop()
    }
}

import FakeWeChat
import OmniID
import XCTest

@testable import OmniServer

/// The WeChat adapter against the fake over loopback: WeChat's request shapes, answers and errcodes.
final class WeChatClientTests: XCTestCase {
    private var harness: WeChatHarness!

    override func setUp() async throws {
        harness = try WeChatHarness()
    }

    override func tearDown() async throws {
        await harness.fake.shutdown()
    }

    private var fake: FakeWeChat { harness.fake }
    private var client: WeChatClient { harness.client }
    private let mini = WeChatHarness.miniApp

    func testCode2SessionReturnsOpenIDAndUnionIDButNeverTheSessionKey() async throws {
        fake.addCode("js-ok", app: mini, .user(openID: "o-mini-1", unionID: "u-1"))
        let account = try await client.session(jsCode: "js-ok", app: mini)
        XCTAssertEqual(account, WeChatAccount(appID: mini, openID: "o-mini-1", unionID: "u-1"))
        XCTAssertEqual(
            account.identities,
            [
                Identity(kind: .wechatOpenID, value: "o-mini-1", appID: mini),
                Identity(kind: .wechatUnionID, value: "u-1"),
            ]
        )
        XCTAssertFalse(String(describing: account).contains("session"))
        XCTAssertEqual(fake.calls(.code2Session), 1)
    }

    func testCode2SessionWithoutUnionIDProvesOnlyTheOpenID() async throws {
        fake.addCode("js-nounion", app: mini, .user(openID: "o-2", unionID: nil))
        let account = try await client.session(jsCode: "js-nounion", app: mini)
        XCTAssertNil(account.unionID)
        XCTAssertEqual(account.identities.count, 1)
    }

    func testUnknownExpiredOrUsedJSCodeIsInvalidCode() async throws {
        let unknown = await harness.error { () async throws(WeChatError) in
            try await client.session(jsCode: "nope", app: mini)
        }
        XCTAssertEqual(unknown, .invalidCode(errcode: 40029))
        fake.addCode("js-once", app: mini, .user(openID: "o-3", unionID: nil))
        _ = try await client.session(jsCode: "js-once", app: mini)
        let reused = await harness.error { () async throws(WeChatError) in
            try await client.session(jsCode: "js-once", app: mini)
        }
        XCTAssertEqual(reused, .invalidCode(errcode: 40163))
        // A code issued to another app is "invalid code" for this one.
        fake.addCode("js-other", app: WeChatHarness.mobileApp, .user(openID: "o-4", unionID: nil))
        let other = await harness.error { () async throws(WeChatError) in
            try await client.session(jsCode: "js-other", app: mini)
        }
        XCTAssertEqual(other, .invalidCode(errcode: 40029))
    }

    func testEveryDocumentedErrcodeMapsToItsError() async throws {
        let expectations: [(Int, WeChatError)] = [
            (-1, .unavailable(.busy)),
            (40226, .userBlocked(errcode: 40226)),
            (50002, .userBlocked(errcode: 50002)),
            (45011, .unavailable(.rateLimited(errcode: 45011))),
            (45009, .unavailable(.rateLimited(errcode: 45009))),
            (40125, .credentialsRejected(errcode: 40125)),
            (40013, .credentialsRejected(errcode: 40013)),
            (40164, .credentialsRejected(errcode: 40164)),
            (40243, .credentialsRejected(errcode: 40243)),
            (40001, .credentialsRejected(errcode: 40001)),
            (89503, .credentialsRejected(errcode: 89503)),
            (48001, .unexpected(errcode: 48001)),
        ]
        for (index, (errcode, expected)) in expectations.enumerated() {
            fake.addCode("js-err-\(index)", app: mini, .errcode(errcode))
            let error = await harness.error { () async throws(WeChatError) in
                try await client.session(jsCode: "js-err-\(index)", app: mini)
            }
            XCTAssertEqual(error, expected, "errcode \(errcode)")
        }
    }

    func testWrongAppSecretIsCredentialsRejectedAndTheSecretIsNeverLogged() async throws {
        let wrong = try WeChatHarness(configuredSecret: "WRONG-secret-value")
        defer { Task { await wrong.fake.shutdown() } }
        wrong.fake.addCode("js-x", app: mini, .user(openID: "o", unionID: nil))
        let error = await wrong.error { () async throws(WeChatError) in
            try await wrong.client.session(jsCode: "js-x", app: mini)
        }
        XCTAssertEqual(error, .credentialsRejected(errcode: 40125))
        let lines = wrong.log.all
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].contains("\"level\":\"error\""))
        XCTAssertTrue(lines[0].contains("40125"))
        for line in lines {
            XCTAssertFalse(line.contains("WRONG-secret-value"))
            XCTAssertFalse(line.contains("js-x"))
        }
        XCTAssertFalse(String(describing: error).contains("WRONG-secret-value"))
    }

    func testAppUnknownToWeChatIsInvalidAppID() async throws {
        let error = await harness.error { () async throws(WeChatError) in
            try await client.session(jsCode: "js", app: "wx-unknown-to-wechat")
        }
        XCTAssertEqual(error, .credentialsRejected(errcode: 40013))
    }

    func testAppMissingFromConfigurationIsRefusedWithoutACall() async throws {
        let error = await harness.error { () async throws(WeChatError) in
            try await client.session(jsCode: "js", app: "wx-nobody")
        }
        XCTAssertEqual(error, .unknownApp("wx-nobody"))
        XCTAssertEqual(fake.calls(.code2Session), 0)
    }

    func testSlowWeChatTimesOutAtTheConfiguredDeadline() async throws {
        let slow = try WeChatHarness(timeoutMilliseconds: 300)
        defer { Task { await slow.fake.shutdown() } }
        slow.fake.addCode("js-slow", app: mini, .user(openID: "o", unionID: nil), delay: .seconds(3))
        let start = ContinuousClock.now
        let error = await slow.error { () async throws(WeChatError) in
            try await slow.client.session(jsCode: "js-slow", app: mini)
        }
        XCTAssertEqual(error, .unavailable(.timeout))
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
    }

    func testInvalidJSONAndServerErrorsAreUnavailable() async throws {
        fake.addCode("js-html", app: mini, .invalidJSON)
        fake.addCode("js-502", app: mini, .httpStatus(502))
        fake.addCode("js-404", app: mini, .httpStatus(404))
        let html = await harness.error { () async throws(WeChatError) in
            try await client.session(jsCode: "js-html", app: mini)
        }
        XCTAssertEqual(html, .unavailable(.invalidResponse))
        let bad = await harness.error { () async throws(WeChatError) in
            try await client.session(jsCode: "js-502", app: mini)
        }
        XCTAssertEqual(bad, .unavailable(.httpStatus(502)))
        let missing = await harness.error { () async throws(WeChatError) in
            try await client.session(jsCode: "js-404", app: mini)
        }
        XCTAssertEqual(missing, .unexpectedHTTPStatus(404))
    }

    func testMobileAppCodeGivesOpenIDAndUnionID() async throws {
        let app = WeChatHarness.mobileApp
        fake.addCode("sdk-ok", app: app, .user(openID: "o-app-1", unionID: "u-1"))
        let account = try await client.oauthAccessToken(code: "sdk-ok", app: app)
        XCTAssertEqual(account, WeChatAccount(appID: app, openID: "o-app-1", unionID: "u-1"))
        let reused = await harness.error { () async throws(WeChatError) in
            try await client.oauthAccessToken(code: "sdk-ok", app: app)
        }
        XCTAssertEqual(reused, .invalidCode(errcode: 40163))
        XCTAssertEqual(fake.calls(.snsAccessToken), 2)
    }
}

import FakeWeChat
import OmniID
import XCTest

@testable import OmniServer

/// getuserphonenumber with the cached app access token from cgi-bin/token.
final class WeChatPhoneNumberTests: XCTestCase {
    private var harness: WeChatHarness!
    private let mini = WeChatHarness.miniApp

    override func setUp() async throws {
        harness = try WeChatHarness()
    }

    override func tearDown() async throws {
        await harness.fake.shutdown()
    }

    private var fake: FakeWeChat { harness.fake }
    private var client: WeChatClient { harness.client }

    func testPhoneCodeGivesTheNumberInE164() async throws {
        fake.addPhoneCode("ph-1", app: mini, .phone(countryCode: "86", purePhoneNumber: "13800000000"))
        let phone = try await client.phoneNumber(code: "ph-1", app: mini)
        XCTAssertEqual(phone.e164, "+8613800000000")
        XCTAssertEqual(phone.identity, .phone("+8613800000000"))
        let reused = await harness.error { () async throws(WeChatError) in
            try await client.phoneNumber(code: "ph-1", app: mini)
        }
        XCTAssertEqual(reused, .invalidCode(errcode: 40163))
        let unknown = await harness.error { () async throws(WeChatError) in
            try await client.phoneNumber(code: "ph-x", app: mini)
        }
        XCTAssertEqual(unknown, .invalidCode(errcode: 40029))
    }

    func testConcurrentPhoneCallsShareOneAccessTokenFetch() async throws {
        fake.setAccessTokenDelay(.milliseconds(200))
        for index in 0..<20 {
            fake.addPhoneCode(
                "ph-\(index)",
                app: mini,
                .phone(countryCode: "86", purePhoneNumber: "1390000\(1000 + index)")
            )
        }
        let client = self.client
        let mini = self.mini
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<20 {
                group.addTask { try await client.phoneNumber(code: "ph-\(index)", app: mini).e164 }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        XCTAssertEqual(numbers.count, 20)
        XCTAssertEqual(fake.calls(.getAccessToken), 1)
        XCTAssertEqual(fake.calls(.getPhoneNumber), 20)
        // Later calls reuse the cached token.
        fake.addPhoneCode("ph-late", app: mini, .phone(countryCode: "86", purePhoneNumber: "13700000000"))
        _ = try await client.phoneNumber(code: "ph-late", app: mini)
        XCTAssertEqual(fake.calls(.getAccessToken), 1)
    }

    func testRevokedAccessTokenIsRefetchedOnceAndTheCallRetried() async throws {
        fake.addPhoneCode("ph-a", app: mini, .phone(countryCode: "86", purePhoneNumber: "13800000001"))
        fake.addPhoneCode("ph-b", app: mini, .phone(countryCode: "86", purePhoneNumber: "13800000002"))
        _ = try await client.phoneNumber(code: "ph-a", app: mini)
        fake.revokeAccessTokens()  // 40001
        let phone = try await client.phoneNumber(code: "ph-b", app: mini)
        XCTAssertEqual(phone.e164, "+8613800000002")
        XCTAssertEqual(fake.calls(.getAccessToken), 2)
        XCTAssertEqual(fake.calls(.getPhoneNumber), 3)
    }

    func testExpiredAccessTokenIsRefetchedOnceAndTheCallRetried() async throws {
        fake.addPhoneCode("ph-a", app: mini, .phone(countryCode: "86", purePhoneNumber: "13800000001"))
        fake.addPhoneCode("ph-b", app: mini, .phone(countryCode: "852", purePhoneNumber: "61234567"))
        _ = try await client.phoneNumber(code: "ph-a", app: mini)
        fake.expireAccessTokens()  // 42001
        let phone = try await client.phoneNumber(code: "ph-b", app: mini)
        XCTAssertEqual(phone.e164, "+85261234567")
        XCTAssertEqual(fake.calls(.getAccessToken), 2)
    }

    func testAccessTokenRefusedTwiceIsNotRetriedForever() async throws {
        fake.addPhoneCode("ph-stale", app: mini, .errcode(40001))
        let error = await harness.error { () async throws(WeChatError) in
            try await client.phoneNumber(code: "ph-stale", app: mini)
        }
        XCTAssertEqual(error, .accessTokenRejected(errcode: 40001))
        XCTAssertEqual(fake.calls(.getAccessToken), 2)
        XCTAssertEqual(fake.calls(.getPhoneNumber), 2)
        XCTAssertTrue(harness.log.all.contains { $0.contains("\"level\":\"error\"") })
    }

    func testAccessTokenEndpointFailuresMapLikeOtherCalls() async throws {
        fake.addPhoneCode("ph-1", app: mini, .phone(countryCode: "86", purePhoneNumber: "13800000000"))
        fake.failAccessTokens(with: .errcode(40125))
        var error = await harness.error { () async throws(WeChatError) in
            try await client.phoneNumber(code: "ph-1", app: mini)
        }
        XCTAssertEqual(error, .credentialsRejected(errcode: 40125))
        fake.failAccessTokens(with: .errcode(-1))
        error = await harness.error { () async throws(WeChatError) in
            try await client.phoneNumber(code: "ph-1", app: mini)
        }
        XCTAssertEqual(error, .unavailable(.busy))
        fake.failAccessTokens(with: .invalidJSON)
        error = await harness.error { () async throws(WeChatError) in try await client.appAccessToken(app: mini) }
        XCTAssertEqual(error, .unavailable(.invalidResponse))
        // A failure is not cached: the next call fetches again and succeeds.
        fake.failAccessTokens(with: nil)
        let phone = try await client.phoneNumber(code: "ph-1", app: mini)
        XCTAssertEqual(phone.e164, "+8613800000000")
        for line in harness.log.all { XCTAssertFalse(line.contains(WeChatHarness.secret)) }
    }

    func testAccessTokenIsRefreshedBeforeWeChatExpiresIt() {
        XCTAssertEqual(
            WeChatAccessTokenCache.lifetime(of: WeChatAccessToken(value: "t", expiresIn: 7200)),
            .seconds(6900)
        )
        XCTAssertEqual(
            WeChatAccessTokenCache.lifetime(of: WeChatAccessToken(value: "t", expiresIn: 300)),
            .seconds(150)
        )
        XCTAssertFalse(String(describing: WeChatAccessToken(value: "secret-token", expiresIn: 7200)).contains("secret"))
    }

    func testShortLivedAccessTokenIsFetchedAgainAfterItsLifetime() async throws {
        fake.setAccessTokenLifetime(2)
        let first = try await client.appAccessToken(app: mini)
        let cached = try await client.appAccessToken(app: mini)
        XCTAssertEqual(first.value, cached.value)
        try await Task.sleep(for: .milliseconds(1200))
        let renewed = try await client.appAccessToken(app: mini)
        XCTAssertNotEqual(first.value, renewed.value)
        XCTAssertEqual(fake.calls(.getAccessToken), 2)
    }
}

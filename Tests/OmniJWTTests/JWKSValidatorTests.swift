import FoundationEssentials
import OmniCrypto
import OmniJWT
import OmniJWTURLSession
import Synchronization
import XCTest

final class JWKSValidatorTests: XCTestCase {
    var server: LoopbackHTTPServer!
    let clock = TestClock()

    override func setUpWithError() throws {
        server = try LoopbackHTTPServer()
    }

    override func tearDown() {
        server.stop()
    }

    var issuer: String { server.baseURL }

    func publishDiscovery(issuer: String? = nil) {
        server.route(
            "/.well-known/openid-configuration",
            json: #"{"issuer":"\#(issuer ?? self.issuer)","jwks_uri":"\#(self.issuer)/jwks"}"#
        )
    }

    func publishKeys(_ keys: [RSAPrivateKey], maxAge: Int = 300) throws {
        let jwks = JWKS(keys: keys.map { JWK(rsa: $0.publicKey) })
        server.route(
            "/jwks",
            LoopbackHTTPServer.Response(
                headers: ["Cache-Control": "public, max-age=\(maxAge)"],
                body: Array(try JSONEncoder().encode(jwks))
            )
        )
    }

    func makeValidator() -> JWKSValidator {
        JWKSValidator(
            issuer: issuer,
            audience: "orders",
            unknownKeyRefetchInterval: 30,
            now: { [clock] in clock.now() }
        )
    }

    func advance(_ seconds: TimeInterval) {
        clock.advance(seconds)
    }

    func token(_ key: RSAPrivateKey, keyID: String? = nil) throws -> String {
        let now = clock.now()
        let claims = JWTClaims(
            issuer: IssuerClaim(value: issuer),
            subject: "member-1",
            audience: "orders",
            expiration: ExpirationClaim(value: now.addingTimeInterval(3600)),
            issuedAt: IssuedAtClaim(value: now),
            id: "j1",
            custom: AccessTokenClaims(clientID: "web", scope: "openid", channel: "web")
        )
        let signer = keyID.map { JWTSigner(key: key, keyID: $0) } ?? JWTSigner(key: key)
        return try signer.sign(claims, type: "at+jwt")
    }

    func testValidatesAccessTokenThroughDiscoveryOverRealHTTP() async throws {
        publishDiscovery()
        try publishKeys([TestKeys.first])
        let validator = makeValidator()
        let claims = try await validator.validateAccessToken(try token(TestKeys.first))
        XCTAssertEqual(claims.subject, "member-1")
        XCTAssertEqual(claims.custom.clientID, "web")
        XCTAssertEqual(server.hitCount("/.well-known/openid-configuration"), 1)
        XCTAssertEqual(server.hitCount("/jwks"), 1)
    }

    func testDiscoveryIssuerMismatchIsRefused() async throws {
        publishDiscovery(issuer: "https://evil.example.com")
        try publishKeys([TestKeys.first])
        do {
            _ = try await makeValidator().validateAccessToken(try token(TestKeys.first))
            XCTFail("accepted")
        } catch {
            XCTAssertEqual(
                error as? JWKSValidatorError,
                .issuerMismatch(expected: issuer, actual: "https://evil.example.com")
            )
        }
        XCTAssertEqual(server.hitCount("/jwks"), 0)
    }

    func testMaxAgeIsHonoured() async throws {
        publishDiscovery()
        try publishKeys([TestKeys.first], maxAge: 120)
        let validator = makeValidator()
        let good = try token(TestKeys.first)
        _ = try await validator.validateAccessToken(good)
        advance(119)
        _ = try await validator.validateAccessToken(good)
        XCTAssertEqual(server.hitCount("/jwks"), 1, "no refetch within max-age")
        advance(2)
        _ = try await validator.validateAccessToken(good)
        XCTAssertEqual(server.hitCount("/jwks"), 2, "refetched after max-age")
        XCTAssertEqual(server.hitCount("/.well-known/openid-configuration"), 1, "discovery is done once")
    }

    func testForgedKidRefetchesOnceThenIsRateLimited() async throws {
        publishDiscovery()
        try publishKeys([TestKeys.first])
        let validator = makeValidator()
        _ = try await validator.validateAccessToken(try token(TestKeys.first))
        XCTAssertEqual(server.hitCount("/jwks"), 1)
        advance(31)

        let forged = try token(TestKeys.second, keyID: "forged-kid")
        let rejections = try await withThrowingTaskGroup(of: JWTError?.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        _ = try await validator.validateAccessToken(forged)
                        return nil
                    } catch {
                        return error as? JWTError
                    }
                }
            }
            return try await group.reduce(into: [JWTError?]()) { $0.append($1) }
        }
        XCTAssertEqual(rejections, Array(repeating: .unknownKeyID("forged-kid"), count: 20))
        XCTAssertEqual(server.hitCount("/jwks"), 2, "20 concurrent forged kids cost one fetch")

        for _ in 0..<5 {
            do {
                _ = try await validator.validateAccessToken(forged)
                XCTFail("accepted")
            } catch {
                XCTAssertEqual(error as? JWTError, .unknownKeyID("forged-kid"))
            }
        }
        XCTAssertEqual(server.hitCount("/jwks"), 2, "rate limited within the interval")
    }

    func testKeyPublishedMidwayIsFoundThroughUnknownKidRefetch() async throws {
        publishDiscovery()
        try publishKeys([TestKeys.first])
        let validator = makeValidator()
        _ = try await validator.validateAccessToken(try token(TestKeys.first))

        // The issuer rotates: the new key appears in JWKS.
        try publishKeys([TestKeys.first, TestKeys.second])
        advance(31)
        let claims = try await validator.validateAccessToken(try token(TestKeys.second))
        XCTAssertEqual(claims.subject, "member-1")
        XCTAssertEqual(server.hitCount("/jwks"), 2)
        // And the old key still works from the same cache.
        _ = try await validator.validateAccessToken(try token(TestKeys.first))
        XCTAssertEqual(server.hitCount("/jwks"), 2)
    }

    func testStaleKeysAreKeptWhenTheIssuerIsDown() async throws {
        publishDiscovery()
        try publishKeys([TestKeys.first], maxAge: 10)
        let validator = makeValidator()
        let good = try token(TestKeys.first)
        _ = try await validator.validateAccessToken(good)
        server.route("/jwks", json: "{}", status: 503)
        advance(11)
        _ = try await validator.validateAccessToken(good)
        XCTAssertEqual(server.hitCount("/jwks"), 2)
    }

    func testTokenForAnotherAudienceIsRejected() async throws {
        publishDiscovery()
        try publishKeys([TestKeys.first])
        let validator = JWKSValidator(issuer: issuer, audience: "payments", now: { [clock] in clock.now() })
        do {
            _ = try await validator.validateAccessToken(try token(TestKeys.first))
            XCTFail("accepted")
        } catch {
            XCTAssertEqual(error as? JWTError, .audienceMismatch(expected: "payments", actual: ["orders"]))
        }
    }
}

final class TestClock: Sendable {
    private let current = Mutex<Date>(Date(timeIntervalSince1970: 1_800_000_000))

    func now() -> Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

import Foundation
import XCTest

@testable import OmniServer

/// `GET`/`POST /authorize` over loopback: what is never redirected, what is redirected with `error`,
/// `state` and `iss`, and where a valid request without a session goes.
final class AuthorizeEndpointTests: XCTestCase {
    private var server: TokenTestServer!

    override func setUp() async throws { server = try await TokenTestServer.startForSignIn() }
    override func tearDown() async throws { await server.stop() }

    private func assertErrorPage(
        _ response: TestResponse,
        _ error: String,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(response.status, 400, file: file, line: line)
        XCTAssertNil(response.header("Location"), "RFC 6749 §4.1.2.1: never redirected", file: file, line: line)
        XCTAssertTrue(response.header("Content-Type")?.hasPrefix("text/html") == true, file: file, line: line)
        XCTAssertTrue(response.text.contains(error), file: file, line: line)
        XCTAssertTrue(response.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
    }

    /// Asserts a redirect to the web shop's callback with `error`, the request's `state` and our `iss`.
    @discardableResult
    private func assertErrorRedirect(
        _ response: TestResponse,
        _ error: String,
        state: String? = "st-123",
        file: StaticString = #filePath,
        line: UInt = #line
    ) -> [String: String] {
        XCTAssertEqual(response.status, 302, response.text, file: file, line: line)
        let location = response.header("Location") ?? ""
        XCTAssertTrue(location.hasPrefix(TestClients.webRedirect + "?"), location, file: file, line: line)
        let query = queryItems(location)
        XCTAssertEqual(query["error"], error, file: file, line: line)
        XCTAssertEqual(query["state"], state, file: file, line: line)
        XCTAssertEqual(query["iss"], "http://127.0.0.1", "RFC 9207 §2", file: file, line: line)
        XCTAssertNotNil(query["error_description"], file: file, line: line)
        XCTAssertNil(query["code"], file: file, line: line)
        return query
    }

    func testUnknownClientGetsAnErrorPageAndIsNeverRedirected() async throws {
        assertErrorPage(try await server.authorize([("client_id", "no-such-client")]), "invalid_request")
        assertErrorPage(try await server.authorize([("client_id", nil)]), "invalid_request")
    }

    func testRedirectURIMismatchIsNeverRedirected() async throws {
        for uri in [
            "https://evil.example/callback", TestClients.webRedirect + "/", TestClients.webRedirect + "?x=1",
            "HTTPS://shop.example/callback",
        ] {
            assertErrorPage(try await server.authorize([("redirect_uri", uri)]), "invalid_request")
        }
    }

    func testRepeatedClientIDOrRedirectURIIsAnErrorPage() async throws {
        let query =
            TokenTestServer.authorizeQuery() + "&redirect_uri=" + TokenTestServer.formEncode("https://a.example")
        assertErrorPage(try await server.get("/authorize?" + query), "invalid_request")
    }

    func testMalformedQueryIsAnErrorPage() async throws {
        assertErrorPage(try await server.get("/authorize?client_id=web-shop&state=%zz"), "invalid_request")
    }

    func testOmittedRedirectURIUsesTheOnlyRegisteredOne() async throws {
        // RFC 6749 §3.1.2.3: the web shop has exactly one registered redirect URI.
        let response = try await server.authorize([("redirect_uri", nil), ("response_type", "token")])
        assertErrorRedirect(response, "unsupported_response_type")
    }

    func testRepeatedOtherParameterIsRedirectedAsInvalidRequest() async throws {
        let query = TokenTestServer.authorizeQuery() + "&scope=openid"
        assertErrorRedirect(try await server.get("/authorize?" + query), "invalid_request")
    }

    func testPlainPKCEIsRedirectedAsInvalidRequestWithIss() async throws {
        let query = assertErrorRedirect(
            try await server.authorize([("code_challenge_method", "plain")]),
            "invalid_request"
        )
        XCTAssertTrue(query["error_description"]?.contains("S256") == true)
        // RFC 7636 §4.3: an absent method means plain, refused the same way.
        assertErrorRedirect(try await server.authorize([("code_challenge_method", nil)]), "invalid_request")
    }

    func testPublicClientWithoutPKCEIsRedirectedAsInvalidRequest() async throws {
        let response = try await server.authorize([
            ("client_id", "mall-app"), ("redirect_uri", TestClients.appRedirect), ("code_challenge", nil),
            ("code_challenge_method", nil),
        ])
        XCTAssertEqual(response.status, 302)
        let location = response.header("Location") ?? ""
        XCTAssertTrue(location.hasPrefix(TestClients.appRedirect + "?"), location)
        XCTAssertEqual(queryItems(location)["error"], "invalid_request")
        XCTAssertEqual(queryItems(location)["iss"], "http://127.0.0.1")
    }

    func testConfidentialClientMayOmitPKCE() async throws {
        let response = try await server.authorize([("code_challenge", nil), ("code_challenge_method", nil)])
        XCTAssertEqual(response.status, 302)
        XCTAssertTrue(response.header("Location")?.hasPrefix("http://127.0.0.1/interaction/") == true)
    }

    func testMalformedChallengeIsInvalidRequest() async throws {
        assertErrorRedirect(try await server.authorize([("code_challenge", "short")]), "invalid_request")
    }

    func testResponseTypeScopeAndGrantRules() async throws {
        assertErrorRedirect(try await server.authorize([("response_type", "token")]), "unsupported_response_type")
        assertErrorRedirect(try await server.authorize([("response_type", nil)]), "invalid_request")
        assertErrorRedirect(try await server.authorize([("scope", "openid admin:members")]), "invalid_scope")
        let service = try await server.authorize([("client_id", "order-service"), ("redirect_uri", nil)])
        assertErrorPage(service, "invalid_request")  // a service client has no redirect URI at all
    }

    func testPromptNoneWithoutSessionIsLoginRequiredWithStateAndIss() async throws {
        assertErrorRedirect(try await server.authorize([("prompt", "none")]), "login_required")
    }

    func testPromptNoneCombinedWithAnotherValueIsInvalidRequest() async throws {
        assertErrorRedirect(try await server.authorize([("prompt", "none login")]), "invalid_request")
    }

    func testRequestObjectsAreNotSupported() async throws {
        assertErrorRedirect(
            try await server.authorize([("request", "eyJhbGciOiJub25lIn0.e30.")]),
            "request_not_supported"
        )
        assertErrorRedirect(
            try await server.authorize([("request_uri", "https://shop.example/r/1")]),
            "request_uri_not_supported"
        )
    }

    func testStateWithSpecialCharactersComesBackIntact() async throws {
        let state = "a b&c=d/é?#"
        assertErrorRedirect(
            try await server.authorize([("prompt", "none"), ("state", state)]),
            "login_required",
            state: state
        )
    }

    func testValidRequestWithoutSessionGoesToTheSignInPage() async throws {
        let response = try await server.authorize()
        XCTAssertEqual(response.status, 302)
        let location = response.header("Location") ?? ""
        XCTAssertTrue(location.hasPrefix("http://127.0.0.1/interaction/"), location)
        XCTAssertEqual(response.header("Cache-Control"), "no-store")
        let uid = String(location.dropFirst("http://127.0.0.1/interaction/".count))
        XCTAssertEqual(uid.utf8.count, 43, "256 random bits, base64url")
    }

    func testPostWithAFormBodyWorksLikeGet() async throws {
        let response = try await server.request(
            "POST",
            "/authorize",
            headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: TokenTestServer.authorizeQuery([("prompt", "none")])
        )
        XCTAssertEqual(response.status, 303, "RFC 9700 §4.12")
        XCTAssertEqual(queryItems(response.header("Location") ?? "")["error"], "login_required")
        XCTAssertEqual(queryItems(response.header("Location") ?? "")["iss"], "http://127.0.0.1")
    }
}

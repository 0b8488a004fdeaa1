import Foundation
import XCTest

@testable import OmniServer

final class AuthorizeEndpointTests: XCTestCase {
    private var server: TokenTestServer!

    override func setUp() async throws { server = try await TokenTestServer.startForSignIn() }
    override func tearDown() async throws { await server.stop() }

    func testUnknownClientGetsAnErrorPageAndIsNeverRedirected() async throws {
        let response = try await server.authorize([
            ("response_type", "code"), ("client_id", "nobody"), ("redirect_uri", TestClients.webRedirect),
        ])
        XCTAssertEqual(response.status, 400)
        XCTAssertNil(response.header("Location"))
        XCTAssertTrue(response.header("Content-Type")?.hasPrefix("text/html") == true)
        XCTAssertTrue(response.text.contains("invalid_request"))
        XCTAssertTrue(response.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
    }

    func testRedirectURIMismatchIsNeverRedirected() async throws {
        let response = try await server.authorize([
            ("response_type", "code"), ("client_id", "web-shop"), ("redirect_uri", "https://evil.example/callback"),
            ("state", "s"),
        ])
        XCTAssertEqual(response.status, 400)
        XCTAssertNil(response.header("Location"))
    }

    func testPlainPKCEIsRedirectedAsInvalidRequestWithIssAndState() async throws {
        let response = try await server.authorize(
            TokenTestServer.appRequest().filter { $0.0 != "code_challenge_method" } + [
                ("code_challenge_method", "plain")
            ]
        )
        XCTAssertEqual(response.status, 302)
        let location = try XCTUnwrap(response.header("Location"))
        XCTAssertTrue(location.hasPrefix(TestClients.appRedirect + "?"))
        let query = queryItems(location)
        XCTAssertEqual(query["error"], "invalid_request")
        XCTAssertEqual(query["state"], "st-1")
        XCTAssertEqual(query["iss"], "http://127.0.0.1")
    }

    func testPublicClientWithoutPKCEIsRefused() async throws {
        let response = try await server.authorize(
            TokenTestServer.appRequest().filter { !$0.0.hasPrefix("code_challenge") }
        )
        XCTAssertEqual(response.status, 302)
        XCTAssertEqual(queryItems(response.header("Location"))["error"], "invalid_request")
    }

    func testUnsupportedResponseTypeAndScope() async throws {
        let token = try await server.authorize(
            TokenTestServer.appRequest().filter { $0.0 != "response_type" } + [("response_type", "token")]
        )
        XCTAssertEqual(queryItems(token.header("Location"))["error"], "unsupported_response_type")
        let scope = try await server.authorize(
            TokenTestServer.appRequest().filter { $0.0 != "scope" } + [("scope", "openid admin:members")]
        )
        XCTAssertEqual(queryItems(scope.header("Location"))["error"], "invalid_scope")
        let repeated = try await server.authorize(TokenTestServer.appRequest([("nonce", "again")]))
        XCTAssertEqual(queryItems(repeated.header("Location"))["error"], "invalid_request")
        let object = try await server.authorize(TokenTestServer.appRequest([("request", "eyJhbGciOiJub25lIn0..")]))
        XCTAssertEqual(queryItems(object.header("Location"))["error"], "request_not_supported")
    }

    func testPromptNoneWithoutSessionIsLoginRequiredWithIssAndState() async throws {
        let response = try await server.authorize(TokenTestServer.appRequest([("prompt", "none")]))
        XCTAssertEqual(response.status, 302)
        let query = queryItems(response.header("Location"))
        XCTAssertEqual(query["error"], "login_required")
        XCTAssertEqual(query["state"], "st-1")
        XCTAssertEqual(query["iss"], "http://127.0.0.1")
    }

    func testPostWithAFormBodyIsAccepted() async throws {
        let response = try await server.post("/authorize", TokenTestServer.appRequest())
        XCTAssertEqual(response.status, 302)
        XCTAssertTrue(URLComponents(string: response.header("Location") ?? "")?.path.hasPrefix("/interaction/") == true)
    }

    func testValidRequestWithoutSessionGoesToTheSignInPageInTheRequestedLanguage() async throws {
        let path = try await server.startInteraction([("login_hint", "13800000007")])
        let page = try await server.get(path, headers: ["Accept-Language": "en-US,en;q=0.9"])
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("<html lang=\"en\""))
        XCTAssertTrue(page.text.contains("App"))
        XCTAssertTrue(page.text.contains("value=\"+8613800000007\""))
        let csp = try XCTUnwrap(page.header("Content-Security-Policy"))
        XCTAssertTrue(csp.contains("script-src 'nonce-"))
        let chinese = try await server.get(path, headers: ["Accept-Language": "zh-CN"])
        XCTAssertTrue(chinese.text.contains("<html lang=\"zh-CN\""))
    }

    func testUnknownInteractionIsA404Page() async throws {
        let page = try await server.get("/interaction/" + String(repeating: "A", count: 43))
        XCTAssertEqual(page.status, 404)
        let send = try await server.postJSON("/interaction/nope/otp/send", ["phone": "13800000000"])
        XCTAssertEqual(send.status, 404)
        XCTAssertEqual(send.string("error"), "interaction_not_found")
    }
}

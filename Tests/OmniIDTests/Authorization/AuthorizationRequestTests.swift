import OmniID
import XCTest

final class AuthorizationRequestTests: XCTestCase {
    private let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    private let web = Client(
        id: "web-shop",
        name: "Web",
        channel: .web,
        type: .confidential,
        secretHash: nil,
        redirectURIs: ["https://shop.example/callback"],
        grantTypes: ["authorization_code"],
        scopes: ScopeSet(["openid", "phone"]),
        wechatAppID: nil
    )
    private let app = Client(
        id: "mall-app",
        name: "App",
        channel: .app,
        type: .public,
        secretHash: nil,
        redirectURIs: ["com.omnishop.mall:/cb", "http://127.0.0.1/callback"],
        grantTypes: ["authorization_code"],
        scopes: ScopeSet(["openid"]),
        wechatAppID: nil
    )

    private func validate(_ pairs: [(String, String)]) throws(AuthorizationRequestError) -> AuthorizationRequest {
        let clients = [web.id: web, app.id: app]
        return try AuthorizationRequestValidator.validate(pairs.map { (name: $0.0, value: $0.1) }) { clients[$0] }
    }

    private func expect(
        _ pairs: [(String, String)],
        _ expected: AuthorizationRequestError,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        do {
            _ = try validate(pairs)
            XCTFail("expected \(expected)", file: file, line: line)
        } catch {
            switch (error, expected) {
            case (.doNotRedirect(let a), .doNotRedirect(let b)):
                XCTAssertEqual(a.code, b.code, file: file, line: line)
            case (.redirect(let a, let uriA, let stateA), .redirect(let b, let uriB, let stateB)):
                XCTAssertEqual(a.code, b.code, "\(a)", file: file, line: line)
                XCTAssertEqual(uriA, uriB, file: file, line: line)
                XCTAssertEqual(stateA, stateB, file: file, line: line)
            default:
                XCTFail("got \(error), expected \(expected)", file: file, line: line)
            }
        }
    }

    private var base: [(String, String)] {
        [
            ("response_type", "code"), ("client_id", "mall-app"), ("redirect_uri", "http://127.0.0.1:4711/callback"),
            ("scope", "openid"), ("state", "s1"), ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ]
    }

    private func redirect(_ code: OAuthError.Code) -> AuthorizationRequestError {
        .redirect(OAuthError(code, ""), redirectURI: "http://127.0.0.1:4711/callback", state: "s1")
    }

    func testValidPublicClientRequestWithLoopbackPort() throws {
        let request = try validate(base + [("nonce", "n1"), ("login_hint", "138 0000 0001"), ("max_age", "60")])
        XCTAssertEqual(request.redirectURI, "http://127.0.0.1:4711/callback")
        XCTAssertTrue(request.redirectURIWasGiven)
        XCTAssertEqual(request.codeChallenge, challenge)
        XCTAssertEqual(request.nonce, "n1")
        XCTAssertEqual(request.maxAge, 60)
        XCTAssertEqual(request.loginHintPhone, "+8613800000001")
    }

    func testUnknownClientAndBadRedirectURIAreNeverRedirected() {
        let notRedirected = AuthorizationRequestError.doNotRedirect(.invalidRequest(""))
        expect([("response_type", "code"), ("client_id", "nobody")], notRedirected)
        expect([("response_type", "code")], notRedirected)
        expect(
            [("response_type", "code"), ("client_id", "mall-app"), ("redirect_uri", "https://evil.example/cb")],
            notRedirected
        )
        // Two registered URIs: redirect_uri may not be omitted (RFC 6749 §3.1.2.3).
        expect([("response_type", "code"), ("client_id", "mall-app")], notRedirected)
        expect(base + [("redirect_uri", "http://127.0.0.1/callback")], notRedirected)
    }

    func testOmittedRedirectURIUsesTheOnlyRegisteredOne() throws {
        let request = try validate([("response_type", "code"), ("client_id", "web-shop"), ("scope", "openid")])
        XCTAssertEqual(request.redirectURI, "https://shop.example/callback")
        XCTAssertFalse(request.redirectURIWasGiven)
        XCTAssertNil(request.codeChallenge, "PKCE is optional for confidential clients")
    }

    func testPKCERules() {
        let withoutPKCE = base.filter { !$0.0.hasPrefix("code_challenge") }
        expect(withoutPKCE, redirect(.invalidRequest))
        expect(
            withoutPKCE + [("code_challenge", challenge), ("code_challenge_method", "plain")],
            redirect(.invalidRequest)
        )
        expect(withoutPKCE + [("code_challenge", challenge)], redirect(.invalidRequest))
        expect(
            withoutPKCE + [("code_challenge", "short"), ("code_challenge_method", "S256")],
            redirect(.invalidRequest)
        )
        expect(withoutPKCE + [("code_challenge_method", "S256")], redirect(.invalidRequest))
    }

    func testResponseTypeScopePromptAndRequestObjects() {
        func replacing(_ name: String, _ value: String) -> [(String, String)] {
            base.filter { $0.0 != name } + [(name, value)]
        }
        expect(replacing("response_type", "token"), redirect(.unsupportedResponseType))
        expect(base.filter { $0.0 != "response_type" }, redirect(.invalidRequest))
        expect(replacing("scope", "openid phone"), redirect(.invalidScope))
        expect(replacing("prompt", "none login"), redirect(.invalidRequest))
        expect(replacing("max_age", "-1"), redirect(.invalidRequest))
        expect(base + [("request", "eyJ...")], redirect(.requestNotSupported))
        expect(base + [("request_uri", "https://x")], redirect(.requestURINotSupported))
        expect(base + [("scope", "openid")], redirect(.invalidRequest))
    }

    func testRepeatedStateIsNotEchoed() {
        expect(
            base + [("state", "s2")],
            .redirect(.invalidRequest(""), redirectURI: "http://127.0.0.1:4711/callback", state: nil)
        )
    }

    func testPromptValues() throws {
        XCTAssertTrue(try validate(base + [("prompt", "login consent")]).forcesLogin)
        XCTAssertTrue(try validate(base + [("prompt", "none")]).forbidsInteraction)
    }

    func testEmptyParametersCountAsOmitted() throws {
        // RFC 6749 §3.1: an empty state is no state, an empty redirect_uri on a one-URI client is omitted.
        let request = try validate([
            ("response_type", "code"), ("client_id", "web-shop"), ("redirect_uri", ""), ("state", ""),
            ("scope", "openid"), ("prompt", ""),
        ])
        XCTAssertEqual(request.redirectURI, "https://shop.example/callback")
        XCTAssertNil(request.state)
        XCTAssertEqual(request.prompt, [])
    }

    func testOmittedScopeDefaultsToOpenID() throws {
        let request = try validate([("response_type", "code"), ("client_id", "web-shop")])
        XCTAssertEqual(request.scope, "openid")
    }

    func testErrorDescriptionsStayInsideTheAllowedCharacters() {
        let url = AuthorizationResponse.error(
            .invalidRequest("unsupported prompt value: \"é\"\\"),
            redirectURI: "https://a/cb",
            state: nil,
            issuer: "i"
        )
        XCTAssertEqual(
            url,
            "https://a/cb?error=invalid_request&error_description=unsupported%20prompt%20value%3A%20%3F%3F%3F%3F&iss=i"
        )
    }

    func testResponseURLsCarryIssAndKeepAnExistingQuery() {
        XCTAssertEqual(
            AuthorizationResponse.success(
                redirectURI: "https://a/cb?x=1",
                code: "c",
                state: "a b&c",
                issuer: "https://id"
            ),
            "https://a/cb?x=1&code=c&state=a%20b%26c&iss=https%3A%2F%2Fid"
        )
        XCTAssertEqual(
            AuthorizationResponse.error(.invalidRequest("bad"), redirectURI: "https://a/cb", state: nil, issuer: "i"),
            "https://a/cb?error=invalid_request&error_description=bad&iss=i"
        )
    }
}

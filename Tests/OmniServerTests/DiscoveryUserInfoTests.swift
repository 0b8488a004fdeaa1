import Foundation
import OmniID
import XCTest

@testable import OmniServer

final class DiscoveryUserInfoTests: XCTestCase {
    func testDiscoveryURLsAreBuiltFromTheIssuerCharacterForCharacter() async throws {
        let server = try await TokenTestServer.start(issuer: "https://gateway.example/auth")
        defer { Task { await server.stop() } }
        for path in ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"] {
            let response = try await server.get(path)
            XCTAssertEqual(response.status, 200, path)
            let json = response.json
            XCTAssertEqual(json["issuer"] as? String, "https://gateway.example/auth")
            XCTAssertEqual(json["authorization_endpoint"] as? String, "https://gateway.example/auth/authorize")
            XCTAssertEqual(json["token_endpoint"] as? String, "https://gateway.example/auth/token")
            XCTAssertEqual(json["userinfo_endpoint"] as? String, "https://gateway.example/auth/userinfo")
            XCTAssertEqual(json["jwks_uri"] as? String, "https://gateway.example/auth/jwks")
            XCTAssertEqual(json["revocation_endpoint"] as? String, "https://gateway.example/auth/revoke")
            XCTAssertEqual(json["introspection_endpoint"] as? String, "https://gateway.example/auth/introspect")
            XCTAssertEqual(json["response_types_supported"] as? [String], ["code"])
            XCTAssertEqual(json["code_challenge_methods_supported"] as? [String], ["S256"])
            XCTAssertEqual(json["id_token_signing_alg_values_supported"] as? [String], ["RS256"])
            XCTAssertEqual(
                json["token_endpoint_auth_methods_supported"] as? [String],
                ["client_secret_basic", "client_secret_post", "none"]
            )
            XCTAssertEqual(
                json["grant_types_supported"] as? [String],
                ["authorization_code", "refresh_token", "client_credentials"]
            )
            XCTAssertEqual(json["authorization_response_iss_parameter_supported"] as? Bool, true)
            XCTAssertEqual(json["subject_types_supported"] as? [String], ["public"])
            XCTAssertTrue((json["scopes_supported"] as? [String] ?? []).contains("offline_access"))
            XCTAssertFalse(response.text.contains("\\/"), "URLs are written without escaped slashes")
        }
        // Tokens carry the same issuer.
        let tokens = try await server.webShopTokens(member: try await server.createMember())
        XCTAssertEqual(
            jwtClaims(try XCTUnwrap(tokens.string("access_token")))["iss"] as? String,
            "https://gateway.example/auth"
        )
    }

    func testUserInfoGivesThePhoneOnlyWithThePhoneScope() async throws {
        let server = try await TokenTestServer.start()
        defer { Task { await server.stop() } }
        let member = try await server.createMember(phone: "+8613912345678")

        let withPhone = try await server.webShopTokens(member: member)
        let bearer = ["Authorization": "Bearer \(try XCTUnwrap(withPhone.string("access_token")))"]
        let get = try await server.get("/userinfo", headers: bearer)
        XCTAssertEqual(get.status, 200, get.text)
        XCTAssertEqual(get.json["sub"] as? String, member.rawValue)
        XCTAssertEqual(get.json["phone_number"] as? String, "+8613912345678")
        XCTAssertEqual(get.json["phone_number_verified"] as? Bool, true)
        let post = try await server.request("POST", "/userinfo", headers: bearer, body: "")
        XCTAssertEqual(post.status, 200)

        let withoutPhone = try await server.webShopTokens(member: member, scope: "openid")
        let plain = try await server.get(
            "/userinfo",
            headers: ["Authorization": "Bearer \(try XCTUnwrap(withoutPhone.string("access_token")))"]
        )
        XCTAssertEqual(plain.text, "{\"sub\":\"\(member.rawValue)\"}")
    }

    func testUserInfoErrorsFollowRFC6750() async throws {
        let server = try await TokenTestServer.start()
        defer { Task { await server.stop() } }
        let missing = try await server.get("/userinfo")
        XCTAssertEqual(missing.status, 401)
        XCTAssertEqual(missing.header("WWW-Authenticate"), "Bearer realm=\"omniid\"")
        let bad = try await server.get("/userinfo", headers: ["Authorization": "Bearer not.a.token"])
        XCTAssertEqual(bad.status, 401)
        XCTAssertEqual(bad.header("WWW-Authenticate"), "Bearer error=\"invalid_token\"")
        // A service token (no openid, no member) is not enough.
        let service = try await server.post(
            "/token",
            [("grant_type", "client_credentials")],
            headers: ["Authorization": TokenTestServer.basic("order-service", TestClients.orderSecret)]
        )
        let forbidden = try await server.get(
            "/userinfo",
            headers: ["Authorization": "Bearer \(try XCTUnwrap(service.string("access_token")))"]
        )
        XCTAssertEqual(forbidden.status, 403)
        XCTAssertEqual(forbidden.string("error"), "insufficient_scope")
    }
}

import Foundation
import Glibc
import OmniJWT
import XCTest

/// BRIEF (Keys): `keys rotate` publishes a new key in JWKS at once, signs with it only after the
/// activation delay, and keeps the retired key in JWKS until the last token it signed has expired.
final class KeyRotationEndToEndTests: XCTestCase {
    func testRotationPublishesFirstSignsAfterTheDelayAndRetiresAfterTheLastTokenExpires() throws {
        let server = try ServerProcess(adjust: { config in
            config["keys"] = ["activation_delay": 6, "jwks_max_age": 1]
            config["access_token_ttl"] = 60
            config["id_token_ttl"] = 60
        })
        try server.start()
        let issuer = server.baseURL
        let before = try serviceToken(server)
        let oldKid = try XCTUnwrap(try keyID(of: before))
        XCTAssertEqual(try publishedKids(server), [oldKid])

        let rotatedAt = Date()
        XCTAssertEqual(try server.command(["keys", "rotate"]).status, 0)
        // Published at once (the running server re-reads key metadata every 2 s).
        var kids: [String] = []
        let deadline = Date().addingTimeInterval(5)
        repeat {
            kids = try publishedKids(server)
            if kids.count == 2 { break }
            usleep(100_000)
        } while Date() < deadline
        XCTAssertEqual(kids.count, 2)
        let newKid = try XCTUnwrap(kids.first { $0 != oldKid })
        // ...but not used for signing before the activation delay.
        XCTAssertLessThan(Date().timeIntervalSince(rotatedAt), 5.5)
        XCTAssertEqual(try keyID(of: try serviceToken(server)), oldKid)

        sleepUntil(rotatedAt.addingTimeInterval(7))
        let after = try serviceToken(server)
        XCTAssertEqual(try keyID(of: after), newKid)

        // The token signed before the rotation still validates against the published JWKS.
        let jwks = try JSONDecoder().decode(JWKS.self, from: Data(try Wire.get(port: server.port, "/jwks").body))
        let verifier = try JWTVerifier(keys: jwks, allowedAlgorithms: [.rs256])
        let policy = JWTValidationPolicy.accessToken(issuer: issuer, audience: "omnishop-api", leeway: 0)
        XCTAssertEqual(try verifier.verify(before, policy: policy).claims.subject?.value, "order-service")
        XCTAssertEqual(try verifier.verify(after, policy: policy).claims.subject?.value, "order-service")

        // The old key leaves JWKS once activation + the longest token lifetime (60 s) has passed.
        sleepUntil(rotatedAt.addingTimeInterval(6 + 60 + 3))
        XCTAssertEqual(try publishedKids(server), [newKid])
        let listed = try server.command(["keys", "list"]).stdout
        XCTAssertTrue(listed.contains(newKid))
        XCTAssertEqual(server.stop()?.status, 0)
    }

    private func serviceToken(_ server: ServerProcess) throws -> String {
        let body = "grant_type=client_credentials&scope=orders"
        let basic = Data("order-service:order-service-secret-for-tests".utf8).base64EncodedString()
        let request =
            "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Basic \(basic)\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let response = try XCTUnwrap(try Wire.exchange(port: server.port, Array(request.utf8)))
        XCTAssertEqual(response.status, 200, response.text)
        return try XCTUnwrap(response.json?["access_token"] as? String)
    }

    private func keyID(of token: String) throws -> String? {
        let header = try XCTUnwrap(token.split(separator: ".").first)
        let json = try JSONSerialization.jsonObject(with: Data(try Base64URL.decode(header))) as? [String: Any]
        return json?["kid"] as? String
    }

    private func publishedKids(_ server: ServerProcess) throws -> [String] {
        let keys = try Wire.get(port: server.port, "/jwks").json?["keys"] as? [[String: Any]] ?? []
        return keys.compactMap { $0["kid"] as? String }
    }

    private func sleepUntil(_ moment: Date) {
        let wait = moment.timeIntervalSinceNow
        if wait > 0 { usleep(useconds_t(wait * 1_000_000)) }
    }
}

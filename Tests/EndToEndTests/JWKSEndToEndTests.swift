import Foundation
import Glibc
import XCTest

/// `/jwks` of the running binary, and `omniid keys rotate` run from another process.
final class JWKSEndToEndTests: XCTestCase {
    func testJWKSHasCacheControlETagAndRevalidates() throws {
        let server = try ServerProcess(adjust: { $0["keys"] = ["activation_delay": 900, "jwks_max_age": 120] })
        try server.start()
        let jwks = try Wire.get(port: server.port, "/jwks")
        XCTAssertEqual(jwks.status, 200)
        XCTAssertEqual(jwks.headers["cache-control"], "public, max-age=120")
        XCTAssertEqual(jwks.headers["content-type"], "application/jwk-set+json")
        let keys = try XCTUnwrap(jwks.json?["keys"] as? [[String: Any]])
        XCTAssertEqual(keys.count, 1)
        XCTAssertEqual(keys[0]["kty"] as? String, "RSA")
        XCTAssertEqual(keys[0]["alg"] as? String, "RS256")
        XCTAssertEqual(keys[0]["use"] as? String, "sig")
        XCTAssertEqual(keys[0]["e"] as? String, "AQAB")
        XCTAssertNil(keys[0]["d"], "private part published")
        let pem = try XCTUnwrap(
            FileManager.default.contentsOfDirectory(atPath: server.keysDirectory).first { $0.hasSuffix(".pem") }
        )
        XCTAssertEqual(keys[0]["kid"] as? String, String(pem.dropLast(4)))
        let etag = try XCTUnwrap(jwks.headers["etag"])
        let revalidated = try Wire.get(port: server.port, "/jwks", headers: ["If-None-Match": etag])
        XCTAssertEqual(revalidated.status, 304)
        XCTAssertEqual(revalidated.body.count, 0)
        XCTAssertEqual(server.stop()?.status, 0)
    }

    func testRotationFromAnotherProcessIsPublishedByTheRunningServerWithinFiveSeconds() throws {
        let server = try ServerProcess()
        try server.start()
        let before = try XCTUnwrap(try Wire.get(port: server.port, "/jwks").json?["keys"] as? [[String: Any]])
        XCTAssertEqual(before.count, 1)
        let oldKid = try XCTUnwrap(before[0]["kid"] as? String)

        let rotated = try server.command(["keys", "rotate"])
        XCTAssertEqual(rotated.status, 0, rotated.stderr)
        XCTAssertTrue(rotated.stdout.hasPrefix("published "))

        let deadline = Date().addingTimeInterval(5)
        var kids: [String] = []
        while Date() < deadline {
            let keys = try Wire.get(port: server.port, "/jwks").json?["keys"] as? [[String: Any]] ?? []
            kids = keys.compactMap { $0["kid"] as? String }
            if kids.count == 2 { break }
            usleep(200_000)
        }
        XCTAssertEqual(kids.count, 2)
        XCTAssertTrue(kids.contains(oldKid))

        let list = try server.command(["keys", "list"])
        XCTAssertEqual(list.status, 0)
        let rows = list.stdout.split(separator: "\n").dropFirst()
        XCTAssertEqual(rows.count, 2)
        XCTAssertTrue(rows.contains { $0.hasPrefix(oldKid) && $0.contains(" active ") })
        XCTAssertTrue(rows.contains { !$0.hasPrefix(oldKid) && $0.contains(" next ") })
        XCTAssertEqual(server.stop()?.status, 0)
    }
}

import Foundation
import OmniCrypto
import OmniJWT
import XCTest

struct EndToEndPrerequisite: Error {}

/// OmniJWT against PyJWT and joserfc, through Tests/Interop/jose_interop.py.
final class InteropTests: XCTestCase {
    let issuer = "https://id.example.com"
    var directory: URL!

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/jose_interop.py").path

    override func setUpWithError() throws {
        let probe = try Self.python(["-c", "import jwt, joserfc, cryptography"])
        // Not a skip: without the clients nobody here wrote, interop is unproven (Tests/run installs them).
        XCTAssertEqual(
            probe.status,
            0,
            "python3 with pyjwt, joserfc and cryptography is needed (pip install -r Tests/Interop/requirements.txt)"
        )
        guard probe.status == 0 else { throw EndToEndPrerequisite() }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jose-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testPyJWTAndJoserfcAcceptOurAccessTokens() throws {
        let signer = JWTSigner(key: TestKeys.first)
        let now = Date()
        let claims = JWTClaims(
            issuer: IssuerClaim(value: issuer),
            subject: "member-42",
            audience: ["orders", "inventory"],
            expiration: ExpirationClaim(value: now.addingTimeInterval(600)),
            issuedAt: IssuedAtClaim(value: now),
            id: JWTIDClaim(value: Base64URL.encode(try SecureRandom.bytes(count: 16))),
            custom: AccessTokenClaims(
                clientID: "web",
                scope: "openid",
                authenticationMethods: ["sms", "otp"],
                channel: "web"
            )
        )
        let jwks = JWKS(keys: [signer.publicJWK, JWK(rsa: TestKeys.second.publicKey)])
        try JSONEncoder().encode(jwks).write(to: directory.appendingPathComponent("jwks.json"))
        try Data(try signer.sign(claims, type: "at+jwt").utf8).write(to: directory.appendingPathComponent("token.jwt"))

        let result = try Self.python([
            Self.script, "verify", "--jwks", directory.appendingPathComponent("jwks.json").path,
            "--token", directory.appendingPathComponent("token.jwt").path, "--issuer", issuer, "--audience", "orders",
        ])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains(#""pyjwt": {"ok": true, "sub": "member-42""#), result.output)
        XCTAssertTrue(result.output.contains(#""joserfc": {"ok": true"#), result.output)

        // And the Python side does reject what it should: wrong audience.
        let wrong = try Self.python([
            Self.script, "verify", "--jwks", directory.appendingPathComponent("jwks.json").path,
            "--token", directory.appendingPathComponent("token.jwt").path, "--issuer", issuer, "--audience", "payments",
        ])
        XCTAssertEqual(wrong.status, 1, wrong.output)
    }

    func testWeAcceptPythonTokensAndRejectTheForgedOnes() throws {
        let result = try Self.python([
            Self.script, "generate", "--out", directory.path, "--issuer", issuer, "--audience", "orders",
        ])
        XCTAssertEqual(result.status, 0, result.output)
        func read(_ name: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        let jwk = try JSONDecoder().decode(JWK.self, from: Data(try read("jwk.json").utf8))
        XCTAssertEqual(try jwk.thumbprint(), jwk.keyID, "joserfc's thumbprint is RFC 7638's")
        let verifier = try JWTVerifier(keys: JWKS(keys: [jwk]), allowedAlgorithms: [.rs256])
        let policy = JWTValidationPolicy.accessToken(issuer: issuer, audience: "orders")

        for name in ["pyjwt.jwt", "joserfc.jwt"] {
            let verified = try verifier.verify(try read(name), as: AccessTokenClaims.self, policy: policy)
            XCTAssertEqual(verified.claims.subject, "member-py", name)
            XCTAssertEqual(verified.claims.custom.clientID, "python-client", name)
        }
        XCTAssertThrowsError(
            try verifier.verify(try read("hs256_public_key.jwt"), as: AccessTokenClaims.self, policy: policy)
        ) {
            XCTAssertEqual($0 as? JWTError, .algorithmNotAllowed("HS256"))
        }
        XCTAssertThrowsError(try verifier.verify(try read("alg_none.jwt"), as: AccessTokenClaims.self, policy: policy))
        {
            XCTAssertEqual($0 as? JWTError, .malformed(reason: "empty signature"))
        }
        // Even with a signature part glued on, "none" is refused as such.
        XCTAssertThrowsError(
            try verifier.verify(try read("alg_none.jwt") + "AAAA", as: AccessTokenClaims.self, policy: policy)
        ) { XCTAssertEqual($0 as? JWTError, .algorithmNone) }
    }
}

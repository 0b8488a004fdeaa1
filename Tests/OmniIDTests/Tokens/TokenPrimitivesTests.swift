import OmniID
import XCTest

final class TokenPrimitivesTests: XCTestCase {
    func testPKCEAppendixBVector() {
        // RFC 7636 Appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        XCTAssertEqual(PKCEVerifier.s256Challenge(verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        XCTAssertTrue(PKCEVerifier.verify(verifier, challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"))
        XCTAssertFalse(PKCEVerifier.verify(verifier, challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"))
    }

    func testPKCEVerifierShape() {
        XCTAssertFalse(PKCEVerifier.isWellFormed(String(repeating: "a", count: 42)))
        XCTAssertTrue(PKCEVerifier.isWellFormed(String(repeating: "a", count: 43)))
        XCTAssertTrue(PKCEVerifier.isWellFormed(String(repeating: "-._~", count: 32)))
        XCTAssertFalse(PKCEVerifier.isWellFormed(String(repeating: "a", count: 129)))
        XCTAssertFalse(PKCEVerifier.isWellFormed(String(repeating: "a", count: 42) + "+"))
    }

    func testOpaqueTokensCarry256BitsAndAreStoredAsDigests() throws {
        let token = try OpaqueToken.generate()
        XCTAssertTrue(OpaqueToken.isWellFormed(token))
        XCTAssertNotEqual(token, try OpaqueToken.generate())
        XCTAssertEqual(OpaqueToken.digest(token).count, 32)
        XCTAssertFalse(OpaqueToken.isWellFormed(token + "A"))
        XCTAssertFalse(OpaqueToken.isWellFormed(String(token.dropLast()) + "="))
    }

    func testSuccessorOpensOnlyWithThePresentedTokenAndTheSameSecret() throws {
        let secret = [UInt8](repeating: 7, count: 32)
        let presented = try OpaqueToken.generate()
        let successor = try OpaqueToken.generate()
        let box = try SuccessorSeal.seal(successor, presented: presented, serverSecret: secret)
        XCTAssertEqual(SuccessorSeal.open(box, presented: presented, serverSecret: secret), successor)
        XCTAssertNil(SuccessorSeal.open(box, presented: try OpaqueToken.generate(), serverSecret: secret))
        XCTAssertNil(SuccessorSeal.open(box, presented: presented, serverSecret: [UInt8](repeating: 8, count: 32)))
        XCTAssertFalse(String(decoding: box, as: UTF8.self).contains(successor))
    }

    func testAccessTokenHashIsTheLeftHalfOfSHA256() {
        // OpenID Connect Core §3.1.3.6; value computed independently with Python hashlib.
        XCTAssertEqual(
            TokenIssuer.accessTokenHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
            "77QmUPtjPfzWtF2AnpK9RQ"
        )
    }
}

import OmniID
import OmniJWT
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

    func testRefreshTokensNameTheirGrantAndGenerationAndCarryATag() throws {
        let codec = try RefreshTokenCodec(serverSecret: [UInt8](repeating: 7, count: 32))
        let grant = try RefreshFamilyStore.newGrantID()
        let minted = try codec.mint(grantID: grant, generation: 0x0102_0304)
        XCTAssertEqual(minted.token.utf8.count, 92)
        XCTAssertEqual(codec.parse(minted.token), minted)
        XCTAssertEqual(codec.parse(minted.token)?.generation, 0x0102_0304)
        XCTAssertEqual(codec.parse(minted.token)?.grantID, grant)
        // Layout: version 1, the grant id's 16 bytes, the generation big-endian, 32 random bytes, 16 tag bytes.
        let bytes = try Base64URL.decode(minted.token)
        XCTAssertEqual(bytes.count, 69)
        XCTAssertEqual(bytes[0], 1)
        XCTAssertEqual(Array(bytes[1..<17]), try Base64URL.decode(grant))
        XCTAssertEqual(Array(bytes[17..<21]), [1, 2, 3, 4])
        // Two tokens of one grant and generation differ in their 256 random bits.
        let again = try codec.mint(grantID: grant, generation: 0x0102_0304)
        XCTAssertNotEqual(Array(try Base64URL.decode(again.token)[21..<53]), Array(bytes[21..<53]))
        XCTAssertNotEqual(again.digest, minted.digest)

        // Every byte is covered by the tag: flipping any one makes the token unknown.
        for index in bytes.indices {
            var tampered = bytes
            tampered[index] ^= 0x01
            XCTAssertNil(codec.parse(Base64URL.encode(tampered)), "byte \(index)")
        }
        XCTAssertNil(try RefreshTokenCodec(serverSecret: [UInt8](repeating: 8, count: 32)).parse(minted.token))
        XCTAssertNil(codec.parse(String(minted.token.dropLast())))
        XCTAssertNil(codec.parse(minted.token + "A"))
        XCTAssertNil(codec.parse(String(repeating: "A", count: 92)))
        XCTAssertNil(codec.parse(String(minted.token.dropLast()) + "="))
        XCTAssertThrowsError(try codec.mint(grantID: "short", generation: 0))
    }

    func testMemberAccessTokenIDsNameTheirGrant() throws {
        let grant = try RefreshFamilyStore.newGrantID()
        let jti = try TokenIssuer.newJTI(grantID: grant)
        XCTAssertEqual(jti.utf8.count, 45)
        XCTAssertEqual(TokenIssuer.grantID(ofJTI: jti), grant)
        XCTAssertNotEqual(jti, try TokenIssuer.newJTI(grantID: grant))
        XCTAssertNil(TokenIssuer.grantID(ofJTI: try TokenIssuer.newJTI()))
        XCTAssertNil(TokenIssuer.grantID(ofJTI: grant + "."))
        XCTAssertNil(TokenIssuer.grantID(ofJTI: jti + ".x"))
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

import FoundationEssentials
import OmniCrypto
import OmniJWT
import XCTest

final class JWTVerifierTests: XCTestCase {
    let issuer = "https://id.example.com"
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var kid: String { TestKeys.first.publicKey.jwkThumbprint }
    var signer: JWTSigner { JWTSigner(key: TestKeys.first) }

    func verifier(_ keys: [JWK]? = nil) throws -> JWTVerifier {
        try JWTVerifier(keys: JWKS(keys: keys ?? [signer.publicJWK]), allowedAlgorithms: [.rs256])
    }

    func accessClaims(
        aud: AudienceClaim = "orders",
        exp: TimeInterval = 300,
        nbf: TimeInterval? = nil,
        iat: TimeInterval = 0,
        iss: String? = nil
    ) -> JWTClaims<AccessTokenClaims> {
        JWTClaims(
            issuer: IssuerClaim(value: iss ?? issuer),
            subject: "member-1",
            audience: aud,
            expiration: ExpirationClaim(value: now.addingTimeInterval(exp)),
            notBefore: nbf.map { NotBeforeClaim(value: now.addingTimeInterval($0)) },
            issuedAt: IssuedAtClaim(value: now.addingTimeInterval(iat)),
            id: "jti-1",
            custom: AccessTokenClaims(
                clientID: "web",
                scope: "openid phone",
                authenticationMethods: ["sms", "otp"],
                channel: "web"
            )
        )
    }

    var policy: JWTValidationPolicy { .accessToken(issuer: issuer, audience: "orders", leeway: 30) }

    func assertRejects(
        _ token: String,
        _ expected: JWTError,
        verifier: JWTVerifier? = nil,
        policy: JWTValidationPolicy? = nil,
        file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let verifier = try verifier ?? self.verifier()
        XCTAssertThrowsError(
            try verifier.verify(token, as: AccessTokenClaims.self, policy: policy ?? self.policy, now: now),
            file: file,
            line: line
        ) { XCTAssertEqual($0 as? JWTError, expected, file: file, line: line) }
    }

    // MARK: Happy path

    func testSignedAccessTokenVerifiesWithTypedClaims() throws {
        let token = try signer.sign(accessClaims(), type: "at+jwt")
        let verified = try verifier().verify(token, as: AccessTokenClaims.self, policy: policy, now: now)
        XCTAssertEqual(verified.header, JWSHeader(algorithm: .rs256, keyID: kid, type: "at+jwt"))
        XCTAssertEqual(verified.claims, accessClaims())
        XCTAssertEqual(verified.claims.custom.scopes, ["openid", "phone"])
        // Verifying twice exercises the header cache.
        XCTAssertEqual(
            try verifier().verify(token, as: AccessTokenClaims.self, policy: policy, now: now).claims,
            accessClaims()
        )
    }

    func testVerifierFromKeyDictionary() throws {
        let token = try signer.sign(accessClaims(), type: "at+jwt")
        let verifier = try JWTVerifier(keys: [kid: TestKeys.first.publicKey], allowedAlgorithms: [.rs256])
        XCTAssertNoThrow(try verifier.verify(token, as: AccessTokenClaims.self, policy: policy, now: now))
    }

    func testApplicationAtJWTTypeIsAcceptedCaseInsensitively() throws {
        for type in ["application/at+jwt", "AT+JWT"] {
            let token = try signer.sign(accessClaims(), type: type)
            XCTAssertNoThrow(try verifier().verify(token, as: AccessTokenClaims.self, policy: policy, now: now), type)
        }
    }

    func testAudienceArrayContainingOursIsAccepted() throws {
        let token = try signer.sign(accessClaims(aud: ["inventory", "orders"]), type: "at+jwt")
        let verified = try verifier().verify(token, as: AccessTokenClaims.self, policy: policy, now: now)
        XCTAssertEqual(verified.claims.audience?.value, ["inventory", "orders"])
    }

    func testClaimsWithinLeewayAreAccepted() throws {
        let token = try signer.sign(accessClaims(exp: -20, nbf: 20, iat: 20), type: "at+jwt")
        XCTAssertNoThrow(try verifier().verify(token, as: AccessTokenClaims.self, policy: policy, now: now))
    }

    // MARK: Claims

    func testExpiredTokenIsRejected() throws {
        let token = try signer.sign(accessClaims(exp: -31), type: "at+jwt")
        try assertRejects(token, .expired(expiration: now.addingTimeInterval(-31), now: now))
    }

    func testNotBeforeInTheFutureIsRejected() throws {
        let token = try signer.sign(accessClaims(nbf: 31), type: "at+jwt")
        try assertRejects(token, .notYetValid(notBefore: now.addingTimeInterval(31), now: now))
    }

    func testIssuedAtInTheFutureBeyondLeewayIsRejected() throws {
        let token = try signer.sign(accessClaims(iat: 31), type: "at+jwt")
        try assertRejects(token, .issuedInFuture(issuedAt: now.addingTimeInterval(31), now: now))
    }

    func testWrongIssuerIsRejected() throws {
        let token = try signer.sign(accessClaims(iss: "https://id.example.com/"), type: "at+jwt")
        try assertRejects(token, .issuerMismatch(expected: issuer, actual: "https://id.example.com/"))
    }

    func testWrongAudienceIsRejected() throws {
        let token = try signer.sign(accessClaims(aud: ["inventory", "payments"]), type: "at+jwt")
        try assertRejects(token, .audienceMismatch(expected: "orders", actual: ["inventory", "payments"]))
    }

    func testWrongOrMissingTypeIsRejected() throws {
        try assertRejects(
            try signer.sign(accessClaims(), type: "JWT"),
            .typeNotAccepted(actual: "JWT", accepted: ["at+jwt"])
        )
        try assertRejects(
            try signer.sign(accessClaims(), type: nil),
            .typeNotAccepted(actual: nil, accepted: ["at+jwt"])
        )
        try assertRejects(
            try signer.sign(accessClaims(), type: "text/at+jwt"),
            .typeNotAccepted(actual: "text/at+jwt", accepted: ["at+jwt"])
        )
    }

    func testMissingRequiredClaimIsRejected() throws {
        var claims = accessClaims()
        claims.id = nil
        try assertRejects(try signer.sign(claims, type: "at+jwt"), .missingClaim("jti"))
        claims = accessClaims()
        claims.expiration = nil
        try assertRejects(try signer.sign(claims, type: "at+jwt"), .missingClaim("exp"))
    }

    func testMissingClientIDIsRejected() throws {
        let token = try TestKeys.token(
            header: #"{"alg":"RS256","typ":"at+jwt","kid":"\#(kid)"}"#,
            payload: #"{"iss":"\#(issuer)","sub":"m","aud":"orders","exp":1800000100,"iat":1800000000,"jti":"j"}"#
        )
        try assertRejects(token, .invalidJSON(part: .payload, reason: "missing client_id"))
    }

    func testClaimOfTheWrongJSONTypeIsRejected() throws {
        let token = try TestKeys.token(
            header: #"{"alg":"RS256","typ":"at+jwt","kid":"\#(kid)"}"#,
            payload:
                #"{"iss":"\#(issuer)","sub":"m","aud":"orders","exp":"1800000100","iat":1800000000,"jti":"j","client_id":"c"}"#
        )
        try assertRejects(token, .invalidJSON(part: .payload, reason: "bad value at exp"))
    }

    func testDuplicateClaimNamesAreRejected() throws {
        // RFC 7519 §4: reject, or keep the last; we reject so no two parsers disagree.
        let token = try TestKeys.token(
            header: #"{"alg":"RS256","typ":"at+jwt","kid":"\#(kid)"}"#,
            payload:
                #"{"iss":"\#(issuer)","sub":"a","sub":"b","aud":"orders","exp":1800000100,"iat":1800000000,"jti":"j","client_id":"c"}"#
        )
        XCTAssertThrowsError(try verifier().verify(token, as: AccessTokenClaims.self, policy: policy, now: now)) {
            guard case .invalidJSON(.payload, let reason) = $0 as? JWTError else { return XCTFail("\($0)") }
            XCTAssertTrue(reason.contains("duplicate member \"sub\""), reason)
        }
    }

    // MARK: Tampering

    func testTamperedPayloadIsRejected() throws {
        let token = try signer.sign(accessClaims(), type: "at+jwt")
        let parts = token.split(separator: ".").map(String.init)
        var claims = accessClaims()
        claims.subject = "member-2"
        let forged = parts[0] + "." + Base64URL.encode(try JSONEncoder().encode(claims)) + "." + parts[2]
        try assertRejects(forged, .signatureInvalid)
    }

    func testTamperedSignatureIsRejected() throws {
        let token = try signer.sign(accessClaims(), type: "at+jwt")
        var signature = try Base64URL.decode(token.split(separator: ".")[2])
        signature[signature.count / 2] ^= 0x01
        let forged = token.split(separator: ".")[0...1].joined(separator: ".") + "." + Base64URL.encode(signature)
        try assertRejects(forged, .signatureInvalid)
        let truncated =
            token.split(separator: ".")[0...1].joined(separator: ".") + "." + Base64URL.encode(signature.dropLast())
        try assertRejects(truncated, .signatureInvalid)
    }

    func testTokenSignedByAnotherKeyUnderOurKidIsRejected() throws {
        let forged = try JWTSigner(key: TestKeys.second, keyID: kid).sign(accessClaims(), type: "at+jwt")
        try assertRejects(forged, .signatureInvalid)
    }

    func testMalformedTokensAreRejected() throws {
        let token = try signer.sign(accessClaims(), type: "at+jwt")
        try assertRejects("abc", .malformed(reason: "expected 3 parts, found 1"))
        try assertRejects(token + ".x.y", .malformed(reason: "expected 3 parts, found 5"))
        try assertRejects(".a.b", .malformed(reason: "empty header"))
        try assertRejects(
            token.split(separator: ".")[0...1].joined(separator: ".") + ".",
            .malformed(reason: "empty signature")
        )
        try assertRejects("eyJ=.e30.AA", .invalidBase64URL(part: .header))
        try assertRejects(String(repeating: "a", count: 20_000), .tokenTooLarge(length: 20_000, maximum: 16_384))
        let parts = token.split(separator: ".")
        try assertRejects(parts[0] + ".e30=." + parts[2], .invalidBase64URL(part: .payload))
        try assertRejects(parts[0] + "." + parts[1] + ".AA+A", .invalidBase64URL(part: .signature))
        let notJSON = Base64URL.encode(Array("not json".utf8)) + "." + parts[1] + "." + parts[2]
        XCTAssertThrowsError(try verifier().verifySignature(notJSON)) {
            guard case .invalidJSON(.header, _) = $0 as? JWTError else { return XCTFail("\($0)") }
        }
    }

    // MARK: Algorithms and keys: each rejection has its own error

    func testAlgNoneIsRejected() throws {
        for alg in ["none", "None", "NONE"] {
            let header = Base64URL.encode(Array(#"{"alg":"\#(alg)","typ":"at+jwt"}"#.utf8))
            let payload = Base64URL.encode(try JSONEncoder().encode(accessClaims()))
            try assertRejects(header + "." + payload + ".", .malformed(reason: "empty signature"))
            try assertRejects(header + "." + payload + ".AAAA", .algorithmNone)
        }
    }

    func testHS256SignedWithThePublicKeyAsSecretIsRejected() throws {
        // The classic key-confusion attack: HMAC keyed with the PEM (or JWK) of our public key.
        let header = Base64URL.encode(Array(#"{"alg":"HS256","typ":"at+jwt","kid":"\#(kid)"}"#.utf8))
        let payload = Base64URL.encode(try JSONEncoder().encode(accessClaims()))
        let input = header + "." + payload
        for secret in [Array(try TestKeys.first.publicKey.spkiPEM().utf8), TestKeys.first.publicKey.modulus] {
            let forged = input + "." + Base64URL.encode(try HMAC.sha256(key: secret, data: input.utf8))
            try assertRejects(forged, .algorithmNotAllowed("HS256"))
        }
    }

    func testAllowListMustOnlyNameImplementedAlgorithms() {
        XCTAssertThrowsError(
            try JWTVerifier(keys: JWKS(keys: []), allowedAlgorithms: [JWSAlgorithm(rawValue: "HS256")])
        ) {
            XCTAssertEqual($0 as? JWTError, .unsupportedAlgorithm("HS256"))
        }
        XCTAssertThrowsError(try JWTVerifier(keys: JWKS(keys: []), allowedAlgorithms: [])) {
            XCTAssertEqual($0 as? JWTError, .unsupportedAlgorithm("(empty allow-list)"))
        }
    }

    func testOtherAlgorithmsAreNotAllowed() throws {
        for alg in ["RS384", "PS256", "ES256", "rs256"] {
            let token = try TestKeys.token(header: #"{"alg":"\#(alg)","kid":"\#(kid)"}"#, payload: "{}")
            try assertRejects(token, .algorithmNotAllowed(alg))
        }
    }

    func testUnderstoodNothingInCritIsRejected() throws {
        let token = try TestKeys.token(
            header: #"{"alg":"RS256","kid":"\#(kid)","crit":["exp"],"exp":1}"#,
            payload: "{}"
        )
        try assertRejects(token, .unsupportedCriticalHeader(["exp"]))
        let empty = try TestKeys.token(header: #"{"alg":"RS256","kid":"\#(kid)","crit":[]}"#, payload: "{}")
        try assertRejects(empty, .invalidHeader(reason: "crit must not be empty"))
    }

    func testKidNamingAKeyOfAnotherTypeIsRejected() throws {
        let ec = JWK(
            keyType: .ec,
            keyID: "ec-1",
            use: "sig",
            curve: "P-256",
            x: "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
            y: "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"
        )
        let oct = JWK(keyType: .oct, keyID: "hmac-1")
        let verifier = try verifier([signer.publicJWK, ec, oct])
        let viaEC = try JWTSigner(key: TestKeys.first, keyID: "ec-1").sign(accessClaims(), type: "at+jwt")
        try assertRejects(viaEC, .keyTypeMismatch(keyID: "ec-1", keyType: "EC"), verifier: verifier)
        let viaOct = try JWTSigner(key: TestKeys.first, keyID: "hmac-1").sign(accessClaims(), type: "at+jwt")
        try assertRejects(viaOct, .keyTypeMismatch(keyID: "hmac-1", keyType: "oct"), verifier: verifier)
    }

    func testMissingKidWithSeveralKeysIsRejected() throws {
        let token = try TestKeys.token(header: #"{"alg":"RS256","typ":"at+jwt"}"#, payload: "{}")
        let two = try verifier([signer.publicJWK, JWK(rsa: TestKeys.second.publicKey)])
        try assertRejects(token, .missingKeyID, verifier: two)
        try assertRejects(token, .noKeys, verifier: try verifier([]))
        // With exactly one key, a kid-less token is checked against it.
        let one = try verifier([JWK(rsa: TestKeys.first.publicKey, keyID: nil)])
        XCTAssertNoThrow(try one.verifySignature(token))
    }

    func testUnknownKidIsRejected() throws {
        let token = try JWTSigner(key: TestKeys.first, keyID: "not-ours").sign(accessClaims(), type: "at+jwt")
        try assertRejects(token, .unknownKeyID("not-ours"))
    }

    func testHeaderAlgDisagreeingWithTheKeysAlgIsRejected() throws {
        var jwk = signer.publicJWK
        jwk.algorithm = "PS256"
        let token = try signer.sign(accessClaims(), type: "at+jwt")
        try assertRejects(
            token,
            .keyAlgorithmMismatch(keyID: kid, keyAlgorithm: "PS256", headerAlgorithm: "RS256"),
            verifier: try verifier([jwk])
        )
    }

    func testEncryptionKeyIsNotUsedToVerify() throws {
        var jwk = signer.publicJWK
        jwk.use = "enc"
        try assertRejects(
            try signer.sign(accessClaims(), type: "at+jwt"),
            .keyUseMismatch(keyID: kid, use: "enc"),
            verifier: try verifier([jwk])
        )
    }

    func testSmallRSAKeyInTheSetIsUnusable() throws {
        let small = JWK(
            keyType: .rsa,
            keyID: "small",
            modulus: Base64URL.encode([0xC3] + [UInt8](repeating: 7, count: 127)),
            exponent: "AQAB"
        )
        let token = try JWTSigner(key: TestKeys.first, keyID: "small").sign(accessClaims(), type: "at+jwt")
        try assertRejects(
            token,
            .unusableKey(keyID: "small", reason: "RSA key of 1024 bits is smaller than the 2048-bit minimum"),
            verifier: try verifier([small])
        )
    }

    func testJWKSSkipsMembersThatAreNotKeys() throws {
        let text =
            #"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","kid":"a"},{"no":"kty"},42,{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#
        let jwks = try JSONDecoder().decode(JWKS.self, from: Data(text.utf8))
        XCTAssertEqual(jwks.keys.map(\.keyType), [.rsa, .okp])
        XCTAssertEqual(try jwks.keys[1].thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
        XCTAssertThrowsError(try JSONDecoder().decode(JWKS.self, from: Data("{}".utf8)))
    }
}

import FoundationEssentials
import OmniCrypto
import OmniJWT
import XCTest

/// Published examples, copied from the RFCs and checked independently (Python `cryptography`).
final class RFCVectorTests: XCTestCase {
    // RFC 7515 Appendix A.2.1: the RSA key of the RS256 example.
    static let a2Modulus =
        "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-"
        + "pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2"
        + "CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9"
        + "gb54h4FRWyuXpoQ"
    // RFC 7515 Appendix A.2.1: the complete JWS.
    static let a2JWS =
        "eyJhbGciOiJSUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        + ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CU"
        + "Ar7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO"
        + "--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igc"
        + "N_IoypGlUPQGe77Rw"

    // RFC 7517 Appendix A.1 / RFC 7638 §3.1: the RSA public key.
    static let a1Modulus =
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3ok"
        + "njhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZH"
        + "zu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kE"
        + "gU8awapJzKnqDKgw"

    // RFC 7517 Appendix B: the RSA key with an X.509 chain.
    static let bModulus =
        "vrjOfz9Ccdgx5nQudyhdoR17V-IubWMeOZCwX_jj0hgAsz2J_pqYW08PLbK_PdiVGKPrqzmDIsLI7sA25VEnHU1uCLNwBuUiCO11_-7dYbsr4i"
        + "JmG0Qu2j8DsVyT1azpJC_NG84Ty5KKthuCaPod7iI7w0LK9orSMhBEwwZDCxTWq4aYWAchc8t-emd9qOvWtVMDC2BXksRngh6X5bUYLy6AyH"
        + "Kvj-nUy1wgzjYQDwHMTplCoLtU-o-8SNnZ1tmRoGE9uJkBLdh5gFENabWnU5m1ZqZPdwS-qo-meMvVfJb6jJVWRpl2SUtCnYG2C32qvbWbjZ"
        + "_jBPD5eunqsIo1vQ"
    static let bCertificate =
        "MIIDQjCCAiqgAwIBAgIGATz/FuLiMA0GCSqGSIb3DQEBBQUAMGIxCzAJBgNVBAYTAlVTMQswCQYDVQQIEwJDTzEPMA0GA1UEBxMGRGVudmVy"
        + "MRwwGgYDVQQKExNQaW5nIElkZW50aXR5IENvcnAuMRcwFQYDVQQDEw5CcmlhbiBDYW1wYmVsbDAeFw0xMzAyMjEyMzI5MTVaFw0xODA4MTQy"
        + "MjI5MTVaMGIxCzAJBgNVBAYTAlVTMQswCQYDVQQIEwJDTzEPMA0GA1UEBxMGRGVudmVyMRwwGgYDVQQKExNQaW5nIElkZW50aXR5IENvcnAu"
        + "MRcwFQYDVQQDEw5CcmlhbiBDYW1wYmVsbDCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAL64zn8/QnHYMeZ0LncoXaEde1fiLm1j"
        + "HjmQsF/449IYALM9if6amFtPDy2yvz3YlRij66s5gyLCyO7ANuVRJx1NbgizcAblIgjtdf/u3WG7K+IiZhtELto/A7Fck9Ws6SQvzRvOE8uS"
        + "irYbgmj6He4iO8NCyvaK0jIQRMMGQwsU1quGmFgHIXPLfnpnfajr1rVTAwtgV5LEZ4Iel+W1GC8ugMhyr4/p1MtcIM42EA8BzE6ZQqC7VPqP"
        + "vEjZ2dbZkaBhPbiZAS3YeYBRDWm1p1OZtWamT3cEvqqPpnjL1XyW+oyVVkaZdklLQp2Btgt9qr21m42f4wTw+Xrp6rCKNb0CAwEAATANBgkq"
        + "hkiG9w0BAQUFAAOCAQEAh8zGlfSlcI0o3rYDPBB07aXNswb4ECNIKG0CETTUxmXl9KUL+9gGlqCz5iWLOgWsnrcKcY0vXPG9J1r9AqBNTqNg"
        + "Hq2G03X09266X5CpOe1zFo+Owb1zxtp3PehFdfQJ610CDLEaS9V9Rqp17hCyybEpOGVwe8fnk+fbEL2Bo3UPGrpsHzUoaGpDftmWssZkhpBJ"
        + "KVMJyf/RuP2SmmaIzmnw9JiSlYhzo4tpzd5rFXhjRbg4zW9C+2qok+2+qDM1iJ684gPHMIY8aLWrdgQTxkumGmTqgawR+N5MDtdPTEQ0XfIB"
        + "c2cJEUyMTY5MPvACWpkA6SdS4xSvdXK3IVfOWA=="

    func testRFC7515AppendixA2SignatureVerifies() throws {
        let key = try JWK(keyType: .rsa, modulus: Self.a2Modulus, exponent: "AQAB").rsaPublicKey()
        XCTAssertEqual(key.bits, 2048)
        let verifier = try JWTVerifier(keys: ["k": key], allowedAlgorithms: [.rs256])
        let jwks = try JWTVerifier(
            keys: JWKS(keys: [JWK(keyType: .rsa, modulus: Self.a2Modulus, exponent: "AQAB")]),
            allowedAlgorithms: [.rs256]
        )
        for verifier in [verifier, jwks] {
            let (header, payload) = try verifier.verifySignature(Self.a2JWS)
            XCTAssertEqual(header.algorithm, "RS256")
            XCTAssertNil(header.keyID)
            XCTAssertEqual(
                String(decoding: payload, as: UTF8.self),
                "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}"
            )
        }
        // The example token expired in 2011: signature fine, claims not.
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        XCTAssertThrowsError(try verifier.verify(Self.a2JWS, policy: JWTValidationPolicy(), now: now)) {
            XCTAssertEqual($0 as? JWTError, .expired(expiration: Date(timeIntervalSince1970: 1_300_819_380), now: now))
        }
        let verified = try verifier.verify(
            Self.a2JWS,
            policy: JWTValidationPolicy(issuer: "joe"),
            now: Date(timeIntervalSince1970: 1_300_819_000)
        )
        XCTAssertEqual(verified.claims.issuer, "joe")
    }

    func testRFC7638ThumbprintOfTheExampleKey() throws {
        let jwk = JWK(keyType: .rsa, keyID: "2011-04-29", algorithm: "RS256", modulus: Self.a1Modulus, exponent: "AQAB")
        XCTAssertEqual(try jwk.thumbprint(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        XCTAssertEqual(try jwk.rsaPublicKey().jwkThumbprint, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        XCTAssertEqual(JWK(rsa: try jwk.rsaPublicKey()).keyID, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    }

    func testRFC7517AppendixAPublicKeysRoundTrip() throws {
        let text = """
            {"keys":
              [
                {"kty":"EC",
                 "crv":"P-256",
                 "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
                 "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
                 "use":"enc",
                 "kid":"1"},

                {"kty":"RSA",
                 "n": "\(Self.a1Modulus)",
                 "e":"AQAB",
                 "alg":"RS256",
                 "kid":"2011-04-29"}
              ]
            }
            """
        let jwks = try JSONDecoder().decode(JWKS.self, from: Data(text.utf8))
        XCTAssertEqual(jwks.keys.count, 2)
        XCTAssertEqual(jwks.keys[0].keyType, .ec)
        XCTAssertEqual(jwks.keys[0].curve, "P-256")
        XCTAssertEqual(jwks.keys[0].use, "enc")
        XCTAssertEqual(jwks.keys[1].keyType, .rsa)
        XCTAssertEqual(jwks.keys[1].algorithm, "RS256")
        XCTAssertEqual(jwks[keyID: "2011-04-29"]?.modulus, Self.a1Modulus)
        XCTAssertEqual(try jwks.keys[1].rsaPublicKey().bits, 2048)

        let reencoded = try JSONEncoder().encode(jwks)
        XCTAssertEqual(try JSONDecoder().decode(JWKS.self, from: reencoded), jwks)
        // The same members come back, nothing more.
        let object = try JSONSerialization.jsonObject(with: reencoded) as? [String: [[String: String]]]
        XCTAssertEqual(
            object?["keys"]?[0],
            [
                "kty": "EC", "crv": "P-256", "x": "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
                "y": "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM", "use": "enc", "kid": "1",
            ]
        )
        XCTAssertEqual(
            object?["keys"]?[1],
            ["kty": "RSA", "n": Self.a1Modulus, "e": "AQAB", "alg": "RS256", "kid": "2011-04-29"]
        )
    }

    func testRFC7517AppendixBKeyWithX5CRoundTripsIgnoringTheChain() throws {
        let text = """
            {"kty":"RSA","use":"sig","kid":"1b94c","n":"\(Self.bModulus)","e":"AQAB","x5c":["\(Self.bCertificate)"]}
            """
        let jwk = try JSONDecoder().decode(JWK.self, from: Data(text.utf8))
        XCTAssertEqual(jwk, JWK(keyType: .rsa, keyID: "1b94c", use: "sig", modulus: Self.bModulus, exponent: "AQAB"))
        XCTAssertEqual(try jwk.rsaPublicKey().bits, 2048)
        XCTAssertEqual(try JSONDecoder().decode(JWK.self, from: try JSONEncoder().encode(jwk)), jwk)
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(jwk)) as? [String: String]
        XCTAssertEqual(object, ["kty": "RSA", "use": "sig", "kid": "1b94c", "n": Self.bModulus, "e": "AQAB"])
    }
}

import XCTest

@testable import OmniCrypto

final class SymmetricTests: XCTestCase {
    func testSecureRandomReturnsRequestedCountAndVaries() throws {
        XCTAssertEqual(try SecureRandom.bytes(count: 0), [])
        let a = try SecureRandom.bytes(count: 32)
        let b = try SecureRandom.bytes(count: 32)
        XCTAssertEqual(a.count, 32)
        XCTAssertNotEqual(a, b)
    }

    func testSHA2KnownAnswers() {
        // FIPS 180-4 examples for "abc".
        XCTAssertEqual(hex(SHA256.hash("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            hex(SHA384.hash("abc".utf8)),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
        )
        XCTAssertEqual(
            hex(SHA512.hash("abc".utf8)),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                + "454d4423643ce80e2a9ac94fa54ca49f"
        )
    }

    func testHMACSHA256RFC4231TestCase2() throws {
        let mac = try HMAC.sha256(key: "Jefe".utf8, data: "what do ya want for nothing?".utf8)
        XCTAssertEqual(hex(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertTrue(
            try HMAC.isValidSHA256(mac, key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        )
        XCTAssertFalse(
            try HMAC.isValidSHA256(mac, key: Array("Jeff".utf8), data: Array("what do ya want for nothing?".utf8))
        )
        XCTAssertEqual(try HMAC.sha256(key: [UInt8](), data: [UInt8]()).count, 32)
    }

    func testConstantTimeEquals() {
        XCTAssertTrue(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(constantTimeEquals([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(constantTimeEquals([1, 2, 3], [1, 2]))
        XCTAssertTrue(constantTimeEquals([UInt8](), [UInt8]()))
    }

    func testAESGCMRoundTripAndTamperDetection() throws {
        let key = try SecureRandom.bytes(count: 32)
        let plaintext = Array("the successor refresh token".utf8)
        let box = try AESGCM.seal(plaintext, key: key, associatedData: Array("family-1".utf8))
        XCTAssertEqual(box.count, 12 + plaintext.count + 16)
        XCTAssertEqual(try AESGCM.open(box, key: key, associatedData: Array("family-1".utf8)), plaintext)
        XCTAssertNotEqual(try AESGCM.seal(plaintext, key: key), try AESGCM.seal(plaintext, key: key))

        for index in [0, 12, box.count - 1] {
            var tampered = box
            tampered[index] ^= 0x01
            XCTAssertThrowsError(try AESGCM.open(tampered, key: key, associatedData: Array("family-1".utf8))) {
                XCTAssertEqual($0 as? CryptoError, .authenticationFailed)
            }
        }
        XCTAssertThrowsError(try AESGCM.open(box, key: key, associatedData: Array("family-2".utf8))) {
            XCTAssertEqual($0 as? CryptoError, .authenticationFailed)
        }
        XCTAssertThrowsError(try AESGCM.open(box, key: try SecureRandom.bytes(count: 32))) {
            XCTAssertEqual($0 as? CryptoError, .authenticationFailed)
        }
        XCTAssertThrowsError(try AESGCM.open(Array(box.prefix(27)), key: key)) {
            XCTAssertEqual($0 as? CryptoError, .invalidSealedBox)
        }
        XCTAssertThrowsError(try AESGCM.seal(plaintext, key: Array(key.prefix(16)))) {
            XCTAssertEqual($0 as? CryptoError, .invalidLength(what: "AES-256-GCM key", expected: 32, actual: 16))
        }
        let empty = try AESGCM.seal([], key: key)
        XCTAssertEqual(try AESGCM.open(empty, key: key), [])
    }

    func testScryptHashVerifiesAndRejects() throws {
        let parameters = SecretHash.ScryptParameters(n: 1 << 10, r: 8, p: 1)
        let encoded = try SecretHash.scrypt("correct horse", parameters: parameters)
        XCTAssertTrue(encoded.hasPrefix("scrypt$1024$8$1$"))
        XCTAssertTrue(try SecretHash.verify("correct horse", against: encoded))
        XCTAssertFalse(try SecretHash.verify("correct horsE", against: encoded))
        XCTAssertNotEqual(encoded, try SecretHash.scrypt("correct horse", parameters: parameters))
    }

    func testScryptRFC7914TestVector() throws {
        // RFC 7914 §12: scrypt(P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64).
        let salt = Data("NaCl".utf8).base64EncodedString()
        let expected = Data(
            hexBytes(
                "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                    + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
            )
        ).base64EncodedString()
        XCTAssertTrue(try SecretHash.verify("password", against: "scrypt$1024$8$16$\(salt)$\(expected)"))
    }

    func testPBKDF2HashVerifiesAndRejects() throws {
        let encoded = try SecretHash.pbkdf2SHA256("s3cret", iterations: 1000)
        XCTAssertTrue(encoded.hasPrefix("pbkdf2-sha256$1000$"))
        XCTAssertTrue(try SecretHash.verify("s3cret", against: encoded))
        XCTAssertFalse(try SecretHash.verify("s3creT", against: encoded))
    }

    func testMalformedOrHostileSecretHashesAreErrors() {
        for bad in ["", "md5$abc", "scrypt$1024$8$1$AAAA", "pbkdf2-sha256$x$AAAA$AAAA"] {
            XCTAssertThrowsError(try SecretHash.verify("x", against: bad)) {
                XCTAssertEqual($0 as? CryptoError, .invalidSecretHashFormat, bad)
            }
        }
        let salt = Data(repeating: 1, count: 16).base64EncodedString()
        let hash = Data(repeating: 2, count: 32).base64EncodedString()
        for bad in [
            "scrypt$1000$8$1$\(salt)$\(hash)", "scrypt$\(1 << 24)$8$1$\(salt)$\(hash)",
            "pbkdf2-sha256$0$\(salt)$\(hash)",
        ] {
            XCTAssertThrowsError(try SecretHash.verify("x", against: bad)) {
                XCTAssertEqual($0 as? CryptoError, .unsupportedSecretHashParameters, bad)
            }
        }
    }
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

func hexBytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var chars = Array(hex)
    while chars.count >= 2 {
        out.append(UInt8(String(chars[0...1]), radix: 16) ?? 0)
        chars.removeFirst(2)
    }
    return out
}

final class OpenSSLProcessTests: XCTestCase {
    func testOpenSSLWasInitialisedWithoutAnExitCleanup() {
        // Without it, exit() freed OpenSSL's locks while the HTTP client's thread freed its SSL_CTX: SIGSEGV.
        XCTAssertTrue(OpenSSLProcess.exitCleanupDisabled)
    }
}

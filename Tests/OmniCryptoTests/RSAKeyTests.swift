import OmniCrypto
import XCTest

final class RSAKeyTests: XCTestCase {
    static let key: RSAPrivateKey = {
        do { return try RSAPrivateKey.generate(bits: 2048) } catch { fatalError("keygen failed: \(error)") }
    }()

    func testGeneratedKeySignsAndItsPublicKeyVerifies() throws {
        let key = Self.key
        XCTAssertEqual(key.bits, 2048)
        let signature = try key.signRS256(Array("hello".utf8))
        XCTAssertEqual(signature.count, 256)
        XCTAssertTrue(key.publicKey.verifyRS256(signature: signature, data: Array("hello".utf8)))
        XCTAssertFalse(key.publicKey.verifyRS256(signature: signature, data: Array("hellO".utf8)))
        var tampered = signature
        tampered[10] ^= 1
        XCTAssertFalse(key.publicKey.verifyRS256(signature: tampered, data: Array("hello".utf8)))
        XCTAssertFalse(key.publicKey.verifyRS256(signature: signature.dropLast(), data: Array("hello".utf8)))
    }

    func testRS256IsDeterministicPKCS1v15() throws {
        // PKCS#1 v1.5 signatures are deterministic; PSS would differ between calls.
        XCTAssertEqual(try Self.key.signRS256("x".utf8), try Self.key.signRS256("x".utf8))
    }

    func testPKCS8PEMRoundTrip() throws {
        let pem = try Self.key.pkcs8PEM()
        XCTAssertTrue(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let imported = try RSAPrivateKey(pem: pem)
        XCTAssertEqual(imported.publicKey, Self.key.publicKey)
        let signature = try imported.signRS256("abc".utf8)
        XCTAssertTrue(Self.key.publicKey.verifyRS256(signature: signature, data: Array("abc".utf8)))
    }

    func testDescriptionsNeverContainKeyMaterial() throws {
        let pem = try Self.key.pkcs8PEM()
        XCTAssertEqual("\(Self.key)", "RSAPrivateKey(2048 bits)")
        XCTAssertEqual(String(reflecting: Self.key).contains(String(pem.dropFirst(28).prefix(40))), false)
        XCTAssertEqual("\(Self.key.publicKey)", "RSAPublicKey(2048 bits)")
    }

    func testPublicKeyFromModulusAndExponentAndSPKI() throws {
        let publicKey = Self.key.publicKey
        let rebuilt = try RSAPublicKey(modulus: publicKey.modulus, exponent: publicKey.exponent)
        XCTAssertEqual(rebuilt, publicKey)
        XCTAssertEqual(publicKey.exponent, [0x01, 0x00, 0x01])
        let spki = try publicKey.spkiPEM()
        XCTAssertTrue(spki.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        XCTAssertEqual(try RSAPublicKey(pem: spki), publicKey)
        let signature = try Self.key.signRS256("m".utf8)
        XCTAssertTrue(rebuilt.verifyRS256(signature: signature, data: Array("m".utf8)))
    }

    func testKeysSmallerThan2048BitsAreRefusedForSigningAndVerification() throws {
        XCTAssertThrowsError(try RSAPrivateKey.generate(bits: 1024)) {
            XCTAssertEqual($0 as? CryptoError, .keyTooSmall(bits: 1024, minimum: 2048))
        }
        // A 1024-bit PKCS#8 key made by OpenSSL elsewhere.
        let small = try Self.opensslKey(bits: 1024)
        XCTAssertThrowsError(try RSAPrivateKey(pem: small)) {
            XCTAssertEqual($0 as? CryptoError, .keyTooSmall(bits: 1024, minimum: 2048))
        }
        var modulus = [UInt8](repeating: 0xC3, count: 128)
        modulus[127] = 0xC5
        XCTAssertThrowsError(try RSAPublicKey(modulus: modulus, exponent: [1, 0, 1])) {
            XCTAssertEqual($0 as? CryptoError, .keyTooSmall(bits: 1024, minimum: 2048))
        }
    }

    func testInvalidComponentsAndPEMAreRefused() {
        XCTAssertThrowsError(try RSAPublicKey(modulus: [], exponent: [1, 0, 1])) {
            XCTAssertEqual($0 as? CryptoError, .invalidKeyComponents)
        }
        XCTAssertThrowsError(try RSAPublicKey(modulus: Self.key.publicKey.modulus, exponent: [1])) {
            XCTAssertEqual($0 as? CryptoError, .invalidKeyComponents)
        }
        XCTAssertThrowsError(try RSAPrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")) {
            XCTAssertEqual($0 as? CryptoError, .invalidPEM)
        }
        XCTAssertThrowsError(try RSAPublicKey(pem: "not a pem")) {
            XCTAssertEqual($0 as? CryptoError, .invalidPEM)
        }
    }

    func testEncryptedPEMIsRefusedWithoutPrompting() throws {
        let encrypted = try Self.openssl([
            "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
            "-aes-256-cbc", "-pass", "pass:secret",
        ])
        XCTAssertThrowsError(try RSAPrivateKey(pem: encrypted)) {
            XCTAssertEqual($0 as? CryptoError, .invalidPEM)
        }
    }

    func testECKeyIsNotAnRSAKey() throws {
        let ec = try Self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])
        XCTAssertThrowsError(try RSAPrivateKey(pem: ec)) {
            XCTAssertEqual($0 as? CryptoError, .notAnRSAKey)
        }
    }

    static func opensslKey(bits: Int) throws -> String {
        try openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(bits)"])
    }

    static func openssl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

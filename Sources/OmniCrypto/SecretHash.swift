import COpenSSL
import FoundationEssentials

/// Slow, salted hashing of secrets (client secrets, anything a person might choose), stored as
/// one self-describing string:
///
/// - `scrypt$N$r$p$salt$hash` (RFC 7914), the default;
/// - `pbkdf2-sha256$iterations$salt$hash` (RFC 8018 §5.2, HMAC-SHA-256), for interoperability.
///
/// `salt` and `hash` are standard base64. Verification recomputes with the stored parameters
/// and compares in constant time, so parameters can be raised later without breaking old hashes.
public enum SecretHash {
    /// scrypt cost parameters (RFC 7914 §2).
    public struct ScryptParameters: Sendable, Equatable {
        /// CPU/memory cost `N`, a power of two.
        public var n: UInt64
        /// Block size `r`.
        public var r: UInt64
        /// Parallelisation `p`.
        public var p: UInt64

        /// Creates parameters; see ``default``.
        public init(n: UInt64, r: UInt64, p: UInt64) {
            self.n = n
            self.r = r
            self.p = p
        }

        /// N = 2^15, r = 8, p = 1: 32 MiB and tens of milliseconds per hash.
        public static let `default` = ScryptParameters(n: 1 << 15, r: 8, p: 1)
    }

    /// Largest parameters a stored hash may ask for (a corrupted or hostile store must not make
    /// one verification take gigabytes).
    static let maxN: UInt64 = 1 << 20
    static let maxR: UInt64 = 32
    static let maxP: UInt64 = 16
    static let maxPBKDF2Iterations = 10_000_000
    static let saltByteCount = 16
    static let hashByteCount = 32

    /// Hashes `secret` with scrypt and a fresh 16-byte random salt.
    public static func scrypt(_ secret: String, parameters: ScryptParameters = .default) throws -> String {
        let salt = try SecureRandom.bytes(count: saltByteCount)
        let hash = try scryptDerive(Array(secret.utf8), salt: salt, parameters: parameters, length: hashByteCount)
        return "scrypt$\(parameters.n)$\(parameters.r)$\(parameters.p)$\(base64(salt))$\(base64(hash))"
    }

    /// Hashes `secret` with PBKDF2-HMAC-SHA-256 and a fresh 16-byte random salt.
    ///
    /// - Parameter iterations: defaults to 600 000 (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).
    public static func pbkdf2SHA256(_ secret: String, iterations: Int = 600_000) throws -> String {
        guard iterations >= 1, iterations <= maxPBKDF2Iterations else {
            throw CryptoError.unsupportedSecretHashParameters
        }
        let salt = try SecureRandom.bytes(count: saltByteCount)
        let hash = try pbkdf2Derive(Array(secret.utf8), salt: salt, iterations: iterations, length: hashByteCount)
        return "pbkdf2-sha256$\(iterations)$\(base64(salt))$\(base64(hash))"
    }

    /// Whether `secret` matches `encoded` (either format), compared in constant time.
    ///
    /// - Throws: `CryptoError.invalidSecretHashFormat` or `.unsupportedSecretHashParameters`
    ///   when `encoded` itself is unusable; a wrong secret is `false`, not an error.
    public static func verify(_ secret: String, against encoded: String) throws -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "scrypt":
            guard parts.count == 6, let n = UInt64(parts[1]), let r = UInt64(parts[2]), let p = UInt64(parts[3]),
                let salt = unbase64(parts[4]), let expected = unbase64(parts[5])
            else { throw CryptoError.invalidSecretHashFormat }
            let parameters = ScryptParameters(n: n, r: r, p: p)
            guard n >= 2, n <= maxN, n & (n - 1) == 0, (1...maxR).contains(r), (1...maxP).contains(p),
                (16...64).contains(expected.count), !salt.isEmpty
            else { throw CryptoError.unsupportedSecretHashParameters }
            let actual = try scryptDerive(
                Array(secret.utf8),
                salt: salt,
                parameters: parameters,
                length: expected.count
            )
            return constantTimeEquals(actual, expected)
        case "pbkdf2-sha256":
            guard parts.count == 4, let iterations = Int(parts[1]), let salt = unbase64(parts[2]),
                let expected = unbase64(parts[3])
            else { throw CryptoError.invalidSecretHashFormat }
            guard (1...maxPBKDF2Iterations).contains(iterations), (16...64).contains(expected.count), !salt.isEmpty
            else { throw CryptoError.unsupportedSecretHashParameters }
            let actual = try pbkdf2Derive(
                Array(secret.utf8),
                salt: salt,
                iterations: iterations,
                length: expected.count
            )
            return constantTimeEquals(actual, expected)
        default:
            throw CryptoError.invalidSecretHashFormat
        }
    }

    static func scryptDerive(
        _ secret: [UInt8],
        salt: [UInt8],
        parameters: ScryptParameters,
        length: Int
    ) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        // RFC 7914 needs 128·N·r bytes for V plus 128·r·p for B; allow twice that.
        let maxMemory = 2 * 128 * parameters.n * parameters.r + 128 * parameters.r * parameters.p
        let ok = secret.withUnsafeBufferPointer { pass in
            pass.withMemoryRebound(to: CChar.self) { passChars in
                EVP_PBE_scrypt(
                    passChars.baseAddress,
                    passChars.count,
                    salt,
                    salt.count,
                    parameters.n,
                    parameters.r,
                    parameters.p,
                    maxMemory,
                    &out,
                    length
                )
            }
        }
        guard ok == 1 else { throw OpenSSLErrorQueue.error("EVP_PBE_scrypt") }
        return out
    }

    static func pbkdf2Derive(_ secret: [UInt8], salt: [UInt8], iterations: Int, length: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        let ok = secret.withUnsafeBufferPointer { pass in
            pass.withMemoryRebound(to: CChar.self) { passChars in
                PKCS5_PBKDF2_HMAC(
                    passChars.baseAddress,
                    Int32(passChars.count),
                    salt,
                    Int32(salt.count),
                    Int32(iterations),
                    EVP_sha256(),
                    Int32(length),
                    &out
                )
            }
        }
        guard ok == 1 else { throw OpenSSLErrorQueue.error("PKCS5_PBKDF2_HMAC") }
        return out
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    static func unbase64(_ text: String) -> [UInt8]? { Data(base64Encoded: text).map { Array($0) } }
}

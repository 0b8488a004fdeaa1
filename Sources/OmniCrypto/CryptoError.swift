/// Why a cryptographic operation failed.
///
/// No case ever carries key material, plaintext or secrets: only sizes, names and OpenSSL's
/// own reason strings (which describe the failure, never the data).
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `RAND_bytes` reported failure (the DRBG could not be seeded); nothing random was returned.
    case randomGenerationFailed
    /// An RSA key is smaller than we accept. NIST SP 800-57 and RFC 7518 §3.3 ("A key of size
    /// 2048 bits or larger MUST be used with these algorithms") set the floor at 2048 bits.
    case keyTooSmall(bits: Int, minimum: Int)
    /// An RSA key is larger than we accept (public-key operations grow with the modulus, so a
    /// huge key is a denial-of-service lever).
    case keyTooLarge(bits: Int, maximum: Int)
    /// The key parsed, but it is not an RSA key.
    case notAnRSAKey
    /// The PEM text could not be parsed as the expected kind of key (or it is encrypted).
    case invalidPEM
    /// The RSA modulus or exponent is not acceptable (empty, even, or exponent < 3).
    case invalidKeyComponents
    /// A symmetric key or nonce has the wrong length.
    case invalidLength(what: String, expected: Int, actual: Int)
    /// AES-GCM authentication failed: wrong key, wrong associated data or tampered ciphertext.
    case authenticationFailed
    /// A sealed AES-GCM box is too short to hold a nonce and a tag.
    case invalidSealedBox
    /// A stored secret hash is not in a format we recognise (`scrypt$...` or `pbkdf2-sha256$...`).
    case invalidSecretHashFormat
    /// A stored secret hash names parameters outside the range we are willing to compute.
    case unsupportedSecretHashParameters
    /// An OpenSSL call failed; `operation` names the call, `reason` is OpenSSL's error string.
    case openSSL(operation: String, reason: String)

    /// A one-line explanation, safe to log.
    public var description: String {
        switch self {
        case .randomGenerationFailed:
            return "RAND_bytes failed"
        case .keyTooSmall(let bits, let minimum):
            return "RSA key of \(bits) bits is smaller than the \(minimum)-bit minimum"
        case .keyTooLarge(let bits, let maximum):
            return "RSA key of \(bits) bits is larger than the \(maximum)-bit maximum"
        case .notAnRSAKey:
            return "key is not an RSA key"
        case .invalidPEM:
            return "PEM could not be parsed as an unencrypted key"
        case .invalidKeyComponents:
            return "RSA modulus or exponent is invalid"
        case .invalidLength(let what, let expected, let actual):
            return "\(what) must be \(expected) bytes, got \(actual)"
        case .authenticationFailed:
            return "AES-GCM authentication failed"
        case .invalidSealedBox:
            return "sealed box is too short"
        case .invalidSecretHashFormat:
            return "secret hash is not in a recognised format"
        case .unsupportedSecretHashParameters:
            return "secret hash parameters are out of range"
        case .openSSL(let operation, let reason):
            return "\(operation) failed: \(reason)"
        }
    }
}

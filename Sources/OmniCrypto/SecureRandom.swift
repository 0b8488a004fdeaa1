import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG (`RAND_bytes`), the only source
/// of randomness in OmniID.
public enum SecureRandom {
    /// `count` random bytes.
    ///
    /// - Throws: `CryptoError.randomGenerationFailed` if `RAND_bytes` fails; it never falls back
    ///   to a weaker source.
    public static func bytes(count: Int) throws -> [UInt8] {
        precondition(count >= 0, "count must not be negative")
        guard count > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard ok == 1 else {
            ERR_clear_error()
            throw CryptoError.randomGenerationFailed
        }
        return out
    }
}

import COpenSSL

/// HMAC (RFC 2104) with SHA-256.
public enum HMAC {
    /// The 32-byte HMAC-SHA-256 of `data` under `key`.
    ///
    /// - Throws: `CryptoError.openSSL` if OpenSSL cannot compute the MAC (allocation failure).
    public static func sha256<Key: Collection, Bytes: Collection>(
        key: Key,
        data: Bytes
    ) throws -> [UInt8] where Key.Element == UInt8, Bytes.Element == UInt8 {
        var out = [UInt8](repeating: 0, count: SHA256.byteCount)
        var outLength = 0
        let result = withBytes(key) { keyBytes in
            withBytes(data) { input in
                out.withUnsafeMutableBufferPointer { output in
                    // A zero-length key still needs a non-null pointer for EVP_Q_mac.
                    withUnsafeBytes(of: UInt8(0)) { zero in
                        EVP_Q_mac(
                            nil,
                            "HMAC",
                            nil,
                            "SHA256",
                            nil,
                            keyBytes.count > 0 ? UnsafeRawPointer(keyBytes.baseAddress) : zero.baseAddress,
                            keyBytes.count,
                            input.baseAddress,
                            input.count,
                            output.baseAddress,
                            output.count,
                            &outLength
                        )
                    }
                }
            }
        }
        guard result != nil, outLength == SHA256.byteCount else { throw OpenSSLErrorQueue.error("EVP_Q_mac") }
        return out
    }

    /// Whether `code` is the HMAC-SHA-256 of `data` under `key`, compared in constant time.
    public static func isValidSHA256<Code: Collection, Key: Collection, Bytes: Collection>(
        _ code: Code,
        key: Key,
        data: Bytes
    ) throws -> Bool where Code.Element == UInt8, Key.Element == UInt8, Bytes.Element == UInt8 {
        constantTimeEquals(try sha256(key: key, data: data), code)
    }
}

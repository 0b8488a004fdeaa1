import COpenSSL

/// Owns one `EVP_PKEY`, freed exactly once when the last reference goes.
///
/// `@unchecked Sendable` because the pointer is never mutated after construction, and OpenSSL 3
/// documents `EVP_PKEY` as safe for concurrent read-only use from several threads (its
/// reference count is atomic, and every sign or verify here uses its own `EVP_MD_CTX` /
/// `EVP_PKEY_CTX`, never a shared one).
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    var bits: Int { Int(EVP_PKEY_get_bits(pointer)) }

    var isRSA: Bool { EVP_PKEY_is_a(pointer, "RSA") == 1 }

    /// The big-endian bytes of a BIGNUM parameter (`"n"`, `"e"`), without leading zeros.
    func bigEndianParameter(_ name: String) throws -> [UInt8] {
        var bn: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pointer, name, &bn) == 1, let bn else {
            throw OpenSSLErrorQueue.error("EVP_PKEY_get_bn_param(\(name))")
        }
        defer { BN_free(bn) }
        let count = Int((BN_num_bits(bn) + 7) / 8)
        var out = [UInt8](repeating: 0, count: count)
        _ = BN_bn2bin(bn, &out)
        return out
    }
}

/// RSA key size limits shared by signing and verification.
enum RSAKeySize {
    /// RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used with these algorithms."
    static let minimumBits = 2048
    /// Public-key cost grows with the modulus; nobody needs more than this.
    static let maximumBits = 16384

    static func check(_ bits: Int) throws {
        guard bits >= minimumBits else { throw CryptoError.keyTooSmall(bits: bits, minimum: minimumBits) }
        guard bits <= maximumBits else { throw CryptoError.keyTooLarge(bits: bits, maximum: maximumBits) }
    }
}

/// Reads everything written into a memory BIO.
func drainMemoryBIO(_ bio: OpaquePointer) -> [UInt8] {
    let pending = Int(BIO_ctrl_pending(bio))
    guard pending > 0 else { return [] }
    var out = [UInt8](repeating: 0, count: pending)
    let read = BIO_read(bio, &out, Int32(pending))
    return read > 0 ? Array(out.prefix(Int(read))) : []
}

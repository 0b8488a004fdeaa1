import COpenSSL

/// An RSA public key (2048 to 16384 bits) that verifies RS256 signatures.
///
/// Equality compares the modulus and the exponent.
public struct RSAPublicKey: Sendable, Equatable, CustomStringConvertible {
    let key: EVPKey
    let verifier: RS256Context
    /// The modulus `n`, big-endian, without leading zero bytes.
    public let modulus: [UInt8]
    /// The public exponent `e`, big-endian, without leading zero bytes.
    public let exponent: [UInt8]

    /// Builds a key from its modulus and exponent as big-endian unsigned integers (the
    /// Base64urlUInt-decoded `n` and `e` of a JWK, RFC 7518 §6.3.1).
    ///
    /// - Throws: `CryptoError.invalidKeyComponents` for an even or empty modulus or an exponent
    ///   that is even or below 3; `.keyTooSmall` below 2048 bits (RFC 7518 §3.3);
    ///   `.keyTooLarge` above 16384 bits.
    public init(modulus: [UInt8], exponent: [UInt8]) throws {
        let n = Array(modulus.drop { $0 == 0 })
        let e = Array(exponent.drop { $0 == 0 })
        guard let nLast = n.last, nLast & 1 == 1, let eLast = e.last, eLast & 1 == 1, e.count <= 8,
            e.count > 1 || e[0] >= 3
        else { throw CryptoError.invalidKeyComponents }
        let bits = (n.count - 1) * 8 + (8 - n[0].leadingZeroBitCount)
        try RSAKeySize.check(bits)

        guard let build = OSSL_PARAM_BLD_new() else { throw OpenSSLErrorQueue.error("OSSL_PARAM_BLD_new") }
        defer { OSSL_PARAM_BLD_free(build) }
        guard let nBN = BN_bin2bn(n, Int32(n.count), nil) else { throw OpenSSLErrorQueue.error("BN_bin2bn") }
        defer { BN_free(nBN) }
        guard let eBN = BN_bin2bn(e, Int32(e.count), nil) else { throw OpenSSLErrorQueue.error("BN_bin2bn") }
        defer { BN_free(eBN) }
        // OSSL_PARAM_BLD keeps the key-name pointers (it does not copy them) until
        // OSSL_PARAM_BLD_to_param, so they must be static strings, not temporary bridges.
        guard OSSL_PARAM_BLD_push_BN(build, Self.paramN, nBN) == 1,
            OSSL_PARAM_BLD_push_BN(build, Self.paramE, eBN) == 1,
            let params = OSSL_PARAM_BLD_to_param(build)
        else { throw OpenSSLErrorQueue.error("OSSL_PARAM_BLD_push_BN") }
        defer { OSSL_PARAM_free(params) }
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
            throw OpenSSLErrorQueue.error("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        var pkey: OpaquePointer?
        guard EVP_PKEY_fromdata_init(ctx) == 1,
            EVP_PKEY_fromdata(
                ctx,
                &pkey,
                Int32(OSSL_KEYMGMT_SELECT_ALL_PARAMETERS | OSSL_KEYMGMT_SELECT_PUBLIC_KEY),
                params
            ) == 1, let pkey
        else { throw OpenSSLErrorQueue.error("EVP_PKEY_fromdata") }
        self.key = EVPKey(taking: pkey)
        self.verifier = try RS256Context(key: key, operation: .verify)
        self.modulus = n
        self.exponent = e
    }

    static var paramN: UnsafePointer<CChar> { staticCString("n") }
    static var paramE: UnsafePointer<CChar> { staticCString("e") }

    /// Imports a PEM `SubjectPublicKeyInfo` (`BEGIN PUBLIC KEY`).
    ///
    /// - Throws: `CryptoError.invalidPEM`, `.notAnRSAKey`, `.keyTooSmall`, `.keyTooLarge`.
    public init(pem: String) throws {
        let text = Array(pem.utf8)
        let parsed: OpaquePointer? = text.withUnsafeBufferPointer { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            // The password callback refuses: an encrypted PEM fails to parse instead of
            // prompting on the terminal (OpenSSL's default callback reads the TTY).
            return PEM_read_bio_PUBKEY(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let parsed else {
            ERR_clear_error()
            throw CryptoError.invalidPEM
        }
        let key = EVPKey(taking: parsed)
        guard key.isRSA else { throw CryptoError.notAnRSAKey }
        try self.init(modulus: key.bigEndianParameter("n"), exponent: key.bigEndianParameter("e"))
    }

    /// The key as a PEM `SubjectPublicKeyInfo` (`BEGIN PUBLIC KEY`).
    public func spkiPEM() throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw OpenSSLErrorQueue.error("BIO_new") }
        defer { BIO_free(bio) }
        guard PEM_write_bio_PUBKEY(bio, key.pointer) == 1 else {
            throw OpenSSLErrorQueue.error("PEM_write_bio_PUBKEY")
        }
        return String(decoding: drainMemoryBIO(bio), as: UTF8.self)
    }

    /// The modulus size in bits.
    public var bits: Int { key.bits }

    /// `RSAPublicKey(2048 bits)`.
    public var description: String { "RSAPublicKey(\(bits) bits)" }

    /// Whether `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature (JWS `RS256`,
    /// RFC 7518 §3.3) of `data` under this key.
    ///
    /// Any failure, including a signature of the wrong length (RFC 8017 §8.2.2 step 1: "If the
    /// length of the signature S is not k octets, output 'invalid signature'"), is `false`.
    public func verifyRS256<Signature: Collection, Bytes: Collection>(
        signature: Signature,
        data: Bytes
    ) -> Bool where Signature.Element == UInt8, Bytes.Element == UInt8 {
        guard signature.count == (bits + 7) / 8 else { return false }
        let digest = SHA256.hash(data)
        return withBytes(signature) { verifier.verify(signature: $0, digest: digest) }
    }

    /// Keys are equal when their modulus and exponent are.
    public static func == (lhs: RSAPublicKey, rhs: RSAPublicKey) -> Bool {
        lhs.modulus == rhs.modulus && lhs.exponent == rhs.exponent
    }
}

/// A pointer to a string literal's static, NUL-terminated storage, valid for the process lifetime.
func staticCString(_ string: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(string.utf8Start).assumingMemoryBound(to: CChar.self)
}

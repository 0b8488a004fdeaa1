import COpenSSL

/// An RSA private key (2048 to 16384 bits) that signs RS256: RSASSA-PKCS1-v1_5 with SHA-256
/// (RFC 7518 §3.3, RFC 8017 §8.2).
///
/// The key bytes never leave this type except through ``pkcs8PEM()``, which exists to write
/// the key file; `description` shows only the size.
public struct RSAPrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let key: EVPKey
    let signer: RS256Context
    /// The matching public key, derived once.
    public let publicKey: RSAPublicKey

    init(key: EVPKey) throws {
        guard key.isRSA else { throw CryptoError.notAnRSAKey }
        try RSAKeySize.check(key.bits)
        self.key = key
        self.signer = try RS256Context(key: key, operation: .sign)
        self.publicKey = try RSAPublicKey(
            modulus: key.bigEndianParameter("n"),
            exponent: key.bigEndianParameter("e")
        )
    }

    /// Generates a fresh key with public exponent 65537.
    ///
    /// - Parameter bits: modulus size, at least 2048 (RFC 7518 §3.3) and at most 16384.
    public static func generate(bits: Int = 2048) throws -> RSAPrivateKey {
        try RSAKeySize.check(bits)
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
            throw OpenSSLErrorQueue.error("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_keygen_init(ctx) == 1 else { throw OpenSSLErrorQueue.error("EVP_PKEY_keygen_init") }
        guard EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, Int32(bits)) == 1 else {
            throw OpenSSLErrorQueue.error("EVP_PKEY_CTX_set_rsa_keygen_bits")
        }
        var pkey: OpaquePointer?
        guard EVP_PKEY_generate(ctx, &pkey) == 1, let pkey else {
            throw OpenSSLErrorQueue.error("EVP_PKEY_generate")
        }
        return try RSAPrivateKey(key: EVPKey(taking: pkey))
    }

    /// Imports an unencrypted PEM private key: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1
    /// (`BEGIN RSA PRIVATE KEY`).
    ///
    /// - Throws: `CryptoError.invalidPEM` (including for encrypted PEMs: we never prompt),
    ///   `.notAnRSAKey`, `.keyTooSmall`, `.keyTooLarge`.
    public init(pem: String) throws {
        var text = Array(pem.utf8)
        defer { text.withUnsafeMutableBufferPointer { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        let parsed: OpaquePointer? = text.withUnsafeBufferPointer { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            // The password callback refuses: an encrypted PEM fails to parse instead of
            // prompting on the terminal (OpenSSL's default callback reads the TTY).
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let parsed else {
            ERR_clear_error()
            throw CryptoError.invalidPEM
        }
        try self.init(key: EVPKey(taking: parsed))
    }

    /// The key as an unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`), for writing the key file.
    public func pkcs8PEM() throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw OpenSSLErrorQueue.error("BIO_new") }
        defer { BIO_free(bio) }
        guard PEM_write_bio_PKCS8PrivateKey(bio, key.pointer, nil, nil, 0, nil, nil) == 1 else {
            throw OpenSSLErrorQueue.error("PEM_write_bio_PKCS8PrivateKey")
        }
        var bytes = drainMemoryBIO(bio)
        defer { bytes.withUnsafeMutableBufferPointer { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The modulus size in bits.
    public var bits: Int { key.bits }

    /// The size of a signature in bytes (the modulus length).
    public var signatureByteCount: Int { (key.bits + 7) / 8 }

    /// `RSAPrivateKey(2048 bits)`: never any key material.
    public var description: String { "RSAPrivateKey(\(bits) bits)" }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// Reflection (`dump`, debuggers) shows the size only.
    public var customMirror: Mirror { Mirror(self, children: ["bits": bits]) }

    /// Signs `data` with RSASSA-PKCS1-v1_5 over SHA-256 (JWS `RS256`, RFC 7518 §3.3).
    ///
    /// Each call works on its own copy of a prepared `EVP_PKEY_CTX`, so one key signs from many
    /// threads at once.
    public func signRS256<Bytes: Collection>(_ data: Bytes) throws -> [UInt8] where Bytes.Element == UInt8 {
        try signer.sign(digest: SHA256.hash(data), signatureLength: signatureByteCount)
    }
}

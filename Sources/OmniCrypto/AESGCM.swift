import COpenSSL

/// AES-256-GCM (NIST SP 800-38D) with a random 12-byte nonce and a 16-byte tag.
///
/// A sealed box is `nonce ‖ ciphertext ‖ tag`. The nonce is drawn from `RAND_bytes` for every
/// seal; with 96-bit random nonces a single key must stay well below 2³² seals (SP 800-38D
/// §8.3), far beyond what one refresh-token family produces.
public enum AESGCM {
    /// Key length in bytes (AES-256).
    public static let keyByteCount = 32
    /// Nonce length in bytes (the GCM default IV length).
    public static let nonceByteCount = 12
    /// Tag length in bytes (the full 128-bit tag).
    public static let tagByteCount = 16

    /// Encrypts and authenticates `plaintext`, also authenticating `associatedData`.
    ///
    /// - Returns: `nonce ‖ ciphertext ‖ tag`.
    /// - Throws: `CryptoError.invalidLength` for a key that is not 32 bytes; `CryptoError` if
    ///   randomness or OpenSSL fails.
    public static func seal(
        _ plaintext: [UInt8],
        key: [UInt8],
        associatedData: [UInt8] = []
    ) throws -> [UInt8] {
        guard key.count == keyByteCount else {
            throw CryptoError.invalidLength(what: "AES-256-GCM key", expected: keyByteCount, actual: key.count)
        }
        let nonce = try SecureRandom.bytes(count: nonceByteCount)
        guard let ctx = EVP_CIPHER_CTX_new() else { throw OpenSSLErrorQueue.error("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce) == 1 else {
            throw OpenSSLErrorQueue.error("EVP_EncryptInit_ex")
        }
        var length: Int32 = 0
        if !associatedData.isEmpty {
            guard EVP_EncryptUpdate(ctx, nil, &length, associatedData, Int32(associatedData.count)) == 1 else {
                throw OpenSSLErrorQueue.error("EVP_EncryptUpdate(aad)")
            }
        }
        var out = nonce
        out.reserveCapacity(nonceByteCount + plaintext.count + tagByteCount)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var total: Int32 = 0
        if !plaintext.isEmpty {
            guard EVP_EncryptUpdate(ctx, &ciphertext, &length, plaintext, Int32(plaintext.count)) == 1 else {
                throw OpenSSLErrorQueue.error("EVP_EncryptUpdate")
            }
            total = length
        }
        let finalOK = ciphertext.withUnsafeMutableBufferPointer {
            EVP_EncryptFinal_ex(ctx, $0.baseAddress.map { $0 + Int(total) }, &length)
        }
        guard finalOK == 1 else { throw OpenSSLErrorQueue.error("EVP_EncryptFinal_ex") }
        total += length
        var tag = [UInt8](repeating: 0, count: tagByteCount)
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(tagByteCount), &tag) == 1 else {
            throw OpenSSLErrorQueue.error("EVP_CTRL_GCM_GET_TAG")
        }
        out += ciphertext.prefix(Int(total))
        out += tag
        return out
    }

    /// Verifies and decrypts a box made by ``seal(_:key:associatedData:)``.
    ///
    /// - Throws: `CryptoError.authenticationFailed` if the key, the associated data or any byte
    ///   of the box is wrong (no partial plaintext is ever returned);
    ///   `CryptoError.invalidSealedBox` if the box is shorter than a nonce and a tag.
    public static func open(
        _ sealedBox: [UInt8],
        key: [UInt8],
        associatedData: [UInt8] = []
    ) throws -> [UInt8] {
        guard key.count == keyByteCount else {
            throw CryptoError.invalidLength(what: "AES-256-GCM key", expected: keyByteCount, actual: key.count)
        }
        guard sealedBox.count >= nonceByteCount + tagByteCount else { throw CryptoError.invalidSealedBox }
        let nonce = Array(sealedBox[..<nonceByteCount])
        let ciphertext = Array(sealedBox[nonceByteCount..<(sealedBox.count - tagByteCount)])
        var tag = Array(sealedBox.suffix(tagByteCount))
        guard let ctx = EVP_CIPHER_CTX_new() else { throw OpenSSLErrorQueue.error("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce) == 1 else {
            throw OpenSSLErrorQueue.error("EVP_DecryptInit_ex")
        }
        var length: Int32 = 0
        if !associatedData.isEmpty {
            guard EVP_DecryptUpdate(ctx, nil, &length, associatedData, Int32(associatedData.count)) == 1 else {
                throw OpenSSLErrorQueue.error("EVP_DecryptUpdate(aad)")
            }
        }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var total: Int32 = 0
        if !ciphertext.isEmpty {
            guard EVP_DecryptUpdate(ctx, &plaintext, &length, ciphertext, Int32(ciphertext.count)) == 1 else {
                throw OpenSSLErrorQueue.error("EVP_DecryptUpdate")
            }
            total = length
        }
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagByteCount), &tag) == 1 else {
            throw OpenSSLErrorQueue.error("EVP_CTRL_GCM_SET_TAG")
        }
        let finalOK = plaintext.withUnsafeMutableBufferPointer {
            EVP_DecryptFinal_ex(ctx, $0.baseAddress.map { $0 + Int(total) }, &length)
        }
        guard finalOK == 1 else {
            ERR_clear_error()
            // Never hand back plaintext that failed authentication.
            plaintext.withUnsafeMutableBufferPointer { OPENSSL_cleanse($0.baseAddress, $0.count) }
            throw CryptoError.authenticationFailed
        }
        total += length
        return Array(plaintext.prefix(Int(total)))
    }
}

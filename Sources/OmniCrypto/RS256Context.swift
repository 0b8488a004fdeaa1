import COpenSSL

/// An `EVP_PKEY_CTX` initialised once for RS256 signing or verification (padding PKCS#1 v1.5,
/// signature digest SHA-256) and then only ever duplicated.
///
/// Initialising a context fetches the signature and digest implementations from the provider
/// store (hash lookups under a lock); duplicating a ready one skips that, which is most of the
/// per-call overhead beyond the RSA arithmetic itself.
///
/// `@unchecked Sendable` because the template is never used for an operation and never
/// mutated after `init`: each call works on its own `EVP_PKEY_CTX_dup` copy, and
/// `EVP_PKEY_CTX_dup` takes a `const EVP_PKEY_CTX *` (it only reads the template and bumps
/// atomic reference counts on the key and the algorithm objects).
final class RS256Context: @unchecked Sendable {
    enum Operation {
        case sign
        case verify
    }

    private let template: OpaquePointer

    init(key: EVPKey, operation: Operation) throws {
        guard let ctx = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else {
            throw OpenSSLErrorQueue.error("EVP_PKEY_CTX_new_from_pkey")
        }
        let initialised: Int32
        switch operation {
        case .sign: initialised = EVP_PKEY_sign_init(ctx)
        case .verify: initialised = EVP_PKEY_verify_init(ctx)
        }
        guard initialised == 1, EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1,
            EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1
        else {
            EVP_PKEY_CTX_free(ctx)
            throw OpenSSLErrorQueue.error("EVP_PKEY_\(operation)_init")
        }
        self.template = ctx
    }

    deinit {
        EVP_PKEY_CTX_free(template)
    }

    /// RSASSA-PKCS1-v1_5 signature of a SHA-256 digest (OpenSSL adds the DigestInfo).
    func sign(digest: [UInt8], signatureLength: Int) throws -> [UInt8] {
        guard let ctx = EVP_PKEY_CTX_dup(template) else { throw OpenSSLErrorQueue.error("EVP_PKEY_CTX_dup") }
        defer { EVP_PKEY_CTX_free(ctx) }
        var signature = [UInt8](repeating: 0, count: signatureLength)
        var length = signatureLength
        guard EVP_PKEY_sign(ctx, &signature, &length, digest, digest.count) == 1 else {
            throw OpenSSLErrorQueue.error("EVP_PKEY_sign")
        }
        if length != signatureLength { signature.removeLast(signatureLength - length) }
        return signature
    }

    /// Whether `signature` is valid for a SHA-256 digest; every failure is `false`.
    func verify(signature: UnsafeBufferPointer<UInt8>, digest: [UInt8]) -> Bool {
        guard let ctx = EVP_PKEY_CTX_dup(template) else {
            ERR_clear_error()
            return false
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        let result = EVP_PKEY_verify(ctx, signature.baseAddress, signature.count, digest, digest.count)
        if result != 1 { ERR_clear_error() }
        return result == 1
    }
}

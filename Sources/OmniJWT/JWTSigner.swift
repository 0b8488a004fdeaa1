import FoundationEssentials
public import OmniCrypto

/// Signs JWTs as compact RS256 JWS (RFC 7515 §7.1) with one private key, naming it in `kid`.
public struct JWTSigner: Sendable {
    /// The `kid` written into every header.
    public let keyID: String
    let key: RSAPrivateKey
    let encoder: JSONEncoder

    /// A signer for `key`, identified as `keyID`.
    public init(key: RSAPrivateKey, keyID: String) {
        self.key = key
        self.keyID = keyID
        self.encoder = JSONEncoder()
        self.encoder.outputFormatting = [.withoutEscapingSlashes]
    }

    /// A signer whose `kid` is the RFC 7638 thumbprint of `key`'s public key.
    public init(key: RSAPrivateKey) {
        self.init(key: key, keyID: key.publicKey.jwkThumbprint)
    }

    /// The JWK of the public key, as a verifier needs it (`kid`, `use: sig`, `alg: RS256`).
    public var publicJWK: JWK { JWK(rsa: key.publicKey, keyID: keyID) }

    /// Encodes `claims` and signs them.
    ///
    /// - Parameter type: the `typ` header: `JWT` by default, `at+jwt` for access tokens
    ///   (RFC 9068 §2.1), or `nil` to omit it.
    /// - Returns: `base64url(header).base64url(claims).base64url(signature)`.
    public func sign<Custom>(_ claims: JWTClaims<Custom>, type: String? = "JWT") throws -> String {
        let payload = try encoder.encode(claims)
        return try sign(payload: payload, type: type)
    }

    /// Signs an already-encoded payload.
    public func sign<Payload: Collection>(payload: Payload, type: String? = "JWT") throws -> String
    where Payload.Element == UInt8 {
        let header = try encoder.encode(JWSHeader(algorithm: .rs256, keyID: keyID, type: type))
        // RFC 7515 §5.1 step 5: the signing input is ASCII(BASE64URL(header) || '.' || BASE64URL(payload)).
        var signingInput = Base64URL.encode(header)
        signingInput += "."
        signingInput += Base64URL.encode(payload)
        let signature = try key.signRS256(signingInput.utf8)
        signingInput += "."
        signingInput += Base64URL.encode(signature)
        return signingInput
    }
}

import FoundationEssentials
public import OmniCrypto

/// Signs JWTs as compact RS256 JWS (RFC 7515 §7.1) with one private key, naming it in `kid`.
public struct JWTSigner: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The `kid` written into every header.
    public let keyID: String
    let key: RSAPrivateKey
    let encoder: JSONEncoder
    /// Encoded headers for the usual `typ` values, made once (they never change for a key).
    let encodedHeaders: [String: String]

    /// A signer for `key`, identified as `keyID`.
    public init(key: RSAPrivateKey, keyID: String) {
        self.key = key
        self.keyID = keyID
        self.encoder = JSONEncoder()
        self.encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var headers: [String: String] = [:]
        for type in ["JWT", "at+jwt"] {
            if let header = try? encoder.encode(JWSHeader(algorithm: .rs256, keyID: keyID, type: type)) {
                headers[type] = Base64URL.encode(header)
            }
        }
        self.encodedHeaders = headers
    }

    /// `JWTSigner(RS256, kid: ...)`: never key material.
    public var description: String { "JWTSigner(RS256, kid: \(keyID))" }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// Reflection (`dump`, debuggers) shows the `kid` only.
    public var customMirror: Mirror { Mirror(self, children: ["keyID": keyID]) }

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
        // RFC 7515 §5.1 step 5: the signing input is ASCII(BASE64URL(header) || '.' || BASE64URL(payload)).
        var signingInput: String
        if let type, let cached = encodedHeaders[type] {
            signingInput = cached
        } else {
            signingInput = Base64URL.encode(try encoder.encode(JWSHeader(algorithm: .rs256, keyID: keyID, type: type)))
        }
        signingInput += "."
        signingInput += Base64URL.encode(payload)
        let signature = try key.signRS256(signingInput.utf8)
        signingInput += "."
        signingInput += Base64URL.encode(signature)
        return signingInput
    }
}

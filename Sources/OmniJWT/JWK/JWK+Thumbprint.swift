public import OmniCrypto

extension JWK {
    /// The RFC 7638 JWK thumbprint: base64url(SHA-256(canonical JSON of the required members)).
    ///
    /// RFC 7638 §3.2: the JSON object contains only the required members of the key type
    /// ("e", "kty", "n" for RSA; "crv", "kty", "x", "y" for EC; "crv", "kty", "x" for OKP), in
    /// lexicographic order, with no whitespace. The members are base64url strings, which need
    /// no JSON escaping; anything else is refused rather than guessed at.
    ///
    /// - Throws: ``JWTError/unusableKey(keyID:reason:)`` if a required member is missing or not
    ///   base64url, ``JWTError/keyTypeMismatch(keyID:keyType:)`` for key types without a
    ///   thumbprint here (`oct`: we never hold `k`).
    public func thumbprint() throws(JWTError) -> String {
        func member(_ value: String?, _ name: String) throws(JWTError) -> String {
            guard let value, (try? Base64URL.decode(value)) != nil else {
                throw .unusableKey(keyID: keyID, reason: "thumbprint needs a base64url \(name)")
            }
            return value
        }
        let canonical: String
        switch keyType {
        case .rsa:
            return Self.rsaThumbprint(modulus: try member(modulus, "n"), exponent: try member(exponent, "e"))
        case .ec:
            guard let curve, curve.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x22 && $0 != 0x5C && $0 < 0x7F }) else {
                throw .unusableKey(keyID: keyID, reason: "thumbprint needs crv")
            }
            canonical = #"{"crv":"\#(curve)","kty":"EC","x":"\#(try member(x, "x"))","y":"\#(try member(y, "y"))"}"#
        case .okp:
            guard let curve, curve.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x22 && $0 != 0x5C && $0 < 0x7F }) else {
                throw .unusableKey(keyID: keyID, reason: "thumbprint needs crv")
            }
            canonical = #"{"crv":"\#(curve)","kty":"OKP","x":"\#(try member(x, "x"))"}"#
        default:
            throw .keyTypeMismatch(keyID: keyID, keyType: keyType.rawValue)
        }
        return Base64URL.encode(SHA256.hash(canonical.utf8))
    }

    static func rsaThumbprint(modulus: String, exponent: String) -> String {
        Base64URL.encode(SHA256.hash(#"{"e":"\#(exponent)","kty":"RSA","n":"\#(modulus)"}"#.utf8))
    }
}

extension RSAPublicKey {
    /// The RFC 7638 thumbprint of this key's JWK, which OmniID uses as its `kid`.
    public var jwkThumbprint: String {
        JWK.rsaThumbprint(modulus: Base64URL.encode(modulus), exponent: Base64URL.encode(exponent))
    }
}

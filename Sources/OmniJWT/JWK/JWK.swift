public import OmniCrypto

/// A JSON Web Key (RFC 7517) holding a public key.
///
/// RSA keys (`kty: RSA`, RFC 7518 §6.3.1) are fully supported. `EC` and `OKP` public keys are
/// kept well enough to round-trip and to be recognised (and refused) when a token names them.
/// Private members (`d`, `p`, `q`, ...) and symmetric `k` values are never read, so a key set
/// that carelessly includes them does not put secrets in memory here; `x5c`, `x5t` and `x5u`
/// are ignored.
public struct JWK: Codable, Sendable, Equatable {
    /// A `kty` value (RFC 7517 §4.1, RFC 7518 §6.1), compared case-sensitively.
    public struct KeyType: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
        /// The `kty` string.
        public let rawValue: String
        /// Wraps a `kty` string.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }
        /// Decodes the bare `kty` string.
        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }
        /// Encodes the bare `kty` string.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
        /// `RSA` (RFC 7518 §6.3).
        public static let rsa = KeyType(rawValue: "RSA")
        /// `EC` (RFC 7518 §6.2).
        public static let ec = KeyType(rawValue: "EC")
        /// `oct` (RFC 7518 §6.4): a symmetric key, never accepted for verification.
        public static let oct = KeyType(rawValue: "oct")
        /// `OKP` (RFC 8037).
        public static let okp = KeyType(rawValue: "OKP")
        /// The `kty` string.
        public var description: String { rawValue }
    }

    /// `kty` (RFC 7517 §4.1). REQUIRED.
    public var keyType: KeyType
    /// `kid` (RFC 7517 §4.5).
    public var keyID: String?
    /// `use` (RFC 7517 §4.2): `sig` or `enc`.
    public var use: String?
    /// `alg` (RFC 7517 §4.4): the algorithm the key is intended for.
    public var algorithm: String?
    /// `key_ops` (RFC 7517 §4.3).
    public var keyOperations: [String]?
    /// `n` (RFC 7518 §6.3.1.1): the RSA modulus, Base64urlUInt.
    public var modulus: String?
    /// `e` (RFC 7518 §6.3.1.2): the RSA public exponent, Base64urlUInt.
    public var exponent: String?
    /// `crv` (RFC 7518 §6.2.1.1, RFC 8037 §2).
    public var curve: String?
    /// `x` (RFC 7518 §6.2.1.2, RFC 8037 §2).
    public var x: String?
    /// `y` (RFC 7518 §6.2.1.3).
    public var y: String?

    /// Creates a JWK from its members.
    public init(
        keyType: KeyType,
        keyID: String? = nil,
        use: String? = nil,
        algorithm: String? = nil,
        keyOperations: [String]? = nil,
        modulus: String? = nil,
        exponent: String? = nil,
        curve: String? = nil,
        x: String? = nil,
        y: String? = nil
    ) {
        self.keyType = keyType
        self.keyID = keyID
        self.use = use
        self.algorithm = algorithm
        self.keyOperations = keyOperations
        self.modulus = modulus
        self.exponent = exponent
        self.curve = curve
        self.x = x
        self.y = y
    }

    enum CodingKeys: String, CodingKey {
        case keyType = "kty"
        case keyID = "kid"
        case use
        case algorithm = "alg"
        case keyOperations = "key_ops"
        case modulus = "n"
        case exponent = "e"
        case curve = "crv"
        case x
        case y
    }

    /// The JWK of an RSA public key, as OmniID publishes it: `kty`, `n`, `e`, `kid` (the RFC 7638
    /// thumbprint unless given), `use: sig`, `alg: RS256`.
    public init(rsa key: RSAPublicKey, keyID: String? = nil, use: String? = "sig", algorithm: JWSAlgorithm? = .rs256) {
        self.init(
            keyType: .rsa,
            use: use,
            algorithm: algorithm?.rawValue,
            modulus: Base64URL.encode(key.modulus),
            exponent: Base64URL.encode(key.exponent)
        )
        self.keyID = keyID ?? Self.rsaThumbprint(modulus: modulus ?? "", exponent: exponent ?? "")
    }

    /// The RSA public key this JWK describes.
    ///
    /// - Throws: ``JWTError/keyTypeMismatch(keyID:keyType:)`` if `kty` is not `RSA`;
    ///   ``JWTError/unusableKey(keyID:reason:)`` if `n`/`e` are missing, not base64url, or make
    ///   an unacceptable key (e.g. smaller than 2048 bits, RFC 7518 §3.3).
    public func rsaPublicKey() throws(JWTError) -> RSAPublicKey {
        guard keyType == .rsa else { throw .keyTypeMismatch(keyID: keyID, keyType: keyType.rawValue) }
        guard let modulus, let exponent else { throw .unusableKey(keyID: keyID, reason: "missing n or e") }
        let n: [UInt8]
        let e: [UInt8]
        do {
            n = try Base64URL.decode(modulus)
            e = try Base64URL.decode(exponent)
        } catch {
            throw .unusableKey(keyID: keyID, reason: "n or e is not base64url")
        }
        do {
            return try RSAPublicKey(modulus: n, exponent: e)
        } catch {
            throw .unusableKey(keyID: keyID, reason: "\(error)")
        }
    }
}

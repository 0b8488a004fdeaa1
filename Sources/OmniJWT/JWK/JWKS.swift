/// A JWK Set (RFC 7517 §5): `{"keys": [...]}`.
///
/// RFC 7517 §5: "Implementations SHOULD ignore JWKs within a JWK Set that use "kty" (key type)
/// values that are not understood by them, that are missing required members, or for which
/// values are out of the supported ranges." Members that do not decode as a JWK at all (no
/// `kty`) are dropped here; keys of other types are kept so that a token naming one gets a
/// precise ``JWTError/keyTypeMismatch(keyID:keyType:)`` instead of an unknown `kid`.
public struct JWKS: Codable, Sendable, Equatable {
    /// The keys, in document order.
    public var keys: [JWK]

    /// Creates a set.
    public init(keys: [JWK]) {
        self.keys = keys
    }

    enum CodingKeys: String, CodingKey {
        case keys
    }

    /// Decodes `keys` (REQUIRED), skipping members that are not JWKs.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        keys = try container.decode([Lenient].self, forKey: .keys).compactMap(\.key)
    }

    /// The key whose `kid` is `keyID` (the first one, should a set repeat a `kid` against
    /// RFC 7517 §4.5).
    public subscript(keyID keyID: String) -> JWK? {
        keys.first { $0.keyID == keyID }
    }

    private struct Lenient: Decodable {
        let key: JWK?
        init(from decoder: any Decoder) throws {
            key = try? JWK(from: decoder)
        }
    }
}

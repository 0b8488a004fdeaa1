import OmniCrypto
import OmniJWT

/// Opaque bearer secrets: 32 random bytes (256 bits, RFC 9700 §4.14 and RFC 6749 §10.10) in
/// base64url, for authorization codes. Refresh tokens wrap the same 256 bits in a grant id and a
/// tag (``RefreshTokenCodec``) and are stored under the same digest. Only SHA-256 of a token is
/// stored; with 256 random bits a fast hash cannot be reversed by guessing.
public enum OpaqueToken {
    /// A fresh token from `RAND_bytes`.
    public static func generate() throws -> String { Base64URL.encode(try SecureRandom.bytes(count: 32)) }

    /// The digest under which a token is stored and looked up.
    public static func digest(_ token: String) -> [UInt8] { SHA256.hash(Array(token.utf8)) }

    /// Whether `text` could be a token we issued (43 base64url characters): junk is refused before
    /// any lookup.
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 43 && text.utf8.allSatisfy(isBase64URL)
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}

/// The successor of a rotated refresh token, kept only encrypted under a key derived from the
/// token it replaced, so that the same client retrying inside the reuse grace can be given the very
/// same successor (BRIEF: `refresh_token_reuse_grace`) while the database alone never yields it.
///
/// Key = HMAC-SHA256(server secret, label ‖ presented token); AES-256-GCM with the presented
/// token's digest as associated data, so a box cannot be moved to another row.
public enum SuccessorSeal {
    static let label = Array("omniid refresh successor v1\u{0}".utf8)

    public static func seal(_ successor: String, presented: String, serverSecret: [UInt8]) throws -> [UInt8] {
        try AESGCM.seal(
            Array(successor.utf8),
            key: key(presented, serverSecret),
            associatedData: OpaqueToken.digest(presented)
        )
    }

    /// The successor, or nil if the box does not open with this token.
    public static func open(_ box: [UInt8], presented: String, serverSecret: [UInt8]) -> String? {
        guard let key = try? key(presented, serverSecret),
            let plain = try? AESGCM.open(box, key: key, associatedData: OpaqueToken.digest(presented))
        else { return nil }
        return String(validating: plain, as: UTF8.self)
    }

    private static func key(_ presented: String, _ serverSecret: [UInt8]) throws -> [UInt8] {
        try HMAC.sha256(key: serverSecret, data: label + Array(presented.utf8))
    }
}

import OmniCrypto
import OmniJWT

/// A refresh token as the client sees it: opaque, 92 base64url characters (69 bytes):
///
///     version (1) ‖ grant id (16) ‖ generation (4, big-endian) ‖ secret (32, RAND_bytes) ‖ tag (16)
///
/// - The 256-bit secret makes the token unguessable (RFC 6749 §10.10, RFC 9700 §4.14); only the
///   SHA-256 of the whole token is stored, on its grant's row.
/// - The grant id lets a refresh find its grant by primary key, and the generation says which
///   rotation minted the token, so a grant row keeps the state of the current token alone
///   (``RefreshFamilyStore``).
/// - The tag, HMAC-SHA256 truncated to 128 bits under a key derived from the server secret,
///   proves we minted the token. It is checked before any lookup: junk never reaches the
///   database, and a forgery naming a real grant id is merely invalid, whereas a token with a good
///   tag that is not its grant's current one can only be a rotated token coming back (reuse).
public struct RefreshTokenCodec: Sendable {
    /// A refresh token whose shape and tag are good: minted by us for this grant and generation.
    public struct Minted: Sendable, Equatable {
        public let token: String
        public let grantID: String
        public let generation: UInt32
        /// The digest stored for the token, computed once: a refresh compares it with the current
        /// and the previous digest.
        public let digest: [UInt8]

        init(token: String, grantID: String, generation: UInt32) {
            self.token = token
            self.grantID = grantID
            self.generation = generation
            self.digest = OpaqueToken.digest(token)
        }
    }

    static let version: UInt8 = 1
    static let grantIDLength = 16
    static let secretLength = 32
    static let tagLength = 16
    static let byteCount = 1 + grantIDLength + 4 + secretLength + tagLength
    /// 69 bytes in unpadded base64url.
    public static let textLength = 92
    static let tagLabel = Array("omniid refresh token tag v1\u{0}".utf8)

    private let tagKey: [UInt8]

    public init(serverSecret: [UInt8]) throws {
        tagKey = try HMAC.sha256(key: serverSecret, data: Self.tagLabel)
    }

    /// A new token of `grantID` (an id from ``RefreshFamilyStore/newGrantID()``) at `generation`.
    public func mint(grantID: String, generation: UInt32) throws -> Minted {
        let id = try Base64URL.decode(grantID)
        guard id.count == Self.grantIDLength else {
            throw CryptoError.invalidLength(what: "grant id", expected: Self.grantIDLength, actual: id.count)
        }
        var bytes = [Self.version] + id
        withUnsafeBytes(of: generation.bigEndian) { bytes.append(contentsOf: $0) }
        bytes += try SecureRandom.bytes(count: Self.secretLength)
        bytes += try tag(bytes)
        return Minted(token: Base64URL.encode(bytes), grantID: grantID, generation: generation)
    }

    /// The token's grant and generation when its shape and tag are good; nil for anything else.
    public func parse(_ text: String) -> Minted? {
        guard text.utf8.count == Self.textLength, let bytes = try? Base64URL.decode(text),
            bytes.count == Self.byteCount, bytes[0] == Self.version
        else { return nil }
        let body = bytes[..<(Self.byteCount - Self.tagLength)]
        guard let expected = try? tag(body), constantTimeEquals(expected, bytes[body.endIndex...]) else { return nil }
        let id = bytes[1..<(1 + Self.grantIDLength)]
        let generation = bytes[(1 + Self.grantIDLength)..<(5 + Self.grantIDLength)].reduce(UInt32(0)) {
            $0 << 8 | UInt32($1)
        }
        return Minted(token: text, grantID: Base64URL.encode(id), generation: generation)
    }

    private func tag<Bytes: Collection>(_ body: Bytes) throws -> [UInt8] where Bytes.Element == UInt8 {
        Array(try HMAC.sha256(key: tagKey, data: body).prefix(Self.tagLength))
    }
}

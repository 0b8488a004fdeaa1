import OmniCrypto
import OmniJWT

/// A Content Security Policy nonce (CSP Level 3 §2.3.1, `nonce-source`), fresh for every response.
///
/// The nonce lands in a response header and in `nonce` attributes, so only the `base64-value` alphabet is
/// accepted: nothing a caller passes can break out of the header or the attribute.
public struct CSPNonce: Sendable, Equatable, CustomStringConvertible {
    /// The nonce as it appears in `'nonce-…'` and in `nonce="…"`.
    public let value: String

    /// Accepts a `base64-value` (CSP3: `1*( ALPHA / DIGIT / "+" / "/" / "-" / "_" )*2( "=" )`) of at least
    /// 16 characters (CSP3 §7.7: at least 128 bits of entropy), at most 256.
    public init?(_ value: String) {
        let bytes = Array(value.utf8)
        guard (16...256).contains(bytes.count) else { return nil }
        let body = bytes.prefix { $0 != UInt8(ascii: "=") }
        let padding = bytes.count - body.count
        guard padding <= 2, bytes.suffix(padding).allSatisfy({ $0 == UInt8(ascii: "=") }),
            body.allSatisfy(Self.isBase64Character)
        else { return nil }
        self.value = value
    }

    /// A nonce of 128 random bits from OpenSSL's `RAND_bytes`, base64url-encoded.
    public static func random() throws -> CSPNonce {
        CSPNonce(unchecked: Base64URL.encode(try SecureRandom.bytes(count: 16)))
    }

    public var description: String { value }

    private init(unchecked value: String) { self.value = value }

    private static func isBase64Character(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "-"),
            UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}

import FoundationEssentials
import OmniCrypto
import OmniJWT

/// Keys generated once per test process (RSA generation is slow in debug builds).
enum TestKeys {
    static let first: RSAPrivateKey = generate()
    static let second: RSAPrivateKey = generate()

    static func generate() -> RSAPrivateKey {
        do { return try RSAPrivateKey.generate(bits: 2048) } catch { preconditionFailure("RSA keygen: \(error)") }
    }

    /// A compact JWS with exactly these header and payload JSON texts, signed RS256 by `key`.
    static func token(header: String, payload: String, key: RSAPrivateKey = first) throws -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        return input + "." + Base64URL.encode(try key.signRS256(input.utf8))
    }
}

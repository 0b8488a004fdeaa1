import OmniCrypto
import OmniJWT

/// RFC 7636 proof key checks at the token endpoint.
public enum PKCEVerifier {
    /// RFC 7636 §4.1: `code-verifier = 43*128unreserved`, unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~".
    public static func isWellFormed(_ verifier: String) -> Bool {
        (43...128).contains(verifier.utf8.count)
            && verifier.utf8.allSatisfy { byte in
                (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: "~")
            }
    }

    /// RFC 7636 §4.2: `code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))`.
    public static func s256Challenge(_ verifier: String) -> String {
        Base64URL.encode(SHA256.hash(Array(verifier.utf8)))
    }

    /// RFC 7636 §4.6: the recomputed challenge must equal the stored one (constant time).
    public static func verify(_ verifier: String, challenge: String) -> Bool {
        isWellFormed(verifier) && constantTimeEquals(Array(s256Challenge(verifier).utf8), Array(challenge.utf8))
    }
}

/// A JWS `alg` value (RFC 7518 §3.1).
///
/// Only ``rs256`` is implemented; verifiers take an explicit allow-list of these (RFC 8725
/// §3.1: "libraries MUST enable the caller to specify a supported set of algorithms and MUST
/// NOT use any other algorithms when performing cryptographic operations").
public struct JWSAlgorithm: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The `alg` string, compared case-sensitively (RFC 7515 §4.1.1).
    public let rawValue: String

    /// Wraps an `alg` string.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// RSASSA-PKCS1-v1_5 using SHA-256 (RFC 7518 §3.3).
    public static let rs256 = JWSAlgorithm(rawValue: "RS256")

    /// The algorithms this library can sign and verify.
    public static let implemented: Set<JWSAlgorithm> = [.rs256]

    /// The `alg` string.
    public var description: String { rawValue }
}

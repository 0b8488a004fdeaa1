/// Why ``JWKSValidator`` could not obtain keys. Token rejections are ``JWTError``s.
public enum JWKSValidatorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The discovery document answered with a non-200 status.
    case discoveryFailed(status: Int)
    /// The discovery document is not JSON with string `issuer` and `jwks_uri`.
    case invalidDiscoveryDocument(reason: String)
    /// OpenID Connect Discovery 1.0 §4.3: "The issuer value returned MUST be identical to the
    /// Issuer URL that was used as the prefix to /.well-known/openid-configuration to retrieve
    /// the configuration information. This MUST also be identical to the "iss" Claim value in
    /// ID Tokens issued from this Issuer."
    case issuerMismatch(expected: String, actual: String)
    /// The JWK Set answered with a non-200 status.
    case jwksFetchFailed(status: Int)
    /// The JWK Set is not a JSON object with a `keys` array (RFC 7517 §5).
    case invalidJWKS(reason: String)
    /// A response body exceeded the size limit.
    case responseTooLarge(limit: Int)
    /// The fetcher threw (connection refused, timeout, ...).
    case transport(reason: String)

    /// A one-line explanation, safe to log.
    public var description: String {
        switch self {
        case .discoveryFailed(let status): return "discovery document returned HTTP \(status)"
        case .invalidDiscoveryDocument(let reason): return "invalid discovery document: \(reason)"
        case .issuerMismatch(let expected, let actual): return "discovery issuer \(actual) is not \(expected)"
        case .jwksFetchFailed(let status): return "JWKS returned HTTP \(status)"
        case .invalidJWKS(let reason): return "invalid JWKS: \(reason)"
        case .responseTooLarge(let limit): return "response larger than \(limit) bytes"
        case .transport(let reason): return "fetch failed: \(reason)"
        }
    }
}

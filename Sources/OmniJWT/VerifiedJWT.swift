/// A token whose signature, header and claims passed verification.
public struct VerifiedJWT<Custom: Codable & Sendable>: Sendable {
    /// The JOSE header.
    public let header: JWSHeader
    /// The claims.
    public let claims: JWTClaims<Custom>
}

extension VerifiedJWT: Equatable where Custom: Equatable {}

public import FoundationEssentials

/// What a verified token's header and claims must satisfy, beyond its signature.
public struct JWTValidationPolicy: Sendable, Equatable {
    /// The exact `iss` required, or `nil` not to check it.
    public var issuer: String?
    /// An audience that `aud` must contain, or `nil` not to check it.
    public var audience: String?
    /// Accepted `typ` values without the `application/` prefix (e.g. `["at+jwt"]`), or `nil` not
    /// to check `typ` (RFC 8725 §3.11 recommends explicit typing and checking it).
    public var acceptedTypes: [String]?
    /// Clock-skew allowance for `exp`, `nbf` and `iat` (RFC 7519 §4.1.4: "usually no more than
    /// a few minutes").
    public var leeway: TimeInterval
    /// Registered claims that must be present (by JSON name: `iss`, `sub`, `aud`, `exp`, `nbf`,
    /// `iat`, `jti`).
    public var requiredClaims: Set<String>

    /// Creates a policy. By default `exp` is required and the leeway is 60 s.
    public init(
        issuer: String? = nil,
        audience: String? = nil,
        acceptedTypes: [String]? = nil,
        leeway: TimeInterval = 60,
        requiredClaims: Set<String> = ["exp"]
    ) {
        self.issuer = issuer
        self.audience = audience
        self.acceptedTypes = acceptedTypes
        self.leeway = leeway
        self.requiredClaims = requiredClaims
    }

    /// RFC 9068 §4 validation of a JWT access token: `typ` `at+jwt` (or `application/at+jwt`),
    /// `iss` equal to the issuer, `aud` containing this resource server, `exp` in the future.
    /// §2.2 makes `iss`, `exp`, `aud`, `sub`, `client_id`, `iat` and `jti` REQUIRED, so their
    /// absence is a rejection too (`client_id` through ``AccessTokenClaims``).
    public static func accessToken(issuer: String, audience: String, leeway: TimeInterval = 60) -> JWTValidationPolicy {
        JWTValidationPolicy(
            issuer: issuer,
            audience: audience,
            acceptedTypes: ["at+jwt"],
            leeway: leeway,
            requiredClaims: ["iss", "exp", "aud", "sub", "iat", "jti"]
        )
    }

    /// Checks the header parts of the policy (`typ`).
    func validate(header: JWSHeader) throws(JWTError) {
        if let acceptedTypes { try header.verifyType(accepted: acceptedTypes) }
    }

    static func isPresent<Custom>(_ name: String, in claims: JWTClaims<Custom>) -> Bool {
        switch name {
        case "iss": return claims.issuer != nil
        case "sub": return claims.subject != nil
        case "aud": return claims.audience != nil
        case "exp": return claims.expiration != nil
        case "nbf": return claims.notBefore != nil
        case "iat": return claims.issuedAt != nil
        case "jti": return claims.id != nil
        default: return false
        }
    }

    /// Checks the claims against the policy at `now`.
    func validate<Custom>(claims: JWTClaims<Custom>, now: Date) throws(JWTError) {
        for name in requiredClaims where !Self.isPresent(name, in: claims) {
            // Report the alphabetically first missing claim, so the error does not depend on set order.
            throw .missingClaim(requiredClaims.filter { !Self.isPresent($0, in: claims) }.min() ?? name)
        }
        try claims.expiration?.verifyNotExpired(now: now, leeway: leeway)
        try claims.notBefore?.verifyNotBefore(now: now, leeway: leeway)
        try claims.issuedAt?.verifyNotInFuture(now: now, leeway: leeway)
        if let issuer { try IssuerClaim.verify(claims.issuer, expected: issuer) }
        if let audience { try AudienceClaim.verify(claims.audience, includes: audience) }
    }
}

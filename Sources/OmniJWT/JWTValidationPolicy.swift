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

    /// Checks the claims against the policy at `now`.
    func validate<Custom>(claims: JWTClaims<Custom>, now: Date) throws(JWTError) {
        let present: [String: Bool] = [
            "iss": claims.issuer != nil, "sub": claims.subject != nil, "aud": claims.audience != nil,
            "exp": claims.expiration != nil, "nbf": claims.notBefore != nil, "iat": claims.issuedAt != nil,
            "jti": claims.id != nil,
        ]
        for name in requiredClaims.sorted() where present[name] != true {
            throw .missingClaim(name)
        }
        try claims.expiration?.verifyNotExpired(now: now, leeway: leeway)
        try claims.notBefore?.verifyNotBefore(now: now, leeway: leeway)
        try claims.issuedAt?.verifyNotInFuture(now: now, leeway: leeway)
        if let issuer { try IssuerClaim.verify(claims.issuer, expected: issuer) }
        if let audience { try AudienceClaim.verify(claims.audience, includes: audience) }
    }
}

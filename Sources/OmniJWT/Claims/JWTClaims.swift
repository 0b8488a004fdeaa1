import FoundationEssentials

/// A JWT claims set (RFC 7519 §4): the registered claims, plus the application's own claims
/// decoded from the same JSON object.
///
/// `Custom` reads and writes its members through the same encoder/decoder as the registered
/// claims, so its coding keys must not reuse the registered names (`iss`, `sub`, `aud`, `exp`,
/// `nbf`, `iat`, `jti`). Unknown members are ignored (RFC 7519 §4: "all claims that are not
/// understood by implementations MUST be ignored").
public struct JWTClaims<Custom: Codable & Sendable>: Codable, Sendable {
    /// `iss`.
    public var issuer: IssuerClaim?
    /// `sub`.
    public var subject: SubjectClaim?
    /// `aud`.
    public var audience: AudienceClaim?
    /// `exp`.
    public var expiration: ExpirationClaim?
    /// `nbf`.
    public var notBefore: NotBeforeClaim?
    /// `iat`.
    public var issuedAt: IssuedAtClaim?
    /// `jti`.
    public var id: JWTIDClaim?
    /// The application's claims.
    public var custom: Custom

    /// Creates a claims set.
    public init(
        issuer: IssuerClaim? = nil,
        subject: SubjectClaim? = nil,
        audience: AudienceClaim? = nil,
        expiration: ExpirationClaim? = nil,
        notBefore: NotBeforeClaim? = nil,
        issuedAt: IssuedAtClaim? = nil,
        id: JWTIDClaim? = nil,
        custom: Custom
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.expiration = expiration
        self.notBefore = notBefore
        self.issuedAt = issuedAt
        self.id = id
        self.custom = custom
    }

    enum CodingKeys: String, CodingKey {
        case issuer = "iss"
        case subject = "sub"
        case audience = "aud"
        case expiration = "exp"
        case notBefore = "nbf"
        case issuedAt = "iat"
        case id = "jti"
    }

    /// Decodes the registered claims, then `Custom` from the same object.
    public init(from decoder: any Decoder) throws {
        // Registered claims are read as plain JSON values and wrapped afterwards: going through
        // each claim type's own `init(from:)` costs a nested decoder per claim.
        let container = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try container.decodeIfPresent(String.self, forKey: .issuer).map(IssuerClaim.init(value:))
        subject = try container.decodeIfPresent(String.self, forKey: .subject).map(SubjectClaim.init(value:))
        if let single = try? container.decodeIfPresent(String.self, forKey: .audience) {
            audience = AudienceClaim(value: [single])
        } else {
            audience = try container.decodeIfPresent([String].self, forKey: .audience).map(AudienceClaim.init(value:))
        }
        expiration = try Self.date(container, .expiration).map(ExpirationClaim.init(value:))
        notBefore = try Self.date(container, .notBefore).map(NotBeforeClaim.init(value:))
        issuedAt = try Self.date(container, .issuedAt).map(IssuedAtClaim.init(value:))
        id = try container.decodeIfPresent(String.self, forKey: .id).map(JWTIDClaim.init(value:))
        custom = try Custom(from: decoder)
    }

    static func date(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
        guard let seconds = try container.decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard let date = numericDate(seconds) else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: container,
                debugDescription: "NumericDate out of range"
            )
        }
        return date
    }

    /// Encodes the registered claims and `Custom` into one JSON object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(issuer, forKey: .issuer)
        try container.encodeIfPresent(subject, forKey: .subject)
        try container.encodeIfPresent(audience, forKey: .audience)
        try container.encodeIfPresent(expiration, forKey: .expiration)
        try container.encodeIfPresent(notBefore, forKey: .notBefore)
        try container.encodeIfPresent(issuedAt, forKey: .issuedAt)
        try container.encodeIfPresent(id, forKey: .id)
        try custom.encode(to: encoder)
    }
}

extension JWTClaims: Equatable where Custom: Equatable {}

/// For tokens with only registered claims.
public struct NoCustomClaims: Codable, Sendable, Equatable {
    /// Nothing to hold.
    public init() {}
}

public import FoundationEssentials

/// Validates OmniID access tokens (RFC 9068) in another service, with keys discovered and
/// cached from the issuer.
///
/// - Discovery: `{issuer}/.well-known/openid-configuration`, whose `issuer` must equal the
///   configured one character for character (OpenID Connect Discovery 1.0 §4.3), gives
///   `jwks_uri`.
/// - Caching: the JWK Set is kept for its `Cache-Control: max-age` (``defaultMaxAge`` when
///   absent, at most a day). When it expires, the next validation refetches; if that fails the
///   old keys stay in use and the refetch is retried after ``unknownKeyRefetchInterval``.
/// - Rotation: a token whose `kid` is not in the cache triggers one refetch, at most once per
///   ``unknownKeyRefetchInterval``; concurrent validations share one in-flight fetch, so a flood
///   of forged `kid`s costs the issuer at most one request per interval.
public actor JWKSValidator {
    /// The issuer identifier, e.g. `https://id.example.com`.
    public let issuer: String
    /// This service's audience, which every token's `aud` must contain.
    public let audience: String
    /// Minimum time between refetches caused by an unknown `kid` (default 30 s).
    public let unknownKeyRefetchInterval: TimeInterval
    /// Lifetime of the cached keys when the JWKS response has no `Cache-Control: max-age`.
    public let defaultMaxAge: TimeInterval
    /// Clock-skew allowance for `exp`, `nbf` and `iat`.
    public let leeway: TimeInterval

    static let maximumBodySize = 1 << 20
    static let maximumCacheLifetime: TimeInterval = 86_400

    let fetcher: any JWKSFetcher
    let now: @Sendable () -> Date
    var jwksURI: String?
    var verifier: JWTVerifier?
    var expiresAt = Date.distantPast
    var lastFetchStarted: Date?
    var inFlight: Task<Void, any Error>?

    /// Creates a validator; nothing is fetched until the first validation.
    ///
    /// - Parameters:
    ///   - fetcher: the HTTP client; the `OmniJWTURLSession` product provides `URLSessionJWKSFetcher`.
    ///   - now: the clock, injectable for tests.
    public init(
        issuer: String,
        audience: String,
        fetcher: any JWKSFetcher,
        unknownKeyRefetchInterval: TimeInterval = 30,
        defaultMaxAge: TimeInterval = 300,
        leeway: TimeInterval = 60,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.issuer = issuer
        self.audience = audience
        self.fetcher = fetcher
        self.unknownKeyRefetchInterval = unknownKeyRefetchInterval
        self.defaultMaxAge = defaultMaxAge
        self.leeway = leeway
        self.now = now
    }

    /// Validates an RFC 9068 access token: `typ` `at+jwt`, RS256 only, `iss`, `aud`, `exp`,
    /// `iat`, `sub`, `jti`, `client_id`.
    ///
    /// - Throws: ``JWTError`` for a rejected token, ``JWKSValidatorError`` when keys cannot be
    ///   obtained at all.
    public func validateAccessToken(_ token: String) async throws -> JWTClaims<AccessTokenClaims> {
        try await validate(
            token,
            as: AccessTokenClaims.self,
            policy: .accessToken(issuer: issuer, audience: audience, leeway: leeway)
        ).claims
    }

    /// Validates any RS256 JWT from the issuer against `policy`.
    public func validate<Custom: Codable & Sendable>(
        _ token: String,
        as type: Custom.Type,
        policy: JWTValidationPolicy
    ) async throws -> VerifiedJWT<Custom> {
        let verifier = try await currentVerifier()
        do {
            return try verifier.verify(token, as: type, policy: policy, now: now())
        } catch .unknownKeyID(let keyID) {
            // A key rotated in after our last fetch, or a forged kid: refetch, rate-limited.
            if let inFlight {
                try await inFlight.value
            } else if canRefetchForUnknownKey() {
                try await refresh()
            } else {
                throw JWTError.unknownKeyID(keyID)
            }
            guard let refreshed = self.verifier else { throw JWTError.unknownKeyID(keyID) }
            return try refreshed.verify(token, as: type, policy: policy, now: now())
        }
    }

    /// Fetches discovery (first time only) and the JWK Set now, sharing a fetch already in flight.
    public func refresh() async throws {
        if let inFlight {
            try await inFlight.value
            return
        }
        lastFetchStarted = now()
        let task = Task { try await self.fetchAndInstall() }
        inFlight = task
        defer { inFlight = nil }
        try await task.value
    }

    func canRefetchForUnknownKey() -> Bool {
        guard let lastFetchStarted else { return true }
        return now().timeIntervalSince(lastFetchStarted) >= unknownKeyRefetchInterval
    }

    func currentVerifier() async throws -> JWTVerifier {
        if let verifier, now() < expiresAt { return verifier }
        do {
            try await refresh()
        } catch {
            // Stale-if-error: keep validating with the keys we have and try again later.
            guard verifier != nil else { throw error }
            expiresAt = now().addingTimeInterval(unknownKeyRefetchInterval)
        }
        guard let verifier else { throw JWKSValidatorError.invalidJWKS(reason: "no keys") }
        return verifier
    }

    func fetchAndInstall() async throws {
        let uri: String
        if let jwksURI {
            uri = jwksURI
        } else {
            uri = try await discoverJWKSURI()
            jwksURI = uri
        }
        let (status, headers, body) = try await get(uri)
        guard status == 200 else { throw JWKSValidatorError.jwksFetchFailed(status: status) }
        let jwks: JWKS
        do {
            jwks = try JSONValueDecoder.decode(JWKS.self, from: body)
        } catch {
            throw JWKSValidatorError.invalidJWKS(reason: JWTVerifier.reason(error))
        }
        verifier = try JWTVerifier(keys: jwks, allowedAlgorithms: [.rs256])
        let maxAge = min(CacheControl.maxAge(headers) ?? defaultMaxAge, Self.maximumCacheLifetime)
        expiresAt = now().addingTimeInterval(maxAge)
    }

    func discoverJWKSURI() async throws -> String {
        // OpenID Connect Discovery 1.0 §4: remove a terminating "/" before appending the path.
        let base = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        let (status, _, body) = try await get(base + "/.well-known/openid-configuration")
        guard status == 200 else { throw JWKSValidatorError.discoveryFailed(status: status) }
        let document: DiscoveryDocument
        do {
            document = try JSONValueDecoder.decode(DiscoveryDocument.self, from: body)
        } catch {
            throw JWKSValidatorError.invalidDiscoveryDocument(reason: JWTVerifier.reason(error))
        }
        guard document.issuer == issuer else {
            throw JWKSValidatorError.issuerMismatch(expected: issuer, actual: document.issuer)
        }
        return document.jwksURI
    }

    func get(_ url: String) async throws -> (status: Int, headers: [String: String], body: [UInt8]) {
        let response: (status: Int, headers: [String: String], body: [UInt8])
        do {
            response = try await fetcher.get(url)
        } catch {
            throw JWKSValidatorError.transport(reason: "\(error)")
        }
        guard response.body.count <= Self.maximumBodySize else {
            throw JWKSValidatorError.responseTooLarge(limit: Self.maximumBodySize)
        }
        return response
    }

    struct DiscoveryDocument: Decodable {
        let issuer: String
        let jwksURI: String

        enum CodingKeys: String, CodingKey {
            case issuer
            case jwksURI = "jwks_uri"
        }
    }
}

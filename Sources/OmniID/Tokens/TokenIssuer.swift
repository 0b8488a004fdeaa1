public import FoundationEssentials
import OmniCrypto
import OmniJWT

/// Who a member-facing token speaks for: the member, how and when they signed in, what was granted.
public struct MemberAuthorization: Sendable, Equatable {
    public var memberID: MemberID
    public var scope: ScopeSet
    public var amr: [AuthenticationMethod]
    public var authTime: Date

    public init(memberID: MemberID, scope: ScopeSet, amr: [AuthenticationMethod], authTime: Date) {
        self.memberID = memberID
        self.scope = scope
        self.amr = amr
        self.authTime = authTime
    }
}

/// A signed access token and what was recorded about it.
public struct IssuedAccessToken: Sendable, Equatable {
    public let token: String
    public let jti: String
    public let expiresAt: Date
}

/// Signs access tokens (RFC 9068) and ID tokens (OpenID Connect Core §2) with the key store's
/// active key. Signing happens outside database transactions: a grant records the token's `jti`
/// inside its transaction and signs afterwards, so the single writer never waits for RSA.
public struct TokenIssuer: Sendable {
    /// `iss`, character for character the configured issuer.
    public let issuer: String
    /// RFC 9068 §3 `aud` of access tokens.
    public let accessTokenAudience: String
    public let accessTokenTTL: Int
    public let idTokenTTL: Int
    public let keys: KeyStore

    public init(issuer: String, accessTokenAudience: String, accessTokenTTL: Int, idTokenTTL: Int, keys: KeyStore) {
        self.issuer = issuer
        self.accessTokenAudience = accessTokenAudience
        self.accessTokenTTL = accessTokenTTL
        self.idTokenTTL = idTokenTTL
        self.keys = keys
    }

    /// A fresh token id (RFC 7519 §4.1.7): 128 random bits, unique across the issuer.
    public static func newJTI() throws -> String { Base64URL.encode(try SecureRandom.bytes(count: 16)) }

    /// A member access token's id: `<grant id>.<128 random bits>`, so that whether the token is
    /// still good is a lookup of its grant (``AccessTokenLedger``), and nothing is recorded per
    /// token. Resource servers treat `jti` as opaque (RFC 7519 §4.1.7).
    public static func newJTI(grantID: String) throws -> String { grantID + "." + (try newJTI()) }

    /// The grant a member access token's `jti` names, if it has that shape.
    public static func grantID(ofJTI jti: String) -> String? {
        let parts = jti.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 22, parts[1].utf8.count == 22 else { return nil }
        return String(parts[0])
    }

    /// When an access token issued at `now` expires.
    public func accessTokenExpiry(_ now: Date) -> Date { now.addingTimeInterval(TimeInterval(accessTokenTTL)) }

    /// An access token for a member (RFC 9068 §2.2 plus `amr`, `channel`, `auth_time`).
    public func memberAccessToken(
        _ authorization: MemberAuthorization,
        client: Client,
        jti: String,
        now: Date
    ) throws -> IssuedAccessToken {
        let payload = AccessTokenPayload(
            clientID: client.id,
            scope: authorization.scope.description,
            amr: authorization.amr.map(\.rawValue),
            channel: client.channel.rawValue,
            authTime: wholeSeconds(authorization.authTime)
        )
        return try accessToken(subject: authorization.memberID.rawValue, payload: payload, jti: jti, now: now)
    }

    /// An access token for a client acting on its own behalf (RFC 6749 §4.4; RFC 9068 §2.2: `sub`
    /// is the client id), `channel` `service`.
    public func clientAccessToken(client: Client, scope: ScopeSet, now: Date) throws -> IssuedAccessToken {
        let payload = AccessTokenPayload(
            clientID: client.id,
            scope: scope.description,
            amr: nil,
            channel: Client.Channel.service.rawValue,
            authTime: nil
        )
        return try accessToken(subject: client.id, payload: payload, jti: try Self.newJTI(), now: now)
    }

    private func accessToken(
        subject: String,
        payload: AccessTokenPayload,
        jti: String,
        now: Date
    ) throws -> IssuedAccessToken {
        let expiresAt = accessTokenExpiry(now)
        let claims = JWTClaims(
            issuer: IssuerClaim(value: issuer),
            subject: SubjectClaim(value: subject),
            audience: AudienceClaim(value: [accessTokenAudience]),
            expiration: ExpirationClaim(value: expiresAt),
            issuedAt: IssuedAtClaim(value: now),
            id: JWTIDClaim(value: jti),
            custom: payload
        )
        // RFC 9068 §2.1: `typ` is `at+jwt`, so an access token can never pass for an ID token.
        let token = try keys.signingKey(at: now).sign(claims, type: "at+jwt")
        return IssuedAccessToken(token: token, jti: jti, expiresAt: expiresAt)
    }

    /// An ID token (OpenID Connect Core §2, §3.1.3.6): `aud` and `azp` the client, `nonce` when the
    /// authentication request had one, `at_hash` of the access token issued with it, and the phone
    /// claims (§5.4) when the `phone` scope was granted.
    public func idToken(
        _ authorization: MemberAuthorization,
        client: Client,
        nonce: String?,
        accessToken: String,
        phoneNumber: String?,
        now: Date
    ) throws -> String {
        let withPhone = authorization.scope.contains("phone") && phoneNumber != nil
        let payload = IDTokenPayload(
            authTime: wholeSeconds(authorization.authTime),
            nonce: nonce,
            amr: authorization.amr.map(\.rawValue),
            atHash: Self.accessTokenHash(accessToken),
            azp: client.id,
            phoneNumber: withPhone ? phoneNumber : nil,
            phoneNumberVerified: withPhone ? true : nil
        )
        let claims = JWTClaims(
            issuer: IssuerClaim(value: issuer),
            subject: SubjectClaim(value: authorization.memberID.rawValue),
            audience: AudienceClaim(value: [client.id]),
            expiration: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(idTokenTTL))),
            issuedAt: IssuedAtClaim(value: now),
            custom: payload
        )
        return try keys.signingKey(at: now).sign(claims, type: "JWT")
    }

    /// OIDC Core §3.1.3.6: "the base64url encoding of the left-most half of the hash of the octets
    /// of the ASCII representation of the access_token value" (SHA-256 for RS256).
    public static func accessTokenHash(_ accessToken: String) -> String {
        Base64URL.encode(SHA256.hash(Array(accessToken.utf8)).prefix(16))
    }
}

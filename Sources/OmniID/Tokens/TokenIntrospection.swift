public import FoundationEssentials
public import OmniStore

/// An RFC 7662 §2.2 introspection answer. Inactive answers carry nothing but `active: false`.
public struct IntrospectionResult: Sendable, Equatable, Encodable {
    public var active: Bool
    public var scope: String?
    public var clientID: String?
    public var sub: String?
    public var exp: Int64?
    public var iat: Int64?
    public var iss: String?
    public var aud: [String]?
    /// `Bearer` for access tokens (RFC 6749 §7.1), `refresh_token` for refresh tokens.
    public var tokenType: String?
    public var jti: String?
    public var amr: [String]?
    public var channel: String?
    public var authTime: Int64?

    public static let inactive = IntrospectionResult(active: false)

    init(active: Bool) { self.active = active }

    enum CodingKeys: String, CodingKey {
        case active, scope
        case clientID = "client_id"
        case sub, exp, iat, iss, aud
        case tokenType = "token_type"
        case jti, amr, channel
        case authTime = "auth_time"
    }
}

/// RFC 7662 token introspection for an authenticated confidential client.
///
/// Visibility (BRIEF): a client sees its own tokens; a `service` client registered with the
/// `introspect` scope sees any. Every other token, and every token that is expired, revoked, of a
/// revoked family or of a merged member, is `{"active":false}` (RFC 7662 §2.2: no hint why).
public struct TokenIntrospection: Sendable {
    public let database: any DatabaseWriter
    public let accessTokens: AccessTokenVerifier
    public let refreshTokens: RefreshTokenCodec
    /// The client a refresh token's family belongs to (for its `channel`).
    public let clients: ClientRegistry

    public init(
        database: any DatabaseWriter,
        accessTokens: AccessTokenVerifier,
        refreshTokens: RefreshTokenCodec,
        clients: ClientRegistry
    ) {
        self.database = database
        self.accessTokens = accessTokens
        self.refreshTokens = refreshTokens
        self.clients = clients
    }

    /// Whether `caller` may learn about tokens of `owner`.
    public static func mayIntrospect(_ caller: Client, tokenOf owner: String) -> Bool {
        caller.id == owner || (caller.channel == .service && caller.scopes.contains("introspect"))
    }

    public func introspect(_ token: String, caller: Client, now: Date) async throws -> IntrospectionResult {
        if let refresh = refreshTokens.parse(token) {
            return try await introspectRefreshToken(refresh, caller: caller, now: now)
        }
        guard let access = try? accessTokens.verifySignature(token, now: now),
            Self.mayIntrospect(caller, tokenOf: access.clientID),
            try await accessTokens.isActive(access)
        else { return .inactive }
        var result = IntrospectionResult(active: true)
        result.scope = access.scope.description
        result.clientID = access.clientID
        result.sub = access.subject
        result.exp = wholeSeconds(access.expiresAt)
        result.iat = wholeSeconds(access.issuedAt)
        result.iss = accessTokens.issuer
        result.aud = access.audience
        result.tokenType = "Bearer"
        result.jti = access.jti
        result.amr = access.memberID == nil ? nil : access.amr.map(\.rawValue)
        result.channel = access.channel
        result.authTime = access.authTime.map(wholeSeconds)
        return result
    }

    /// Active only for the grant's current token, unexpired, of a live grant and member.
    private func introspectRefreshToken(
        _ token: RefreshTokenCodec.Minted,
        caller: Client,
        now: Date
    ) async throws -> IntrospectionResult {
        guard let row = try await database.read({ db in try RefreshFamilyStore.find(db, familyID: token.grantID) }),
            Self.mayIntrospect(caller, tokenOf: row.family.clientID),
            row.isCurrent(token), row.family.revokedAt == nil, !row.memberMerged,
            let issuedAt = row.tokenIssuedAt, let expiresAt = row.tokenExpiresAt,
            now < expiresAt, now < row.family.expiresAt
        else { return .inactive }
        let authorization = row.family.authorization
        var result = IntrospectionResult(active: true)
        result.scope = authorization.scope.description
        result.clientID = row.family.clientID
        result.sub = authorization.memberID.rawValue
        result.exp = wholeSeconds(min(expiresAt, row.family.expiresAt))
        result.iat = wholeSeconds(issuedAt)
        result.iss = accessTokens.issuer
        result.tokenType = "refresh_token"
        result.amr = authorization.amr.map(\.rawValue)
        result.channel = clients.client(id: row.family.clientID)?.channel.rawValue
        result.authTime = wholeSeconds(authorization.authTime)
        return result
    }
}

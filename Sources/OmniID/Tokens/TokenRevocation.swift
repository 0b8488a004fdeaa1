public import FoundationEssentials
public import OmniStore

/// RFC 7009 token revocation for an authenticated client.
///
/// - A refresh token revokes its whole family and the access tokens issued with it (§2.1: "If the
///   particular token is a refresh token ... the authorization server SHOULD also invalidate all
///   access tokens based on the same authorization grant").
/// - An access token is put on the revocation list by `jti` until it expires.
/// - A token issued to another client is refused with `unauthorized_client` (§2.1: the server
///   "verifies whether the token was issued to the client making the revocation request. If this
///   validation fails, the request is refused").
/// - Unknown, malformed or expired tokens are fine: §2.2 "invalid tokens do not cause an error
///   response since the client cannot handle such an error in a reasonable way".
///
/// `token_type_hint` only orders the lookups (§2.1); both kinds are recognised by shape anyway.
public struct TokenRevocation: Sendable {
    public let database: any DatabaseWriter
    public let accessTokens: AccessTokenVerifier
    public let refreshTokens: RefreshTokenCodec

    public init(database: any DatabaseWriter, accessTokens: AccessTokenVerifier, refreshTokens: RefreshTokenCodec) {
        self.database = database
        self.accessTokens = accessTokens
        self.refreshTokens = refreshTokens
    }

    public func revoke(_ token: String, client: Client, now: Date) async throws {
        if let refresh = refreshTokens.parse(token) {
            // Any token of the grant, current or rotated, revokes it: its tag says we minted it.
            let clientID = client.id
            try await database.write { db in
                guard let row = try RefreshFamilyStore.find(db, familyID: refresh.grantID) else { return }
                guard row.family.clientID == clientID else {
                    throw OAuthError.unauthorizedClient("the token was not issued to this client")
                }
                try RefreshFamilyStore.revoke(db, familyID: row.family.id, reason: "revoked_by_client", now: now)
            }
            return
        }
        guard let access = try? accessTokens.verifySignature(token, now: now) else { return }
        guard access.clientID == client.id else {
            throw OAuthError.unauthorizedClient("the token was not issued to this client")
        }
        let (jti, expiresAt) = (access.jti, access.expiresAt)
        try await database.write { db in try AccessTokenLedger.revoke(db, jti: jti, expiresAt: expiresAt) }
    }
}

import FoundationEssentials
public import OmniID

extension ServerContext {
    /// Signs access and ID tokens with the configured issuer, audience and lifetimes.
    public var tokenIssuer: TokenIssuer {
        TokenIssuer(
            issuer: configuration.issuer,
            accessTokenAudience: configuration.accessTokenAudience,
            accessTokenTTL: configuration.accessTokenTTL,
            idTokenTTL: configuration.idTokenTTL,
            keys: keys
        )
    }

    /// Refresh-token lifetimes and the reuse grace from the configuration.
    public var refreshTokenPolicy: RefreshTokenPolicy {
        RefreshTokenPolicy(
            tokenLifetime: TimeInterval(configuration.refreshTokenTTL),
            familyLifetime: TimeInterval(configuration.refreshFamilyLifetime),
            reuseGrace: TimeInterval(configuration.refreshTokenReuseGrace)
        )
    }

    /// The token endpoint's grant handlers. A new grant (token exchange) is one more line here.
    public var tokenGrantHandlers: [any TokenGrantHandler] {
        let issuer = tokenIssuer
        return [
            AuthorizationCodeGrant(
                codes: AuthorizationCodeStore(
                    database: database,
                    lifetime: TimeInterval(configuration.authorizationCodeTTL)
                ),
                issuer: issuer,
                refreshPolicy: refreshTokenPolicy,
                refreshTokens: refreshTokens
            ),
            RefreshTokenGrant(
                database: database,
                issuer: issuer,
                policy: refreshTokenPolicy,
                tokens: refreshTokens,
                serverSecret: serverSecret.bytes
            ),
            ClientCredentialsGrant(issuer: issuer),
        ]
    }
}

public import FoundationEssentials

extension TokenIssuer {
    /// The token response for a member: a signed access token (whose `jti` the caller recorded),
    /// plus an ID token when `openid` is in scope.
    public func memberTokenResponse(
        _ authorization: MemberAuthorization,
        client: Client,
        jti: String,
        refreshToken: String?,
        nonce: String?,
        phoneNumber: String?,
        now: Date
    ) throws -> TokenResponse {
        let access = try memberAccessToken(authorization, client: client, jti: jti, now: now)
        let idToken =
            authorization.scope.contains("openid")
            ? try self.idToken(
                authorization,
                client: client,
                nonce: nonce,
                accessToken: access.token,
                phoneNumber: phoneNumber,
                now: now
            ) : nil
        return TokenResponse(
            accessToken: access.token,
            expiresIn: accessTokenTTL,
            refreshToken: refreshToken,
            idToken: idToken,
            scope: authorization.scope.description
        )
    }
}

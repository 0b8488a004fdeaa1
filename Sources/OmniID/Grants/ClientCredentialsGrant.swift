/// `grant_type=client_credentials` (RFC 6749 §4.4) for services acting on their own behalf:
/// confidential clients only (§4.4: "MUST only be used by confidential clients"), scopes within
/// the client's own (all of them when `scope` is absent, §3.3), no refresh token (§4.4.3 "SHOULD
/// NOT be included") and no ID token (there is no end-user). `sub` is the client id, `channel`
/// `service`.
public struct ClientCredentialsGrant: TokenGrantHandler {
    public let grantType = GrantType.clientCredentials
    public let issuer: TokenIssuer

    public init(issuer: TokenIssuer) { self.issuer = issuer }

    public func handle(_ request: TokenRequest) async throws -> TokenResponse {
        let client = request.client
        guard client.isConfidential else {
            throw OAuthError.unauthorizedClient("client_credentials is for confidential clients")
        }
        var scope = client.scopes
        if let text = request["scope"] {
            let requested = try ScopeSet.parse(text)
            guard requested.isSubset(of: client.scopes) else {
                throw OAuthError.invalidScope("scope exceeds the scopes registered for the client")
            }
            scope = requested
        }
        let access = try issuer.clientAccessToken(client: client, scope: scope, now: request.now)
        return TokenResponse(
            accessToken: access.token,
            expiresIn: issuer.accessTokenTTL,
            refreshToken: nil,
            idToken: nil,
            scope: scope.description
        )
    }
}

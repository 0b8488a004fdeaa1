import FoundationEssentials

/// `grant_type=authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.5): redeems a code for an
/// access token, an ID token when `openid` was granted (OpenID Connect Core §3.1.3.3), and a
/// refresh token when the client may refresh and `offline_access` was granted (BRIEF; OIDC Core
/// §11).
public struct AuthorizationCodeGrant: TokenGrantHandler {
    public let grantType = GrantType.authorizationCode
    public let codes: AuthorizationCodeStore
    public let issuer: TokenIssuer
    public let refreshPolicy: RefreshTokenPolicy
    public let refreshTokens: RefreshTokenCodec

    public init(
        codes: AuthorizationCodeStore,
        issuer: TokenIssuer,
        refreshPolicy: RefreshTokenPolicy,
        refreshTokens: RefreshTokenCodec
    ) {
        self.codes = codes
        self.issuer = issuer
        self.refreshPolicy = refreshPolicy
        self.refreshTokens = refreshTokens
    }

    public func handle(_ request: TokenRequest) async throws -> TokenResponse {
        let code = try request.required("code")
        let client = request.client
        let now = request.now
        // Every redemption starts a grant, with a refresh token or without: the access token's
        // `jti` names it, so revoking the grant revokes the access token too.
        let grantID = try RefreshFamilyStore.newGrantID()
        let jti = try TokenIssuer.newJTI(grantID: grantID)
        let refreshToken = try refreshTokens.mint(grantID: grantID, generation: 0)
        let policy = refreshPolicy
        let (grant, issued) = try await codes.redeem(
            code: code,
            client: client,
            redirectURI: request["redirect_uri"],
            codeVerifier: request["code_verifier"],
            now: now
        ) { grant, db in
            let refreshes = Self.issuesRefreshToken(client: client, scope: grant.scope)
            let familyExpiry = now.addingTimeInterval(policy.familyLifetime)
            try RefreshFamilyStore.create(
                db,
                family: RefreshFamily(
                    id: grantID,
                    clientID: client.id,
                    authorization: grant.authorization,
                    createdAt: now,
                    expiresAt: familyExpiry
                ),
                sessionIDHash: grant.sessionIDHash,
                firstToken: refreshes ? refreshToken : nil,
                tokenExpiresAt: min(now.addingTimeInterval(policy.tokenLifetime), familyExpiry)
            )
            let phone =
                grant.scope.contains("phone") ? try MemberClaimsLookup.phoneNumber(db, memberID: grant.memberID) : nil
            return (
                Issued(phone: phone, refreshToken: refreshes ? refreshToken.token : nil),
                AuthorizationCodeStore.IssuedByCode(familyID: grantID, accessTokenJTI: jti)
            )
        }
        return try issuer.memberTokenResponse(
            grant.authorization,
            client: client,
            jti: jti,
            refreshToken: issued.refreshToken,
            nonce: grant.nonce,
            phoneNumber: issued.phone,
            now: now
        )
    }

    struct Issued: Sendable {
        var phone: String?
        var refreshToken: String?
    }

    /// BRIEF: a refresh token is issued when the client may use the `refresh_token` grant and
    /// `offline_access` is in scope.
    static func issuesRefreshToken(client: Client, scope: ScopeSet) -> Bool {
        client.allows(grantType: GrantType.refreshToken) && scope.contains("offline_access")
    }
}

extension AuthorizationGrant {
    /// The member authorization a code stands for.
    var authorization: MemberAuthorization {
        MemberAuthorization(memberID: memberID, scope: scope, amr: amr, authTime: authTime)
    }
}

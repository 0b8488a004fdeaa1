import FoundationEssentials
public import OmniStore

/// `grant_type=refresh_token` (RFC 6749 §6) with rotation on every use and reuse detection
/// (RFC 9700 §4.14.2), all in one write transaction:
///
/// - the token must belong to the authenticated client (another client: `invalid_grant`, nothing
///   revoked), its family must be unrevoked and younger than the absolute family lifetime, the
///   token itself unexpired;
/// - `scope` may narrow the grant for this access token, never widen it (RFC 6749 §6); the family
///   keeps its scope, as §6 requires of the new refresh token;
/// - an unrotated token is rotated: its successor is stored hashed, and sealed under a key derived
///   from the presented token (``SuccessorSeal``);
/// - a rotated token presented again by its client inside `refresh_token_reuse_grace` seconds of
///   its rotation gets the very same successor (unsealed with the token it was derived from) and a
///   fresh access token: the family never forks. Otherwise a reuse revokes the whole family and
///   every access token issued with it, and answers `invalid_grant`.
///
/// Writes are serialised, so of two concurrent refreshes one rotates and the other sees a rotated
/// token: with a grace it gets the same successor, without one it revokes the family.
public struct RefreshTokenGrant: TokenGrantHandler {
    public let grantType = GrantType.refreshToken
    public let database: any DatabaseWriter
    public let issuer: TokenIssuer
    public let policy: RefreshTokenPolicy
    /// Key material for ``SuccessorSeal`` (the server secret).
    public let serverSecret: [UInt8]

    /// A grace retry gets the presented token's own successor, and only while that successor is
    /// unused: once the client has moved on, an old token coming back is a reuse like any other,
    /// so a thief holding it never reaches the family's newest token.
    static let maxChainLength = 1

    public init(database: any DatabaseWriter, issuer: TokenIssuer, policy: RefreshTokenPolicy, serverSecret: [UInt8]) {
        self.database = database
        self.issuer = issuer
        self.policy = policy
        self.serverSecret = serverSecret
    }

    private enum Outcome: Sendable {
        case issued(refreshToken: String, authorization: MemberAuthorization, phone: String?)
        case reused
    }

    public func handle(_ request: TokenRequest) async throws -> TokenResponse {
        let presented = try request.required("refresh_token")
        guard OpaqueToken.isWellFormed(presented) else { throw OAuthError.invalidGrant("the refresh token is invalid") }
        let requestedScope = try request["scope"].map { (text) throws(OAuthError) in try ScopeSet.parse(text) }
        let client = request.client
        let now = request.now
        let jti = try TokenIssuer.newJTI()
        let successor = try OpaqueToken.generate()
        let sealed = try SuccessorSeal.seal(successor, presented: presented, serverSecret: serverSecret)
        let (policy, secret, accessExpiry) = (self.policy, serverSecret, issuer.accessTokenExpiry(now))

        let outcome = try await database.write { db -> Outcome in
            guard let row = try RefreshFamilyStore.find(db, tokenHash: OpaqueToken.digest(presented)) else {
                throw OAuthError.invalidGrant("the refresh token is invalid")
            }
            let family = row.family
            // RFC 6749 §6: "validate the refresh token ... and ensure that [it] was issued to the
            // authenticated client". Not a theft signal by itself: nothing is revoked.
            guard family.clientID == client.id else {
                throw OAuthError.invalidGrant("the refresh token was issued to another client")
            }
            guard family.revokedAt == nil else { throw OAuthError.invalidGrant("the refresh token was revoked") }
            guard now < family.expiresAt else { throw OAuthError.invalidGrant("the refresh token has expired") }
            guard !row.memberMerged else { throw OAuthError.invalidGrant("the member was merged into another") }
            var authorization = family.authorization
            if let requestedScope {
                // RFC 6749 §6: "MUST NOT include any scope not originally granted".
                guard requestedScope.isSubset(of: family.authorization.scope) else {
                    throw OAuthError.invalidScope("scope exceeds the scope originally granted")
                }
                authorization.scope = requestedScope
            }
            let phone = { () throws -> String? in
                authorization.scope.contains("phone")
                    ? try MemberClaimsLookup.phoneNumber(db, memberID: authorization.memberID) : nil
            }

            if let rotatedAt = row.rotatedAt {
                if policy.reuseGrace > 0, now.timeIntervalSince(rotatedAt) <= policy.reuseGrace,
                    let current = try Self.currentToken(db, after: presented, row: row, now: now, secret: secret)
                {
                    try AccessTokenLedger.record(
                        db,
                        jti: jti,
                        clientID: client.id,
                        memberID: authorization.memberID,
                        familyID: family.id,
                        expiresAt: accessExpiry
                    )
                    return .issued(refreshToken: current, authorization: authorization, phone: try phone())
                }
                // RFC 9700 §4.14.2: a rotated token used again means two parties hold the family.
                try RefreshFamilyStore.revoke(db, familyID: family.id, reason: "refresh_token_reuse", now: now)
                return .reused
            }
            guard now < row.expiresAt else { throw OAuthError.invalidGrant("the refresh token has expired") }

            try RefreshFamilyStore.insertToken(
                db,
                token: successor,
                familyID: family.id,
                now: now,
                expiresAt: min(now.addingTimeInterval(policy.tokenLifetime), family.expiresAt)
            )
            try db.execute(
                """
                UPDATE refresh_tokens SET rotated_at = ?, successor_hash = ?, successor_sealed = ?
                WHERE token_hash = ? AND rotated_at IS NULL
                """,
                [now.sqlValue, .blob(OpaqueToken.digest(successor)), .blob(sealed), .blob(row.tokenHash)]
            )
            try AccessTokenLedger.record(
                db,
                jti: jti,
                clientID: client.id,
                memberID: authorization.memberID,
                familyID: family.id,
                expiresAt: accessExpiry
            )
            return .issued(refreshToken: successor, authorization: authorization, phone: try phone())
        }

        switch outcome {
        case .reused:
            throw OAuthError.invalidGrant("the refresh token was already used; its family is revoked")
        case .issued(let refreshToken, let authorization, let phone):
            // OpenID Connect Core §12.2: an ID token may accompany a refreshed access token; it
            // carries no nonce.
            return try issuer.memberTokenResponse(
                authorization,
                client: client,
                jti: jti,
                refreshToken: refreshToken,
                nonce: nil,
                phoneNumber: phone,
                now: now
            )
        }
    }

    /// The presented token's successor when it is still the family's current (unrotated,
    /// unexpired) token, opened with the presented token; nil otherwise (``maxChainLength``).
    static func currentToken(
        _ db: any SQLConnection,
        after presented: String,
        row: RefreshFamilyStore.TokenRow,
        now: Date,
        secret: [UInt8]
    ) throws -> String? {
        var token = presented
        var current = row
        for _ in 0..<maxChainLength {
            guard let box = current.successorSealed,
                let next = SuccessorSeal.open(box, presented: token, serverSecret: secret),
                let nextRow = try RefreshFamilyStore.find(db, tokenHash: OpaqueToken.digest(next)),
                nextRow.family.id == row.family.id
            else { return nil }
            if nextRow.rotatedAt == nil { return now < nextRow.expiresAt ? next : nil }
            token = next
            current = nextRow
        }
        return nil
    }
}

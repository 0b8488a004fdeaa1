import FoundationEssentials
import OmniCrypto
public import OmniStore

/// `grant_type=refresh_token` (RFC 6749 §6) with rotation on every use and reuse detection
/// (RFC 9700 §4.14.2), in one write transaction over the token's grant row:
///
/// - the token's tag must be good (``RefreshTokenCodec``: junk and forgeries are refused before
///   any lookup and revoke nothing);
/// - the grant must belong to the authenticated client (another client: `invalid_grant`, nothing
///   revoked), be unrevoked and younger than the absolute family lifetime, its member not merged;
/// - `scope` may narrow the grant for this access token, never widen it (RFC 6749 §6); the family
///   keeps its scope, as §6 requires of the new refresh token;
/// - the grant's current token, unexpired, is rotated: the successor (next generation) is stored
///   hashed, and sealed under a key derived from the presented token (``SuccessorSeal``);
/// - the token the current one replaced, presented again by its client inside
///   `refresh_token_reuse_grace` seconds of its rotation, gets the very same successor (unsealed
///   with the token it was derived from) and a fresh access token, as long as that successor is
///   still unused: the family never forks, and nothing is written;
/// - any other token of the grant is a rotated one coming back: the grant is revoked, and with it
///   every access token issued under it, and the answer is `invalid_grant`.
///
/// Writes are serialised, so of two concurrent refreshes one rotates and the other sees a rotated
/// token: with a grace it gets the same successor, without one it revokes the family.
public struct RefreshTokenGrant: TokenGrantHandler {
    public let grantType = GrantType.refreshToken
    public let database: any DatabaseWriter
    public let issuer: TokenIssuer
    public let policy: RefreshTokenPolicy
    public let tokens: RefreshTokenCodec
    /// Key material for ``SuccessorSeal`` (the server secret).
    public let serverSecret: [UInt8]

    public init(
        database: any DatabaseWriter,
        issuer: TokenIssuer,
        policy: RefreshTokenPolicy,
        tokens: RefreshTokenCodec,
        serverSecret: [UInt8]
    ) {
        self.database = database
        self.issuer = issuer
        self.policy = policy
        self.tokens = tokens
        self.serverSecret = serverSecret
    }

    private enum Outcome: Sendable {
        case issued(refreshToken: String, authorization: MemberAuthorization, phone: String?)
        case reused
    }

    public func handle(_ request: TokenRequest) async throws -> TokenResponse {
        let text = try request.required("refresh_token")
        guard let presented = tokens.parse(text) else { throw OAuthError.invalidGrant("the refresh token is invalid") }
        let requestedScope = try request["scope"].map { (text) throws(OAuthError) in try ScopeSet.parse(text) }
        let client = request.client
        let now = request.now
        let jti = try TokenIssuer.newJTI(grantID: presented.grantID)
        // Made before the transaction, so the single writer does no RSA, RAND or AES work; used
        // only if the presented token turns out to be the current one.
        let successor = try tokens.mint(grantID: presented.grantID, generation: presented.generation &+ 1)
        let sealed = try SuccessorSeal.seal(successor.token, presented: presented.token, serverSecret: serverSecret)
        let (policy, secret) = (self.policy, serverSecret)

        let outcome = try await database.write { db -> Outcome in
            guard let row = try RefreshFamilyStore.find(db, familyID: presented.grantID), row.tokenHash != nil else {
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
            // What the token is comes first: a rotated token coming back is revoked whatever else
            // the request gets wrong (RFC 9700 §4.14.2).
            let isCurrent = row.isCurrent(presented)
            let graceSuccessor =
                isCurrent ? nil : Self.graceSuccessor(of: presented, row: row, policy: policy, now: now, secret: secret)
            guard isCurrent || graceSuccessor != nil else {
                // A rotated token used again means two parties hold the family.
                try RefreshFamilyStore.revoke(db, familyID: family.id, reason: "refresh_token_reuse", now: now)
                return .reused
            }
            var authorization = family.authorization
            if let requestedScope {
                // RFC 6749 §6: "MUST NOT include any scope not originally granted".
                guard requestedScope.isSubset(of: family.authorization.scope) else {
                    throw OAuthError.invalidScope("scope exceeds the scope originally granted")
                }
                authorization.scope = requestedScope
            }
            let phone =
                authorization.scope.contains("phone")
                ? try MemberClaimsLookup.phoneNumber(db, memberID: authorization.memberID) : nil
            if let graceSuccessor {
                return .issued(refreshToken: graceSuccessor, authorization: authorization, phone: phone)
            }
            guard let expiry = row.tokenExpiresAt, now < expiry else {
                throw OAuthError.invalidGrant("the refresh token has expired")
            }
            try RefreshFamilyStore.rotate(
                db,
                row: row,
                successor: successor,
                sealed: sealed,
                now: now,
                expiresAt: min(now.addingTimeInterval(policy.tokenLifetime), family.expiresAt)
            )
            return .issued(refreshToken: successor.token, authorization: authorization, phone: phone)
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

    /// The grant's current token when `presented` is the one it replaced, the rotation is at most
    /// `reuseGrace` seconds old and the current token is unused and unexpired, opened from its
    /// seal with `presented` (and checked against its stored digest); nil otherwise. Once the
    /// client has moved on, an old token coming back is a reuse like any other, so a thief
    /// holding it never reaches the family's newest token.
    static func graceSuccessor(
        of presented: RefreshTokenCodec.Minted,
        row: RefreshFamilyStore.FamilyRow,
        policy: RefreshTokenPolicy,
        now: Date,
        secret: [UInt8]
    ) -> String? {
        guard policy.reuseGrace > 0, row.isPrevious(presented), let rotatedAt = row.tokenIssuedAt,
            now.timeIntervalSince(rotatedAt) <= policy.reuseGrace, let expiry = row.tokenExpiresAt, now < expiry,
            let box = row.successorSealed, let tokenHash = row.tokenHash,
            let current = SuccessorSeal.open(box, presented: presented.token, serverSecret: secret),
            constantTimeEquals(OpaqueToken.digest(current), tokenHash)
        else { return nil }
        return current
    }
}

public import FoundationEssentials
public import OmniStore

extension AuthorizationCodeStore {
    /// What a redemption issued, recorded on the code so that a replay can revoke it: the grant
    /// (which ends its refresh and access tokens) and, for the record, the access token's `jti`.
    public struct IssuedByCode: Sendable {
        public var familyID: String
        public var accessTokenJTI: String

        public init(familyID: String, accessTokenJTI: String) {
            self.familyID = familyID
            self.accessTokenJTI = accessTokenJTI
        }
    }

    private enum Outcome<Value: Sendable>: Sendable {
        case redeemed(AuthorizationGrant, Value)
        case replayed
    }

    /// Redeems `code` for `client` (RFC 6749 §4.1.3, RFC 7636 §4.6) in one write transaction:
    /// checks it, marks it used, runs `issue` (which starts the grant in the same transaction) and
    /// stores what was issued on the code.
    ///
    /// A code seen a second time fails with `invalid_grant`, and what it issued the first time is
    /// revoked in a committed transaction (RFC 6749 §4.1.2: "If an authorization code is used more
    /// than once, the authorization server MUST deny the request and SHOULD revoke (when possible)
    /// all tokens previously issued based on that authorization code"; RFC 9700 §4.5). Other
    /// failures leave the code untouched.
    public func redeem<Value: Sendable>(
        code: String,
        client: Client,
        redirectURI: String?,
        codeVerifier: String?,
        now: Date,
        issue: @escaping @Sendable (AuthorizationGrant, any SQLConnection) throws -> (Value, IssuedByCode)
    ) async throws -> (AuthorizationGrant, Value) {
        guard OpaqueToken.isWellFormed(code) else { throw OAuthError.invalidGrant("the code is invalid") }
        let hash = Self.digest(code)
        let outcome = try await database.write { db -> Outcome<Value> in
            guard
                let row = try db.queryOne(
                    "SELECT * FROM authorization_codes WHERE code_hash = ?",
                    [.blob(hash)]
                )
            else { throw OAuthError.invalidGrant("the code is invalid") }
            if row["redeemed_at"]?.isNull == false {
                // The grant the code started: its refresh token and its access token (whose
                // `jti` names it) die with it.
                if let familyID = try row.get(String?.self, "issued_family_id") {
                    try RefreshFamilyStore.revoke(db, familyID: familyID, reason: "code_replay", now: now)
                }
                return .replayed
            }
            let grant = try Self.grant(from: row)
            try Self.check(
                grant,
                expiresAt: try row.column("expires_at"),
                client: client,
                redirectURI: redirectURI,
                codeVerifier: codeVerifier,
                now: now
            )
            if try MemberClaimsLookup.isMerged(db, memberID: grant.memberID) {
                throw OAuthError.invalidGrant("the member of this code was merged into another")
            }
            let (value, issued) = try issue(grant, db)
            try db.execute(
                "UPDATE authorization_codes SET redeemed_at = ?, issued_family_id = ?, issued_access_jti = ? WHERE code_hash = ?",
                [now.sqlValue, .text(issued.familyID), .text(issued.accessTokenJTI), .blob(hash)]
            )
            return .redeemed(grant, value)
        }
        switch outcome {
        case .redeemed(let grant, let value): return (grant, value)
        case .replayed: throw OAuthError.invalidGrant("the code was already used; tokens issued with it are revoked")
        }
    }

    static func check(
        _ grant: AuthorizationGrant,
        expiresAt: Date,
        client: Client,
        redirectURI: String?,
        codeVerifier: String?,
        now: Date
    ) throws(OAuthError) {
        guard now < expiresAt else { throw .invalidGrant("the code has expired") }
        // RFC 6749 §4.1.3: "ensure that the authorization code was issued to the authenticated
        // confidential client, or if the client is public, ensure that the code was issued to
        // "client_id" in the request".
        guard grant.clientID == client.id else { throw .invalidGrant("the code was issued to another client") }
        // RFC 6749 §4.1.3: redirect_uri is REQUIRED when the authorization request included it,
        // "and their values MUST be identical".
        guard grant.redirectURI == redirectURI else {
            throw .invalidGrant(
                grant.redirectURI == nil
                    ? "this code was issued without a redirect_uri"
                    : "redirect_uri does not match the authorization request"
            )
        }
        if let challenge = grant.codeChallenge {
            // RFC 7636 §4.6: verify code_verifier against the stored challenge.
            guard let codeVerifier else { throw .invalidGrant("code_verifier is required") }
            guard PKCEVerifier.isWellFormed(codeVerifier) else {
                throw .invalidGrant("code_verifier must be 43 to 128 unreserved characters (RFC 7636 §4.1)")
            }
            guard PKCEVerifier.verify(codeVerifier, challenge: challenge) else {
                throw .invalidGrant("code_verifier does not match the code_challenge")
            }
        } else {
            // RFC 9700 §2.1.1: public clients must use PKCE; a verifier for a code without a
            // challenge means the request and the code do not belong together (PKCE downgrade).
            guard client.isConfidential else { throw .invalidGrant("this code was issued without PKCE") }
            guard codeVerifier == nil else { throw .invalidGrant("code_verifier sent for a code without challenge") }
        }
    }

    static func grant(from row: Row) throws -> AuthorizationGrant {
        AuthorizationGrant(
            clientID: try row.column("client_id"),
            redirectURI: try row.column("redirect_uri"),
            codeChallenge: try row.column("code_challenge"),
            nonce: try row.column("nonce"),
            scope: ScopeSet(try row.get(String.self, "scope").split(separator: " ").map(String.init)),
            memberID: MemberID(rawValue: try row.column("member_id")),
            sessionIDHash: try row.column("session_id_hash"),
            amr: try row.get(String.self, "amr").split(separator: " ").compactMap {
                AuthenticationMethod(rawValue: String($0))
            },
            authTime: try row.column("auth_time")
        )
    }
}

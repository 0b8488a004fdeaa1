public import FoundationEssentials
public import OmniStore

/// Whether an unexpired access token we signed is still good, without a row per token:
///
/// - a member token's `jti` names its grant (``TokenIssuer/newJTI(grantID:)``); it is good while
///   that grant is unrevoked and belongs to the token's member and client, and the member is not
///   merged away. Revoking a grant (a refresh-token revocation, a reuse, a code replay, a
///   logout-all) is one row update that ends all its access tokens.
/// - any token revoked by itself (RFC 7009 §2.1) is on `revoked_access_tokens` until it expires.
///
/// Functions run inside the caller's transaction.
public enum AccessTokenLedger {
    /// Puts one access token on the revocation list until it expires (no-op when already there).
    public static func revoke(_ db: any SQLConnection, jti: String, expiresAt: Date) throws {
        try db.execute(
            "INSERT INTO revoked_access_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING",
            [.text(jti), expiresAt.sqlValue]
        )
    }

    /// Whether a token has been revoked by itself.
    public static func isRevoked(_ db: any SQLConnection, jti: String) throws -> Bool {
        try db.queryOne("SELECT 1 FROM revoked_access_tokens WHERE jti = ?", [.text(jti)]) != nil
    }

    /// Whether a member access token is still good (see the type's documentation). A `jti` that
    /// names no grant of this member and client is not good.
    public static func isMemberTokenActive(
        _ db: any SQLConnection,
        jti: String,
        memberID: MemberID,
        clientID: String
    ) throws -> Bool {
        guard let grantID = TokenIssuer.grantID(ofJTI: jti),
            let row = try db.queryOne(
                """
                SELECT f.revoked_at, f.member_id, f.client_id, m.merged_into
                FROM refresh_families f
                LEFT JOIN members m ON m.id = f.member_id
                WHERE f.id = ?
                """,
                [.text(grantID)]
            )
        else { return false }
        let values = row.values
        guard values[0].isNull, values[3].isNull, try row.get(String.self, at: 1) == memberID.rawValue,
            try row.get(String.self, at: 2) == clientID
        else { return false }
        return try !isRevoked(db, jti: jti)
    }
}

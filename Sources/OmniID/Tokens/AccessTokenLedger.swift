public import FoundationEssentials
public import OmniStore

/// Access tokens in the `access_tokens` table (member tokens) and `revoked_access_tokens`
/// (revoked service tokens), so that revocation (RFC 7009 §2.1), a revoked refresh family, a
/// logout-all or a merge make a still-unexpired JWT inactive at introspection and at our own
/// resource endpoints. Functions run inside the caller's transaction.
public enum AccessTokenLedger {
    public static func record(
        _ db: any SQLConnection,
        jti: String,
        clientID: String,
        memberID: MemberID,
        familyID: String?,
        expiresAt: Date
    ) throws {
        try db.execute(
            "INSERT INTO access_tokens (jti, client_id, member_id, family_id, expires_at) VALUES (?, ?, ?, ?, ?)",
            [.text(jti), .text(clientID), .text(memberID.rawValue), familyID.sqlValue, expiresAt.sqlValue]
        )
    }

    /// Revokes one member access token by `jti` (no-op when unknown or already revoked).
    public static func revoke(_ db: any SQLConnection, jti: String, now: Date) throws {
        try db.execute(
            "UPDATE access_tokens SET revoked_at = ? WHERE jti = ? AND revoked_at IS NULL",
            [now.sqlValue, .text(jti)]
        )
    }

    /// Revokes a service access token (not recorded at issue) until it expires.
    public static func revokeUnrecorded(_ db: any SQLConnection, jti: String, expiresAt: Date) throws {
        try db.execute(
            "INSERT INTO revoked_access_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING",
            [.text(jti), expiresAt.sqlValue]
        )
    }

    /// Whether a member access token is still good: recorded, not revoked, its refresh family (if
    /// any) not revoked, its member not merged away. An unrecorded member token is not good.
    public static func isMemberTokenActive(_ db: any SQLConnection, jti: String) throws -> Bool {
        guard
            let row = try db.queryOne(
                """
                SELECT a.revoked_at, f.revoked_at AS family_revoked_at, m.merged_into
                FROM access_tokens a
                LEFT JOIN refresh_families f ON f.id = a.family_id
                LEFT JOIN members m ON m.id = a.member_id
                WHERE a.jti = ?
                """,
                [.text(jti)]
            )
        else { return false }
        return row["revoked_at"]?.isNull != false && row["family_revoked_at"]?.isNull != false
            && row["merged_into"]?.isNull != false
    }

    /// Whether a service access token has been revoked.
    public static func isUnrecordedTokenRevoked(_ db: any SQLConnection, jti: String) throws -> Bool {
        try db.queryOne("SELECT 1 FROM revoked_access_tokens WHERE jti = ?", [.text(jti)]) != nil
    }
}

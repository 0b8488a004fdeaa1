public import FoundationEssentials
public import OmniStore

/// A refresh-token family: every refresh token descending by rotation from one authorization
/// (RFC 9700 §4.14.2). Revoking the family revokes each of its refresh tokens and the access
/// tokens issued with them.
public struct RefreshFamily: Sendable, Equatable {
    public var id: String
    public var clientID: String
    public var authorization: MemberAuthorization
    public var createdAt: Date
    /// Absolute end, however often the family rotates.
    public var expiresAt: Date
    public var revokedAt: Date?
}

/// SQL for `refresh_families` and `refresh_tokens`, run inside the caller's transaction.
public enum RefreshFamilyStore {
    /// Starts a family with its first token (stored as SHA-256 only).
    public static func create(
        _ db: any SQLConnection,
        family: RefreshFamily,
        sessionIDHash: [UInt8]?,
        firstToken: String,
        tokenExpiresAt: Date
    ) throws {
        try db.execute(
            """
            INSERT INTO refresh_families (id, client_id, member_id, scope, amr, auth_time, session_id_hash,
                created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(family.id), .text(family.clientID), .text(family.authorization.memberID.rawValue),
                .text(family.authorization.scope.description),
                .text(family.authorization.amr.map(\.rawValue).joined(separator: " ")),
                family.authorization.authTime.sqlValue, sessionIDHash.sqlValue, family.createdAt.sqlValue,
                family.expiresAt.sqlValue,
            ]
        )
        try insertToken(db, token: firstToken, familyID: family.id, now: family.createdAt, expiresAt: tokenExpiresAt)
    }

    public static func insertToken(
        _ db: any SQLConnection,
        token: String,
        familyID: String,
        now: Date,
        expiresAt: Date
    ) throws {
        try db.execute(
            "INSERT INTO refresh_tokens (token_hash, family_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            [.blob(OpaqueToken.digest(token)), .text(familyID), now.sqlValue, expiresAt.sqlValue]
        )
    }

    /// Revokes the family, and with it every access token issued with it: those are active only
    /// while their family is (``AccessTokenLedger/isMemberTokenActive(_:jti:)``). Idempotent.
    public static func revoke(_ db: any SQLConnection, familyID: String, reason: String, now: Date) throws {
        try db.execute(
            "UPDATE refresh_families SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL",
            [now.sqlValue, .text(reason), .text(familyID)]
        )
    }

    /// A refresh token's row joined with its family and its member's merge state.
    public struct TokenRow: Sendable {
        public var tokenHash: [UInt8]
        public var family: RefreshFamily
        public var createdAt: Date
        public var expiresAt: Date
        public var rotatedAt: Date?
        public var successorHash: [UInt8]?
        public var successorSealed: [UInt8]?
        public var memberMerged: Bool
    }

    public static func find(_ db: any SQLConnection, tokenHash: [UInt8]) throws -> TokenRow? {
        guard
            let row = try db.queryOne(
                """
                SELECT t.token_hash, t.created_at, t.expires_at, t.rotated_at, t.successor_hash, t.successor_sealed,
                    f.id, f.client_id, f.member_id, f.scope, f.amr, f.auth_time, f.created_at AS family_created_at,
                    f.expires_at AS family_expires_at, f.revoked_at AS family_revoked_at, m.merged_into
                FROM refresh_tokens t
                JOIN refresh_families f ON f.id = t.family_id
                LEFT JOIN members m ON m.id = f.member_id
                WHERE t.token_hash = ?
                """,
                [.blob(tokenHash)]
            )
        else { return nil }
        let authorization = MemberAuthorization(
            memberID: MemberID(rawValue: try row.column("member_id")),
            scope: ScopeSet(try row.get(String.self, "scope").split(separator: " ").map(String.init)),
            amr: try row.get(String.self, "amr").split(separator: " ").compactMap {
                AuthenticationMethod(rawValue: String($0))
            },
            authTime: try row.column("auth_time")
        )
        return TokenRow(
            tokenHash: try row.column("token_hash"),
            family: RefreshFamily(
                id: try row.column("id"),
                clientID: try row.column("client_id"),
                authorization: authorization,
                createdAt: try row.column("family_created_at"),
                expiresAt: try row.column("family_expires_at"),
                revokedAt: try row.column("family_revoked_at")
            ),
            createdAt: try row.column("created_at"),
            expiresAt: try row.column("expires_at"),
            rotatedAt: try row.column("rotated_at"),
            successorHash: try row.column("successor_hash"),
            successorSealed: try row.column("successor_sealed"),
            memberMerged: row["merged_into"]?.isNull == false
        )
    }
}

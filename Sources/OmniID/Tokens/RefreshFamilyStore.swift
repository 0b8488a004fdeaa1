public import FoundationEssentials
import OmniCrypto
public import OmniStore

/// A grant: what one authorization-code redemption issued, and the family of refresh tokens
/// descending from it by rotation (RFC 9700 §4.14.2). Revoking it revokes its refresh token and
/// every access token issued under it (whose `jti` names it, ``AccessTokenLedger``).
public struct RefreshFamily: Sendable, Equatable {
    public var id: String
    public var clientID: String
    public var authorization: MemberAuthorization
    public var createdAt: Date
    /// Absolute end, however often the family rotates.
    public var expiresAt: Date
    public var revokedAt: Date?
}

/// SQL for `refresh_families`, run inside the caller's transaction. A grant row carries the
/// rotation state of its refresh tokens, so a refresh reads one row by primary key and rotates
/// with one `UPDATE` of it (Docs/architecture.md, "One row per grant").
public enum RefreshFamilyStore {
    /// A fresh grant id: 16 bytes from `RAND_bytes`, base64url (it is embedded in refresh tokens
    /// and access-token `jti`s).
    public static func newGrantID() throws -> String { try TokenIssuer.newJTI() }

    /// Starts a grant; with `firstToken` (generation 0 of the grant) it holds a refresh token,
    /// stored as SHA-256 only.
    public static func create(
        _ db: any SQLConnection,
        family: RefreshFamily,
        sessionIDHash: [UInt8]?,
        firstToken: RefreshTokenCodec.Minted?,
        tokenExpiresAt: Date
    ) throws {
        try db.execute(
            """
            INSERT INTO refresh_families (id, client_id, member_id, scope, amr, auth_time, session_id_hash,
                created_at, expires_at, generation, token_hash, token_issued_at, token_expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
            """,
            [
                .text(family.id), .text(family.clientID), .text(family.authorization.memberID.rawValue),
                .text(family.authorization.scope.description),
                .text(family.authorization.amr.map(\.rawValue).joined(separator: " ")),
                family.authorization.authTime.sqlValue, sessionIDHash.sqlValue, family.createdAt.sqlValue,
                family.expiresAt.sqlValue, firstToken.map { .blob($0.digest) } ?? .null,
                firstToken == nil ? .null : family.createdAt.sqlValue,
                firstToken == nil ? .null : tokenExpiresAt.sqlValue,
            ]
        )
    }

    /// Makes `successor` (generation + 1) the grant's current token and `presented` its previous
    /// one, with `sealed` (the successor under ``SuccessorSeal``) for the reuse grace. Guarded by
    /// the generation, so a rotation never applies twice.
    public static func rotate(
        _ db: any SQLConnection,
        row: FamilyRow,
        successor: RefreshTokenCodec.Minted,
        sealed: [UInt8],
        now: Date,
        expiresAt: Date
    ) throws {
        try db.execute(
            """
            UPDATE refresh_families SET generation = ?, token_hash = ?, token_issued_at = ?, token_expires_at = ?,
                previous_hash = token_hash, successor_sealed = ?
            WHERE id = ? AND generation = ?
            """,
            [
                .integer(Int64(successor.generation)), .blob(successor.digest), now.sqlValue, expiresAt.sqlValue,
                .blob(sealed), .text(row.family.id), .integer(Int64(row.generation)),
            ]
        )
        // Never hand out a successor that was not stored: its first use would look like a reuse.
        guard db.changes == 1 else {
            throw StoreError.misuse("the grant changed under its rotation", sql: nil)
        }
    }

    /// Revokes the grant, and with it its refresh token and every access token issued under it:
    /// those are active only while their grant is (``AccessTokenLedger/isMemberTokenActive(_:jti:memberID:clientID:)``).
    /// Idempotent.
    public static func revoke(_ db: any SQLConnection, familyID: String, reason: String, now: Date) throws {
        try db.execute(
            "UPDATE refresh_families SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL",
            [now.sqlValue, .text(reason), .text(familyID)]
        )
    }

    /// Revokes every live grant of `member`; returns how many there were.
    public static func revokeAll(_ db: any SQLConnection, memberID: MemberID, reason: String, now: Date) throws -> Int {
        try db.execute(
            "UPDATE refresh_families SET revoked_at = ?, revoked_reason = ? WHERE member_id = ? AND revoked_at IS NULL",
            [now.sqlValue, .text(reason), .text(memberID.rawValue)]
        )
        return db.changes
    }

    /// A grant row with its refresh-token state and its member's merge state.
    public struct FamilyRow: Sendable {
        public var family: RefreshFamily
        /// The current token's generation (tokens carry theirs).
        public var generation: UInt32
        /// SHA-256 of the current refresh token; nil for a grant without refresh tokens.
        public var tokenHash: [UInt8]?
        /// When the current token was issued (at the grant's start or by the last rotation).
        public var tokenIssuedAt: Date?
        public var tokenExpiresAt: Date?
        /// SHA-256 of the token the current one replaced.
        public var previousHash: [UInt8]?
        /// The current token sealed under the previous one (``SuccessorSeal``).
        public var successorSealed: [UInt8]?
        public var memberMerged: Bool

        /// Whether `token` is the grant's current refresh token (compared in constant time).
        public func isCurrent(_ token: RefreshTokenCodec.Minted) -> Bool {
            guard let tokenHash, token.grantID == family.id, token.generation == generation else { return false }
            return constantTimeEquals(token.digest, tokenHash)
        }

        /// Whether `token` is the one the current token replaced (compared in constant time).
        public func isPrevious(_ token: RefreshTokenCodec.Minted) -> Bool {
            guard let previousHash, token.grantID == family.id, token.generation &+ 1 == generation else {
                return false
            }
            return constantTimeEquals(token.digest, previousHash)
        }
    }

    public static func find(_ db: any SQLConnection, familyID: String) throws -> FamilyRow? {
        guard
            let row = try db.queryOne(
                """
                SELECT f.id, f.client_id, f.member_id, f.scope, f.amr, f.auth_time, f.created_at, f.expires_at,
                    f.revoked_at, f.generation, f.token_hash, f.token_issued_at, f.token_expires_at, f.previous_hash,
                    f.successor_sealed, m.merged_into
                FROM refresh_families f
                LEFT JOIN members m ON m.id = f.member_id
                WHERE f.id = ?
                """,
                [.text(familyID)]
            )
        else { return nil }
        let authorization = MemberAuthorization(
            memberID: MemberID(rawValue: try row.get(String.self, at: 2)),
            scope: ScopeSet(try row.get(String.self, at: 3).split(separator: " ").map(String.init)),
            amr: try row.get(String.self, at: 4).split(separator: " ").compactMap {
                AuthenticationMethod(rawValue: String($0))
            },
            authTime: try row.get(Date.self, at: 5)
        )
        return FamilyRow(
            family: RefreshFamily(
                id: try row.get(String.self, at: 0),
                clientID: try row.get(String.self, at: 1),
                authorization: authorization,
                createdAt: try row.get(Date.self, at: 6),
                expiresAt: try row.get(Date.self, at: 7),
                revokedAt: try row.get(Date?.self, at: 8)
            ),
            generation: UInt32(clamping: try row.get(Int64.self, at: 9)),
            tokenHash: try row.get([UInt8]?.self, at: 10),
            tokenIssuedAt: try row.get(Date?.self, at: 11),
            tokenExpiresAt: try row.get(Date?.self, at: 12),
            previousHash: try row.get([UInt8]?.self, at: 13),
            successorSealed: try row.get([UInt8]?.self, at: 14),
            memberMerged: !row.values[15].isNull
        )
    }
}

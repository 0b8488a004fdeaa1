public import FoundationEssentials
import OmniCrypto
import OmniJWT
public import OmniStore

/// Single-sign-on sessions in the `sessions` table.
///
/// A session id is 256 random bits, handed to the browser base64url-encoded; the table keeps only its
/// SHA-256, so a copy of the database opens no session (RFC 9700 §4.14-style storage of bearer secrets).
public struct SessionStore: Sendable {
    public let database: any DatabaseWriter
    /// Seconds a session lives (`session_ttl`).
    public let lifetime: TimeInterval

    public init(database: any DatabaseWriter, lifetime: TimeInterval) {
        self.database = database
        self.lifetime = lifetime
    }

    /// The digest a cookie value is stored under.
    public static func digest(_ cookieValue: String) -> [UInt8] { SHA256.hash(Array(cookieValue.utf8)) }

    /// Opens a session; returns the cookie value (the only place the id exists in clear) and the session.
    public func create(
        member: MemberID,
        amr: [AuthenticationMethod],
        authTime: Date,
        now: Date
    ) async throws
        -> (cookieValue: String, session: Session)
    {
        try await database.write { db in try create(member: member, amr: amr, authTime: authTime, now: now, in: db) }
    }

    /// The same inside a caller's transaction.
    public func create(
        member: MemberID,
        amr: [AuthenticationMethod],
        authTime: Date,
        now: Date,
        in db: any SQLConnection
    ) throws -> (cookieValue: String, session: Session) {
        let value = Base64URL.encode(try SecureRandom.bytes(count: 32))
        let session = Session(
            idHash: Self.digest(value),
            memberID: member,
            amr: amr,
            authTime: authTime,
            expiresAt: now.addingTimeInterval(lifetime)
        )
        try db.execute(
            """
            INSERT INTO sessions (id_hash, member_id, amr, auth_time, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                .blob(session.idHash), .text(member.rawValue), .text(amr.map(\.rawValue).joined(separator: " ")),
                authTime.sqlValue, now.sqlValue, session.expiresAt.sqlValue,
            ]
        )
        return (value, session)
    }

    /// The session behind a cookie value if it is still valid: not expired, not revoked, and its
    /// member not merged away (a merge revokes the source's sessions; this check holds even before).
    public func find(cookieValue: String, now: Date) async throws -> Session? {
        // Anything but a value we could have issued is not worth a lookup.
        guard cookieValue.utf8.count == 43, (try? Base64URL.decode(cookieValue)) != nil else { return nil }
        let hash = Self.digest(cookieValue)
        return try await database.read { db -> Session? in
            guard
                let row = try db.queryOne(
                    """
                    SELECT s.member_id, s.amr, s.auth_time, s.expires_at FROM sessions s
                    JOIN members m ON m.id = s.member_id
                    WHERE s.id_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND m.merged_into IS NULL
                    """,
                    [.blob(hash), now.sqlValue]
                )
            else { return nil }
            return Session(
                idHash: hash,
                memberID: MemberID(rawValue: try row.get(String.self, "member_id")),
                amr: try row.get(String.self, "amr").split(separator: " ").compactMap {
                    AuthenticationMethod(rawValue: String($0))
                },
                authTime: try row.column("auth_time"),
                expiresAt: try row.column("expires_at")
            )
        }
    }

    /// Revokes one session (logout of this browser).
    public func revoke(cookieValue: String, now: Date) async throws {
        let hash = Self.digest(cookieValue)
        try await database.write { db in
            try db.execute(
                "UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL",
                [now.sqlValue, .blob(hash)]
            )
        }
    }

    /// Revokes every session of a member (logout-all, merge); returns how many were live.
    @discardableResult
    public func revokeAll(member: MemberID, now: Date) async throws -> Int {
        try await database.write { db in try Self.revokeAll(member: member, now: now, in: db) }
    }

    /// The same inside a caller's transaction.
    @discardableResult
    public static func revokeAll(member: MemberID, now: Date, in db: any SQLConnection) throws -> Int {
        try db.execute(
            "UPDATE sessions SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL",
            [now.sqlValue, .text(member.rawValue)]
        )
        return db.changes
    }
}

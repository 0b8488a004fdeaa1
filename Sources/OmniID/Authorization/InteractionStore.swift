public import FoundationEssentials
import OmniCrypto
import OmniJWT
public import OmniStore

/// Interactions in the `interactions` table: created by the authorization endpoint, read by the
/// sign-in page, completed (once) by a successful sign-in.
public struct InteractionStore: Sendable {
    public let database: any DatabaseWriter
    /// Seconds an interaction lives (10 minutes: time to receive and type an SMS code, twice).
    public let lifetime: TimeInterval

    public init(database: any DatabaseWriter, lifetime: TimeInterval = 600) {
        self.database = database
        self.lifetime = lifetime
    }

    /// Stores the request under a fresh uid.
    public func create(for request: AuthorizationRequest, now: Date) async throws -> Interaction {
        let interaction = Interaction(
            uid: Base64URL.encode(try SecureRandom.bytes(count: 32)),
            request: request,
            createdAt: now,
            expiresAt: now.addingTimeInterval(lifetime),
            completedAt: nil
        )
        let json = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        try await database.write { db in
            try db.execute(
                """
                INSERT INTO interactions (uid, client_id, request, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
                """,
                [
                    .text(interaction.uid), .text(request.clientID), .text(json), now.sqlValue,
                    interaction.expiresAt.sqlValue,
                ]
            )
        }
        return interaction
    }

    /// The interaction, or `interaction_not_found`.
    public func find(uid: String) async throws -> Interaction {
        try Self.validateShape(uid)
        return try await database.read { db in try Self.find(uid: uid, in: db) }
    }

    /// The same inside a caller's transaction.
    public static func find(uid: String, in db: any SQLConnection) throws -> Interaction {
        try validateShape(uid)
        guard
            let row = try db.queryOne(
                "SELECT request, created_at, expires_at, completed_at FROM interactions WHERE uid = ?",
                [.text(uid)]
            )
        else { throw notFound }
        let request = try JSONDecoder().decode(
            AuthorizationRequest.self,
            from: Data(try row.get(String.self, "request").utf8)
        )
        return Interaction(
            uid: uid,
            request: request,
            createdAt: try row.column("created_at"),
            expiresAt: try row.column("expires_at"),
            completedAt: try row.column("completed_at")
        )
    }

    /// Marks it used, inside the caller's transaction; `interaction_expired` if it no longer can be.
    public static func complete(uid: String, now: Date, in db: any SQLConnection) throws {
        try db.execute(
            "UPDATE interactions SET completed_at = ? WHERE uid = ? AND completed_at IS NULL AND expires_at > ?",
            [now.sqlValue, .text(uid), now.sqlValue]
        )
        guard db.changes == 1 else {
            throw OAuthError(.interactionExpired, "this sign-in was already completed or has expired")
        }
    }

    private static var notFound: OAuthError {
        OAuthError(.interactionNotFound, "no such sign-in; start again from the shop")
    }

    /// Uids are 43 base64url characters; anything else is not looked up.
    private static func validateShape(_ uid: String) throws(OAuthError) {
        guard uid.utf8.count == 43, (try? Base64URL.decode(uid)) != nil else { throw notFound }
    }
}

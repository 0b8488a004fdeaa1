public import FoundationEssentials
import OmniCrypto
import OmniJWT
public import OmniStore

/// Members and the identities that prove them, in the `members` and `identities` tables.
///
/// BRIEF (Members and identities): a sign-in proves one or more identities; if one of them already
/// belongs to a member, that member signs in and the proven identities that belong to nobody are
/// linked to it; if none is known, a member is created; if they belong to different members, nothing
/// is moved: the sign-in goes to the member of the strongest identity (phone, then unionid, then
/// openid) and a merge candidate is recorded. All of it happens in one write transaction.
public struct MemberDirectory: Sendable {
    public let database: any DatabaseWriter

    public init(database: any DatabaseWriter) {
        self.database = database
    }

    /// Signs in with the proven identities in one write transaction.
    ///
    /// Two first-time sign-ins racing on one identity (from two processes sharing the database) both
    /// try to insert it; the identities primary key lets one win and the other fails with a UNIQUE
    /// violation, so the loser runs its transaction again and now finds the winner's member.
    public func signIn(proving identities: [Identity], now: Date) async throws -> SignInOutcome {
        try await Self.retryingOnUniqueViolation {
            try await database.write { db in try Self.signIn(proving: identities, now: now, in: db) }
        }
    }

    /// Runs `body`, once more if it failed on a UNIQUE constraint (a concurrent insert of the same row).
    public static func retryingOnUniqueViolation<T: Sendable>(
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch StoreError.constraintViolation(.unique, _, _) {
            return try await body()
        }
    }

    /// The same, inside a transaction the caller owns (the OTP verification signs in, opens the
    /// session and issues the code in one transaction).
    public static func signIn(
        proving identities: [Identity],
        now: Date,
        in db: any SQLConnection
    ) throws
        -> SignInOutcome
    {
        guard !identities.isEmpty else { throw OAuthError.invalidRequest("no identity was proven") }
        var owned: [(identity: Identity, owner: MemberID)] = []
        var unowned: [Identity] = []
        for identity in identities {
            if let owner = try owner(of: identity, in: db) {
                owned.append((identity, try survivor(of: owner, in: db)))
            } else {
                unowned.append(identity)
            }
        }
        guard let strongest = owned.max(by: { $0.identity.kind.strength < $1.identity.kind.strength }) else {
            let member = try MemberID.generate()
            try db.execute(
                "INSERT INTO members (id, created_at) VALUES (?, ?)",
                [.text(member.rawValue), now.sqlValue]
            )
            try link(unowned, to: member, now: now, in: db)
            return SignInOutcome(memberID: member, created: true, linked: unowned, conflictingMembers: [])
        }
        let member = strongest.owner
        try link(unowned, to: member, now: now, in: db)
        var conflicting: [MemberID] = []
        for entry in owned where entry.owner != member && !conflicting.contains(entry.owner) {
            conflicting.append(entry.owner)
            try record(
                MergeCandidate(
                    between: member,
                    and: entry.owner,
                    identityKind: entry.identity.kind,
                    reason: "one sign-in proved identities of both members",
                    at: now
                ),
                in: db
            )
        }
        return SignInOutcome(memberID: member, created: false, linked: unowned, conflictingMembers: conflicting)
    }

    /// The member an identity belongs to, as stored (not following merges).
    public static func owner(of identity: Identity, in db: any SQLConnection) throws -> MemberID? {
        let row = try db.queryOne(
            "SELECT member_id FROM identities WHERE kind = ? AND appid = ? AND value = ?",
            [.text(identity.kind.rawValue), .text(identity.appID), .text(identity.value)]
        )
        return try row.map { MemberID(rawValue: try $0.get(String.self, "member_id")) }
    }

    /// Follows `merged_into` to the member that survived (BRIEF: Administration, "chains resolve").
    public static func survivor(of member: MemberID, in db: any SQLConnection) throws -> MemberID {
        var current = member
        var seen: Set<MemberID> = [member]
        while let row = try db.queryOne("SELECT merged_into FROM members WHERE id = ?", [.text(current.rawValue)]),
            let next = try row.get(String?.self, "merged_into")
        {
            let nextID = MemberID(rawValue: next)
            // A cycle cannot be written by the merge code; stop rather than loop if the data says otherwise.
            guard seen.insert(nextID).inserted else { break }
            current = nextID
        }
        return current
    }

    /// The identities of a member, oldest link first.
    public func identities(of member: MemberID) async throws -> [Identity] {
        try await database.read { db in
            try db.query(
                "SELECT kind, appid, value FROM identities WHERE member_id = ? ORDER BY linked_at, kind, value",
                [.text(member.rawValue)]
            ).compactMap { row -> Identity? in
                guard let kind = Identity.Kind(rawValue: try row.get(String.self, "kind")) else { return nil }
                return Identity(
                    kind: kind,
                    value: try row.get(String.self, "value"),
                    appID: try row.get(String.self, "appid")
                )
            }
        }
    }

    /// The recorded merge candidates, oldest first.
    public func mergeCandidates() async throws -> [MergeCandidate] {
        try await database.read { db in
            try db.query(
                "SELECT member_a, member_b, identity_kind, reason, created_at FROM merge_candidates ORDER BY created_at"
            ).map { row in
                MergeCandidate(
                    between: MemberID(rawValue: try row.get(String.self, "member_a")),
                    and: MemberID(rawValue: try row.get(String.self, "member_b")),
                    identityKind: Identity.Kind(rawValue: try row.get(String.self, "identity_kind")) ?? .phone,
                    reason: try row.get(String.self, "reason"),
                    at: try row.column("created_at")
                )
            }
        }
    }

    private static func link(
        _ identities: [Identity],
        to member: MemberID,
        now: Date,
        in db: any SQLConnection
    )
        throws
    {
        for identity in identities {
            try db.execute(
                "INSERT INTO identities (kind, appid, value, member_id, linked_at) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(identity.kind.rawValue), .text(identity.appID), .text(identity.value),
                    .text(member.rawValue), now.sqlValue,
                ]
            )
        }
    }

    /// Records the pair once (the UNIQUE pair makes a repeat a no-op).
    static func record(_ candidate: MergeCandidate, in db: any SQLConnection) throws {
        try db.execute(
            """
            INSERT INTO merge_candidates (id, member_a, member_b, identity_kind, reason, created_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (member_a, member_b) DO NOTHING
            """,
            [
                .text("mc_" + Base64URL.encode(try SecureRandom.bytes(count: 12))), .text(candidate.memberA.rawValue),
                .text(candidate.memberB.rawValue), .text(candidate.identityKind.rawValue), .text(candidate.reason),
                candidate.createdAt.sqlValue,
            ]
        )
    }
}

public import FoundationEssentials
public import OmniStore

/// What a signed-in member may do with their own account (BRIEF: Account): list identities, add a
/// phone number proven by an SMS code, sign out everywhere.
public struct MemberAccount: Sendable {
    public let database: any DatabaseWriter
    public let otp: OTPService

    public init(database: any DatabaseWriter, otp: OTPService) {
        self.database = database
        self.otp = otp
    }

    /// An identity and when it joined the member.
    public struct LinkedIdentity: Sendable, Equatable {
        public let identity: Identity
        public let linkedAt: Date
    }

    /// The OTP purpose of a phone binding: a code sent for one member's binding proves nothing elsewhere.
    static func purpose(_ member: MemberID) -> String { "bind-phone:" + member.rawValue }

    /// The member's identities, oldest link first.
    public func identities(of member: MemberID) async throws -> [LinkedIdentity] {
        try await database.read { db in try Self.identities(of: member, in: db) }
    }

    static func identities(of member: MemberID, in db: any SQLConnection) throws -> [LinkedIdentity] {
        try db.query(
            "SELECT kind, appid, value, linked_at FROM identities WHERE member_id = ? ORDER BY linked_at, kind, value",
            [.text(member.rawValue)]
        ).compactMap { row -> LinkedIdentity? in
            guard let kind = Identity.Kind(rawValue: try row.get(String.self, "kind")) else { return nil }
            let identity = Identity(
                kind: kind,
                value: try row.get(String.self, "value"),
                appID: try row.get(String.self, "appid")
            )
            return LinkedIdentity(identity: identity, linkedAt: try row.column("linked_at"))
        }
    }

    /// Step 1 of adding `phone`: refuses a phone of another member (recording a merge candidate) and
    /// otherwise issues the code to send. The caller sends it.
    public func startPhoneBinding(member: MemberID, phone: String, ip: String, now: Date) async throws -> String {
        let owner = try await database.read { db in try Self.owner(of: phone, in: db) }
        if let owner, owner != member {
            try await recordConflict(member: member, other: owner, now: now)
            throw Self.conflict
        }
        return try await otp.issue(purpose: Self.purpose(member), phone: phone, ip: ip, now: now)
    }

    /// What step 2 decided; a wrong code must still be committed (the attempt counts), so it is returned.
    public enum BindingOutcome: Sendable, Equatable {
        case linked([LinkedIdentity])
        case wrong(attemptsLeft: Int)
        case expired
        case conflict
    }

    /// Step 2: checks the code and links the phone, in one write transaction. A phone that another member
    /// took meanwhile is a conflict with a merge candidate, nothing moved (BRIEF: Members and identities).
    public func confirmPhoneBinding(
        member: MemberID,
        phone: String,
        code: String,
        now: Date
    ) async throws
        -> BindingOutcome
    {
        let otp = self.otp
        return try await MemberDirectory.retryingOnUniqueViolation {
            try await database.write { db in
                switch try otp.check(purpose: Self.purpose(member), phone: phone, code: code, now: now, in: db) {
                case .expired: return .expired
                case .wrong(let attemptsLeft): return .wrong(attemptsLeft: attemptsLeft)
                case .accepted: break
                }
                if let owner = try Self.owner(of: phone, in: db) {
                    guard owner == member else {
                        try Self.recordConflict(member: member, other: owner, now: now, in: db)
                        return .conflict
                    }
                } else {
                    try db.execute(
                        "INSERT INTO identities (kind, appid, value, member_id, linked_at) VALUES (?, '', ?, ?, ?)",
                        [.text(Identity.Kind.phone.rawValue), .text(phone), .text(member.rawValue), now.sqlValue]
                    )
                }
                return .linked(try Self.identities(of: member, in: db))
            }
        }
    }

    /// Revokes every grant of `member` (so every refresh token and member access token) and every
    /// session, in one transaction; returns how many grants were live.
    @discardableResult
    public func logoutAll(member: MemberID, now: Date) async throws -> Int {
        try await database.write { db in
            let revoked = try RefreshFamilyStore.revokeAll(db, memberID: member, reason: "logout_all", now: now)
            try SessionStore.revokeAll(member: member, now: now, in: db)
            return revoked
        }
    }

    /// 409: says only that the phone is taken, nothing about who has it.
    public static var conflict: OAuthError {
        OAuthError(.identityConflict, "this phone number belongs to another account; support can merge the accounts")
    }

    private static func owner(of phone: String, in db: any SQLConnection) throws -> MemberID? {
        try MemberDirectory.owner(of: .phone(phone), in: db).map { try MemberDirectory.survivor(of: $0, in: db) }
    }

    private func recordConflict(member: MemberID, other: MemberID, now: Date) async throws {
        try await database.write { db in try Self.recordConflict(member: member, other: other, now: now, in: db) }
    }

    private static func recordConflict(member: MemberID, other: MemberID, now: Date, in db: any SQLConnection) throws {
        try MemberDirectory.record(
            MergeCandidate(
                between: member,
                and: other,
                identityKind: .phone,
                reason: "member tried to add a phone number that belongs to another member",
                at: now
            ),
            in: db
        )
    }
}

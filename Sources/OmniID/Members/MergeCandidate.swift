public import FoundationEssentials

/// Two members that a sign-in showed to be the same person, waiting for an administrator
/// (BRIEF: Members and identities — "nothing is moved silently ... a merge candidate is recorded").
///
/// The pair is stored in a canonical order (`memberA < memberB`), so it is recorded once however
/// often, and from whichever side, the clash is seen again.
public struct MergeCandidate: Sendable, Equatable {
    public var memberA: MemberID
    public var memberB: MemberID
    /// The kind of the identity that tied the two together, e.g. `phone`.
    public var identityKind: Identity.Kind
    public var reason: String
    public var createdAt: Date

    public init(between one: MemberID, and other: MemberID, identityKind: Identity.Kind, reason: String, at: Date) {
        let ordered = one.rawValue < other.rawValue ? (one, other) : (other, one)
        self.memberA = ordered.0
        self.memberB = ordered.1
        self.identityKind = identityKind
        self.reason = reason
        self.createdAt = at
    }
}

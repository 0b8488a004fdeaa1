/// What a sign-in did to the member directory (BRIEF: Members and identities).
public struct SignInOutcome: Sendable, Equatable {
    /// The member who is now signed in (the survivor, when the owner was merged).
    public var memberID: MemberID
    /// True when no proven identity was known and the member was created.
    public var created: Bool
    /// Proven identities that belonged to nobody and are now linked to `memberID`.
    public var linked: [Identity]
    /// Members that own other proven identities: recorded as merge candidates, nothing moved.
    public var conflictingMembers: [MemberID]

    public init(memberID: MemberID, created: Bool, linked: [Identity], conflictingMembers: [MemberID]) {
        self.memberID = memberID
        self.created = created
        self.linked = linked
        self.conflictingMembers = conflictingMembers
    }
}

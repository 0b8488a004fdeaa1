public import OmniStore

/// What tokens may say about a member, read inside the issuing transaction.
public enum MemberClaimsLookup {
    /// The member's verified phone number (E.164), if they have one.
    public static func phoneNumber(_ db: any SQLConnection, memberID: MemberID) throws -> String? {
        try db.queryOne(
            "SELECT value FROM identities WHERE member_id = ? AND kind = 'phone' ORDER BY linked_at LIMIT 1",
            [.text(memberID.rawValue)]
        )?.get(String.self, "value")
    }

    /// Whether the member was merged into another (a tombstone gets no new tokens).
    public static func isMerged(_ db: any SQLConnection, memberID: MemberID) throws -> Bool {
        try db.queryOne("SELECT merged_into FROM members WHERE id = ?", [.text(memberID.rawValue)])?["merged_into"]?
            .isNull == false
    }
}

extension Schema {
    /// Merge candidates recorded by sign-ins that proved identities of two members (BRIEF: Members and
    /// identities), and the index the OTP send limits count with.
    static let signIn = """
        CREATE TABLE merge_candidates (
            id TEXT PRIMARY KEY,
            member_a TEXT NOT NULL REFERENCES members(id),
            member_b TEXT NOT NULL REFERENCES members(id),
            identity_kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            UNIQUE (member_a, member_b),
            CHECK (member_a < member_b)
        );
        CREATE INDEX otp_challenges_by_phone ON otp_challenges(phone, consumed_at);
        """
}

import OmniStore

extension Schema {
    /// Indexes on the expiry times, so that ``ExpiredRowSweeper`` finds the rows whose time is up
    /// without scanning whole tables. A grant without refresh tokens (`token_hash` NULL: no
    /// `offline_access`) ends with its access tokens, hence the partial index on `created_at`.
    static let expiryIndexes = """
        CREATE INDEX authorization_codes_by_expiry ON authorization_codes(expires_at);
        CREATE INDEX interactions_by_expiry ON interactions(expires_at);
        CREATE INDEX otp_challenges_by_expiry ON otp_challenges(expires_at);
        CREATE INDEX otp_sends_by_time ON otp_sends(sent_at);
        CREATE INDEX sessions_by_expiry ON sessions(expires_at);
        CREATE INDEX revoked_access_tokens_by_expiry ON revoked_access_tokens(expires_at);
        CREATE INDEX refresh_families_by_expiry ON refresh_families(expires_at);
        CREATE INDEX refresh_families_without_refresh_by_creation ON refresh_families(created_at)
            WHERE token_hash IS NULL;
        """
}

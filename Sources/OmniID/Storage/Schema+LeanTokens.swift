extension Schema {
    /// Every refresh writes one refresh token, marks its parent rotated and records one access
    /// token; each B-tree it touches is one more page in the WAL at commit. This step keys both
    /// token tables by their lookup key alone (`WITHOUT ROWID`: the row lives in the primary-key
    /// tree, no separate rowid tree) and drops two indexes no query uses:
    ///
    /// - `refresh_tokens_by_family`: tokens are only ever found by hash; a revoked family is
    ///   revoked by its own row.
    /// - `access_tokens_by_family`: a member access token is active only while its family is
    ///   unrevoked (the access-token check joined the family; superseded by migration 04), so
    ///   revoking a family no longer rewrites its access tokens one by one.
    ///
    /// A refresh now dirties four B-tree pages instead of eight. Rows are copied unchanged.
    static let leanTokenTables = """
        CREATE TABLE refresh_tokens_lean (
            token_hash BLOB PRIMARY KEY,
            family_id TEXT NOT NULL REFERENCES refresh_families(id),
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            rotated_at DOUBLE PRECISION,
            successor_hash BLOB,
            successor_sealed BLOB
        ) WITHOUT ROWID;
        INSERT INTO refresh_tokens_lean
            SELECT token_hash, family_id, created_at, expires_at, rotated_at, successor_hash, successor_sealed
            FROM refresh_tokens;
        DROP TABLE refresh_tokens;
        ALTER TABLE refresh_tokens_lean RENAME TO refresh_tokens;

        CREATE TABLE access_tokens_lean (
            jti TEXT PRIMARY KEY,
            client_id TEXT NOT NULL,
            member_id TEXT REFERENCES members(id),
            family_id TEXT REFERENCES refresh_families(id),
            expires_at DOUBLE PRECISION NOT NULL,
            revoked_at DOUBLE PRECISION
        ) WITHOUT ROWID;
        INSERT INTO access_tokens_lean
            SELECT jti, client_id, member_id, family_id, expires_at, revoked_at FROM access_tokens;
        DROP TABLE access_tokens;
        ALTER TABLE access_tokens_lean RENAME TO access_tokens;
        CREATE INDEX access_tokens_by_member ON access_tokens(member_id);
        """
}

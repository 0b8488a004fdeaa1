public import OmniStore

/// The database schema as an ordered list of named migrations (GRDB style; recorded in `schema_migrations`).
///
/// Secrets never reach a column in clear: authorization codes, refresh tokens and session ids are
/// stored as SHA-256 digests (they carry ≥ 256 random bits, so a fast hash is enough); OTPs, which
/// have only 20 bits, as an HMAC under the server secret; client secrets as scrypt hashes. Times are
/// Unix seconds (`DOUBLE PRECISION`, fractions kept).
public enum Schema {
    public static var migrator: Migrator {
        var migrator = Migrator()
        migrator.register("2026-11-25-01-oauth-core") { db in try db.executeScript(oauthCore) }
        migrator.register("2026-11-25-02-sign-in") { db in try db.executeScript(signIn) }
        migrator.register("2026-11-25-03-lean-token-tables") { db in try db.executeScript(leanTokenTables) }
        migrator.register("2026-12-07-04-grant-rotation-state") { db in
            try endGrantsOfTheOldShape(db)
            try db.executeScript(grantRotationState)
        }
        migrator.register("2026-12-07-05-expiry-indexes") { db in try db.executeScript(expiryIndexes) }
        return migrator
    }

    static let oauthCore = """
        CREATE TABLE clients (
            client_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('web', 'app', 'miniprogram', 'service')),
            type TEXT NOT NULL CHECK (type IN ('public', 'confidential')),
            secret_hash TEXT,
            redirect_uris TEXT NOT NULL,
            grant_types TEXT NOT NULL,
            scopes TEXT NOT NULL,
            wechat_appid TEXT,
            updated_at DOUBLE PRECISION NOT NULL
        );

        CREATE TABLE members (
            id TEXT PRIMARY KEY,
            created_at DOUBLE PRECISION NOT NULL,
            merged_into TEXT REFERENCES members(id),
            merged_at DOUBLE PRECISION
        );

        -- An identity belongs to exactly one member: the primary key enforces it, not only code.
        CREATE TABLE identities (
            kind TEXT NOT NULL CHECK (kind IN ('phone', 'wechat_unionid', 'wechat_openid')),
            appid TEXT NOT NULL DEFAULT '',
            value TEXT NOT NULL,
            member_id TEXT NOT NULL REFERENCES members(id),
            linked_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (kind, appid, value)
        );
        CREATE INDEX identities_by_member ON identities(member_id);

        CREATE TABLE sessions (
            id_hash BLOB PRIMARY KEY,
            member_id TEXT NOT NULL REFERENCES members(id),
            amr TEXT NOT NULL,
            auth_time DOUBLE PRECISION NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            revoked_at DOUBLE PRECISION
        );
        CREATE INDEX sessions_by_member ON sessions(member_id);

        CREATE TABLE interactions (
            uid TEXT PRIMARY KEY,
            client_id TEXT NOT NULL REFERENCES clients(client_id),
            request TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            completed_at DOUBLE PRECISION
        );

        CREATE TABLE otp_challenges (
            id TEXT PRIMARY KEY,
            purpose TEXT NOT NULL,
            phone TEXT NOT NULL,
            code_hash BLOB NOT NULL,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            consumed_at DOUBLE PRECISION
        );
        CREATE INDEX otp_challenges_by_purpose ON otp_challenges(purpose, phone, created_at);

        CREATE TABLE otp_sends (
            phone TEXT NOT NULL,
            ip TEXT NOT NULL,
            sent_at DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX otp_sends_by_phone ON otp_sends(phone, sent_at);
        CREATE INDEX otp_sends_by_ip ON otp_sends(ip, sent_at);

        CREATE TABLE authorization_codes (
            code_hash BLOB PRIMARY KEY,
            client_id TEXT NOT NULL REFERENCES clients(client_id),
            redirect_uri TEXT,
            code_challenge TEXT,
            nonce TEXT,
            scope TEXT NOT NULL,
            member_id TEXT NOT NULL REFERENCES members(id),
            session_id_hash BLOB,
            amr TEXT NOT NULL,
            auth_time DOUBLE PRECISION NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            redeemed_at DOUBLE PRECISION,
            issued_family_id TEXT,
            issued_access_jti TEXT
        );

        CREATE TABLE refresh_families (
            id TEXT PRIMARY KEY,
            client_id TEXT NOT NULL REFERENCES clients(client_id),
            member_id TEXT NOT NULL REFERENCES members(id),
            scope TEXT NOT NULL,
            amr TEXT NOT NULL,
            auth_time DOUBLE PRECISION NOT NULL,
            session_id_hash BLOB,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            revoked_at DOUBLE PRECISION,
            revoked_reason TEXT
        );
        CREATE INDEX refresh_families_by_member ON refresh_families(member_id);

        CREATE TABLE refresh_tokens (
            token_hash BLOB PRIMARY KEY,
            family_id TEXT NOT NULL REFERENCES refresh_families(id),
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            rotated_at DOUBLE PRECISION,
            successor_hash BLOB,
            successor_sealed BLOB
        );
        CREATE INDEX refresh_tokens_by_family ON refresh_tokens(family_id);

        -- Access tokens issued to members, so that revoking their grant (RFC 7009 §2.1), a logout-all
        -- or a merge makes introspection answer inactive. Service tokens are not recorded.
        CREATE TABLE access_tokens (
            jti TEXT PRIMARY KEY,
            client_id TEXT NOT NULL,
            member_id TEXT REFERENCES members(id),
            family_id TEXT REFERENCES refresh_families(id),
            expires_at DOUBLE PRECISION NOT NULL,
            revoked_at DOUBLE PRECISION
        );
        CREATE INDEX access_tokens_by_member ON access_tokens(member_id);
        CREATE INDEX access_tokens_by_family ON access_tokens(family_id);

        -- Revoked service access tokens (RFC 7009), kept until they expire.
        CREATE TABLE revoked_access_tokens (
            jti TEXT PRIMARY KEY,
            expires_at DOUBLE PRECISION NOT NULL
        );
        """
}

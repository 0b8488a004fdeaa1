import FoundationEssentials
import OmniStore

extension Schema {
    /// A grant row (`refresh_families`) carries the rotation state of its refresh tokens, and
    /// nothing is recorded per token any more (Docs/architecture.md, "One row per grant"):
    ///
    /// - `generation`, `token_hash`, `token_issued_at`, `token_expires_at`: the current refresh
    ///   token (NULL hash for a grant without refresh tokens); `previous_hash` and
    ///   `successor_sealed`: the token it replaced, and the current token sealed under that one,
    ///   for the reuse grace. A refresh is one `UPDATE` of this row.
    /// - `refresh_tokens` and `access_tokens` go: refresh tokens now name their grant
    ///   (``RefreshTokenCodec``), member access tokens' `jti`s too (``TokenIssuer/newJTI(grantID:)``).
    ///
    /// Tokens of the earlier shape name no grant, so they cannot be carried over: the grants that
    /// were live end here (`revoked_reason` says why, ``endGrantsOfTheOldShape(_:)``), and their
    /// members sign in again.
    static let grantRotationState = """
        ALTER TABLE refresh_families ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE refresh_families ADD COLUMN token_hash BLOB;
        ALTER TABLE refresh_families ADD COLUMN token_issued_at DOUBLE PRECISION;
        ALTER TABLE refresh_families ADD COLUMN token_expires_at DOUBLE PRECISION;
        ALTER TABLE refresh_families ADD COLUMN previous_hash BLOB;
        ALTER TABLE refresh_families ADD COLUMN successor_sealed BLOB;
        DROP TABLE refresh_tokens;
        DROP TABLE access_tokens;
        """

    static func endGrantsOfTheOldShape(_ db: any SQLConnection) throws {
        try db.execute(
            """
            UPDATE refresh_families SET revoked_at = ?, revoked_reason = 'token_format_upgrade'
            WHERE revoked_at IS NULL
            """,
            [Date().sqlValue]
        )
    }
}

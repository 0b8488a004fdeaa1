public import FoundationEssentials
public import OmniStore

/// Deletes the rows whose time is up, so that codes, sign-in attempts, sessions and grants do not
/// accumulate for ever. A row goes only once nothing can tell it from a missing one:
///
/// | table | deleted when |
/// |---|---|
/// | `authorization_codes`, `interactions`, `otp_challenges`, `sessions`, `revoked_access_tokens` | `expires_at` is more than ``Policy/retention`` ago |
/// | `otp_sends` | `sent_at` is older than ``OTPService/sendHistory`` (the longest send-limit window, a day) |
/// | `refresh_families` | `expires_at` is more than ``Policy/longestTokenLifetime`` + ``Policy/retention`` ago |
/// | `refresh_families` without refresh tokens | `created_at` is more than ``Policy/longestTokenLifetime`` + ``Policy/retention`` ago |
///
/// - A code is kept a day past its expiry, so a late replay still revokes what it issued
///   (RFC 6749 §4.1.2); an interaction or OTP challenge, so a late answer still reads "expired".
/// - A grant is kept until the last access token issued under it has expired: an access token is
///   active only while its grant row exists (``AccessTokenLedger``), so deleting earlier would end
///   valid tokens. Its tokens are issued at the latest at its `expires_at` (a grant without refresh
///   tokens issues its only access token at `created_at`).
///
/// Each batch of at most ``Policy/batchSize`` rows is its own short write transaction, so a large
/// backlog never holds the single writer for long; a sweep does at most ``Policy/maxBatches``
/// batches per rule and leaves the rest to the next.
public struct ExpiredRowSweeper: Sendable {
    public struct Policy: Sendable, Equatable {
        /// How long an expired row is kept before it goes.
        public var retention: TimeInterval
        /// The longest lifetime of an access or ID token (`access_token_ttl`, `id_token_ttl`).
        public var longestTokenLifetime: TimeInterval
        public var batchSize: Int
        public var maxBatches: Int

        public init(
            retention: TimeInterval = 86_400,
            longestTokenLifetime: TimeInterval,
            batchSize: Int = 500,
            maxBatches: Int = 200
        ) {
            self.retention = retention
            self.longestTokenLifetime = longestTokenLifetime
            self.batchSize = max(1, batchSize)
            self.maxBatches = max(1, maxBatches)
        }
    }

    /// One deletion rule: rows of `table` matching `condition`, whose one `?` is a Unix time.
    struct Rule: Sendable {
        let name: String
        let table: String
        let condition: String
        let cutoff: @Sendable (Date) -> Date
    }

    let database: any DatabaseWriter
    let policy: Policy
    let rules: [Rule]

    public init(database: any DatabaseWriter, policy: Policy) {
        self.database = database
        self.policy = policy
        let retention = policy.retention
        let grantLife = policy.longestTokenLifetime + policy.retention
        func expired(_ table: String, after seconds: TimeInterval) -> Rule {
            Rule(name: table, table: table, condition: "expires_at < ?") { $0.addingTimeInterval(-seconds) }
        }
        rules = [
            expired("authorization_codes", after: retention),
            expired("interactions", after: retention),
            expired("otp_challenges", after: retention),
            Rule(name: "otp_sends", table: "otp_sends", condition: "sent_at < ?") {
                $0.addingTimeInterval(-OTPService.sendHistory)
            },
            expired("sessions", after: retention),
            expired("revoked_access_tokens", after: retention),
            expired("refresh_families", after: grantLife),
            Rule(
                name: "refresh_families_without_refresh",
                table: "refresh_families",
                condition: "token_hash IS NULL AND created_at < ?"
            ) { $0.addingTimeInterval(-grantLife) },
        ]
    }

    /// Deletes what is due at `now`; the number of rows deleted per rule (rules that deleted
    /// nothing are left out).
    @discardableResult
    public func sweep(now: Date) async throws -> [String: Int] {
        var deleted: [String: Int] = [:]
        for rule in rules {
            let cutoff = rule.cutoff(now).sqlValue
            let sql = """
                DELETE FROM \(rule.table) WHERE rowid IN
                    (SELECT rowid FROM \(rule.table) WHERE \(rule.condition) LIMIT \(policy.batchSize))
                """
            var total = 0
            for _ in 0..<policy.maxBatches {
                try Task.checkCancellation()
                let count = try await database.write { db in
                    try db.execute(sql, [cutoff])
                    return db.changes
                }
                total += count
                if count < policy.batchSize { break }
            }
            if total > 0 { deleted[rule.name] = total }
        }
        return deleted
    }
}

public import FoundationEssentials
import OmniCrypto
import OmniJWT
public import OmniStore

/// Phone one-time codes in `otp_challenges`, with their send limits in `otp_sends` (so the limits
/// survive a restart and hold across processes sharing the database).
///
/// A code has only 20 bits, so a plain hash could be reversed by trying all of them: it is stored as
/// HMAC-SHA256 under the server secret over `challenge id ‖ ":" ‖ code`, and compared in constant time.
public struct OTPService: Sendable {
    public let database: any DatabaseWriter
    public let secret: ServerSecret
    public let policy: OTPPolicy

    /// The longest send-limit window (per phone per day): older `otp_sends` rows count for nothing.
    public static let sendHistory: TimeInterval = 86_400

    public init(database: any DatabaseWriter, secret: ServerSecret, policy: OTPPolicy) {
        self.database = database
        self.secret = secret
        self.policy = policy
    }

    /// Checks the send limits, records the send, supersedes the live codes of the same purpose and
    /// phone, and stores a new challenge; all in one write transaction. Returns the code to send.
    ///
    /// Throws `slow_down` with `Retry-After` when a limit is reached (nothing is written then).
    public func issue(purpose: String, phone: String, ip: String, now: Date) async throws -> String {
        let code = try OTPCode.generate()
        let id = Base64URL.encode(try SecureRandom.bytes(count: 16))
        let hash = try digest(id: id, code: code)
        let policy = self.policy
        try await database.write { db in
            try Self.checkLimits(policy, phone: phone, ip: ip, now: now, in: db)
            try db.execute(
                "DELETE FROM otp_sends WHERE phone = ? AND sent_at <= ?",
                [.text(phone), now.addingTimeInterval(-Self.sendHistory).sqlValue]
            )
            try db.execute(
                "INSERT INTO otp_sends (phone, ip, sent_at) VALUES (?, ?, ?)",
                [.text(phone), .text(ip), now.sqlValue]
            )
            // A new send supersedes older live codes: only the latest SMS works.
            try db.execute(
                "UPDATE otp_challenges SET consumed_at = ? WHERE purpose = ? AND phone = ? AND consumed_at IS NULL",
                [now.sqlValue, .text(purpose), .text(phone)]
            )
            try db.execute(
                """
                INSERT INTO otp_challenges (id, purpose, phone, code_hash, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(id), .text(purpose), .text(phone), .blob(hash), now.sqlValue,
                    now.addingTimeInterval(policy.lifetime).sqlValue,
                ]
            )
        }
        return code
    }

    /// Checks a presented code against the live challenge of `purpose` and `phone`, inside the
    /// caller's transaction (which must commit for a wrong attempt to count).
    public func check(
        purpose: String,
        phone: String,
        code: String,
        now: Date,
        in db: any SQLConnection
    ) throws
        -> OTPCheck
    {
        guard
            let row = try db.queryOne(
                """
                SELECT id, code_hash, failed_attempts, expires_at FROM otp_challenges
                WHERE purpose = ? AND phone = ? AND consumed_at IS NULL
                ORDER BY created_at DESC LIMIT 1
                """,
                [.text(purpose), .text(phone)]
            )
        else { return .expired }
        let id: String = try row.column("id")
        let failed: Int = try row.column("failed_attempts")
        let expiresAt: Date = try row.column("expires_at")
        guard expiresAt > now, failed < policy.attemptsPerCode else { return .expired }
        let presented = try digest(id: id, code: OTPCode.isWellFormed(code) ? code : "")
        if constantTimeEquals(presented, try row.get([UInt8].self, "code_hash")) {
            try db.execute("UPDATE otp_challenges SET consumed_at = ? WHERE id = ?", [now.sqlValue, .text(id)])
            return .accepted
        }
        try db.execute(
            "UPDATE otp_challenges SET failed_attempts = failed_attempts + 1 WHERE id = ?",
            [.text(id)]
        )
        return .wrong(attemptsLeft: max(0, policy.attemptsPerCode - failed - 1))
    }

    /// Checks in a transaction of its own (flows with nothing else to write).
    public func check(purpose: String, phone: String, code: String, now: Date) async throws -> OTPCheck {
        try await database.write { db in try check(purpose: purpose, phone: phone, code: code, now: now, in: db) }
    }

    private func digest(id: String, code: String) throws -> [UInt8] {
        try secret.mac(Array((id + ":" + code).utf8))
    }

    /// Per phone per minute and per day, per IP per hour (BRIEF: Bad input).
    private static func checkLimits(
        _ policy: OTPPolicy,
        phone: String,
        ip: String,
        now: Date,
        in db: any SQLConnection
    )
        throws
    {
        let windows: [(column: String, value: String, seconds: TimeInterval, limit: Int, what: String)] = [
            ("phone", phone, 60, policy.sendsPerPhonePerMinute, "codes to this phone this minute"),
            ("phone", phone, Self.sendHistory, policy.sendsPerPhonePerDay, "codes to this phone today"),
            ("ip", ip, 3_600, policy.sendsPerIPPerHour, "codes from this address this hour"),
        ]
        for window in windows {
            let since = now.addingTimeInterval(-window.seconds)
            let count: Int =
                try db.queryOne(
                    "SELECT COUNT(*) AS n FROM otp_sends WHERE \(window.column) = ? AND sent_at > ?",
                    [.text(window.value), since.sqlValue]
                )?.get(Int.self, "n") ?? 0
            guard count >= window.limit else { continue }
            // The send that must leave the window before another one fits.
            let blocking: Date =
                try db.queryOne(
                    """
                    SELECT sent_at FROM otp_sends WHERE \(window.column) = ? AND sent_at > ?
                    ORDER BY sent_at LIMIT 1 OFFSET ?
                    """,
                    [.text(window.value), since.sqlValue, .integer(Int64(count - window.limit))]
                )?.get(Date.self, "sent_at") ?? now
            let wait = Int(blocking.addingTimeInterval(window.seconds).timeIntervalSince(now).rounded(.up))
            throw OAuthError(
                .slowDown,
                "too many \(window.what) (at most \(window.limit)); try again later",
                retryAfter: max(1, wait)
            )
        }
    }
}

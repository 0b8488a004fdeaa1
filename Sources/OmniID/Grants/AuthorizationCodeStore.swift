public import FoundationEssentials
import OmniCrypto
import OmniJWT
public import OmniStore

/// Authorization codes in the `authorization_codes` table: single use, short-lived, bound to the
/// grant (RFC 6749 §4.1.2, §10.5). Only SHA-256 of a code is stored; the code carries 256 random
/// bits, so the digest cannot be reversed by guessing.
///
/// Issuing lives here; redemption (with replay detection, RFC 6749 §4.1.2: "If an authorization
/// code is used more than once, the authorization server MUST deny the request and SHOULD revoke
/// all tokens previously issued based on that authorization code") is in
/// `AuthorizationCodeStore+Redemption.swift`.
public struct AuthorizationCodeStore: AuthorizationCodeIssuing {
    public let database: any DatabaseWriter
    /// Lifetime of a code in seconds (≤ 60, BRIEF).
    public let lifetime: TimeInterval

    public init(database: any DatabaseWriter, lifetime: TimeInterval) {
        self.database = database
        self.lifetime = lifetime
    }

    /// The digest under which a code is stored.
    public static func digest(_ code: String) -> [UInt8] { SHA256.hash(Array(code.utf8)) }

    public func issueCode(for grant: AuthorizationGrant, now: Date) async throws -> String {
        let code = Base64URL.encode(try SecureRandom.bytes(count: 32))
        try await database.write { db in try insert(code: code, for: grant, now: now, in: db) }
        return code
    }

    /// Issues a code inside a caller's transaction (a sign-in that also creates the member and the
    /// session commits all of it at once).
    public func issueCode(for grant: AuthorizationGrant, now: Date, in db: any SQLConnection) throws -> String {
        let code = Base64URL.encode(try SecureRandom.bytes(count: 32))
        try insert(code: code, for: grant, now: now, in: db)
        return code
    }

    private func insert(code: String, for grant: AuthorizationGrant, now: Date, in db: any SQLConnection) throws {
        let hash = Self.digest(code)
        let expiresAt = now.addingTimeInterval(lifetime)
        try db.execute(
            """
            INSERT INTO authorization_codes (code_hash, client_id, redirect_uri, code_challenge, nonce, scope,
                member_id, session_id_hash, amr, auth_time, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .blob(hash), .text(grant.clientID), grant.redirectURI.sqlValue, grant.codeChallenge.sqlValue,
                grant.nonce.sqlValue, .text(grant.scope.description), .text(grant.memberID.rawValue),
                grant.sessionIDHash.sqlValue, .text(grant.amr.map(\.rawValue).joined(separator: " ")),
                grant.authTime.sqlValue, now.sqlValue, expiresAt.sqlValue,
            ]
        )
    }
}

public import FoundationEssentials

/// A single-sign-on session behind the browser's cookie (BRIEF: Channel sign-in): who signed in,
/// how and when. Only the SHA-256 of its id is stored.
public struct Session: Sendable, Equatable {
    /// SHA-256 of the cookie value; what codes and refresh families record as `session_id_hash`.
    public var idHash: [UInt8]
    public var memberID: MemberID
    public var amr: [AuthenticationMethod]
    /// When the member last actively authenticated (OpenID Connect Core §2 `auth_time`).
    public var authTime: Date
    public var expiresAt: Date

    public init(idHash: [UInt8], memberID: MemberID, amr: [AuthenticationMethod], authTime: Date, expiresAt: Date) {
        self.idHash = idHash
        self.memberID = memberID
        self.amr = amr
        self.authTime = authTime
        self.expiresAt = expiresAt
    }
}

public import FoundationEssentials

/// What an authorization code stands for (RFC 6749 §4.1.2): who signed in, how, for which client,
/// and the request parameters the code is bound to (RFC 6749 §4.1.3 redirect_uri, RFC 7636 §4.4
/// code_challenge, OpenID Connect Core §3.1.2.1 nonce).
///
/// Built by the sign-in flows (phone OTP, WeChat, QR, SSO) and redeemed by the token endpoint.
public struct AuthorizationGrant: Sendable, Equatable {
    public var clientID: String
    /// The redirect URI the authorization request used; nil for channel sign-ins without a browser
    /// (mini-program, app WeChat login), whose codes are redeemed without one.
    public var redirectURI: String?
    /// RFC 7636 S256 challenge; required for public clients.
    public var codeChallenge: String?
    public var nonce: String?
    public var scope: ScopeSet
    public var memberID: MemberID
    /// SHA-256 of the single-sign-on session id, when the sign-in happened in a browser session.
    public var sessionIDHash: [UInt8]?
    public var amr: [AuthenticationMethod]
    public var authTime: Date

    public init(
        clientID: String,
        redirectURI: String?,
        codeChallenge: String?,
        nonce: String?,
        scope: ScopeSet,
        memberID: MemberID,
        sessionIDHash: [UInt8]?,
        amr: [AuthenticationMethod],
        authTime: Date
    ) {
        self.clientID = clientID
        self.redirectURI = redirectURI
        self.codeChallenge = codeChallenge
        self.nonce = nonce
        self.scope = scope
        self.memberID = memberID
        self.sessionIDHash = sessionIDHash
        self.amr = amr
        self.authTime = authTime
    }
}

/// Issues authorization codes. The token endpoint side owns redemption; sign-in flows only issue.
public protocol AuthorizationCodeIssuing: Sendable {
    /// Stores the grant under a fresh single-use code (only its SHA-256 is kept) and returns the code.
    func issueCode(for grant: AuthorizationGrant, now: Date) async throws -> String
}

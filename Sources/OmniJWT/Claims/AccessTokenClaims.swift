/// The non-registered claims of an RFC 9068 access token as OmniID issues it.
///
/// RFC 9068 §2.2 adds `client_id` (REQUIRED) and `scope` to the registered claims; OmniID also
/// writes `amr` (RFC 8176 method references) and `channel` (the client's channel).
public struct AccessTokenClaims: Codable, Sendable, Equatable {
    /// `client_id` (RFC 9068 §2.2, RFC 8693 §4.3): the client the token was issued to. REQUIRED.
    public var clientID: String
    /// `scope` (RFC 9068 §2.2.3, RFC 8693 §4.2): space-separated scopes.
    public var scope: String?
    /// `amr` (RFC 8176): how the member authenticated, e.g. `["sms", "otp"]`.
    public var authenticationMethods: [String]?
    /// `channel`: `web`, `app`, `miniprogram` or `service`.
    public var channel: String?

    /// Creates access-token claims.
    public init(clientID: String, scope: String? = nil, authenticationMethods: [String]? = nil, channel: String? = nil)
    {
        self.clientID = clientID
        self.scope = scope
        self.authenticationMethods = authenticationMethods
        self.channel = channel
    }

    /// The scopes as a set of tokens (RFC 6749 §3.3 scope-token list).
    public var scopes: Set<String> {
        Set((scope ?? "").split(separator: " ").map(String.init))
    }

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case scope
        case authenticationMethods = "amr"
        case channel
    }
}

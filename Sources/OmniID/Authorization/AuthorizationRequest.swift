/// A validated authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OpenID Connect Core §3.1.2.1),
/// as the interaction stores it between the redirect to the sign-in page and the code.
public struct AuthorizationRequest: Sendable, Equatable, Codable {
    public var clientID: String
    /// Where the response goes: the requested URI, or the only registered one when it was omitted.
    public var redirectURI: String
    /// Whether the request named `redirect_uri`; if so the token request must repeat it (RFC 6749 §4.1.3).
    public var redirectURIWasGiven: Bool
    /// Space-delimited scope (RFC 6749 §3.3).
    public var scope: String
    public var state: String?
    public var nonce: String?
    /// RFC 7636 S256 challenge.
    public var codeChallenge: String?
    /// OpenID Connect Core §3.1.2.1 `prompt` values.
    public var prompt: [String]
    /// OpenID Connect Core §3.1.2.1 `max_age` in seconds.
    public var maxAge: Int?
    /// `login_hint` as an E.164 phone number, when it was one.
    public var loginHintPhone: String?

    public init(
        clientID: String,
        redirectURI: String,
        redirectURIWasGiven: Bool,
        scope: String,
        state: String?,
        nonce: String?,
        codeChallenge: String?,
        prompt: [String],
        maxAge: Int?,
        loginHintPhone: String?
    ) {
        self.clientID = clientID
        self.redirectURI = redirectURI
        self.redirectURIWasGiven = redirectURIWasGiven
        self.scope = scope
        self.state = state
        self.nonce = nonce
        self.codeChallenge = codeChallenge
        self.prompt = prompt
        self.maxAge = maxAge
        self.loginHintPhone = loginHintPhone
    }

    public var scopeSet: ScopeSet { ScopeSet(scope.split(separator: " ").map(String.init)) }
    /// `prompt=login`: sign in again even with a session (OpenID Connect Core §3.1.2.1).
    public var forcesLogin: Bool { prompt.contains("login") }
    /// `prompt=none`: never show a page (OpenID Connect Core §3.1.2.1).
    public var forbidsInteraction: Bool { prompt.contains("none") }
}

/// A request the authorization endpoint refuses.
public enum AuthorizationRequestError: Error, Sendable, Equatable {
    /// RFC 6749 §4.1.2.1: the client or the redirect URI cannot be trusted, so the error is shown to
    /// the member and never sent to the URI.
    case doNotRedirect(OAuthError)
    /// Sent back to the client's redirect URI with `error`, `state` and `iss` (RFC 6749 §4.1.2.1, RFC 9207).
    case redirect(OAuthError, redirectURI: String, state: String?)
}

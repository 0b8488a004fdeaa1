/// A successful token response (RFC 6749 §5.1; OpenID Connect Core §3.1.3.3 `id_token`).
public struct TokenResponse: Sendable, Equatable, Encodable {
    public var accessToken: String
    /// Always `Bearer` (RFC 6750).
    public var tokenType: String = "Bearer"
    public var expiresIn: Int
    public var refreshToken: String?
    public var idToken: String?
    /// RFC 6749 §5.1: the granted scope (sent always, so clients never have to guess).
    public var scope: String

    public init(accessToken: String, expiresIn: Int, refreshToken: String?, idToken: String?, scope: String) {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
        self.idToken = idToken
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
        case idToken = "id_token"
        case scope
    }
}

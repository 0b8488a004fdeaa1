/// A registered OAuth client (RFC 6749 §2): one channel of the shop, or a backend service.
public struct Client: Sendable, Equatable {
    /// Which channel the client is: becomes the `channel` claim of its tokens.
    public enum Channel: String, Sendable, Codable, CaseIterable { case web, app, miniprogram, service }
    /// RFC 6749 §2.1 client types.
    public enum ClientType: String, Sendable, Codable, CaseIterable { case `public`, confidential }

    public let id: String
    /// Shown on the sign-in page and to the member approving a QR sign-in.
    public let name: String
    public let channel: Channel
    public let type: ClientType
    /// The slow hash of the secret (confidential clients only); the secret itself is never stored.
    public let secretHash: String?
    public let redirectURIs: [String]
    public let grantTypes: Set<String>
    /// The scopes this client may ask for.
    public let scopes: ScopeSet
    public let wechatAppID: String?

    public init(
        id: String,
        name: String,
        channel: Channel,
        type: ClientType,
        secretHash: String?,
        redirectURIs: [String],
        grantTypes: Set<String>,
        scopes: ScopeSet,
        wechatAppID: String?
    ) {
        self.id = id
        self.name = name
        self.channel = channel
        self.type = type
        self.secretHash = secretHash
        self.redirectURIs = redirectURIs
        self.grantTypes = grantTypes
        self.scopes = scopes
        self.wechatAppID = wechatAppID
    }

    public var isConfidential: Bool { type == .confidential }

    public func allows(grantType: String) -> Bool { grantTypes.contains(grantType) }
}

/// Grant type identifiers (RFC 6749 §4, RFC 8693 §2.1).
public enum GrantType {
    public static let authorizationCode = "authorization_code"
    public static let refreshToken = "refresh_token"
    public static let clientCredentials = "client_credentials"
    public static let tokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange"
}

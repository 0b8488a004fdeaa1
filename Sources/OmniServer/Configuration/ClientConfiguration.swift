/// A client seeded from configuration at start (BRIEF: Configuration, `clients`).
public struct ClientConfiguration: Sendable, Equatable {
    public enum Channel: String, Sendable, CaseIterable { case web, app, miniprogram, service }
    public enum ClientType: String, Sendable, CaseIterable { case `public`, confidential }

    /// Grant types a client may be given.
    public static let knownGrantTypes: Set<String> = [
        "authorization_code", "refresh_token", "client_credentials",
        "urn:ietf:params:oauth:grant-type:token-exchange",
    ]

    public var clientID: String
    public var name: String
    public var channel: Channel
    public var type: ClientType
    /// The plain secret from the (development) file; hashed before it is stored.
    public var secret: String?
    public var redirectURIs: [String]
    public var grantTypes: [String]
    public var scopes: [String]
    public var wechatAppID: String?
}

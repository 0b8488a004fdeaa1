/// A client as the configuration declares it, before its secret is hashed: the plain input from
/// which ``ClientRegistry`` seeds the `clients` table (OmniServer maps its configuration to it).
public struct ClientRegistration: Sendable, Equatable {
    public var id: String
    public var name: String
    public var channel: Client.Channel
    public var type: Client.ClientType
    /// The plain secret (confidential clients); only its scrypt hash is stored.
    public var secret: String?
    public var redirectURIs: [String]
    public var grantTypes: [String]
    public var scopes: [String]
    public var wechatAppID: String?

    public init(
        id: String,
        name: String,
        channel: Client.Channel,
        type: Client.ClientType,
        secret: String?,
        redirectURIs: [String],
        grantTypes: [String],
        scopes: [String],
        wechatAppID: String?
    ) {
        self.id = id
        self.name = name
        self.channel = channel
        self.type = type
        self.secret = secret
        self.redirectURIs = redirectURIs
        self.grantTypes = grantTypes
        self.scopes = scopes
        self.wechatAppID = wechatAppID
    }
}

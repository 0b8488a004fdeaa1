public import FoundationEssentials
public import OmniID
public import OmniLog
public import OmniStore

/// Everything a route needs, built once at start by ``Application`` and shared by all handlers.
public struct ServerContext: Sendable {
    public let configuration: Configuration
    public let database: SQLiteDatabase
    public let keys: KeyStore
    /// HMAC key for short secrets at rest (OTPs); see ``ServerSecret``.
    public let serverSecret: ServerSecret
    /// Mints and checks refresh tokens, under a key derived from the server secret.
    public let refreshTokens: RefreshTokenCodec
    public let logger: Logger
    public let metrics: Metrics
    /// The registered clients, seeded from `configuration.clients` by ``Application/prepare(_:)``.
    public let clients = ClientRegistry()

    public init(
        configuration: Configuration,
        database: SQLiteDatabase,
        keys: KeyStore,
        serverSecret: ServerSecret,
        logger: Logger,
        metrics: Metrics
    ) throws {
        self.configuration = configuration
        self.database = database
        self.keys = keys
        self.serverSecret = serverSecret
        self.refreshTokens = try RefreshTokenCodec(serverSecret: serverSecret.bytes)
        self.logger = logger
        self.metrics = metrics
    }

    /// The current time; one place so that tests of the domain can pass their own.
    public func now() -> Date { Date() }

    /// `issuer` + `path`, character for character (RFC 8414 §3, OpenID Connect Discovery §4).
    public func url(_ path: String) -> String { configuration.issuer + path }
}

/// The server's configuration (BRIEF: Configuration), read from `Config/omniid.json` by default.
///
/// Durations are seconds unless a name says otherwise. Paths are absolute once loaded: relative
/// paths in the file are relative to the file.
public struct Configuration: Sendable {
    /// The `iss` of every token and the base of every discovery URL, character for character.
    public var issuer: String
    public var listen: ListenAddress
    public var databasePath: String
    public var keysDirectory: String
    public var logLevel: String

    /// The `aud` of access tokens (RFC 9068 §3): the resource servers that accept them check it.
    public var accessTokenAudience: String
    public var accessTokenTTL: Int
    public var refreshTokenTTL: Int
    /// Absolute lifetime of a refresh-token family, however often it is rotated (RFC 9700 §4.14.2).
    public var refreshFamilyLifetime: Int
    public var idTokenTTL: Int
    /// Authorization codes live at most 60 s (BRIEF; RFC 6749 §4.1.2 recommends at most 10 minutes).
    public var authorizationCodeTTL: Int
    /// Lifetime of the single-sign-on session behind the cookie.
    public var sessionTTL: Int
    public var refreshTokenReuseGrace: Int

    public var keys: Keys
    public var sms: SMS
    public var wechat: WeChat
    public var http: HTTPLimits
    public var rateLimits: RateLimits
    public var clients: [ClientConfiguration]

    public struct Keys: Sendable {
        /// Seconds between publishing a rotated key and signing with it.
        public var activationDelay: Int
        /// `Cache-Control: max-age` of the JWKS.
        public var jwksMaxAge: Int
    }

    public struct SMS: Sendable {
        public enum Sender: Sendable, Equatable {
            /// Each message is appended as one JSON line to the file.
            case outbox(path: String)
        }
        public var sender: Sender
    }

    public struct WeChat: Sendable {
        public var apiBase: String
        public var timeoutMilliseconds: Int
        public var apps: [WeChatApp]
    }

    public struct WeChatApp: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable { case miniprogram, app, web }
        public var appID: String
        public var secret: String
        public var kind: Kind
    }

    public struct HTTPLimits: Sendable {
        public var maxConnections: Int
        public var maxBodyBytes: Int
        public var maxHeaderBytes: Int
        /// A request head and body must arrive within this many seconds (slowloris).
        public var requestTimeout: Int
        /// An idle keep-alive connection is closed after this many seconds.
        public var idleTimeout: Int
        /// Event-loop threads; 0 means one per core.
        public var eventLoops: Int
    }

    public struct RateLimits: Sendable {
        public var otpSendsPerPhonePerMinute: Int
        public var otpSendsPerPhonePerDay: Int
        public var otpSendsPerIPPerHour: Int
        public var otpAttemptsPerCode: Int
        public var tokenRequestsPerClientPerMinute: Int
    }

    /// The longest lifetime of anything a signing key signs: a retired key stays in the JWKS this long.
    public var longestSignedTokenLifetime: Int { max(accessTokenTTL, idTokenTTL) }
}

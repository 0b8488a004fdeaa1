import FoundationEssentials

extension Configuration {
    /// Reads and validates a configuration file. Relative paths inside are resolved against the
    /// file's folder; every error names the file and the key.
    public static func load(path: String) throws -> Configuration {
        let absolute = FilePath.absolute(path)
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw ConfigurationError(key: "", reason: "cannot read the configuration file", file: path)
        }
        do {
            return try parse(Array(data), baseDirectory: FilePath.directory(of: absolute))
        } catch var error as ConfigurationError {
            error.file = path
            throw error
        }
    }

    /// Parses configuration JSON; `baseDirectory` anchors relative paths.
    public static func parse(_ bytes: [UInt8], baseDirectory: String) throws -> Configuration {
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes)
        } catch {
            throw ConfigurationError(key: "", reason: "not valid JSON")
        }
        let file = try ConfigObject(root, path: "")
        try file.requireOnly([
            "issuer", "listen", "database", "keys_dir", "log_level", "access_token_audience", "access_token_ttl",
            "refresh_token_ttl",
            "refresh_family_lifetime", "id_token_ttl", "authorization_code_ttl", "session_ttl",
            "refresh_token_reuse_grace", "keys", "sms", "wechat", "http", "rate_limits", "clients",
        ])
        let resolve = { (relative: String) in FilePath.resolve(relative, against: baseDirectory) }

        let issuer = try file.requiredString("issuer")
        try IssuerRule.check(issuer, key: "issuer")
        let listenText = try file.string("listen") ?? "127.0.0.1:8080"
        guard let listen = ListenAddress(parsing: listenText) else {
            throw ConfigurationError(key: "listen", reason: "must be HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080")
        }
        let logLevel = try file.string("log_level") ?? "info"
        guard ["debug", "info", "warning", "error"].contains(logLevel) else {
            throw ConfigurationError(key: "log_level", reason: "must be one of debug, info, warning, error")
        }

        let day = 86_400
        let accessTTL = try file.integer("access_token_ttl", default: 600, in: 60...86_400)
        let refreshTTL = try file.integer("refresh_token_ttl", default: 30 * day, in: 60...(365 * day))
        let familyLifetime = try file.integer(
            "refresh_family_lifetime",
            default: max(90 * day, refreshTTL),
            in: 60...(730 * day)
        )
        guard familyLifetime >= refreshTTL else {
            throw ConfigurationError(
                key: "refresh_family_lifetime",
                reason: "must not be shorter than refresh_token_ttl"
            )
        }

        let wechat = try parseWeChat(file.object("wechat"))
        let clients = try parseClients(file, wechat: wechat)

        return Configuration(
            issuer: issuer,
            listen: listen,
            databasePath: resolve(try file.string("database") ?? "../var/omniid.sqlite"),
            keysDirectory: resolve(try file.string("keys_dir") ?? "../Keys"),
            logLevel: logLevel,
            accessTokenAudience: try file.string("access_token_audience") ?? "omnishop-api",
            accessTokenTTL: accessTTL,
            refreshTokenTTL: refreshTTL,
            refreshFamilyLifetime: familyLifetime,
            idTokenTTL: try file.integer("id_token_ttl", default: 600, in: 60...86_400),
            authorizationCodeTTL: try file.integer("authorization_code_ttl", default: 60, in: 5...60),
            sessionTTL: try file.integer("session_ttl", default: 7 * day, in: 60...(90 * day)),
            refreshTokenReuseGrace: try file.integer("refresh_token_reuse_grace", default: 5, in: 0...60),
            keys: try parseKeys(file.object("keys")),
            sms: try parseSMS(file.object("sms"), resolve: resolve),
            wechat: wechat,
            http: try parseHTTP(file.object("http")),
            rateLimits: try parseRateLimits(file.object("rate_limits")),
            clients: clients
        )
    }

    private static func parseKeys(_ object: ConfigObject?) throws -> Keys {
        guard let object else { return Keys(activationDelay: 900, jwksMaxAge: 300) }
        try object.requireOnly(["activation_delay", "jwks_max_age"])
        let keys = Keys(
            activationDelay: try object.integer("activation_delay", default: 900, in: 0...(30 * 86_400)),
            jwksMaxAge: try object.integer("jwks_max_age", default: 300, in: 0...86_400)
        )
        // BRIEF: caches must hold the new key before anything is signed with it.
        guard keys.activationDelay >= keys.jwksMaxAge else {
            throw ConfigurationError(
                key: "keys.activation_delay",
                reason: "must not be shorter than keys.jwks_max_age (\(keys.jwksMaxAge))"
            )
        }
        return keys
    }

    private static func parseSMS(_ object: ConfigObject?, resolve: (String) -> String) throws -> SMS {
        guard let object else { return SMS(sender: .outbox(path: resolve("../var/sms-outbox.jsonl"))) }
        try object.requireOnly(["sender", "outbox_path"])
        let sender = try object.string("sender") ?? "outbox"
        guard sender == "outbox" else {
            throw ConfigurationError(
                key: object.keyPath("sender"),
                reason: "unknown sender \"\(sender)\" (known: outbox)"
            )
        }
        return SMS(sender: .outbox(path: resolve(try object.string("outbox_path") ?? "../var/sms-outbox.jsonl")))
    }

    private static func parseWeChat(_ object: ConfigObject?) throws -> WeChat {
        guard let object else {
            return WeChat(apiBase: "https://api.weixin.qq.com", timeoutMilliseconds: 5000, apps: [])
        }
        try object.requireOnly(["api_base", "timeout_ms", "apps"])
        let apiBase = try object.string("api_base") ?? "https://api.weixin.qq.com"
        guard apiBase.hasPrefix("https://") || apiBase.hasPrefix("http://"), !apiBase.hasSuffix("/") else {
            throw ConfigurationError(
                key: object.keyPath("api_base"),
                reason: "must be an http(s) URL without a trailing slash"
            )
        }
        var apps: [WeChatApp] = []
        for app in try object.objectList("apps") {
            try app.requireOnly(["appid", "secret", "kind"])
            let kindText = try app.requiredString("kind")
            guard let kind = WeChatApp.Kind(rawValue: kindText) else {
                throw ConfigurationError(key: app.keyPath("kind"), reason: "must be one of miniprogram, app, web")
            }
            let appID = try app.requiredString("appid")
            guard !apps.contains(where: { $0.appID == appID }) else {
                throw ConfigurationError(key: app.keyPath("appid"), reason: "duplicate appid")
            }
            apps.append(WeChatApp(appID: appID, secret: try app.requiredString("secret"), kind: kind))
        }
        return WeChat(
            apiBase: apiBase,
            timeoutMilliseconds: try object.integer("timeout_ms", default: 5000, in: 100...60_000),
            apps: apps
        )
    }

    private static func parseHTTP(_ object: ConfigObject?) throws -> HTTPLimits {
        let object = try object ?? ConfigObject(.object([:]), path: "http")
        try object.requireOnly([
            "max_connections", "max_body_bytes", "max_header_bytes", "request_timeout", "idle_timeout", "event_loops",
        ])
        return HTTPLimits(
            maxConnections: try object.integer("max_connections", default: 4096, in: 1...1_000_000),
            maxBodyBytes: try object.integer("max_body_bytes", default: 1 << 20, in: 1024...(64 << 20)),
            maxHeaderBytes: try object.integer("max_header_bytes", default: 16 << 10, in: 1024...(1 << 20)),
            requestTimeout: try object.integer("request_timeout", default: 10, in: 1...300),
            idleTimeout: try object.integer("idle_timeout", default: 60, in: 1...3600),
            eventLoops: try object.integer("event_loops", default: 0, in: 0...256)
        )
    }

    private static func parseRateLimits(_ object: ConfigObject?) throws -> RateLimits {
        let object = try object ?? ConfigObject(.object([:]), path: "rate_limits")
        try object.requireOnly([
            "otp_sends_per_phone_per_minute", "otp_sends_per_phone_per_day", "otp_sends_per_ip_per_hour",
            "otp_attempts_per_code", "token_requests_per_client_per_minute",
        ])
        return RateLimits(
            otpSendsPerPhonePerMinute: try object.integer("otp_sends_per_phone_per_minute", default: 1, in: 1...1000),
            otpSendsPerPhonePerDay: try object.integer("otp_sends_per_phone_per_day", default: 10, in: 1...100_000),
            // Generous per IP: a whole office or a carrier NAT shares one address, and so does a
            // load test of 200 concurrent sign-ins from loopback (BRIEF: Bad input).
            otpSendsPerIPPerHour: try object.integer("otp_sends_per_ip_per_hour", default: 2000, in: 1...10_000_000),
            otpAttemptsPerCode: try object.integer("otp_attempts_per_code", default: 5, in: 1...20),
            tokenRequestsPerClientPerMinute: try object.integer(
                "token_requests_per_client_per_minute",
                default: 600_000,
                in: 1...100_000_000
            )
        )
    }
}

extension Configuration {
    static func parseClients(_ file: ConfigObject, wechat: WeChat) throws -> [ClientConfiguration] {
        var clients: [ClientConfiguration] = []
        for object in try file.objectList("clients") {
            let client = try ClientConfiguration.parse(object, wechat: wechat)
            guard !clients.contains(where: { $0.clientID == client.clientID }) else {
                throw ConfigurationError(key: object.keyPath("client_id"), reason: "duplicate client_id")
            }
            clients.append(client)
        }
        return clients
    }
}

extension ClientConfiguration {
    static func parse(_ object: ConfigObject, wechat: Configuration.WeChat) throws -> ClientConfiguration {
        try object.requireOnly([
            "client_id", "name", "channel", "type", "secret", "redirect_uris", "grant_types", "scopes", "wechat_appid",
        ])
        let clientID = try object.requiredString("client_id")
        // RFC 6749 Appendix A.1: client_id = *VSCHAR; we also keep it free of ':' so Basic auth splits cleanly.
        guard clientID.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: ":") }), clientID.count <= 128
        else {
            throw ConfigurationError(
                key: object.keyPath("client_id"),
                reason: "must be printable ASCII without ':' or spaces"
            )
        }
        let channelText = try object.requiredString("channel")
        guard let channel = Channel(rawValue: channelText) else {
            throw ConfigurationError(
                key: object.keyPath("channel"),
                reason: "must be one of web, app, miniprogram, service"
            )
        }
        let typeText = try object.requiredString("type")
        guard let type = ClientType(rawValue: typeText) else {
            throw ConfigurationError(key: object.keyPath("type"), reason: "must be public or confidential")
        }
        let secret = try object.string("secret")
        switch (type, secret) {
        case (.confidential, nil):
            throw ConfigurationError(key: object.keyPath("secret"), reason: "is required for a confidential client")
        case (.confidential, .some(let value)) where value.utf8.count < 16:
            throw ConfigurationError(key: object.keyPath("secret"), reason: "must be at least 16 characters")
        case (.public, .some):
            throw ConfigurationError(key: object.keyPath("secret"), reason: "a public client has no secret")
        default: break
        }
        if channel == .service && type != .confidential {
            throw ConfigurationError(key: object.keyPath("type"), reason: "a service client must be confidential")
        }

        let grantTypes = try object.stringList("grant_types") ?? defaultGrantTypes(channel)
        for (index, grant) in grantTypes.enumerated() where !knownGrantTypes.contains(grant) {
            throw ConfigurationError(
                key: object.keyPath("grant_types") + "[\(index)]",
                reason: "unknown grant type \"\(grant)\""
            )
        }
        // RFC 6749 §4.4: the client credentials grant is for confidential clients only.
        if grantTypes.contains("client_credentials") && type != .confidential {
            throw ConfigurationError(
                key: object.keyPath("grant_types"),
                reason: "client_credentials needs a confidential client"
            )
        }

        let redirectURIs = try object.stringList("redirect_uris") ?? []
        for (index, uri) in redirectURIs.enumerated() {
            if let reason = RedirectURIRule.problem(uri, channel: channel) {
                throw ConfigurationError(key: object.keyPath("redirect_uris") + "[\(index)]", reason: reason)
            }
        }
        if grantTypes.contains("authorization_code") && channel != .miniprogram && redirectURIs.isEmpty {
            throw ConfigurationError(key: object.keyPath("redirect_uris"), reason: "is required for authorization_code")
        }

        let scopes = try object.stringList("scopes") ?? ["openid"]
        for (index, scope) in scopes.enumerated() where !ScopeRule.isValidToken(scope) {
            throw ConfigurationError(key: object.keyPath("scopes") + "[\(index)]", reason: "is not a valid scope token")
        }

        let wechatAppID = try object.string("wechat_appid")
        if let wechatAppID, !wechat.apps.contains(where: { $0.appID == wechatAppID }) {
            throw ConfigurationError(key: object.keyPath("wechat_appid"), reason: "is not listed in wechat.apps")
        }
        if channel == .miniprogram && wechatAppID == nil {
            throw ConfigurationError(
                key: object.keyPath("wechat_appid"),
                reason: "is required for a miniprogram client"
            )
        }

        return ClientConfiguration(
            clientID: clientID,
            name: try object.requiredString("name"),
            channel: channel,
            type: type,
            secret: secret,
            redirectURIs: redirectURIs,
            grantTypes: grantTypes,
            scopes: scopes,
            wechatAppID: wechatAppID
        )
    }

    private static func defaultGrantTypes(_ channel: Channel) -> [String] {
        switch channel {
        case .service: ["client_credentials"]
        case .web, .app, .miniprogram: ["authorization_code", "refresh_token"]
        }
    }
}

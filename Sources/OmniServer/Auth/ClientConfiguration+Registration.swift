public import OmniID

extension Configuration {
    /// The configured clients as the domain's seeding input.
    public var clientRegistrations: [ClientRegistration] { clients.map(\.registration) }
}

extension ClientConfiguration {
    var registration: ClientRegistration {
        ClientRegistration(
            id: clientID,
            name: name,
            channel: Client.Channel(rawValue: channel.rawValue) ?? .web,
            type: Client.ClientType(rawValue: type.rawValue) ?? .confidential,
            secret: secret,
            redirectURIs: redirectURIs,
            grantTypes: grantTypes,
            scopes: scopes,
            wechatAppID: wechatAppID
        )
    }
}

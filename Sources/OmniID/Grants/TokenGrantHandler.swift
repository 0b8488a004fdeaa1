public import FoundationEssentials

/// A token request after client authentication (RFC 6749 §3.2): the client and the parameters,
/// each given at most once (duplicates were refused, RFC 6749 §3.2).
public struct TokenRequest: Sendable {
    public let client: Client
    public let grantType: String
    public let parameters: [String: String]
    public let now: Date

    public init(client: Client, grantType: String, parameters: [String: String], now: Date) {
        self.client = client
        self.grantType = grantType
        self.parameters = parameters
        self.now = now
    }

    public subscript(_ name: String) -> String? { parameters[name] }

    /// A parameter that must be present and non-empty (RFC 6749 §5.2 `invalid_request` otherwise).
    public func required(_ name: String) throws(OAuthError) -> String {
        guard let value = parameters[name], !value.isEmpty else { throw .invalidRequest("\(name) is required") }
        return value
    }
}

/// One grant type of the token endpoint (fosite style: a new grant is a new handler, not a new
/// `case`). The endpoint has already authenticated the client and checked that it may use this
/// grant type; the handler does the rest and answers or throws an ``OAuthError``.
public protocol TokenGrantHandler: Sendable {
    /// The `grant_type` value it handles (RFC 6749 §4.1.3, §4.4.2, §6; RFC 8693 §2.1).
    var grantType: String { get }
    func handle(_ request: TokenRequest) async throws -> TokenResponse
}

/// Refresh-token rules from the configuration.
public struct RefreshTokenPolicy: Sendable {
    /// Lifetime of one refresh token from its issue (each rotation starts a new one).
    public var tokenLifetime: TimeInterval
    /// Absolute lifetime of a family (RFC 9700 §4.14.2).
    public var familyLifetime: TimeInterval
    /// Seconds after a rotation during which the same client presenting the old token again gets
    /// the same successor (BRIEF: `refresh_token_reuse_grace`; 0 disables).
    public var reuseGrace: TimeInterval

    public init(tokenLifetime: TimeInterval, familyLifetime: TimeInterval, reuseGrace: TimeInterval) {
        self.tokenLifetime = tokenLifetime
        self.familyLifetime = familyLifetime
        self.reuseGrace = reuseGrace
    }
}

/// The token endpoint's dispatch: picks the handler for `grant_type`.
public struct TokenEndpoint: Sendable {
    private let handlers: [String: any TokenGrantHandler]
    /// The grant types handled, in registration order (for discovery's `grant_types_supported`).
    public let grantTypes: [String]

    public init(handlers: [any TokenGrantHandler]) {
        var byType: [String: any TokenGrantHandler] = [:]
        for handler in handlers { byType[handler.grantType] = handler }
        self.handlers = byType
        self.grantTypes = handlers.map(\.grantType)
    }

    public func handle(_ request: TokenRequest) async throws -> TokenResponse {
        // RFC 6749 §5.2: unsupported_grant_type, then unauthorized_client.
        guard let handler = handlers[request.grantType] else {
            throw OAuthError(.unsupportedGrantType, "grant_type is not supported")
        }
        guard request.client.allows(grantType: request.grantType) else {
            throw OAuthError.unauthorizedClient("the client may not use this grant type")
        }
        return try await handler.handle(request)
    }
}

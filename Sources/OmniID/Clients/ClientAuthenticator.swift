/// How a client presented itself at the token, revocation or introspection endpoint.
public enum ClientCredentials: Sendable, Equatable {
    /// RFC 6749 §2.3.1 HTTP Basic (`client_secret_basic`), already form-decoded.
    case basic(clientID: String, secret: String)
    /// RFC 6749 §2.3.1 request body (`client_secret_post`).
    case post(clientID: String, secret: String)
    /// A public client naming itself (`none`, RFC 6749 §2.1 and §3.2.1).
    case none(clientID: String)

    public var clientID: String {
        switch self {
        case .basic(let id, _), .post(let id, _), .none(let id): id
        }
    }
}

/// Authenticates clients (RFC 6749 §2.3, §3.2.1) against the registry.
public struct ClientAuthenticator: Sendable {
    public let registry: ClientRegistry

    public init(registry: ClientRegistry) { self.registry = registry }

    /// The authenticated client. Unknown clients, wrong secrets, a confidential client without its
    /// secret or a public client with one are all `invalid_client` (RFC 6749 §5.2), with one and
    /// the same description, so that the answer reveals neither which client ids exist nor their
    /// type.
    public func authenticate(_ credentials: ClientCredentials) async throws -> Client {
        guard let client = registry.client(id: credentials.clientID) else {
            throw Self.failed
        }
        switch credentials {
        case .basic(_, let secret), .post(_, let secret):
            guard client.isConfidential else {
                throw Self.failed
            }
            guard try await registry.secrets.verify(secret, for: client) else {
                throw Self.failed
            }
        case .none:
            // RFC 6749 §3.2.1: confidential clients MUST authenticate.
            guard !client.isConfidential else {
                throw Self.failed
            }
        }
        return client
    }

    static var failed: OAuthError { OAuthError.invalidClient("client authentication failed") }
}

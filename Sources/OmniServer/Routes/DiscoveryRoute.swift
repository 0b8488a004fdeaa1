import FoundationEssentials
import OmniHTTP
import OmniID

/// `GET /.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §4) and
/// `GET /.well-known/oauth-authorization-server` (RFC 8414 §3): one document, every URL built from
/// `issuer` character for character (RFC 8414 §3.3, Discovery §4.3), encoded once and served
/// inline from the event loop.
enum DiscoveryRoute {
    static func register(_ router: inout Router, context: ServerContext, grantTypes: [String]) throws {
        // Encoded once at start; a failure stops the start instead of serving an empty document.
        let body = try document(context: context, grantTypes: grantTypes)
        let handler: HTTPInlineHandler = { _ in
            var response = HTTPResponse.json(bytes: body)
            try response.headers.set("Cache-Control", "public, max-age=3600")
            return response
        }
        router.inline(.GET, "/.well-known/openid-configuration", handler)
        router.inline(.GET, "/.well-known/oauth-authorization-server", handler)
    }

    struct Document: Encodable {
        let issuer: String
        let authorization_endpoint: String
        let token_endpoint: String
        let userinfo_endpoint: String
        let jwks_uri: String
        let revocation_endpoint: String
        let introspection_endpoint: String
        let response_types_supported = ["code"]
        let response_modes_supported = ["query"]
        let grant_types_supported: [String]
        let code_challenge_methods_supported = ["S256"]
        let subject_types_supported = ["public"]
        let id_token_signing_alg_values_supported = ["RS256"]
        let token_endpoint_auth_methods_supported = ["client_secret_basic", "client_secret_post", "none"]
        let revocation_endpoint_auth_methods_supported = ["client_secret_basic", "client_secret_post", "none"]
        // RFC 7662 §2.1: introspection is for confidential clients.
        let introspection_endpoint_auth_methods_supported = ["client_secret_basic", "client_secret_post"]
        let scopes_supported: [String]
        let claims_supported = [
            "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "amr", "azp", "at_hash", "phone_number",
            "phone_number_verified",
        ]
        let prompt_values_supported = ["none", "login"]
        let claims_parameter_supported = false
        let request_parameter_supported = false
        let request_uri_parameter_supported = false
        // RFC 9207 §3.
        let authorization_response_iss_parameter_supported = true
    }

    static func document(context: ServerContext, grantTypes: [String]) throws -> [UInt8] {
        var scopes = ["openid", "phone", "offline_access"]
        for client in context.configuration.clients {
            for scope in client.scopes where !scopes.contains(scope) { scopes.append(scope) }
        }
        let document = Document(
            issuer: context.configuration.issuer,
            authorization_endpoint: context.url("/authorize"),
            token_endpoint: context.url("/token"),
            userinfo_endpoint: context.url("/userinfo"),
            jwks_uri: context.url("/jwks"),
            revocation_endpoint: context.url("/revoke"),
            introspection_endpoint: context.url("/introspect"),
            grant_types_supported: grantTypes,
            scopes_supported: scopes
        )
        return Array(try HTTPResponse.defaultJSONEncoder.encode(document))
    }
}

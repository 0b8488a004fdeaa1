import OmniHTTP
import OmniID

/// `POST /introspect` (RFC 7662 §2): confidential clients only (§2.1 "the endpoint MUST also
/// require some form of authorization"); what a client may see is decided by
/// ``TokenIntrospection``.
enum IntrospectionRoute {
    static func register(_ router: inout Router, context: ServerContext) {
        let authentication = HTTPClientAuthentication(registry: context.clients)
        let introspection = TokenIntrospection(
            database: context.database,
            accessTokens: BearerAuthenticator(context: context).verifier,
            refreshTokens: context.refreshTokens,
            clients: context.clients
        )
        router.post("/introspect") { request in
            let form = try OAuthForm.parse(request)
            let client = try await authentication.authenticate(request, form: form)
            guard client.isConfidential else {
                throw OAuthError.invalidClient("introspection is for confidential clients")
            }
            guard let token = form["token"], !token.isEmpty else {
                throw OAuthError.invalidRequest("token is required")
            }
            let result = try await introspection.introspect(token, caller: client, now: context.now())
            return try HTTPResponse.json(result).noStore()
        }
    }
}

import OmniHTTP
import OmniID

/// `POST /revoke` (RFC 7009 §2.1): client authentication required (public clients by
/// `client_id`); 200 with an empty body whether or not the token was known (§2.2).
enum RevocationRoute {
    static func register(_ router: inout Router, context: ServerContext) {
        let authentication = HTTPClientAuthentication(registry: context.clients)
        let revocation = TokenRevocation(
            database: context.database,
            accessTokens: BearerAuthenticator(context: context).verifier,
            refreshTokens: context.refreshTokens
        )
        router.post("/revoke") { request in
            let form = try OAuthForm.parse(request)
            let client = try await authentication.authenticate(request, form: form)
            guard let token = form["token"], !token.isEmpty else {
                throw OAuthError.invalidRequest("token is required")
            }
            try await revocation.revoke(token, client: client, now: context.now())
            return HTTPResponse(status: .ok).noStore()
        }
    }
}

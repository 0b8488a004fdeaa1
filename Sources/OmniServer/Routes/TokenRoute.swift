import OmniHTTP
import OmniID

/// `POST /token` (RFC 6749 §3.2): authenticates the client, applies the per-client rate limit and
/// hands the request to the grant handler for `grant_type`. Answers carry `Cache-Control:
/// no-store` (RFC 6749 §5.1); errors are RFC 6749 §5.2 JSON from the error boundary.
enum TokenRoute {
    static func register(_ router: inout Router, context: ServerContext, endpoint: TokenEndpoint) {
        let authentication = HTTPClientAuthentication(registry: context.clients)
        let limiter = TokenRateLimiter(perMinute: context.configuration.rateLimits.tokenRequestsPerClientPerMinute)
        router.post("/token") { request in
            let form = try OAuthForm.parse(request)
            let credentials = try HTTPClientAuthentication.credentials(request, form: form)
            let now = context.now()
            // Before the secret is checked, so guessing is limited too; unknown ids are not counted.
            if context.clients.client(id: credentials.clientID) != nil {
                try limiter.admit(clientID: credentials.clientID, now: now)
            }
            let client = try await authentication.authenticator.authenticate(credentials)
            guard let grantType = form["grant_type"], !grantType.isEmpty else {
                throw OAuthError.invalidRequest("grant_type is required")
            }
            let response = try await endpoint.handle(
                TokenRequest(client: client, grantType: grantType, parameters: OAuthForm.dictionary(form), now: now)
            )
            context.metrics.recordTokenIssued(grantType: grantType)
            return try HTTPResponse.json(response).noStore()
        }
    }
}

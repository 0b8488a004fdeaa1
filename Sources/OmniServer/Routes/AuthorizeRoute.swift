import FoundationEssentials
import OmniHTTP
import OmniID

/// The authorization endpoint (RFC 6749 §3.1, §4.1.1; OpenID Connect Core §3.1.2): `GET /authorize`,
/// and `POST` with a form body (OpenID Connect Core §3.1.2.1: "MUST support the use of the HTTP GET and
/// POST methods").
///
/// A valid request from a web client with a usable single-sign-on session gets a code at once (other
/// clients always see the page, see ``allowsSilentSignIn(_:)``); otherwise it is stored
/// as an interaction and the browser goes to the sign-in page. Errors about the client or its redirect
/// URI render a page (RFC 6749 §4.1.2.1: never redirect); every other answer is a redirect carrying
/// `iss` (RFC 9207 §2).
enum AuthorizeRoute {
    static func register(_ router: inout Router, context: ServerContext, services: InteractionServices) {
        router.get("/authorize") { request in
            let query: FormParameters
            switch Result(catching: { () throws(FormDecodingError) in try request.queryParameters() }) {
            case .success(let parameters): query = parameters
            case .failure(let error):
                // Nothing in a query that does not decode can be trusted, the redirect URI least of all.
                return try InteractionPages.error(
                    .invalidRequest("the query is not valid: \(error.publicMessage)"),
                    status: .badRequest,
                    request: request
                )
            }
            return try await authorize(query, request: request, context: context, services: services)
        }
        router.post("/authorize") { request in
            let form: FormParameters
            switch Result(catching: { () throws(RequestBodyError) in try request.formParameters() }) {
            case .success(let parameters): form = parameters
            case .failure(.unsupportedMediaType(let expected)):
                // OpenID Connect Core §3.1.2.1: POST uses form serialization.
                throw RequestBodyError.unsupportedMediaType(expected: expected)
            case .failure(let error):
                return try InteractionPages.error(
                    .invalidRequest("the body is not a valid form: \(error.publicMessage)"),
                    status: .badRequest,
                    request: request
                )
            }
            return try await authorize(form, request: request, context: context, services: services)
        }
    }

    static func authorize(
        _ parameters: FormParameters,
        request: HTTPRequest,
        context: ServerContext,
        services: InteractionServices
    ) async throws -> HTTPResponse {
        let issuer = context.configuration.issuer
        // RFC 9700 §4.12: after a POST, 303 makes the browser follow with GET and drop the body.
        let status: HTTPStatus = request.method == .POST ? .seeOther : .found
        func redirect(_ location: String) -> HTTPResponse { AuthorizeRoute.redirect(location, status: status) }
        let authorization: AuthorizationRequest
        do {
            authorization = try AuthorizationRequestValidator.validate(
                parameters.map { (name: $0.name, value: $0.value) },
                client: { context.clients.client(id: $0) }
            )
        } catch .doNotRedirect(let error) {
            // RFC 6749 §4.1.2.1: "MUST NOT automatically redirect the user-agent to the invalid redirection URI."
            return try InteractionPages.error(error, status: .badRequest, request: request)
        } catch .redirect(let error, let redirectURI, let state) {
            return redirect(
                AuthorizationResponse.error(error, redirectURI: redirectURI, state: state, issuer: issuer)
            )
        }

        let now = context.now()
        let session: Session? =
            if !authorization.forcesLogin, let cookie = SessionCookie.value(in: request) {
                try await services.sessions.find(cookieValue: cookie, now: now)
            } else {
                nil
            }
        let silentSignInAllowed = context.clients.client(id: authorization.clientID).map(allowsSilentSignIn) ?? false
        if let session, silentSignInAllowed, isFreshEnough(session, maxAge: authorization.maxAge, now: now) {
            let code = try await services.codes.issueCode(
                for: grant(for: authorization, session: session),
                now: now
            )
            context.metrics.recordSignIn(method: "sso")
            return redirect(
                AuthorizationResponse.success(
                    redirectURI: authorization.redirectURI,
                    code: code,
                    state: authorization.state,
                    issuer: issuer
                )
            )
        }
        if authorization.forbidsInteraction, session != nil, !silentSignInAllowed {
            // OpenID Connect Core §3.1.2.6: signed in, but this client needs the member on the page.
            let error = OAuthError(.interactionRequired, "this client cannot receive a code without the sign-in page")
            return redirect(
                AuthorizationResponse.error(
                    error,
                    redirectURI: authorization.redirectURI,
                    state: authorization.state,
                    issuer: issuer
                )
            )
        }
        if authorization.forbidsInteraction {
            // OpenID Connect Core §3.1.2.6: prompt=none and the member would have to sign in.
            let error = OAuthError(.loginRequired, "no single-sign-on session; sign-in is required")
            return redirect(
                AuthorizationResponse.error(
                    error,
                    redirectURI: authorization.redirectURI,
                    state: authorization.state,
                    issuer: issuer
                )
            )
        }
        let interaction = try await services.interactions.create(for: authorization, now: now)
        return redirect(context.url("/interaction/" + interaction.uid))
    }

    /// Whether a single-sign-on session may answer this client's request with a code at once
    /// (BRIEF: "any web client"). A native app's redirect can be claimed by any program on the
    /// device (a loopback port, a private-use scheme), so its requests always show the page:
    /// RFC 8252 §8.6, "SHOULD NOT process authorization requests automatically without user
    /// consent or interaction, except when the identity of the client can be assured".
    static func allowsSilentSignIn(_ client: Client) -> Bool {
        client.channel == .web
    }

    /// OpenID Connect Core §3.1.2.1 `max_age`: the member must have authenticated within that many
    /// seconds, or authenticate again.
    static func isFreshEnough(_ session: Session, maxAge: Int?, now: Date) -> Bool {
        guard let maxAge else { return true }
        return now.timeIntervalSince(session.authTime) <= TimeInterval(maxAge)
    }

    /// The grant of a code issued from a session (single sign-on): the session's member and methods.
    static func grant(for request: AuthorizationRequest, session: Session) -> AuthorizationGrant {
        AuthorizationGrant(
            clientID: request.clientID,
            redirectURI: request.redirectURIWasGiven ? request.redirectURI : nil,
            codeChallenge: request.codeChallenge,
            nonce: request.nonce,
            scope: request.scopeSet,
            memberID: session.memberID,
            sessionIDHash: session.idHash,
            amr: session.amr,
            authTime: session.authTime
        )
    }

    /// A redirect that no cache keeps: it carries a code or an interaction uid.
    static func redirect(_ location: String, status: HTTPStatus) -> HTTPResponse {
        HTTPResponse.redirect(to: location, status: status).noStore()
    }
}

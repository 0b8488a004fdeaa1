import FoundationEssentials
import OmniHTTP
import OmniID
import OmniLog

/// The sign-in interaction (BRIEF: Channel sign-in): the page at `GET /interaction/{uid}` and the JSON
/// calls it makes. The page is a thin client of these calls, in the manner of node-oidc-provider.
///
/// `POST /interaction/{uid}/qr` is a later issue and stays unregistered (404), which hides the page's
/// QR tab.
enum InteractionRoutes {
    static func register(_ router: inout Router, context: ServerContext, services: InteractionServices) {
        router.get("/interaction/:uid") { request in
            try await page(request, context: context, services: services)
        }
        InteractionOTPRoutes.register(&router, context: context, services: services)
    }

    static func page(
        _ request: HTTPRequest,
        context: ServerContext,
        services: InteractionServices
    ) async throws
        -> HTTPResponse
    {
        let interaction: Interaction
        do {
            interaction = try await services.interactions.find(uid: request.pathParameters["uid"] ?? "")
            try interaction.checkUsable(now: context.now())
        } catch let error as OAuthError {
            let status: HTTPStatus = error.code == .interactionNotFound ? .notFound : .badRequest
            return try InteractionPages.error(error, status: status, request: request)
        }
        let nonce = try CSPNonce.random()
        let authorization = interaction.request
        let page = SignInPage(
            uid: interaction.uid,
            clientName: context.clients.client(id: authorization.clientID)?.name ?? authorization.clientID,
            scopes: authorization.scopeSet.tokens,
            phone: authorization.loginHintPhone,
            language: PageLanguage.negotiate(acceptLanguage: request.headers["Accept-Language"]),
            nonce: nonce
        )
        return InteractionPages.response(page.render(), status: .ok, headers: SignInPage.headers(nonce: nonce))
    }
}

import FoundationEssentials
import OmniHTTP
import OmniID

extension Application {
    /// Every route of the server. Each concern registers its own routes from its own file.
    static func makeRouter(context: ServerContext) throws -> Router {
        var router = Router()
        OperationsRoutes.register(&router, context: context)
        JWKSRoute.register(&router, context: context)
        try TokenRoutes.register(&router, context: context)
        let interactionServices = SignInRoutes.register(&router, context: context)
        let wechat = WeChatClient(
            configuration: context.configuration.wechat,
            http: try HTTPClient(),
            logger: context.logger.named("wechat")
        )
        ChannelRoutes.register(
            &router,
            context: context,
            signIn: WeChatSignIn(wechat: wechat, database: context.database, codes: interactionServices.codes)
        )
        AccountRoutes.register(
            &router,
            context: context,
            account: MemberAccount(database: context.database, otp: interactionServices.otp),
            sms: interactionServices.sms
        )
        return router
    }

    /// Start-up work on the database before serving (client seeding and the like).
    static func prepare(_ context: ServerContext) async throws {
        try await context.clients.seed(
            context.configuration.clientRegistrations,
            into: context.database,
            now: context.now()
        )
    }
}

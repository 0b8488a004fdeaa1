import OmniHTTP

extension Application {
    /// Every route of the server. Each concern registers its own routes from its own file.
    static func makeRouter(context: ServerContext) throws -> Router {
        var router = Router()
        OperationsRoutes.register(&router, context: context)
        JWKSRoute.register(&router, context: context)
        try TokenRoutes.register(&router, context: context)
        SignInRoutes.register(&router, context: context)
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

import FoundationEssentials
import OmniHTTP
import OmniID

/// The sign-in side of the protocol: the authorization endpoint and the interaction under
/// `/interaction/{uid}` (BRIEF: Channel sign-in). The services are built once and shared by both.
enum SignInRoutes {
    /// Registers the routes and returns the services, which the channel and account routes share.
    @discardableResult
    static func register(_ router: inout Router, context: ServerContext) -> InteractionServices {
        let services = InteractionServices(context: context)
        AuthorizeRoute.register(&router, context: context, services: services)
        InteractionRoutes.register(&router, context: context, services: services)
        return services
    }
}

/// The domain services the authorization endpoint and the sign-in interaction share, built from the
/// configuration when the routes are registered.
struct InteractionServices: Sendable {
    /// A phone code lives 5 minutes (BRIEF: Channel sign-in).
    static let otpLifetime: TimeInterval = 300

    let interactions: InteractionStore
    let sessions: SessionStore
    let codes: AuthorizationCodeStore
    let otp: OTPService
    let sms: any SMSSender

    init(context: ServerContext) {
        let configuration = context.configuration
        interactions = InteractionStore(database: context.database)
        sessions = SessionStore(database: context.database, lifetime: TimeInterval(configuration.sessionTTL))
        codes = AuthorizationCodeStore(
            database: context.database,
            lifetime: TimeInterval(configuration.authorizationCodeTTL)
        )
        let limits = configuration.rateLimits
        otp = OTPService(
            database: context.database,
            secret: context.serverSecret,
            policy: OTPPolicy(
                lifetime: Self.otpLifetime,
                attemptsPerCode: limits.otpAttemptsPerCode,
                sendsPerPhonePerMinute: limits.otpSendsPerPhonePerMinute,
                sendsPerPhonePerDay: limits.otpSendsPerPhonePerDay,
                sendsPerIPPerHour: limits.otpSendsPerIPPerHour
            )
        )
        switch configuration.sms.sender {
        case .outbox(let path): sms = OutboxSMSSender(path: path)
        }
    }
}

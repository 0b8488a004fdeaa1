import FoundationEssentials
import OmniHTTP
import OmniID

/// The domain services the authorization endpoint and the sign-in interaction share, built once
/// from the configuration when the routes are registered.
struct InteractionServices: Sendable {
    let interactions: InteractionStore
    let sessions: SessionStore
    let codes: AuthorizationCodeStore
    let otp: OTPService
    let sms: any SMSSender

    init(context: ServerContext, sms: (any SMSSender)? = nil) {
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
                lifetime: 300,
                attemptsPerCode: limits.otpAttemptsPerCode,
                sendsPerPhonePerMinute: limits.otpSendsPerPhonePerMinute,
                sendsPerPhonePerDay: limits.otpSendsPerPhonePerDay,
                sendsPerIPPerHour: limits.otpSendsPerIPPerHour
            )
        )
        switch configuration.sms.sender {
        case .outbox(let path): self.sms = sms ?? OutboxSMSSender(path: path)
        }
    }
}

/// Server-rendered pages of the authorization flow.
enum InteractionPages {
    /// An HTML response with the page headers (CSP with this nonce, no framing, no caching).
    static func response(_ html: String, status: Int, headers: [(String, String)]) -> HTTPResponse {
        var response = HTTPResponse.html(html, status: HTTPStatus(code: status, reasonPhrase: reason(status)))
        for (name, value) in headers { try? response.headers.set(name, value) }
        return response
    }

    /// The error page: RFC 6749 §4.1.2.1 errors that must not be redirected, and dead interactions.
    static func error(_ error: OAuthError, status: Int, request: HTTPRequest) throws -> HTTPResponse {
        let nonce = try CSPNonce.random()
        let page = ErrorPage(
            error,
            status: status,
            language: PageLanguage.negotiate(acceptLanguage: request.headers["Accept-Language"]),
            nonce: nonce
        )
        return response(page.render(), status: status, headers: ErrorPage.headers(nonce: nonce))
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 404: "Not Found"
        default: "Bad Request"
        }
    }
}

extension HTTPRequest {
    /// The JSON body of an interaction call: another media type is 415; a malformed body or missing
    /// field is `invalid_request` (RFC 6749 §5.2 style JSON from the error boundary).
    func interactionBody<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try decodeJSON(type)
        } catch .unsupportedMediaType(let expected) {
            throw RequestBodyError.unsupportedMediaType(expected: expected)
        } catch {
            throw OAuthError.invalidRequest(error.publicMessage)
        }
    }
}

import OmniHTTP
import OmniID

/// Server-rendered pages of the authorization flow, with the page headers (CSP with a fresh nonce, no
/// framing, no caching).
enum InteractionPages {
    static func response(_ html: String, status: HTTPStatus, headers: [(String, String)]) -> HTTPResponse {
        var response = HTTPResponse.html(html, status: status)
        for (name, value) in headers { try? response.headers.set(name, value) }
        return response
    }

    /// The error page: RFC 6749 §4.1.2.1 errors that must not be redirected, and dead interactions.
    static func error(_ error: OAuthError, status: HTTPStatus, request: HTTPRequest) throws -> HTTPResponse {
        let nonce = try CSPNonce.random()
        let page = ErrorPage(
            error,
            status: status.code,
            language: PageLanguage.negotiate(acceptLanguage: request.headers["Accept-Language"]),
            nonce: nonce
        )
        return response(page.render(), status: status, headers: ErrorPage.headers(nonce: nonce))
    }
}

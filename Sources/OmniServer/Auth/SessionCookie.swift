import OmniHTTP

/// The single-sign-on cookie (BRIEF: Channel sign-in; issue 4: `HttpOnly`, `Secure` when the issuer is
/// https, `SameSite=Lax`).
enum SessionCookie {
    static let name = "omniid_session"

    /// `Lax` so that the cookie comes along on the top-level redirect from a shop to `/authorize`, and
    /// no further (RFC 6265bis §8.8.2). `Secure` follows the issuer, not the listener: behind a
    /// TLS-terminating gateway the listener is plain HTTP while browsers talk https.
    static func make(value: String, configuration: Configuration) -> SetCookie {
        var cookie = SetCookie(name: name, value: value, maxAge: configuration.sessionTTL)
        cookie.secure = configuration.issuer.lowercased().hasPrefix("https://")
        cookie.httpOnly = true
        cookie.sameSite = .lax
        cookie.path = "/"
        return cookie
    }

    /// The cookie value a request carries, if any.
    static func value(in request: HTTPRequest) -> String? {
        request.cookies[name]
    }
}

public import OmniID

/// The page for authorization errors that must not be redirected to the client (RFC 6749 §4.1.2.1: a missing,
/// invalid or mismatching redirect URI, or an unknown client), so the member reads them in the browser instead.
///
/// It has no script; the route sends it with ``headers(nonce:)`` and the status the caller chose.
public struct ErrorPage: Sendable {
    /// The HTTP status the route should answer with, e.g. 400; the page itself does not depend on it.
    public var status: Int
    /// The OAuth error code, e.g. `invalid_request`.
    public var error: String
    /// The `error_description`, written for the client's developer.
    public var description: String?
    public var language: PageLanguage
    public var nonce: CSPNonce

    public init(status: Int, error: String, description: String?, language: PageLanguage, nonce: CSPNonce) {
        self.status = status
        self.error = error
        self.description = description
        self.language = language
        self.nonce = nonce
    }

    public init(_ error: OAuthError, status: Int, language: PageLanguage, nonce: CSPNonce) {
        self.init(
            status: status,
            error: error.code.rawValue,
            description: error.detail,
            language: language,
            nonce: nonce
        )
    }

    /// The same headers as the sign-in page: the page must not be framed, cached or leak its URL.
    public static func headers(nonce: CSPNonce) -> [(String, String)] {
        PageHeaders.security(nonce: nonce)
    }

    /// The complete HTML5 document.
    public func render() -> String {
        let s = language.strings
        var details = "<dt>\(HTML.escape(s.errorCodeLabel))</dt><dd id=\"error-code\">\(HTML.escape(error))</dd>"
        if let description, !description.isEmpty {
            details +=
                "<dt>\(HTML.escape(s.errorDetailLabel))</dt><dd id=\"error-description\">\(HTML.escape(description))</dd>"
        }
        return """
            <!DOCTYPE html>
            <html lang="\(language.htmlLang)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
            <meta name="referrer" content="no-referrer">
            <meta name="robots" content="noindex, nofollow">
            <meta name="color-scheme" content="light dark">
            <title>\(HTML.escape(s.errorTitle))</title>
            <link rel="icon" href="data:,">
            <style nonce="\(nonce.value)">\(PageStyle.css)</style>
            </head>
            <body>
            <main class="card" id="error">
            \(PageChrome.header(clientName: "OmniShop", eyebrow: s.eyebrow))
            <h2 class="error-title">\(HTML.escape(s.errorTitle))</h2>
            <p>\(HTML.escape(s.errorBody))</p>
            <dl class="error-code">\(details)</dl>
            \(PageChrome.footer(s.footer))
            </main>
            </body>
            </html>

            """
    }
}

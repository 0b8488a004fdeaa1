/// The sign-in page at `GET /interaction/{uid}` (BRIEF: Channel sign-in): a thin client of the JSON endpoints
/// under `/interaction/{uid}`, in the manner of node-oidc-provider's interactions.
///
/// The page is rendered whole on the server and carries its data in `data-` attributes; its inline script (see
/// `SignInPage+Script.swift`) reads them and talks to `otp/send`, `otp/verify` and `qr`. Stable element ids for
/// browser tests: `phone`, `send-code`, `code`, `sign-in`, `status`, `tab-phone`, `tab-qr`, `qr-image`,
/// `qr-status`.
public struct SignInPage: Sendable {
    /// The interaction uid, the `{uid}` of every endpoint the page calls.
    public var uid: String
    /// The client's `name` from its registration, e.g. "OmniShop Web".
    public var clientName: String
    /// The requested scopes, in request order.
    public var scopes: [String]
    /// A phone number to prefill, from `login_hint` (OpenID Connect Core §3.1.2.1).
    public var phone: String?
    public var language: PageLanguage
    /// The nonce of this response; the same value must go into ``headers(nonce:)``.
    public var nonce: CSPNonce

    public init(
        uid: String,
        clientName: String,
        scopes: [String],
        phone: String? = nil,
        language: PageLanguage,
        nonce: CSPNonce
    ) {
        self.uid = uid
        self.clientName = clientName
        self.scopes = scopes
        self.phone = phone
        self.language = language
        self.nonce = nonce
    }

    /// The headers the route must send with the page (CSP with this response's nonce, no framing, no caching).
    public static func headers(nonce: CSPNonce) -> [(String, String)] {
        PageHeaders.security(nonce: nonce)
    }

    /// The human descriptions of the requested scopes, duplicates removed, unknown scopes verbatim (unescaped).
    public var scopeDescriptions: [String] {
        var seen: Set<String> = []
        return scopes.filter { seen.insert($0).inserted }.map { language.strings.describe(scope: $0) }
    }

    /// The complete HTML5 document.
    public func render() -> String {
        let s = language.strings
        let prefilled = phone ?? ""
        return """
            <!DOCTYPE html>
            <html lang="\(language.htmlLang)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
            <meta name="referrer" content="no-referrer">
            <meta name="robots" content="noindex, nofollow">
            <meta name="color-scheme" content="light dark">
            <title>\(HTML.escape(s.documentTitle)) · \(HTML.escape(clientName))</title>
            <link rel="icon" href="data:,">
            <style nonce="\(nonce.value)">\(PageStyle.css)</style>
            </head>
            <body>
            <main class="card" id="signin" data-uid="\(HTML.escape(uid))"\(messageAttributes(s))>
            \(PageChrome.header(clientName: clientName, eyebrow: s.eyebrow))
            \(scopeSection(s))
            <div class="tabs" role="tablist" id="tabs" hidden>
            <button type="button" role="tab" id="tab-phone" aria-controls="panel-phone" aria-selected="true">\
            \(HTML.escape(s.tabPhone))</button>
            <button type="button" role="tab" id="tab-qr" aria-controls="panel-qr" aria-selected="false" \
            tabindex="-1">\(HTML.escape(s.tabQR))</button>
            </div>
            <section id="panel-phone" role="tabpanel" aria-labelledby="tab-phone">
            <form id="phone-form" method="post" novalidate>
            <label for="phone">\(HTML.escape(s.phoneLabel))</label>
            <div class="row">
            <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" maxlength="32" \
            placeholder="\(HTML.escape(s.phonePlaceholder))" value="\(HTML.escape(prefilled))" \
            aria-describedby="status"\(prefilled.isEmpty ? " autofocus" : "")>
            <button type="submit" id="send-code" class="primary"\(prefilled.isEmpty ? "" : " autofocus")>\
            \(HTML.escape(s.sendCode))</button>
            </div>
            </form>
            <form id="code-form" method="post" novalidate hidden>
            <label for="code">\(HTML.escape(s.codeLabel))</label>
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" \
            maxlength="6" pattern="[0-9]{6}" placeholder="\(HTML.escape(s.codePlaceholder))" \
            aria-describedby="status">
            <button type="submit" id="sign-in" class="primary">\(HTML.escape(s.signIn))</button>
            </form>
            <p id="status" class="status" role="status" aria-live="polite"></p>
            <p class="note">\(HTML.escape(s.newMemberNote))</p>
            </section>
            <section id="panel-qr" role="tabpanel" aria-labelledby="tab-qr" hidden>
            <div class="qr-frame"><img id="qr-image" alt="\(HTML.escape(s.qrAlt))" width="208" height="208" \
            hidden></div>
            <p id="qr-status" class="status" role="status" aria-live="polite"></p>
            <button type="button" id="qr-refresh" class="secondary" hidden>\(HTML.escape(s.qrRefresh))</button>
            </section>
            <noscript><p class="status" data-kind="error">\(HTML.escape(s.noScript))</p></noscript>
            \(PageChrome.footer(s.footer))
            </main>
            <script nonce="\(nonce.value)">\(SignInPage.script)</script>
            </body>
            </html>

            """
    }

    private func scopeSection(_ s: PageStrings) -> String {
        let descriptions = scopeDescriptions
        guard !descriptions.isEmpty else { return "" }
        let intro = HTML.escape(s.scopeIntro).replacing(
            "{client}",
            with: "<strong>\(HTML.escape(clientName))</strong>"
        )
        let items = descriptions.map { "<li>\(HTML.escape($0))</li>" }.joined()
        return """
            <p class="intro" id="scope-intro">\(intro)</p>
            <ul class="scopes" aria-labelledby="scope-intro">\(items)</ul>
            """
    }

    /// The messages the script shows, as `data-msg-*` attributes: no text is ever interpolated into script.
    private func messageAttributes(_ s: PageStrings) -> String {
        let messages: [(String, String)] = [
            ("send-code", s.sendCode), ("resend", s.resend), ("resend-in", s.resendIn), ("sending", s.sending),
            ("sign-in", s.signIn), ("signing-in", s.signingIn), ("code-sent", s.codeSent),
            ("phone-required", s.phoneRequired), ("code-required", s.codeRequired),
            ("invalid-phone", s.invalidPhone), ("slow-down", s.slowDown), ("invalid-otp", s.invalidOTP),
            ("invalid-otp-one", s.invalidOTPOneLeft), ("invalid-otp-no-count", s.invalidOTPNoCount),
            ("otp-expired", s.otpExpired), ("interaction-expired", s.interactionExpired),
            ("network", s.networkFailure), ("server-error", s.serverError), ("signed-in", s.signedIn),
            ("qr-loading", s.qrLoading), ("qr-pending", s.qrPending), ("qr-scanned", s.qrScanned),
            ("qr-approved", s.qrApproved), ("qr-denied", s.qrDenied), ("qr-expired", s.qrExpired),
        ]
        return messages.map { " data-msg-\($0.0)=\"\(HTML.escape($0.1))\"" }.joined()
    }
}

/// The response headers every server-rendered page is sent with.
enum PageHeaders {
    /// The page loads nothing from anywhere: inline style and script carry the nonce, the QR code is a
    /// `data:` image, and the script only talks to its own origin.
    static func contentSecurityPolicy(nonce: CSPNonce) -> String {
        [
            "default-src 'none'",
            "script-src 'nonce-\(nonce.value)'",
            "style-src 'nonce-\(nonce.value)'",
            "img-src data:",
            "connect-src 'self'",
            "form-action 'self'",
            // RFC 6819 §4.4.1.9 and RFC 9700 §4.16: no framing of the sign-in page (clickjacking).
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ].joined(separator: "; ")
    }

    static func security(nonce: CSPNonce) -> [(String, String)] {
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Security-Policy", contentSecurityPolicy(nonce: nonce)),
            // For browsers that predate `frame-ancestors`.
            ("X-Frame-Options", "DENY"),
            // The page URL holds the interaction uid; never hand it to anyone else.
            ("Referrer-Policy", "no-referrer"),
            ("X-Content-Type-Options", "nosniff"),
            // RFC 6749 §5.1 asks the same of token responses; a sign-in page is per-request state.
            ("Cache-Control", "no-store"),
        ]
    }
}

/// The redirect that answers an authorization request (RFC 6749 §4.1.2, §4.1.2.1), always carrying
/// `iss` (RFC 9207 §2: "the authorization server MUST include the iss parameter in the authorization
/// response", errors included).
public enum AuthorizationResponse {
    /// `redirect_uri?code=…&state=…&iss=…`.
    public static func success(redirectURI: String, code: String, state: String?, issuer: String) -> String {
        url(redirectURI, [("code", code), ("state", state), ("iss", issuer)])
    }

    /// `redirect_uri?error=…&error_description=…&state=…&iss=…`.
    public static func error(_ error: OAuthError, redirectURI: String, state: String?, issuer: String) -> String {
        url(
            redirectURI,
            [
                ("error", error.code.rawValue), ("error_description", describable(error.detail)), ("state", state),
                ("iss", issuer),
            ]
        )
    }

    /// RFC 6749 §4.1.2.1: `error_description` is limited to %x20-21 / %x23-5B / %x5D-7E; anything else
    /// (an echoed parameter value) becomes `?`.
    static func describable(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.prefix(512).map { scalar in
                    let value = scalar.value
                    let allowed =
                        (0x20...0x21).contains(value) || (0x23...0x5B).contains(value)
                        || (0x5D...0x7E).contains(value)
                    return allowed ? scalar : "?"
                }
            )
        )
    }

    /// RFC 6749 §4.1.2: parameters are added to the query component "using the
    /// application/x-www-form-urlencoded format", keeping a query the URI already has (§3.1.2).
    static func url(_ base: String, _ parameters: [(String, String?)]) -> String {
        let query = parameters.compactMap { name, value in value.map { "\(name)=\(formEncode($0))" } }
            .joined(separator: "&")
        guard let mark = base.firstIndex(of: "?") else { return base + "?" + query }
        let existing = base[base.index(after: mark)...]
        return existing.isEmpty || existing.hasSuffix("&") ? base + query : base + "&" + query
    }

    /// Every byte but the RFC 3986 §2.3 unreserved ones as `%XX`, so nothing in a value can change
    /// the URI's structure.
    static func formEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

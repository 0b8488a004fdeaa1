/// The cookies a request carries (RFC 6265 §5.4): `name=value` pairs of every `Cookie` header line.
public struct HTTPCookies: Sendable, Equatable {
    /// The pairs in order; a name may repeat (different paths), the first is the most specific (§5.4 step 2).
    public let pairs: [(name: String, value: String)]

    /// Parses the `Cookie` header lines; malformed pieces (no `=`, empty name) are skipped as §5.2 does.
    public init(headers: HTTPHeaders) {
        var pairs: [(name: String, value: String)] = []
        for line in headers.values(for: "Cookie") {
            for piece in line.split(separator: ";") {
                guard let equals = piece.firstIndex(of: "=") else { continue }
                let name = HTTPHeaders.trimmed(String(piece[..<equals]))
                var value = HTTPHeaders.trimmed(String(piece[piece.index(after: equals)...]))
                guard !name.isEmpty else { continue }
                // RFC 6265 §4.1.1: cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE ).
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast())
                }
                pairs.append((name, value))
            }
        }
        self.pairs = pairs
    }

    /// The first value of the cookie `name`, or nil.
    public subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Compares names and values in order.
    public static func == (lhs: HTTPCookies, rhs: HTTPCookies) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// A `Set-Cookie` header (RFC 6265 §4.1), with safe defaults: `Path=/`, `HttpOnly`, `Secure`, `SameSite=Lax`.
public struct SetCookie: Sendable, Equatable {
    /// RFC 6265bis §4.1.2.7.
    public enum SameSite: String, Sendable {
        /// Sent only on same-site requests.
        case strict = "Strict"
        /// Also sent on top-level cross-site navigations (the sign-in redirect back).
        case lax = "Lax"
        /// Sent everywhere; browsers require `Secure` with it.
        case none = "None"
    }

    /// The cookie name (a token).
    public var name: String
    /// The cookie value (cookie-octets; encode anything else, e.g. base64url).
    public var value: String
    /// `Path`, default `/`.
    public var path: String? = "/"
    /// `Domain`, default none (host-only cookie).
    public var domain: String?
    /// `Max-Age` in seconds; 0 deletes the cookie; nil makes a session cookie.
    public var maxAge: Int?
    /// `Secure`.
    public var secure = true
    /// `HttpOnly`.
    public var httpOnly = true
    /// `SameSite`.
    public var sameSite: SameSite? = .lax

    /// A cookie with the safe defaults.
    public init(name: String, value: String, maxAge: Int? = nil) {
        self.name = name
        self.value = value
        self.maxAge = maxAge
    }

    /// The header value, validated so that no attribute can be injected (RFC 6265 §4.1.1).
    public func headerValue() throws(SetCookieError) -> String {
        guard ByteClass.isToken(name) else { throw .invalidName }
        // cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
        guard value.utf8.allSatisfy(Self.isCookieOctet) else { throw .invalidValue }
        var result = "\(name)=\(value)"
        if let path {
            guard path.utf8.allSatisfy(Self.isAttributeOctet) else { throw .invalidAttribute("Path") }
            result += "; Path=\(path)"
        }
        if let domain {
            guard !domain.isEmpty, domain.utf8.allSatisfy(Self.isAttributeOctet) else {
                throw .invalidAttribute("Domain")
            }
            result += "; Domain=\(domain)"
        }
        if let maxAge { result += "; Max-Age=\(max(0, maxAge))" }
        if secure { result += "; Secure" }
        if httpOnly { result += "; HttpOnly" }
        if let sameSite {
            // RFC 6265bis §4.1.2.7: SameSite=None without Secure is rejected by browsers.
            guard sameSite != .none || secure else { throw .sameSiteNoneRequiresSecure }
            result += "; SameSite=\(sameSite.rawValue)"
        }
        return result
    }

    private static func isCookieOctet(_ byte: UInt8) -> Bool {
        byte == 0x21 || (0x23...0x2B).contains(byte) || (0x2D...0x3A).contains(byte) || (0x3C...0x5B).contains(byte)
            || (0x5D...0x7E).contains(byte)
    }

    /// RFC 6265 §4.1.1: av-octet = any CHAR except CTLs or ";".
    private static func isAttributeOctet(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: ";")
    }
}

/// A `Set-Cookie` that cannot be written safely.
public enum SetCookieError: Error, Sendable, Equatable {
    /// The name is not a token.
    case invalidName
    /// The value has characters outside cookie-octet (space, `;`, `,`, `"`, `\`, controls, non-ASCII).
    case invalidValue
    /// An attribute value contains `;` or a control character.
    case invalidAttribute(String)
    /// `SameSite=None` needs `Secure`.
    case sameSiteNoneRequiresSecure
}
